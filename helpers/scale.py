"""What a reader can take in: the rules by which every notebook decides, from the corpus' size,
between views of each article and summaries of many.

A notebook on six articles shows each of them; the same notebook on 3,699 articles shows the
longest few dozen one by one and the rest as distributions, top lists and groups. Each rule is a
named number here, and `rule()` says it in a sentence the notebook prints above its views.
"""
from __future__ import annotations

import pandas as pd

# Per-article panels (keyword tables, word clouds, bar grids): two dozen is what a reader looks at
# before scrolling past; a larger corpus shows its longest articles and summarises the rest.
PER_ARTICLE_MAX = 24
# Word clouds are large pictures; more than a few make a page slow to read and to load.
CLOUDS_MAX = 6
# Bars in one chart before labels overlap at the report's width (one label per 0.3 inch).
BARS_MAX = 30
# Rows of a heatmap whose row labels stay readable at the report's width.
HEATMAP_ROWS_MAX = 30
# Rows embedded in one interactive table: the page stays a few MB at any corpus size; the full
# table is in the corpus folder (`python -m helpers export`, or `helpers.load_corpus()`).
TABLE_ROWS_MAX = 1000


def featured(articles: pd.DataFrame, n: int = PER_ARTICLE_MAX) -> pd.DataFrame:
    """All articles when there are at most `n`, else the `n` longest (ties by id), in corpus order."""
    if len(articles) <= n:
        return articles
    longest = articles.sort_values(["n_chars", "article_id"], ascending=[False, True]).head(n)
    return articles.loc[sorted(longest.index)]


def rule(articles: pd.DataFrame, n: int = PER_ARTICLE_MAX) -> str:
    """The sentence that tells the reader which articles the per-article views show."""
    if len(articles) <= n:
        return f"本语料共 {len(articles):,} 篇文章，逐篇展示。"
    return (f"本语料共 {len(articles):,} 篇文章，超过 {n} 篇：逐篇的视图只展示最长的 {n} 篇，"
            f"全部文章见汇总表和分布图。")


def capped(frame: pd.DataFrame, n: int = TABLE_ROWS_MAX) -> tuple[pd.DataFrame, str]:
    """The first `n` rows of `frame`, and a caption saying how many rows there are in all."""
    if len(frame) <= n:
        return frame, f"共 {len(frame):,} 行。"
    return frame.head(n), f"共 {len(frame):,} 行，表中列出前 {n:,} 行；完整数据在语料文件夹中。"


# Calendar grain of a trend: by day up to a month of dates, by week up to half a year, by month beyond.
DAYS_BY_DAY = 31
DAYS_BY_WEEK = 183
GRAINS = {"D": "日", "W": "周", "M": "月"}


def grain(dates: pd.Series) -> str:
    """'D', 'W' or 'M': the calendar unit for a trend over `dates` (ISO strings; empty ones ignored)."""
    days = pd.to_datetime(dates[dates != ""], errors="coerce").dropna()
    span = (days.max() - days.min()).days if len(days) else 0
    return "D" if span <= DAYS_BY_DAY else "W" if span <= DAYS_BY_WEEK else "M"


def periods(dates: pd.Series, unit: str) -> pd.Series:
    """Each ISO date as the start of its day, week (Monday) or month, as an ISO string; '' stays ''."""
    parsed = pd.to_datetime(dates.where(dates != ""), errors="coerce")
    start = {"D": parsed.dt.normalize(), "W": parsed.dt.to_period("W-SUN").dt.start_time,
             "M": parsed.dt.to_period("M").dt.start_time}[unit]
    return start.dt.strftime("%Y-%m-%d").fillna("")
