"""Build the corpus tables from page files, and read them back.

Tables (UTF-8 CSV with a BOM so Excel shows Chinese; columns defined in README.md):
documents, articles, paragraphs, sentences, furniture, tokens, figures.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import metadata, paths, schema
from .csvsafe import restore_frame
from .articles import Record, split_document
from .loading import Document, InputError, expand_inputs, load_documents
from .sentences import split_sentences

AGENCIES = ["新华社", "中新社", "人民日报", "央视新闻", "光明日报", "经济日报", "重庆日报"]
WIRE_SERVICES = {"新华社", "中新社"}
OWN_PAPER = "本报"


@dataclass
class DocumentTables:
    """The rows one document contributes to each table."""

    documents: list[dict]
    articles: list[dict]
    paragraphs: list[dict]
    sentences: list[dict]


def source_of(credit: str) -> str:
    """The news organisation named in an article's credit; `本报` (the page's own paper) if none."""
    for name in AGENCIES:
        if name in credit:
            return name
    return OWN_PAPER


def press_of(source: str) -> str:
    """`wire` for news-agency copy (新华社, 中新社), `paper` for a newspaper's own reporting."""
    return "wire" if source in WIRE_SERVICES else "paper"


def _records_and_meta(doc: Document) -> tuple[list[Record], metadata.Meta]:
    """The document's articles and furniture with their paper, date and page, and the document's own."""
    records = split_document(doc.text, doc.doc_id, doc.styles)
    return records, metadata.annotate(records, doc.path.name)


def records_of(doc: Document) -> list[Record]:
    """The document's articles and furniture, with their paper, date and page (metadata.py)."""
    return _records_and_meta(doc)[0]


def tables_of(doc: Document) -> DocumentTables:
    records, doc_meta = _records_and_meta(doc)
    articles, paragraphs, sentences = [], [], []
    for rec in records:
        articles.append(article_row(rec))
        offset = 0
        for p_no, para in enumerate(rec.paragraphs, start=1):
            pid = f"{rec.article_id}:p{p_no:02d}"
            paragraphs.append({
                "paragraph_id": pid, "article_id": rec.article_id, "doc_id": doc.doc_id, "seq": p_no,
                "is_subhead": para.is_subhead, "text": para.text,
                "line_start": para.line_start, "line_end": para.line_end,
            })
            if rec.kind == "article":
                for s_no, (a, b) in enumerate(split_sentences(para.text), start=1):
                    sentences.append({
                        "sentence_id": f"{pid}:s{s_no:02d}", "paragraph_id": pid,
                        "article_id": rec.article_id, "doc_id": doc.doc_id, "seq": s_no,
                        "start": offset + a, "end": offset + b, "text": para.text[a:b],
                    })
            offset += len(para.text) + 1  # the "\n" joining paragraphs in `body`
    n_art = sum(r.kind == "article" for r in records)
    documents = [{
        "doc_id": doc.doc_id,
        "path": paths.relative(doc.path),
        "encoding": doc.encoding,
        "script": doc.script,
        "n_pages": max((r.page for r in records), default=1),
        "n_lines": doc.text.count("\n") + 1,
        "n_chars": len(re.sub(r"\s", "", doc.text)),
        "n_articles": n_art,
        "n_furniture": len(records) - n_art,
        "sha256": hashlib.sha256(doc.path.read_bytes()).hexdigest()[:16],
        "paper": doc_meta.paper,
        "date": doc_meta.date,
        "edition_page": doc_meta.edition_page,
    }]
    return DocumentTables(documents, articles, paragraphs, sentences)


def article_row(rec: Record) -> dict:
    return {
        "article_id": rec.article_id,
        "doc_id": rec.doc_id,
        "page": rec.page,
        "paper": rec.paper,
        "date": rec.date,
        "edition_page": rec.edition_page,
        "kind": rec.kind,
        "role": rec.role,
        "headline": rec.headline,
        "subheadline": rec.subheadline,
        "credit": rec.credit,
        "continued_from": rec.continued_from,
        "subheads": json.dumps(rec.subheads, ensure_ascii=False),
        "body": rec.body,
        "line_start": rec.line_start,
        "line_end": rec.line_end,
        "n_chars": len(re.sub(r"\s", "", rec.body)),
        "source": source_of(rec.credit) if rec.kind == "article" else "",
        "press": press_of(source_of(rec.credit)) if rec.kind == "article" else "",
    }


def frames(docs: list[Document]) -> dict[str, pd.DataFrame]:
    """All tables for a list of documents, in a stable order."""
    parts = [tables_of(d) for d in sorted(docs, key=lambda d: d.doc_id)]
    out = {}
    for name in schema.STRUCTURE:
        rows = [row for part in parts for row in getattr(part, name)]
        out[name] = pd.DataFrame(rows, columns=schema.columns(name))
    return out


def read_table(name: str, corpus: os.PathLike | str | None = None) -> pd.DataFrame:
    path = paths.corpus_dir(corpus) / f"{name}.csv"
    if not path.is_file():
        raise FileNotFoundError(f"{paths.relative(path)} is missing: run `python -m helpers build` first")
    return _typed(name, pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=schema.text_columns(name)))


def parse_csv(name: str, text: str) -> pd.DataFrame:
    """A table from CSV text, with the same types read_table gives."""
    return _typed(name, pd.read_csv(io.StringIO(text), keep_default_na=False, dtype=schema.text_columns(name)))


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    restore_frame(df)  # cells neutralised against spreadsheet formulas (csvsafe) read back exactly
    if "subheads" in df:
        df["subheads"] = df["subheads"].map(json.loads)
    if name == "figures":  # numeric even when there is no figure, so filters and charts still work
        for col in ("value", "value_high"):
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
        for col in ("start", "end"):
            df[col] = df[col].astype(int)
    return df




def load_inputs(inputs) -> tuple[list[Document], list[InputError]]:
    try:
        files = expand_inputs(inputs)
    except InputError as err:
        return [], [err]
    return load_documents(files)


SAMPLE_DOC_ID = "000_aca574e4d70bbf4d"


def load_tables(corpus: os.PathLike | str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of a built corpus."""
    return {name: read_table(name, corpus) for name in schema.NAMES}


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
    for doc in tables["documents"].itertuples():
        text = load_document(_source_path(doc.path)).text
        page = Counter(re.sub(r"\s", "", normalise_width(text)))
        recs = tables["articles"][tables["articles"]["doc_id"] == doc.doc_id]
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
