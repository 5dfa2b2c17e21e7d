"""Thresholds pinned by real text (issue 15): each test names the constant it pins, the real case
(sample page, tests/fixtures, the development pages in ../shared/pages) or the hand-written
sentence that decides it, and fails when the constant is moved past that case. The side of the
move it catches ("lower"/"upper") is said in each docstring and in docs/thresholds.md.

Sentences quoted from the development pages are checked to be on those pages when
../shared/pages is here, and are tested on their own text either way."""
import re

import pytest

from helpers import cap, figures, paths, subjects
from helpers.figures import context, extract, numbers_not_read_as_figures
from helpers.segment import cut, pos_tagger

from conftest import non_space

DEV_TEXT = paths.ROOT.parent / "shared" / "pages" / "text"
RMRB = "renmin_ribao_2025-10-20_crawler_p005-153.txt"
BEIJING = "beijing_government_work_report_2024_p02-13.txt"


def on_dev_page(sentence: str, name: str) -> str:
    """The sentence, after checking that it is on the development page `name` (when present)."""
    path = DEV_TEXT / name
    if path.is_file():
        assert non_space(sentence) in non_space(path.read_text(encoding="utf-8")), f"not on {name}: {sentence}"
    return sentence


def on_seed(sentence: str, seed_text: str) -> str:
    assert non_space(sentence) in non_space(seed_text), f"not on the sample page: {sentence}"
    return sentence


def with_subjects(sentence: str) -> list[tuple[str, str]]:
    """(figure, subject) of each figure of a sentence, with the tokens and tags the build uses."""
    tag = pos_tagger()
    found = extract(sentence)
    subjects.add_subjects(sentence, found, [(t, tag(t)) for t in cut(sentence)])
    return [(f.surface, f.subject) for f in found]


def read(sentence: str) -> list[tuple]:
    return [(f.surface, f.value, f.unit, f.kind, f.change, f.direction) for f in extract(sentence)]


# ---------------------------------------------------------------------------------------------
# subjects.py


def test_max_subject_chars(seed_text):
    """MAX_SUBJECT_CHARS (14). Lower: the sample page's “银龄行动”老年志愿者总人次 is exactly 14
    characters and keeps its quoted name whole; at 13 it loses the opening quotation mark. Upper:
    the subject of 两届 is cut to its last 13 characters (高质量发展典型案例征集活动); at 15 the
    clause's 社区 comes back in front of it."""
    银龄 = on_seed("截至目前，全国参加“银龄行动”老年志愿者总人次已超700万，开展援助项目4000多个，受益群众4亿多人次，"
                 "“银龄行动”已成为促进老年人老有所为重要平台之一。", seed_text)
    assert with_subjects(银龄)[0] == ("超700万", "“银龄行动”老年志愿者总人次")
    assert len("“银龄行动”老年志愿者总人次") == 14 == subjects.MAX_SUBJECT_CHARS
    两届 = on_seed("据了解，全国城乡社区高质量发展典型案例征集活动已连续举办两届，该征集活动旨在推进基层治理体系和治理能力"
                 "现代化建设，推动全国城乡社区高质量发展。", seed_text)
    assert with_subjects(两届) == [("两届", "高质量发展典型案例征集活动")]


def test_max_subject_chars_on_the_beijing_report():
    """MAX_SUBJECT_CHARS on a second source, the Beijing report. Lower: the subject
    人大常委会审议地方性法规草案 is 14 characters; at 13 it loses 人大常委会. Upper: at 15 it takes
    the 市 of 市人大常委会 as well. A second 14-character subject, 集群示范区承接三大科学城成果, loses
    集群 at 13 (segmentation keeps the numeral of 三大 apart, and the subject reader takes it back)."""
    s2 = on_dev_page("全面推进依法行政，全年共提请市人大常委会审议地方性法规草案6项，制定修改废止政府规章8项，"
                     "办理市人大代表议案建议692件，办理市政协提案1054件；", BEIJING)
    assert with_subjects(s2)[0] == ("6项", "人大常委会审议地方性法规草案")
    s3 = on_dev_page("创新型产业集群示范区承接三大科学城成果超过 270 个。", BEIJING)
    assert with_subjects(s3) == [("超过 270 个", "集群示范区承接三大科学城成果")]


def test_max_noun_tokens():
    """MAX_NOUN_TOKENS (5). Lower: the Beijing report's 9个紧密型城市医疗集团 counts a noun of five
    tokens (紧密 型 城市 医疗 集团); at 4 it loses 集团. Upper: hand-written, a six-token noun after a
    count (县城 乡镇 社区 医院 药房 网点) stops at five; at 6 网点 joins it."""
    s = on_dev_page("建立9个紧密型城市医疗集团，提升基层诊疗能力和全科医师培养质量。", BEIJING)
    assert with_subjects(s) == [("9个", "紧密型城市医疗集团")]
    assert with_subjects("新建3个县城乡镇社区医院药房网点") == [("3个", "县城乡镇社区医院药房")]


# ---------------------------------------------------------------------------------------------
# figures.py


def test_year_range(seed_text):
    """YEAR_RANGE (1900, 2100): the years of the real pages are dates, not figures: 1977年 on the
    sample page (a lower bound above 1977 makes it a duration of 1,977 years) and 2035年 of the
    People's Daily (an upper bound under 2035 does the same); hand-written, 1921年 and 2050年, the
    founding year and the mid-century goal of party-press prose."""
    assert read(on_seed("1977年，邓小平在会见美联社董事会代表团时提出", seed_text)) == []
    assert read(on_dev_page("这次全会将“十四五”规划与2035年远景目标统筹考虑", RMRB)) == []
    assert read("1921年中国共产党成立") == []
    assert read("到2050年把我国建成富强民主文明和谐美丽的社会主义现代化强国") == []


def test_tenths_limit():
    """TENTHS_LIMIT (10). Lower: 超九成 of the People's Daily is 90% (a limit of 9 leaves it
    unread). Upper: 十成 is no share (hand-written 有十成把握; a limit of 11 reads it as 100%)."""
    s = on_dev_page("全国登记在册民营企业占企业总量比重超九成。", RMRB)
    assert read(s) == [("超九成", 90, "%", "share", "", "")]
    assert read("这件事他有十成把握") == []


def test_compared_with_max_chars():
    """COMPARED_WITH_MAX_CHARS (8), on hand-written sentences in the form of the Beijing report's
    增速快于城镇居民2个百分点. Lower: a comparison with an 8-character group (全省城镇常住居民) is a
    gap, direction up; at 7 it is a plain level. Upper: 低于 nine characters before a count
    (排放低于国家标准的企业共有12家) compares nothing with the count; at 9 the count goes down."""
    assert read("农村居民收入增速快于全省城镇常住居民2.1个百分点") == [
        ("2.1个百分点", 2.1, "百分点", "percentage_point", "快于", "up")]
    assert len("全省城镇常住居民") == figures.COMPARED_WITH_MAX_CHARS
    assert read("排放低于国家标准的企业共有12家") == [("12家", 12, "家", "count", "", "")]
    assert len("国家标准的企业共有") == figures.COMPARED_WITH_MAX_CHARS + 1


def test_quoted_name_max():
    """QUOTED_NAME_MAX (24): a figure inside a quotation of up to 24 characters is part of a name.
    Real, lower bound: the Beijing report's “一年基本恢复、三年全面提升、长远高质量发展” (21
    characters) is the name of a plan: 三年 is no figure (a limit under 21 counts it).
    Hand-written at the limit: a 24-character quoted programme name keeps its 3000家 out of the
    figures (lower: 23 counts it); a 25-character quotation is speech, its 3万多斤 counts (upper:
    25 drops it)."""
    plan = on_dev_page("按照“一年基本恢复、三年全面提升、长远高质量发展”的思路，编制提升防灾减灾能力规划体系", BEIJING)
    assert [f.surface for f in extract(plan)] == []
    name = "“推动3000家规模以上工业企业数字化转型专项行动”"
    assert len(name) - 2 == figures.QUOTED_NAME_MAX
    assert read(f"我市启动{name}") == []
    speech = "“今年合作社卖出去的蜂蜜足足有3万多斤呢都卖到省城了”"
    assert len(speech) - 2 == figures.QUOTED_NAME_MAX + 1
    assert [f.surface for f in extract(f"老乡笑着说{speech}")] == ["3万多斤"]


def test_context_chars(seed_text):
    """CONTEXT_CHARS (30): a figure row of the sample page shows its figure with 30 characters
    either side, an ellipsis where the sentence goes on (one fewer or more changes every cut)."""
    s = on_seed("据了解，全国城乡社区高质量发展典型案例征集活动已连续举办两届，该征集活动旨在推进基层治理体系和治理能力"
                "现代化建设，推动全国城乡社区高质量发展。", seed_text)
    fig = extract(s)[0]
    assert context(s, fig.start, fig.end) == \
        "据了解，全国城乡社区高质量发展典型案例征集活动已连续举办两届，该征集活动旨在推进基层治理体系和治理能力现代化建设，推动全…"
    shown = context(s, fig.start, fig.end)
    assert len(shown[shown.index("两届") + 2:-1]) == figures.CONTEXT_CHARS


def test_unread_context_chars(seed_text):
    """UNREAD_CONTEXT_CHARS (4): a number not read as a figure is shown with four characters
    either side, enough to see why (the sample page's headline: 2024 of a name, and 1977年 before a
    name)."""
    headline = on_seed("重庆6个案例入选2024全国城乡社区高质量发展典型案例", seed_text)
    assert numbers_not_read_as_figures(headline) == ["案例入选2024全国城乡"]
    assert numbers_not_read_as_figures(on_seed("1977年，邓小平在会见美联社董事会代表团时提出", seed_text)) == ["1977年，邓小"]


# ---------------------------------------------------------------------------------------------
# cap.py


def _top(path, headline):
    from helpers.pipeline import process_file

    tables = process_file(path, path.stem)
    arts = tables["articles"][tables["articles"]["kind"] == "article"]
    top = cap.top_topics(tables["tokens"], arts)
    return top[top["headline"] == headline].iloc[0]


def _text_tokens(articles: dict[str, str]):
    """The token table of hand-written articles {article_id: text}, as the build makes it."""
    import pandas as pd

    from helpers.segment import token_table
    from helpers.sentences import split_sentences

    rows = [(art, f"{art}:s{k:02d}", text[a:b]) for art, text in articles.items()
            for k, (a, b) in enumerate(split_sentences(text), start=1)]
    sentences = pd.DataFrame(rows, columns=["article_id", "sentence_id", "text"])
    return token_table(sentences), pd.DataFrame({"article_id": list(articles), "headline": list(articles)})


def test_cap_max_term_tokens():
    """MAX_TERM_TOKENS (4), lower side: 中华优秀传统文化 (People's Daily) and 中央经济工作会议 (Beijing
    report) are cut into four tokens (中华 优秀 传统 文化) and still match; at 3 they are lost. Upper:
    no term of lexicon/cap_topics.csv is cut into more than four tokens, so 5 or more changes nothing."""
    tokens, _ = _text_tokens({
        "a": on_dev_page("妈祖文化是中华优秀传统文化的重要组成部分。", RMRB),
        "b": on_dev_page("认真贯彻中央经济工作会议精神", BEIJING)})
    assert cut("中华优秀传统文化") == ["中华", "优秀", "传统", "文化"]
    assert {"中华优秀传统文化", "中央经济工作会议"} <= set(cap.matches(tokens)["term"])


def test_cap_min_distinct_terms():
    """MIN_DISTINCT_TERMS (2). Lower: the fixture page's 我国数字经济规模突破50万亿元 has one term
    twice (数字经济×2, score 4) and no topic; at 1 it is coded 17. Upper: 社区养老服务站覆盖九成街道
    (headline_first.txt) has two terms (社区养老、老年人) and is coded 13; at 3 it has no topic."""
    one = _top(paths.FIXTURES / "page_folio_header.txt", "我国数字经济规模突破50万亿元")
    assert (one["cap_code"], one["score"], one["n_terms"], one["terms"]) == (0, 4, 1, "数字经济×2")
    two = _top(paths.FIXTURES / "headline_first.txt", "社区养老服务站覆盖九成街道")
    assert (two["cap_code"], two["n_terms"], two["terms"]) == (13, 2, "社区养老、老年人")


def test_cap_min_score():
    """MIN_SCORE (4). Upper: 乡村振兴人才计划启动实施 (page_continued_first.txt: 乡村振兴 and 农业, weight
    2 each) and the policy document 关于推进城乡融合发展的实施意见 (城镇化率、新型城镇化) score 4 and
    are coded 4 and 14; at 5 both have no topic. Lower, hand-written: a clearly topical term and a
    suggestive one (消费 2 and 旅游 1, score 3) are no topic; at 3 the sentence is coded 15."""
    rural = _top(paths.FIXTURES / "page_continued_first.txt", "乡村振兴人才计划启动实施")
    assert (rural["cap_code"], rural["score"], rural["n_terms"]) == (4, 4, 2)
    policy = _top(paths.FIXTURES / "page_policy_document.txt", "关于推进城乡融合发展的实施意见")
    assert (policy["cap_code"], policy["score"]) == (14, 4)
    tokens, arts = _text_tokens({"x": "景区旅游人气旺，带动周边消费。"})
    top = cap.top_topics(tokens, arts).iloc[0]
    assert (top["cap_code"], top["score"], top["n_terms"], top["terms"]) == (0, 3, 2, "消费、旅游")


CANTON_FAIR = ("10月19日，第138届广交会第一期闭幕。本届广交会设立服务机器人专区，引入数十家行业领先企业，聚焦服务机器人前沿，"
               "涵盖人形机器人、外骨骼机器人、球形巡检机器人、光伏清洁机器人、教育机器人等品类，兼具技术前瞻性与成熟商业应用性，"
               "吸引全球多家工商机构和头部采购商到会参观洽谈。图为10月15日，客商在第138届广交会服务机器人专区与人形机器人合影。")


def test_cap_central_weight():
    """CENTRAL_WEIGHT (3). Upper: the People's Daily photo caption of the Canton Fair has one
    term, 广交会 (weight 3) three times, and is coded 18 as the hand coding has it; at 4 no term is
    central and it has no topic. Lower: a term of weight 2 repeated (数字经济×2, fixture page) is no
    evidence alone; at 2 it counts as central and the article is coded 17; and the sample page's
    a01 evidence (基层治理×6、党建、党组织, weights 2, 3, 2) is shown as central."""
    tokens, arts = _text_tokens({"caption": on_dev_page(CANTON_FAIR, RMRB)})
    top = cap.top_topics(tokens, arts).iloc[0]
    assert (top["cap_code"], top["score"], top["n_terms"], top["terms"]) == (18, 9, 1, "广交会×3")
    one = _top(paths.FIXTURES / "page_folio_header.txt", "我国数字经济规模突破50万亿元")
    assert one["cap_code"] == 0
    seed = cap.scores(*_seed_tokens_and_articles())
    first = seed[(seed["article_id"] == "seed:a01") & (seed["rank"] == 1)].iloc[0]
    assert (first["terms"], bool(first["central"])) == ("基层治理×6、党建、党组织", False)


def _seed_tokens_and_articles():
    from helpers.pipeline import process_file

    tables = process_file(paths.SEEDS / "000_aca574e4d70bbf4d.txt", "seed")
    return tables["tokens"], tables["articles"][tables["articles"]["kind"] == "article"]


def test_cap_min_central_repeats():
    """MIN_CENTRAL_REPEATS (2), upper side, hand-written from the Canton Fair caption: a central
    term twice (广交会×2, score 6) is enough for topic 18; at 3 it is not. The lower side cannot
    move anything while MIN_SCORE is 4: one central term once scores 3."""
    tokens, arts = _text_tokens({"x": "第138届广交会第一期闭幕。图为客商在广交会服务机器人专区参观。"})
    top = cap.top_topics(tokens, arts).iloc[0]
    assert (top["cap_code"], top["score"], top["n_terms"], top["terms"]) == (18, 6, 1, "广交会×2")


def test_cap_share_decimals():
    """SHARE_DECIMALS (3): the sample page's a01 scores 17 of its 22 points on topic 20, a share
    shown as 0.773 (2 decimals show 0.77, 4 show 0.7727)."""
    scores = cap.scores(*_seed_tokens_and_articles())
    first = scores[(scores["article_id"] == "seed:a01") & (scores["rank"] == 1)].iloc[0]
    assert (first["cap_code"], first["score"], repr(float(first["share"]))) == (20, 17, "0.773")


# ---------------------------------------------------------------------------------------------
# keywords.py, on the sample page's token table (built once for this module)


@pytest.fixture(scope="module")
def seed_tables():
    from helpers.pipeline import process_file

    return process_file(paths.SEEDS / "000_aca574e4d70bbf4d.txt", "seed")


def _words(ranked: dict) -> dict[str, str]:
    return {art.split(":")[-1]: " ".join(w for w, _ in pairs) for art, pairs in ranked.items()}


def test_distinctive_z(seed_tables):
    """DISTINCTIVE_Z (1.96) on the sample page: a04's 不良信息 and 网信部门 (z 1.989) are distinctive
    (a bound of 2.0 drops them); a05's 统筹 (z 1.923) is not (1.92 adds it)."""
    from helpers import keywords as kw

    found = kw.distinctive_terms(seed_tables["tokens"])
    terms = set(zip(found["article_id"].str[-3:], found["term"]))
    assert {("a04", "不良信息"), ("a04", "网信部门")} <= terms
    assert ("a05", "统筹") not in terms
    z = found.set_index(["article_id", "term"])["z"]
    assert z[("seed:a04", "不良信息")] == pytest.approx(1.9895, abs=1e-4)


def test_standalone_min_count(seed_tables):
    """STANDALONE_MIN_COUNT (2), upper side: words jieba's HMM made up that the sample page uses
    twice in different company (农房, 荆竹村, 石溪镇, 提质) are words and may be keywords; at 3 they
    are dropped as fragments. 秀芽 and 看棋, twice but always beside the same word, are not. The
    lower side cannot move anything: a word seen once has only one left neighbour."""
    from helpers import keywords as kw

    found = kw.standalone_unknowns(seed_tables["tokens"])
    assert {"农房", "荆竹村", "石溪镇", "提质"} <= found
    assert not {"秀芽", "看棋"} & found


def test_top_keywords(seed_tables):
    """TOP_KEYWORDS (10): every article of the sample page gets ten keywords by each method (each
    has more candidates than that), so one more or one fewer changes every list."""
    from helpers import keywords as kw

    for method in kw.METHODS:
        ranked = kw.keywords(seed_tables["tokens"], method)
        assert {len(v) for v in ranked.values()} == {10}, method


SEED_TEXTRANK = {
    "a01": "社区 基层治理 城乡 三级院坝会 案例 山区 高质量发展 全国 探索 召开",
    "a02": "银龄行动 老年人 助力 服务 银龄 参与 活动 新时代 志愿服务 社会",
    "a03": "综合站 生态 生态质量监测网络 监管 生态环境部 工作 全国 牵头 建设 保护",
    "a04": "未成年人 违法 网络 不良信息 网信部门 问题 身心健康 内容 利用 违规",
    "a05": "产业 重庆 农村 乡村 改革 发展 县城 基础设施 梁平 统筹",
    "a06": "建设 国家 改革 区域 指标 实施 重庆 试点 共建 建成",
}


def test_textrank_window_and_damping(seed_tables):
    """TEXTRANK_WINDOW (5) and TEXTRANK_DAMPING (0.85): the TextRank keywords of the sample page,
    in rank order. A window of 4 or 6 reorders every article's list; a damping of 0.8 reorders
    a05 and a06, 0.9 four of them."""
    from helpers import keywords as kw

    assert _words(kw.keywords(seed_tables["tokens"], "textrank")) == SEED_TEXTRANK


def test_textrank_iterations(seed_tables):
    """TEXTRANK_ITERATIONS (50), lower side: after 50 iterations the sample page's TextRank scores
    are within 1e-5 of the converged ones (300 iterations); at 40 or fewer they are not. The
    upper side changes no ranking: from 30 iterations on, every top ten is the converged one."""
    from helpers import keywords as kw

    tokens = seed_tables["tokens"]
    content = tokens[tokens["token"].isin(kw.keyword_vocabulary(tokens))]
    shown = kw.textrank(content, top=1000)
    converged = kw.textrank(content, top=1000, iterations=300)
    assert max(abs(dict(shown[a])[w] - s) for a in converged for w, s in converged[a]) < 1e-5


SEED_LOGODDS = {
    "a01": "社区 案例 三级院坝会 高质量发展 基层治理 城乡 山区 召开 院坝会 探索",
    "a02": "银龄行动 老年人 助力 银龄 参与 活动 志愿服务 新时代 社会 服务",
    "a03": "综合站 生态 生态环境部 生态质量监测网络 牵头 监管 作用 保护 发挥 中国科学院",
    "a04": "未成年人 违法 问题 不良信息 网信部门 身心健康 违规 部分 网络 内容",
    "a05": "产业 重庆 县城 农村 乡村 统筹 基础设施 城乡融合 梁平 乡镇",
    "a06": "国家 中心 区域 共建 建成 指标 建设 一体化 中西部 制定",
}


def test_log_odds_prior(seed_tables):
    """LOG_ODDS_PRIOR (500): the log-odds keywords of the sample page in rank order; the prior
    decides how far a word seen a few times is shrunk, so 250 or 1,000 reorders them."""
    from helpers import keywords as kw

    assert _words(kw.keywords(seed_tables["tokens"], "logodds")) == SEED_LOGODDS


def test_score_and_z_decimals(seed_tables):
    """SCORE_DECIMALS (6) and Z_DECIMALS (4): the sample page's first keyword rows as shown,
    基层治理 0.440053 by TF-IDF and 社区 3.8969 by log-odds (one decimal more or fewer changes them)."""
    from helpers import keywords as kw

    tfidf = kw.keyword_table(seed_tables, "tfidf")
    assert [(w, repr(float(s))) for w, s in tfidf[["keyword", "score"]].head(2).values] == \
        [("基层治理", "0.440053"), ("社区", "0.375684")]
    logodds = kw.keyword_table(seed_tables, "logodds")
    assert [(w, repr(float(s))) for w, s in logodds[["keyword", "score"]].head(2).values] == \
        [("社区", "3.8969"), ("案例", "3.3305")]


def test_keyphrase_min_count_and_max_tokens(seed_tables):
    """KEYPHRASE_MIN_COUNT (2) and KEYPHRASE_MAX_TOKENS (3) on the sample page. Its keyphrases
    include 强村富民综合改革 (强村富民 综合 改革, twice, in two articles: at a minimum of 3 it is lost)
    and 城乡社区高质量发展 (three tokens, five times: at a maximum of 2 it is lost); none is seen
    only once (at 1 every pair of content words is a phrase, 2,553 of them) and none runs to four
    tokens (at 4 全国城乡社区高质量发展 joins them)."""
    from helpers import keywords as kw

    found = kw.keyphrases(seed_tables["tokens"]).set_index("phrase")
    assert (found.loc["强村富民综合改革", "count"], found.loc["强村富民综合改革", "articles"]) == (2, 2)
    assert (found.loc["城乡社区高质量发展", "tokens"], found.loc["城乡社区高质量发展", "count"]) == ("城乡 社区 高质量发展", 5)
    assert found["count"].min() == 2 and len(found) == 126
    assert found["tokens"].str.count(" ").max() == 2 and "全国城乡社区高质量发展" not in found.index


# ---------------------------------------------------------------------------------------------
# themes.py, labels.py


@pytest.fixture(scope="module")
def rmrb_tables():
    from helpers.pipeline import process_file

    if not (DEV_TEXT / RMRB).is_file():
        pytest.skip("the development pages (../shared/pages) are not here")
    return process_file(DEV_TEXT / RMRB, "rmrb")


def test_min_group_articles(rmrb_tables):
    """MIN_GROUP_ARTICLES (5) on the People's Daily issue (dev pages), grouped by edition page:
    pages 04 and 05 hold five articles each and may be compared (at 6 they may not); page 08
    holds three and may not (at 3 it may). No page holds four, so 4 is not decided by a real page."""
    from helpers.themes import groups_large_enough

    arts = rmrb_tables["articles"]
    sizes = arts[arts["kind"] == "article"]["edition_page"].value_counts()
    assert (sizes["04"], sizes["05"], sizes["08"]) == (5, 5, 3) and 4 not in set(sizes)
    assert groups_large_enough(arts, "edition_page", "04", "05")
    assert not groups_large_enough(arts, "edition_page", "04", "08")


def test_title_chars(seed_text):
    """TITLE_CHARS (16): a headline of 16 characters (铁凝出席非洲女性议员研讨班开班式, People's Daily)
    is shown whole (at 15 it is cut); the sample page's 27-character first headline is cut to
    15 characters and an ellipsis (at 17, 16 and an ellipsis)."""
    from helpers.labels import title

    whole = on_dev_page("铁凝出席非洲女性议员研讨班开班式", RMRB)
    assert len(whole) == 16 and title(whole) == whole
    long = on_seed("重庆6个案例入选2024全国城乡社区高质量发展典型案例", seed_text)
    assert title(long) == "重庆6个案例入选2024全国城…"


def test_min_subhead_chars(seed_articles):
    """MIN_SUBHEAD_CHARS (4), lower side: the sample page's untitled continuation a05 opens with
    the two-character subheads 均衡 and 流动, which name parts; it is called after its first long
    subhead (at 2 it would be （续）均衡). Its other subheads run from 2 to 61 characters and no page
    has one of 3 to 10, so the upper side is decided by no real page."""
    from helpers.labels import title

    a05 = [a for a in seed_articles if a.article_id.endswith("a05")][0]
    assert a05.subheads[:2] == ["均衡", "城乡缩差的一个重要前提是基础设施互联互通、公共服务均衡均等，一个重要标志是农村基本具备现代生活条件"]
    assert title(a05.headline, a05.subheads, a05.body) == "（续）城乡缩差的一个重要前提是…"


# ---------------------------------------------------------------------------------------------
# loading.py


def test_min_traditional_chars():
    """MIN_TRADITIONAL_CHARS (3). Upper: the first line of the traditional fixture page
    (國務院辦公廳印發意見) has three traditional-only characters (國 務 發) and no simplified-only one:
    traditional (at 4 it is called simplified). Lower: a name with two (國務院, 國 務) beside
    figures is too little to call a page traditional (at 2 it is)."""
    from helpers.loading import detect_script

    first = (paths.FIXTURES / "page_traditional.txt").read_text(encoding="utf-8").splitlines()[0]
    assert first == "國務院辦公廳印發意見" and detect_script(first) == "traditional"
    assert detect_script("國務院 2024年 第3期 12.5%") == "simplified"


def _han_text(n: int) -> str:
    line = "本市今年新建社区老年食堂八十五家。\n"
    return (line * (n // len(line) + 1))[:n]


def test_min_control_chars():
    """MIN_CONTROL_CHARS (8): a short page (a few hundred characters) with eight stray control
    characters (form feeds and escapes left by a converter) is text (at 7 it is refused as
    binary); with nine it is binary (at 9 it is accepted)."""
    from helpers.loading import InputError, check_text

    page = _han_text(300)
    check_text(page[:150] + "\x1b" * 8 + page[150:], "page.txt")
    with pytest.raises(InputError, match="control characters"):
        check_text(page[:150] + "\x1b" * 9 + page[150:], "page.txt")


def test_control_per_chars():
    """CONTROL_PER_CHARS (100): in a page of 10,000 characters, 100 control characters are still
    text (one in a hundred; at 101 it is binary) and 101 are binary (at 99 it is text)."""
    from helpers.loading import InputError, check_text

    page = _han_text(10_000 - 101)
    check_text("\x1b" * 100 + page + "。", "page.txt")
    with pytest.raises(InputError, match="control characters"):
        check_text("\x1b" * 101 + page, "page.txt")


def test_nul_sniff_bytes():
    """NUL_SNIFF_BYTES (65536): a NUL byte within the first 64 KiB marks a binary file (the last
    byte sniffed, 65,535, is seen: one byte fewer and it goes unseen); one stray NUL after them,
    in a long UTF-8 page, leaves it text (one byte more and it refuses the page)."""
    from helpers.loading import InputError, decode

    def page(nul_at: int) -> bytes:
        """A UTF-8 page with one NUL byte at offset `nul_at` (blank lines pad it to the byte)."""
        head = _han_text(nul_at // 3 - 10).encode("utf-8")
        data = head + b"\n" * (nul_at - len(head)) + b"\x00" + _han_text(1000).encode("utf-8")
        return data + b"\n" * (1 - len(data) % 2)  # an odd length: no reading as UTF-16

    with pytest.raises(InputError, match="NUL"):
        decode(page(65_535), "page.txt")
    text, encoding = decode(page(65_536), "page.txt")
    assert encoding == "utf-8" and "\x00" in text


# ---------------------------------------------------------------------------------------------
# sentences.py: real long sentences, and hand-written hostile input (a lost quotation mark, a
# table flattened into one "sentence" by a PDF) built to put a mark exactly at a limit


BEIJING_DIFFICULTIES = (
    "主要是：人口、资源、环境矛盾仍然突出，首都功能优化还有很大提升空间；经济持续回升基础不牢固，市场预期偏弱，"
    "企业生产经营困难较多，居民消费和民间投资的信心不足；关键核心技术突破窗口期变短，产业链供应链韧性和竞争力有待增强；"
    "精细化治理水平与群众期待还有较大差距，“大城市病”治理需久久为功；城乡区域发展差距依然较大，教育、医疗、养老等民生"
    "领域存在不少短板弱项；极端情况下防灾减灾救灾能力亟待加强，安全生产、火灾防控、应急管理水平需要提升；政府系统干部"
    "队伍的能力素质、工作作风存在不足。")
BEIJING_FIVE_POINTS = (
    "在今年的工作中要着重把握好以下几个方面：一是更加注重服务大局、主动作为，牢牢把握推进中国式现代化这个最大的政治，"
    "牢记首都职责使命，发挥首都优势，大力加强“四个中心”功能建设，提高“四个服务”水平；二是更加注重稳中求进、系统施策，"
    "把稳增长放到更加突出的位置，努力以自身工作的确定性应对形势变化的不确定性，用积极有效的政策措施提振市场信心；"
    "三是更加注重以进促稳、提质增效，用发展的办法解决前进中的问题，奋力推进传统领域“迭代”、新兴业态“抢滩”、未来产业"
    "“占先”，持续提升城市发展能级；四是更加注重先立后破、改革创新，在“立”的基础上做好“破”的工作，紧紧依靠改革这个"
    "关键一招破解难题，依靠创新这个第一动力打开局面，不断增强发展活力；五是更加注重底线思维、防范风险，以“时时放心不下”"
    "的责任感抓好安全稳定工作，严防各种“黑天鹅”“灰犀牛”，促进发展和安全动态平衡、相得益彰。")


def _lengths(paragraph: str) -> list[int]:
    from helpers.sentences import split_sentences

    return [b - a for a, b in split_sentences(paragraph)]


def _filler(n: int) -> str:
    """n characters of running text without any mark a sentence may be cut at."""
    words = "城乡居民收入稳步增长基本公共服务水平持续提升"
    return (words * (n // len(words) + 1))[:n]


def _with_marks(n: int, marks: dict[int, str]) -> str:
    text = list(_filler(n))
    for pos, mark in marks.items():
        text[pos] = mark
    return "".join(text)


def test_soft_max_chars():
    """SOFT_MAX_CHARS (256). Lower: the Beijing report's list of difficulties, 240 characters with
    six semicolons, is one sentence (at 239 it is cut at them). Upper: its five points, 385
    characters, are cut into the five items (not by one step: a real sentence is cut only from
    385 characters on); a hand-written list of 257 characters is cut at its semicolons (at 257 it
    stays whole). Note: real sentences do exceed 250 characters (the Beijing report has one of 273
    without a semicolon, kept whole)."""
    assert len(on_dev_page(BEIJING_DIFFICULTIES, BEIJING)) == 240 and _lengths(BEIJING_DIFFICULTIES) == [240]
    assert _lengths(on_dev_page(BEIJING_FIVE_POINTS, BEIJING)) == [98, 70, 73, 74, 70]
    listed = _with_marks(257, {99: "；", 199: "；", 256: "。"})
    assert _lengths(listed) == [100, 100, 57]


def test_soft_min_piece_chars():
    """SOFT_MIN_PIECE_CHARS (64, a quarter of SOFT_MAX_CHARS). Upper: the Beijing report's second
    and fifth points are 70 characters and stand as sentences (at 71 they join the next point).
    Lower, hand-written: a list whose first item is 63 characters keeps it with the next (at 63
    it stands alone)."""
    assert _lengths(BEIJING_FIVE_POINTS) == [98, 70, 73, 74, 70]
    listed = _with_marks(263, {62: "；", 162: "；", 262: "。"})
    assert _lengths(listed) == [163, 100]


def test_hard_max_chars():
    """HARD_MAX_CHARS (512), on a table flattened into one comma-separated "sentence" of 700
    characters: the cut is at the last comma before the limit. Lower: a comma at offset 511 is
    the cut (at 511 it is out of reach and the cut falls back to the comma at 500). Upper: a comma
    at offset 512 is out of reach (at 513 it is the cut)."""
    assert _lengths(_with_marks(700, {500: "，", 511: "，"})) == [512, 188]
    assert _lengths(_with_marks(700, {500: "，", 512: "，"})) == [501, 199]


def test_hard_min_piece_chars():
    """HARD_MIN_PIECE_CHARS (256, half of HARD_MAX_CHARS), on the same flattened table: a hard cut
    keeps at least 256 characters. Upper: a lone comma at offset 256 is a cut (at 257 the cut
    falls at the limit, 512). Lower: a lone comma at offset 255 is not (at 255 it is)."""
    assert _lengths(_with_marks(700, {256: "，"})) == [257, 443]
    assert _lengths(_with_marks(700, {255: "，"})) == [512, 188]


def test_max_quote_chars():
    """MAX_QUOTE_CHARS (300): a quotation whose closing mark a PDF lost stops holding sentences
    together 300 characters after it opened. Upper: a full stop 301 characters in ends the
    sentence (at 301 the quotation runs on to the next one). Lower: a full stop 300 characters
    in does not (at 299 it does)."""
    at_301 = "“" + _with_marks(400, {300: "。", 340: "。", 399: "。"})
    assert _lengths(at_301) == [302, 40, 59]
    at_300 = "“" + _with_marks(400, {299: "。", 340: "。", 399: "。"})
    assert _lengths(at_300) == [342, 59]


# ---------------------------------------------------------------------------------------------
# discovery.py, on the text of the three development documents (as tests/test_discovery.py)


@pytest.fixture(scope="module")
def discovered():
    from helpers.discovery import discover, sentences_of_file

    names = [BEIJING, RMRB, "xinhua_web_2023_top10_words_p1.txt"]
    if not all((DEV_TEXT / n).is_file() for n in names):
        pytest.skip("the development pages (../shared/pages) are not here")
    return discover([s for n in names for s in sentences_of_file(DEV_TEXT / n)]).set_index("word")


def test_discovery_min_and_max_chars(discovered):
    """MIN_CHARS (2) and MAX_CHARS (7). Two-character words are found (兜牢, 初心, 互促: a minimum
    of 3 loses 24 words); so are the seven-character 山水林田湖草沙 and 西部陆海新通道 (a maximum of 6
    loses them). No longer candidate passes, so 8 changes nothing; at 1 discover() fails, a
    one-character string having no cut to measure its cohesion on."""
    assert {"兜牢", "初心", "互促", "山水林田湖草沙", "西部陆海新通道"} <= set(discovered.index)
    assert discovered.index.str.len().max() == 7


def test_discovery_min_count(discovered):
    """MIN_COUNT (3): 仿制药 and 副中心, three uses each, are found (at 4 they are not); strings used
    twice, such as 一定会 and 上科创, are not (at 2 they and 109 more are)."""
    assert (discovered.loc["仿制药", "count"], discovered.loc["副中心", "count"]) == (3, 3)
    assert not {"一定会", "上科创"} & set(discovered.index)


def test_discovery_min_branch_entropy(discovered):
    """MIN_BRANCH_ENTROPY (0.5). Upper: 山水林田湖草沙 is followed by 一 four times in five (right
    entropy 0.5004) and is found (at 0.6 it is lost, with 急难愁盼 and 先学). Lower: 后付, whose left
    neighbour is nearly always the same (0.4506), is not (at 0.4 it is found)."""
    assert discovered.loc["山水林田湖草沙", "right_entropy"] == pytest.approx(0.5004, abs=1e-4)
    assert "后付" not in discovered.index


def test_discovery_min_cohesion(discovered):
    """MIN_COHESION (3.5). Upper: 聚力 (cohesion 3.56) is found (at 4.0 it is lost, with 先学 and
    抓改革). Lower: the loose combinations 上强调 (3.38) and 注重全 (3.05) are not (at 3.0 they are;
    so is 施策, 3.25, a real word)."""
    assert discovered.loc["聚力", "cohesion"] == pytest.approx(3.5644, abs=1e-4)
    assert not {"上强调", "注重全"} & set(discovered.index)


def test_discovery_min_fragmented(discovered):
    """MIN_FRAGMENTED (0.5). Upper: 互促, 先学 and 创新药, which jieba fragments in more than half
    but not 60% of their uses, are found (at 0.6 they are lost). Lower: 老旧 and 吴可云, which jieba
    keeps whole or joins to a neighbour half the time or more, are not (at 0.4 they are found, with
    the fragments 人民谋 and 找实习)."""
    assert {"互促", "先学", "创新药"} <= set(discovered.index)
    assert not {"老旧", "吴可云", "人民谋", "找实习"} & set(discovered.index)


# ---------------------------------------------------------------------------------------------
# articles.py and cleaning.py: no real page is decided by these (each was moved over a wide range
# on every real page), so each is pinned by a short hand-written page in the form pdftotext gives,
# built to put a line at the limit.


def _split(page: str):
    from helpers.articles import split_document

    return split_document(page)


def test_page_edge_lines():
    """PAGE_EDGE_LINES (2): a lone page number counts as a folio only in the first and last two
    content lines. Lower: a folio (3) above the editors' credit at the foot of a page is furniture
    (at 1 it becomes an article headed 3). Upper: the figure of a data box on the third line of a
    page (今年开工项目（个） / 126) stays text (at 3 it is taken for a folio and dropped)."""
    foot = ("社区养老服务站覆盖九成街道\n\n本报记者 陈静\n\n截至去年底，全省城市社区养老服务站\n"
            "达到 3200个，覆盖约 90%的街道，\n服务老年人 150万人次。\n\n3\n本版责编：赵一\n")
    records = _split(foot)
    assert [r.kind for r in records] == ["article", "furniture", "furniture"]
    assert (records[1].role, records[1].body) == ("page_footer", "3")
    top = ("重大项目开工名单\n\n今年开工项目（个）\n126\n\n本报讯 记者从市发展改革委获悉，今年以来全市开工重大项目126个，\n"
           "总投资超过2000亿元。\n")
    records = _split(top)
    assert [r.kind for r in records] == ["article"]
    assert "126" in records[0].headline + records[0].subheadline


def test_min_heading_bigrams():
    """MIN_HEADING_BIGRAMS (3): a heading between two paragraphs is judged by its vocabulary
    (shared with the story after it, not the one before: a new headline) only with three bigrams
    or more. Upper: the four-character 垃圾分类 (three bigrams) heads a brief of its own (at 4 it
    is a subhead of the story before). Lower: the three-character subhead 新机遇 stays in its story
    (at 2 it starts one)."""
    brief = ("城市更新让老街区焕发新活力\n\n今年以来，全市持续推进城市更新行动，累计改造老旧小区126个，加装电梯430部，惠及居民3.8万户。\n\n"
             "垃圾分类\n\n全市生活垃圾分类覆盖率达到95%，垃圾分类处理能力持续提升，居民参与垃圾分类的积极性明显提高。\n")
    assert [r.headline for r in _split(brief)] == ["城市更新让老街区焕发新活力", "垃圾分类"]
    section = ("城市更新让老街区焕发新活力\n\n今年以来，全市持续推进城市更新行动，累计改造老旧小区126个，加装电梯430部，惠及居民3.8万户。\n\n"
               "新机遇\n\n旧厂房变身文创园，吸引年轻人创业，新业态带来新机遇，街区商户营业额同比增长两成。\n")
    records = _split(section)
    assert [(r.headline, r.subheads) for r in records] == [("城市更新让老街区焕发新活力", ["新机遇"])]


def test_deck_wider_ems():
    """DECK_WIDER_EMS (2.5), in a narrow column (7 to 7.5 ems). Lower: 保有量突破, a line cut short
    before a long number, is followed by a line 2.5 ems wider and goes on into it (at 2.0 it
    becomes a subhead). Upper: the box heading 相关链接 is followed by a line 3 ems wider and stands
    as a subhead (at 3.0 it is glued to the text under it)."""
    narrow = ("新能源汽车保有量创新高\n\n本报讯 截至9月底，\n全市新能源汽车\n保有量突破\n31400000辆，占汽\n"
              "车总量的12%，同\n比提高3个百分点。\n")
    (rec,) = _split(narrow)
    assert [p.text for p in rec.paragraphs] == ["截至9月底，全市新能源汽车保有量突破31400000辆，占汽车总量的12%，同比提高3个百分点。"]
    box = ("新能源汽车保有量创新高\n\n本报讯 截至9月底，\n全市新能源汽车保\n有量突破三千万辆，\n占汽车总量的一成\n多。\n\n"
           "相关链接\n什么是新能源汽\n车？新能源汽车是\n指采用新型动力系\n统的汽车。\n")
    (rec,) = _split(box)
    assert rec.subheads == ["相关链接"]
    assert [p.text for p in rec.paragraphs][-2:] == ["相关链接", "什么是新能源汽车？新能源汽车是指采用新型动力系统的汽车。"]


def test_gap_overhang_ems():
    """GAP_OVERHANG_EMS (2): the line before a stray blank line is text cut by it only if it is at
    most two ems wider than the columns around. Lower: a cut line 1.5 ems wider than its 17.5-em
    column (full lines vary by about an em) goes on after the gap (at 1 the sentence is cut in
    two paragraphs). Upper: a deck 2.5 ems wider than the 20-em body column stays a deck (at 3 it
    is glued to the body as its first words)."""
    cut = ("老旧小区改造惠及居民3.8万户\n\n本报讯 今年以来，全市持续推进城市更新\n行动，累计改造老旧小区126个，加装电梯\n"
           "430部，惠及居民3.8万户，全市今年计划改造\n\n老旧小区150个，各区结合实际，探索微改\n造精提升路径，带动周边商户增收明显。\n")
    (rec,) = _split(cut)
    assert len(rec.paragraphs) == 1 and "计划改造老旧小区150个" in rec.paragraphs[0].text
    deck = "城市更新行动改造老旧小区126个惠及居民3.85万户"
    page = (f"老街区焕发新活力\n\n{deck}\n\n今年以来，全市持续推进城市更新行动，累计改\n造老旧小区126个，加装电梯430部。各区结合实\n"
            "际，探索微改造精提升路径。\n")
    (rec,) = _split(page)
    assert rec.subheadline == deck and rec.paragraphs[0].text.startswith("今年以来")


# ---------------------------------------------------------------------------------------------
# pdf.py: the font sizes and positions of the real PDFs


def _styles(path) -> dict[str, str]:
    """text -> style of each line of a PDF (the first line of each text)."""
    from helpers import pdf

    out: dict[str, str] = {}
    for page in pdf.read_pdf(path):
        for line in page:
            out.setdefault(line.text, line.style)
    return out


def test_pdf_size_ratios():
    """HEADLINE_RATIO (1.5), SUBHEAD_RATIO (1.1) and SMALL_RATIO (0.95), on the sizes the real PDFs
    use. The People's Daily excerpt (fixture PDF, body 12 pt): 28-pt headlines (2.33) are
    headlines, the 14-pt photo credit (1.17) a subhead, 10-pt bylines and source lines (0.83)
    small, 9-pt folios (0.75) margin. The Xinhua web page (dev PDF, body 9 pt): its 17-pt date line
    (1.89) is a headline and its 8-pt chrome (0.89) small. So HEADLINE_RATIO is pinned to
    (1.17, 1.89], SUBHEAD_RATIO to (1.0, 1.17] and SMALL_RATIO to (0.89, 1.0]: no real PDF has a
    line whose size falls inside those ranges, so no one-step move changes a page."""
    styles = _styles(paths.FIXTURES / "pdf" / "renmin_ribao_2025-10-20_excerpt.pdf")
    assert styles["图片报道"] == "headline"
    assert styles["新华社记者 卢汉欣摄"] == "subhead"
    assert styles["本报记者 程 龙 潘俊强"] == "small"
    assert styles["第 59 页"] == "margin"
    assert sum(style == "body" for style in styles.values()) > 50
    xinhua = DEV_TEXT.parent / "pdf" / "xinhua_web_2023_top10_words_p1.pdf"
    if xinhua.is_file():
        styles = _styles(xinhua)
        assert (styles["2023年这些词语很流行"], styles["12/06"]) == ("headline", "headline")
        assert styles["新华网 > > 正文"] == "small"


def test_min_column_lines_and_gutter_ems():
    """MIN_COLUMN_LINES (2) and GUTTER_EMS (1.0): the Xinhua web page (dev PDF) is read in the
    order pdftotext gives it: the logo block of three lines beside two rows of navigation, then
    the headline and its date. With 1, the lone date line beside the headline becomes a column and
    is read first; with 3 (or a gutter of 2.5 ems or more), the logo block and the navigation rows
    are read across, interleaved. Gutters of 0.5 to 2.25 ems change no page."""
    from helpers import pdf

    path = DEV_TEXT.parent / "pdf" / "xinhua_web_2023_top10_words_p1.pdf"
    if not path.is_file():
        pytest.skip("the development pages (../shared/pages) are not here")
    lines = pdf.pdf_text(pdf.read_pdf(path)).text.split("\n")
    keys = ["新华通讯社主办", "公司官网", "股票代码", "学习进行时", "金融 汽车", "新华网 > > 正文", "2023年这些词语很流行", "12/06", "09:47:56"]

    def order(text_lines):  # after the first line, the browser's print header
        return sorted(keys, key=lambda k: next(i for i, line in enumerate(text_lines) if i and line.startswith(k)))

    assert order(lines) == keys
    assert order((DEV_TEXT / "xinhua_web_2023_top10_words_p1.txt").read_text(encoding="utf-8").split("\n")) == keys


def test_margin_share():
    """MARGIN_SHARE (0.07), upper side: the People's Daily (dev PDF) sets some bylines (任仲平,
    陶多多, 王忠云) small at the top of a page's text, under 11% of its height from the top; they
    are credits, small text (from 0.115 they are taken for margin furniture and the articles lose
    them). Lower side: no record of any PDF changes from 0.02 to 0.11."""
    path = DEV_TEXT.parent / "pdf" / "renmin_ribao_2025-10-20_crawler_p005-153.pdf"
    if not path.is_file():
        pytest.skip("the development pages (../shared/pages) are not here")
    styles = _styles(path)
    assert [styles[name] for name in ("任仲平", "陶多多", "王忠云")] == ["small"] * 3
    assert styles["第 59 页"] == "margin"


# ---------------------------------------------------------------------------------------------
# What a reader is shown: article pages, Excel export, report index, charts, fonts


def test_keywords_shown(seed_tables):
    """KEYWORDS_SHOWN (10): each article page of the sample page lists ten keywords (every article
    has more candidates than that, so one more or one fewer changes every page)."""
    from helpers.article_pages import views

    shown = [len(view.keywords) for view in views(seed_tables)]
    assert shown == [10] * 6


def test_excel_limits():
    """EXCEL_ROWS (1,048,575) and EXCEL_CELL (32,767) are Excel's sheet and cell limits, as
    openpyxl records them (1,048,576 rows with the header; openpyxl silently keeps the first
    32,767 characters of a longer cell). A body of exactly 32,767 characters is exported whole
    (at 32,766 it is cut); one of 32,768 is cut with an ellipsis the reader sees (at 32,768
    openpyxl would cut it silently)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.xml.constants import MAX_ROW

    from helpers import export

    assert export.EXCEL_ROWS == MAX_ROW - 1
    ws = Workbook(write_only=True).create_sheet()
    counts = {"cut": 0, "dropped": 0}
    body = _filler(40_000)
    assert export._cell(ws, body[:32_767], "str", counts, WriteOnlyCell) == body[:32_767]
    assert export._cell(ws, body[:32_768], "str", counts, WriteOnlyCell) == body[:32_766] + "…"
    assert counts["cut"] == 1


def test_dates_listed():
    """DATES_LISTED (12): the report's index lists a year of monthly issues' dates one by one
    (at 11 it summarises them); thirteen dates are summarised as first, last and count (at 13
    they are listed)."""
    from helpers.report import _listed

    months = [f"2024-{m:02d}-20" for m in range(1, 13)]
    assert _listed(months) == "、".join(months)
    assert _listed([*months, "2025-01-20"]) == "2024-01-20 至 2025-01-20，共 13 个日期"


def test_max_tick_labels():
    """MAX_TICK_LABELS (12): a trend over the twelve months of a year labels every month (at 11
    every other); over thirteen months, every other month (at 13 every month, crowded)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    from helpers.plotting import lines

    def labelled(n: int) -> int:
        lines(pd.DataFrame({"共同富裕": range(n)}, index=[f"2024-{m:02d}" for m in range(1, n + 1)]))
        shown = [t.get_text() for t in plt.gca().get_xticklabels() if t.get_text()]
        plt.close("all")
        return len(shown)

    assert (labelled(12), labelled(13)) == (12, 7)


def test_render_scale():
    """RENDER_SCALE (1.5): a PDF page is shown at 108 dpi, an A4 page of the People's Daily
    excerpt 893 pixels wide, where the 10-pt byline is legible (1.4 gives 833, 1.6 gives 952)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.pdfview import show_page

    show_page(paths.PDF_EXAMPLE, 1)
    image = plt.gca().get_images()[0].get_array()
    plt.close("all")
    assert image.shape[:2] == (1263, 893)


def test_regular_weight():
    """REGULAR_WEIGHT (400): the weight of the variable font's instance named Regular, the one the
    charts are set in (300 is Light, 500 Medium)."""
    from fontTools.ttLib import TTFont

    from helpers import fonts

    variable = fonts.packaged_variable_font()
    if variable is None:
        pytest.skip("the packaged Noto Sans SC variable font is not installed")
    font = TTFont(variable, lazy=True)
    named = {i.coordinates["wght"]: font["name"].getDebugName(i.subfamilyNameID) for i in font["fvar"].instances}
    assert named[fonts.REGULAR_WEIGHT] == "Regular"
    used = TTFont(fonts.font_path(), lazy=True)
    assert (used["OS/2"].usWeightClass, used["name"].getDebugName(2)) == (400, "Regular")


def test_value_tolerance():
    """VALUE_TOLERANCE (1e-6), the relative tolerance a figure's value is matched with against the
    hand annotation. Lower: 1/3 written two ways (33.333333333333336 and 33.33333333333333, as in
    the People's Daily annotation's 超过1/3) is one value (a tolerance under 2.2e-16 splits them).
    Upper: the Beijing report page's 96% and 96.1% of one article stay two values (from 1.04e-3 on
    they would match each other). Every annotated value has an exact match, so no score changes
    between 2.2e-16 and 1e-3: the pin is that range, not one step."""
    from helpers.figure_scores import _same_value, read_gold

    gold = read_gold(paths.ANNOTATIONS / "figures_gold_rmrb_2025-10-20_economy.csv")
    third = gold[gold["surface"] == "超过1/3"]["value"].iloc[0]
    assert repr(float(third)) == "33.333333333333336" and _same_value(33.33333333333333, third)
    beijing = set(read_gold(paths.ANNOTATIONS / "figures_gold_beijing_2024_report_page.csv")["value"])
    assert {96.0, 96.1} <= beijing
    assert not _same_value(96.0, 96.1) and not _same_value(96.1, 96.0)
