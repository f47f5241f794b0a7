#!/usr/bin/env python3
"""parlab bench peer: the course's "sum of 1..N" in Python, plus what a Python user would reach for.

Modes (each returns exactly N * (N + 1) // 2, or the run reports an error):
  for-loop       the course's sequential version: one Python for-loop
  pool           the course's parallel version: multiprocessing.Pool(cpu_count()) over cpu_count() chunks,
                 each chunk a for-loop (pool start included, as in the course)
  asyncio        the course's concurrent version: asyncio.gather over cpu_count() chunk coroutines
  numpy-arange   numpy.arange(1, N + 1, dtype=int64).sum() (allocation and fill included)
  numpy-sum      numpy's sum() of a float64 array of 1..N built beforehand (the same 8 * N bytes that
                 parlab's sequentialSum reads)
  builtin        sum(range(1, N + 1))

Usage:
  python3 sum.py [--n N] [--reps R] [MODE ...]   run the modes (all by default), print one JSON object
  python3 sum.py --serve [--n N]                 for `npm run bench`: print a JSON header line, then answer
                                                 each request line {"mode": M} with {"mode": M, "seconds": S}

Seconds are the computation alone, timed inside Python with time.perf_counter(). The numpy modes are
skipped (with the reason) when numpy does not import; everything else needs only the standard library.
"""

import asyncio
import json
import platform
import sys
import time
from multiprocessing import Pool, cpu_count

N = 10_000_000
MODES = ["for-loop", "pool", "asyncio", "numpy-arange", "numpy-sum", "builtin"]

try:
    import numpy as np

    NUMPY_ERROR = None
except Exception as error:  # ImportError, or a broken install
    np = None
    NUMPY_ERROR = "%s: %s" % (type(error).__name__, error)


def chunks(n, k):
    """The course's chunks, except that the last one takes the remainder (the course's drops it)."""
    size = n // k
    return [(j * size + 1, n + 1 if j == k - 1 else (j + 1) * size + 1) for j in range(k)]


def sum_range(bounds):
    start, end = bounds
    total = 0
    for i in range(start, end):
        total += i
    return total


def for_loop(n):
    total = 0
    for i in range(1, n + 1):
        total += i
    return total


def pool(n):
    k = cpu_count()
    with Pool(k) as workers:
        return sum(workers.map(sum_range, chunks(n, k)))


async def sum_chunk(bounds):
    return sum_range(bounds)


async def gather_chunks(n):
    return sum(await asyncio.gather(*(sum_chunk(bounds) for bounds in chunks(n, cpu_count()))))


def asyncio_sum(n):
    return asyncio.run(gather_chunks(n))


def numpy_arange(n):
    return int(np.arange(1, n + 1, dtype=np.int64).sum())


_prebuilt = {}


def numpy_sum(n):
    return int(_prebuilt[n].sum())


def builtin(n):
    return sum(range(1, n + 1))


FUNCTIONS = {
    "for-loop": for_loop,
    "pool": pool,
    "asyncio": asyncio_sum,
    "numpy-arange": numpy_arange,
    "numpy-sum": numpy_sum,
    "builtin": builtin,
}


def header(n):
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "executable": sys.executable,
        "cpu_count": cpu_count(),
        "n": n,
        "numpy": np.__version__ if np is not None else None,
        "numpy_error": NUMPY_ERROR,
        "modes": MODES,
    }


def measure(mode, n):
    """One timed run: {"seconds": S, "total": T}, or {"skipped": why} / {"error": what}."""
    if mode not in FUNCTIONS:
        return {"error": "unknown mode %r (expected one of %s)" % (mode, ", ".join(MODES))}
    if mode.startswith("numpy") and np is None:
        return {"skipped": "numpy does not import (%s)" % NUMPY_ERROR}
    if mode == "numpy-sum" and n not in _prebuilt:
        _prebuilt[n] = np.arange(1, n + 1, dtype=np.float64)  # built once, outside the timed span
    try:
        start = time.perf_counter()
        total = FUNCTIONS[mode](n)
        seconds = time.perf_counter() - start
    except Exception as error:
        return {"error": "%s: %s" % (type(error).__name__, error)}
    expected = n * (n + 1) // 2
    if total != expected:
        return {"error": "got %d, expected %d" % (total, expected)}
    return {"seconds": seconds, "total": total}


def serve(n):
    print(json.dumps(dict(header(n), ready=True)), flush=True)
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        try:
            request = json.loads(line)
        except ValueError as error:
            print(json.dumps({"error": "bad request: %s" % error}), flush=True)
            continue
        if request.get("quit"):
            break
        mode = request.get("mode")
        print(json.dumps(dict(measure(mode, int(request.get("n", n))), mode=mode)), flush=True)


def main(argv):
    n, reps, modes, serving = N, 1, [], False
    args = iter(argv)
    for arg in args:
        if arg == "--serve":
            serving = True
        elif arg == "--n":
            n = int(next(args))
        elif arg == "--reps":
            reps = int(next(args))
        elif arg in ("-h", "--help"):
            print(__doc__)
            return 0
        elif arg in FUNCTIONS:
            modes.append(arg)
        else:
            print("sum.py: unknown argument %r; modes: %s" % (arg, ", ".join(MODES)), file=sys.stderr)
            return 2
    if serving:
        serve(n)
        return 0
    results = {}
    for mode in modes or MODES:
        runs = [measure(mode, n) for _ in range(reps)]
        failed = next((run for run in runs if "seconds" not in run), None)
        results[mode] = failed if failed else {"seconds": [run["seconds"] for run in runs], "total": runs[0]["total"]}
    print(json.dumps(dict(header(n), results=results), indent=2))
    return 1 if any("error" in result for result in results.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
