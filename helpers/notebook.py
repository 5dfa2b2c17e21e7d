"""What every notebook does first: display settings, Chinese plots, and the corpus tables."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import corpus, paths, plotting


@dataclass
class Session:
    corpus_dir: Path
    tables: corpus.Tables  # each table read when first asked for
    articles: pd.DataFrame  # articles only (no furniture), in corpus order
    sample: bool  # the corpus is the sample page, so checks of its known facts apply


def start(corpus_dir=None) -> Session:
    """Set pandas display options and the Chinese plot font, and load the corpus tables."""
    plotting.setup()
    _load_interactive_tables()
    pd.set_option("display.max_colwidth", 80)
    pd.set_option("display.max_rows", 200)
    pd.set_option("display.float_format", "{:,.10g}".format)
    folder = paths.corpus_dir(corpus_dir)
    tables = corpus.Tables(folder)
    articles = tables["articles"].query("kind == 'article'").reset_index(drop=True)
    _SHORT_IDS.clear()
    _SHORT_IDS.update(short_ids(tables["articles"]["article_id"]))
    return Session(folder, tables, articles, corpus.is_sample_corpus(tables["documents"]))


def _load_interactive_tables() -> None:
    """Put the offline table code on the page once, so every readable() table below can sort,
    search, page and download (see helpers.tables)."""
    from IPython import get_ipython
    from IPython.display import HTML, display

    from .tables import bundle

    if get_ipython() is not None:
        display(HTML(bundle()))


# article_id -> its short name in tables, set by start() for the corpus at hand
_SHORT_IDS: dict[str, str] = {}


def short_ids(article_ids) -> dict[str, str]:
    """Short names that tell articles apart: `a01` when all come from one document, else the
    document's number in the corpus before it (`2·a01`), since every document has its own a01."""
    ids = list(dict.fromkeys(article_ids))
    docs = list(dict.fromkeys(a.rsplit(":", 1)[0] for a in ids))
    number = {d: k for k, d in enumerate(docs, start=1)}
    if len(docs) <= 1:
        return {a: a.rsplit(":", 1)[-1] for a in ids}
    return {a: f"{number[a.rsplit(':', 1)[0]]}·{a.rsplit(':', 1)[-1]}" for a in ids}


def short_id(article_id: str) -> str:
    """The short name of an article in this corpus' tables (see short_ids)."""
    return _SHORT_IDS.get(article_id) or article_id.rsplit(":", 1)[-1]


def caption(text: str) -> None:
    """A line of text above or between tables, escaped (it may quote the corpus). Shown as a
    display, not printed, so that its place among the tables never depends on when the kernel
    flushes its output stream."""
    import html

    from IPython.display import HTML, display

    display(HTML(f"<p>{html.escape(text)}</p>"))
