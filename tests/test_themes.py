"""Policy themes: the top theme of each news article, and the lexicon file drives everything."""
import json
import shutil

import pytest

from helpers import paths
from helpers.corpus import read_table
from helpers.lexicon import LexiconError
from helpers.themes import (bootstrap_difference, dendrogram_order, figures_by_theme, read_themes,
                            similarity, theme_scores, top_themes)

from conftest import SEED, run_cli


@pytest.fixture(scope="module")
def tables():
    return {n: read_table(n) for n in ["articles", "tokens", "figures"]}


def test_at_least_twelve_themes_with_labels():
    themes = read_themes()
    assert len(themes) >= 12
    assert themes["theme"].is_unique and themes["label"].str.len().min() >= 2


def test_top_theme_of_each_news_article(tables):
    top = top_themes(theme_scores(tables["tokens"], tables["articles"]), 1)
    by_article = dict(zip(top["article_id"].str.split(":").str[-1], top["theme"]))
    assert by_article["a01"] == "grassroots_governance"  # community governance cases
    assert by_article["a02"] == "ageing_elderly"  # the elderly volunteering plan
    assert by_article["a03"] == "ecology_environment"  # the ecological monitoring network
    assert by_article["a04"] == "online_minors"  # minors online


def test_a_new_theme_is_picked_up_without_code_changes(tmp_path, tables):
    path = tmp_path / "themes.csv"
    shutil.copy(paths.THEMES, path)
    with open(path, "a", encoding="utf-8") as fh:
        fh.write("pomelo_economy,柚子经济,4,柚子|梁平柚|果园\n")
    scores = theme_scores(tables["tokens"], tables["articles"], read_themes(path))
    row = scores[(scores["theme"] == "pomelo_economy") & scores["article_id"].str.endswith("a05")].iloc[0]
    assert row["label"] == "柚子经济" and row["matches"] == 10 and "柚子×6" in row["terms"]
    assert (row["cap_code"], row["cap_label"]) == (4, "农业")


def test_a_broken_theme_row_names_file_and_line(tmp_path):
    path = tmp_path / "themes.csv"
    path.write_text("slug,label,cap,terms\na,甲,4,x|y\na,乙,4,z\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="themes.csv, line 3: theme 'a' is defined twice"):
        read_themes(path)


def test_similarity_and_order(tables):
    scores = theme_scores(tables["tokens"], tables["articles"])
    sims = similarity(tables["tokens"], scores)
    for m in sims.values():
        assert (m.values.diagonal().round(6) == 1).all()
        assert m.equals(m.T)
    order = dendrogram_order(sims["tfidf"])
    assert sorted(order) == sorted(sims["tfidf"].index)


def test_dendrogram_order_puts_similar_items_together():
    """Two pairs of near-identical items and one apart: each pair ends up adjacent, and the
    first merge (the closest pair) comes first."""
    import pandas as pd

    names = ["a", "b", "c", "d", "e"]
    sim = pd.DataFrame(0.1, index=names, columns=names)
    for x in names:
        sim.loc[x, x] = 1.0
    sim.loc["a", "d"] = sim.loc["d", "a"] = 0.95
    sim.loc["b", "e"] = sim.loc["e", "b"] = 0.9
    order = dendrogram_order(sim)
    assert abs(order.index("a") - order.index("d")) == 1
    assert abs(order.index("b") - order.index("e")) == 1
    assert order[:2] == ["a", "d"]


def test_bootstrap_interval_contains_the_observed_difference(tables):
    diff = bootstrap_difference(tables["tokens"], tables["articles"], "press", "paper", "wire", n_boot=200)
    assert ((diff["low"] <= diff["difference"]) & (diff["difference"] <= diff["high"])).all()
    online = diff.set_index("theme").loc["online_minors"]
    assert online["difference"] < -50 and online["low"] < -100  # only Xinhua copy covers minors online


def test_figures_attached_to_themes(tables):
    df = figures_by_theme(tables["figures"], tables["tokens"])
    eco = df[df["theme"] == "ecology_environment"]
    assert {116.0, 171.0} <= set(eco["value"])


def test_cli_themes():
    out = run_cli("themes", "--level", "fine", "--format", "jsonl", SEED)
    assert out.returncode == 0, out.stderr
    rows = [json.loads(l) for l in out.stdout.splitlines()]
    assert set(rows[0]) == {"article_id", "headline", "theme", "label", "score", "terms", "matches", "cap_code", "cap_label"}
    assert (rows[0]["theme"], rows[0]["cap_code"], rows[0]["cap_label"]) == ("grassroots_governance", 20, "政府运作")


def test_cli_themes_major_level_is_the_default():
    import csv
    import io

    out = run_cli("themes", "--format", "csv", SEED)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert list(rows[0]) == ["article_id", "headline", "rank", "cap_code", "cap_label", "score", "share", "n_terms", "terms"]
    first = {r["article_id"].split(":")[-1]: (r["cap_code"], r["cap_label"]) for r in rows if r["rank"] == "1"}
    assert first["a02"] == ("13", "社会福利")  # 银龄行动: older people, volunteering, elderly care


def test_summary_of_a_corpus_without_theme_terms(tables):
    from helpers.themes import page_summary

    scores = theme_scores(tables["tokens"].iloc[0:0], tables["articles"])
    assert page_summary(scores, tables["articles"]) == "这 6 篇文章没有出现主题词表中的任何词。"
    generated = page_summary(theme_scores(tables["tokens"], tables["articles"]), tables["articles"])
    assert generated.startswith("这 6 篇文章共出现主题词 ") and "“城乡融合”" in generated


def test_groups_too_small_for_intervals(tables):
    from helpers.themes import groups_large_enough

    assert not groups_large_enough(tables["articles"], "press", "paper", "wire")  # 5 paper stories, 1 wire
