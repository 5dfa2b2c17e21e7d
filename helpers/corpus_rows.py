"""The rows each document gives the structure tables (documents, articles, paragraphs, sentences).

A document is split into records (articles.py), annotated with its paper, date and page
(metadata.py), and each record becomes an article row with its paragraphs and sentences.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from . import metadata, paths, schema
from .articles import Record, split_document
from .loading import Document
from .sentences import split_sentences


@dataclass
class DocumentTables:
    """The rows one document contributes to each table."""

    documents: list[dict]
    articles: list[dict]
    paragraphs: list[dict]
    sentences: list[dict]


OWN_PAPER = "本报"  # the source of an article whose credit names no outlet: the page's own paper


def source_of(credit: str, outlets: tuple | None = None) -> str:
    """The news organisation (lexicon/outlets.csv, or `outlets` as read from it) named in an
    article's credit, longest name first (人民日报海外版 before 人民日报); `本报` if none."""
    return next((o.name for o in _longest_first(outlets or metadata.outlets()) if o.name in credit), OWN_PAPER)


def press_of(source: str, outlets: tuple | None = None) -> str:
    """`wire` for a news agency's copy (kind agency in lexicon/outlets.csv: 新华社, 中新社), `paper`
    for a newspaper's or site's own reporting."""
    return "wire" if source in _agency_names(outlets or metadata.outlets()) else "paper"


@lru_cache(maxsize=4)
def _longest_first(outlets: tuple) -> tuple:
    return tuple(sorted(outlets, key=lambda o: -len(o.name)))


@lru_cache(maxsize=4)
def _agency_names(outlets: tuple) -> frozenset[str]:
    return frozenset(o.name for o in outlets if o.kind == "agency")


def _records_and_meta(doc: Document) -> tuple[list[Record], metadata.Meta]:
    """The document's articles and furniture with their paper, date and page, and the document's own."""
    records = split_document(doc.text, doc.doc_id, doc.styles)
    return records, metadata.annotate(records, doc.path.name)


def records_of(doc: Document) -> list[Record]:
    """The document's articles and furniture, with their paper, date and page (metadata.py)."""
    return _records_and_meta(doc)[0]


def tables_of(doc: Document) -> DocumentTables:
    records, doc_meta = _records_and_meta(doc)
    outlets = metadata.outlets()  # once for the document: each read checks the lexicon file
    articles, paragraphs, sentences = [], [], []
    for rec in records:
        articles.append(article_row(rec, outlets))
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
        "n_chars": _visible_chars(doc.text),
        "n_articles": n_art,
        "n_furniture": len(records) - n_art,
        "sha256": hashlib.sha256(doc.path.read_bytes()).hexdigest()[:16],
        "paper": doc_meta.paper,
        "date": doc_meta.date,
        "edition_page": doc_meta.edition_page,
    }]
    return DocumentTables(documents, articles, paragraphs, sentences)


def article_row(rec: Record, outlets: tuple | None = None) -> dict:
    """The articles-table row of a record; `outlets` as metadata.outlets() reads them."""
    source = source_of(rec.credit, outlets) if rec.kind == "article" else ""
    body = rec.body  # joined from the paragraphs at each reading
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
        "body": body,
        "line_start": rec.line_start,
        "line_end": rec.line_end,
        "n_chars": _visible_chars(body),
        "source": source,
        "press": press_of(source, outlets) if rec.kind == "article" else "",
    }


def _visible_chars(text: str) -> int:
    """How many characters are not whitespace (`\\s` and str.split agree on what is), counted
    without building the text stripped of it."""
    return sum(map(len, text.split()))


def frames(docs: list[Document]) -> dict[str, pd.DataFrame]:
    """All tables for a list of documents, in a stable order."""
    parts = [tables_of(d) for d in sorted(docs, key=lambda d: d.doc_id)]
    out = {}
    for name in schema.STRUCTURE:
        rows = [row for part in parts for row in getattr(part, name)]
        out[name] = pd.DataFrame(rows, columns=schema.columns(name))
    return out
