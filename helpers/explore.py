"""The corpus for a researcher's own questions, in three lines (see README, "Your own questions"):

    import helpers
    corpus = helpers.load_corpus()
    helpers.readable(corpus.figures.query("direction == 'down'"))
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from . import corpus as corpus_mod
from . import paths


@dataclass
class Corpus:
    """The built tables (columns in README, "The corpus tables"); `articles` holds articles only,
    `furniture` the page furniture kept apart from them."""

    documents: pd.DataFrame
    articles: pd.DataFrame
    furniture: pd.DataFrame
    paragraphs: pd.DataFrame
    sentences: pd.DataFrame
    tokens: pd.DataFrame
    figures: pd.DataFrame


def load_corpus(corpus_dir=None) -> Corpus:
    """The tables of a built corpus folder (default corpus/)."""
    tables = corpus_mod.load_tables(paths.corpus_dir(corpus_dir))
    is_article = tables["articles"]["kind"] == "article"
    return Corpus(
        documents=tables["documents"],
        articles=tables["articles"][is_article].reset_index(drop=True),
        furniture=tables["articles"][~is_article].reset_index(drop=True),
        paragraphs=tables["paragraphs"], sentences=tables["sentences"],
        tokens=tables["tokens"], figures=tables["figures"],
    )
