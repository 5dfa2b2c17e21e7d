"""The corpus tables: their names, columns, types and id formats, defined once.

The build writes these columns in this order, `corpus.read_table` reads them with these types,
the command line prints them, and a test checks that README.md documents every one. The meaning
of each column is in README.md ("The corpus tables").
"""
from __future__ import annotations

# Types: "str" text (never a number, even when it looks like one: 版次 "02"), "int", "float",
# "bool", "json" (a JSON list in the CSV, a Python list when read).
TABLES: dict[str, dict[str, str]] = {
    "documents": {
        "doc_id": "str", "path": "str", "encoding": "str", "script": "str", "n_pages": "int", "n_lines": "int",
        "n_chars": "int", "n_articles": "int", "n_furniture": "int", "sha256": "str",
        "paper": "str", "date": "str", "edition_page": "str",
    },
    "articles": {
        "article_id": "str", "doc_id": "str", "page": "int", "paper": "str", "date": "str", "edition_page": "str",
        "kind": "str", "role": "str", "headline": "str", "subheadline": "str", "credit": "str",
        "continued_from": "str", "subheads": "json", "body": "str", "line_start": "int", "line_end": "int",
        "n_chars": "int", "source": "str", "press": "str",
    },
    "paragraphs": {
        "paragraph_id": "str", "article_id": "str", "doc_id": "str", "seq": "int", "is_subhead": "bool",
        "text": "str", "line_start": "int", "line_end": "int",
    },
    "sentences": {
        "sentence_id": "str", "paragraph_id": "str", "article_id": "str", "doc_id": "str", "seq": "int",
        "start": "int", "end": "int", "text": "str",
    },
    "tokens": {
        "article_id": "str", "sentence_id": "str", "position": "int", "token": "str", "pos": "str",
        "is_stopword": "bool",
    },
    "figures": {
        "figure_id": "str", "doc_id": "str", "article_id": "str", "sentence_id": "str", "start": "int", "end": "int",
        "surface": "str", "value": "float", "value_high": "float", "unit": "str", "currency": "str", "qualifier": "str",
        "kind": "str", "change": "str", "direction": "str", "subject": "str", "context": "str",
    },
}
# Ids: DOC:a01 article, DOC:f01 furniture, ARTICLE:p01 paragraph, PARAGRAPH:s01 sentence,
# SENTENCE:f01 figure; DOC is the file name without its extension.
ID_FORMATS = {
    "article_id": r"^.+:[af]\d{2,}$", "paragraph_id": r"^.+:[af]\d{2,}:p\d{2,}$",
    "sentence_id": r"^.+:a\d{2,}:p\d{2,}:s\d{2,}$", "figure_id": r"^.+:a\d{2,}:p\d{2,}:s\d{2,}:f\d{2,}$",
}
STRUCTURE = ["documents", "articles", "paragraphs", "sentences"]  # from splitting, cached per file
ANALYSIS = ["tokens", "figures"]  # from segmentation and extraction, cached per file and lexicon
NAMES = STRUCTURE + ANALYSIS


def columns(table: str) -> list[str]:
    return list(TABLES[table])


def text_columns(table: str) -> dict[str, type]:
    """The columns pandas must read as text (so `02` stays `02` and an empty cell stays '')."""
    return {c: str for c, kind in TABLES[table].items() if kind in ("str", "json")}


# The same types in pandas (what read_table returns, from CSV or Parquet) and in Arrow (how the
# build writes the Parquet files). "json" is a list of strings: JSON text in the CSV, a Parquet list.
PANDAS_DTYPES = {"str": "str", "int": "int64", "float": "float64", "bool": "bool", "json": "object"}


def arrow_schema(table: str):
    """The table's Parquet schema (pyarrow, imported only when asked); only floats may be missing."""
    import pyarrow as pa

    types = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
             "json": pa.list_(pa.string())}
    return pa.schema([pa.field(c, types[kind], nullable=kind == "float") for c, kind in TABLES[table].items()])
