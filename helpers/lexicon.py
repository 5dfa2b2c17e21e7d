"""The editable lexicons in lexicon/: policy terms (jieba format), stopwords and CSV tables.

Both are plain UTF-8 text a researcher edits; `#` starts a comment. A malformed line is reported
with its file and line number rather than silently loaded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import paths

_TERM_LINE = re.compile(r"^(?P<word>\S+)(?:\s+(?P<freq>\d+))?(?:\s+(?P<tag>[a-zA-Z]+))?$")


class LexiconError(ValueError):
    def __init__(self, path: Path, line_no: int, problem: str):
        super().__init__(f"{paths.relative(path)}, line {line_no}: {problem}")


@dataclass(frozen=True)
class Term:
    word: str
    freq: int | None
    tag: str | None


def _content_lines(path: Path):
    for no, raw in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if line:
            yield no, line


@lru_cache(maxsize=8)
def _read_terms(path: Path, mtime: float) -> tuple[Term, ...]:
    terms: dict[str, Term] = {}
    for no, line in _content_lines(path):
        m = _TERM_LINE.match(line)
        if not m:
            raise LexiconError(path, no, f"expected `word [frequency] [tag]`, got {line!r}")
        terms[m["word"]] = Term(m["word"], int(m["freq"]) if m["freq"] else None, m["tag"])
    return tuple(terms.values())


def policy_terms(path: Path | None = None) -> tuple[Term, ...]:
    path = Path(path or paths.USER_DICT)
    return _read_terms(path, path.stat().st_mtime)


@lru_cache(maxsize=8)
def _read_stopwords(path: Path, mtime: float) -> frozenset[str]:
    return frozenset(line for _, line in _content_lines(path))


def stopwords(path: Path | None = None) -> frozenset[str]:
    path = Path(path or paths.STOPWORDS)
    return _read_stopwords(path, path.stat().st_mtime)


def read_rows(path: Path, header: list[str]) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) of a commented CSV table in lexicon/: `#` lines are comments, the first
    other line must be `header`; a row with the wrong number of fields names its file and line."""
    import csv

    rows, seen_header = [], False
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for no, raw in enumerate(lines, start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        fields = next(csv.reader([raw]))
        if not seen_header:
            if fields != header:
                raise LexiconError(path, no, f"expected the header `{','.join(header)}`, got {raw!r}")
            seen_header = True
            continue
        if len(fields) != len(header):
            raise LexiconError(path, no, f"expected {len(header)} fields ({','.join(header)}), got {len(fields)}")
        rows.append((no, dict(zip(header, (f.strip() for f in fields)))))
    if not seen_header:
        raise LexiconError(path, 1, f"no header `{','.join(header)}`")
    return rows
