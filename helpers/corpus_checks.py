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
        page = re.sub(r"\s", "", normalise_width(load_document(_source_path(doc.path)).text))
        recs = records_of.get(doc.doc_id, tables["articles"].iloc[:0])
        stored = re.sub(r"\s", "", "".join("".join(recs[f]) for f in fields))
        missing = extra = ""
        if not _same_characters(page, stored):  # counted one by one only where they differ
            missing = "".join(sorted((Counter(page) - Counter(stored)).elements()))
            extra = "".join(sorted((Counter(stored) - Counter(page)).elements()))
        rows.append({"doc_id": doc.doc_id, "page_chars": len(page), "corpus_chars": len(stored),
                     "missing": missing, "extra": extra})
    return pd.DataFrame(rows)


def _same_characters(a: str, b: str) -> bool:
    """Do two texts hold the same characters, each as many times (in any order)?"""
    import numpy as np

    def code_points(text: str):
        return np.sort(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32))
    return len(a) == len(b) and bool(np.array_equal(code_points(a), code_points(b)))


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


def misplaced(articles: pd.DataFrame, rows: pd.DataFrame, text_column: str) -> pd.DataFrame:
    """The rows (sentences, figures …) whose article_id, start and end do not cut their
    `text_column` out of the article's body: empty when every offset holds."""
    bodies = dict(zip(articles["article_id"], articles["body"]))
    wrong = [k for k, (a, s, e, text) in enumerate(zip(rows["article_id"], rows["start"], rows["end"], rows[text_column]))
             if bodies.get(a, "")[s:e] != text]
    return rows.iloc[wrong]
