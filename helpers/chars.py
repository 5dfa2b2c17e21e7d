"""Character classes of Chinese text, defined once (as spaCy's lang/char_classes.py does).

Each is a string to put inside a regular-expression character class, `[{HAN}]`, or a set of
characters for membership tests. Everything that asks "is this Chinese?", "does this close a
quotation?" or "is this a bullet?" uses these, so the answer is the same everywhere.
"""
from __future__ import annotations

# Han ideographs: the unified block, extension A (rare and old characters in names) and the
# compatibility ideographs (some PDFs map common characters there).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# Chinese punctuation and full-width forms, plus the dashes, quotes and marks news text uses.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7\u25a0-\u25ff"
OPEN_QUOTES = "“‘「『"
CLOSE_QUOTES = "”’」』"
# What may follow the end of a sentence and still belong to it: closing quotes and brackets.
CLOSERS = CLOSE_QUOTES + "）)》】〕"
# Bullets that open a list item or a byline in Chinese papers.
BULLETS = "□■◆●▲◇○★☆"
