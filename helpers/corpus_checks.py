"""Checks a reader can run on a built corpus: is it the sample page, is every character of each page
in exactly one field, and how a paragraph looked as printed beside its cleaned text.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from . import paths


SAMPLE_DOC_ID = "000_aca574e4d70bbf4d"


def is_sample_corpus(documents: pd.DataFrame) -> bool:
    """True when the corpus is exactly the sample page, so checks of its known facts apply."""
    return list(documents["doc_id"]) == [SAMPLE_DOC_ID]


def _source_path(stored: str) -> Path:
    p = Path(stored)
    return p if p.is_absolute() else paths.ROOT / p


def conservation(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Per document: non-space characters on the page, in the corpus fields, and any difference.

    Every character of a page must land in exactly one field (headline, subheadline, credit,
    continued_from, body) of one record; `missing` and `extra` list those that do not.
    """
    from collections import Counter

    from .cleaning import normalise_width
    from .loading import load_document

    rows = []
    fields = ["headline", "subheadline", "credit", "continued_from", "body"]
    records_of = dict(tuple(tables["articles"].groupby("doc_id", sort=False)))
    for doc in tables["documents"].itertuples():
        text = load_document(_source_path(doc.path)).text
        page = Counter(re.sub(r"\s", "", normalise_width(text)))
        recs = records_of.get(doc.doc_id, tables["articles"].iloc[:0])
        stored = Counter(re.sub(r"\s", "", "".join("".join(recs[f]) for f in fields)))
        rows.append({"doc_id": doc.doc_id, "page_chars": sum(page.values()), "corpus_chars": sum(stored.values()),
                     "missing": "".join(sorted((page - stored).elements())),
                     "extra": "".join(sorted((stored - page).elements()))})
    return pd.DataFrame(rows)


def raw_beside_clean(tables: dict[str, pd.DataFrame], article_id: str, n_paragraphs: int = 3) -> pd.DataFrame:
    """The first paragraphs of an article as printed (lines of the page) and as cleaned."""
    from .loading import load_document

    paras = tables["paragraphs"][tables["paragraphs"]["article_id"] == article_id].head(n_paragraphs)
    doc_path = tables["documents"].set_index("doc_id").loc[paras["doc_id"].iloc[0], "path"]
    lines = load_document(_source_path(doc_path)).text.split("\n")
    rows = []
    for p in paras.itertuples():
        raw = " ⏎ ".join(lines[p.line_start - 1: p.line_end])  # show where the PDF broke lines
        rows.append({"lines": f"{p.line_start}–{p.line_end}", "as printed": raw, "cleaned": p.text})
    return pd.DataFrame(rows)
