"""The corpus for a researcher's own questions, in three lines (see README, "Your own questions"):

    import helpers
    corpus = helpers.load_corpus()
    helpers.readable(corpus.figures.query("direction == 'down'"))
"""
from __future__ import annotations

from functools import cached_property

import pandas as pd

from . import corpus as corpus_mod
from . import paths


class Corpus:
    """The built tables (columns in README, "The corpus tables"); `articles` holds articles only,
    `furniture` the page furniture kept apart from them. Each table is read when first used, so
    looking at the articles of a year of pages never loads its 12 million tokens."""

    def __init__(self, tables: corpus_mod.Tables):
        self._tables = tables

    documents = property(lambda self: self._tables["documents"])
    paragraphs = property(lambda self: self._tables["paragraphs"])
    sentences = property(lambda self: self._tables["sentences"])
    tokens = property(lambda self: self._tables["tokens"])
    figures = property(lambda self: self._tables["figures"])

    @cached_property
    def articles(self) -> pd.DataFrame:
        records = self._tables["articles"]
        return records[records["kind"] == "article"].reset_index(drop=True)

    @cached_property
    def furniture(self) -> pd.DataFrame:
        records = self._tables["articles"]
        return records[records["kind"] != "article"].reset_index(drop=True)


def load_corpus(corpus_dir=None) -> Corpus:
    """The tables of a built corpus folder (default corpus/)."""
    return Corpus(corpus_mod.Tables(paths.corpus_dir(corpus_dir)))
