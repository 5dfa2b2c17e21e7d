"""The build: page files -> every corpus table, written atomically to corpus/.

Each document is processed on its own (load, clean, split, sentences, tokens, figures), in a
process pool when there are several, and the results are concatenated in doc_id order, so a
parallel build writes the same bytes as a serial one.
"""
from __future__ import annotations

import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from . import corpus as corpus_mod
from . import paths
from .loading import InputError, doc_id_for, load_document, seed_files
from .progress import progress

PER_DOCUMENT = ["documents", "articles", "paragraphs", "sentences", "tokens", "figures"]


def analyse(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Add the token and figure tables computed from the sentence table."""
    from .figures import figures_table
    from .segment import token_table

    tables["tokens"] = token_table(tables["sentences"])
    tables["figures"] = figures_table(tables["sentences"])
    return tables


def process_file(path: Path, doc_id: str) -> dict[str, pd.DataFrame] | InputError:
    """Every table's rows for one file, or the reason it cannot be used."""
    try:
        doc = load_document(path, doc_id)
    except InputError as err:
        return err
    return analyse(corpus_mod.frames([doc]))


def _doc_ids(files: list[Path]) -> list[str]:
    seen: dict[str, int] = {}
    ids = []
    for f in files:
        base = doc_id_for(f)
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def process_files(files: list[Path], jobs: int = 0, log=sys.stderr):
    """(tables, errors) for a batch; bad files are reported and skipped."""
    ids = _doc_ids(files)
    jobs = jobs or os.cpu_count() or 1
    if jobs > 1 and len(files) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
            results = list(progress(pool.map(process_file, files, ids, chunksize=4), total=len(files), desc="build"))
    else:
        results = [process_file(f, i) for f, i in progress(list(zip(files, ids)), desc="build")]
    errors = [r for r in results if isinstance(r, InputError)]
    good = sorted((r for r in results if not isinstance(r, InputError)),
                  key=lambda t: t["documents"]["doc_id"].iloc[0])
    tables = {}
    for name in PER_DOCUMENT:
        parts = [t[name] for t in good]
        tables[name] = pd.concat(parts, ignore_index=True) if parts else _empty(name)
    return tables, errors


def _empty(name: str) -> pd.DataFrame:
    from .figures import FIGURE_COLUMNS
    from .segment import TOKEN_COLUMNS

    columns = {"tokens": TOKEN_COLUMNS, "figures": FIGURE_COLUMNS}.get(name) or corpus_mod.COLUMNS[name]
    return pd.DataFrame(columns=columns)


def build(seeds: Path | None = None, corpus: Path | None = None, jobs: int = 0, log=sys.stderr) -> list[InputError]:
    """Build corpus/ from a seeds folder (or a list of files); returns the files that could not be used."""
    seeds = Path(seeds or paths.SEEDS)
    corpus = Path(corpus or paths.CORPUS)
    try:
        files = [seeds] if seeds.is_file() else seed_files(seeds)
    except InputError as err:
        print(f"error: {err}", file=log)
        return [err]
    tables, errors = process_files(files, jobs, log)
    for err in errors:
        print(f"error: {err}", file=log)
    if not len(tables["documents"]):
        print(f"error: {paths.relative(seeds)}: no usable page files; corpus left as it was", file=log)
        return errors or [InputError(seeds, "no page files")]
    corpus_mod.write_tables(tables, corpus)
    n_art = int((tables["articles"]["kind"] == "article").sum())
    print(
        f"built {paths.relative(corpus)}: {len(tables['documents'])} documents, {n_art} articles, "
        f"{len(tables['sentences'])} sentences, {len(tables['tokens'])} tokens, {len(tables['figures'])} figures",
        file=log,
    )
    return errors
