"""Every statistical figure in a text: value, unit, currency, qualifier, change, direction, kind.

The rules (what is a statistic, what is not, what each field means) are written beside their
annotations in annotations/figures_gold.md. What the extractor knows about units, qualifiers,
change verbs and look-alikes is data in lexicon/ (see figure_lexicon.py); this module holds only
the order in which it is applied. Each number found goes through named stages:

1. `_read_number`  the numeral with its sign, multiplier and approximation (负2.7, 60多万, 三四, 十几)
2. `_read_range`   a second number after 至/到/-/～ (2至3年)
3. `_read_unit`    fraction words (百分之, 三分之一), 成, units and currency symbols, halves, 角分
4. `_excluded`     dates, ordinals, codes, quotations, URLs, not_figures.csv, bare Chinese numerals
5. `_read_qualifier`  超过 … 以上
6. `_read_meaning` change, direction and kind (growth_rate, share, level, count, money …)

and then lists carry their unit and change along (分别增长5.2%、6.1%). Subjects are found
separately (subjects.py), from the segmenter's tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

import pandas as pd

from . import schema
from .figure_lexicon import FigureLexicon, load
from .numerals import CN_NUMERAL_CHARS, DIGITS, MULTIPLIERS, parse_arabic, parse_chinese, standard_forms

FIGURE_COLUMNS = schema.columns("figures")
# Thresholds (docs/thresholds.md lists each with the test that pins it).
# A figure row shows this many characters either side of the figure, never its whole sentence:
# a table of 1,100 percentages in one "sentence" would otherwise repeat it 1,100 times.
CONTEXT_CHARS = 30
# A number a reader may check (numbers_not_read_as_figures) is shown with this many characters
# either side: enough to see 第, 年 or a name around it.
UNREAD_CONTEXT_CHARS = 4

# An Arabic number: digit groups of three after `,` or `，` (1,234 and 百分之8，888), or plain digits.
_ARABIC = r"\d{1,3}(?:[,，]\d{3}(?!\d))+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = rf"[{CN_NUMERAL_CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
# The lookahead lets the regex engine skip ahead to the next digit or numeral character.
CORE = re.compile(rf"(?=[\d{CN_NUMERAL_CHARS}])(?:(?P<a>{_ARABIC})|(?P<c>{_CHINESE}))")
# Whether a text holds a number at all: CORE matches wherever one of these stands, and a pattern
# that opens with a character class is searched much faster than one that opens with a lookahead.
HAS_NUMBER = re.compile(rf"[\d{CN_NUMERAL_CHARS}]")

RANGE_MARKS = "至到~～-—－"
MINUS_SIGNS = "-－−"
NEGATIVE_WORDS = ("零下", "负")  # 负2.7%, 零下53摄氏度
_NEGATIVE_WORD_ENDS = frozenset(word[-1] for word in NEGATIVE_WORDS)
LIST_JOINERS = {"、", "和", "及", "与", "以及", "、和"}  # 5.2%、6.1%和7%: one verb for all
CLAUSE_MARKS = set("，。；：！？,;!?\n")
# How far before a figure a change verb may stand with only filler words between (同比增长了约6%).
CHANGE_FILLER = r"(?:了|分别|为|达到|达|是)?"
# Quotations and titles of up to this many characters name things (“三攻坚一盘活”); longer
# quotations are speech, whose figures count.
QUOTED_NAME_MAX = 24
SHORT_QUOTE = re.compile(rf"“[^“”，。；！？]{{1,{QUOTED_NAME_MAX}}}”|《[^《》]{{1,40}}》|「[^「」]{{1,{QUOTED_NAME_MAX}}}」")
URL = re.compile(r"(?:https?://|www\.)[\w.~:/?#@!$&'()*+,;=%-]+|[\w./()-]*%[0-9A-Fa-f]{2}[\w.%/()-]*")
URL_CUES = ("http", "www.", "%")  # every match of URL holds one
NAME_AFTER_JIE = re.compile(r"[一二三四五六七]中全会|全国人大|人大|政协|全会")
DATE_AFTER_YEAR = re.compile(r"年(?:底|初|末|内|度|中|前|后|以来|起|至今|上半年|下半年|第)?")
CODE_BEFORE = re.compile(r"[A-Za-z\-_/]")
LATIN = re.compile(r"[A-Za-z]")
TIME_OR_VERSION_AFTER = re.compile(r"[.:：]\d")
DATE_OR_LEVEL_AFTER = re.compile(r"[月日号时版期级]|点\d|点钟")
# 7大板块, 4大体系: an Arabic number before 大 counts the noun after it, with no measure word.
COUNT_BEFORE_DA = "大"
# 万 and 亿 close a Chinese numeral, so 一百多万 reads 多 before 万 but 三万多 reads it after.
CLOSING_MULTIPLIERS = "万亿"
# Years a four-digit number may name (2024年, a year inside a name: 2024全国…).
YEAR_RANGE = (1900, 2100)
# Below this, a number before 成 is tenths (三成, 七八成); 10成 would be a miswritten whole.
TENTHS_LIMIT = 10
SUBUNIT_NUMBER = re.compile(r"(?:又|零)?(\d+|[一二两三四五六七八九])")
HALF = "半"


@dataclass
class Figure:
    start: int
    end: int
    surface: str
    value: float
    value_high: float | None
    unit: str
    qualifier: str
    kind: str
    currency: str = ""
    change: str = ""
    direction: str = ""
    subject: str = ""


@dataclass
class _Reading:
    """A figure being read: where it is and what has been found so far (exact values)."""

    start: int
    end: int
    value: Decimal
    arabic: bool
    core: str
    num_start: int  # the digits themselves, without sign, currency symbol or qualifier
    num_end: int  # the number with its multiplier, before the unit
    high: Decimal | None = None
    mult: int = 1
    unit: str = ""
    unit_kind: str = ""
    currency: str = ""
    latin_unit: bool = False
    qualifier: str = ""
    change: str = ""
    direction: str = ""
    kind: str = ""
    fraction: str = ""  # "part" (三分之一) or "notation" (百分之五, 千分之三: a way to write a rate)
    extras: set = field(default_factory=set)  # what was read besides the number: half, tenths, da


# One compiled alternation per word table, longest word first, with the length of that word, made
# the first time a table is used. Keyed by the table's identity; the table itself is kept so its id
# is never reused by another.
_PATTERNS: dict[tuple[int, str], tuple[object, re.Pattern, int]] = {}


def _compiled(options, anchor: str = "") -> tuple[re.Pattern, int]:
    """`options` as one regex, longest first (anchor "$" for words that end where a search stops),
    and the length of the longest."""
    cached = _PATTERNS.get((id(options), anchor))
    if cached is None or cached[0] is not options:
        words = "|".join(map(re.escape, sorted(options, key=len, reverse=True))) or r"(?!)"
        cached = _PATTERNS[(id(options), anchor)] = (options, re.compile(f"(?:{words}){anchor}"),
                                                      max(map(len, options), default=0))
    return cached[1], cached[2]


def _longest_first(options, anchor: str = "") -> re.Pattern:
    """`options` as one regex, longest first; anchor "$" for words that end where a search stops."""
    return _compiled(options, anchor)[0]


def _take(text: str, pos: int, options) -> str:
    """The longest of `options` that starts at `pos`, or ""."""
    m = _longest_first(options).match(text, pos)
    return m.group(0) if m else ""


def _take_before(text: str, pos: int, options) -> str:
    """The longest of `options` that ends at `pos`, or ""."""
    pattern, longest = _compiled(options, "$")
    m = pattern.search(text, max(0, pos - longest), pos)
    return m.group(0) if m else ""


def _value_of(m: re.Match) -> Decimal | None:
    return parse_arabic(m["a"]) if m["a"] else parse_chinese(m["c"])


# 1. the number ------------------------------------------------------------------------------

def _read_number(t: str, m: re.Match, signed: bool = True) -> _Reading | None:
    value = _value_of(m)
    r = _Reading(m.start(), m.end(), value if value is not None else Decimal(0), bool(m["a"]), m.group(0),
                 m.start(), m.end())
    if not r.arabic:
        _chinese_approximation(t, r)  # 五六十 has no positional value but is a range
    if value is None and r.high is None:
        return None
    if signed:
        _read_sign(t, r)
    # 60多万, 120余万, 一百多万: an approximation mark, then a multiplier that scales what came before
    if t.startswith(("余", "多"), r.end) and _take(t, r.end + 1, MULTIPLIERS) \
            and (r.arabic or r.core[-1] not in CLOSING_MULTIPLIERS):
        r.qualifier, r.end = "more_than", r.end + 1
    if r.arabic or r.qualifier:
        mult = _take(t, r.end, MULTIPLIERS)
        if mult:
            r.mult = MULTIPLIERS[mult]
            r.value *= r.mult
            r.high = r.high * r.mult if r.high is not None else None
            r.end += len(mult)
    r.num_end = r.end
    return r


def _chinese_approximation(t: str, r: _Reading) -> None:
    """三四个月 → 3–4, 五六十 → 50–60, 七八成 → 7–8 (tenths later); 十几, 二十几 → more than 10, 20."""
    core = r.core
    if len(core) >= 2 and core[0] in DIGITS and core[1] in DIGITS and core[0] not in "零〇" \
            and DIGITS[core[1]] == DIGITS[core[0]] + 1:
        scale = parse_chinese("一" + core[2:]) if core[2:] else Decimal(1)
        if scale is not None:
            r.value, r.high = DIGITS[core[0]] * scale, DIGITS[core[1]] * scale
    elif core[-1] in "十百千万" and t.startswith("几", r.end):
        r.qualifier, r.end = "more_than", r.end + 1


def _read_sign(t: str, r: _Reading) -> None:
    """-15.3%, －123%, 负2.7%: a minus that is not a range mark or part of a code (5-8, G-318)."""
    before = t[r.start - 1: r.start]
    if not before or (before not in MINUS_SIGNS and before not in _NEGATIVE_WORD_ENDS):
        return  # most numbers: nothing before them can be a sign
    word = next((w for w in NEGATIVE_WORDS if t.startswith(w, r.start - len(w))), "")
    if not word and before not in MINUS_SIGNS:
        return
    earlier = t[r.start - 2: r.start - 1]
    if not word and earlier and ((earlier.isascii() and earlier.isalnum()) or earlier in CN_NUMERAL_CHARS):
        return  # 5-8, G-318: a range or a code
    r.value, r.start = -r.value, r.start - (len(word) or 1)
    r.high = -r.high if r.high is not None else None


# 2. a range -----------------------------------------------------------------------------------

def _range_end(t: str, r: _Reading) -> _Reading | None:
    """The number after a range mark (至, 到, -, ～) written the same way as the first, or None."""
    if r.high is not None or r.end >= len(t) or t[r.end] not in RANGE_MARKS:
        return None
    m2 = CORE.match(t, r.end + 1)
    second = _read_number(t, m2, signed=False) if m2 else None
    return second if second is not None and second.arabic == r.arabic else None


def _read_range(t: str, r: _Reading) -> None:
    """2至3年, 5000至8000元, 3至5万元 (the multiplier is shared), 二至三年."""
    second = _range_end(t, r)
    if second is None:
        return
    if r.mult == 1 and second.mult > 1:
        r.value *= second.mult
    r.high, r.end, r.num_end = second.value, second.end, second.end
    if second.qualifier and not r.qualifier:
        r.qualifier = second.qualifier


# 3. the unit ----------------------------------------------------------------------------------

def _read_unit(t: str, r: _Reading, lex: FigureLexicon) -> bool:
    """Fractions, tenths, the unit or currency; False if the number cannot be a figure at all."""
    if t.startswith("分之", r.end):
        return _read_fraction(t, r)
    if _read_tenths(t, r, lex):
        return True
    _read_approximation_mark(t, r, lex)
    if _read_slash_fraction(t, r):
        return True
    unit = _take_unit(t, r.end, lex.units)
    if unit:
        _apply_unit(t, r, lex.units[unit], lex)
    else:
        _read_prefix_currency(t, r, lex)
    return True


def _read_approximation_mark(t: str, r: _Reading, lex: FigureLexicon) -> None:
    """3600余村, 4亿多人次, 百余台, 14亿多: 余/多 between the number and its unit mean "more than"."""
    if r.qualifier or not t.startswith(("余", "多"), r.end):
        return
    if _take_unit(t, r.end + 1, lex.units) or r.mult > 1:
        r.qualifier, r.end = "more_than", r.end + 1


# N/M between whole numbers is a fraction (超过1/3); 120万吨/年 is a unit and read as one.
SLASH_FRACTION = re.compile(r"/(\d+)(?![\d.])")


def _read_slash_fraction(t: str, r: _Reading) -> bool:
    m = SLASH_FRACTION.match(t, r.end)
    if not (r.arabic and m and "." not in r.core and r.mult == 1 and int(m.group(1)) > 0) or r.high is not None:
        return False
    r.value = r.value / Decimal(m.group(1)) * 100
    r.end = r.num_end = m.end()
    r.unit, r.unit_kind, r.fraction = "%", "percent", "part"
    return True


POWERS_OF_TEN = "十百千万亿"


def _read_fraction(t: str, r: _Reading) -> bool:
    """X分之Y as a percentage: 三分之一 → 33.33…, 百分之六十六点六八九 → 66.689, 万万分之三 → 3e-6."""
    m = CORE.match(t, r.end + 2)
    if not m or r.value == 0 or r.high is not None:
        return False
    part = _read_number(t, m, signed=False)
    if part is None:
        return False
    denominator = r.value
    r.value = part.value / denominator * 100
    r.high = part.high / denominator * 100 if part.high is not None else None
    r.end = r.num_end = part.end
    r.unit, r.unit_kind = "%", "percent"
    r.fraction = "notation" if not r.arabic and set(r.core) <= set(POWERS_OF_TEN) else "part"
    return True


def _read_tenths(t: str, r: _Reading, lex: FigureLexicon) -> bool:
    """三成 → 30%, 七成半 → 75%, 七八成 → 70–80%; not 成为, 成立 (not_tenths)."""
    if not t.startswith("成", r.end) or r.value >= TENTHS_LIMIT or _take(t, r.end, lex.role("not_tenths")):
        return False
    r.value *= 10
    r.high = r.high * 10 if r.high is not None else None
    r.end += 1
    extra = t[r.end: r.end + 1]
    if extra == HALF:
        r.value, r.end = r.value + 5, r.end + 1
    elif extra in DIGITS and r.high is None:
        r.value, r.end = r.value + DIGITS[extra], r.end + 1
    r.unit, r.unit_kind = "%", "percent"
    r.extras.add("tenths")
    return True


def _take_unit(t: str, pos: int, units: dict) -> str:
    unit = _take(t, pos, units)
    # a Latin unit must end a Latin word: 300m but not 5min
    if unit and LATIN.match(unit[-1]) and LATIN.match(t, pos + len(unit)):
        return ""
    return unit


def _apply_unit(t: str, r: _Reading, unit, lex: FigureLexicon) -> None:
    r.end += len(unit.unit)
    r.value *= unit.scale
    r.high = r.high * unit.scale if r.high is not None else None
    r.unit, r.unit_kind, r.currency = unit.display, unit.kind, unit.currency
    r.latin_unit = bool(LATIN.match(unit.unit))
    if unit.kind == "count":
        _read_event_count(t, r, lex)
    _read_per_unit(t, r, lex)
    if t.startswith(HALF, r.end):
        _read_half(t, r, lex, unit.unit)
    if unit.currency:
        _read_subunits(t, r, lex)
    _read_unit_range(t, r, lex)


PER = re.compile(r"/|每")
# What a compound unit measures, by the kinds of its parts (元/吨 is a price, 微克/立方米 a concentration).
COMPOUND_KINDS = {("money", None): "money", ("weight", "volume"): "concentration", ("weight", "weight"): "concentration"}


def _read_per_unit(t: str, r: _Reading, lex: FigureLexicon) -> None:
    """0.56元/千瓦时, 45米每秒, 0.45吨标准煤/万元: a unit per another unit."""
    m = PER.match(t, r.end)
    if not m or r.unit_kind in ("percent", "count"):
        return
    pos = m.end()
    mult, per = "", _take_unit(t, pos, lex.units)
    if not per:  # 吨标准煤/万元
        mult = _take(t, pos, MULTIPLIERS)
        per = _take_unit(t, pos + len(mult), lex.units) if mult else ""
    if not per:
        return
    written = t[r.end: pos + len(mult) + len(per)]
    r.unit += written
    per_kind = lex.units[per].kind
    if per_kind == "duration":
        r.unit_kind = "other"  # a rate per time: 45米每秒, 立方米/秒
    else:
        r.unit_kind = COMPOUND_KINDS.get((r.unit_kind, per_kind)) or COMPOUND_KINDS.get((r.unit_kind, None)) or r.unit_kind
    r.end = pos + len(mult) + len(per)


def _read_event_count(t: str, r: _Reading, lex: FigureLexicon) -> None:
    """N万证次, N万张（件）次: a measure word followed by 次 counts events."""
    if t.startswith("次", r.end):
        r.unit, r.end = r.unit + "次", r.end + 1
        return
    m = re.match(r"[（(]([^）)]{1,3})[）)]次", t[r.end:])
    if m and all(_take(w, 0, lex.units) == w for w in re.split("[、/]", m.group(1))):
        r.unit, r.end = r.unit + m.group(0), r.end + len(m.group(0))


def _read_half(t: str, r: _Reading, lex: FigureLexicon, written: str) -> None:
    """三米半 → 3.5 米, 两年半 → 2.5 年, 一个半月 → 1.5 个月 (个 + 半 + 月)."""
    r.value += Decimal("0.5")
    r.end += 1
    r.extras.add("half")
    longer = [u for u in lex.units if u.startswith(written) and u != written and t.startswith(u[len(written):], r.end)]
    following = _take_unit(t, r.end, lex.units) if written == "个" else ""
    if longer:  # 一个半月 → 个月
        unit = lex.units[max(longer, key=len)]
        r.end += len(unit.unit) - len(written)
        r.unit, r.unit_kind = unit.display, unit.kind
    elif following:  # 三个半小时 → 小时
        unit = lex.units[following]
        r.end += len(following)
        r.unit, r.unit_kind = unit.display, unit.kind


def _read_subunits(t: str, r: _Reading, lex: FigureLexicon) -> None:
    """七元八毛 → 7.8 元, 5元3角2分 → 5.32 元, 四美元又五美分 → 4.05 美元."""
    while True:
        m = SUBUNIT_NUMBER.match(t, r.end)
        if not m:
            return
        sub = _take(t, m.end(), lex.subunits)
        if not sub or lex.subunits[sub].display != r.unit:
            return
        digits = m.group(1)
        amount = Decimal(digits) if digits.isdigit() else Decimal(DIGITS[digits])
        r.value += amount * lex.subunits[sub].scale
        r.end = m.end() + len(sub)
        r.extras.add("subunit")


def _read_unit_range(t: str, r: _Reading, lex: FigureLexicon) -> None:
    """10%～15%, 5%-8%: a range whose two ends both carry the unit."""
    second = _range_end(t, r)
    if second is None:
        return
    unit = _take_unit(t, second.end, lex.units)
    if unit and lex.units[unit].display == r.unit:
        r.high = second.value * lex.units[unit].scale
        r.end = second.end + len(unit)


def _read_prefix_currency(t: str, r: _Reading, lex: FigureLexicon) -> None:
    """¥100, $5, US$5: a currency symbol written before the number."""
    symbol = _take_before(t, r.start, lex.prefixes)
    if symbol:
        unit = lex.prefixes[symbol]
        r.start -= len(symbol)
        r.unit, r.unit_kind, r.currency = unit.display, unit.kind, unit.currency


# 4. what is not a figure ------------------------------------------------------------------------

def _blocked_spans(t: str, lex: FigureLexicon) -> list[tuple[int, int]]:
    """Quotations, web addresses and the matches of not_figures.csv: no number inside is a figure."""
    spans = [m.span() for m in SHORT_QUOTE.finditer(t)]
    if any(cue in t for cue in URL_CUES):  # URL is slow to search: it may start at any word character
        spans += [m.span() for m in URL.finditer(t)]
    if lex.not_figures is not None:
        spans += [m.span() for m in lex.not_figures.finditer(t)]
    return spans


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _excluded(t: str, r: _Reading, blocked, lex: FigureLexicon) -> bool:
    """Is this number a date, ordinal, code, name or slogan rather than a statistic?

    Patterns are matched at positions rather than on slices, so long sentences stay linear."""
    start, end = r.num_start, r.num_end
    before = t[start - 1: start] if start else ""
    if _inside(start, blocked) or before == "第":
        return True  # quotations, plan names, idioms (not_figures.csv); ordinals
    if before in ("时", "点") and start >= 2 and t[start - 2] in "0123456789" + CN_NUMERAL_CHARS:
        return True  # the minutes of a time (10时30分)
    code_before = t[r.start - 1: r.start] if r.start else ""
    if code_before and CODE_BEFORE.match(code_before) and not r.currency:
        return True  # codes and names: G318, COVID-19
    if LATIN.match(t, end) and not r.latin_unit:
        return True  # 5G, 3D
    if r.arabic and (TIME_OR_VERSION_AFTER.match(t, end) or (before and before in ".:")):
        return True  # times, version numbers
    if DATE_OR_LEVEL_AFTER.match(t, end) and not r.unit:
        return True  # dates, times, editions, issues, levels
    if _is_year(t, r):
        return True
    if r.arabic and len(r.core) > 1 and r.core[0] == "0" and r.core[1] != ".":
        return True  # 010-12345678, 0571: codes and telephone numbers keep their leading zeros
    return not r.arabic and _bare_chinese(t, r, before, lex)


def _is_year(t: str, r: _Reading) -> bool:
    is_year = r.arabic and len(r.core) == 4 and "." not in r.core and YEAR_RANGE[0] <= r.value <= YEAR_RANGE[1]
    return is_year and (not r.unit or r.unit == "年" or bool(DATE_AFTER_YEAR.match(t, r.num_end)))


def _bare_chinese(t: str, r: _Reading, before: str, lex: FigureLexicon) -> bool:
    """Most Chinese numerals in running text are words (一体化, 三级, 两岸): a figure needs a unit."""
    if "〇" in r.core or not r.unit:
        return True
    if r.core in ("一", "零") and not (r.fraction or r.extras & {"half", "tenths", "subunit"} or r.unit == "倍"):
        return True  # 一个重要标志: an article, not a count
    if before and before in lex.role("vague"):
        return True  # 数百万, 几十
    return r.unit == "届" and bool(NAME_AFTER_JIE.match(t, r.num_end + 1))  # 二十届三中全会


# 5. qualifiers ----------------------------------------------------------------------------------

def _read_qualifier(t: str, r: _Reading, lex: FigureLexicon) -> None:
    after = _take(t, r.end, lex.role("after"))
    if after and not r.qualifier and not (after in ("余", "多") and not r.unit):
        r.qualifier, r.end = lex.role("after")[after], r.end + len(after)
    word = _take_before(t, r.start, lex.role("before"))
    if word and not (len(word) == 1 and _looks_like(t, r.start - len(word), lex)):
        r.qualifier, r.start = lex.role("before")[word] or r.qualifier, r.start - len(word)


def _looks_like(t: str, pos: int, lex: FigureLexicon) -> bool:
    """`近` in 最近/附近 or `超` in 赶超 is part of another word, not a qualifier."""
    return any(t.startswith(word, pos - len(word) + 1) for word in lex.role("not_before"))


# 6. meaning: change, direction, kind ----------------------------------------------------------------

def clause_start(t: str, pos: int) -> int:
    """Where the clause holding `pos` begins (after the last comma, semicolon, stop …)."""
    for i in range(pos - 1, -1, -1):
        if t[i] in CLAUSE_MARKS:
            return i + 1
    return 0


def _read_meaning(t: str, r: _Reading, lex: FigureLexicon) -> None:
    clause = t[clause_start(t, r.start): r.start]
    _read_change(clause, r, lex)
    if r.direction == "up" and r.value < 0:
        r.direction = "down"  # 增长-15.3%
    r.kind = _kind(t, clause, r, lex)


CHANGE_ROLES = ("change", "change_to", "change_than")


@lru_cache(maxsize=4)
def _change_pattern(lex: FigureLexicon) -> re.Pattern:
    """A change verb, then only filler words, at the end of what precedes a figure."""
    verbs = _longest_first(lex.words_of(*CHANGE_ROLES)).pattern
    return re.compile(f"(?P<word>{verbs}){CHANGE_FILLER}$")


# How far a comparison word (快于城镇居民2个百分点) may stand before its figure: a short noun phrase.
COMPARED_WITH_MAX_CHARS = 8


@lru_cache(maxsize=4)
def _comparison_pattern(lex: FigureLexicon) -> re.Pattern:
    """A comparison word, then a short noun phrase, at the end of what precedes a figure."""
    return re.compile(f"({_longest_first(lex.role('compare')).pattern})(.{{1,{COMPARED_WITH_MAX_CHARS}}})$")


def _read_comparison(clause: str, r: _Reading, lex: FigureLexicon) -> None:
    """增速快于城镇居民2个百分点: a gap against something named between the word and the figure."""
    m = _comparison_pattern(lex).search(clause)
    if m and not HAS_NUMBER.search(m.group(2)):
        r.change, r.direction = m.group(1), lex.role("compare")[m.group(1)]
        r.extras.add("change")


def _read_change(clause: str, r: _Reading, lex: FigureLexicon) -> None:
    m = _change_pattern(lex).search(clause)
    if not m:
        _read_comparison(clause, r, lex)
        return
    word = m["word"]
    if _take_before(clause, m.end("word"), lex.role("not_change")):
        return  # 起降: takeoffs and landings
    for role in CHANGE_ROLES:
        if word in lex.role(role):
            if role == "change_than" and not re.search("[比较]", clause[:m.start()]):
                return  # 多 and 少 are changes only against something (比上年多3个)
            r.change, r.direction = word, lex.role(role)[word]
            r.extras.add("level" if role == "change_to" else "change")
            return


# 62%的公园, 三分之一的村: a percentage followed by 的 and a noun is the part of a whole.
SHARE_OF = "的"


def _kind(t: str, clause: str, r: _Reading, lex: FigureLexicon) -> str:
    if r.unit_kind == "percent":
        if "change" in r.extras:
            return "growth_rate"
        if any(word in clause for word in lex.role("share")) or t.startswith(SHARE_OF, r.end):
            return "share"
        if r.fraction == "part" or "tenths" in r.extras:
            return "share"  # 三成, 三分之一: Chinese writes parts of a whole this way
        return "level"
    if r.unit_kind:
        return r.unit_kind
    return "count" if r.value == r.value.to_integral_value() else "other"


# the stages together --------------------------------------------------------------------------------

def _figure_at(t: str, m: re.Match, blocked, lex: FigureLexicon) -> tuple[_Reading | None, int]:
    """The figure whose number `m` found, or None; and where to look for the next number."""
    r = _read_number(t, m)
    if r is None:
        return None, m.end()
    _read_range(t, r)
    if not r.arabic and not _unit_may_follow(t, r, lex):
        return None, max(m.end(), r.num_end)  # a numeral as a word (一体化, 进一步): _excluded would say so after reading
    if not _read_unit(t, r, lex):
        return None, max(m.end(), r.end)
    if not r.unit and r.arabic and t.startswith(COUNT_BEFORE_DA, r.end):
        r.unit_kind, r.end = "count", r.end + 1  # 7大板块: a count whose noun follows 大
        r.extras.add("da")
    if _excluded(t, r, blocked, lex):
        return None, max(m.end(), r.num_end)
    _read_qualifier(t, r, lex)
    _read_meaning(t, r, lex)
    return r, r.end


# What a unit reading may begin with besides a unit: 分之, 成, and 余/多 before a unit.
UNIT_OPENERS_BESIDES_UNITS = "分成余多"


@lru_cache(maxsize=4)
def _unit_openers(lex: FigureLexicon) -> tuple[frozenset, frozenset]:
    """The characters a unit reading may begin with after a number, and those a currency symbol
    written before it may end with."""
    after = frozenset(unit[0] for unit in lex.units) | frozenset(UNIT_OPENERS_BESIDES_UNITS)
    return after, frozenset(symbol[-1] for symbol in lex.prefixes)


def _unit_may_follow(t: str, r: _Reading, lex: FigureLexicon) -> bool:
    """False when _read_unit cannot find a unit: a Chinese numeral without one is no figure
    (_bare_chinese), and most numerals in running text are words, so this saves reading them."""
    after, before = _unit_openers(lex)
    return t[r.end: r.end + 1] in after or (r.start > 0 and t[r.start - 1] in before)


def _carry_along_lists(t: str, readings: list[_Reading]) -> None:
    """97.2%、74.7%、100% each carry a unit; 5、6、7个 share the last one's; 分别增长5.2%、6.1%
    share the first one's change."""
    for prev, nxt in zip(readings, readings[1:]):
        joined = t[prev.end: nxt.start] in LIST_JOINERS
        if joined and prev.change and not nxt.change:
            nxt.change, nxt.direction, nxt.extras = prev.change, prev.direction, nxt.extras | (prev.extras & {"change", "level"})
            if nxt.direction == "up" and nxt.value < 0:
                nxt.direction = "down"
            if nxt.unit_kind == prev.unit_kind:
                nxt.kind = prev.kind
    for i in range(len(readings) - 2, -1, -1):
        fig, nxt = readings[i], readings[i + 1]
        if not fig.unit and t[fig.end: fig.end + 1] == "、" and nxt.start == fig.end + 1 and nxt.unit:
            fig.unit, fig.unit_kind, fig.kind, fig.currency = nxt.unit, nxt.unit_kind, nxt.kind, nxt.currency


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


_WIDTH = str.maketrans({**{chr(0xFF10 + d): str(d) for d in range(10)}, "％": "%", "．": ".", "－": "-"})
_WIDE_CHARS = re.compile("[" + "".join(map(chr, _WIDTH)) + "]")


def _narrow(text: str) -> str:
    """Full-width digits and signs in their ASCII form; searched first, as translating a whole
    sentence costs more than the search and most sentences have none."""
    return text.translate(_WIDTH) if _WIDE_CHARS.search(text) else text


def _extract_compact(text: str, lex: FigureLexicon) -> list[Figure]:
    t = standard_forms(_narrow(text))
    if not HAS_NUMBER.search(t):
        return []
    blocked = _blocked_spans(t, lex)
    readings: list[_Reading] = []
    pos = 0
    while (m := CORE.search(t, pos)) is not None:
        reading, pos = _figure_at(t, m, blocked, lex)
        if reading is not None:
            readings.append(reading)
    _carry_along_lists(t, readings)
    return [Figure(r.start, r.end, text[r.start: r.end], float(r.value), _as_float(r.high), r.unit, r.qualifier,
                   r.kind, r.currency, r.change, r.direction) for r in readings]


_WHITESPACE = re.compile(r"\s")


def _compact(text: str) -> tuple[str, "list[int] | range"]:
    """The text without layout spaces (逾 500 户, 第 3 页) and, per kept character, its offset."""
    if not _WHITESPACE.search(text):
        return text, range(len(text))
    kept, index = [], []
    for i, ch in enumerate(text):
        if ch.isspace() and not (0 < i < len(text) - 1 and text[i - 1].isascii() and text[i - 1].isalpha()
                                 and text[i + 1].isascii() and text[i + 1].isalpha()):
            continue
        kept.append(ch)
        index.append(i)
    return "".join(kept), index


def extract(text: str, lexicon: FigureLexicon | None = None) -> list[Figure]:
    """Figures of one sentence or paragraph, in order of appearance; offsets index `text`."""
    compact, index = _compact(text)
    figures = _extract_compact(compact, lexicon or load())
    for fig in figures:
        fig.start, fig.end = index[fig.start], index[fig.end - 1] + 1
        fig.surface = text[fig.start: fig.end]
    return figures


def figure_rows(sentences, tagged_by_sentence: dict | None = None) -> list[dict]:
    """One dict per figure of every sentence (a DataFrame or a dict of lists); `start`/`end` are
    offsets in the article body. `tagged_by_sentence` maps a sentence id to its (token, tag) pairs,
    from which subjects.py finds each figure's subject; without it subjects stay empty."""
    from .subjects import add_subjects

    rows, lex = [], load()
    tagged_by_sentence = tagged_by_sentence or {}
    for sid, doc, art, offset, text in zip(sentences["sentence_id"], sentences["doc_id"], sentences["article_id"],
                                           sentences["start"], sentences["text"]):
        figures = extract(text, lex)
        if figures and sid in tagged_by_sentence:
            add_subjects(text, figures, tagged_by_sentence[sid], lex)
        for k, fig in enumerate(figures, start=1):
            d = dict(fig.__dict__)
            d.update(figure_id=f"{sid}:f{k:02d}", doc_id=doc, article_id=art, sentence_id=sid,
                     start=offset + fig.start, end=offset + fig.end, context=context(text, fig.start, fig.end))
            rows.append(d)
    return rows


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The figure with up to `width` characters either side, an ellipsis where text was cut."""
    left, right = max(0, start - width), min(len(text), end + width)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def figures_table(sentences, tagged_by_sentence: dict | None = None) -> pd.DataFrame:
    """The figure table (FIGURE_COLUMNS) of the given sentences."""
    return pd.DataFrame(figure_rows(sentences, tagged_by_sentence), columns=FIGURE_COLUMNS)


def numbers_not_read_as_figures(text: str, covered: list[tuple[int, int]] | None = None) -> list[str]:
    """The numbers of `text` that no figure covers (dates, ordinals, names, idioms …), as written
    with a few characters around them: the borderline cases a reader may want to check.
    `covered` are the figures' (start, end) in `text` when they are known already."""
    if covered is None:
        covered = [(f.start, f.end) for f in extract(text)]
    out = []
    for m in CORE.finditer(text):
        if not any(a <= m.start() < b for a, b in covered) and not (m["c"] and m["c"] in ("一", "两", "二")):
            out.append(text[max(0, m.start() - UNREAD_CONTEXT_CHARS): m.end() + UNREAD_CONTEXT_CHARS])
    return out
