"""Repair the layout of text extracted from a PDF: widths, spaces, hard wraps and stray blank lines.

Every function here changes only whitespace and the width of digits, Latin letters and `％`, so the
non-space characters of a page are conserved (tests/test_properties.py).
"""
from __future__ import annotations

import re
import string
from dataclasses import dataclass

from . import chars
from .patterns import is_lead

# Full-width digits, Latin letters and the percent sign become half-width; Chinese punctuation stays.
_WIDTH_MAP = {cp: cp - 0xFEE0 for cp in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_WIDTH_MAP[0xFF05] = ord("%")
_WIDTH_MAP[0x3000] = ord(" ")  # ideographic space is layout
_WIDTH_MAP[0x00A0] = ord(" ")
# A page has few characters to map: translating only the runs that need it is far cheaper than
# translating the whole text.
_MAPPED = re.compile("[" + "".join(map(chr, sorted(_WIDTH_MAP))) + "]+")
_FULLWIDTH_DOT_IN_NUMBER = re.compile(r"(?<=\d)．(?=\d)")

_CJK = f"[{chars.HAN}{chars.CJK_PUNCT}]"
# A run of spaces next to Chinese, or between a number and `%`. Every alternative starts with the
# run's first space, written once in front: the regex engine then skips from space to space
# instead of trying each alternative (and its lookbehinds) at every character.
_LAYOUT_SPACE = re.compile(f"[ \t](?:(?<={_CJK}[ \t])[ \t]*|[ \t]*(?={_CJK})|(?<=\\d[ \t])[ \t]*(?=%))")
_SPACES = re.compile(r"[ \t]+")

TERMINAL = set("。！？!?；;…")
PARAGRAPH_END = set("。！？!?…")  # `；` and `：` end list items inside a paragraph, not paragraphs
CLOSERS = set(chars.CLOSERS)
NO_LINE_START = set("，。、；：？！）」』》】〕")
# Section numbers of official documents: 一、 （一） 第一章 第二部分
SECTION_HEAD = re.compile(r"^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十百]{1,4}[章节部分])")
# Thresholds (docs/thresholds.md lists each with the test that pins it).
# Newspapers squeeze Latin letters, digits and punctuation to half an em. Pinned by test_articles.py::test_fixture_pages_match_their_expected_records[page_folio_header] (lower); test_articles.py::test_headline_first_fixture (upper).
HALF_WIDTH_EMS = 0.5
# A line at least this share of its column is full (wrapped, not a paragraph end). Pinned by test_articles.py::test_layout_joins.
FULL_LINE_RATIO = 0.8
# The first line of a paragraph is indented two ems, so it is full two ems earlier. Pinned by test_articles.py::test_headline_first_fixture.
INDENT_EMS = 2.0
# A line more than this many ems short of its column is short: the paragraph (or heading) ends
# there; within it, the line was wrapped (justified lines vary by about an em). Pinned by test_articles.py::test_headline_first_fixture.
SHORT_LINE_SLACK_EMS = 1.5
# A short heading line followed by a line this many times wider and at least DECK_WIDER_EMS
# wider is a heading before its deck or body. Pinned by test_articles.py::test_headline_first_fixture (lower); test_articles.py::test_fixture_pages_match_their_expected_records[page_policy_document] (upper).
DECK_WIDER_RATIO = 1.3
DECK_WIDER_EMS = 2.5
_PUNCT_WIDTH_CHARS = set("，。、；：？！“”‘’（）《》〈〉【】「」『』—…·,.;:!?()\"'")


def normalise_width(text: str) -> str:
    """Half-width digits, letters and %; one character for one character, so offsets keep."""
    text = _MAPPED.sub(_half_width, text)
    return _FULLWIDTH_DOT_IN_NUMBER.sub(".", text) if "．" in text else text


def _half_width(run: re.Match) -> str:
    return run.group(0).translate(_WIDTH_MAP)


def squeeze_spaces(text: str) -> str:
    """Remove spaces that are layout (next to Chinese, `500 %`) and collapse the rest to one."""
    # Each substitution only where spaces are left: a scan of the text costs more than the test.
    if _has_spaces(text):
        text = _LAYOUT_SPACE.sub("", text)
    if _has_spaces(text):
        text = _SPACES.sub(" ", text)
    return text.strip()


def _has_spaces(text: str) -> bool:
    return " " in text or "\t" in text


def clean_inline(text: str) -> str:
    """Normalise one paragraph or headline that is already on one line."""
    return squeeze_spaces(normalise_width(text))


_LATIN_LETTERS = frozenset(string.ascii_letters)
_LATIN_WORD_END = _LATIN_LETTERS | frozenset(",.;:")


def join_wrapped(lines: list[str]) -> str:
    """Join hard-wrapped lines: nothing between Chinese, one space between Latin words."""
    parts: list[str] = []  # joined once at the end: adding to a growing string would be quadratic
    for line in lines:
        line = line.strip()
        if not line:
            continue
        if parts and line[0] in _LATIN_LETTERS and parts[-1][-1] in _LATIN_WORD_END:
            parts.append(" ")
        parts.append(line)
    return "".join(parts)


_HALF_WIDTH = re.compile("[\u0000-\u2e7f" + re.escape("".join(sorted(_PUNCT_WIDTH_CHARS))) + "]")


def visual_width(line: str) -> float:
    """Approximate printed width in ems: Han characters 1, Latin, digits and punctuation 1/2.

    Newspapers squeeze punctuation to half width, so this keeps full lines of one column within an
    em of each other.
    """
    # Most lines have no space: testing for one is cheaper than two calls that copy nothing.
    visible = line.replace(" ", "").replace("\t", "") if _has_spaces(line) else line
    half = len(_HALF_WIDTH.findall(visible))
    return len(visible) - HALF_WIDTH_EMS * half


def ends_sentence(text: str, final: set[str] = TERMINAL) -> bool:
    """True when the text ends with sentence-final punctuation, possibly followed by closers."""
    return _ends_with_mark(_before_closers(text), final)


def _before_closers(text: str) -> str:
    """The text without the closing quotes and brackets (and spaces) that end it."""
    return text.rstrip().rstrip(chars.CLOSERS)


def _ends_with_mark(text: str, final: set[str]) -> bool:
    # No closer is a final mark, so a mark just before the closers is the one that ends the text.
    return bool(text) and (text[-1] in final or text.endswith("——"))


@dataclass
class Block:
    """A run of non-blank lines; `lines` holds (line number, text) pairs."""

    lines: list[tuple[int, str]]
    style: str = ""  # the layout style its lines share (pdf.py), or "" when only text is known

    @property
    def widths(self) -> list[float]:
        # Lines are only ever appended, so widths computed once stay valid.
        cache = self.__dict__.setdefault("_widths", [])
        if len(cache) != len(self.lines):
            cache.extend(visual_width(t) for _, t in self.lines[len(cache):])
        return cache

    @property
    def wrap_widths(self) -> list[float]:
        """Widths of lines that were wrapped (every line but the last)."""
        return self.widths[:-1]


def column_widths(blocks: list[Block]) -> list[float | None]:
    """The column width around each block: the widest wrapped line in it and its neighbours.

    A page mixes column widths, so each block is measured locally. Blocks that are single lines
    carry no wrap evidence; where no neighbour wraps either, there is no column (already clean
    text) and every line stands as it is.
    """
    own = [max(b.wrap_widths, default=None) for b in blocks]
    cols: list[float | None] = []
    for i in range(len(blocks)):
        near = [w for w in own[max(0, i - 1): i + 2] if w is not None]
        cols.append(max(near) if near else None)
    return cols


def is_full(width: float, column: float | None, ratio: float = FULL_LINE_RATIO) -> bool:
    return column is not None and width >= ratio * column


def paragraph_breaks(block: Block, column: float | None, starts_new_unit) -> list[int]:
    """Indices of lines in `block` after which a paragraph (or heading line group) ends."""
    lines = [text for _, text in block.lines]
    widths = block.widths
    breaks: list[int] = []
    for i in range(len(lines) - 1):
        if lines[i + 1].lstrip()[:1] in NO_LINE_START:
            continue  # Chinese typesetting never starts a line with these: it goes on
        if column is None:
            breaks.append(i)  # no wrapping evidence: a line is a unit
            continue
        # The first line of a paragraph is indented two ems, so it is full two ems earlier.
        opens = i == 0 or (bool(breaks) and breaks[-1] == i - 1)
        if widths[i] <= column - SHORT_LINE_SLACK_EMS - (INDENT_EMS if opens else 0.0) \
                and _short_line_ends_unit(lines, widths, i, opens, starts_new_unit):
            breaks.append(i)
    return breaks


def _short_line_ends_unit(lines: list[str], widths: list[float], i: int, opens: bool, starts_new_unit) -> bool:
    """Does the paragraph or heading end after line i, a line short of its column?"""
    text = lines[i]
    tail = _before_closers(text)
    if _ends_with_mark(tail, PARAGRAPH_END):
        return True
    if not _ends_with_mark(tail, TERMINAL):
        if SECTION_HEAD.match(text.strip()):
            return True  # a numbered section head (（五）…) stands on its own line
        if _heading_then_wider(widths[i], widths[i + 1]) and not _mid_sentence(text) and not is_lead(text) \
                and (opens or not _mid_sentence(lines[i - 1])):
            return True  # a short heading line followed by a wider deck or body line
    return starts_new_unit(lines[i + 1])


def _mid_sentence(line: str) -> bool:
    """A line ending in a comma or enumeration mark is inside a sentence, never a heading."""
    return line.rstrip()[-1:] in ("，", "、", ",")


def _heading_then_wider(width: float, next_width: float) -> bool:
    return next_width > width * DECK_WIDER_RATIO and next_width - width > DECK_WIDER_EMS
