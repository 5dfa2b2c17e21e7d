"""Every statistical figure in a text: value, unit, qualifier, kind, subject and where it stands.

Rules (what counts as a statistic, and what does not) are documented in annotations/figures_gold.md.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from itertools import accumulate, islice

import pandas as pd

from . import schema
from .cleaning import normalise_width
from .numerals import CN_NUMERAL_CHARS, DIGITS, MULTIPLIERS, parse_arabic, parse_chinese, standard_forms

FIGURE_COLUMNS = schema.columns("figures")
# A figure row shows this many characters either side of the figure, never its whole sentence:
# a table of 1,100 percentages in one "sentence" would otherwise repeat it 1,100 times.
CONTEXT_CHARS = 30

_ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CHINESE = rf"[{CN_NUMERAL_CHARS}]+(?:点[零〇一二三四五六七八九]+)?"
# The lookahead lets the regex engine skip ahead to the next digit or numeral character.
CORE = re.compile(rf"(?=[\d{CN_NUMERAL_CHARS}])(?:(?P<a>{_ARABIC})|(?P<c>{_CHINESE}))")

QUALIFIER_BEFORE = {
    "不超过": "at_most", "超过": "more_than", "超出": "more_than", "突破": "more_than", "逾": "more_than",
    "超": "more_than", "大约": "about", "约": "about", "将近": "nearly", "接近": "nearly", "近": "nearly",
    "不到": "at_most", "不足": "at_most", "至少": "at_least", "最多": "at_most",
}
QUALIFIER_AFTER = {"以上": "at_least", "以下": "at_most", "以内": "at_most", "左右": "about", "余": "more_than",
                   "多": "more_than"}

UNIT_KINDS = {
    "count": "个 名 人次 人 户 家 件 场 项 条 台 所 座 村 辆 架 艘 套 张 本 部 批次 批 次 篇 届 处 栋 间 份 位 例 起 宗 笔 杯 棵 只 头 株 块 类 种 支 盏 枚 床 大".split(),
    "money": "元 美元 欧元 港元 日元 英镑".split(),
    "percent": ["%"],
    "percentage_point": ["百分点", "个百分点"],
    "multiple": ["倍"],
    "area": "平方公里 平方千米 平方米 公顷 亩".split(),
    "length": "公里 千米 厘米 毫米 米".split(),
    "weight": "万吨 吨 公斤 千克 克 斤".split(),
    "duration": "个月 小时 分钟 秒 周 天 年".split(),
    "age": ["周岁", "岁"],
    "other": "立方米 千瓦时 千瓦 兆瓦 吉瓦 度 升 标准箱".split(),
}
UNIT_KIND = {u: k for k, units in UNIT_KINDS.items() for u in units}
UNITS = sorted(UNIT_KIND, key=len, reverse=True)
DISPLAY_UNIT = {"个百分点": "百分点", "大": ""}

RANGE_MARKS = "至到~～-—－"
# Numerals that are part of idioms, slogans and names, never statistics.
IDIOMS = ["十个指头", "千家万户", "千家事", "一成不变", "千方百计", "千差万别", "万无一失", "五湖四海", "四面八方",
          "七上八下", "九牛一毛", "十全十美", "一子落定", "三心二意", "千里林带", "万众一心", "百花齐放"]
NAME_AFTER_JIE = re.compile(r"[一二三四五六七]中全会|全国人大|人大|政协|全会")
VAGUE_BEFORE = "数几上成"
DATE_AFTER_YEAR = re.compile(r"年(?:底|初|末|内|度|中|前|后|以来|起|至今|上半年|下半年|第)?")
CODE_BEFORE = re.compile(r"[A-Za-z\-_/]")
LATIN = re.compile(r"[A-Za-z]")
TIME_OR_VERSION_AFTER = re.compile(r"[.:：]\d")
DATE_OR_LEVEL_AFTER = re.compile(r"[月日号时版期级]|点\d|点钟")
SHORT_QUOTE = re.compile(r"“[^“”，。；！？]{1,24}”|《[^《》]{1,40}》|「[^「」]{1,24}」")
NOT_TENTHS_AFTER = set("为立功果本员交熟长效就绩都型套")


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
    subject: str = ""


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in SHORT_QUOTE.finditer(text)]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a < pos < b for a, b in spans)


_IDIOM = re.compile("|".join(map(re.escape, sorted(IDIOMS, key=len, reverse=True))))


def _idiom_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start() - 1, m.end()) for m in _IDIOM.finditer(text)]


def _value_of(m: re.Match) -> float | None:
    return parse_arabic(m["a"]) if m["a"] else parse_chinese(m["c"])


_ALTERNATIONS: dict[int, re.Pattern] = {}


def _take(text: str, pos: int, options) -> str:
    """The longest of `options` that starts at `pos`, or ""."""
    pattern = _ALTERNATIONS.get(id(options))
    if pattern is None:
        pattern = _ALTERNATIONS[id(options)] = re.compile(
            "|".join(map(re.escape, sorted(options, key=len, reverse=True))))
    m = pattern.match(text, pos)
    return m.group(0) if m else ""


@dataclass
class _Number:
    """A numeral with what follows it: approximation marks and a multiplier (60多万, 120余万)."""

    start: int
    end: int
    value: float
    arabic: bool
    core: str
    approx: bool
    mult: int = 1


def _number_at(t: str, m: re.Match) -> _Number | None:
    value = _value_of(m)
    if value is None:
        return None
    end, approx, factor = m.end(), False, 1
    # 60多万, 120余万, 一百多万: an approximation mark, then a multiplier that scales what came before
    if t.startswith(("余", "多"), end) and _take(t, end + 1, MULTIPLIERS) and (m["a"] or m["c"][-1] not in "万亿"):
        approx, end = True, end + 1
    if m["a"] or approx:
        mult = _take(t, end, MULTIPLIERS)
        if mult:
            factor = MULTIPLIERS[mult]
            end += len(mult)
    return _Number(m.start(), end, value * factor, bool(m["a"]), m.group(0), approx, factor)


def _excluded(t: str, num: _Number, unit: str, quotes, idioms) -> bool:
    """Is this number a date, ordinal, code, name or slogan rather than a statistic?

    Patterns are matched at `num.end` rather than on a slice, so long sentences stay linear."""
    before = t[max(0, num.start - 1): num.start]
    end = num.end
    time_minutes = before in ("时", "点") and num.start >= 2 and t[num.start - 2] in "0123456789" + CN_NUMERAL_CHARS
    if before == "第" or time_minutes or _inside(num.start, quotes) or _inside(num.start, idioms):
        return True  # ordinals, the minutes of a time (10时30分)
    if before and CODE_BEFORE.match(before) or LATIN.match(t, end):
        return True  # codes and names: 5G, COVID-19, G318
    if num.arabic and (TIME_OR_VERSION_AFTER.match(t, end) or (before and before in ".:")):
        return True  # times, version numbers
    if DATE_OR_LEVEL_AFTER.match(t, end) and not t.startswith("个月", end):
        return True  # dates, times, editions, issues, levels
    is_year = num.arabic and len(num.core) == 4 and 1900 <= num.value <= 2100 and "." not in num.core
    if is_year and (not unit or unit == "年" or DATE_AFTER_YEAR.match(t, end)):
        return True  # 2024年, 2024年底, a year inside a name (2024全国…)
    if not num.arabic:
        if "〇" in num.core or num.core in {"一", "零"} or (not unit):
            return True
        if before and before in VAGUE_BEFORE:
            return True  # 数百万, 几十
        if unit == "届" and NAME_AFTER_JIE.match(t, end + 1):
            return True  # 二十届三中全会
        if unit == "大":
            return True
    return False


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


def extract(text: str) -> list[Figure]:
    """Figures of one sentence or paragraph, in order of appearance; offsets index `text`."""
    compact, index = _compact(text)
    figures = _extract_compact(compact)
    for fig in figures:
        fig.start, fig.end = index[fig.start], index[fig.end - 1] + 1
        fig.surface = text[fig.start: fig.end]
    return figures


def _extract_compact(text: str) -> list[Figure]:
    t = standard_forms(normalise_width(text))
    if not CORE.search(t):
        return []
    quotes, idioms = _quoted_spans(t), _idiom_spans(t)
    figures: list[Figure] = []
    pos = 0
    while True:
        m = CORE.search(t, pos)
        if not m:
            break
        fig, pos = _figure_at(t, text, m, quotes, idioms)
        if fig:
            figures.append(fig)
    _share_list_units(t, figures)
    return figures


def _figure_at(t: str, original: str, m: re.Match, quotes, idioms) -> tuple[Figure | None, int]:
    if m["c"] and not _could_be_chinese_figure(t, m):
        return None, m.end()  # 一体化, 三级, 两岸: most Chinese numerals in running text are words
    num = _number_at(t, m)
    if num is None:
        return None, m.end()
    start, end = num.start, num.end
    qualifier = "more_than" if num.approx else ""
    high = None
    fraction = _fraction_at(t, num)
    if fraction is not None:  # 三分之一 → 33.33 %
        value, end = fraction
        if _inside(start, quotes) or _inside(start, idioms):
            return None, end
        return Figure(start, end, original[start:end], _tidy(value), None, "%", "", "percent"), end
    # a range: 2至3年, 5000至8000元, 3至5万元
    if end < len(t) and t[end] in RANGE_MARKS:
        m2 = CORE.match(t, end + 1)
        if m2:
            num2 = _number_at(t, m2)
            if num2 is not None and num2.arabic == num.arabic:
                high = num2.value
                if num.mult == 1 and num2.mult > 1:
                    num.value *= num2.mult  # 3至5万元: the multiplier is shared
                end = num2.end
                if DATE_OR_LEVEL_AFTER.match(t, end) and not t.startswith("个月", end):
                    return None, end  # 1-11月, 5至7日: a span of dates
    value = num.value
    if t.startswith(("余", "多"), end):
        qualifier, end = "more_than", end + 1
    # percent words and tenths
    kind = unit = ""
    pct_word = t[max(0, start - 3): start]
    if pct_word in ("百分之", "千分之"):
        value = value / (10 if pct_word == "千分之" else 1)
        if high is not None:
            high = high / (10 if pct_word == "千分之" else 1)
        start -= 3
        unit, kind = "%", "percent"
    elif t.startswith("成", end) and value < 10 and t[end + 1: end + 2] not in NOT_TENTHS_AFTER:
        value *= 10
        end += 1
        extra = t[end: end + 1]
        if extra == "半":
            value, end = value + 5, end + 1
        elif extra in DIGITS:
            value, end = value + DIGITS[extra], end + 1
        unit, kind = "%", "percent"
    else:
        unit = _take(t, end, UNITS)
        if unit:
            end += len(unit)
            kind = UNIT_KIND[unit]
            if unit == "元":
                value, end = _compound_money(t, end, value)
        elif t.startswith("‰", end):
            value, unit, kind, end = value / 10, "%", "percent", end + 1
    if _excluded(t, num, unit, quotes, idioms):
        return None, max(m.end(), num.end)
    for word, q in QUALIFIER_AFTER.items():
        if t.startswith(word, end) and not qualifier:
            if word in "余多" and not unit:
                continue
            qualifier, end = q, end + len(word)
            break
    for word in sorted(QUALIFIER_BEFORE, key=len, reverse=True):
        if t[:start].endswith(word) and not _word_continues(t, start - len(word)):
            qualifier, start = QUALIFIER_BEFORE[word], start - len(word)
            break
    if high is not None and kind == "":
        kind = "other"
    unit = DISPLAY_UNIT.get(unit, unit)
    kind = kind or ("count" if t[num.end: num.end + 1] == "大" else "other")
    fig = Figure(start, end, original[start:end], _tidy(value), _tidy(high) if high is not None else None,
                 unit, qualifier, kind)
    return fig, end


def _fraction_at(t: str, num: "_Number") -> tuple[float, int] | None:
    """X分之Y as a percentage: 三分之一 → 33.33, 4分之3 → 75; None if no fraction starts here."""
    if not t.startswith("分之", num.end) or num.value == 0:
        return None
    m = CORE.match(t, num.end + 2)
    if not m:
        return None
    part = _value_of(m)
    if part is None:
        return None
    return round(part / num.value * 100, 2), m.end()


def _could_be_chinese_figure(t: str, m: re.Match) -> bool:
    """A Chinese numeral is a figure only with a measure word, 成 or 百分之/千分之 before it."""
    if m["c"] in ("一", "零") and t[max(0, m.start() - 3): m.start()] not in ("百分之", "千分之") \
            and not t.startswith("分之", m.end()):
        return False
    end = m.end()
    if t.startswith(("余", "多"), end):
        end += 1
    if t.startswith(("成", "分之"), end) or t[max(0, m.start() - 3): m.start()] in ("百分之", "千分之"):
        return True
    if m["c"][-1] not in "万亿" and _take(t, end, MULTIPLIERS) and _take(t, end + 1, UNITS):
        return True  # 一百多万人
    if end < len(t) and t[end] in RANGE_MARKS:
        return True
    return bool(_take(t, end, UNITS))


def _word_continues(t: str, pos: int) -> bool:
    """`近` in 最近/附近 or `超` in 高超 is part of another word, not a qualifier."""
    return pos > 0 and t[pos - 1: pos + 1] in {"最近", "附近", "将近", "接近", "高超", "赶超"} and t[pos] != "将"


_MONEY_PART = re.compile(r"\d+|[一二两三四五六七八九]")


def _compound_money(t: str, end: int, value: float) -> tuple[float, int]:
    """5元3角2分 → 5.32 元."""
    for unit, scale in (("角", 0.1), ("分", 0.01)):
        m = _MONEY_PART.match(t, end)
        if m and t.startswith(unit, m.end()):
            digit = float(m.group(0)) if m.group(0).isdigit() else DIGITS[m.group(0)]
            value += digit * scale
            end = m.end() + 1
    return round(value, 2), end


def _share_list_units(t: str, figures: list[Figure]) -> None:
    """97.2%、74.7%、100% carry their own units; 5、6、7个 share the last one's."""
    for i in range(len(figures) - 2, -1, -1):
        fig, nxt = figures[i], figures[i + 1]
        if not fig.unit and t[fig.end: fig.end + 1] == "、" and nxt.start == fig.end + 1 and nxt.unit:
            fig.unit, fig.kind = nxt.unit, nxt.kind


def _tidy(value: float) -> float:
    return round(value, 6)


NOUNISH = ("n", "vn", "un", "nz", "nt", "ns", "nr")


def _subject(fig: Figure, tokens: list[str], starts: list[int]) -> str:
    """Best effort: the noun the figure measures, after it (6个案例) or before it (覆盖率达100%).

    `starts[k]` is where token k begins in the sentence (and `starts[-1]` its length)."""
    from .segment import pos_of

    first_after = bisect_left(starts, fig.end, hi=len(tokens))
    after = list(islice((t for t in islice(tokens, first_after, None) if t.strip()), 3))
    for token in after:
        if token in {"的", "、"}:
            continue
        if len(token) > 1 and pos_of(token).startswith(NOUNISH):
            return token
        break
    # tokens that end by the figure's start and begin at most 12 characters before it
    window = tokens[bisect_left(starts, fig.start - 12): bisect_right(starts, fig.start) - 1]
    before = [t for t in reversed(window) if t.strip()][:4]
    for token in before:
        if len(token) > 1 and pos_of(token).startswith(NOUNISH):
            return token
    return ""


def extract_with_subjects(text: str, tokens: list[str] | None = None) -> list[Figure]:
    """extract(), plus each figure's subject; `tokens` are the sentence's tokens if already cut."""
    figures = extract(text)
    if figures:
        tokens = tokens if tokens is not None else _cut(text)
        starts = list(accumulate(map(len, tokens), initial=0))
        for fig in figures:
            fig.subject = _subject(fig, tokens, starts)
    return figures


def _cut(text: str) -> list[str]:
    from .segment import cut

    return cut(text)


def figure_rows(sentences, tokens_by_sentence: dict[str, list[str]] | None = None) -> list[dict]:
    """One dict per figure of every sentence (a DataFrame or a dict of lists); `start`/`end` are
    offsets in the article body. `tokens_by_sentence` saves cutting sentences again."""
    rows = []
    tokens_by_sentence = tokens_by_sentence or {}
    for sid, doc, art, offset, text in zip(sentences["sentence_id"], sentences["doc_id"], sentences["article_id"],
                                           sentences["start"], sentences["text"]):
        for k, fig in enumerate(extract_with_subjects(text, tokens_by_sentence.get(sid)), start=1):
            d = dict(fig.__dict__)
            d.update(figure_id=f"{sid}:f{k:02d}", doc_id=doc, article_id=art, sentence_id=sid,
                     start=offset + fig.start, end=offset + fig.end, context=context(text, fig.start, fig.end))
            rows.append(d)
    return rows


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """The figure with up to `width` characters either side, an ellipsis where text was cut."""
    left, right = max(0, start - width), min(len(text), end + width)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


def figures_table(sentences) -> pd.DataFrame:
    """The figure table (FIGURE_COLUMNS) of the given sentences."""
    return pd.DataFrame(figure_rows(sentences), columns=FIGURE_COLUMNS)


def score(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, float]:
    """Precision, recall and F1 on values (matched within each article, in order), and unit and
    qualifier accuracy over the matched pairs. Both frames need article, value, unit, qualifier."""
    matched = []
    n_gold, n_pred = len(gold), len(predicted)
    for article, g in gold.groupby("article", sort=False):
        pool = list(predicted[predicted["article"] == article].itertuples(index=False))
        for row in g.itertuples(index=False):
            hit = next((p for p in pool if abs(p.value - row.value) <= 1e-6 * max(1.0, abs(row.value))), None)
            if hit is not None:
                pool.remove(hit)
                matched.append((row, hit))
    tp = len(matched)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0

    def agree(field):
        same = sum(str(getattr(g, field) or "") == str(getattr(p, field) or "") for g, p in matched)
        return same / tp if tp else 0.0

    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "unit_accuracy": round(agree("unit"), 4), "qualifier_accuracy": round(agree("qualifier"), 4),
            "gold": n_gold, "predicted": n_pred, "matched": tp}


def read_gold(path) -> pd.DataFrame:
    return pd.read_csv(path, keep_default_na=False, dtype={"unit": str, "qualifier": str, "surface": str},
                       converters={"value": float})


def as_scored(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures table in the scorer's shape (short article ids)."""
    out = figures.copy()
    out["article"] = out["article_id"].str.split(":").str[-1]
    return out
