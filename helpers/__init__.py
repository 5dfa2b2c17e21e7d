"""Helpers for research notebooks on Chinese policy news: load, clean, split, analyse.

Notebooks use these names; the command line (`python -m helpers`) calls the same functions.
"""
from __future__ import annotations

from . import paths
from .corpus import read_table
from .explore import Corpus, load_corpus
from .labels import readable
from .loading import InputError, load_document

__all__ = ["paths", "read_table", "load_corpus", "Corpus", "readable", "InputError", "load_document"]
