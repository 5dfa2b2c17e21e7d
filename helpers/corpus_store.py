"""Reading the built corpus tables back, with the types schema.py gives them.

Tables are UTF-8 CSV with a BOM so Excel shows Chinese; cells that a spreadsheet would run as a
formula were neutralised when written (csvsafe.py) and are restored here.
"""
from __future__ import annotations

import io
import json
import os

import pandas as pd

from . import paths, schema
from .csvsafe import restore_frame
from .loading import Document, InputError, expand_inputs, load_documents


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


def load_tables(corpus: os.PathLike | str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of a built corpus."""
    return {name: read_table(name, corpus) for name in schema.NAMES}


def load_inputs(inputs) -> tuple[list[Document], list[InputError]]:
    try:
        files = expand_inputs(inputs)
    except InputError as err:
        return [], [err]
    return load_documents(files)
