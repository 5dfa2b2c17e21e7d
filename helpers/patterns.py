"""What page furniture, credits and article openers look like in Chinese newspapers.

Kept in one place so that a new paper's conventions are added here, not scattered through code.
"""
from __future__ import annotations

import re

from . import chars

_H = chars.HAN
_NAME = rf"[{_H}·]{{2,4}}"
_BULLET = f"[{chars.BULLETS}]"

# Page furniture: whole lines that are not article text. The flag says the pattern needs a digit
# (folios, dated running heads), so most lines of text are ruled out without trying it.
# A pattern that may match text of any kind up to a mark it needs (`>`, `.`, 版, 周) first looks
# ahead for that mark, `(?=[^>]*>)`: a scan for one character is a tight loop in the regex engine,
# while the pattern itself would try every character of most lines against classes and alternatives.
FURNITURE = [
    ("page_footer", True, re.compile(r"^第\s*\d+\s*[页版]$|^[-—–]\s*\d+\s*[-—–]$|^(?:第\s*\d+\s*页\s*)?共\s*\d+\s*页$|^\d+\s*/\s*\d+$")),
    ("running_header", True, re.compile(r"^(?=[^周]*周|[^星]*星).{0,24}\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:星期|周)[一二三四五六日天].{0,24}$")),
    ("running_header", True, re.compile(rf"^(?=[^版]*版)(?:[{_H}]{{2,8}}\s*)?第?\s*\d{{1,2}}\s*版(?:\s*[{_H}·]{{0,8}})?$")),
    ("editor_credit", False, re.compile(r"^(?:本版|本期|本刊|[一二三四五六七八九十\d]{1,3}\s*版)?(?:责编|责任编辑|编辑|美编|美术编辑|校对|审读|版式|版式设计|组版|制图|视觉设计|版面设计|执行主编|主编|值班编辑|图片编辑|数据来源|本版数据来源)\s*[：:]")),
    ("editor_credit", False, re.compile(r"^本版(?:邮箱|电子信箱|投稿邮箱)\s*[：:]")),
    ("advert", False, re.compile(r"^(?:公益)?广\s*告$")),
    # The publication line of a crawled or reprinted article: 《人民日报》（2025年10月20日 第 02 版）
    ("source_line", True, re.compile(r"^《[^》]{2,16}》\s*[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:第\s*\d{1,3}\s*版)?\s*[）)]$")),
    ("source_line", False, re.compile(r"^(?:来源|稿件来源|文章来源)\s*[：:]\s*\S{2,24}$")),
    # Web chrome: font-size switches, share buttons, breadcrumbs, addresses, print stamps.
    ("web_chrome", False, re.compile(r"^字体\s*[：:]\s*(?:[小中大]\s*)*(?:来源\s*[：:]\s*\S{2,24})?$|^分享到\s*[：:]?|^【?(?:打印|关闭|纠错|收藏)(?:本页|窗口)?】?$")),
    # A breadcrumb (首页 > 要闻 > 正文). Its parts are read possessively (`{1,12}+`): giving a
    # character back could only put a name character before the `>`, so a line of text fails at
    # once instead of after a dozen retries.
    ("web_chrome", False, re.compile(r"^(?=[^>]*>)[^\s>]{1,12}+(?:\s*>\s*[^\s>]{0,12}+)*\s*>\s*正文$")),
    ("web_chrome", False, re.compile(r"^(?:https?://|www\.)\S+$|^(?=[^.]*\.)[\w.-]+\.(?:com|cn|net|org)(?:/\S*)?$")),
    ("web_chrome", False, re.compile(r"^(?:版权所有|Copyright|©)|^(?=[^版]*版|[^I]*I)[^。，]{0,40}(?:版权所有|ICP备|ICP证)")),
    ("timestamp", True, re.compile(r"^\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$|^\d{1,2}:\d{2}(?::\d{2})?$")),
]
# A credit cut after its first part: the agency and role (新华社记者), then the name (卢汉欣摄).
CREDIT_HEAD = re.compile(rf"^[{_H}]{{0,10}}(?:记者|通讯员|摄影)$")
# A reporter's note opening the paragraph after a dateline that stood on its own line.
REPORTER_NOTE = re.compile(r"^[（(]\s*(?:[^（）()，。]{0,8}(?:记者|通讯员|实习生))[^（）()]{1,40}[）)]")
CREDIT_TAIL = re.compile(rf"^{_NAME}(?:\s*[、,，]\s*{_NAME})*\s*摄?$")
# A photo caption: 图为…, 图①…, 上图…; with a photo credit after it, a photo item of its own.
CAPTION = re.compile(r"^(?:图[为①-⑩\d]|[上下左右]图[：:为]|图片说明)")
# A line of names alone (杨  旭  张帅祯): the rest of an editor credit wrapped onto the next line.
NAME_LIST = re.compile(rf"^[{_H}·]{{1,8}}(?:\s+[{_H}·]{{1,8}})*$")
# Credits set apart from the body in a smaller or larger size: photo credits, contributors,
# the author's affiliation, an editor's signature.
SET_APART_CREDIT = re.compile(
    r"^[（(]?(?:[^。，；！？]{0,30}(?:\s摄|摄影|供图|参与采写|参与采访|亦有贡献)"
    rf"|[^。，；！？\s]{{0,12}}(?:记者|通讯员)\s*{_NAME}\s*摄"
    r"|作者(?:单位|系|为)[：:]?[^。]{0,40}|——\s*编\s*者)[）)]?$"
    # a closing dispatch note (（新华社北京10月19日电 记者…）) or the source of a reprint (（摘编自《…》…）)
    r"|^[（(](?:[^（）()]{0,80}\d{1,2}\s*月\s*\d{1,2}\s*日\s*[电電讯訊][^（）()]{0,160}|(?:摘编自|摘自|转载自|原载于?)《[^（）()]{2,80})[）)]$"
)
_DIGIT = re.compile(r"\d")
# A page number alone, or with the section name (2 要闻, 综合 04), counts as furniture only near
# the top or bottom of a page, where running heads and folios stand.
# The space is required: text cut by a folio ends in a number too (比上年增加约2 / 第 6 页 / 5个基点).
# A folio with its section name (2 要闻, 综合 04); metadata reads the page number from it.
SECTION_FOLIO = re.compile(rf"^(?P<n>\d{{1,2}})\s+[{_H}]{{2,6}}$|^[{_H}]{{2,6}}\s+(?P<m>\d{{1,2}})$")
LONE_PAGE_NUMBER = re.compile(rf"^\d{{1,3}}$|{SECTION_FOLIO.pattern}")

CONTINUED_FROM = re.compile(r"[（(]\s*(?:上接|接上|上转|接)\s*第?\s*\d{1,2}\s*版\s*[）)]")
CONTINUED_TO = re.compile(r"[（(]\s*(?:下转|转|转下|转第)\s*第?\s*\d{1,2}\s*版\s*[）)]")

BYLINE = re.compile(
    rf"^(?:{_BULLET}\s*)?[^\s，。；：！？]{{0,12}}?(?:特约记者|见习记者|记者|通讯员|撰稿|撰文)\s*[/／:：]?\s*{_NAME}"
    rf"(?:[\s、,，]+(?:(?:记者|通讯员|实习生|见习记者)\s*)?{_NAME})*\s*$"
)
BULLET_BYLINE = re.compile(rf"^{_BULLET}\s*[{_H}·\s/／]{{2,24}}$")
DATELINE = re.compile(  # simplified and traditional forms (新华社/新華社, 电/電, 讯/訊)
    rf"^(?:(?:新[华華]社|中新社|本[报報]|本刊|人民日[报報]|央[视視]新[闻聞]|中新[网網]|新[华華][网網]|人民[网網]"
    rf"|光明日[报報]|[经經]濟日[报報]|经济日报|法治日[报報]|中[国國]日[报報])"
    rf"[{_H}]{{0,8}}?\d{{1,2}}\s*月\s*\d{{1,2}}\s*日\s*(?:[电電]|[讯訊]|消息)|本[报報][讯訊]|本刊[讯訊])"
    rf"\s*(?:[（(][^（）()]{{1,40}}[）)])?"
)
SOURCE_NOTE = re.compile(
    rf"(?:^|(?<=[\s。！？”…）)]))\s*(?P<note>[（(]?\s*(?:据|来源[：:]|稿件来源[：:]|转自)\s*《?[{_H}A-Za-z]{{1,12}}"
    rf"(?:社|报|网|台|刊|新闻|客户端|消息|》)\s*[）)]?)\s*$"
)
_SOURCE_NOTE_CUES = ("据", "来源", "转自")


def source_note(text: str) -> re.Match | None:
    """The source note (据新华社) ending the text, if any; its words are checked first because
    searching a whole paragraph for a pattern that must end it is slow."""
    if not any(cue in text for cue in _SOURCE_NOTE_CUES):
        return None
    return SOURCE_NOTE.search(text)


PHOTO_CREDIT = re.compile(r"^[（(]?[^。，；！？]{0,30}(?:\s摄|摄影|供图)[）)]?$")
# Openings that start a news story: a lead with the reporter and a date, or a dateline.
LEAD = re.compile(r"^(?:记者\s*(?:\d{1,2}\s*月\s*\d{1,2}\s*日|近日|日前|今天|昨天|从)|(?:近日|日前)，记者)")
SENTENCE_PUNCT_INSIDE = re.compile(r"[。！？]")
# The sign-off of an official document: the issuing office and a full date on the last lines.
SIGN_OFF = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


# Thresholds (docs/thresholds.md lists each with the test that pins it).
# Furniture lines are short; a long line is article text without trying every pattern (the
# longest furniture line of the development pages, a 70-character web address, fits). Pinned by
# test_thresholds.py::test_web_print_header_and_chrome (lower side only).
_FURNITURE_MAX_CHARS = 80
# A byline is a short line (本报记者 程  龙 潘俊强); a longer one naming a reporter is a sentence.
# Pinned by test_thresholds.py::test_byline_max_chars.
BYLINE_MAX_CHARS = 40
# Every story opener names a reporter, a dispatch or a bullet within its first this many
# characters (a dateline with a long place name included). Pinned by
# test_articles.py::test_seed_credits_decks_and_continuations (lower side only).
STORY_CUE_CHARS = 48


def _any_of(patterns: list[re.Pattern]) -> re.Pattern | None:
    """One regex that matches wherever one of `patterns` does; None where an alternation could
    not keep their meaning (different flags, numbered groups)."""
    if len({p.flags for p in patterns}) > 1 or any(p.groups for p in patterns):
        return None
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), patterns[0].flags if patterns else 0)


# The furniture patterns a line with digits may match, and those a line without: one search tells
# whether a line is furniture at all (most are not), cheaper than trying each pattern in turn.
_ANY_FURNITURE = {True: _any_of([p for _, _, p in FURNITURE]),
                  False: _any_of([p for _, needs_digit, p in FURNITURE if not needs_digit])}


def furniture_label(line: str, at_edge: bool) -> str | None:
    text = line.strip()
    if len(text) > _FURNITURE_MAX_CHARS:
        return None
    has_digit = _DIGIT.search(text) is not None
    any_furniture = _ANY_FURNITURE[has_digit]
    if any_furniture is None or any_furniture.search(text):  # then the first pattern to match names it
        for label, needs_digit, pattern in FURNITURE:
            if (has_digit or not needs_digit) and pattern.search(text):
                return label
    if at_edge and has_digit and LONE_PAGE_NUMBER.match(text):
        return "running_header" if re.search(f"[{_H}]", text) else "page_footer"
    return None


# The source-line patterns of FURNITURE as one regex (see _any_of).
_SOURCE_LINES = _any_of([pattern for label, _, pattern in FURNITURE if label == "source_line"])


def is_source_line(line: str) -> bool:
    """furniture_label(line, False) == "source_line", answered for most lines by the source-line
    patterns alone: a line none matches is never labelled so, and trying every furniture pattern
    on every line of a page costs more."""
    text = line.strip()
    if _SOURCE_LINES is not None and not _SOURCE_LINES.search(text):
        return False
    return furniture_label(text, False) == "source_line"


def is_lead(text: str) -> bool:
    """The opening of a news lead (记者从…, （记者王晓东）记者从…): a sentence, never a heading."""
    t = text.strip()
    if note := REPORTER_NOTE.match(t):
        t = t[note.end():].strip()
    return bool(LEAD.match(t))


def is_byline(text: str) -> bool:
    t = text.strip()
    return len(t) <= BYLINE_MAX_CHARS and bool(BYLINE.match(t) or BULLET_BYLINE.match(t))


_STORY_CUES = re.compile(rf"记者|通讯员|撰稿|撰文|[报報刊][讯訊]|日\s*[电電讯訊]|日\s*消息|[{chars.BULLETS}（(]")


def opens_story(text: str) -> bool:
    """A line or paragraph that begins a new story: byline, dateline or news lead."""
    t = text.strip()
    if not _STORY_CUES.search(t[:STORY_CUE_CHARS]):  # every opener names a reporter, a dispatch or a mark early on
        return False
    return is_byline(t) or bool(DATELINE.match(t)) or bool(LEAD.match(t)) or bool(CONTINUED_FROM.match(t))


def closes_story(text: str) -> bool:
    """A line that ends a story or stands alone: a source note or a byline."""
    return bool(source_note(text.strip())) or is_byline(text)
