"""Split a paragraph into sentences without breaking inside quotation marks."""
from __future__ import annotations

import re

from .chars import BULLETS, CLOSE_QUOTES, CLOSERS, OPEN_QUOTES

FINAL = "。！？!?"
TRAILING = CLOSERS
# Thresholds (docs/thresholds.md lists each with the test that pins it).
# A quotation that never closes (a PDF lost the mark) must not swallow the rest of the paragraph;
# the longest closed quotation of the development pages is far shorter.
MAX_QUOTE_CHARS = 300
# Text without sentence marks (tables and lists out of a PDF) must not make one huge "sentence":
# past SOFT_MAX_CHARS a sentence is cut at its semicolons or list markers, past HARD_MAX_CHARS at
# the last comma before the limit, or at the limit. The sample page's sentences are under 250
# characters; the Beijing report's longest, 273, has no semicolon or list marker and stays whole,
# while its 385-character five-point list is cut into its points.
SOFT_MAX_CHARS = 256
HARD_MAX_CHARS = 512
# A cut at a semicolon or list marker leaves pieces of at least a quarter of SOFT_MAX_CHARS, and a
# hard cut at a comma keeps at least half of HARD_MAX_CHARS: no sliver of a few characters.
SOFT_MIN_PIECE_CHARS = SOFT_MAX_CHARS // 4
HARD_MIN_PIECE_CHARS = HARD_MAX_CHARS // 2
_SOFT_BREAK = re.compile(rf"[；;]|(?=[{BULLETS}])|(?=（[一二三四五六七八九十\d]{{1,3}}）)")
_HARD_BREAK = "，、,：: "


_EVENTS = re.compile("[" + OPEN_QUOTES + CLOSE_QUOTES + FINAL + "]|……")


def split_sentences(paragraph: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of one paragraph; they tile the paragraph exactly.

    A sentence ends at 。！？ or an ellipsis (……) outside quotes, together with any closing quotes
    and brackets that follow, so `。”` stays with its sentence.
    """
    spans: list[tuple[int, int]] = []
    depth, quote_start, start, n = 0, 0, 0, len(paragraph)
    resume = 0
    for m in _EVENTS.finditer(paragraph):  # only quotes and sentence marks matter
        i = m.start()
        if i < resume:
            continue
        ch = paragraph[i]
        if ch in OPEN_QUOTES:
            depth, quote_start = depth + 1, i if depth == 0 else quote_start
        elif ch in CLOSE_QUOTES:
            depth = max(0, depth - 1)
        if depth and i - quote_start > MAX_QUOTE_CHARS:
            depth = 0
        end = _sentence_end(paragraph, i)
        if end is not None:
            closing = paragraph.count("”", i, end) + paragraph.count("’", i, end)
            if depth - closing <= 0:
                depth = 0
                spans.append((start, end))
                start = resume = end
    if start < n:
        spans.append((start, n))
    return [piece for span in spans for piece in _bounded(paragraph, *span)]


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A sentence span cut into pieces of at most HARD_MAX_CHARS (see SOFT_MAX_CHARS)."""
    if end - start <= SOFT_MAX_CHARS:
        return [(start, end)]
    pieces, a = [], start
    for m in _SOFT_BREAK.finditer(text, start, end):
        cut = m.end()
        if cut - a >= SOFT_MIN_PIECE_CHARS and end - cut >= 1:
            pieces.append((a, cut))
            a = cut
    pieces.append((a, end))
    return [hard for a, b in pieces for hard in _hard_cut(text, a, b)]


def _hard_cut(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > HARD_MAX_CHARS:
        limit = start + HARD_MAX_CHARS
        cut = max((text.rfind(ch, start + HARD_MIN_PIECE_CHARS, limit) for ch in _HARD_BREAK), default=-1)
        cut = cut + 1 if cut >= 0 else limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def _sentence_end(text: str, i: int) -> int | None:
    """If a sentence can end at position i, the offset just after it (with trailing closers)."""
    ch = text[i]
    if ch in FINAL:
        j = i + 1
    elif text.startswith("……", i):
        j = i + 2
        if j < len(text) and text[j] not in TRAILING:
            return None  # an ellipsis inside a sentence (队伍……“银龄行动”是) continues it
    else:
        return None
    while j < len(text) and (text[j] in TRAILING or text[j] in FINAL):
        j += 1
    return j

