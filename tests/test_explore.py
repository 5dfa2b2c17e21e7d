"""The README's example of a researcher's own question runs as written, and what it shows reads
as Chinese for people: labelled codes and columns, formatted numbers, no index, no NaN."""
import re

import matplotlib

from helpers import labels, paths
from helpers.corpus import read_table
from helpers.explore import load_corpus

matplotlib.use("Agg")


def _readme_example() -> str:
    text = (paths.ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- README example, run by tests/test_explore.py -->\n```python\n(.*?)```", text, re.S)
    assert block, "the README example is missing"
    return block.group(1)


def test_the_readme_example_runs():
    namespace: dict = {}
    exec(compile(_readme_example(), "README.md", "exec"), namespace)
    assert len(namespace["corpus"].articles) == 6 and len(namespace["fell"]) >= 1


def test_load_corpus_splits_articles_from_furniture():
    c = load_corpus()
    assert (c.articles["kind"] == "article").all() and len(c.figures) == len(read_table("figures"))


def test_readable_tables_speak_chinese():
    figures = read_table("figures")
    shown = labels.readable(figures[["surface", "value", "value_high", "unit", "currency", "qualifier", "kind", "direction"]])
    html = shown._repr_html_()
    assert "原文" in shown.frame.columns and "类别" in shown.frame.columns
    assert "NaN" not in html and "e+" not in html and "more_than" not in html and "level0 row0" not in html
    assert "超过" in set(shown.frame["限定"]) and "人民币" in set(shown.frame["币种"])
    assert html == labels.readable(figures[["surface", "value", "value_high", "unit", "currency", "qualifier", "kind",
                                             "direction"]])._repr_html_()  # the same bytes every run


def test_numbers_are_written_for_people():
    assert labels.number(107_400_000_000, "元") == "1,074亿元"
    assert labels.number(125_000, "人次") == "12.5万人次"
    assert labels.number(6.1, "%") == "6.1%"
    assert labels.number(float("nan")) == ""
    assert labels.number(30_000_000_000_000, "元") == "30万亿元"


def test_readable_tables_escape_corpus_text():
    import pandas as pd

    html = labels.readable(pd.DataFrame({"headline": ['<script>alert("x")</script>标题']}))._repr_html_()
    assert "<script>alert" not in html and "&lt;script&gt;" in html


def test_long_labels_are_cut_with_an_ellipsis():
    import matplotlib.pyplot as plt
    import pandas as pd

    from helpers import plotting

    assert labels.shorten("网信部门从严打击网上侵害未成年人合法权益行为", 16) == "网信部门从严打击网上侵害未成年…"
    assert labels.shorten("短标题", 16) == "短标题"
    ax = plotting.bar(pd.Series([3, 5], index=["网信部门从严打击网上侵害未成年人合法权益行为", "短标题"]), ax=plt.gca())
    shown = [t.get_text() for t in ax.get_yticklabels()]
    assert all(len(t) <= plotting.AXIS_LABEL_CHARS for t in shown) and any(t.endswith("…") for t in shown)
    plt.close("all")


def test_load_corpus_reads_a_table_only_when_it_is_used(monkeypatch):
    import helpers
    from helpers import corpus_store

    read = []
    real = corpus_store.read_table
    monkeypatch.setattr(corpus_store, "read_table", lambda name, folder=None, columns=None: read.append(name) or real(name, folder, columns))
    corpus = helpers.load_corpus()
    assert read == []
    assert len(corpus.articles) == 6 and len(corpus.furniture) == 0  # the sample page keeps no furniture records
    assert read == ["articles"]  # articles and furniture come from one table, read once
