"""Time, output size and peak memory of one page's build on hostile pages of growing size, to
show both stay proportional to the input (tests/test_reliability.py bounds the output only).

    .venv/bin/python benchmarks/hostile.py [--sizes 1000 2000 4000 8000]

Each run is a fresh process (peak memory is its own); results go to benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_RUN = """
import json, resource, sys, time
sys.path[:0] = [{root!r}, {tests!r}]
from pathlib import Path
from hostile_pages import hostile_page
from helpers.pipeline import render_csv
page = Path({path!r})
page.write_text(hostile_page({shape!r}, {size}, 1), encoding="utf-8")
t0 = time.perf_counter()
out = render_csv(page, "p", use_cache=False)
took = time.perf_counter() - t0
print(json.dumps({{"in": page.stat().st_size, "out": sum(len(h) + len(b) for _, h, b in out.values()),
                  "s": took, "mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def main() -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    from hostile_pages import SHAPES

    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 4000, 8000])
    args = ap.parse_args()
    print("| page | size | input | output | output/input | time | time per MB | peak memory |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in SHAPES:
            for size in args.sizes:
                code = ONE_RUN.format(root=str(ROOT), tests=str(ROOT / "tests"), path=f"{tmp}/p.txt", shape=shape, size=size)
                r = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
                print(f"| {shape} | {size} | {r['in'] / 1e6:.2f} MB | {r['out'] / 1e6:.1f} MB | {r['out'] / r['in']:.1f} "
                      f"| {r['s']:.2f} s | {r['s'] / (r['in'] / 1e6):.2f} s | {r['mib']:.0f} MiB |", flush=True)


if __name__ == "__main__":
    main()
