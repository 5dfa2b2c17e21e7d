"""Segmentation: policy terms come out whole, scores against the hand-segmented sample hold."""
import json

import jieba
import pytest

from helpers import paths
from helpers.lexicon import LexiconError, policy_terms, stopwords
from helpers.segment import cut, evaluate_modes, new_word_candidates, pos_of, read_gold, tokenizer

from conftest import SEED, run_cli

GOLD = paths.ANNOTATIONS / "segmentation_gold.txt"
SEED_TERMS = ["小县大城", "强镇带村", "强村富民", "银龄行动", "院坝会", "三级院坝会", "地票", "川渝通办",
              "院落微治理", "双网共治", "民呼我为", "社区治理合伙人", "三无小区", "千万工程", "四千行动",
              "巴渝和美乡村", "宜居宜业", "城乡缩差", "银发巡逻", "大综合一体化", "三攻坚一盘活", "双高计划",
              "小院家", "直播拆卡", "网红儿童", "青少年模式", "信用画像", "四个助力", "农文旅", "土交所",
              "农交所", "市老龄委", "中央网信办", "生态环境部", "未成年人网络保护条例", "县域医共体"]


def _terms_on_seed_page():
    from helpers.articles import split_document

    text = "\n".join(r.headline + "\n" + r.body for r in split_document(SEED.read_text(encoding="utf-8")))
    return [t.word for t in policy_terms() if t.word in text]


@pytest.mark.parametrize("term", _terms_on_seed_page())
def test_every_lexicon_term_that_occurs_in_the_seed_comes_out_whole(term, seed_articles):
    """Whole, unless another lexicon term overlapping it won (数字乡村治理 → 数字 / 乡村治理)."""
    words = {t.word for t in policy_terms()}
    paragraphs = [p for a in seed_articles for p in a.body.split("\n") + [a.headline] if term in p]
    assert paragraphs
    for para in paragraphs:
        tokens, pos, spans = cut(para), 0, []
        for tok in tokens:
            spans.append((pos, pos + len(tok), tok))
            pos += len(tok)
        start = para.index(term)
        covering = [tok for a, b, tok in spans if a < start + len(term) and b > start]
        assert covering == [term] or any(t in words and t != term for t in covering), (term, covering)


def test_named_seed_terms_are_in_the_lexicon_and_default_jieba_splits_most():
    words = {t.word for t in policy_terms()}
    assert set(SEED_TERMS) <= words
    split_by_default = [t for t in SEED_TERMS if cut(t, lexicon=False) != [t]]
    assert len(split_by_default) >= 30


def test_project_tokenizer_leaves_jieba_global_state_alone():
    tokenizer(True)
    assert jieba.dt.FREQ.get("小县大城") is None
    assert jieba.lcut("小县大城") != ["小县大城"]
    assert "jieba" in tokenizer(True).tmp_dir and str(paths.CACHE) in tokenizer(True).tmp_dir


def test_scores_against_the_hand_segmented_sample():
    gold = read_gold(GOLD)
    assert len(gold) >= 40
    scores = evaluate_modes(gold).set_index(["mode", "hmm", "lexicon"])["f1"]
    # Measured 2026-11-29 (number rules of segment.regroup_numbers; 二 字 revised in the gold, see its header):
    # 0.8674 / 0.9128 (precise, HMM, without / with lexicon), 0.8688 precise without HMM, 0.8414 search;
    # asserted with a margin of 0.005.
    assert scores[("precise", True, False)] >= 0.862
    assert scores[("precise", True, True)] >= 0.907
    assert scores[("precise", False, True)] >= 0.863
    assert scores[("search", True, True)] >= 0.836
    assert scores[("precise", True, True)] - scores[("precise", True, False)] >= 0.04


def test_gold_sentences_are_seed_sentences():
    from helpers.corpus import read_table

    texts = set(read_table("sentences")["text"])
    for sid, tokens in read_gold(GOLD):
        assert "".join(tokens) in texts, sid


def test_pos_tags():
    assert pos_of("银龄行动") == "nz"
    assert pos_of("市老龄委") == "nt"
    assert pos_of("，") == "x"
    assert pos_of("2024") == "m"
    assert pos_of("重庆") == "ns"


def test_stopwords_cover_newsroom_boilerplate():
    stop = stopwords()
    for word in ["记者", "获悉", "据了解", "近日", "的", "了"]:
        assert word in stop


def test_bad_lexicon_line_names_file_and_line(tmp_path):
    bad = tmp_path / "terms.txt"
    bad.write_text("# header\n小县大城 2000 nz\n两个 词 在 一行 99\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"terms.txt, line 3: expected `word \[frequency\] \[tag\]`"):
        policy_terms(bad)


def test_new_word_candidates_find_unknown_words():
    texts = ["艾凤芸说，村里有了文创产业。", "艾凤芸介绍，文创产业初具规模，文创产业人才流入。"]
    cands = new_word_candidates(texts)
    assert "艾凤芸" in set(cands[cands.evidence == "hmm_unknown"].candidate)
    assert "文创产业" in set(cands[cands.evidence == "frequent_pair"].candidate)


def test_cli_segment_jsonl():
    out = run_cli("segment", SEED)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 6
    assert rows[1]["article_id"].endswith(":a02")
    assert "银龄行动" in rows[1]["tokens"]
    assert "，" not in rows[1]["tokens"] and "记者" in rows[1]["tokens"]


def test_fast_engine_gives_jiebas_tokens_on_corpus_and_fixtures():
    """rjieba is used for speed only because its tokens are jieba's, sentence by sentence."""
    from helpers.corpus import read_table
    from helpers.loading import load_document

    texts = list(read_table("sentences")["text"])
    for name in ["headline_first.txt"] + [p.name for p in paths.FIXTURES.glob("page_*.txt")]:
        texts += load_document(paths.FIXTURES / name).text.split("\n")
    texts += [t.word for t in policy_terms()] + ["COVID-19疫情下5G网络覆盖率达97.2%，2024年底前。", "ＡＢＣ１２３", "　"]
    for lexicon in (True, False):
        for hmm in (True, False):
            for text in texts:
                assert cut(text, hmm=hmm, lexicon=lexicon, engine="rjieba") == cut(text, hmm=hmm, lexicon=lexicon, engine="jieba"), text


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

MIXED = "城乡融合发展银龄行动小县大城老年人重庆市民政局的了在和，。、；：“”（）《》" + "abcXYZ0123456789-_.#+&% \t\u3000ＡＢ１２"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=MIXED, max_size=60), st.booleans(), st.booleans())
def test_fast_engine_matches_jieba_on_any_mix(text, hmm, lexicon):
    assert cut(text, hmm=hmm, lexicon=lexicon, engine="rjieba") == cut(text, hmm=hmm, lexicon=lexicon, engine="jieba")


@pytest.mark.parametrize("engine", ["rjieba", "jieba"])
def test_cut_all_is_cut_of_each_text(engine, monkeypatch):
    """The build's batch cut gives each text's tokens, with the engine setting honoured."""
    from helpers.segment import cut_all

    monkeypatch.setenv("HELPERS_SEGMENTER", engine)
    texts = ["COVID-19疫情下5G网络覆盖率达97.2%，2024年底前。", "城乡融合发展，银龄行动。", "", "a_b.c"]
    assert list(cut_all(texts)) == [cut(t) for t in texts]
    assert list(cut_all(texts, lexicon=False)) == [cut(t, lexicon=False) for t in texts]


GOLD_DEV = paths.ANNOTATIONS / "segmentation_gold_dev.txt"


def test_scores_against_the_hand_segmented_development_pages():
    """48 sentences of the People's Daily, Beijing report and Xinhua pages, segmented by hand to the
    same standard as the sample (header of the file). Measured (word F1, precise, HMM on):

      2026-11-29  first annotation, first lexicon:                 dev 0.8561 (0.8251 without lexicon), sample 0.8984
      2026-11-30  gold checked against its standard (Revisions):   dev 0.8757 (0.8411), sample 0.8984
      2026-11-30  lexicon grown with general policy terms:         dev 0.8999 (0.8411), sample 0.9005
      2026-11-29  number rules (segment.regroup_numbers: 5万 亩, 2800 余 个, 2+26, 三 大, 七 是);
                  the sample's 二字 revised to 二 字 by its own standard:  dev 0.9159 (0.8566), sample 0.9128

    The development sample now scores at least as well as the sample page without discovered words
    (0.9159 against 0.9128); this pins that, the measured value with a margin of 0.005, and the lead of
    the lexicon. What is still missed, by kind, is in annotations/segmentation_misses.md: half of it names
    of people, places and local programmes of unseen pages, which no general rule or lexicon supplies;
    most of the rest phrases of jieba's dictionary that the standard cuts (新 一轮, 重要 讲话)."""
    gold = read_gold(GOLD_DEV)
    assert len(gold) >= 40
    scores = evaluate_modes(gold).set_index(["mode", "hmm", "lexicon"])["f1"]
    sample = evaluate_modes(read_gold(GOLD)).set_index(["mode", "hmm", "lexicon"])["f1"]
    assert scores[("precise", True, True)] >= 0.910
    assert scores[("precise", True, True)] >= sample[("precise", True, True)]
    assert scores[("precise", True, True)] - scores[("precise", True, False)] >= 0.05


@pytest.mark.parametrize("term", ["医共体", "数字乡村", "要素流动", "互助养老", "低碳城市", "山水林田湖草沙", "久久为功", "以文塑旅", "行稳致远"])
def test_common_policy_terms_are_one_token(term):
    from helpers.segment import cut

    assert term in cut(f"我们要推进{term}，取得实效。")


@pytest.mark.parametrize("text, tokens", [
    # 1. a coded name is one token
    ("周边“2+26”传输通道城市", ["周边", "“", "2+26", "”", "传输", "通道", "城市"]),
    ("应对“23·7”极端强降雨", ["应对", "“", "23·7", "”", "极端", "强降雨"]),
    ("“1+N”政策体系", ["“", "1+N", "”", "政策", "体系"]),
    # 2. the number keeps its multiplier, not its measure word; currency-unit words stay whole
    ("完成5.8万亩高标准农田", ["完成", "5.8万", "亩", "高标准农田"]),
    ("改建20万平方米", ["改建", "20万", "平方米"]),
    ("总投资339亿元", ["总", "投资", "339", "亿元"]),
    ("4.7万亿元人民币", ["4.7", "万亿元", "人民币"]),
    # 3. 余 and 多 apart, but not before a multiplier
    ("输送人才5万余名", ["输送", "人才", "5万", "余", "名"]),
    ("全区50多家", ["全区", "50", "多", "家"]),
    ("1个多小时后", ["1", "个", "多", "小时", "后"]),
    ("带动10多万人", ["带动", "10", "多万", "人"]),
    # 4. a numeral the HMM glued to a character the dictionary does not list it with is cut off ...
    ("七是全力应对", ["七", "是", "全力", "应对"]),
    ("承接三大科学城成果", ["承接", "三", "大", "科学城", "成果"]),
    # ... but not one the dictionary lists, a quoted abbreviation or half of a paired numeral slogan
    ("四川两地体育局", ["四川", "两地", "体育局"]),
    ("紧扣“七有”要求", ["紧扣", "“", "七有", "”", "要求"]),
    ("推进“三城一区”建设", ["推进", "“", "三城", "一区", "”", "建设"]),
])
def test_numbers_follow_the_segmentation_standard(text, tokens):
    """The number rules of segment.regroup_numbers, as both hand-segmented samples write numbers."""
    assert cut(text) == tokens
    assert cut(text, engine="jieba") == tokens
    assert {w for w in cut(text, "search")} >= set(tokens)


def test_regrouped_numbers_are_numbers():
    from helpers.segment import is_content

    for token in ["5万", "4.7万亿", "2+26", "23·7", "1+N"]:
        assert pos_of(token) == "m", token
        assert not is_content(token), token
