"""Charts shared by every notebook: bar charts, word clouds and heatmaps with Chinese labels."""
from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .fonts import configure_matplotlib, font_path
from .labels import shorten

RANDOM_STATE = 42  # word-cloud layout is random; a fixed state makes reports reproducible
# Axis labels longer than this are cut with an ellipsis: a chart's labels must fit beside it.
AXIS_LABEL_CHARS = 20
# Tick labels on a time axis: a dozen dates fit the report's width without overlapping.
MAX_TICK_LABELS = 12


def setup() -> None:
    """Call once at the top of a notebook: inline figures in the Chinese font.

    Inline is forced so that a kernel started with MPLBACKEND=Agg (as in some CI shells) still
    stores its plots in the notebook and the report.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        get_ipython = lambda: None  # noqa: E731
    shell = get_ipython()
    if shell is not None:
        shell.run_line_magic("matplotlib", "inline")
    configure_matplotlib()


def bar(series: pd.Series, title: str = "", xlabel: str = "", ax=None, color: str = "#2b6cb0", log: bool = False):
    """Horizontal bar chart, largest at the top; labels may be Chinese. `log` for values that
    differ by ten times or more, which a linear axis would flatten."""
    configure_matplotlib()
    data = series.sort_values()
    given = ax is not None
    if not given:
        _, ax = plt.subplots(figsize=(6, max(1.6, 0.32 * len(data) + 0.8)))
    ax.barh([shorten(str(i), AXIS_LABEL_CHARS) for i in data.index], data.values, color=color)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    if log:
        ax.set_xscale("log")
    ax.spines[["top", "right"]].set_visible(False)
    return ax if given else None  # a figure of its own is shown by the inline backend


def histogram(values: pd.Series, title: str = "", xlabel: str = "", ylabel: str = "篇数", bins: int = 30):
    """How many items fall in each range of `values`: the shape of a distribution too large for a
    bar per item."""
    configure_matplotlib()
    _, ax = plt.subplots(figsize=(6, 3.2))
    ax.hist(values.dropna(), bins=bins, color="#2b6cb0")
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.spines[["top", "right"]].set_visible(False)


def lines(frame: pd.DataFrame, title: str = "", ylabel: str = "", xlabel: str = ""):
    """One line per column over the index (periods, in order), with a legend of the columns;
    every period is a tick, at most a dozen labelled so they never overlap."""
    configure_matplotlib()
    _, ax = plt.subplots(figsize=(7, 3.6))
    x = range(len(frame.index))
    for column in frame.columns:
        ax.plot(x, frame[column].to_numpy(dtype=float), marker="o", markersize=3,
                label=shorten(str(column), AXIS_LABEL_CHARS))
    step = max(1, -(-len(frame.index) // MAX_TICK_LABELS))
    ax.set_xticks(list(x)[::step], [str(i) for i in frame.index][::step], rotation=45, ha="right")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    ax.legend(fontsize=8, frameon=False, loc="center left", bbox_to_anchor=(1, 0.5))
    ax.spines[["top", "right"]].set_visible(False)


def bar_grid(frames: dict[str, pd.Series], title: str = "", xlabel: str = "", cols: int = 2):
    """One bar chart per key (for example per article), side by side."""
    configure_matplotlib()
    rows = -(-len(frames) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6 * cols, 3.2 * rows), squeeze=False)
    for ax, (name, series) in zip(axes.flat, frames.items()):
        bar(series, title=name, xlabel=xlabel, ax=ax)
    for ax in list(axes.flat)[len(frames):]:
        ax.axis("off")
    fig.suptitle(title)
    fig.tight_layout()


def wordcloud(frequencies: dict[str, float], title: str = "", ax=None, width: int = 600, height: int = 320):
    """A word cloud in the project font; no collocations, fixed layout."""
    from wordcloud import WordCloud

    configure_matplotlib()
    cloud = WordCloud(font_path=str(font_path()), width=width, height=height, background_color="white",
                      collocations=False, random_state=RANDOM_STATE, prefer_horizontal=0.95)
    cloud.generate_from_frequencies({k: v for k, v in frequencies.items() if v > 0})
    given = ax is not None
    if not given:
        _, ax = plt.subplots(figsize=(width / 100, height / 100))
    ax.imshow(cloud, interpolation="bilinear")
    ax.set_title(title)
    ax.axis("off")
    return ax if given else None


def heatmap(matrix: pd.DataFrame, title: str = "", fmt: str = "{:.1f}", cmap: str = "Blues", ax=None):
    """Annotated heatmap of a small matrix; index and columns may be Chinese."""
    configure_matplotlib()
    given = ax is not None
    if not given:
        _, ax = plt.subplots(figsize=(0.75 * len(matrix.columns) + 3, 0.5 * len(matrix) + 1.6))
    values = matrix.to_numpy(dtype=float)
    im = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.set_xticks(range(len(matrix.columns)), [shorten(str(c), AXIS_LABEL_CHARS) for c in matrix.columns],
                  rotation=45, ha="right")
    ax.set_yticks(range(len(matrix.index)), [shorten(str(i), AXIS_LABEL_CHARS) for i in matrix.index])
    peak = np.nanmax(values) if values.size else 0
    for (i, j), v in np.ndenumerate(values):
        ax.text(j, i, fmt.format(v), ha="center", va="center", fontsize=8,
                color="white" if peak and v > 0.6 * peak else "black")
    ax.set_title(title)
    ax.figure.colorbar(im, ax=ax, shrink=0.8)
    return ax if given else None
