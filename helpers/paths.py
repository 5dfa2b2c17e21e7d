"""Every path the project uses, found from this file rather than the working directory.

A notebook run from JupyterLab, nbval, the command line or a report job therefore reads and writes
the same places.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SEEDS = ROOT / "seeds"  # raw pages: input only, never written
CORPUS = ROOT / "corpus"  # built tables (see README); a build replaces the folder whole
LEXICON = ROOT / "lexicon"  # hand-edited knowledge, kept apart from what a build writes
USER_DICT = LEXICON / "policy_terms.txt"
STOPWORDS = LEXICON / "stopwords.txt"
THEMES = LEXICON / "themes.csv"
OUTLETS = LEXICON / "outlets.csv"
CAP_TOPICS = LEXICON / "cap_topics.csv"
NOTEBOOKS = ROOT / "notebooks"
REPORTS = ROOT / "reports"
TESTS = ROOT / "tests"
# Hand annotations (gold standards, their rules beside them): tests score against them and
# notebooks show the scores, so they live outside tests/.
ANNOTATIONS = ROOT / "annotations"
FIXTURES = TESTS / "fixtures"
# A real PDF excerpt (People's Daily, 2025-10-20) that notebook 01 shows beside its articles.
PDF_EXAMPLE = FIXTURES / "pdf" / "renmin_ribao_2025-10-20_excerpt.pdf"
BENCHMARKS = ROOT / "benchmarks"
TEMPLATES = Path(__file__).resolve().parent / "templates"

# Derived files (jieba's prefix-dict cache, the instanced font); ignored by git.
# HELPERS_CACHE lets a read-only checkout point this somewhere writable.
CACHE = Path(os.environ.get("HELPERS_CACHE", ROOT / ".cache"))


def corpus_dir(override: str | os.PathLike | None = None) -> Path:
    """The corpus folder a notebook or command should read: an explicit override or the default."""
    return Path(override) if override else CORPUS


def relative(path: os.PathLike | str) -> str:
    """A path as shown to people: relative to the repository when inside it."""
    p = Path(path).resolve()  # first, so the result never depends on the working directory
    try:
        return p.relative_to(ROOT).as_posix()
    except ValueError:
        return str(p)
