"""The whole path on generated pages: build, every notebook, the index and article pages, beside
bare jieba.lcut over the same pages in the same run.

    python benchmarks/report_path.py [--pages 100 1000 3000] [--write]

Each size runs `python -m helpers report` once with a cold build cache, through a go-between process
that reports the wall time and the peak memory of the largest single process (the report process or a
notebook's kernel). The report's own log gives each stage's time. `--write` records the table in
benchmarks/README.md under "The whole path".
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import bare_jieba, machine, make_pages, record  # noqa: E402

from helpers import paths  # noqa: E402

STAGE = re.compile(r"^\[\d+/\d+\] (?P<name>[\w-]+)\.ipynb … ok \((?P<s>[\d.]+) s\)", re.M)
# the go-between: its child's time, peak memory (largest process below it) and exit status
PROBE = ("import json, os, sys, time\n"
         "t = time.perf_counter()\n"
         "pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)\n"
         "_, status, usage = os.wait4(pid, 0)\n"
         "print(json.dumps([time.perf_counter() - t, usage.ru_maxrss, status]))\n")


def cold_env(tmp: Path) -> dict:
    """Environment with an empty build cache. jieba's dictionary cache and the static font are
    copied in, as a user has them: `make install` makes both once (`python -m helpers setup`)."""
    for part in ("jieba", "fonts"):
        cache = tmp / "cache" / part
        cache.mkdir(parents=True)
        for f in (paths.CACHE / part).glob("*"):
            (cache / f.name).write_bytes(f.read_bytes())
    return {**os.environ, "HELPERS_CACHE": str(tmp / "cache"), "PYTHONHASHSEED": "0"}


def whole_path(n: int, keep: Path | None = None) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seeds = tmp / "seeds"
        seeds.mkdir()
        files = make_pages(n, seeds)
        chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
        args = [sys.executable, "-m", "helpers", "report", "--seeds", str(seeds), "--out", str(tmp / "report")]
        run = subprocess.run([sys.executable, "-c", PROBE, *args], env=cold_env(tmp), capture_output=True,
                             text=True, cwd=paths.ROOT)
        seconds, maxrss, status = json.loads(run.stdout.strip().splitlines()[-1])
        if status != 0:
            raise SystemExit(f"report on {n} pages failed with status {status}: {run.stderr[-800:]}")
        log = run.stderr
        row = {"pages": n, "chars": chars, "report": seconds, "peak_mib": maxrss / 1024,
               "build": float(re.search(r"^build: ([\d.]+) s", log, re.M).group(1)),
               "pages_html": float(re.search(r"\(([\d.]+) s for the index and article pages\)", log).group(1)),
               "notebooks": {m["name"]: float(m["s"]) for m in STAGE.finditer(log)},
               "size_mib": sum(f.stat().st_size for f in (tmp / "report").rglob("*") if f.is_file()
                               and "corpus" not in f.parts) / 2 ** 20}
        row["bare_jieba"] = bare_jieba(files)
        if keep:  # the report, to look at (docs/screenshots.py); its corpus is left behind
            shutil.rmtree(keep, ignore_errors=True)
            shutil.copytree(tmp / "report", keep, ignore=shutil.ignore_patterns("corpus"))
        return row


def table(rows: list[dict]) -> str:
    names = list(rows[0]["notebooks"])
    head = (["pages", "M chars", "bare jieba.lcut s", "build s", "build vs bare"] + [f"{n[:2]} s" for n in names]
            + ["index + article pages s", "whole report s", "peak MiB", "report MiB (without corpus)"])
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for r in rows:
        cells = [f"{r['pages']:,}", f"{r['chars'] / 1e6:.1f}", f"{r['bare_jieba']:.1f}", f"{r['build']:.1f}",
                 f"{r['bare_jieba'] / r['build']:.2f}x", *(f"{r['notebooks'][n]:.1f}" for n in names),
                 f"{r['pages_html']:.1f}", f"{r['report']:.1f}", f"{r['peak_mib']:.0f}", f"{r['size_mib']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _seconds(row: dict, stage: str) -> float:
    return row["report"] if stage == "whole report" else row[stage]


def linearity(rows: list[dict]) -> str:
    """How well time = fixed + per page fits each stage (least squares over the sizes run): "linear"
    here means a constant start plus a constant cost per page, and the largest miss says how well."""
    if len(rows) < 3:
        return ""
    lines = []
    for stage in ("build", "pages_html", "whole report"):
        xs, ys = [r["pages"] for r in rows], [_seconds(r, stage) for r in rows]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        fixed = my - slope * mx
        miss = max(abs(y - (fixed + slope * x)) / y for x, y in zip(xs, ys))
        name = {"pages_html": "index + article pages"}.get(stage, stage)
        lines.append(f"- {name}: {fixed:.1f} s + {slope * 1000:.1f} s per 1,000 pages; "
                     f"the furthest size is {miss:.0%} off that line")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 1000, 3000])
    parser.add_argument("--write", action="store_true", help="record the table in benchmarks/README.md")
    parser.add_argument("--keep", type=Path, help="copy the largest report (without its corpus) here")
    args = parser.parse_args()
    rows = []
    for n in args.pages:
        rows.append(whole_path(n, args.keep if n == max(args.pages) else None))
        print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    text = table(rows)
    if fit := linearity(rows):
        text += "\n\nTime against pages, as a straight line:\n\n" + fit
    print(text)
    if args.write:  # replaces the section whole: notes written under its table are to be written again
        record("The whole path", f"{machine()}\n\n{text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
