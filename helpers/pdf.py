"""Read a PDF page by page into lines of text with their font size and position.

pypdfium2 (PDFium, the PDF engine of Chromium) gives every character with its font size, matrix
and box; this module reads, orders and styles the 149-page People's Daily development file in
about 1.4 s, where pdfplumber takes 3.5 s only to list its characters (benchmarks/README.md). Lines are put in reading order by a recursive XY cut: columns are read
top to bottom, one after the other, never across.

What the text of a PDF loses, its layout keeps: each line gets a *style* from its size relative
to the page's body text and from its place on the page:

- ``headline``: set at least HEADLINE_RATIO times the body size;
- ``subhead``: between SUBHEAD_RATIO and HEADLINE_RATIO times the body size;
- ``small``: smaller than the body (credits, source lines, captions);
- ``margin``: small text in the top or bottom margin (folios, running heads, print headers);
- ``body``.

The output is a text with the same shape as `pdftotext` (pages split by form feeds, a blank line
where the vertical gap shows a new paragraph or the style changes) plus the style of each line,
so that the text rules and the layout evidence meet in one splitter (articles.py).
"""
from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass

from .loading import InputError

# Thresholds (docs/thresholds.md lists each with the test that pins it).
# People's Daily: 28 pt headlines over 12 pt body; decks run 1.2-1.4x. No test pins it (docs/thresholds.md).
HEADLINE_RATIO = 1.5
# 14 pt subheads and captions over 12 pt body. No test pins it (docs/thresholds.md).
SUBHEAD_RATIO = 1.1
# 10 pt credits and source lines, 9 pt folios.
SMALL_RATIO = 0.95
# Folios and print headers sit in the outer 7% of an A4 page's height. No test pins it (docs/thresholds.md).
MARGIN_SHARE = 0.07
# A line pitch 15% above the usual one marks a new paragraph (21 vs 27 pt). Not yet pinned by a test (docs/thresholds.md).
PARAGRAPH_GAP = 1.15
# A vertical band this many body ems wide, free of text, separates columns. No test pins it (docs/thresholds.md).
GUTTER_EMS = 1.0
# A column needs at least this many lines on each side of a gutter: a lone line beside a column
# is a side note. No test pins it (docs/thresholds.md).
MIN_COLUMN_LINES = 2
# Font sizes are compared to a tenth of a point: PDFium's sizes differ in the last digits for
# text set in one size. No test pins it (docs/thresholds.md).
SIZE_DECIMALS = 1
# The body size assumed for a page without text (no size to measure). Unreachable guard, not pinned (docs/thresholds.md).
DEFAULT_BODY_SIZE = 12.0


@dataclass
class PdfLine:
    page: int
    text: str
    size: float  # effective font size in points, the most common of the line's characters
    top: float  # distance from the top of the page
    bottom: float
    x0: float
    x1: float
    style: str = "body"


def read_pdf(path: os.PathLike | str) -> list[list[PdfLine]]:
    """The lines of every page in reading order. Raises InputError for a file PDFium cannot use."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        raise InputError(path, _pdfium_problem(str(exc))) from None
    try:
        pages = [_page_lines(pdf[i], i + 1) for i in range(len(pdf))]
    finally:
        pdf.close()
    if not any(pages):
        raise InputError(path, "PDF has no text layer (scanned pages?): run OCR first")
    _assign_styles(pages)
    return pages


def _pdfium_problem(message: str) -> str:
    if "password" in message.lower():
        return "encrypted PDF (password protected): save an unprotected copy first"
    return f"damaged or unreadable PDF ({message.strip().rstrip('.')})"


def _page_lines(page, page_no: int) -> list[PdfLine]:
    import pypdfium2.raw as raw

    height = page.get_height()
    textpage = page.get_textpage()
    matrix = raw.FS_MATRIX()
    lines: list[PdfLine] = []
    chars: list[tuple[str, float, tuple]] = []
    for k in range(textpage.count_chars()):
        ch = chr(raw.FPDFText_GetUnicode(textpage, k))
        if ch == "\n" or ch == "\r":
            if ch == "\n":
                _flush(chars, lines, page_no, height)
            continue
        raw.FPDFText_GetMatrix(textpage, k, matrix)
        scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) or 1.0
        chars.append((ch, raw.FPDFText_GetFontSize(textpage, k) * scale, textpage.get_charbox(k)))
    _flush(chars, lines, page_no, height)
    textpage.close()
    return reading_order(lines)


def _flush(chars: list, lines: list[PdfLine], page_no: int, height: float) -> None:
    visible = [c for c in chars if not c[0].isspace() and c[2][2] > c[2][0]]
    if visible:
        sizes = Counter(round(size, SIZE_DECIMALS) for _, size, _ in visible)
        lines.append(PdfLine(
            page=page_no,
            text="".join(c[0] for c in chars).strip(),
            size=sizes.most_common(1)[0][0],
            top=height - max(c[2][3] for c in visible),
            bottom=height - min(c[2][1] for c in visible),
            x0=min(c[2][0] for c in visible),
            x1=max(c[2][2] for c in visible),
        ))
    chars.clear()


def reading_order(lines: list[PdfLine]) -> list[PdfLine]:
    """Lines ordered by a recursive XY cut: a vertical band free of text splits columns (read
    left, then right); otherwise the widest horizontal gap splits top from bottom."""
    if len(lines) <= 1:
        return list(lines)
    em = _body_size(lines)
    cut = _vertical_cut(lines, GUTTER_EMS * em)
    if cut is not None:
        left = [ln for ln in lines if ln.x1 <= cut]
        right = [ln for ln in lines if ln.x1 > cut]
        return reading_order(left) + reading_order(right)
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    gaps = [(ordered[i + 1].top - max(ln.bottom for ln in ordered[: i + 1]), i) for i in range(len(ordered) - 1)]
    widest, at = max(gaps)
    if widest <= 0:  # lines overlap vertically all the way down: one row, left to right
        return ordered
    return reading_order(ordered[: at + 1]) + reading_order(ordered[at + 1:])


def _vertical_cut(lines: list[PdfLine], gutter: float) -> float | None:
    """The middle of the widest text-free vertical band of at least `gutter`, with at least two
    lines on each side (a lone line beside a column is a side note, not a column)."""
    spans = sorted((ln.x0, ln.x1) for ln in lines)
    best, reach = None, spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 - reach >= gutter and (best is None or x0 - reach > best[0]):
            best = (x0 - reach, (x0 + reach) / 2)
        reach = max(reach, x1)
    if best is None:
        return None
    middle = best[1]
    n_left = sum(ln.x1 <= middle for ln in lines)
    return middle if min(n_left, len(lines) - n_left) >= MIN_COLUMN_LINES else None


def _body_size(lines: list[PdfLine]) -> float:
    """The size most of the text is set in (weighted by characters)."""
    weight: Counter = Counter()
    for ln in lines:
        weight[ln.size] += len(ln.text)
    return weight.most_common(1)[0][0] if weight else DEFAULT_BODY_SIZE


def _assign_styles(pages: list[list[PdfLine]]) -> None:
    body = _body_size([ln for page in pages for ln in page])
    for page in pages:
        if not page:
            continue
        height = max(ln.bottom for ln in page) / (1 - MARGIN_SHARE / 2)  # page height as the text shows it
        for ln in page:
            ratio = ln.size / body
            if ratio >= HEADLINE_RATIO:
                ln.style = "headline"
            elif ratio >= SUBHEAD_RATIO:
                ln.style = "subhead"
            elif ratio < SMALL_RATIO:
                in_margin = ln.bottom <= MARGIN_SHARE * height or ln.top >= (1 - MARGIN_SHARE) * height
                ln.style = "margin" if in_margin else "small"


@dataclass
class PdfText:
    text: str  # pages split by form feeds, paragraphs and style changes by blank lines
    styles: dict[int, str]  # line number (1-based, as articles.page_lines counts) -> style
    sizes: dict[int, float]  # line number -> font size, for showing a page beside its articles
    lines: dict[int, PdfLine]  # line number -> the PDF line, with its page and box


def pdf_text(pages: list[list[PdfLine]]) -> PdfText:
    """The text of the PDF, shaped like pdftotext output, with each line's style and size."""
    out: list[str] = []
    styles: dict[int, str] = {}
    sizes: dict[int, float] = {}
    by_number: dict[int, PdfLine] = {}
    for k, page in enumerate(pages):
        pitch = _usual_pitch(page)
        prev: PdfLine | None = None
        for i, ln in enumerate(page):
            if prev is not None and _new_block(prev, ln, pitch):
                out.append("")
            text = ln.text
            if k and i == 0:
                text = "\f" + text  # as pdftotext: the form feed opens the next page's first line
            out.append(text)
            styles[len(out)] = ln.style
            sizes[len(out)] = ln.size
            by_number[len(out)] = ln
            prev = ln
        if not page and k:
            out.append("\f")
    return PdfText("\n".join(out) + "\n", styles, sizes, by_number)


def _usual_pitch(page: list[PdfLine]) -> dict[float, float]:
    """Per font size, the most common distance from one line's top to the next one's."""
    steps: dict[float, Counter] = {}
    for a, b in zip(page, page[1:]):
        if a.size == b.size and b.top > a.top:
            steps.setdefault(a.size, Counter())[round(b.top - a.top)] += 1
    return {size: c.most_common(1)[0][0] for size, c in steps.items()}


def _new_block(prev: PdfLine, line: PdfLine, pitch: dict[float, float]) -> bool:
    if prev.style != line.style or prev.size != line.size:
        return True
    usual = pitch.get(line.size)
    step = line.top - prev.top
    return usual is not None and (step > usual * PARAGRAPH_GAP or step < 0)
