"""What a reader sees: Chinese labels for column names and codes, and tables formatted for people.

The labels are data (lexicon/labels.csv; CAP topics and themes label themselves in their own
files). `readable(df)` is what a notebook shows a reader: Chinese column headers, codes as their
labels, numbers with thousands separators and no scientific notation, empty cells for missing
values, no row index.
"""
from __future__ import annotations

import hashlib
import math
import os
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .lexicon import LexiconError, read_rows

LABELS = "labels.csv"


@lru_cache(maxsize=4)
def _read(path: Path, mtime: float) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {}
    for no, row in read_rows(path, ["field", "code", "label"]):
        if not all(row.values()):
            raise LexiconError(path, no, "field, code and label are all needed")
        table.setdefault(row["field"], {})[row["code"]] = row["label"]
    return table


def labels(field: str) -> dict[str, str]:
    """code -> label for one field (`column` for column names); read again when the file changes."""
    path = _labels_path(paths.LEXICON)
    return _read(path, os.stat(path).st_mtime).get(field, {})


@lru_cache(maxsize=4)
def _labels_path(folder: Path) -> Path:
    # Article pages ask for labels a million times on a year of pages: the path is joined once.
    return folder / LABELS


def label(field: str, code) -> str:
    """The label of one code, or the code itself when it has none."""
    return labels(field).get(str(code), "" if _missing(code) else str(code))


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def number(value, unit: str = "") -> str:
    """A number as people write it: 1,074亿, 6.1, 12.5万, 30万亿 (from 10,000 up), with its unit."""
    if _missing(value) or value == "":
        return ""
    value = float(value)
    for scale, name in ((1e12, "万亿"), (1e8, "亿"), (1e4, "万")):
        if abs(value) >= scale and unit not in ("%", "百分点", "基点", "倍"):
            return f"{_digits(value / scale)}{name}{unit}"
    return f"{_digits(value)}{unit}"


def _digits(value: float) -> str:
    """Up to four decimals, no trailing zeros, thousands separated, never 1e+11."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Headlines and titles in charts and tables are cut to this many characters, with an ellipsis.
TITLE_CHARS = 16
# A subhead shorter than this (均衡, 流动 on the sample page) names a part, not the article.
MIN_SUBHEAD_CHARS = 4


def shorten(text: str, width: int = TITLE_CHARS) -> str:
    """`text` cut to `width` characters with an ellipsis, never cut silently."""
    return text if len(text) <= width else text[: width - 1] + "…"


def title(headline: str, subheads=(), body: str = "", width: int = TITLE_CHARS) -> str:
    """What to call an article: its headline, or for an untitled continuation （续）and its first
    subhead or first sentence."""
    if headline:
        return shorten(headline, width)
    first = next((s for s in subheads if len(s) >= MIN_SUBHEAD_CHARS), "") or body.split("。")[0]
    return shorten("（续）" + first, width)


def titles(articles: pd.DataFrame, width: int = TITLE_CHARS) -> pd.Series:
    """title() of every article row, indexed like `articles`."""
    return pd.Series([title(h, s, b, width) for h, s, b in zip(articles["headline"], articles["subheads"], articles["body"])],
                     index=articles.index)


class Readable:
    """A table shown to a reader: HTML without the row index, and the same text every run (a
    Styler's own repr names a memory address, which would change a stored notebook each time)."""

    def __init__(self, shown: pd.DataFrame, name: str = "表格"):
        self.frame = shown
        self.name = name  # the downloaded CSV file's name

    def _repr_html_(self) -> str:
        from .tables import interactive

        # corpus text is data, never markup: escape it as DataFrame.to_html does (a Styler does not)
        styler = self.frame.style.hide(axis="index").format(escape="html")
        # a fixed element id from the content, so two runs write the same bytes
        uuid = hashlib.sha256(self.frame.to_csv().encode("utf-8")).hexdigest()[:8]
        styler.set_uuid(uuid)
        return interactive(styler.to_html(), f"T_{uuid}", len(self.frame), self.name)

    def __repr__(self) -> str:
        return self.frame.to_string(index=False) if len(self.frame) else "（空表）"


def readable(frame: pd.DataFrame, name: str = "表格") -> Readable:
    """`frame` as a reader sees it: labelled codes, formatted numbers, Chinese headers, no index;
    sortable, searchable, paged when long, with a CSV download named `name` (helpers.tables)."""
    shown = frame.copy()
    for column in shown.columns:
        shown[column] = _readable_values(column, shown[column])
    shown.columns = [labels("column").get(str(c), str(c)) for c in shown.columns]
    return Readable(shown.reset_index(drop=True), name)


def _readable_values(column: str, values: pd.Series) -> pd.Series:
    codes = labels(column)
    if codes:
        return values.map(lambda v: codes.get(str(v), "" if _missing(v) else v))
    if pd.api.types.is_bool_dtype(values):
        return values.map({True: "是", False: "否"})
    if pd.api.types.is_numeric_dtype(values):
        return values.map(lambda v: "" if _missing(v) else _digits(float(v)))
    return values.map(lambda v: "" if _missing(v) else ("、".join(map(str, v)) if isinstance(v, list) else v))
