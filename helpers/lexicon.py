"""The editable lexicons in lexicon/: policy terms (jieba format) and stopwords.

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
