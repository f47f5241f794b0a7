#!/usr/bin/env python3
"""parlab bench peer: the course's access-log exercise in Python, rebuilt as the course describes it.

  python3 access_logs.py seq  FILE    the course's sequential version: `for line in f`, re.match per line,
                                      strptime/strftime for the hour, Counter aggregation
  python3 access_logs.py pool FILE    the course's parallel version: f.readlines(), cpu_count() chunks of lines,
                                      multiprocessing.Pool(cpu_count()).map, Counters merged

Each prints one JSON object: lines read, lines the regex matched, top 5 resources, requests per hour ("%H" of the
parsed timestamp), top 5 user agents, the seconds of the work (time.perf_counter() around it, Pool start
included) and the peak resident memory of the process and its children, in MB.

The regex and the strptime/strftime calls are the course's, unchanged. One change: the file is opened with
errors="replace", as the generated data holds a few bytes that are not UTF-8 (the course's open() would stop
there with a UnicodeDecodeError; the real Zanbil log is ASCII, as nginx escapes other bytes).
"""

import json
import re
import resource
import sys
import time
from collections import Counter
from datetime import datetime
from multiprocessing import Pool, cpu_count

LOG_PATTERN = re.compile(
    r'(?P<ip>\S+) - - \[(?P<timestamp>[^\]]+)\] "(?P<method>\S+) (?P<resource>\S+) (?P<http_version>\S+)" '
    r'(?P<status>\d+) (?P<size>\S+) "-" "(?P<user_agent>[^"]+)" "-"'
)


def parse_log_line(line):
    match = LOG_PATTERN.match(line)
    if match:
        return match.groupdict()
    return None


def process_lines(lines):
    resources, hours, agents = Counter(), Counter(), Counter()
    matched = 0
    for line in lines:
        entry = parse_log_line(line)
        if entry is None:
            continue
        matched += 1
        resources[entry["resource"]] += 1
        hour = datetime.strptime(entry["timestamp"], "%d/%b/%Y:%H:%M:%S %z").strftime("%H")
        hours[hour] += 1
        agents[entry["user_agent"]] += 1
    return matched, resources, hours, agents


def sequential(path):
    resources, hours, agents = Counter(), Counter(), Counter()
    matched = total = 0
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        for line in f:
            total += 1
            entry = parse_log_line(line)
            if entry is None:
                continue
            matched += 1
            resources[entry["resource"]] += 1
            hour = datetime.strptime(entry["timestamp"], "%d/%b/%Y:%H:%M:%S %z").strftime("%H")
            hours[hour] += 1
            agents[entry["user_agent"]] += 1
    return total, matched, resources, hours, agents


def parallel(path):
    with open(path, "r", encoding="utf-8", errors="replace") as f:
        lines = f.readlines()
    n = cpu_count()
    chunk_size = len(lines) // n + 1
    chunks = [lines[i:i + chunk_size] for i in range(0, len(lines), chunk_size)]
    with Pool(n) as pool:
        results = pool.map(process_lines, chunks)
    resources, hours, agents = Counter(), Counter(), Counter()
    matched = 0
    for m, r, h, a in results:
        matched += m
        resources.update(r)
        hours.update(h)
        agents.update(a)
    return len(lines), matched, resources, hours, agents


def peak_rss_mb():
    # VmHWM for this process: getrusage keeps the parent's peak across exec (a Node parent's, when run by the bench).
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status") as status:
            own = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration):
        pass
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return round(max(own, children) / 1024, 1)


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("seq", "pool"):
        print("usage: access_logs.py seq|pool FILE", file=sys.stderr)
        return 2
    mode, path = sys.argv[1], sys.argv[2]
    start = time.perf_counter()
    total, matched, resources, hours, agents = (sequential if mode == "seq" else parallel)(path)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "mode": mode,
        "lines": total,
        "matched": matched,
        "top5_resources": resources.most_common(5),
        "requests_per_hour": dict(sorted(hours.items())),
        "top5_user_agents": agents.most_common(5),
        "seconds": seconds,
        "max_rss_mb": peak_rss_mb(),
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
