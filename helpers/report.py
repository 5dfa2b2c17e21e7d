"""Run the notebooks against a corpus and write offline HTML reports, or refresh stored outputs."""
from __future__ import annotations

import html
import os
import re
import subprocess
import sys
import time
from datetime import date
from functools import lru_cache
from pathlib import Path

import nbformat
import numpy as np

from . import outdir, paths
from .io import staged_dir, write_text_atomic

KERNEL = "python3"
# A cell on a very large corpus may run minutes; fifteen stops a hung kernel without cutting a real one short.
CELL_TIMEOUT = 900


def notebooks() -> list[Path]:
    return sorted(paths.NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))


def inject_parameters(nb, values: dict) -> None:
    """Insert a cell after the one tagged `parameters` that overrides its values (as papermill does)."""
    source = "# Injected parameters\n" + "".join(f"{k} = {v!r}\n" for k, v in values.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    cell.id = "injected-parameters"  # a fixed id, so two reports of the same corpus are the same bytes
    for i, c in enumerate(nb.cells):
        if "parameters" in c.get("metadata", {}).get("tags", []):
            nb.cells.insert(i + 1, cell)
            return
    nb.cells.insert(0, cell)


class NotebookFailed(Exception):
    def __init__(self, path: Path, cell: int, message: str):
        super().__init__(f"{paths.relative(path)}, cell {cell}: {message}")


def execute(nb, path: Path) -> None:
    """Execute in a fresh kernel with the notebook's folder as working directory."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    client = NotebookClient(nb, kernel_name=KERNEL, timeout=CELL_TIMEOUT, record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        # The kernel's own log (a warning about its local TCP transport) would drown the progress lines.
        client.execute(stderr=subprocess.DEVNULL)
    except CellExecutionError as err:
        index = next((i for i, c in enumerate(nb.cells) for o in c.get("outputs", []) if o.get("output_type") == "error"), -1)
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(err)).strip()  # tracebacks carry terminal colours
        last = text.splitlines()[-1] if text else type(err).__name__
        raise NotebookFailed(path, index + 1, last) from None


def _run_all(params: dict | None, log) -> tuple[list[tuple[Path, object]], int]:
    """Execute every notebook with a progress line each; (executed notebooks, number that failed)."""
    done, failures = [], 0
    books = notebooks()
    for k, path in enumerate(books, start=1):
        nb = nbformat.read(path, as_version=4)
        if params:
            inject_parameters(nb, params)
        started = time.monotonic()
        print(f"[{k}/{len(books)}] {path.name} …", end=" ", file=log, flush=True)
        try:
            execute(nb, path)
        except NotebookFailed as err:
            failures += 1
            print("failed", file=log)
            print(f"error: {err}", file=log)
            continue
        print(f"ok ({time.monotonic() - started:.1f} s)", file=log)
        done.append((path, nb))
    return done, failures


def refresh_notebooks(log=None) -> int:
    """Re-execute every notebook in place so its stored outputs match the current code and corpus."""
    log = log or sys.stderr
    done, failures = _run_all(None, log)
    for path, nb in done:
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)  # timings left by an interactive run
        write_text_atomic(path, nbformat.writes(nb) + "\n")
    return 1 if failures else 0


def html_exporter(with_code: bool = False):
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="offline", extra_template_basedirs=[str(paths.TEMPLATES)])
    exporter.exclude_input = not with_code
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    exporter.language_code = "zh"
    exporter.embed_images = True
    return exporter


_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)


def strip_css_comments(page: str) -> str:
    """Inlined JupyterLab CSS credits its sources in comments with web addresses; drop the comments
    so a page carries no network address at all."""
    return _STYLE.sub(lambda m: m.group(1) + re.sub(r"/\*.*?\*/", "", m.group(2), flags=re.S) + m.group(3), page)


EMBEDDED_FAMILY = "Report Noto Sans SC"


def font_face(chars: set[int]) -> str:
    """CSS that gives the page the project font, cut down to `chars` (code points), as a data URL.

    A reader whose machine has no Chinese font still sees glyphs, and nothing is fetched.
    """
    import base64
    import io

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .fonts import font_path

    font = TTFont(font_path(), recalcTimestamp=False)
    font["head"].modified = font["head"].created  # no date of this run or machine: same bytes every time
    options = subset.Options()
    options.layout_features = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.save(buf)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return (f'@font-face {{ font-family: "{EMBEDDED_FAMILY}"; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}\n'
            f'body, .jp-RenderedHTMLCommon, .jp-RenderedText pre, .jp-OutputArea-output pre, table, h1, h2, button, input, select '
            f'{{ font-family: "{EMBEDDED_FAMILY}", "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", '
            f'"PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }}\n'
            f'code, pre, kbd, samp {{ font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, '
            f'"{EMBEDDED_FAMILY}", monospace; }}\n'
            f'.jp-RenderedHTMLCommon td, .jp-RenderedHTMLCommon th {{ text-align: left !important; }}')


def _code_points(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _wide_chars(text: str) -> set[int]:
    return _beyond_ascii(np.unique(_code_points(text)))


def _beyond_ascii(code_points: np.ndarray) -> set[int]:
    """The code points the embedded font is cut down to: those beyond ASCII, since every browser has
    Latin glyphs and a page carries only what its reader may lack."""
    return set(code_points[code_points > 0x7F].tolist())


def embed_font(page: str) -> str:
    """The page with the project font embedded, cut down to the characters it uses."""
    chars = _wide_chars(page)
    if not chars:
        return page
    return page.replace("</head>", f'<style type="text/css">{font_face(chars)}</style>\n</head>', 1)


# Article pages share one font, cut down to the characters of all of them: a subset per page
# would cost seconds each and grow the report by the font's size for every article. Browsers
# refuse font files to pages opened from disk, but run scripts, so the font travels in a script.
ARTICLE_FONT = "font.js"


def article_font_script(chars: set[int]) -> str:
    """The JavaScript of articles/font.js: adds the shared font's CSS (`chars`, code points) to the
    page that loads it."""
    import json

    css = font_face(chars) if chars else ""
    return ("(function () {\n  var style = document.createElement(\"style\");\n"
            f"  style.textContent = {json.dumps(css)};\n  document.head.appendChild(style);\n}})();\n")


def local_paths_removed(page: str, seeds: Path, out: Path) -> str:
    """A report is sent to others: the folders of this machine (the seeds, the report, the
    project) are shown relative to themselves, never as absolute paths."""
    for folder in _local_folders(seeds, out):
        page = page.replace(folder + "/", "").replace(folder, ".")
    return page


@lru_cache(maxsize=4)
def _local_folders(seeds: Path, out: Path) -> tuple[str, ...]:
    """The folders, longest first; resolved once per report, not once per article page."""
    return tuple(str(p) for p in sorted({seeds.resolve(), out.resolve(), paths.ROOT}, key=lambda p: -len(str(p))))


def _summary(nb) -> str:
    """The first sentence of the notebook's purpose paragraph (its second markdown cell)."""
    texts = [c.source for c in nb.cells if c.cell_type == "markdown"]
    purpose = texts[1] if len(texts) > 1 else (texts[0] if texts else "")
    first = purpose.strip().split("\n")[0].replace("`", "")  # Markdown code marks read as plain text here
    if "。" in first:
        return first.split("。")[0] + "。"
    return first.split(". ")[0].rstrip(".") + "."


def _title(nb, path: Path) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("# "):
            return cell.source.splitlines()[0][2:].strip()
    return path.stem


_DISPATCH_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日(?:电|讯|从|在|获悉|消息)")


def dispatch_dates(articles) -> list[str]:
    """The dates stories were filed, from datelines and leads (新华社北京12月19日电, 记者12月19日从…)."""
    found = set()
    dates = articles["date"] if "date" in articles else [""] * len(articles)
    for credit, body, stated in zip(articles["credit"], articles["body"], dates):
        known_year = int(stated[:4]) if str(stated)[:4].isdigit() else 0  # the year the page states
        for year, month, day in _DISPATCH_DATE.findall(credit + "\n" + body[:80]):
            if _is_day(int(year or known_year or LEAP_YEAR), int(month), int(day)):
                found.add((int(year or known_year), int(month), int(day)))
    return [f"{y}年{m}月{d}日" if y else f"{m}月{d}日" for y, m, d in sorted(found)]


# Checks a month and day whose year is unknown: a leap year admits 2月29日.
LEAP_YEAR = 2024


def _is_day(year: int, month: int, day: int) -> bool:
    """Do the numbers name a day of the calendar (a garbled 99月77日 does not)?"""
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def document_name(doc) -> str:
    """What to call a document: its paper, date and page when the page states them, else its file
    name (never a hash or a path)."""
    named = " ".join(x for x in (doc.paper, doc.date, f"第{doc.edition_page}版" if doc.edition_page else "") if x)
    return named or Path(str(doc.path)).name


def findings(tables: dict) -> list[str]:
    """The main findings, as sentences generated from the tables: topics, what rose and fell, the
    largest sums, what the corpus emphasises."""
    from . import cap, themes
    from .labels import label, number

    arts = tables["articles"][tables["articles"]["kind"] == "article"]
    out = []
    top = cap.top_topics(tables["tokens"], arts)
    counts = top[top["cap_code"] != cap.NO_TOPIC]["cap_label"].value_counts()
    if len(counts):
        out.append("政策议题（CAP）：" + "，".join(f"“{t}” {n:,} 篇" for t, n in counts.head(5).items())
                   + f"；{int((top['cap_code'] == cap.NO_TOPIC).sum()):,} 篇证据不足，未归入议题。")
    figures = tables["figures"]
    for direction, verb in (("up", "上升"), ("down", "下降")):
        moved = figures[(figures["direction"] == direction) & (figures["subject"] != "")]
        if len(moved):
            shown = moved.drop_duplicates("subject").head(3)  # three indicators, not one indicator three times
            examples = "、".join(f"{s}（{x}）" for s, x in zip(shown["subject"], shown["surface"]))
            out.append(f"{verb}的指标 {len(moved):,} 个，如 {examples}。")
    money = figures[(figures["kind"] == "money") & (figures["currency"] == "CNY")]
    if len(money):
        big = money.drop_duplicates(["value", "subject"]).nlargest(3, "value")  # a story printed twice counts once
        out.append("最大的金额：" + "、".join(f"{number(v, '元')}（{s or '—'}）" for v, s in zip(big["value"], big["subject"]))
                   + "。")
    out.append(themes.page_summary(themes.theme_scores(tables["tokens"], tables["articles"]), tables["articles"]))
    return out


_INDEX_STYLE = """body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; line-height: 1.7; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .25em .6em; text-align: left; }
.findings li { margin-bottom: .4em; } .en { color: #666; font-style: italic; font-size: .9em; }"""


ARTICLE_DIR = "articles"  # per-article pages, beside the notebook pages


def article_file(k: int) -> str:
    """The page of the k-th article (from 1), relative to the report folder."""
    return f"{ARTICLE_DIR}/a{k:04d}.html"


def write_article_pages(tables, out: Path, seeds: Path, jobs: int = 0) -> int:
    """One page per article (article_pages.py) of the corpus `tables` (corpus.Tables), sharing
    one font (ARTICLE_FONT), written by batches in `jobs` processes (default: one per core). The
    folder is written aside and swapped in whole (io.staged_dir): one step for 40,000 pages
    instead of one per page, and no stale pages of an older report."""
    from .article_pages import prepare

    corpus = prepare(tables)
    seen = np.zeros(sys.maxunicode + 1, dtype=bool)  # the characters of all pages
    with staged_dir(out / ARTICLE_DIR) as stage:
        for used in _each_batch((corpus, stage, seeds, out), list(corpus.batches), jobs):
            seen[used] = True
        (stage / ARTICLE_FONT).write_text(article_font_script(_beyond_ascii(np.flatnonzero(seen))), encoding="utf-8")
    outdir.record(out, [ARTICLE_DIR])
    return len(corpus.articles)


def _write_batch(corpus, stage: Path, seeds: Path, out: Path, start: int) -> np.ndarray:
    """The pages of the batch of articles that begins at `start`; returns the code points they use."""
    from .article_pages import batch_views, page

    seen = np.zeros(sys.maxunicode + 1, dtype=bool)
    for k, view in enumerate(batch_views(corpus, start), start=start + 1):
        text = local_paths_removed(page(view), seeds, out).replace("</head>", _FONT_SCRIPT, 1)
        seen[_code_points(text)] = True  # a set of a 10,000-character page costs five times more
        (stage / Path(article_file(k)).name).write_text(text, encoding="utf-8")
    return np.flatnonzero(seen)


_FONT_SCRIPT = f'<script src="{ARTICLE_FONT}"></script>\n</head>'
# What forked workers write from: set just before they are forked, so they inherit it instead of
# receiving the corpus (gigabytes on a year of pages) through a pipe.
_BATCH_INPUTS: tuple = ()


def _write_batch_in_worker(start: int) -> np.ndarray:
    return _write_batch(*_BATCH_INPUTS, start)


def _each_batch(inputs: tuple, starts: list[int], jobs: int = 0):
    """_write_batch(*inputs, start) for each start: in this process for one batch or one core,
    else in forked processes that share the prepared corpus with this one."""
    global _BATCH_INPUTS
    import multiprocessing

    jobs = min(jobs or os.cpu_count() or 1, len(starts))
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_write_batch(*inputs, start) for start in starts]
    from concurrent.futures import ProcessPoolExecutor

    _BATCH_INPUTS = inputs
    try:
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            return list(pool.map(_write_batch_in_worker, starts))
    finally:
        _BATCH_INPUTS = ()


# Dates listed one by one up to this many; beyond, the first and last and how many (a year of pages
# has hundreds of datelines).
DATES_LISTED = 12


def _listed(dates: list[str]) -> str:
    if len(dates) <= DATES_LISTED:
        return "、".join(dates)
    return f"{dates[0]} 至 {dates[-1]}，共 {len(dates):,} 个日期"


def index_page(entries: list[tuple[str, str, str]], tables) -> str:
    """The report's first page: what corpus (corpus.Tables), the main findings, then links to each part."""
    from .labels import label, titles

    docs, arts = tables["documents"], tables["articles"]
    arts = arts[arts["kind"] == "article"]
    papers = "、".join(sorted({p for p in arts["paper"] if p})) or "页面未写明报刊"
    dates = sorted({d for d in arts["date"] if d})
    span = (dates[0] if len(dates) == 1 else f"{dates[0]} 至 {dates[-1]}") if dates else "页面未写明日期"
    esc = html.escape
    doc_rows = "".join(
        f"<tr><td>{esc(document_name(d))}</td><td>{int(d.n_pages)}</td><td>{int(d.n_articles)}</td>"
        f"<td>{esc(label('script', d.script))}</td></tr>" for d in docs.itertuples())
    parts = "".join(f'<li><a href="{esc(href)}">{esc(title)}</a>：{esc(summary)}</li>' for href, title, summary in entries)
    found = "".join(f"<li>{esc(sentence)}</li>" for sentence in findings(tables))
    names = titles(arts, 40)
    article_rows = "".join(
        f'<tr><td><a href="{article_file(k)}">{esc(t)}</a></td><td>{esc(p)}</td><td>{esc(d)}</td><td>{esc(e)}</td>'
        f"<td>{int(n):,}</td></tr>"
        for k, (t, p, d, e, n) in enumerate(zip(names, arts["paper"], arts["date"], arts["edition_page"], arts["n_chars"]),
                                            start=1))
    filed = _listed(dispatch_dates(arts)) or "未见电头日期"
    from .tables import bundle, interactive
    return f"""<!DOCTYPE html>
<html lang="zh">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>政策新闻语料报告 · Policy news corpus report</title>
<style>
{_INDEX_STYLE}
</style>
{bundle()}
</head>
<body>
<h1>政策新闻语料报告</h1>
<p class="en">Policy news corpus report</p>
<p>本报告分析 {len(docs):,} 份文档、{len(arts):,} 篇文章（{esc(papers)}；{esc(span)}）。电头日期：{esc(filed)}。
生成于 {date.today().isoformat()}。</p>
<h2>主要发现 <span class="en">Main findings</span></h2>
<ul class="findings">{found}</ul>
<h2>各部分 <span class="en">Parts</span></h2>
<ol>{parts}</ol>
<h2>文章 <span class="en">Articles</span></h2>
{interactive(f'<table id="articles-table"><thead><tr><th>标题</th><th>报刊</th><th>日期</th><th>版次</th><th>字数</th></tr></thead><tbody>{article_rows}</tbody></table>', "articles-table", len(arts), "文章")}
<h2>文档 <span class="en">Documents</span></h2>
{interactive(f'<table id="documents-table"><thead><tr><th>文档</th><th>页数</th><th>文章数</th><th>字体</th></tr></thead><tbody>{doc_rows}</tbody></table>', "documents-table", len(docs), "文档")}
</body></html>
"""


def make_report(seeds: Path | None = None, out: Path | None = None, with_code: bool = False,
                force: bool = False, log=None) -> int:
    """Build the corpus from `seeds`, run every notebook on it, write HTML pages and index.html.

    `out` must be new, empty or a report folder (outdir.py) unless `force`; if the build fails,
    nothing is run and nothing in `out` changes."""
    from .pipeline import build

    log = log or sys.stderr
    seeds = Path(seeds or paths.SEEDS).resolve()
    out = Path(out or paths.REPORTS).resolve()
    try:  # reports/ is the project's own generated folder (README), so older reports there are ours
        outdir.check(out, force or out == paths.REPORTS.resolve())
    except outdir.OutDirError as err:
        print(f"error: {err}", file=log)
        return 1
    existed = out.exists()
    corpus = paths.CORPUS if seeds == paths.SEEDS.resolve() else out / "corpus"
    started = time.monotonic()
    errors = build(seeds, corpus, log=log)
    print(f"build: {time.monotonic() - started:.1f} s", file=log)
    if not errors.built:
        print(f"error: {paths.relative(seeds)}: the build failed, so no report was written "
              f"({paths.relative(out)} left as it was)", file=log)
        if not existed and out.is_dir() and not any(out.iterdir()):
            out.rmdir()
        return 1
    out.mkdir(parents=True, exist_ok=True)
    if corpus.parent == out:
        outdir.record(out, [corpus.name])
    from .corpus import read_table

    if not (read_table("articles", corpus)["kind"] == "article").any():
        print(f"error: {paths.relative(seeds)}: no article found in these pages (only page furniture); "
              "nothing to report", file=log)
        return 1
    if read_table("sentences", corpus).empty:
        print(f"error: {paths.relative(seeds)}: no article text in these pages (headlines or furniture "
              "only); nothing to report", file=log)
        return 1
    params = None if corpus == paths.CORPUS else {"CORPUS_DIR": str(corpus)}
    done, failures = _run_all(params, log)
    exporter = html_exporter(with_code)
    entries = []
    for path, nb in done:
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": _title(nb, path)}})
        target = out / f"{path.stem}.html"
        write_text_atomic(target, embed_font(strip_css_comments(local_paths_removed(body, seeds, out))))
        outdir.record(out, [target.name])
        entries.append((target.name, _title(nb, path), _summary(nb)))
    started = time.monotonic()
    from .corpus import Tables

    tables = Tables(corpus)  # read once for both, and what the article pages compute serves the findings too
    n_articles = write_article_pages(tables, out, seeds)
    write_text_atomic(out / "index.html", embed_font(local_paths_removed(index_page(entries, tables), seeds, out)))
    outdir.record(out, ["index.html"])
    print(f"wrote {paths.relative(out / 'index.html')}, {len(entries)} report pages and {n_articles} article pages "
          f"({time.monotonic() - started:.1f} s for the index and article pages)", file=log)
    return 1 if failures or errors else 0
