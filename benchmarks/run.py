"""Time every stage of the pipeline against bare jieba.lcut over the same pages.

    python benchmarks/run.py [--pages 100 300 1000] [--rounds 3] [--write]

Pages are made from the sample page and the fixtures: their paragraph blocks are shuffled across
pages and every number is redrawn, so no two pages are the same text. `--write` records the
results and the machine in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from helpers import paths

SOURCES = [paths.SEEDS / "000_aca574e4d70bbf4d.txt", paths.FIXTURES / "headline_first.txt"]


# Generated pages are dated across one year and alternate between two papers, as a year of two
# dailies would be, so that the notebooks' trends and per-paper comparisons have something to show.
PAPERS = ("重庆日报", "人民日报")
FIRST_DAY = date(2024, 1, 1)
RUNNING_HEAD = re.compile(r"日报 \d{4}年\d{1,2}月\d{1,2}日")


def source_line(i: int, n: int) -> str:
    """The source line of the i-th of n pages: its paper, its date within the year, its page."""
    day = FIRST_DAY + timedelta(days=i * 365 // max(n, 1))
    return f"《{PAPERS[i % len(PAPERS)]}》（{day.year}年{day.month}月{day.day}日 第 {i % 8 + 1} 版）"


def make_pages(n: int, folder: Path, seed: int = 0) -> list[Path]:
    """n varied pages of about the sample page's size, written to `folder`, each with a source line."""
    rng = random.Random(seed)
    blocks = [b for src in SOURCES for b in src.read_text(encoding="utf-8").split("\n\n")
              if b.strip() and not RUNNING_HEAD.search(b)]  # each page states its own paper and date
    target = len(SOURCES[0].read_text(encoding="utf-8"))
    files = []
    for i in range(n):
        parts, size = [], 0
        while size < target:
            block = re.sub(r"\d+", lambda m: str(rng.randint(1, 10 ** len(m.group(0)))), rng.choice(blocks))
            parts.append(block)
            size += len(block)
        path = folder / f"page{i:05d}.txt"
        path.write_text(source_line(i, n) + "\n\n" + "\n\n".join(parts) + "\n", encoding="utf-8")
        files.append(path)
    return files


def timed(fn):
    start = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - start


def bare_jieba(files: list[Path]) -> float:
    """What a researcher would write: a loop of jieba.lcut over the files, one process."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    _, seconds = timed(lambda: [jieba.lcut(f.read_text(encoding="utf-8")) for f in files])
    return seconds


def stages(files: list[Path]) -> dict[str, float]:
    """Each stage in this process, one core, cache off, with the garbage collector set as in the
    build's workers (bare jieba, timed elsewhere in this process, keeps Python's default)."""
    import gc

    default = gc.get_threshold()
    try:
        from helpers.pipeline import _worker_init

        _worker_init()
        return _timed_stages(files)
    finally:
        gc.set_threshold(*default)


def _timed_stages(files: list[Path]) -> dict[str, float]:
    from helpers import articles, corpus, figures, keywords, loading, segment, themes

    segment.tokenizer(True), segment._tag_table(True), segment.cut("预热")  # load dictionaries first
    out = {}
    docs, out["load"] = timed(lambda: [loading.load_document(f) for f in files])
    _, out["clean"] = timed(lambda: [articles.clean_text(d.text) for d in docs])
    _, out["articles"] = timed(lambda: [articles.split_document(d.text, d.doc_id) for d in docs])
    tables = corpus.frames(docs)
    tables["tokens"], out["segment"] = timed(lambda: segment.token_table(tables["sentences"]))
    tables["figures"], out["figures"] = timed(lambda: figures.figures_table(tables["sentences"]))
    _, out["keywords"] = timed(lambda: keywords.keyword_table(tables, "tfidf", 10))
    _, out["themes"] = timed(lambda: themes.theme_scores(tables["tokens"], tables["articles"]))
    return out


def build_cli(seeds: Path, jobs: int) -> tuple[float, float]:
    """Wall time and peak memory (MiB, largest single process) of `python -m helpers build`."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "HELPERS_CACHE": str(Path(tmp) / "cache"), "PYTHONHASHSEED": "0"}
        # the build cache is cold; jieba's own dictionary cache is shared so its one-off building is not counted
        env_cache = Path(tmp) / "cache" / "jieba"
        env_cache.mkdir(parents=True)
        for f in (paths.CACHE / "jieba").glob("*"):
            (env_cache / f.name).write_bytes(f.read_bytes())
        args = [sys.executable, "-m", "helpers", "build", "--seeds", str(seeds), "--corpus",
                str(Path(tmp) / "corpus"), "--jobs", str(jobs)]
        # A small go-between process starts the build and reports its time and peak memory: a child
        # started straight from this (large) process would be charged this process's pages.
        probe = ("import json, os, sys, time\n"
                 "t = time.perf_counter()\n"
                 "pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ)\n"
                 "_, status, usage = os.wait4(pid, 0)\n"
                 "print(json.dumps([time.perf_counter() - t, usage.ru_maxrss, status]))\n")
        out = subprocess.run([sys.executable, "-c", probe, *args], env=env, capture_output=True, text=True)
        seconds, maxrss, status = json.loads(out.stdout.strip().splitlines()[-1])
        if status != 0:
            raise SystemExit(f"build failed with status {status}: {out.stderr[-500:]}")
    return seconds, maxrss / 1024


def measure(n: int, rounds: int) -> dict:
    """Build and bare jieba in alternation, `rounds` times each: this machine's speed drifts by
    10-20% over a minute (other tenants), so each is reported as its median over the rounds."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        files = make_pages(n, folder)
        chars = sum(len(f.read_text(encoding="utf-8")) for f in files)
        builds, peaks, bares = [], [], []
        for _ in range(rounds):
            seconds, peak = build_cli(folder, jobs=0)
            builds.append(seconds)
            peaks.append(peak)
            bares.append(bare_jieba(files))
        row = {"pages": n, "chars": chars, "build": statistics.median(builds), "build_peak_mib": max(peaks),
               "bare_jieba": statistics.median(bares),
               "ratios": sorted(b / s for b, s in zip(bares, builds))}
        row.update(stages(files) if n <= 300 else {})
        return row


def report(rows: list[dict]) -> str:
    lines = ["| pages | M chars | bare jieba.lcut s (M chars/s) | build s (M chars/s) | build vs bare | "
             "each round | peak MiB |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        mc = r["chars"] / 1e6
        lines.append(f"| {r['pages']} | {mc:.1f} | {r['bare_jieba']:.1f} ({mc / r['bare_jieba']:.2f}) | "
                     f"{r['build']:.1f} ({mc / r['build']:.2f}) | {r['bare_jieba'] / r['build']:.2f}× faster | "
                     f"{' '.join(f'{x:.2f}' for x in r['ratios'])} | {r['build_peak_mib']:.0f} |")
    staged = [r for r in rows if "segment" in r]
    if staged:
        r = staged[-1]
        mc = r["chars"] / 1e6
        lines += ["", f"Stages on {r['pages']} pages, one process, cache off (M chars/s):", "",
                  "| stage | seconds | M chars/s |", "| --- | --- | --- |"]
        for stage in ["load", "clean", "articles", "segment", "figures", "keywords", "themes"]:
            lines.append(f"| {stage} | {r[stage]:.2f} | {mc / r[stage]:.2f} |")
        lines.append(f"| bare jieba.lcut | {r['bare_jieba']:.2f} | {mc / r['bare_jieba']:.2f} |")
    return "\n".join(lines)


def machine() -> str:
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.platform()}, segmenter {os.environ.get('HELPERS_SEGMENTER', 'rjieba')}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--rounds", type=int, default=3, help="build and bare jieba runs, alternating")
    parser.add_argument("--write", action="store_true", help="record results in benchmarks/README.md")
    args = parser.parse_args()
    rows = []
    for n in args.pages:
        rows.append(measure(n, args.rounds))
        print(f"{n} pages done", file=sys.stderr)
    text = report(rows)
    print(text)
    if args.write:
        record("Results", f"Machine: {machine()}; {time.strftime('%Y-%m-%d')}.\n\n{text}")
    return 0


def record(title: str, body: str) -> None:
    """Put `body` under "## title" in benchmarks/README.md, in place of what was there up to the
    next section (the other sections are kept), or at the end when there is no such section."""
    readme = paths.BENCHMARKS / "README.md"
    old = readme.read_text(encoding="utf-8") if readme.is_file() else "# Benchmarks\n"
    section = f"## {title}\n\n{body}\n"
    pattern = re.compile(rf"^## {re.escape(title)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: section + "\n", old, count=1) if pattern.search(old) \
        else old.rstrip("\n") + "\n\n" + section
    readme.write_text(new.rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
