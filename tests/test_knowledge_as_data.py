"""Knowledge is data: adding a unit, a change verb, a not-figure phrase, a stopword, an outlet or a
theme term is one line in one file in lexicon/, and the next build (or analysis) picks it up."""
import shutil

import pytest

from helpers import paths, pipeline, themes
from helpers.corpus import read_table
from helpers.figure_lexicon import load
from helpers.figures import extract
from helpers.lexicon import LexiconError

PAGE = "本报讯 今年全市苹果丰收，果农共收获苹果300筐，比上年多收两成。\n"


@pytest.fixture
def lexicon(tmp_path, monkeypatch):
    """A copy of lexicon/ that the build reads instead of the project's."""
    folder = tmp_path / "lexicon"
    shutil.copytree(paths.LEXICON, folder)
    monkeypatch.setattr(paths, "LEXICON", folder)
    for name in ("USER_DICT", "STOPWORDS", "THEMES", "OUTLETS", "CAP_TOPICS"):
        monkeypatch.setattr(paths, name, folder / getattr(paths, name).name)
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")  # the build cache is used, as by a user
    return folder


def _append(path, line):
    with open(path, "a", encoding="utf-8") as f:
        f.write(line + "\n")


def _build(tmp_path, name="page.txt"):
    seeds = tmp_path / "seeds"
    seeds.mkdir(exist_ok=True)
    (seeds / name).write_text(PAGE, encoding="utf-8")
    corpus = tmp_path / "corpus"
    assert not pipeline.build(seeds, corpus, jobs=1)
    return corpus


def test_a_new_unit_is_one_line(lexicon, tmp_path):
    before = read_table("figures", _build(tmp_path))
    assert before.loc[before["value"] == 300, "unit"].tolist() == [""]
    _append(lexicon / "units.csv", "筐,count,,,,,")
    after = read_table("figures", _build(tmp_path))
    assert after.loc[after["value"] == 300, "unit"].tolist() == ["筐"]


def test_a_new_change_verb_and_not_figure_are_one_line_each(lexicon):
    assert extract("产量攀升12%")[0].direction == ""
    _append(lexicon / "figure_words.csv", "攀升,change,up")
    assert (extract("产量攀升12%")[0].direction, extract("产量攀升12%")[0].kind) == ("up", "growth_rate")
    assert extract("实施三年冲刺行动")  # 三年 is read as a duration
    _append(lexicon / "not_figures.csv", "{n}年冲刺行动,plan")
    assert extract("实施三年冲刺行动") == []


def test_a_new_stopword_is_one_line(lexicon, tmp_path):
    tokens = read_table("tokens", _build(tmp_path))
    assert not tokens.loc[tokens["token"] == "果农", "is_stopword"].any()
    _append(lexicon / "stopwords.txt", "果农")
    tokens = read_table("tokens", _build(tmp_path))
    assert tokens.loc[tokens["token"] == "果农", "is_stopword"].all()


def test_a_new_outlet_is_one_line(lexicon, tmp_path):
    name = "xiaoxiang_chenbao_2024-01-02.txt"
    assert read_table("documents", _build(tmp_path, name))["paper"].tolist() == [""]
    _append(lexicon / "outlets.csv", "潇湘晨报,paper,xiaoxiang_chenbao|xxcb")
    shutil.rmtree(tmp_path / "seeds")
    assert read_table("documents", _build(tmp_path, name))["paper"].tolist() == ["潇湘晨报"]


def test_a_new_theme_term_is_one_line(lexicon, tmp_path):
    corpus = _build(tmp_path)
    tokens, articles = read_table("tokens", corpus), read_table("articles", corpus)

    def rural_matches():
        scores = themes.theme_scores(tokens, articles)
        return int(scores.loc[scores["theme"] == "rural_revitalisation", "matches"].sum())

    before = rural_matches()
    text = (lexicon / "themes.csv").read_text(encoding="utf-8")
    assert "|农房\n" in text
    (lexicon / "themes.csv").write_text(text.replace("|农房\n", "|农房|果农\n"), encoding="utf-8")
    assert rural_matches() == before + 1  # 果农 occurs once on the page


def test_a_bad_line_names_its_file_and_line(lexicon):
    _append(lexicon / "units.csv", "筐,fruit,,,,,")
    with pytest.raises(LexiconError, match=r"units.csv, line \d+: unknown kind 'fruit'"):
        load()
