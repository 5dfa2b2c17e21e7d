"""The build: page files -> every corpus table, written atomically to corpus/.

Each document is processed on its own (load, clean, split, sentences, tokens, figures), in a
process pool when there are several. Each writes its document's CSV rows to a part file; the parts
are appended to the staged CSV files in doc_id order as they come, so memory stays flat however
many pages there are, and a parallel build writes the same bytes as a serial one. Once every CSV
is complete, each is written again as Parquet beside it (corpus_store.write_parquet), in the same
staging folder, so the one rename that publishes the CSV files publishes the Parquet files too.
`engine="dask"` runs the same per-document function on a dask cluster instead (dask_build.py).

Per-document results are cached in .cache/build: the structure (documents, articles, paragraphs,
sentences) under a key of the file's bytes and the code; the analysis (tokens, figures) under that
key plus the lexicon files. Editing one page recomputes that page; editing the lexicon recomputes
tokens and figures but not the article splitting.
"""
from __future__ import annotations

import contextlib
import csv
import gc
import hashlib
import io
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache, partial
from operator import itemgetter
from pathlib import Path

import pandas as pd

from . import corpus as corpus_mod
from . import paths, schema
from .csvsafe import TRIGGERS, may_need_neutralising, neutralise, neutralise_row
from .io import foreign_files, staged_dir, write_bytes_atomic
from .loading import InputError, load_document, seed_files, unique_doc_ids
from .progress import progress

from .schema import NAMES as TABLES, STRUCTURE


def structure_rows(doc) -> dict[str, tuple[list[str], list[tuple]]]:
    """(columns, rows) of the documents, articles, paragraphs and sentences tables for one document,
    without building DataFrames (the build's fast path)."""
    parts = corpus_mod.tables_of(doc)
    out = {}
    for name in STRUCTURE:
        cols = schema.columns(name)
        out[name] = (cols, _as_tuples(getattr(parts, name), cols))
    return out


def _as_tuples(rows: list[dict], cols: list[str]) -> list[tuple]:
    if len(cols) == 1:  # itemgetter of one key gives the value, not a 1-tuple
        return [(r[cols[0]],) for r in rows]
    return list(map(itemgetter(*cols), rows))


def analysis_csv(structure: dict, extra_words=()) -> dict[str, tuple[int, str, bytes]]:
    """The tokens and figures tables as rendered CSV (see _render), from the sentence rows;
    `extra_words` (build --discover) added to the tokenizer's dictionary."""
    from .figures import FIGURE_COLUMNS, figure_rows
    from .segment import TOKEN_COLUMNS

    cols, data = structure["sentences"]
    sentences = {c: [row[k] for row in data] for k, c in enumerate(cols)}
    by_sentence: dict[str, list[str]] = {}
    n_tokens, token_text = _token_csv(sentences, by_sentence, extra_words)
    figures = figure_rows(sentences, _tagged(sentences, by_sentence))
    out = _render({"figures": (FIGURE_COLUMNS, _as_tuples(figures, FIGURE_COLUMNS))})
    out["tokens"] = (n_tokens, _csv_line(TOKEN_COLUMNS), token_text)
    return out


def _tagged(sentences: dict, by_sentence: dict[str, list[str]]) -> Mapping[str, list[tuple[str, str]]]:
    """(token, tag) pairs of the sentences that hold a digit or numeral, for finding subjects."""
    from .figures import HAS_NUMBER
    from .segment import _tag_table, pos_tagger

    numeric = {sid for sid, text in zip(sentences["sentence_id"], sentences["text"]) if HAS_NUMBER.search(text)}
    table = _tag_table()
    if _TAGS[0] is not table:  # an edited lexicon: tags read from the old table do not hold
        _TAGS[:] = [table, {}]
    return _TagsOnDemand(numeric, by_sentence, pos_tagger(), _TAGS[1])


# The tag table in use and the tags looked up in it so far: tokens repeat across pages.
_TAGS: list = [None, {}]


class _TagsOnDemand(Mapping):
    """sentence id -> its (token, tag) pairs, for the sentences in `ids`; a sentence is tagged when
    asked for, as figure_rows asks only for those with a figure (about half of those with a number),
    and a token's tag is looked up once (`tags` keeps it)."""

    def __init__(self, ids: set[str], tokens: dict[str, list[str]], pos_of, tags: dict[str, str]):
        self._ids, self._tokens, self._pos_of, self._tags = ids, tokens, pos_of, tags

    def __getitem__(self, sid: str) -> list[tuple[str, str]]:
        if sid not in self._ids:
            raise KeyError(sid)
        tokens, tags = self._tokens.get(sid, []), self._tags
        for token in set(tokens).difference(tags):
            tags[token] = self._pos_of(token)
        return list(zip(tokens, map(tags.__getitem__, tokens)))

    def __contains__(self, sid) -> bool:
        return sid in self._ids

    def __iter__(self):
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


def _token_fields(token: str, tag: str, stopword: bool) -> str:
    """The last three CSV fields of a token row; made once per distinct token (sentence_tokens)."""
    return _csv_line((neutralise(token), tag, stopword))


def _token_csv(sentences: dict, by_sentence: dict, extra_words=()) -> tuple[int, bytes]:
    """(row count, CSV rows) of the tokens table: the bytes DataFrame.to_csv writes for
    token_table(), made without a row-by-row writer because this is a page's largest table."""
    from .segment import sentence_tokens

    parts, n_rows = [], 0
    add = parts.append  # one join at the end: quicker than joining each sentence's rows first
    for art, sid, fields in sentence_tokens(sentences, all_tokens=by_sentence, describe=_token_fields,
                                            extra_words=extra_words):
        if fields:
            ids = f"{art},{sid}," if not _NEEDS_QUOTES.search(art + sid) and art[:1] not in TRIGGERS \
                else _csv_line((neutralise(art), neutralise(sid)))[:-1] + ","
            # every row is ids + "position," + fields, and each fields ends the line
            for position, described in zip(_positions(len(fields)), fields):
                add(ids)
                add(position)
                add(described)
            n_rows += len(fields)
    return n_rows, "".join(parts).encode("utf-8")


# What makes the csv module quote a field (delimiter, quote character, line breaks).
_NEEDS_QUOTES = re.compile('[,"\r\n]')
_POSITIONS: list[str] = []


def _positions(n: int) -> list[str]:
    """["0,", "1,", …] with at least n entries."""
    while len(_POSITIONS) < n:
        _POSITIONS.append(f"{len(_POSITIONS)},")
    return _POSITIONS


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()[:24]


@lru_cache(maxsize=1)
def code_key() -> str:
    """Changes whenever any helpers module changes, so stale cached results are never reused."""
    sources = sorted(Path(__file__).parent.glob("*.py"))
    return _digest(*(p.read_bytes() for p in sources))


def lexicon_key() -> str:
    """Changes whenever a file in lexicon/ changes: the tokens depend on the policy terms and
    stopwords, the figures on the units, figure words and not-figures."""
    files = {p for p in paths.LEXICON.glob("*") if p.is_file()} | {paths.USER_DICT, paths.STOPWORDS}
    return _digest(*(p.name.encode() + b"\0" + _file_bytes(p) for p in sorted(files)))


def _file_bytes(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def _cached(kind: str, key: str, compute):
    path = paths.CACHE / "build" / f"{kind}-{key}.pkl"
    if path.is_file():
        try:
            return pickle.loads(path.read_bytes())
        except Exception:  # a damaged cache entry is recomputed, never trusted
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
    value = compute()
    try:
        write_bytes_atomic(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a full or read-only cache: the cache only saves time, the build goes on without it
    return value


def _render(rows: dict) -> dict[str, tuple[int, str, bytes]]:
    """name -> (row count, CSV header line, CSV rows in UTF-8), written with the csv module exactly
    as pandas writes them (floats via repr, missing values empty). The rows are bytes: encoded once,
    then only copied into the cache, to the main process and into the staged files."""
    out = {}
    for name, (cols, data) in rows.items():
        text = _csv_rows(data)
        if may_need_neutralising(text):  # rare: written again, each cell through neutralise()
            text = _csv_rows(map(neutralise_row, data))
        out[name] = (len(data), _csv_line(cols), text.encode("utf-8"))
    return out


def _csv_rows(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    return buf.getvalue()


def render_csv(path: Path, doc_id: str, use_cache: bool = True, extra_words=()):
    """One document's tables as CSV text, or the reason it cannot be used.

    The cache keeps this text: the structure tables under a key of the file and the code, the
    tokens and figures under that key plus the lexicon files.
    """
    try:
        doc = load_document(path, doc_id)
    except InputError as err:
        return err
    if not use_cache:
        structure = structure_rows(doc)
        return {**_render(structure), **analysis_csv(structure, extra_words)}
    file_key = _digest(path.read_bytes(), doc_id.encode(), paths.relative(path).encode(), code_key().encode(),
                       _file_bytes(paths.OUTLETS))  # the outlets name papers in the structure tables
    computed: dict = {}

    def structure():
        computed.update(structure_rows(doc))
        return _render(computed)

    def analysis():
        if not computed:  # structure came from the cache: rebuild its rows, cheaper than re-parsing CSV
            computed.update(structure_rows(doc))
        return analysis_csv(computed, extra_words)

    from .segment import extra_key

    text = _cached("structure", file_key, structure)
    words = "\n".join(extra_key(extra_words)).encode()
    text.update(_cached("analysis", _digest(file_key.encode(), lexicon_key().encode(), words), analysis))
    return text


def process_file(path: Path, doc_id: str, use_cache: bool = True) -> dict[str, pd.DataFrame] | InputError:
    """Every table of one file as DataFrames (parsed as corpus.read_table does), or the error."""
    rendered = render_csv(path, doc_id, use_cache)
    if isinstance(rendered, InputError):
        return rendered
    return {name: corpus_mod.parse_csv(name, header + body.decode("utf-8")) for name, (_, header, body) in rendered.items()}


def stage_document(path: Path, doc_id: str, use_cache: bool, parts: Path, extra_words=()):
    """One document's CSV rows written to a part file in `parts`, for the build: the main process
    then appends them to the tables with a kernel copy instead of receiving them through a pipe.

    Returns (part file, {table: (row count, header, byte length)}) in the part's order, or the error."""
    rendered = render_csv(path, doc_id, use_cache, extra_words)
    if isinstance(rendered, InputError):
        return rendered
    return write_part(rendered, doc_id, parts)


def write_part(rendered: dict, doc_id: str, parts: Path):
    """A document's rendered tables (render_csv) written to its part file; (part, index) as
    stage_document returns them. The dask engine calls this with what its workers sent back."""
    part = parts / f"{_digest(doc_id.encode())}.part"
    with open(part, "wb") as fh:
        for _, _, body in rendered.values():
            fh.write(body)
    return part, {name: (n_rows, header, len(body)) for name, (n_rows, header, body) in rendered.items()}


def _ordered_pool_map(fn, argsets: list[tuple], jobs: int):
    """fn(*args) for each args, in a process pool, yielded in order with at most a few results
    waiting, so a slow consumer never lets finished work pile up in memory."""
    from collections import deque

    window = jobs * 3
    _warm_up()  # workers are forked: dictionaries loaded once here are shared, not reloaded
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init) as pool:
        pending: deque = deque()
        for args in argsets:
            pending.append(pool.submit(fn, *args))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _warm_up() -> None:
    from .segment import _tag_table, cut

    cut("预热")
    _tag_table(True)
    gc.freeze()  # the dictionaries are permanent: keep them out of every later collection


def _worker_init() -> None:
    # A page allocates hundreds of thousands of small objects and no cycles worth collecting
    # early; collecting less often saves about a twentieth of the time.
    gc.set_threshold(100_000, 50, 100)


def _ordered_inputs(files: list[Path]) -> list[tuple[str, Path]]:
    return sorted(zip(unique_doc_ids(files), files))


def iter_results(files: list[Path], jobs: int = 0, use_cache: bool = True, fn=None):
    """fn(path, doc_id, use_cache) per file (default: the tables), in doc_id order."""
    fn = fn or process_file
    pairs = _ordered_inputs(files)
    jobs = min(jobs or os.cpu_count() or 1, max(1, len(pairs)))
    argsets = [(f, i, use_cache) for i, f in pairs]
    results = _ordered_pool_map(fn, argsets, jobs) if jobs > 1 else (fn(*a) for a in argsets)
    yield from zip((i for i, _ in pairs), progress(results, total=len(pairs), desc="build"))


def _csv_line(values) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(values)
    return buf.getvalue()


def _empty(name: str) -> pd.DataFrame:
    return pd.DataFrame(columns=schema.columns(name))


def write_streaming(results, stage: Path) -> tuple[dict[str, int], list[InputError]]:
    """Append each document's part file (see stage_document) to the staged tables, deleting it
    once copied; returns row counts and errors."""
    handles = {name: open(stage / f"{name}.csv", "wb") for name in TABLES}
    counts = dict.fromkeys(TABLES, 0)
    headers: dict[str, str] = {}
    errors: list[InputError] = []
    try:
        for _doc_id, result in results:
            if isinstance(result, InputError):
                errors.append(result)
                continue
            part, index = result
            with open(part, "rb", buffering=0) as src:
                for name, (n_rows, header, length) in index.items():
                    if name not in headers:
                        headers[name] = header
                        handles[name].write(("\ufeff" + header).encode("utf-8"))
                    _copy(src, handles[name], length)
                    counts[name] += n_rows
            part.unlink()
        for name, fh in handles.items():
            if name not in headers:  # no usable document at all: header only
                fh.write(("\ufeff" + _empty(name).to_csv(index=False, lineterminator="\n")).encode("utf-8"))
    finally:
        for fh in handles.values():
            fh.close()
    return counts, errors


def _copy(src, dst, length: int) -> None:
    """The next `length` bytes of src (unbuffered) appended to dst, copied by the kernel where it can."""
    dst.flush()
    while length > 0:
        try:
            if _KERNEL_COPY is None:
                raise OSError("no copy_file_range here")
            done = _KERNEL_COPY(src.fileno(), dst.fileno(), length)
        except OSError:  # another OS, or file systems that cannot: copy through memory
            chunk = src.read(length)
            dst.write(chunk)
            dst.flush()
            done = len(chunk)
        if done == 0:
            raise OSError(f"{src.name}: {length} bytes missing")
        length -= done


_KERNEL_COPY = getattr(os, "copy_file_range", None)


def process_files(files: list[Path], jobs: int = 0, use_cache: bool = True):
    """(tables, errors) for a batch held in memory; bad files are reported and skipped."""
    tables: dict[str, list] = {name: [] for name in TABLES}
    errors = []
    for _doc_id, result in iter_results(files, jobs, use_cache):
        if isinstance(result, InputError):
            errors.append(result)
        else:
            for name in TABLES:
                tables[name].append(result[name])
    return {n: pd.concat(p, ignore_index=True) if p else _empty(n) for n, p in tables.items()}, errors


class BuildErrors(list):
    """The files a build could not use; `built` says whether a new corpus replaced the old one."""

    built: bool = False


class _NothingBuilt(Exception):
    pass


# What a corpus folder may hold; a build replaces such a folder whole, and refuses any other.
def _corpus_files() -> set[str]:
    return {f"{name}.{ext}" for name in TABLES for ext in ("csv", "parquet")} | {DISCOVERED}


# What `build --discover` found and gave the tokenizer, kept with the tables it shaped.
DISCOVERED = "discovered_words.csv"


def check_target(corpus: Path) -> None:
    """Refuse to replace a folder that holds anything a build did not write (a user's own files)."""
    if corpus.exists() and not corpus.is_dir():
        raise InputError(corpus, "is a file, not a corpus folder")
    if corpus.is_dir() and (foreign := foreign_files(corpus, _corpus_files())):
        raise InputError(corpus, f"holds files a build did not write ({foreign}); choose an empty folder or a corpus folder")


ENGINES = ("local", "dask")


@contextlib.contextmanager
def _engine(engine: str, jobs: int, scheduler: str | None):
    """run(files, use_cache, parts) -> (doc_id, stage_document result) in doc_id order: on this
    machine's process pool, or on a dask cluster (dask_build.py; optional, imported only here)."""
    if engine == "local":
        if scheduler:
            raise InputError("--scheduler", "a scheduler address needs --engine dask")
        yield lambda files, use_cache, parts, extra_words=(): iter_results(
            files, jobs, use_cache, partial(stage_document, parts=parts, extra_words=extra_words))
    elif engine == "dask":
        from . import dask_build

        with dask_build.engine(scheduler, jobs) as run:
            yield run
    else:
        raise InputError("--engine", f"unknown engine {engine!r} (choose {' or '.join(ENGINES)})")


def write_parquet_copies(stage: Path, log, jobs: int = 1) -> None:
    """Each staged CSV table written again as Parquet beside it (corpus_store.write_parquet), in
    `jobs` processes, largest table first: the tokens table takes about 60% of the time, so with
    two processes the wait is about the tokens table's alone. Memory stays at one table's row group
    per process (threads gained nothing on two cores)."""
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        print("note: pyarrow is not installed: the tables are written as CSV only", file=log)
        return
    names = sorted(TABLES, key=lambda name: (stage / f"{name}.csv").stat().st_size, reverse=True)
    if jobs <= 1:
        for name in names:
            _write_parquet_copy(stage, name)
        return
    with ProcessPoolExecutor(max_workers=min(jobs, len(names))) as pool:
        for done in [pool.submit(_write_parquet_copy, stage, name) for name in names]:
            done.result()  # raises what the worker raised


def _write_parquet_copy(stage: Path, name: str) -> None:
    corpus_mod.write_parquet(name, stage / f"{name}.csv", stage / f"{name}.parquet")


def discover_words(stage: Path) -> pd.DataFrame:
    """New words (helpers.discovery) in the distinct sentences of a staged build."""
    from .discovery import discover

    sentences = pd.read_csv(stage / "sentences.csv", encoding="utf-8-sig", usecols=["text"], dtype=str,
                            keep_default_na=False)["text"]
    return discover(list(sentences.drop_duplicates()))


def build(seeds: Path | None = None, corpus: Path | None = None, jobs: int = 0, log=None,
          use_cache: bool = True, engine: str = "local", scheduler: str | None = None,
          discover: bool = False) -> BuildErrors:
    """Build corpus/ from a seeds folder (or one file); returns the files that could not be used.

    Nothing in `corpus` changes unless the whole build succeeds and at least one file was usable;
    then the new folder, CSV and Parquet tables, replaces the old one in a single rename
    (io.staged_dir). `engine="dask"` runs the documents on a dask cluster (`scheduler`, an address
    such as tcp://host:8786, or a local one) and writes the same bytes. `discover` first builds as
    usual, finds the corpus' new words (helpers.discovery), then tokenizes again with them and
    records them in discovered_words.csv (local engine only).
    """
    log = log or sys.stderr  # looked up now, so a redirected stderr is honoured
    seeds = Path(seeds or paths.SEEDS)
    corpus = Path(corpus or paths.CORPUS)
    errors = BuildErrors()
    try:
        files = [seeds] if seeds.is_file() else seed_files(seeds)
        check_target(corpus)
        if discover and engine != "local":
            raise InputError("--discover", "new-word discovery runs with the local engine only")
        with _engine(engine, jobs, scheduler) as run, staged_dir(corpus) as stage:
            with tempfile.TemporaryDirectory(dir=stage, prefix=".parts.") as parts:  # gone before the swap
                counts, bad = write_streaming(run(files, use_cache, Path(parts)), stage)
            errors.extend(bad)
            for err in bad:
                print(f"error: {err}", file=log)
            if counts["documents"] == 0:
                raise _NothingBuilt
            if discover:
                found = discover_words(stage)
                if len(found):  # tokenize again with the new words; the structure comes from the cache
                    with tempfile.TemporaryDirectory(dir=stage, prefix=".parts.") as parts:
                        counts, _ = write_streaming(run(files, use_cache, Path(parts), tuple(found["word"])), stage)
                found.to_csv(stage / DISCOVERED, index=False, encoding="utf-8-sig", lineterminator="\n")
                print(f"discovered {len(found)} new words; tokens use them (see {DISCOVERED})", file=log)
            write_parquet_copies(stage, log, jobs or os.cpu_count() or 1)
    except _NothingBuilt:
        print(f"error: {paths.relative(seeds)}: no usable page files; corpus left as it was", file=log)
        return errors if errors else BuildErrors([InputError(seeds, "no page files")])
    except InputError as err:
        print(f"error: {err}", file=log)
        errors.append(err)
        return errors
    except OSError as err:  # a full disk, a folder that cannot be written: one line, old corpus kept
        problem = InputError(err.filename or corpus, f"cannot write the corpus: {err.strerror or err}")
        print(f"error: {problem}; corpus left as it was", file=log)
        errors.append(problem)
        return errors
    errors.built = True
    print(
        f"built {paths.relative(corpus)}: {counts['documents']} documents, {_n_articles(corpus)} articles, "
        f"{counts['sentences']} sentences, {counts['tokens']} tokens, {counts['figures']} figures",
        file=log,
    )
    return errors


def _n_articles(corpus: Path) -> int:
    docs = pd.read_csv(corpus / "documents.csv", encoding="utf-8-sig", usecols=["n_articles"])
    return int(docs["n_articles"].sum())
