"""Split one page of PDF text into articles and page furniture.

Pipeline: lines -> furniture and continuation marks set apart -> blocks of non-blank lines ->
blocks re-joined across stray blank lines -> paragraph units -> credits split off -> units typed
(body, heading, credit) -> heading groups decided as headlines or subheads -> articles.

Whether a paper prints headlines before or after their bodies is decided per page from cues: a
headline right after a source note (`据新华社`) follows its body; a page that opens with a heading
puts headlines first; otherwise the vocabulary a heading shares with the text on either side.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from . import chars, layout
from . import patterns as pt
from .cleaning import (
    FULL_LINE_RATIO,
    SECTION_HEAD,
    Block,
    column_widths,
    ends_sentence,
    is_full,
    join_wrapped,
    normalise_width,
    paragraph_breaks,
    squeeze_spaces,
)

_NOT_HAN_OR_DIGIT = re.compile(f"[^{chars.HAN}0-9]")

# Thresholds (docs/thresholds.md lists each with the test that pins it).
# A heading has no sentence punctuation and is at most this long: section decks run long (a
# 61-character subhead on the sample page); longer unpunctuated text is body. Pinned by
# test_thresholds.py::test_heading_max_chars and test_articles.py::test_seed_subheads_in_order.
HEADING_MAX_CHARS = 80
# A bracketed closing note may name a dozen bureaus and reporters (an 83-character dispatch note
# on the People's Daily dev page). Pinned by test_thresholds.py::test_set_apart_max_chars.
SET_APART_MAX_CHARS = 240
# An unbracketed photo credit or contributors' note is a short line (新华社记者 卢汉欣摄); a longer
# one is a sentence that merely ends in 摄影. Pinned by test_thresholds.py::test_short_credit_max_chars.
SHORT_CREDIT_MAX_CHARS = 40
# The first and last this many content lines of a page are where folios and running heads
# stand (a lone page number elsewhere is text cut by a folio). No test pins it: no real page is decided by it (docs/thresholds.md).
PAGE_EDGE_LINES = 2
# A line before a stray blank line is unfinished text of the column, not a headline or deck, only
# if it is at most this many ems wider than the columns around it. No test pins it: no real page is decided by it (docs/thresholds.md).
GAP_OVERHANG_EMS = 2
# ... and at least cleaning.FULL_LINE_RATIO of the column wide: a full line.
# A lone unpunctuated line before a gap is likely a headline: it must fill the column almost
# exactly to count as wrapped text. Pinned by test_thresholds.py::test_lone_line_full_ratio.
LONE_LINE_FULL_RATIO = 0.95
# Names of a byline wrapped onto a line of their own (程 / 龙 / 潘俊强): at most a name's length.
# Pinned by test_thresholds.py::test_letter_spaced_byline_under_a_headline.
WRAPPED_NAME_MAX_CHARS = 4
# A heading with fewer character bigrams than this is too short to judge by vocabulary (一、总体要求).
# No test pins it: no real page is decided by it (docs/thresholds.md).
MIN_HEADING_BIGRAMS = 3
# A headline shares under this share of its bigrams with the story it would interrupt ...
# Pinned by test_articles.py (page_no_bylines fixture; six seed headlines).
MAX_OTHER_OVERLAP = 0.1
# ... and at least this share with its own story (a subhead shares some with the text before it).
# Pinned by test_articles.py (page_continued_first fixture; upper side only).
MIN_OWN_OVERLAP = 0.2
# Votes for "headlines after bodies": a headline at the end of a page (or before all bodies)
# and a headline right after a source note are strong cues, each outweighing a vocabulary overlap
# difference (at most 1). No test pins them: no real page is decided by them (docs/thresholds.md).
EDGE_VOTE = 2
SOURCE_NOTE_VOTE = 2
# Without a hard cue, headlines are taken to follow bodies only on a clear vote: most Chinese
# papers print them first. Pinned by test_articles.py (page_continued_first fixture; lower side only).
AFTER_LAYOUT_MIN_VOTE = 0.5
# A group of this many headings is kicker, headline, deck: the second is the headline.
# Pinned by test_articles.py::test_headline_first_fixture (lower side only).
KICKER_GROUP_HEADS = 3


@dataclass
class Unit:
    text: str  # as printed, width-normalised, wrapped lines joined; spaces kept for credits
    line_start: int
    line_end: int
    role: str = "body"  # body | heading | credit | continuation | furniture | page_break
    label: str = ""  # byline, dateline, source, photo; headline/subhead set by layout; or the furniture kind
    page: int = 1

    @property
    def clean(self) -> str:
        cached = self.__dict__.get("_clean")
        if cached is None or cached[0] != self.text:
            cached = self.__dict__["_clean"] = (self.text, squeeze_spaces(self.text))  # already width-normalised
        return cached[1]


@dataclass
class Paragraph:
    text: str
    line_start: int
    line_end: int
    is_subhead: bool = False


@dataclass
class Record:
    """An article, or a piece of page furniture (kind='furniture', text in `body`)."""

    kind: str
    page: int
    line_start: int
    line_end: int
    headline: str = ""
    subheadline: str = ""
    credit: str = ""
    continued_from: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    role: str = ""  # furniture kind
    doc_id: str = ""
    article_id: str = ""
    paper: str = ""  # publication metadata (metadata.py), empty when the page does not tell
    date: str = ""
    edition_page: str = ""

    @property
    def subheads(self) -> list[str]:
        return [p.text for p in self.paragraphs if p.is_subhead]

    @property
    def body(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)

    def text_fields(self) -> list[str]:
        """The fields that hold page text; `subheads` only indexes paragraphs of `body`."""
        return [self.headline, self.subheadline, self.credit, self.continued_from, self.body]


# ---------------------------------------------------------------------------------------------
# lines -> fixed units and blocks


def _tokenise_lines(lines: list[tuple[int, str]], styles: dict[int, str] | None = None) -> list[Unit | Block | None]:
    """Blocks of content lines, with furniture/continuation units between them; None marks blanks.

    A block holds lines of one layout style: a change of style (a 28 pt headline after body
    text) ends it as a blank line would."""
    styles = styles or {}
    edges = _edge_lines(lines)
    items: list[Unit | Block | None] = []
    current: list[tuple[int, str]] = []
    current_style = ""
    in_editor_credit = False  # until text that is not furniture: names may follow a folio

    def flush():
        nonlocal current
        if current:
            items.append(Block(current, current_style))
            current = []

    for i, (no, raw) in enumerate(lines):
        text = raw.strip()  # page_lines has normalised widths already
        if not text:
            flush()
            items.append(None)
            continue
        style = styles.get(no, "")
        label = pt.furniture_label(text, i in edges) or _margin_label(text, style, i in edges)
        if not label and in_editor_credit and pt.NAME_LIST.match(text):
            if _extend_last_credit(items, no, text):  # the names of an editor credit wrapped on
                continue
            label = "editor_credit"  # ... or set apart from it by a folio
        if label:
            if label not in _FURNITURE_INSIDE_TEXT:
                flush()
            items.append(Unit(text, no, no, "furniture", label))
            in_editor_credit = in_editor_credit or label == "editor_credit"
            continue
        in_editor_credit = False
        if style != current_style:
            flush()
            current_style = style
        for kind, piece in _split_jump_marks(text):
            if kind == "text":
                current.append((no, piece))
            else:  # a jump mark ends the column text before it and opens what follows
                flush()
                items.append(Unit(piece, no, no, *kind))
    flush()
    return items


def _edge_lines(lines: list[tuple[int, str]]) -> set[int]:
    """Indices of the first and last PAGE_EDGE_LINES content lines, where folios and running heads
    stand; looked for from both ends, not through the whole page."""
    from_top = (i for i, (_, text) in enumerate(lines) if text.strip())
    from_bottom = (i for i in reversed(range(len(lines))) if lines[i][1].strip())
    return set(islice(from_top, PAGE_EDGE_LINES)) | set(islice(from_bottom, PAGE_EDGE_LINES))


# Furniture that a printed page puts in the middle of running text (a folio at the foot of a
# column): the text around it goes on as one block.
_FURNITURE_INSIDE_TEXT = {"page_footer", "margin"}


def _extend_last_credit(items: list, no: int, text: str) -> bool:
    """Append a line of names to the editor credit just before it (blank lines between)."""
    last = next((it for it in reversed(items) if it is not None), None)
    if isinstance(last, Unit) and last.role == "furniture" and last.label == "editor_credit":
        last.text = f"{last.text} {text}"
        last.line_end = no
        return True
    return False


def _margin_label(text: str, style: str, at_edge: bool) -> str | None:
    """Small text in a page's top or bottom margin is furniture whatever it says."""
    if style != "margin":
        return None
    return "page_footer" if at_edge and re.search(r"\d", text) else "margin"


_JUMP_MARK = re.compile(f"(?P<from>{pt.CONTINUED_FROM.pattern})|(?P<to>{pt.CONTINUED_TO.pattern})")


def _split_jump_marks(text: str) -> list[tuple]:
    """A line cut at its jump marks: ("text", piece) and (("continuation", ""), mark) or
    (("furniture", "continuation_to"), mark) in order."""
    if "版" not in text:
        return [("text", text)]
    out, pos = [], 0
    for m in _JUMP_MARK.finditer(text):
        if text[pos: m.start()].strip():
            out.append(("text", text[pos: m.start()].strip()))
        out.append((("continuation", "") if m["from"] else ("furniture", "continuation_to"), m.group(0).strip()))
        pos = m.end()
    if text[pos:].strip():
        out.append(("text", text[pos:].strip()))
    return out


def _merge_across_blank_lines(items: list[Unit | Block | None]) -> list[Unit | Block]:
    """Re-join blocks that a stray blank line split in the middle of a sentence."""
    blocks = [it for it in items if isinstance(it, Block)]
    window = dict(zip(map(id, blocks), column_widths(blocks)))
    out: list[Unit | Block] = []
    prev_block: Block | None = None  # the last block, if only blank lines came after it
    for item in items:
        if item is None:
            continue
        if isinstance(item, Unit):
            out.append(item)
            if not (item.role == "furniture" and item.label in _FURNITURE_INSIDE_TEXT):
                prev_block = None
            continue
        if prev_block is not None and _is_body(prev_block) and _is_body(item) and _is_artefact_gap(prev_block, item, window):
            own = max(prev_block.widths)
            prev_block.lines.extend(item.lines)
            window[id(prev_block)] = max(filter(None, [window[id(prev_block)], window[id(item)], own]))
            continue
        out.append(item)
        prev_block = item
    return out


def _is_body(block: Block) -> bool:
    return block.style in ("", "body")


def _is_artefact_gap(before: Block, after: Block, window: dict) -> bool:
    """Is the blank line between two blocks a PDF artefact inside a sentence?

    The last line before the gap must be unfinished and as wide as the text column: measured on
    the block after the gap where it wraps (section decks use narrower columns than the body),
    never wider than the surrounding columns (then it is a headline or deck).
    """
    last = before.lines[-1][1]
    first = after.lines[0][1]
    if ends_sentence(last):
        return False  # most gaps: the text before it is finished, nothing else to ask
    if pt.is_lead(squeeze_spaces(last)) and not pt.opens_story(first):
        return True  # a news lead (记者从国家统计局…) cut before its sentence ends goes on after the gap
    around = max(filter(None, [window[id(before)], window[id(after)]]), default=None)
    if around is None or pt.opens_story(first) or pt.closes_story(last):
        return False
    if len(before.lines) == 1 and SECTION_HEAD.match(last.strip()):
        return False  # a numbered section head on a line of its own
    width = before.widths[-1]
    if width > around + GAP_OVERHANG_EMS:
        return False
    local = max(after.wrap_widths, default=None) or max(before.wrap_widths, default=None) or around
    column = min(local, around)
    if len(before.lines) == 1 and not re.search(r"[，、；：]", last):
        return is_full(width, column, LONE_LINE_FULL_RATIO)  # a lone unpunctuated line is likely a headline
    return is_full(width, column, FULL_LINE_RATIO)


def _block_units(block: Block, column: float | None) -> list[Unit]:
    units, start = [], 0
    for last in paragraph_breaks(block, column, pt.opens_story) + [len(block.lines) - 1]:
        chunk = block.lines[start: last + 1]
        units.append(Unit(join_wrapped([t for _, t in chunk]), chunk[0][0], chunk[-1][0]))
        start = last + 1
    return units


# ---------------------------------------------------------------------------------------------
# units -> typed units


def _split_credits(unit: Unit) -> list[Unit]:
    """Split a dateline off the front and a source note off the end of a paragraph."""
    text = unit.text
    bracketed = text.strip().startswith(("（", "(")) and len(text) <= SET_APART_MAX_CHARS
    if (len(text) <= SHORT_CREDIT_MAX_CHARS or bracketed) and pt.SET_APART_CREDIT.match(text.strip()):  # 新华社记者 卢汉欣摄, （某某参与采写）
        return [Unit(text, unit.line_start, unit.line_end, "credit", "photo" if "摄" in text else "note")]
    if pt.is_byline(text):
        return [Unit(text, unit.line_start, unit.line_end, "credit", "byline")]
    if len(text) <= SHORT_CREDIT_MAX_CHARS and pt.PHOTO_CREDIT.match(text):
        return [Unit(text, unit.line_start, unit.line_end, "credit", "photo")]
    out: list[Unit] = []
    if note := pt.REPORTER_NOTE.match(text):  # （记者王晓东）after a dateline on a line of its own
        out.append(Unit(note.group(0), unit.line_start, unit.line_start, "credit", "dateline"))
        text = text[note.end():].strip()
    while dateline := pt.DATELINE.match(text):
        out.append(Unit(dateline.group(0).strip(), unit.line_start, unit.line_start, "credit", "dateline"))
        text = text[dateline.end():].strip()
    note = pt.source_note(text)
    tail = None
    if note:
        tail = Unit(note.group("note").strip(), unit.line_end, unit.line_end, "credit", "source")
        text = text[: note.start("note")].strip()
    if text:
        rest = Unit(text, unit.line_start, unit.line_end)
        rest.role = _body_or_heading(rest.clean)
        out.append(rest)
    if tail:
        out.append(tail)
    return out


def _body_or_heading(clean: str) -> str:
    if (
        len(clean) <= HEADING_MAX_CHARS
        and not ends_sentence(clean)
        and not clean.endswith(("：", ":"))  # a salutation (各区县人民政府：) leads into text
        and not pt.SIGN_OFF.search(clean)  # issuing office and date close a document
        and not pt.SENTENCE_PUNCT_INSIDE.search(clean)
        and not pt.LEAD.match(clean)
    ):
        return "heading"
    return "body"


def _styled_units(block: Block) -> list[Unit]:
    """Units of a block whose size the layout gave: a headline is one unit however it wraps;
    small text (bylines) and set-apart text (subheads, photo credits) is a unit a line."""
    first, last = block.lines[0][0], block.lines[-1][0]
    if block.style == "headline":
        return [Unit(join_wrapped([t for _, t in block.lines]), first, last, "heading", "headline")]
    units = []
    for no, text in block.lines:
        if pt.SET_APART_CREDIT.match(text.strip()):  # closes the story it follows, opens none
            units.append(Unit(text, no, no, "credit", "note"))
        elif block.style == "small":
            units.append(Unit(text, no, no, "credit", "byline"))
        else:
            units.append(Unit(text, no, no, "heading", "subhead"))
    return units


def page_units(lines: list[tuple[int, str]], styles: dict[int, str] | None = None, page: int = 1) -> list[Unit]:
    """Typed units of one page in reading order."""
    items = _merge_across_blank_lines(_tokenise_lines(lines, styles))
    blocks = [it for it in items if isinstance(it, Block) and _is_body(it)]
    cols = dict(zip(map(id, blocks), column_widths(blocks)))
    units: list[Unit] = []
    for item in items:
        if isinstance(item, Unit):
            units.append(item)
        elif not _is_body(item):
            units.extend(_styled_units(item))
        else:
            for unit in _block_units(item, cols[id(item)]):
                units.extend(_split_credits(unit))
    units = _join_split_credits(units)
    for unit in units:
        unit.page = page
        if unit.role == "heading" and not unit.label and SECTION_HEAD.match(unit.clean):
            unit.label = "subhead"  # a numbered section of a report never opens a new story
    return units


def _join_split_credits(units: list[Unit]) -> list[Unit]:
    """A credit that pdftotext cut after the agency (新华社记者 / 卢汉欣摄) is one credit again."""
    out: list[Unit] = []
    for u in units:
        prev = out[-1] if out else None
        if prev is not None and "furniture" not in (prev.role, u.role) and pt.CREDIT_HEAD.match(prev.clean) \
                and pt.CREDIT_TAIL.match(u.clean):
            prev.text = f"{prev.text} {u.text}"
            prev.line_end = u.line_end
            prev.role, prev.label = "credit", ("photo" if u.clean.endswith("摄") else "byline")
            continue
        out.append(u)
    return out


# ---------------------------------------------------------------------------------------------
# typed units -> articles


@lru_cache(maxsize=4096)
def _han(text: str) -> str:
    return _NOT_HAN_OR_DIGIT.sub("", text)


def _bigrams(text: str) -> frozenset[str]:
    han = _han(text)
    return frozenset(han[i: i + 2] for i in range(len(han) - 1))


def _overlap(heading: str, units: list[Unit]) -> float:
    """The share of the heading's character bigrams found in the units' text."""
    return _share_found(_bigrams(heading), units)


def _share_found(grams: frozenset[str], units: list[Unit]) -> float:
    if not grams:
        return 0.0
    text = "|".join(_han(u.text) for u in units)  # the bar keeps bigrams from spanning two units
    return sum(map(text.__contains__, grams)) / len(grams)


def _opens(unit: Unit | None) -> bool:
    if unit is None:
        return False
    if unit.role == "continuation" or (unit.role == "credit" and unit.label in {"byline", "dateline"}):
        return True
    return unit.role == "body" and bool(pt.LEAD.match(unit.clean))


def _closes(unit: Unit | None) -> bool:
    return unit is not None and unit.role == "credit" and unit.label == "source"


@dataclass
class _Segment:
    units: list[Unit]
    is_headline: bool = False


def _segments(units: list[Unit], hint: str = "") -> list[_Segment]:
    """Cut the unit sequence into headline groups and bodies at story boundaries.

    With a layout `hint` ("first" or "after"), a heading between two bodies that shares no words
    with the story it would interrupt also starts a story (see _belongs_to_one_side). A heading
    the layout set in headline size always starts one; one set as a subhead never does."""
    content = [u for u in units if u.role != "furniture"]
    segs: list[_Segment] = []
    i = 0
    while i < len(content):
        u = content[i]
        if u.role == "page_break":
            if not _continues_across(segs, _next_content(content, i + 1), hint):
                segs.append(_Segment([]))
            i += 1
            continue
        if u.role == "heading" and u.label != "subhead":
            j = i
            while j < len(content) and content[j].role == "heading" and content[j].label != "subhead":
                j += 1
            prev = content[i - 1] if i and content[i - 1].role != "page_break" else None
            nxt = content[j] if j < len(content) and content[j].role != "page_break" else None
            forced = any(h.label == "headline" for h in content[i:j])
            # Only with a layout hint is a heading judged by its words: the section after it is built then.
            if forced or prev is None or nxt is None or _closes(prev) or _opens(nxt) or \
                    (hint and _belongs_to_one_side(content[i:j], _current_body(segs), _next_section(content, j), hint)):
                segs.append(_Segment(content[i:j], is_headline=True))
            else:
                _body_segment(segs).units.extend(content[i:j])  # an in-body subhead
            i = j
            continue
        if (_opens(u) and not _continues_opening(segs)) or _is_caption(u, content[i + 1] if i + 1 < len(content) else None):
            segs.append(_Segment([]))  # a new story, or a photo item: a caption and its credit
        _body_segment(segs).units.append(u)
        if _closes(u):
            segs.append(_Segment([]))
        i += 1
    return [s for s in segs if s.units]


def _is_caption(unit: Unit, nxt: Unit | None) -> bool:
    return unit.role == "body" and bool(pt.CAPTION.match(unit.clean)) and nxt is not None \
        and nxt.role == "credit" and nxt.label == "photo"


def _next_content(content: list[Unit], start: int) -> Unit | None:
    return next((u for u in content[start:] if u.role != "page_break"), None)


def _continues_across(segs: list[_Segment], nxt: Unit | None, hint: str) -> bool:
    """Does the story before a page break go on after it? Yes when the next page opens with plain
    text (no headline, byline or jump mark) and either the sentence was cut by the break or
    headlines stand before their stories (so text without one belongs to the story before)."""
    if nxt is not None and nxt.role == "credit" and nxt.label in ("note", "photo"):
        return bool(segs) and not segs[-1].is_headline  # a closing note goes with the story it closes
    if nxt is None or nxt.role not in ("body", "heading") or nxt.label == "headline" or _opens(nxt):
        return False
    if not segs or segs[-1].is_headline or not segs[-1].units:
        return False
    last = segs[-1].units[-1]
    if last.role == "credit" and last.label != "note":
        return False
    return hint == "first" or not ends_sentence(last.clean)


def _current_body(segs: list[_Segment]) -> list[Unit]:
    return segs[-1].units if segs and not segs[-1].is_headline else []


def _next_section(content: list[Unit], j: int) -> list[Unit]:
    """The body units after position j, up to the next heading or story boundary."""
    out = []
    for u in content[j:]:
        if u.role == "heading" or (out and _opens(u)):
            break
        out.append(u)
        if _closes(u):
            break
    return out


def _layout_hint(content: list[Unit]) -> str:
    """"first" when the page opens with a heading, "after" when a heading follows a source note
    (据新华社) that closes a story; "" when the page gives no such cue."""
    if any(u.label == "headline" for u in content):
        return "first"  # the layout shows headline sizes, and a headline stands above its story
    content = [u for u in content if u.role != "page_break"]
    if content and content[0].role == "heading":
        return "first"
    if any(a.role == "credit" and a.label == "source" and b.role == "heading" for a, b in zip(content, content[1:])):
        return "after"
    return ""


def _belongs_to_one_side(heads: list[Unit], before: list[Unit], after: list[Unit], hint: str) -> bool:
    """Is a heading between two bodies, with no byline, dateline or source note around it, the
    headline of a new story rather than a subhead? Only where the page's layout is known, and only
    when the heading shares almost no words with the story it would otherwise interrupt: a subhead
    shares some with the text before it, a headline only with its own story."""
    if not hint or not before or not after:
        return False
    grams = _bigrams(" ".join(u.text for u in heads))
    if len(grams) < MIN_HEADING_BIGRAMS:
        return False
    own, other = (after, before) if hint == "first" else (before, after)
    return _share_found(grams, other) < MAX_OTHER_OVERLAP and _share_found(grams, own) >= MIN_OWN_OVERLAP


def _body_segment(segs: list[_Segment]) -> _Segment:
    if not segs or segs[-1].is_headline:
        segs.append(_Segment([]))
    return segs[-1]


def _continues_opening(segs: list[_Segment]) -> bool:
    """An opener right after another opener (byline then dateline) belongs to the same story."""
    if not segs or segs[-1].is_headline:
        return False
    units = segs[-1].units
    return not units or all(_opens(u) or u.role == "credit" for u in units)


def headlines_after_bodies(segs: list[_Segment]) -> bool:
    """Decide the page layout: are headlines printed after the body they belong to?"""
    return layout_vote(segs) > 0


def layout_vote(segs: list[_Segment]) -> float:
    """Evidence that headlines follow their bodies (> 0) or precede them (< 0)."""
    vote = 0.0
    for k, seg in enumerate(segs):
        if not seg.is_headline:
            continue
        before = segs[k - 1] if k else None
        after = segs[k + 1] if k + 1 < len(segs) else None
        if before is None and after is not None:
            vote -= EDGE_VOTE
        elif after is None and before is not None:
            vote += EDGE_VOTE
        if before is not None and before.units and _closes(before.units[-1]):
            vote += SOURCE_NOTE_VOTE
        if before is not None and after is not None and not after.is_headline and not before.is_headline:
            heading = " ".join(u.text for u in seg.units)
            vote += _overlap(heading, before.units) - _overlap(heading, after.units)
    return vote


def _attach(segs: list[_Segment]) -> list[tuple[list[Unit], list[Unit]]]:
    """Pair each headline group with a body: (heading units, body units) per article."""
    after = headlines_after_bodies(segs)
    bodies = [k for k, s in enumerate(segs) if not s.is_headline]
    owner: dict[int, list[Unit]] = {k: [] for k in bodies}
    orphans: list[list[Unit]] = []
    for k, seg in enumerate(segs):
        if not seg.is_headline:
            continue
        preferred = [b for b in bodies if b < k][-1:] if after else [b for b in bodies if b > k][:1]
        fallback = [b for b in bodies if b > k][:1] if after else [b for b in bodies if b < k][-1:]
        target = next((b for b in preferred + fallback if not owner[b]), None)
        if target is None:
            orphans.append(seg.units)
        else:
            owner[target] = seg.units
    pairs = [(owner[k], segs[k].units) for k in bodies]
    pairs.extend((units, []) for units in orphans)  # a headline with no body on this page
    pairs.sort(key=lambda p: min(u.line_start for u in p[0] + p[1]))
    return pairs


def _article(heads: list[Unit], body: list[Unit]) -> Record:
    all_units = heads + body
    rec = Record(
        "article",
        min(all_units, key=lambda u: u.line_start).page,
        min(u.line_start for u in all_units),
        max(u.line_end for u in all_units),
    )
    if heads and all(h.label == "headline" for h in heads):
        rec.headline = join_wrapped([h.clean for h in heads])  # the layout set them as one headline
    elif heads:
        main = 1 if len(heads) >= KICKER_GROUP_HEADS else 0  # kicker, headline, deck
        rec.headline = heads[main].clean
        rec.subheadline = "\n".join(h.clean for k, h in enumerate(heads) if k != main)
    rec.credit = "\n".join(unpad_names(line) for line in _credit_lines([u for u in body if u.role == "credit"]))
    rec.continued_from = "".join(u.clean for u in body if u.role == "continuation")
    rec.paragraphs = [
        Paragraph(u.clean, u.line_start, u.line_end, u.role == "heading")
        for u in body
        if u.role in {"body", "heading"}
    ]
    return rec


def page_segments(units: list[Unit]) -> list[_Segment]:
    """Segments of a page: first from hard cues only; then, once the layout is known (from the
    page's first unit, a headline after a source note, or the vocabulary headlines share with
    the stories beside them; headlines first if nothing tells), again with headings that share
    no words with the story they would otherwise interrupt."""
    hint = _layout_hint([u for u in units if u.role != "furniture"])
    if not hint:
        # Without evidence, assume headlines come first: most Chinese papers print them so.
        hint = "after" if layout_vote(_segments(units)) >= AFTER_LAYOUT_MIN_VOTE else "first"
    return _segments(units, hint)


def _records(units: list[Unit]) -> list[Record]:
    """Articles and furniture records of a run of units, in reading order of their first line."""
    records = [_article(h, b) for h, b in _attach(page_segments(units))]
    for u in units:
        if u.role == "furniture":
            records.append(
                Record("furniture", u.page, u.line_start, u.line_end, paragraphs=[Paragraph(_as_printed(u.text), u.line_start, u.line_end)], role=u.label)
            )
    records.sort(key=lambda r: (r.line_start, r.kind))
    return records


def split_page(lines: list[tuple[int, str]], page: int = 1, styles: dict[int, str] | None = None) -> list[Record]:
    """Articles and furniture records of one page, in reading order of their first line."""
    return _records(page_units(lines, styles, page))


def document_units(text: str, styles: dict[int, str] | None = None) -> list[Unit]:
    """The typed units of every page, pages separated by page_break units.

    `styles` (line number -> layout style) comes from a PDF's font sizes (pdf.py); for text,
    the layout that text rules can see (headlines above a source line) fills it in."""
    pages = page_lines(text)
    if styles is None:
        styles = layout.text_styles(pages)
    else:  # a PDF printed from a browser: its chrome is set in the same sizes as its text
        styles = {**styles, **layout.web_print_styles(pages)}
    units: list[Unit] = []
    for page_no, lines in enumerate(pages, start=1):
        if units:
            units.append(Unit("", lines[0][0], lines[0][0], "page_break", page=page_no))
        units.extend(page_units(lines, styles, page_no))
    if any(u.label == "headline" for u in units):
        for u in units:  # only what the layout set as a headline opens a story
            if u.role == "heading" and not u.label:
                u.label = "subhead"
    return _join_across_pages(units)


def _join_across_pages(units: list[Unit]) -> list[Unit]:
    """A paragraph cut by a page break (mid-sentence, the next page going on with plain text) is
    one paragraph again; the folio between stays a furniture record."""
    out: list[Unit] = []
    pending_break = False
    for u in units:
        if u.role == "page_break":
            pending_break = True
            out.append(u)
            continue
        if pending_break and u.role != "furniture":
            pending_break = False
            before = next((x for x in reversed(out) if x.role not in ("furniture", "page_break")), None)
            if _cut_by_page(before, u):
                before.text = join_wrapped([before.text, u.text])
                before.line_end = u.line_end
                before.role = _body_or_heading(before.clean) if before.label != "headline" else before.role
                if before.role == "body":
                    before.label = ""
                continue
        out.append(u)
    return out


def _cut_by_page(before: Unit | None, after: Unit) -> bool:
    return (
        before is not None
        and before.role in ("body", "heading")
        and before.label != "headline"
        and not SECTION_HEAD.match(before.clean)
        and after.role in ("body", "heading")
        and after.label != "headline"
        and not ends_sentence(before.clean)
        and not pt.opens_story(after.clean)
    )


def _as_printed(text: str) -> str:
    """Furniture and credits keep their spaces (本版责编：赵一 美编：钱二), collapsed to one."""
    return re.sub(r"\s+", " ", text).strip()


def page_lines(text: str) -> list[list[tuple[int, str]]]:
    """Split a document into pages at form feeds, numbering lines from 1 across the whole file."""
    pages: list[list[tuple[int, str]]] = []
    no = 1
    for page in normalise_width(text).split("\f"):
        lines = page.split("\n")
        pages.append(list(enumerate(lines, start=no)))
        no += len(lines) - 1  # a page after a form feed goes on numbering the line it cut
    return [p for p in pages if any(t.strip() for _, t in p)]


def split_document(text: str, doc_id: str = "", styles: dict[int, str] | None = None) -> list[Record]:
    """Articles and furniture of a whole document. A story may run across page breaks
    (see _continues_across); records are numbered in reading order."""
    records = _records(document_units(text, styles))
    n_art = n_furn = 0
    for rec in records:
        rec.doc_id = doc_id
        if rec.kind == "article":
            n_art += 1
            rec.article_id = f"{doc_id}:a{n_art:02d}"
        else:
            n_furn += 1
            rec.article_id = f"{doc_id}:f{n_furn:02d}"
    return records


def _credit_lines(credits: list[Unit]) -> list[str]:
    """Credits as printed, one a line; a byline whose names pdftotext put on lines of their own
    (本报记者 / 程 / 龙 / 潘俊强) is one line again."""
    lines: list[str] = []
    for u in credits:
        text = _as_printed(u.text)
        if lines and u.label == "byline" and pt.NAME_LIST.match(text) and len(text.replace(" ", "")) <= WRAPPED_NAME_MAX_CHARS:
            lines[-1] = f"{lines[-1]} {text}"
        else:
            lines.append(text)
    return lines


def unpad_names(credit: str) -> str:
    """Two-character names padded to three ems (程  龙) closed up again: 本报记者 程龙 潘俊强."""
    tokens = credit.split(" ")
    out: list[str] = []
    for tok in tokens:
        if out and len(tok) == 1 and len(out[-1]) == 1 and _HAN_CHAR.match(tok) and _HAN_CHAR.match(out[-1]):
            out[-1] += tok
            continue
        out.append(tok)
    return " ".join(out)


_HAN_CHAR = re.compile(f"[{chars.HAN}]")


def unit_text(unit: Unit) -> str:
    return _as_printed(unit.text) if unit.role in {"credit", "furniture"} else unit.clean


def clean_text(text: str) -> str:
    """The page(s) with the layout repaired: one paragraph, heading, credit or furniture line per
    block, blocks separated by a blank line, pages by form feeds. Idempotent."""
    pages = page_lines(text)
    styles = layout.text_styles(pages)
    return "\f".join("\n\n".join(unit_text(u) for u in page_units(lines, styles)) for lines in pages)
