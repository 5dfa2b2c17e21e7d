"""One report page per article: headline, paper, date, page and credit, the full text with every
extracted figure highlighted (its value, unit, qualifier and direction on hover and in a side
table) and the theme terms marked, then its keywords and CAP topics.

Everything shown comes from the corpus tables; corpus text is escaped, never interpreted.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache
from types import SimpleNamespace

import pandas as pd

from .labels import labels, number, title

_HTML_SPECIAL = re.compile("[&<>\"']")


def ESC(text: str) -> str:
    """html.escape, skipped for the many short strings that need none (a year of pages escapes millions)."""
    return html.escape(text) if _HTML_SPECIAL.search(text) else text


# Keywords shown per article: enough to say what it is about, few enough to read at a glance.
KEYWORDS_SHOWN = 10
# Articles whose figures become plain records at a time: converting rows in bulk is fast, and a
# batch of this size holds some 10,000 figures, where a year of pages has 400,000.
ARTICLES_PER_BATCH = 1000

_STYLE = """body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; line-height: 1.8; }
.meta { color: #555; } .en { color: #666; font-style: italic; font-size: .9em; }
mark.fig { background: #fde68a; padding: 0 .1em; } span.term { border-bottom: 2px solid #60a5fa; }
h3.subhead { font-size: 1.05em; margin: 1.2em 0 .3em; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2em .5em; text-align: left; }"""


@dataclass
class ArticleView:
    """What one article page shows, gathered from the tables."""

    article: dict  # the article's row
    figures: list  # this article's figures as records (_rows), offsets in its body
    keywords: list[str]
    topic: str  # CAP top topic (and runner-up)
    topic_terms: str
    theme_terms: list[str]  # terms of the fine themes found in this article
    names: dict = field(default_factory=lambda: _label_tables())  # code -> label of the figure fields shown


# The figure fields a page shows by their labels (lexicon/labels.csv).
LABELLED_FIELDS = ("qualifier", "kind", "direction")


def _label_tables() -> dict[str, dict[str, str]]:
    """The labels of LABELLED_FIELDS as they are now: looked up once for many pages, not once per figure."""
    return {name: labels(name) for name in LABELLED_FIELDS}


def _named(names: dict, name: str, code: str) -> str:
    return names[name].get(code, code)  # as labels.label does for a code without a label


# A figure's value is written twice on its page, and values repeat across pages (10%, 100万元).
_number = lru_cache(maxsize=1 << 16)(number)


def _describe(fig, names: dict) -> str:
    parts = [f"数值 {_number(fig.value)}" + (f"–{_number(fig.value_high)}" if pd.notna(fig.value_high) else "")]
    parts += [f"单位 {fig.unit}"] if fig.unit else []
    parts += [f"限定 {_named(names, 'qualifier', fig.qualifier)}"] if fig.qualifier else []
    parts += [f"{_named(names, 'direction', fig.direction)}（{fig.change}）"] if fig.direction else []
    parts += [f"指标 {fig.subject}"] if fig.subject else []
    return "；".join(parts)


def _records(frame: pd.DataFrame) -> list[dict]:
    """The rows as plain dicts, built column by column: a page reads each several times, and
    pandas' row access (and to_dict on text columns) is the slowest part of writing thousands of pages."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in zip(*(frame[c].tolist() for c in columns))]


def _rows(figures: pd.DataFrame) -> list[SimpleNamespace]:
    return [SimpleNamespace(**r) for r in _records(figures)]


def _spans(body: str, figures: list, terms: list[str], names: dict) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, tip) in `body`, sorted: the figures (_rows) that lie within one paragraph,
    then each theme term, longest first and left to right, where no figure or earlier term is."""
    taken = bytearray(len(body))  # 1 where a span is: one look per occurrence, however many spans
    spans = []
    for f in figures:
        if 0 <= f.start < f.end <= len(body) and "\n" not in body[f.start: f.end]:
            spans.append((f.start, f.end, "fig", _describe(f, names)))
            taken[f.start: f.end] = b"\1" * (f.end - f.start)
    for term in sorted((t for t in terms if t and "\n" not in t), key=len, reverse=True):
        start = body.find(term)
        while start >= 0:
            end = start + len(term)
            if taken.find(1, start, end) < 0:
                spans.append((start, end, "term", f"主题词 {term}"))
                taken[start:end] = b"\1" * len(term)
            start = body.find(term, end)
    return sorted(spans)


def _marked(text: str, offset: int, spans: list) -> str:
    """`text` (the body from `offset`) escaped, its `spans` (_spans) wrapped: figures in <mark>,
    theme terms underlined."""
    out, pos = [], 0
    for a, b, kind, tip in spans:
        a, b = a - offset, b - offset
        out.append(ESC(text[pos:a]))
        tag, css = ("mark", "fig") if kind == "fig" else ("span", "term")
        out.append(f'<{tag} class="{css}" title="{ESC(tip)}">{ESC(text[a:b])}</{tag}>')
        pos = b
    out.append(ESC(text[pos:]))
    return "".join(out)


def _body(view: ArticleView) -> str:
    """Paragraphs of the body in order; subheads as headings."""
    body, subheads = view.article["body"], set(view.article["subheads"])
    spans = _spans(body, view.figures, view.theme_terms, view.names)
    out, offset, k = [], 0, 0
    for para in body.split("\n"):
        first = k
        while k < len(spans) and spans[k][0] < offset + len(para):
            k += 1
        marked = _marked(para, offset, spans[first:k])
        out.append(f'<h3 class="subhead">{marked}</h3>' if para in subheads else f"<p>{marked}</p>")
        offset += len(para) + 1
    return "\n".join(out)


def _figure_table(figures: list, names: dict) -> str:
    if not figures:
        return "<p>本文没有统计数字。</p>"
    rows = "".join(
        f"<tr><td>{ESC(f.surface)}</td><td>{ESC(_number(f.value))}</td><td>{ESC(f.unit)}</td>"
        f"<td>{ESC(_named(names, 'qualifier', f.qualifier))}</td><td>{ESC(_named(names, 'kind', f.kind))}</td>"
        f"<td>{ESC(_named(names, 'direction', f.direction))}</td><td>{ESC(f.subject)}</td></tr>" for f in figures)
    return ("<table><tr><th>原文</th><th>数值</th><th>单位</th><th>限定</th><th>类别</th><th>方向</th><th>指标</th></tr>"
            f"{rows}</table>")


def page(view: ArticleView, back: str = "../index.html") -> str:
    art = view.article
    name = title(art["headline"], art["subheads"], art["body"], width=60)
    meta = "　".join(x for x in (art["paper"], art["date"], f"第{art['edition_page']}版" if art["edition_page"] else "") if x)
    meta = meta or "页面未写明报刊和日期"
    credit = ESC(art["credit"]).replace("\n", "<br>")
    return f"""<!DOCTYPE html>
<html lang="zh">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{ESC(name)}</title>
<style>
{_STYLE}
</style></head>
<body>
<p><a href="{ESC(back)}">← 报告首页</a></p>
<h1>{ESC(name)}</h1>
{f'<p>{ESC(art["subheadline"])}</p>' if art["subheadline"] else ""}
<p class="meta">{ESC(meta)}{f"<br>{credit}" if credit else ""}</p>
<p class="meta">政策议题（CAP）：{ESC(view.topic)}{f"（依据：{ESC(view.topic_terms)}）" if view.topic_terms else ""}<br>
关键词：{ESC("、".join(view.keywords)) or "无"}</p>
<p class="en">Figures are highlighted (hover for value, unit, qualifier, direction); theme terms are underlined.</p>
{_body(view)}
<h2>本文的统计数字 <span class="en">Figures</span></h2>
{_figure_table(view.figures, view.names)}
</body></html>
"""


@dataclass
class Corpus:
    """What every article page draws on, worked out once for the corpus (views, batch_views)."""

    tables: dict
    articles: pd.DataFrame  # the articles (kind "article"), in corpus order
    topics: dict  # article id -> CAP top topic, runner-up and terms
    words: dict  # article id -> [(keyword, weight)]
    terms_of: dict  # article id -> theme terms, in order of first appearance
    names: dict

    @property
    def batches(self) -> range:
        """Where each batch of ARTICLES_PER_BATCH articles starts."""
        return range(0, len(self.articles), ARTICLES_PER_BATCH)


def prepare(tables: dict) -> Corpus:
    """Topics, keywords and theme terms of every article. Reads the articles and tokens tables:
    never the paragraphs or sentences, which a year of pages holds by the million (with
    corpus.Tables, those are then never loaded)."""
    from . import cap, keywords, themes

    arts = tables["articles"][tables["articles"]["kind"] == "article"]
    top = cap.top_topics(tables["tokens"], arts).set_index("article_id")
    words = keywords.keywords(tables["tokens"], "tfidf", KEYWORDS_SHOWN)
    matched = themes.content_matches(tables["tokens"], themes.read_themes())
    terms_of: dict[str, list[str]] = {}  # in order of first appearance, as groupby().unique() gives them
    pairs = matched[["article_id", "term"]].drop_duplicates()
    for aid, term in zip(pairs["article_id"].tolist(), pairs["term"].tolist()):
        terms_of.setdefault(aid, []).append(term)
    topics = top[["cap_label", "second_label", "terms"]].to_dict("index")
    return Corpus(tables, arts, topics, words, terms_of, _label_tables())


def batch_views(corpus: Corpus, start: int):
    """The ArticleView of each article of the batch that begins at `start`, in corpus order."""
    batch = corpus.articles.iloc[start: start + ARTICLES_PER_BATCH]
    figures = corpus.tables["figures"]
    figures_of: dict[str, list] = {}
    for record in _rows(figures[figures["article_id"].isin(set(batch["article_id"]))]):
        figures_of.setdefault(record.article_id, []).append(record)
    for art in _records(batch):
        aid = art["article_id"]
        row = corpus.topics[aid]
        topic = row["cap_label"] + (f"，其次 {row['second_label']}" if row["second_label"] else "")
        yield ArticleView(art, figures_of.get(aid, []), [w for w, _ in corpus.words.get(aid, [])],
                          topic, row["terms"], corpus.terms_of.get(aid, []), corpus.names)


def views(tables: dict):
    """One ArticleView per article of the corpus, in corpus order, made as they are asked for."""
    corpus = prepare(tables)
    for start in corpus.batches:
        yield from batch_views(corpus, start)
