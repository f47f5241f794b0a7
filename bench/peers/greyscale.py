#!/usr/bin/env python3
"""parlab bench peer: the course's greyscale pass in Python (Pillow), for side-by-side figures.

Modes (each converts every .jpg/.jpeg directly in INPUT into OUTPUT, same names):
  seq    the course's loop: Image.open(p).convert("L").save(out, quality=Q), one image after another
  pool   the course's parallel version: multiprocessing.Pool(cpu_count()).map over the images
         (pool start included, as in the course)

The JPEG quality is the exercise's (90), not Pillow's default (75), so that both sides do the same work.

Usage:
  python3 greyscale.py MODE INPUT OUTPUT           one run; prints one JSON object
  python3 greyscale.py --serve                     for `npm run bench`: a JSON header line, then one reply per
                                                   request line {"mode": M, "input": I, "output": O}
Seconds are timed inside Python with time.perf_counter(); needs Pillow (Debian: python3-pil).
"""

import json
import os
import platform
import sys
import time
from multiprocessing import Pool, cpu_count

QUALITY = 90
MODES = ["seq", "pool"]

try:
    import PIL
    from PIL import Image

    PIL_ERROR = None
except Exception as error:  # ImportError, or a broken install
    PIL = None
    PIL_ERROR = "%s: %s" % (type(error).__name__, error)


def to_grey(job):
    src, dst = job
    Image.open(src).convert("L").save(dst, quality=QUALITY)


def jobs_of(indir, outdir):
    names = sorted(
        f for f in os.listdir(indir) if f.lower().endswith((".jpg", ".jpeg")) and not f.startswith(".")
    )
    return [(os.path.join(indir, f), os.path.join(outdir, f)) for f in names]


def measure(mode, indir, outdir):
    if PIL is None:
        return {"skipped": "Pillow does not import (%s)" % PIL_ERROR}
    if mode not in MODES:
        return {"error": "unknown mode %r (expected one of %s)" % (mode, ", ".join(MODES))}
    try:
        os.makedirs(outdir, exist_ok=True)
        jobs = jobs_of(indir, outdir)
        start = time.perf_counter()
        if mode == "seq":
            for job in jobs:
                to_grey(job)
        else:
            with Pool(cpu_count()) as pool:
                pool.map(to_grey, jobs)
        seconds = time.perf_counter() - start
    except Exception as error:
        return {"error": "%s: %s" % (type(error).__name__, error)}
    return {"mode": mode, "seconds": seconds, "images": len(jobs)}


def header():
    return {
        "python": platform.python_version(),
        "executable": sys.executable,
        "cpu_count": cpu_count(),
        "pillow": PIL.__version__ if PIL is not None else None,
        "pillow_error": PIL_ERROR,
        "quality": QUALITY,
        "modes": MODES,
    }


def serve():
    print(json.dumps(header()), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        if request.get("quit"):
            break
        print(json.dumps(measure(request["mode"], request["input"], request["output"])), flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--serve"]:
        serve()
    else:
        print(json.dumps(measure(*sys.argv[1:4])))
