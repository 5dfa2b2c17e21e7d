"""The size rules of the notebooks (helpers/scale.py): what a reader is shown of 1 to 100,000 articles."""
import re

import pandas as pd

from helpers import paths, scale


def _articles(n: int) -> pd.DataFrame:
    return pd.DataFrame({"article_id": [f"d:a{i:03d}" for i in range(n)], "n_chars": [(i * 7919) % 1000 for i in range(n)]})


def test_a_few_dozen_articles_are_shown_one_by_one_beyond_that_the_longest():
    assert len(scale.featured(_articles(24))) == 24
    many = _articles(3699)
    shown = scale.featured(many)
    assert len(shown) == 24
    assert shown["n_chars"].min() >= many["n_chars"].nlargest(24).min()
    assert list(shown.index) == sorted(shown.index)  # corpus order kept
    assert scale.rule(many) == "本语料共 3,699 篇文章，超过 24 篇：逐篇的视图只展示最长的 24 篇，全部文章见汇总表和分布图。"
    assert scale.rule(_articles(2)) == "本语料共 2 篇文章，逐篇展示。"


def test_tables_are_capped_with_the_total_said():
    frame, note = scale.capped(_articles(1001))
    assert len(frame) == 1000 and note == "共 1,001 行，表中列出前 1,000 行；完整数据在语料文件夹中。"
    frame, note = scale.capped(_articles(1000))
    assert len(frame) == 1000 and note == "共 1,000 行。"


def test_trends_are_by_day_week_or_month_by_the_span_of_the_dates():
    def span(days):
        return pd.Series(["2024-01-01", (pd.Timestamp("2024-01-01") + pd.Timedelta(days=days)).strftime("%Y-%m-%d"), ""])

    assert [scale.grain(span(d)) for d in (0, 31, 32, 183, 184)] == ["D", "D", "W", "W", "M"]
    dates = pd.Series(["2024-12-20", "2024-12-22", "", "2025-01-02"])
    assert list(scale.periods(dates, "W")) == ["2024-12-16", "2024-12-16", "", "2024-12-30"]
    assert list(scale.periods(dates, "M")) == ["2024-12-01", "2024-12-01", "", "2025-01-01"]
    assert list(scale.periods(dates, "D")) == ["2024-12-20", "2024-12-22", "", "2025-01-02"]


def test_the_readme_states_the_rules_the_code_applies():
    readme = re.sub(r"\s+", " ", (paths.ROOT / "README.md").read_text(encoding="utf-8"))
    assert f"per-article views (keyword tables, bar grids) for up to {scale.PER_ARTICLE_MAX} articles" in readme
    assert f"at most {scale.CLOUDS_MAX} word clouds" in readme
    assert f"one bar per article up to {scale.BARS_MAX} articles" in readme
    assert f"heatmaps of at most {scale.HEATMAP_ROWS_MAX} rows" in readme
    assert f"at most {scale.TABLE_ROWS_MAX:,} rows in one table" in readme
