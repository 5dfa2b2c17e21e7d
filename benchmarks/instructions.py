"""Work per page as CPU instructions, counted by valgrind: the build's per-document work against
bare `jieba.lcut`, on generated pages (run.make_pages).

    python benchmarks/instructions.py [--pages 10]

Wall times on this machine move by 10-40% within minutes (other tenants), which hides a change
of a few percent and makes one run's build-vs-jieba ratio uncertain. Instruction counts do not
move: the same code on the same pages gives the same count to about 0.1%. Each side runs twice
under `valgrind --tool=callgrind`, once with no pages and once with N, after the same warm-up
(dictionaries loaded, one page done), so the difference divided by N is the work of one page.
The build's side is `pipeline.stage_document` with a cold build cache: everything a build worker
does for a page (load, clean, split, sentences, tokens, figures, subjects, CSV, cache, part file).

Valgrind is not needed by `make test` or `make report`; install it to run this (apt-get install
valgrind). Counting 10 pages takes about two minutes per side.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from run import make_pages

from helpers import paths

SIDES = ("jieba", "build")
# The page done before counting starts: its dictionaries and first-use work are not a page's.
WARM_UP_PAGE = 0


def child(side: str, files: list[Path]) -> None:
    """The work counted: the warm-up, then `side` on each of `files`."""
    warm, pages = files[WARM_UP_PAGE], files[WARM_UP_PAGE + 1:]
    if side == "jieba":
        import jieba

        jieba.initialize()
        for f in [warm, *pages]:
            jieba.lcut(f.read_text(encoding="utf-8"))
        return
    from helpers import pipeline

    parts = Path(tempfile.mkdtemp())
    pipeline._warm_up()
    for i, f in enumerate([warm, *pages]):
        part, _ = pipeline.stage_document(f, f"d{i:05d}", True, parts)
        part.unlink()
    shutil.rmtree(parts)


def count(side: str, files: list[Path], cache: Path) -> int:
    """Instructions of one child run (valgrind's "Collected" total)."""
    shutil.rmtree(cache / "build", ignore_errors=True)
    env = {**os.environ, "HELPERS_CACHE": str(cache), "PYTHONHASHSEED": "0"}
    args = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, __file__,
            "--child", side, *map(str, files)]
    out = subprocess.run(args, env=env, capture_output=True, text=True)
    found = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or not found:
        raise SystemExit(f"valgrind run failed: {out.stderr[-500:]}")
    return int(found.group(1))


def per_page(side: str, files: list[Path], cache: Path) -> float:
    """Instructions per page, in millions: (N pages − none) / N."""
    n = len(files) - 1 - WARM_UP_PAGE
    base = count(side, files[:WARM_UP_PAGE + 1], cache)
    return (count(side, files, cache) - base) / n / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], [Path(p) for p in args.child[1:]])
        return 0
    if not shutil.which("valgrind"):
        print("error: valgrind is not installed (apt-get install valgrind)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        files = make_pages(args.pages + 1, Path(tmp))
        cache = Path(tmp) / "cache"
        shutil.copytree(paths.CACHE / "jieba", cache / "jieba")  # jieba's dictionary cache, as make install leaves it
        counts = {side: per_page(side, files, cache) for side in SIDES}
    print(f"instructions per page, millions ({args.pages} generated pages):")
    for side in SIDES:
        print(f"  {side}: {counts[side]:.1f}")
    cores = os.cpu_count() or 1
    print(f"bare jieba / build: {counts['jieba'] / counts['build']:.2f} on one core; "
          f"{cores * counts['jieba'] / counts['build']:.2f} with the build on all {cores} cores, before its fixed start")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
