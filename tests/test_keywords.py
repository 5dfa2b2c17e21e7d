"""Keywords name what each seed article is about, with no punctuation, numbers or boilerplate."""
import json
import re
from collections import Counter

import pytest

from helpers.corpus import read_table
from helpers.keywords import corpus_idf, keyphrases, keyword_table, log_odds
from helpers.lexicon import stopwords

from conftest import SEED, run_cli

EXPECTED = {  # article: words a reader would use to say what it is about
    "a01": {"基层治理", "三级院坝会", "案例"},
    "a02": {"银龄行动", "老年人", "志愿服务"},
    "a03": {"综合站", "生态质量监测网络", "生态环境部"},
    "a04": {"未成年人", "网信部门", "不良信息"},
    "a05": {"产业", "县城", "农村"},
}


@pytest.fixture(scope="module")
def tables():
    return {n: read_table(n) for n in ["articles", "tokens", "sentences"]}


@pytest.mark.parametrize("method", ["tfidf", "tfidf_corpus", "textrank", "logodds"])
def test_top10_names_the_topic_and_holds_no_noise(tables, method):
    df = keyword_table(tables, method, 10)
    stop = stopwords()
    for art, group in df.groupby("article_id"):
        words = list(group["keyword"])
        assert len(words) == 10
        for w in words:
            assert len(w) > 1 and w not in stop and not re.search(r"[\d\W]", w), (method, w)
        short = art.split(":")[-1]
        if short in EXPECTED and method in ("tfidf", "textrank"):
            assert EXPECTED[short] <= set(words), (method, short, words)
        elif short in EXPECTED:
            assert len(EXPECTED[short] & set(words)) >= 2, (method, short, words)


def test_corpus_idf_is_smoothed():
    idf = corpus_idf({"a": Counter(["x", "y"]), "b": Counter(["x"])})
    assert idf["x"] == pytest.approx(1.0)  # in every document: still counts
    assert idf["y"] > idf["x"]


def test_log_odds_separates_two_vocabularies():
    a = Counter({"银龄": 20, "老年人": 10, "发展": 5})
    b = Counter({"生态": 20, "监测": 10, "发展": 5})
    df = log_odds(a, b)
    assert list(df["term"].head(2)) == ["银龄", "老年人"]
    assert list(df["term"].tail(2)) == ["监测", "生态"]
    assert abs(df.set_index("term").loc["发展", "z"]) < 0.5


def test_keyphrases_find_recurring_runs(tables):
    phrases = set(keyphrases(tables["tokens"])["phrase"])
    assert {"城乡社区高质量发展", "农村产权流转交易", "助力乡村振兴"} <= phrases


def test_cli_keywords():
    out = run_cli("keywords", "--format", "jsonl", "--top", "5", "--method", "textrank", SEED)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(l) for l in out.stdout.splitlines()]
    assert len(rows) == 30
    assert set(rows[0]) == {"article_id", "headline", "rank", "keyword", "score", "method"}
    assert rows[5]["keyword"] == "银龄行动" and rows[5]["rank"] == 1


# --- keywords on real pages other than the sample ----------------------------------------------------

from helpers import paths  # noqa: E402

DEV = paths.ROOT.parent / "shared" / "pages"
# Numerals, units and shares (万亿元, 亿人次, 七成) and fragments jieba cut out of idioms, slogans and
# names (为功 of 久久为功, 草沙 of 山水林田湖草沙, 以文塑 of 以文塑旅, 行稳 of 行稳致远): the list.
NEVER_KEYWORDS = {"万亿元", "亿人次", "七成", "为功", "草沙", "林田湖", "以文塑", "旅彰文", "行稳", "野河", "东拉毛"}


@pytest.fixture(scope="module")
def dev_tables():
    if not DEV.is_dir():
        pytest.skip("the development pages (../shared/pages) are not here")
    from helpers.pipeline import process_files

    tables, errors = process_files(sorted((DEV / "pdf").glob("*.pdf")) + sorted((DEV / "text").glob("*.txt")), jobs=1)
    assert errors == []
    return tables


@pytest.mark.parametrize("method", ["tfidf", "tfidf_corpus", "textrank", "logodds"])
def test_no_keyword_of_a_real_page_is_a_numeral_unit_fraction_or_fragment(dev_tables, method):
    from helpers.keywords import FRACTION_WORD, KEYWORD_POS, standalone_unknowns
    from helpers.segment import NUMBER, NUMERAL_WORD

    df = keyword_table(dev_tables, method, 10)
    pos = dev_tables["tokens"].drop_duplicates("token").set_index("token")["pos"]
    standalone = standalone_unknowns(dev_tables["tokens"])
    bad = [w for w in df["keyword"]
           if w in NEVER_KEYWORDS or NUMBER.match(w) or NUMERAL_WORD.match(w) or FRACTION_WORD.search(w)
           or len(w) < 2 or not pos[w].startswith(KEYWORD_POS) or (pos[w] == "un" and w not in standalone)
           or (pos[w] == "eng" and w.islower())]
    assert bad == [], (method, sorted(set(bad)))
    assert df["article_id"].nunique() >= 55  # every article of the development pages has keywords


def test_a_fragment_is_told_from_a_name_by_its_neighbours():
    import pandas as pd

    from helpers.keywords import standalone_unknowns

    rows = []
    for s, words in enumerate([["久久", "为功"], ["坚持", "久久", "为功"], ["王忠云", "说"], ["记者", "见到", "王忠云"]]):
        rows += [{"sentence_id": f"s{s}", "token": w, "pos": "un" if w in ("为功", "王忠云") else "n"} for w in words]
    assert standalone_unknowns(pd.DataFrame(rows)) == {"王忠云"}
