"""CSV cells that Excel will not run as formulas, and back.

The corpus tables are CSV so that a researcher can open them in Excel; a headline or file name
that begins `=HYPERLINK(…)`, `@SUM(…)` or `+cmd|…` would then be a live formula. Following the
OWASP rule, a text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
leading apostrophe, unless the cell is a number. The rule is made reversible, so the tables stay
exact for everything that reads them through `corpus.read_table`: a cell that begins with
apostrophes followed by such a character gets one more apostrophe on writing, and loses one on
reading. In Excel the apostrophe shows; in pandas, the notebooks and the command line it never does.
"""
from __future__ import annotations

import re

import pandas as pd

TRIGGERS = "=+-@\t\r"
_FIRST = frozenset(TRIGGERS + "'")  # a cheap first test: most cells start with a Chinese character
_TRIGGER = "[" + re.escape(TRIGGERS) + "]"
_NEEDS_QUOTE = re.compile("'*" + _TRIGGER)
_QUOTED = re.compile("'+" + _TRIGGER)
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def neutralise(value):
    """The cell as written: text that a spreadsheet would run gets a leading apostrophe."""
    if type(value) is str and value and value[0] in _FIRST and _NEEDS_QUOTE.match(value) \
            and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def restore(value):
    """The cell as it was before neutralise()."""
    if type(value) is str and value[:1] == "'" and _QUOTED.match(value):
        return value[1:]
    return value


def neutralise_row(row: tuple) -> tuple:
    return tuple(map(neutralise, row))


def restore_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Every text column of a table read from CSV, restored in place (only where a cell needs it)."""
    for col in df.columns:
        if df[col].dtype == object or pd.api.types.is_string_dtype(df[col]):
            quoted = df[col].astype(str).str.startswith("'")
            if quoted.any():
                df.loc[quoted, col] = df.loc[quoted, col].map(restore)
    return df


# The characters a formula may begin with: rare in Chinese text, so a search for them is quick.
_TRIGGER_CHAR = re.compile(_TRIGGER)


def may_need_neutralising(rendered: str) -> bool:
    """Whether any cell of CSV rows written without neutralise() might have needed it. False is
    certain; True may be a false alarm (a negative number, a line break inside a quoted cell).
    Checking the written text once is cheaper than calling neutralise() on every cell."""
    return any(_starts_cell(rendered, m.start()) for m in _TRIGGER_CHAR.finditer(rendered))


def _starts_cell(rendered: str, pos: int) -> bool:
    """Whether the character at `pos` begins a cell, after any apostrophes and an opening quote
    (as the csv module writes it: at the start of a line or after a comma)."""
    while pos and rendered[pos - 1] == "'":
        pos -= 1
    if pos and rendered[pos - 1] == '"':
        pos -= 1
    return pos == 0 or rendered[pos - 1] in ",\n"
