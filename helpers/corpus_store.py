"""Reading the built corpus tables back, with the types schema.py gives them, and writing their
Parquet copies.

Each table is a UTF-8 CSV with a BOM (so Excel shows Chinese) and, beside it, the same table in
Parquet (columnar: a reader loads only the columns it asks for). Cells that a spreadsheet would
run as a formula are neutralised in the CSV (csvsafe.py) and restored when read; the Parquet file
holds the text as printed. `read_table` gives the same DataFrame from either file.
"""
from __future__ import annotations

import io
import json
import os
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from . import paths, schema
from .csvsafe import restore, restore_frame
from .loading import Document, InputError, expand_inputs, load_documents

# Parquet writer settings, fixed so that the same CSV always gives the same Parquet bytes: one
# compression codec and level, no page index, and row groups cut where the rows read so far reach
# ROW_GROUP_ROWS or ROW_GROUP_BYTES, each written from one contiguous array per column. The CSV is
# read single-threaded in blocks of a fixed size, so the cuts depend on the CSV bytes alone, and
# memory stays flat: one block and at most one row group of a table are held at a time, about 100 MiB
# whatever the corpus size. (Parsing a block of short token rows takes about 40 times the block in
# memory: hence small blocks, grown only for a table with a row longer than a block.)
ROW_GROUP_ROWS = 65_536
ROW_GROUP_BYTES = 4 << 20
CSV_BLOCK = 256 << 10
PARQUET_OPTIONS = dict(compression="zstd", compression_level=3, use_dictionary=True, write_statistics=True,
                       version="2.6", data_page_version="1.0", write_page_index=False, store_schema=True)
CSV_SIZE_KEY = b"helpers.csv_bytes"  # in the Parquet file: the size of the CSV it was written from


def read_table(name: str, corpus: os.PathLike | str | None = None, columns: list[str] | None = None) -> pd.DataFrame:
    """One corpus table (or only `columns` of it, in that order), typed as schema.py says.

    Reads the Parquet file when it is the current copy of the CSV (written from a CSV of the CSV's
    present size, and not older than it), else the CSV: a CSV edited or pulled since the build is
    never shadowed by a stale Parquet file. Both give the same DataFrame.
    """
    cols = _columns(name, columns)
    folder = paths.corpus_dir(corpus)
    csv_path, parquet_path = folder / f"{name}.csv", folder / f"{name}.parquet"
    if parquet_is_current(csv_path, parquet_path):
        return read_parquet(name, parquet_path, cols)
    if not csv_path.is_file():
        raise FileNotFoundError(f"{paths.relative(csv_path)} is missing: run `python -m helpers build` first")
    text = {c: str for c in cols if schema.TABLES[name][c] in ("str", "json")}
    df = pd.read_csv(csv_path, encoding="utf-8-sig", keep_default_na=False, usecols=cols, dtype=text)
    return _typed(name, df)[cols]


def _columns(name: str, columns) -> list[str]:
    if name not in schema.TABLES:
        raise ValueError(f"no table {name!r}: the tables are {', '.join(schema.NAMES)}")
    if columns is None:
        return schema.columns(name)
    if isinstance(columns, str):
        columns = [columns]
    unknown = [c for c in columns if c not in schema.TABLES[name]]
    if unknown:
        raise ValueError(f"{name} has no column {', '.join(map(repr, unknown))}: its columns are "
                         f"{', '.join(schema.columns(name))}")
    return list(dict.fromkeys(columns))


def parse_csv(name: str, text: str) -> pd.DataFrame:
    """A table from CSV text, with the same types read_table gives."""
    return _typed(name, pd.read_csv(io.StringIO(text), keep_default_na=False, dtype=schema.text_columns(name)))


def _typed(name: str, df: pd.DataFrame) -> pd.DataFrame:
    """The columns of a table read from CSV given their schema types (also when the table is empty)."""
    restore_frame(df)  # cells neutralised against spreadsheet formulas (csvsafe) read back exactly
    kinds = schema.TABLES[name]
    for col in df.columns:
        kind = kinds[col]
        if kind == "json":
            df[col] = pd.Series([json.loads(v) for v in df[col]], index=df.index, dtype=object)
        elif kind == "float":  # numeric even when there is no figure, so filters and charts still work
            df[col] = pd.to_numeric(df[col], errors="coerce").astype(float)
        elif df[col].dtype != schema.PANDAS_DTYPES[kind]:  # an empty table's columns come back as text
            df[col] = df[col].astype(schema.PANDAS_DTYPES[kind])
    return df


def load_tables(corpus: os.PathLike | str | None = None) -> dict[str, pd.DataFrame]:
    """Every table of a built corpus."""
    return {name: read_table(name, corpus) for name in schema.NAMES}


class Tables(Mapping):
    """The tables of a built corpus, each read the first time it is asked for: a notebook that looks
    at articles never holds the token table of a year of pages (12 million rows) in memory."""

    def __init__(self, corpus: os.PathLike | str | None = None):
        self.folder = paths.corpus_dir(corpus)
        for name in schema.NAMES:  # a missing table is said at once, not at the first use far below
            if not (self.folder / f"{name}.csv").is_file() and not (self.folder / f"{name}.parquet").is_file():
                read_table(name, self.folder)
        self._read: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in schema.TABLES:
            raise KeyError(name)
        if name not in self._read:
            self._read[name] = read_table(name, self.folder)
        return self._read[name]

    def __iter__(self):
        return iter(schema.NAMES)

    def __len__(self) -> int:
        return len(schema.NAMES)


def load_inputs(inputs) -> tuple[list[Document], list[InputError]]:
    try:
        files = expand_inputs(inputs)
    except InputError as err:
        return [], [err]
    return load_documents(files)


# --- Parquet ------------------------------------------------------------------------------------------


def parquet_is_current(csv_path: Path, parquet_path: Path) -> bool:
    """Whether the Parquet file may stand for the CSV: readable, written from a CSV of the CSV's
    present size, and not older than it (a corpus with no CSV at all is read from Parquet)."""
    try:
        parquet_stat = parquet_path.stat()
        import pyarrow.parquet as pq
    except (OSError, ImportError):
        return False
    try:
        csv_stat = csv_path.stat()
    except FileNotFoundError:
        return True
    if parquet_stat.st_mtime_ns < csv_stat.st_mtime_ns:
        return False
    try:
        meta = pq.read_schema(parquet_path).metadata or {}
    except Exception:  # a damaged or foreign file: the CSV is the table
        return False
    return meta.get(CSV_SIZE_KEY) == str(csv_stat.st_size).encode()


def read_parquet(name: str, path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Columns of a table's Parquet file, as the DataFrame read_table gives from its CSV."""
    import pyarrow.parquet as pq

    cols = _columns(name, columns)
    _return_freed_memory()
    file = pq.ParquetFile(path)
    data = {}
    for col in cols:  # one column at a time, so reading holds one column twice, not the whole table
        column = file.read(columns=[col]).column(col)
        kind = schema.TABLES[name][col]
        if kind == "json":
            data[col] = pd.Series(column.to_pylist(), dtype=object)
        else:
            data[col] = column.to_pandas().astype(schema.PANDAS_DTYPES[kind])
        del column
    return pd.DataFrame(data, columns=cols, index=pd.RangeIndex(file.metadata.num_rows))


def _return_freed_memory() -> None:
    """Let pyarrow allocate with the system allocator, which gives freed memory back.

    pandas keeps text columns in Arrow memory. pyarrow's default pool (mimalloc) keeps what is freed
    for reuse, so a kernel that read a year of tokens (12 million rows) and filtered them a few
    times held twice the memory its tables need (measured on 3,000 pages: 2.0 GB against 1.1 GB)."""
    import pyarrow as pa

    if pa.default_memory_pool().backend_name != "system":
        pa.set_memory_pool(pa.system_memory_pool())


def write_parquet(name: str, csv_path: Path, parquet_path: Path) -> int:
    """The table's CSV file (as the build wrote it) written again as Parquet, batch by batch so memory
    stays flat, with the Arrow types of schema.py and the text as printed; returns the row count.
    The same CSV bytes always give the same Parquet bytes (see PARQUET_OPTIONS)."""
    import pyarrow as pa

    block = CSV_BLOCK
    while True:
        try:
            return _write_parquet(name, csv_path, parquet_path, block)
        except pa.ArrowInvalid as err:
            if "straddl" not in str(err) or block >= 1 << 31:  # a row longer than a block: larger blocks
                raise
            block *= 8


def _write_parquet(name: str, csv_path: Path, parquet_path: Path, block: int) -> int:
    import pyarrow as pa
    import pyarrow.csv as pacsv
    import pyarrow.parquet as pq

    target = schema.arrow_schema(name).with_metadata(
        {b"helpers.table": name.encode(), CSV_SIZE_KEY: str(csv_path.stat().st_size).encode()})
    kinds = schema.TABLES[name]
    as_read = {c: pa.string() if kind in ("str", "json") else target.field(c).type for c, kind in kinds.items()}
    reader = pacsv.open_csv(
        csv_path,
        read_options=pacsv.ReadOptions(block_size=block, use_threads=False, encoding="utf8"),
        parse_options=pacsv.ParseOptions(newlines_in_values=True),
        convert_options=pacsv.ConvertOptions(
            column_types=as_read, include_columns=list(kinds), strings_can_be_null=False,
            quoted_strings_can_be_null=False, null_values=[""], true_values=["True"], false_values=["False"]))
    pending: list = []
    n_rows = n_pending = n_bytes = 0
    with pq.ParquetWriter(parquet_path, target, **PARQUET_OPTIONS) as writer:
        for batch in reader:
            arrays = [_stored(batch.column(i), kinds[c], pa) for i, c in enumerate(batch.schema.names)]
            pending.append(pa.Table.from_arrays(arrays, schema=target))
            n_pending += batch.num_rows
            n_bytes += pending[-1].nbytes
            if n_pending >= ROW_GROUP_ROWS or n_bytes >= ROW_GROUP_BYTES:
                writer.write_table(pa.concat_tables(pending).combine_chunks(), row_group_size=n_pending)
                n_rows += n_pending
                pending, n_pending, n_bytes = [], 0, 0
        if pending:
            writer.write_table(pa.concat_tables(pending).combine_chunks(), row_group_size=n_pending)
            n_rows += n_pending
    return n_rows


def _stored(array, kind: str, pa):
    """A column of CSV text as Parquet stores it: neutralised cells restored, JSON lists as lists."""
    if kind == "json":
        return pa.array([json.loads(v) for v in array.to_pylist()], pa.list_(pa.string()))
    if kind == "str":
        import pyarrow.compute as pc

        if len(array) and pc.any(pc.starts_with(array, "'")).as_py():
            return pa.array([restore(v) for v in array.to_pylist()], pa.string())
    return array
