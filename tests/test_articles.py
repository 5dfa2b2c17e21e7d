"""Cleaning and article splitting on the seed page and on hand-made pages in other layouts."""
import json
from collections import Counter

import pytest

from helpers import paths
from helpers.articles import split_document
from helpers.cleaning import clean_inline, join_wrapped, normalise_width

from conftest import non_space, run_cli

HEADLINES = [
    "重庆6个案例入选2024全国城乡社区高质量发展典型案例",
    "重庆出台方案开展新时代“银龄行动”",
    "我国生态质量监测网络实现各省份全覆盖",
    "网信部门从严打击网上侵害未成年人合法权益行为",
    "",
    "",
]


def test_seed_has_six_articles_with_the_right_headlines(seed_articles):
    assert [a.headline for a in seed_articles] == HEADLINES


def test_seed_credits_decks_and_continuations(seed_articles):
    assert [a.credit for a in seed_articles] == [
        "据重庆日报", "□ 重庆日报记者 张莎", "新华社北京12月19日电（记者 高敬）", "据新华社", "", ""]
    assert seed_articles[1].subheadline == "乡村振兴、基层治理、文化建设……这些方面都可老有所为"
    assert [a.continued_from for a in seed_articles] == ["", "", "", "", "（上接1版）", "（上接1版）"]


def test_seed_subheads_in_order(seed_articles):
    assert seed_articles[1].subheads == [
        "今年底前全市有序启动“银龄行动”", "“四个助力”诠释银龄担当", "新时代“银龄行动”拓展到全体老年人"]
    assert seed_articles[4].subheads[0] == "均衡"
    assert seed_articles[4].subheads[1].startswith("城乡缩差的一个重要前提是基础设施互联互通")
    assert [s for s in seed_articles[4].subheads if len(s) == 2] == ["均衡", "流动", "统筹"]
    for art in seed_articles:
        for sub in art.subheads:
            assert sub in art.body.split("\n")


@pytest.mark.parametrize("joined", [
    "征集活动已连续举办两届",  # blank line inside a word
    "上门体检、就诊",
    "潼南区《实施“双网共治”提升基层治理效能》",
    "暨2024全国城乡社区",  # space between Chinese and digits
    "逾500户农户",
    "人才5万余名",  # number broken across lines
    "占行政村总数40%以上",  # full-width percent, wrapped
    "城乡融合，重点在县域；产业这步棋，落子在县城",
    "城乡缩差的一个重要前提是基础设施互联互通",
    "农村公路里程达852公里",
])
def test_layout_joins(seed_articles, joined):
    assert any(joined in a.body for a in seed_articles)


def test_first_article_body_starts_and_ends_right(seed_articles):
    body = seed_articles[0].body
    assert body.startswith("近日，记者从市农业农村委获悉，日前举行的第二届城乡社区高质量发展论坛暨2024全国")
    assert body.endswith("数字乡村治理“小院家”应用场景覆盖38个区县100余万名村民。")
    assert "据重庆日报" not in body


def test_paragraphs_have_provenance(seed_articles):
    first = seed_articles[0].paragraphs[0]
    assert (first.line_start, first.line_end) == (1, 5)
    assert seed_articles[2].line_start == 137


def _conserved(text, records):
    page = Counter(non_space(normalise_width(text)))
    fields = Counter(non_space("".join(f for r in records for f in r.text_fields())))
    return page, fields


def test_nothing_lost_or_invented_on_the_seed(seed_text, seed_records):
    page, fields = _conserved(seed_text, seed_records)
    assert page == fields


def test_headline_first_fixture():
    text = (paths.FIXTURES / "headline_first.txt").read_text(encoding="utf-8")
    records = split_document(text, "fx")
    arts = [r for r in records if r.kind == "article"]
    furniture = {r.role: r.body for r in records if r.kind == "furniture"}
    assert [a.headline for a in arts] == ["全省高标准农田建设提速", "社区养老服务站覆盖九成街道"]
    assert arts[0].subheadline == "今年新建改造农田450万亩"
    assert arts[0].credit == "本报成都3月5日电（记者 李明王芳）"  # a dateline split across lines
    assert arts[0].body.startswith("记者从省农业农村厅获悉，今年全省计划新建和改造提升高标准农田450万亩")
    assert arts[1].credit == "□ 本报记者 陈静"
    assert arts[1].body.endswith("服务老年人150万人次。")
    assert furniture == {
        "running_header": "四川日报 2025年3月6日 星期四 第 3 版 要闻",
        "advert": "广告",
        "continuation_to": "（下转2版）",
        "editor_credit": "本版责编：赵一 美编：钱二",
        "page_footer": "第 3 页",
    }
    page, fields = _conserved(text, records)
    assert page == fields


def test_form_feed_starts_a_new_page():
    page = "粮食产量再创新高\n\n本报记者 张三\n\n据新华社报道，今年粮食产量再创新高，全国总产量超过1.4万亿斤。\n"
    records = split_document(page + "\f" + page.replace("粮食", "棉花"), "ff")
    assert [(r.page, r.headline) for r in records] == [(1, "粮食产量再创新高"), (2, "棉花产量再创新高")]


def test_a_story_runs_on_across_a_page_break():
    """A PDF page break inside a story (a crawled article, a report) does not start a new one;
    the sentence it cut is one paragraph again and the folio becomes furniture."""
    text = ("粮食产量再创新高\n\n本报记者 张三\n\n今年粮食产量再创新高，全国总产量超过1.4万亿斤，\n第 5 页\n"
            "\f比上年增加约2\n第 6 页\n\f5个基点。\n")
    records = split_document(text, "run")
    arts = [r for r in records if r.kind == "article"]
    assert [a.body for a in arts] == ["今年粮食产量再创新高，全国总产量超过1.4万亿斤，比上年增加约25个基点。"]
    assert [r.body for r in records if r.kind == "furniture"] == ["第 5 页", "第 6 页"]


def test_cleaning_helpers():
    assert normalise_width("１２．５％ ＡＢ，。") == "12.5% AB，。"
    assert clean_inline("均 衡") == "均衡"
    assert clean_inline("逾 500 户") == "逾500户"
    assert clean_inline("the  Belt and Road") == "the Belt and Road"
    assert join_wrapped(["Belt and", "Road Initiative"]) == "Belt and Road Initiative"
    assert join_wrapped(["城乡融合，重点在县域；产业这步棋，落", "子在县城。"]) == "城乡融合，重点在县域；产业这步棋，落子在县城。"


def test_cli_articles_agrees_with_library(seed_articles):
    out = run_cli("articles", paths.SEEDS / "000_aca574e4d70bbf4d.txt")
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    arts = [r for r in rows if r["kind"] == "article"]
    assert [r["headline"] for r in arts] == HEADLINES
    assert [r["body"] for r in arts] == [a.body for a in seed_articles]
    assert arts[1]["subheads"] == seed_articles[1].subheads
    assert set(rows[0]) == {"kind", "role", "doc_id", "article_id", "page", "paper", "date", "edition_page",
                            "headline", "subheadline", "credit", "continued_from", "subheads", "body",
                            "line_start", "line_end"}


FIXTURE_PAGES = ["headline_first", "page_multipage", "page_one_line", "page_traditional", "page_gbk",
                 "page_no_bylines", "page_folio_header", "page_policy_document", "page_continued_first"]


@pytest.mark.parametrize("name", FIXTURE_PAGES)
def test_fixture_pages_match_their_expected_records(name):
    from helpers.loading import load_document

    expected = json.loads((paths.FIXTURES / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    doc = load_document(paths.FIXTURES / f"{name}.txt")
    assert (doc.encoding, doc.script) == (expected["encoding"], expected["script"])
    got = [{"kind": r.kind, "role": r.role, "page": r.page, "headline": r.headline, "subheadline": r.subheadline,
            "credit": r.credit, "continued_from": r.continued_from, "subheads": r.subheads, "body": r.body,
            "lines": [r.line_start, r.line_end]} for r in split_document(doc.text, name)]
    assert got == expected["records"]
    page, fields = _conserved(doc.text, split_document(doc.text, name))
    assert page == fields


def test_a_long_unwrapped_line_still_splits(tmp_path):
    """One 100,000-character line: no wraps to learn a column from, sentences still found."""
    sentence = "全市新建社区老年食堂85家，服务老年人3.2万名。"
    path = tmp_path / "long.txt"
    path.write_text(sentence * 4000 + "\n", encoding="utf-8")
    from helpers.corpus import frames
    from helpers.loading import load_document

    tables = frames([load_document(path)])
    assert len(tables["articles"]) == 1
    assert len(tables["sentences"]) == 4000
    page, fields = _conserved(path.read_text(encoding="utf-8"), split_document(path.read_text(encoding="utf-8")))
    assert page == fields


def test_seed_without_source_notes_still_splits_by_vocabulary(seed_text):
    """With 据新华社/据重庆日报 removed there is no hard cue that headlines follow their bodies;
    the words each headline shares with the story before it decide."""
    import re

    stripped = re.sub(r" 据(?:新华社|重庆日报)$", "", seed_text, flags=re.M)
    assert "据新华社" not in stripped
    arts = [r for r in split_document(stripped, "s") if r.kind == "article"]
    assert [a.headline for a in arts] == HEADLINES
