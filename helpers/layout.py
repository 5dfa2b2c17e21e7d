"""The layout a text page still shows: what a PDF would have told by font size.

Text from `pdftotext` has lost the sizes that set a headline apart from a byline or a body line.
Two kinds of page still show them through their text:

- A crawled or reprinted article opens with its headline, a byline, and a publication line
  (`《人民日报》（2025年10月20日 第 02 版）`): the lines just above a source line are its header.
- A web page printed from a browser repeats its title in the print header (`2024/6/17 16:07
  标题- 网站`): the line that repeats the title is the headline, and the short lines between the
  page's top and its first paragraph are site chrome.

The result has the shape pdf.py gives (line number -> style), so that one splitter reads both.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from . import patterns as pt
from .cleaning import ends_sentence, squeeze_spaces

# Thresholds (docs/thresholds.md lists each with the test that pins it).
# A header group is the headline (one to three wrapped lines), a byline and perhaps a kicker;
# pdftotext may put each letter-spaced name (李  非) on a line of its own. Pinned by test_thresholds.py::test_letter_spaced_byline_under_a_headline.
HEADER_GROUP_MAX_LINES = 10
# A headline line counts as full (wrapped, so the next line goes on with it) within this many
# ems of the widest headline line of the document. Pinned by test_thresholds.py::test_full_line_slack_ems.
FULL_LINE_SLACK_EMS = 1.5
# A byline under a headline: names, an agency or an institute, no punctuation, at most this long.
# Pinned by test_thresholds.py::test_credit_max_chars_upper; test_thresholds.py::test_latin_ems_and_credit_max_chars_lower (dev pages).
CREDIT_MAX_CHARS = 16
# A headline is set with Latin letters and digits half an em wide, Chinese (punctuation too) one.
# Pinned by test_thresholds.py::test_latin_ems_and_credit_max_chars_lower.
LATIN_EMS = 0.5
# A browser's print header (date, time, title - site) stands within the first this many lines.
# Pinned by test_thresholds.py::test_web_print_header_and_chrome (lower side only).
PRINT_HEADER_LINES = 3
_CLOSED = ("）", ")")  # a headline ending in its bracketed kicker is complete
_CREDIT_PUNCT = re.compile(r"[，。、；：！？“”‘’（）《》\"'():;,.!?—…]")

# Browser print header: date and time, then `title - site` (or the title alone).
_PRINT_STAMP = re.compile(r"^\d{4}/\d{1,2}/\d{1,2}\s+\d{1,2}:\d{2}(?:\s+(?P<rest>.+))?$")
_TITLE_SITE = re.compile(r"^(?P<title>.{4,80}?)\s*[-_|–—]\s*[^-_|–—]{2,30}$")
# In the chrome between a web page's headline and its text: short lines without a sentence
# (字体：小 中 大); a longer line is the text. Pinned by
# test_thresholds.py::test_web_print_header_and_chrome (lower side only).
CHROME_MAX_CHARS = 12

Lines = list[tuple[int, str]]


def text_styles(pages: list[Lines]) -> dict[int, str]:
    """Line number -> style ("headline", "small", "margin") for the lines whose role the text shows."""
    styles: dict[int, str] = {}
    groups = [g for page in pages for g in _header_groups(page)]
    widest = max((_ems(t) for g in groups for _, t in g), default=0.0)  # the headline measure
    for group in groups:
        styles.update(_group_styles(group, widest))
    styles.update(web_print_styles(pages))
    return styles


def web_print_styles(pages: list[Lines]) -> dict[int, str]:
    """Styles of a browser-printed web page's title and chrome (empty for any other document)."""
    return _web_print_styles(pages[0]) if pages else {}


def _header_groups(page: Lines) -> list[Lines]:
    """The non-blank lines just above each source line, up to a sentence end, furniture or the
    top of the page."""
    groups = []
    for k, (_, text) in enumerate(page):
        if not pt.is_source_line(text) or text.strip().startswith("来源"):
            continue
        group: Lines = []
        for no, line in reversed(page[:k]):
            line = line.strip()
            if not line:
                continue
            if ends_sentence(line) or pt.furniture_label(line, False) or len(group) == HEADER_GROUP_MAX_LINES:
                break
            group.insert(0, (no, line))
        if group:
            groups.append(_close_letter_spacing(group))
    return groups


def _close_letter_spacing(group: Lines) -> list[tuple[tuple[int, ...], str]]:
    """Lines of one character each, in pairs, are one letter-spaced word (征  集, 李  非) that
    pdftotext wrote a character a line: (line numbers, text) with the pair joined."""
    out: list[tuple[tuple[int, ...], str]] = []
    for no, text in group:
        if out and len(text) == 1 and len(out[-1][1]) == 1 and len(out[-1][0]) == 1:
            out[-1] = (out[-1][0] + (no,), out[-1][1] + text)
        else:
            out.append(((no,), text))
    return out


def _group_styles(group: list[tuple[tuple[int, ...], str]], widest: float) -> dict[int, str]:
    """Headline lines, then credit lines at the bottom: a line is a credit when it looks like one
    and the line above it was not wrapped (a full line goes on in the next)."""
    styles = {}
    n_head = len(group)
    while n_head > 1:
        above, line = group[n_head - 2][1], group[n_head - 1][1]
        wrapped = _ems(above) >= widest - FULL_LINE_SLACK_EMS and not above.endswith(_CLOSED)
        if wrapped or not _looks_like_credit(line):
            break
        n_head -= 1
    for k, (nos, _) in enumerate(group):
        for no in nos:
            styles[no] = "headline" if k < n_head else "small"
    return styles


def _ems(line: str) -> float:
    """Width in ems as a headline is set: Chinese punctuation full width, Latin and digits half."""
    text = line.replace(" ", "")
    return sum(LATIN_EMS if ch.isascii() else 1.0 for ch in text)


def _looks_like_credit(line: str) -> bool:
    text = squeeze_spaces(line)
    return pt.is_byline(line) or (len(text.replace(" ", "")) <= CREDIT_MAX_CHARS and not _CREDIT_PUNCT.search(text))


def _web_print_styles(page: Lines) -> dict[int, str]:
    """A browser-printed page: the title line is the headline; what stands above it and the short
    lines between it and the first paragraph are chrome (margin)."""
    title = _print_title(list(islice(_content(page), PRINT_HEADER_LINES)))
    if not title:
        return {}  # most pages: only their first lines were read
    content = list(_content(page))
    key = squeeze_spaces(title)
    at = next((k for k, (_, t) in enumerate(content[1:], start=1) if squeeze_spaces(t) == key), None)
    if at is None:
        return {}
    styles = {no: "margin" for no, _ in content[:at]}
    styles[content[at][0]] = "headline"
    for no, text in content[at + 1:]:
        if len(text) > CHROME_MAX_CHARS or ends_sentence(text):
            break
        if not pt.furniture_label(text, False):
            styles[no] = "margin"
    return styles


def _content(page: Lines) -> Iterator[tuple[int, str]]:
    """The non-blank lines of a page, stripped."""
    return ((no, text) for no, line in page if (text := line.strip()))


def _print_title(first_lines: Lines) -> str:
    """The page title from a browser's print header, if the page has one."""
    stamp = any(_PRINT_STAMP.match(t) for _, t in first_lines)
    for _, text in first_lines:
        m = _PRINT_STAMP.match(text)
        candidate = (m["rest"] or "") if m else text
        tm = _TITLE_SITE.match(candidate)
        if tm and (stamp or m):
            return tm["title"]
    return ""
