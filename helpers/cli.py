"""`python -m helpers …`: the same functions the notebooks use, for shells and pipelines."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import paths
from .loading import InputError

def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)  # a command is required: say which there are, and fail
        return 2
    try:
        return int(args.func(args) or 0)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except (FileNotFoundError, ValueError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head`: not an error
        return 0
    except OSError as err:  # a full disk, a folder that cannot be written or read
        print(f"error: {err.filename or ''}: {err.strerror or err}", file=sys.stderr)
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m helpers",
        description="Clean Chinese newspaper pages into an article corpus and analyse it.",
    )
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, func, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_, description=help_)
        p.set_defaults(func=func)
        return p

    p = command("setup", cmd_setup, "prepare caches (font instance, jieba dictionary); run by make")

    p = command("build", cmd_build, "build corpus/ tables from a seeds folder")
    p.add_argument("--seeds", type=Path, default=paths.SEEDS, help="folder of page files (default seeds/)")
    p.add_argument("--corpus", type=Path, default=paths.CORPUS, help="output folder (default corpus/)")
    p.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    p.add_argument("--engine", choices=["local", "dask"], default="local",
                   help="run the documents in a local process pool (default) or on dask (pip install -e '.[dask]')")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --engine dask: a running dask scheduler, tcp://host:8786 (default: a local cluster)")
    p.add_argument("--discover", action="store_true",
                   help="find the corpus' new words (names, terms jieba cuts) and tokenize with them; "
                        "recorded in discovered_words.csv (slower: the text is tokenized twice)")

    p = command("export", cmd_export, "write the corpus tables for spreadsheets: CSV files or one Excel workbook")
    p.add_argument("--format", choices=["csv", "xlsx"], default="csv",
                   help="csv: one UTF-8 file per table; xlsx: one workbook, a sheet per table")
    p.add_argument("--corpus", type=Path, default=paths.CORPUS, help="built corpus folder (default corpus/)")
    p.add_argument("--out", type=Path, required=True, help="folder to write (new, empty, or an earlier export)")

    p = command("articles", cmd_articles, "print the articles and furniture of page files")
    _files(p, ["jsonl", "csv"])

    p = command("segment", cmd_segment, "print the tokens of each article")
    _files(p, ["jsonl", "tsv"])
    p.add_argument("--mode", choices=["precise", "search"], default="precise")
    p.add_argument("--no-hmm", action="store_true", help="no HMM discovery of unknown words")
    p.add_argument("--no-lexicon", action="store_true", help="jieba's dictionary only")

    p = command("keywords", cmd_keywords, "print the top keywords of each article")
    _files(p, ["csv", "jsonl"])
    p.add_argument("--top", type=_positive, default=10, help="keywords per article (a whole number from 1)")
    p.add_argument("--method", choices=["tfidf", "textrank", "logodds"], default="tfidf")

    p = command("figures", cmd_figures, "print every statistical figure of the articles")
    _files(p, ["csv", "jsonl"])

    p = command("themes", cmd_themes, "print the policy topics (CAP major topics, or the finer themes) of each article")
    _files(p, ["csv", "jsonl"])
    p.add_argument("--level", choices=["major", "fine"], default="major",
                   help="CAP major topics (lexicon/cap_topics.csv) or the finer themes (lexicon/themes.csv)")

    p = command("report", cmd_report, "build the corpus, run the notebooks, write HTML reports")
    p.add_argument("--seeds", type=Path, default=paths.SEEDS)
    p.add_argument("--out", type=Path, default=paths.REPORTS)
    p.add_argument("--with-code", action="store_true", help="keep code cells in the HTML")
    p.add_argument("--force", action="store_true", help="write into a folder that holds other files")

    p = command("notebooks", cmd_notebooks, "re-execute the notebooks in place (refresh stored outputs)")
    return parser


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number from 1, not {text!r}")
    return value


def _files(p: argparse.ArgumentParser, formats: list[str]) -> None:
    p.add_argument("files", nargs="+", type=Path, help="page files or folders")
    p.add_argument("--format", choices=formats, default=formats[0])


def _load(files):
    from .corpus import load_inputs

    docs, errors = load_inputs(files)
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    return docs, (1 if errors else 0)


def _emit(rows: list[dict], fmt: str, columns: list[str]) -> None:
    import pandas as pd

    if fmt == "jsonl":
        for row in rows:
            print(json.dumps({c: row[c] for c in columns}, ensure_ascii=False))
    else:
        sep = "\t" if fmt == "tsv" else ","
        from .csvsafe import neutralise

        frame = pd.DataFrame([[neutralise(row[c]) for c in columns] for row in rows], columns=columns)
        frame.to_csv(sys.stdout, index=False, sep=sep, lineterminator="\n")  # safe to open in Excel


def cmd_setup(args) -> int:
    from .fonts import font_path
    from .segment import tokenizer

    print(f"font: {paths.relative(font_path())}")
    tokenizer()
    print(f"jieba cache: {paths.relative(paths.CACHE / 'jieba')}")
    return 0


def cmd_build(args) -> int:
    from .pipeline import build

    errors = build(args.seeds, args.corpus, jobs=args.jobs, engine=args.engine, scheduler=args.scheduler,
                   discover=args.discover)
    return 1 if errors else 0


def cmd_export(args) -> int:
    from .export import export

    export(args.corpus, args.out, args.format)
    return 0


ARTICLE_COLUMNS = ["kind", "role", "doc_id", "article_id", "page", "paper", "date", "edition_page",
                   "headline", "subheadline", "credit", "continued_from", "subheads", "body",
                   "line_start", "line_end"]


def cmd_articles(args) -> int:
    from .corpus import records_of

    docs, status = _load(args.files)
    rows = []
    for doc in docs:
        for rec in records_of(doc):
            rows.append({
                "kind": rec.kind, "role": rec.role, "doc_id": rec.doc_id, "article_id": rec.article_id,
                "page": rec.page, "paper": rec.paper, "date": rec.date, "edition_page": rec.edition_page,
                "headline": rec.headline, "subheadline": rec.subheadline, "credit": rec.credit,
                "continued_from": rec.continued_from,
                "subheads": rec.subheads if args.format == "jsonl" else json.dumps(rec.subheads, ensure_ascii=False),
                "body": rec.body, "line_start": rec.line_start, "line_end": rec.line_end,
            })
    _emit(rows, args.format, ARTICLE_COLUMNS)
    return status


def _tables(files) -> tuple[dict, int]:
    """All tables for the files given, from the build cache where possible; errors reported."""
    from .loading import expand_inputs
    from .pipeline import process_files

    try:
        paths_ = expand_inputs(files)
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        return {}, 1
    if not paths_:
        print(f"error: {', '.join(map(str, files))}: no page files (.txt, .pdf) here", file=sys.stderr)
        return {}, 1
    tables, errors = process_files(paths_, jobs=1)
    for err in errors:
        print(f"error: {err}", file=sys.stderr)
    return tables, (1 if errors else 0)


def cmd_segment(args) -> int:
    from .segment import article_tokens

    tables, status = _tables(args.files)
    if not tables:
        return status
    per_article = article_tokens(tables["sentences"], mode=args.mode, hmm=not args.no_hmm,
                                 lexicon=not args.no_lexicon)
    if args.format == "jsonl":
        for article_id, tokens in per_article:
            print(json.dumps({"article_id": article_id, "tokens": tokens}, ensure_ascii=False))
    else:
        print("article_id\tposition\ttoken")
        for article_id, tokens in per_article:
            for pos, tok in enumerate(tokens):
                print(f"{article_id}\t{pos}\t{tok}")
    return status


def cmd_keywords(args) -> int:
    from .keywords import keyword_table

    tables, status = _tables(args.files)
    if not tables:
        return status
    df = keyword_table(tables, method=args.method, top=args.top)
    _emit(df.to_dict("records"), args.format, list(df.columns))
    return status


def cmd_figures(args) -> int:
    from .figures import FIGURE_COLUMNS

    tables, status = _tables(args.files)
    if not tables:
        return status
    _emit(tables["figures"].to_dict("records"), args.format, FIGURE_COLUMNS)
    return status


def cmd_themes(args) -> int:
    from .cap import scores
    from .themes import theme_table

    tables, status = _tables(args.files)
    if not tables:
        return status
    if args.level == "major":
        arts = tables["articles"][tables["articles"]["kind"] == "article"]
        df = scores(tables["tokens"], arts).drop(columns=["central"])
    else:
        df = theme_table(tables)
    _emit(df.to_dict("records"), args.format, list(df.columns))
    return status


def cmd_report(args) -> int:
    from .report import make_report

    return make_report(args.seeds, args.out, with_code=args.with_code, force=args.force)


def cmd_notebooks(args) -> int:
    from .report import refresh_notebooks

    return refresh_notebooks()
