"""Property tests: cleaning is idempotent and conserves characters, splitting never drops or
duplicates a character, the figure parser never crashes and reads back the numbers it is given."""
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.articles import clean_text, split_document
from helpers.cleaning import clean_inline, normalise_width, squeeze_spaces
from helpers.figures import extract

from conftest import non_space

HAN = "城乡融合发展重点在县域产业这步棋落子县城银龄行动老年人志愿服务生态质量监测网络记者新华社据报"
PUNCT = "，。、；：？！“”（）《》……—"
LAYOUT = [" ", "\n", "\n\n", "\u3000", "\t", "\f"]
MARKS = ["□ 重庆日报记者 张莎", "新华社北京12月19日电（记者 高敬）", "据新华社", "（上接1版）", "（下转2版）",
         "第 3 页", "本版责编：赵一", "广告", "均 衡", "１２．５％", "2024年"]

page_text = st.lists(
    st.one_of(st.text(alphabet=HAN, min_size=1, max_size=24), st.sampled_from(list(PUNCT)),
              st.sampled_from(LAYOUT), st.sampled_from(MARKS), st.from_regex(r"[0-9０-９]{1,5}", fullmatch=True),
              st.text(alphabet="abcXYZ ", max_size=6)),
    max_size=80,
).map("".join)

any_text = st.text(max_size=300)


@given(any_text)
def test_inline_cleaning_is_idempotent(text):
    once = clean_inline(text)
    assert clean_inline(once) == once
    assert normalise_width(normalise_width(text)) == normalise_width(text)
    assert squeeze_spaces(squeeze_spaces(text)) == squeeze_spaces(text)


@given(any_text)
def test_inline_cleaning_conserves_non_space_characters(text):
    assert non_space(clean_inline(text)) == non_space(normalise_width(text))


@settings(max_examples=300, deadline=None)
@given(page_text)
def test_splitting_never_drops_or_duplicates_a_character(text):
    records = split_document(text, "p")
    page = Counter(non_space(normalise_width(text)))
    fields = Counter(non_space("".join(f for r in records for f in r.text_fields())))
    assert page == fields


@settings(max_examples=300, deadline=None)
@given(page_text)
def test_page_cleaning_is_idempotent_and_conserves_characters(text):
    once = clean_text(text)
    assert clean_text(once) == once
    assert Counter(non_space(once)) == Counter(non_space(normalise_width(text)))


@given(any_text)
def test_figure_parser_never_crashes(text):
    for fig in extract(text):
        assert text[fig.start:fig.end] == fig.surface
        assert fig.value == fig.value  # not NaN


CN_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """A plain Chinese numeral for 1 ≤ n < 10000 (三千五百, 十二, 一百零五)."""
    out, zero = "", False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d, n = divmod(n, value)
        if d:
            if zero:
                out += "零"
            out += ("" if (value == 10 and d == 1 and not out) else CN_DIGITS[d]) + name
            zero = False
        elif out:
            zero = True
    return out


@st.composite
def written_number(draw):
    n = draw(st.integers(min_value=2, max_value=9999))
    form = draw(st.sampled_from(["arabic", "thousands", "fullwidth", "chinese", "wan", "decimal_wan"]))
    if form == "arabic":
        return str(n), float(n)
    if form == "thousands":
        return f"{n * 1000:,}", float(n * 1000)
    if form == "fullwidth":
        return str(n).translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789"}), float(n)
    if form == "chinese":
        return chinese(n), float(n)
    if form == "wan":
        return f"{n}万", float(n * 10000)
    return f"{n / 10:g}万", n / 10 * 10000


@given(written_number(), st.sampled_from(["", "超过", "约", "近"]), st.sampled_from(["", "多", "余"]),
       st.sampled_from(["个", "名", "元", "公里", "亩", "%"]))
def test_generated_numbers_read_back(number, before, approx, unit):
    written, value = number
    text = f"今年共有{before}{written}{approx}{unit}，同比增长。"
    if approx and (written[-1] not in "0123456789０１２３４５６７８９万" or unit == "%"):
        approx = ""
        text = f"今年共有{before}{written}{unit}，同比增长。"
    figs = extract(text)
    assert len(figs) == 1, (text, figs)
    assert abs(figs[0].value - value) <= 1e-6 * value, (text, figs[0])
    assert figs[0].unit == unit


# Numerals, what may follow them as a unit or fraction, currency symbols, and plain words.
number_context = st.text(alphabet="一二三十百万零〇两几0123456789.,分之成余多半个亿元米年%/¥$US 体化进步是的，。", max_size=14)


@settings(max_examples=3000, deadline=None)
@given(number_context)
def test_numerals_skipped_before_reading_a_unit_are_those_no_unit_follows(text):
    """figures._unit_may_follow lets a Chinese numeral with nothing unit-like around it be dropped
    before its unit is read; the figures are exactly those of reading every numeral in full."""
    from unittest import mock

    from helpers import figures

    quick = extract(text)
    with mock.patch.object(figures, "_unit_may_follow", lambda *args: True):
        assert extract(text) == quick


@given(number_context)
def test_a_text_has_a_number_exactly_where_the_number_pattern_finds_one(text):
    """figures.HAS_NUMBER is the quick test for whether figures.CORE finds anything."""
    from helpers.figures import CORE, HAS_NUMBER

    assert bool(HAS_NUMBER.search(text)) == bool(CORE.search(text))
