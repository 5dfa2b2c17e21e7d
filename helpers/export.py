"""`python -m helpers export --format csv|xlsx [--corpus DIR] --out DIR`: the corpus for spreadsheets.

A build replaces corpus/ whole, so work done on its files in Excel is lost at the next build; an
export is a copy to keep, read through `read_table` (from Parquet or CSV) so it needs only a built
corpus.

- csv: one file per table, UTF-8 with a BOM, formula-safe cells (csvsafe.py): the same bytes as the
  corpus CSV files the build writes (copied from them; written from the Parquet files when a corpus
  has only those).
- xlsx: one workbook (`corpus.xlsx`, openpyxl) with a sheet per table, the header row frozen,
  numbers as numbers, every text cell stored as text (a headline `=HYPERLINK(…)` is shown, never
  run, and needs no apostrophe). Excel's limits are kept, and said: a table of more than 1,048,575
  rows continues on a sheet `tokens_2`, …; a cell over 32,767 characters is cut, and characters XML
  cannot hold (control characters) are dropped, with a note on stderr naming the table and count.
  The workbook carries no time of saving, so the same corpus gives the same bytes.

The output folder must be new, empty, or an earlier export; it is written in a staging folder
beside it and replaces it in one rename, so a failed export leaves it as it was.
"""
from __future__ import annotations

import json
import math
import re
import shutil
import sys
from pathlib import Path

from . import paths, schema
from .corpus_store import read_table
from .csvsafe import neutralise
from .io import foreign_files, staged_dir
from .loading import InputError

FORMATS = ("csv", "xlsx")
WORKBOOK = "corpus.xlsx"
EXCEL_ROWS = 1_048_576 - 1  # data rows on one sheet, under the header
EXCEL_CELL = 32_767  # characters in one cell
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what XML 1.0 (and so openpyxl) cannot hold


def export_files() -> set[str]:
    """Every file an export may write: a folder holding only these may be replaced."""
    return {f"{name}.csv" for name in schema.NAMES} | {WORKBOOK}


def export(corpus: Path | str | None, out: Path | str, fmt: str = "csv", log=None) -> list[Path]:
    """Write the tables of `corpus` to the folder `out`; returns the files written."""
    log = log or sys.stderr
    corpus, out = paths.corpus_dir(corpus), Path(out)
    if fmt not in FORMATS:
        raise InputError(fmt, f"unknown export format (choose {' or '.join(FORMATS)})")
    openpyxl = _require_openpyxl() if fmt == "xlsx" else None
    read_table("documents", corpus, columns=["doc_id"])  # a built corpus is there, before anything is written
    _check_out(out, corpus)
    with staged_dir(out) as stage:
        if fmt == "csv":
            for name in schema.NAMES:
                if (corpus / f"{name}.csv").is_file():  # the same bytes: copied, however large the table
                    shutil.copyfile(corpus / f"{name}.csv", stage / f"{name}.csv")
                else:  # a corpus of Parquet files only
                    write_csv(read_table(name, corpus), name, stage / f"{name}.csv")
        else:
            write_workbook(corpus, stage / WORKBOOK, openpyxl, log)
        names = sorted(p.name for p in stage.iterdir())
    print(f"exported {paths.relative(corpus)} to {paths.relative(out)}: {', '.join(names)}", file=log)
    return [out / name for name in names]


def _require_openpyxl():
    try:
        import openpyxl
    except ImportError:
        raise InputError("--format xlsx", "needs openpyxl (pip install -r requirements.txt); "
                         "--format csv needs nothing more") from None
    return openpyxl


def _check_out(out: Path, corpus: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(out, "is a file, not a folder")
    if out.resolve() == corpus.resolve():
        raise InputError(out, "is the corpus folder: export to another folder")
    if out.is_dir() and (foreign := foreign_files(out, export_files())):
        raise InputError(out, f"holds files an export did not write ({foreign}); choose a new or empty folder")


def write_csv(df, name: str, path: Path) -> None:
    """A table as the build writes it: UTF-8 with a BOM, JSON lists as JSON text, formula-safe text."""
    kinds = schema.TABLES[name]
    out = df.copy()
    for col in out.columns:
        if kinds[col] == "json":
            out[col] = [json.dumps(v, ensure_ascii=False) for v in out[col]]
        if kinds[col] in ("str", "json"):
            out[col] = out[col].map(neutralise).astype(object)
    path.write_bytes(("\ufeff" + out.to_csv(index=False, lineterminator="\n")).encode("utf-8"))


def write_workbook(corpus: Path, path: Path, openpyxl, log) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    bold = Font(bold=True)
    for name in schema.NAMES:
        df = read_table(name, corpus)
        kinds = [schema.TABLES[name][c] for c in df.columns]
        columns = [df[c].tolist() for c in df.columns]
        counts = {"cut": 0, "dropped": 0}
        n_sheets = max(1, math.ceil(len(df) / EXCEL_ROWS))
        for k in range(n_sheets):
            ws = wb.create_sheet(name if k == 0 else f"{name}_{k + 1}")
            ws.freeze_panes = "A2"
            header = []
            for col in df.columns:
                cell = WriteOnlyCell(ws, value=col)
                cell.font = bold
                header.append(cell)
            ws.append(header)
            for i in range(k * EXCEL_ROWS, min(len(df), (k + 1) * EXCEL_ROWS)):
                ws.append([_cell(ws, col[i], kind, counts, WriteOnlyCell) for col, kind in zip(columns, kinds)])
        if n_sheets > 1:
            print(f"note: {name}: {len(df):,} rows, more than one Excel sheet holds: continued on "
                  f"{', '.join(f'{name}_{k + 1}' for k in range(1, n_sheets))}", file=log)
        if counts["cut"]:
            print(f"note: {name}: {counts['cut']} cell(s) longer than Excel's {EXCEL_CELL:,} characters cut "
                  f"(the CSV export keeps the whole text)", file=log)
        if counts["dropped"]:
            print(f"note: {name}: control characters Excel cannot hold dropped from {counts['dropped']} cell(s)",
                  file=log)
    wb.save(path)
    _without_save_times(path)


# openpyxl stamps the time of saving into a workbook, in its properties and on every file of the zip,
# so the same corpus would give different bytes at each export and git would see a change each time.
_SAVE_TIMES = re.compile(rb"<dcterms:(created|modified)\b[^>]*>[^<]*</dcterms:\1>")
_NO_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold


def _without_save_times(path: Path) -> None:
    """The workbook at `path` rewritten without the time it was saved: the same tables, the same bytes."""
    import zipfile

    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=_NO_DATE)
            entry.compress_type, entry.external_attr = zipfile.ZIP_DEFLATED, item.external_attr
            if item.filename == "docProps/core.xml":
                dst.writestr(entry, _SAVE_TIMES.sub(b"", src.read(item)))
                continue
            with src.open(item) as data, dst.open(entry, "w") as out:  # sheets can be large: streamed
                shutil.copyfileobj(data, out)
    tmp.replace(path)


def _cell(ws, value, kind: str, counts: dict, WriteOnlyCell):
    """One value as Excel should hold it: numbers as numbers, empty for a missing number, text as text."""
    if kind == "float":
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else value
    if kind in ("int", "bool"):
        return value
    text = json.dumps(value, ensure_ascii=False) if kind == "json" else value
    if _ILLEGAL.search(text):
        text = _ILLEGAL.sub("", text)
        counts["dropped"] += 1
    if len(text) > EXCEL_CELL:
        text = text[:EXCEL_CELL - 1] + "…"
        counts["cut"] += 1
    if text[:1] == "=":  # openpyxl would store it as a formula: store it as the text it is
        cell = WriteOnlyCell(ws, value=text)
        cell.data_type = "s"
        return cell
    return text
