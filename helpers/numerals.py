"""Parse Chinese and Arabic numerals: 三千五百, 两, 十二, 1,234.5, 1.2万."""
from __future__ import annotations

import re
from decimal import Decimal

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
BIG_UNITS = {"万": 10**4, "亿": 10**8}
MULTIPLIERS = {"万亿": 10**12, "亿": 10**8, "万": 10**4, "千": 10**3, "百": 10**2}
# Traditional and financial forms map one character to one character, so offsets keep.
VARIANTS = str.maketrans({
    "萬": "万", "億": "亿", "個": "个", "兩": "两", "壹": "一", "貳": "二", "叁": "三", "參": "三", "肆": "四",
    "伍": "五", "陸": "六", "柒": "七", "捌": "八", "玖": "九", "拾": "十", "佰": "百", "仟": "千",
    "點": "点", "餘": "余", "約": "约", "項": "项", "場": "场", "臺": "台", "條": "条", "張": "张",
    "輛": "辆", "噸": "吨", "畝": "亩", "歲": "岁", "圓": "元", "頃": "顷", "戶": "户", "處": "处",
    "筆": "笔", "過": "过", "達": "达", "幾": "几",
})
_VARIANT_CHARS = re.compile("[" + "".join(map(chr, VARIANTS)) + "]")


def standard_forms(text: str) -> str:
    """Traditional and financial numerals and units in their simplified form, offsets kept."""
    return text.translate(VARIANTS) if _VARIANT_CHARS.search(text) else text
CN_NUMERAL_CHARS = "".join(DIGITS) + "十百千万亿"


def parse_arabic(text: str) -> Decimal:
    """1,234.5 → 1234.5 exactly; `,` and `，` separate groups of three digits."""
    return Decimal(text.replace(",", "").replace("，", ""))


# 万万 is 10^8 (万万分之三); positional parsing would add the two 万s.
_SPECIAL = {"万万": Decimal(10**8)}


def parse_chinese(text: str) -> Decimal | None:
    """Value of a Chinese numeral (三千五百 → 3500, 十二 → 12, 二〇二四 → 2024, 三点五 → 3.5), exact."""
    if not text:
        return None
    if text in _SPECIAL:
        return _SPECIAL[text]
    if "点" in text:
        whole, _, frac = text.partition("点")
        base = parse_chinese(whole)
        if base is None or not frac or any(c not in DIGITS for c in frac):
            return None
        return Decimal(f"{int(base)}.{''.join(str(DIGITS[c]) for c in frac)}")
    if all(c in DIGITS for c in text) and len(text) > 1:
        return Decimal("".join(str(DIGITS[c]) for c in text))  # digit by digit: 二〇二四
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and digit != 0:
                return None  # two digits in a row inside a positional number
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            section += digit or 0
            if section == 0:
                section = 1
            total = (total + section) * BIG_UNITS[ch] if ch == "亿" else total + section * BIG_UNITS[ch]
            section, digit = 0, None
        else:
            return None
    return Decimal(total + section + (digit or 0))
