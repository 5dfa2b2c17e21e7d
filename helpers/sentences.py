"""Split a paragraph into sentences without breaking inside quotation marks."""
from __future__ import annotations

import re

OPEN_QUOTES = "“‘「『"
CLOSE_QUOTES = "”’」』"
FINAL = "。！？!?"
TRAILING = "”’」』）)》"
# A quotation that never closes (a PDF lost the mark) must not swallow the rest of the paragraph.
MAX_QUOTE_CHARS = 300


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
            closing = paragraph[i:end].count("”") + paragraph[i:end].count("’")
            if depth - closing <= 0:
                depth = 0
                spans.append((start, end))
                start = resume = end
    if start < n:
        spans.append((start, n))
    return spans


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


def sentences(paragraph: str) -> list[str]:
    return [paragraph[a:b] for a, b in split_sentences(paragraph)]
