"""Figure extraction: every supported form with exact rows, the exclusions, and the seed's gold list."""
import json

import pytest

from helpers import paths
from helpers.corpus import read_table
from helpers.figure_scores import as_scored, read_gold, score
from helpers.figures import extract

from conftest import SEED, run_cli


def rows(text):
    return [(f.surface, f.value, f.value_high, f.unit, f.qualifier, f.kind) for f in extract(text)]


@pytest.mark.parametrize("text,expected", [
    # Arabic numbers, decimals, thousands separators, multipliers
    ("共有6个案例", [("6个", 6, None, "个", "", "count")]),
    ("总里程达16.7万公里", [("16.7万公里", 167000, None, "公里", "", "length")]),
    ("交易1074亿元", [("1074亿元", 107400000000, None, "元", "", "money")]),
    ("共1,234家企业", [("1,234家", 1234, None, "家", "", "count")]),
    ("达１２．５万人", [("１２．５万人", 125000, None, "人", "", "count")]),
    ("投资3.5万亿元", [("3.5万亿元", 3.5e12, None, "元", "", "money")]),
    # Chinese numerals and mixed forms
    ("已连续举办两届", [("两届", 2, None, "届", "", "count")]),
    ("百余台大中小型农机", [("百余台", 100, None, "台", "more_than", "count")]),
    ("改造千万亩高标准农田", [("千万亩", 10_000_000, None, "亩", "", "area")]),
    ("约1.2万名", [("约1.2万名", 12000, None, "名", "about", "count")]),
    ("三千五百人参加", [("三千五百人", 3500, None, "人", "", "count")]),
    ("十二个项目", [("十二个", 12, None, "个", "", "count")]),
    # tenths and percent words
    ("七成农户", [("七成", 70, None, "%", "", "share")]),
    ("五成半的村", [("五成半", 55, None, "%", "", "share")]),
    ("百分之三十的土地", [("百分之三十", 30, None, "%", "", "share")]),
    ("千分之五", [("千分之五", 0.5, None, "%", "", "level")]),
    ("增长12.5%", [("12.5%", 12.5, None, "%", "", "growth_rate")]),
    ("提升1个百分点", [("1个百分点", 1, None, "百分点", "", "percentage_point")]),
    ("是全国的4.7倍", [("4.7倍", 4.7, None, "倍", "", "ratio")]),
    # traditional forms, compound money
    ("受益3萬個家庭，投入兩億元", [("3萬個", 30000, None, "个", "", "count"), ("兩億元", 2e8, None, "元", "", "money")]),
    ("每斤5元3角", [("5元3角", 5.3, None, "元", "", "money")]),
    ("票价5元3角2分", [("5元3角2分", 5.32, None, "元", "", "money")]),
    # qualifiers before and after
    ("超过10709场", [("超过10709场", 10709, None, "场", "more_than", "count")]),
    ("逾500户", [("逾500户", 500, None, "户", "more_than", "count")]),
    ("已超700万", [("超700万", 7_000_000, None, "", "more_than", "count")]),
    ("突破100万人", [("突破100万人", 1_000_000, None, "人", "more_than", "count")]),
    ("26万余人", [("26万余人", 260000, None, "人", "more_than", "count")]),
    ("60多万人", [("60多万人", 600000, None, "人", "more_than", "count")]),
    ("4亿多人次", [("4亿多人次", 4e8, None, "人次", "more_than", "count")]),
    ("在90%以上", [("90%以上", 90, None, "%", "at_least", "level")]),
    ("约2小时", [("约2小时", 2, None, "小时", "about", "duration")]),
    ("50人左右", [("50人左右", 50, None, "人", "about", "count")]),
    ("近30家", [("近30家", 30, None, "家", "nearly", "count")]),
    ("接近40%", [("接近40%", 40, None, "%", "nearly", "level")]),
    ("不足5%", [("不足5%", 5, None, "%", "at_most", "level")]),
    ("3岁以下", [("3岁以下", 3, None, "岁", "at_most", "age")]),
    ("收入比缩小到2.2以内", [("2.2以内", 2.2, None, "", "at_most", "other")]),
    ("占三分之一，四分之三的村", [("三分之一", 100 / 3, None, "%", "", "share"), ("四分之三", 75, None, "%", "", "share")]),
    ("惠及一百多万人", [("一百多万人", 1_000_000, None, "人", "more_than", "count")]),
    ("近千家企业", [("近千家", 1000, None, "家", "nearly", "count")]),
    ("三成以上", [("三成以上", 30, None, "%", "at_least", "share")]),
    ("人均达1.2万美元", [("1.2万美元", 12000, None, "美元", "", "money")]),
    # lists sharing a unit, ranges
    ("分别达到97.2%、74.7%、100%", [("97.2%", 97.2, None, "%", "", "level"), ("74.7%", 74.7, None, "%", "", "level"), ("100%", 100, None, "%", "", "level")]),
    ("5、6、7个", [("5", 5, None, "个", "", "count"), ("6", 6, None, "个", "", "count"), ("7个", 7, None, "个", "", "count")]),
    ("2至3年", [("2至3年", 2, 3, "年", "", "duration")]),
    ("5000至8000元", [("5000至8000元", 5000, 8000, "元", "", "money")]),
    ("3至5万元", [("3至5万元", 30000, 50000, "元", "", "money")]),
    # numbers split by spaces or line breaks are joined by cleaning first
    ("逾 500 户农户", [("逾 500 户", 500, None, "户", "more_than", "count")]),
    ("面积约 6\n平方公里", [("约 6\n平方公里", 6, None, "平方公里", "about", "area")]),
    ("增长12.3\n%，新增1.5\n万亩", [("12.3\n%", 12.3, None, "%", "", "growth_rate"), ("1.5\n万亩", 15000, None, "亩", "", "area")]),
])
def test_forms(text, expected):
    assert rows(text) == [tuple(e) for e in expected]


@pytest.mark.parametrize("text", [
    "2024年是实施之年", "到2026年底", "12月19日电", "截至今年5月底", "上午10时30分", "10:30开会",
    "（上接1版）", "第 3 页", "第二届论坛", "第二批综合站", "3版要闻", "2.0版", "5G网络", "COVID-19",
    "暨2024全国城乡社区高质量发展典型案例发布会", "打造“15分钟高品质生活服务圈”", "《2024年工作要点》",
    "一体化", "三级院坝会", "就是要十个指头弹钢琴", "走进千家万户", "党的二十届三中全会", "党的二十大",
    "数百万人的生活", "一个重要标志", "千亿级生态特色产业", "设立100亿级产业基金", "四级联动", "二期即将建成",
    "千万农民增收", "川渝六方共建", "1-11月", "5月1日至3日", "2021—2025年", "数十家", "上百人",
])
def test_exclusions(text):
    assert rows(text) == []


def test_figures_carry_sentence_offsets_and_subjects():
    figs = read_table("figures")
    arts = read_table("articles").set_index("article_id")
    for row in figs.itertuples():
        assert row.surface in row.context
        assert arts.loc[row.article_id, "body"][row.start:row.end] == row.surface
    first = figs.iloc[0]
    assert (first.surface, first.subject) == ("6个", "案例")


def test_seed_scores_against_the_hand_annotation():
    result = score(read_gold(paths.ANNOTATIONS / "figures_gold.csv"), as_scored(read_table("figures")))
    assert result["f1"] >= 0.97
    assert result["unit_accuracy"] >= 0.97
    assert result["qualifier_accuracy"] >= 0.95
    assert result["direction_accuracy"] >= 0.95
    assert result["gold"] == 114


def test_scorer_counts_misses_and_false_alarms():
    import pandas as pd

    gold = pd.DataFrame({"article": ["a1", "a1"], "value": [6.0, 10.0], "unit": ["个", "场"], "qualifier": ["", "more_than"],
                         "currency": ["", ""], "kind": ["count", "count"], "direction": ["", ""], "subject": ["", ""]})
    pred = pd.DataFrame({"article": ["a1", "a1"], "value": [6.0, 7.0], "unit": ["个", ""], "qualifier": ["", ""]})
    r = score(gold, pred)
    assert (r["precision"], r["recall"], r["f1"], r["unit_accuracy"]) == (0.5, 0.5, 0.5, 1.0)


def test_scorer_accepts_any_listed_subject():
    import pandas as pd

    gold = pd.DataFrame({"article": ["a1", "a1"], "value": [1.0, 2.0], "subject": ["经济总量|中国经济总量", "覆盖率"],
                         "unit": ["", ""], "currency": ["", ""], "qualifier": ["", ""], "kind": ["", ""], "direction": ["", ""]})
    pred = pd.DataFrame({"article": ["a1", "a1"], "value": [1.0, 2.0], "subject": ["中国经济总量", "国家水网"]})
    assert score(gold, pred)["subject_accuracy"] == 0.5


def test_cli_figures_jsonl():
    out = run_cli("figures", "--format", "jsonl", SEED)
    assert out.returncode == 0, out.stderr
    rows_ = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows_) == 114
    assert rows_[0]["surface"] == "6个" and rows_[0]["value"] == 6.0


def test_cli_figures_csv():
    import csv
    import io

    out = run_cli("figures", "--format", "csv", SEED)
    assert out.returncode == 0, out.stderr
    rows_ = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(rows_) == 114
    assert (rows_[0]["surface"], float(rows_[0]["value"]), rows_[0]["unit"]) == ("6个", 6.0, "个")


@pytest.mark.parametrize("text,surface,change,direction", [
    ("农村居民收入增速快于城镇居民2个百分点", "2个百分点", "快于", "up"),  # a gap against something named
    ("首都机场共保障航班起降10.2万架次", "10.2万架次", "", ""),  # 起降 is takeoffs and landings
    ("新增11家博物馆", "11家", "", ""),  # 新增 counts what was added: no direction (figures_gold.md)
    ("工业增加值从31.3万亿元增至40.5万亿元", "40.5万亿元", "增至", "up"),
    ("工业增加值从31.3万亿元增至40.5万亿元", "31.3万亿元", "", ""),  # where the change started
    ("两项指标分别增长5.2%、6.1%", "6.1%", "增长", "up"),  # the list shares its verb
    ("出口增速为-2.7%", "-2.7%", "增速为", "down"),  # a negative growth rate fell
    ("PM2.5年均浓度低于35微克/立方米", "低于35微克/立方米", "", ""),  # a bound, not a comparison
])
def test_change_and_direction(text, surface, change, direction):
    fig = next(f for f in extract(text) if f.surface == surface)
    assert (fig.change, fig.direction) == (change, direction)



def test_not_figures_regex_finds_what_the_plain_alternation_finds():
    """figure_lexicon groups the not_figures.csv patterns by their first character for speed; the
    matches must stay those of the plain alternation, longest pattern first, on the seed page and
    on random strings of the patterns' own characters (overlaps such as 每3年行动计划, 千家万户)."""
    import random
    import re

    from helpers.figure_lexicon import NOT_FIGURES, NUMBER_SLOT, load
    from helpers.lexicon import read_rows

    written = [row["pattern"] for _, row in read_rows(paths.LEXICON / NOT_FIGURES, ["pattern", "reason"])]
    regexes = [NUMBER_SLOT.join(map(re.escape, pattern.split("{n}"))) for pattern in written]
    plain = re.compile("|".join(sorted(regexes, key=len, reverse=True)))
    alphabet = sorted(set("".join(written).replace("{n}", "")) | set("0123456789.,"))
    rng = random.Random(0)
    texts = SEED.read_text(encoding="utf-8").splitlines() + ["每3年行动计划", "千家万户的十四五规划", "过去5年间", ""]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(3000)]
    grouped = load().not_figures
    for text in texts:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)], text
