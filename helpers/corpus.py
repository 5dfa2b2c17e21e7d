"""The corpus: build its tables from page files, read them back, check them.

Tables (UTF-8 CSV with a BOM so Excel shows Chinese, and the same in Parquet beside them; columns
and types in schema.py and README.md): documents, articles, paragraphs, sentences, tokens,
figures. The work is split by job: corpus_rows.py (a document's rows), corpus_store.py (reading
tables back, writing their Parquet copies), corpus_checks.py (facts a reader can check); this
module gathers them under one name for notebooks and tests.
"""
from __future__ import annotations

from .corpus_checks import SAMPLE_DOC_ID, conservation, is_sample_corpus, misplaced, raw_beside_clean
from .corpus_rows import DocumentTables, article_row, frames, press_of, records_of, source_of, tables_of
from .corpus_store import Tables, load_inputs, load_tables, parse_csv, read_parquet, read_table, write_parquet

__all__ = ["DocumentTables", "SAMPLE_DOC_ID", "article_row", "conservation", "frames", "is_sample_corpus",
           "load_inputs", "misplaced", "load_tables", "parse_csv", "press_of", "raw_beside_clean", "read_parquet", "read_table",
           "records_of", "source_of", "Tables", "tables_of", "write_parquet"]
