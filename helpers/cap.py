"""Policy topics on the Comparative Agendas Project (CAP) scheme: which major topic each article
is about, with the evidence behind the score.

The topics and their weighted terms are data (lexicon/cap_topics.csv). A term matches a whole token,
or a run of up to MAX_TERM_TOKENS consecutive tokens of one sentence that spell it (分级 + 诊疗 =
分级诊疗), so a term jieba cuts into pieces still counts and a term never matches across a word
boundary (外交 is not found in 对外 | 交流).

An article's score for a topic is the sum of the weights of its matches. Its top topic is taken
only on evidence: at least MIN_DISTINCT_TERMS different terms and a score of at least MIN_SCORE;
otherwise the article is coded 0 (no policy topic), never forced into one.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .lexicon import LexiconError, read_rows

NO_TOPIC = 0
NO_TOPIC_LABEL = "无政策议题"
# Thresholds (docs/thresholds.md lists each with the test that pins it).
# Longest run of tokens a term may span: 4 covers the policy terms jieba cuts (高水平 | 对外 | 开放).
# Not yet pinned by a test (docs/thresholds.md).
MAX_TERM_TOKENS = 4
# Evidence for a top topic: two different terms (one repeated generic word is not enough) and a
# score of 4, i.e. two clearly topical terms (weight 2) or one central term and one more; or one
# central term (weight 3, unambiguous) that the article repeats (广交会 ×3 in a photo caption).
# Not yet pinned by a test (docs/thresholds.md).
MIN_DISTINCT_TERMS = 2
MIN_SCORE = 4
CENTRAL_WEIGHT = 3
MIN_CENTRAL_REPEATS = 2
# A topic's share of the article's total score, to three decimals (a tenth of a percent is more
# than any reading needs). Not yet pinned by a test (docs/thresholds.md).
SHARE_DECIMALS = 3
CAP_COLUMNS = ["article_id", "headline", "rank", "cap_code", "cap_label", "score", "share", "n_terms", "terms", "central"]


@dataclass(frozen=True)
class Topic:
    code: int
    label: str
    label_en: str
    terms: dict[str, int]  # term -> weight (1-3)


@lru_cache(maxsize=4)
def _read_topics(path: Path, mtime: float) -> tuple[Topic, ...]:
    topics, seen = [], set()
    for no, row in read_rows(path, ["code", "label", "label_en", "terms"]):
        try:
            code = int(row["code"])
            terms = {}
            for item in (row.get("terms") or "").split("|"):
                if item.strip():
                    term, weight = item.rsplit(":", 1)
                    terms[term.strip()] = int(weight)
        except (KeyError, ValueError, AttributeError):
            raise LexiconError(path, no, f"expected `code,label,label_en,term:weight|…`, got {row}") from None
        if code in seen or not terms or any(w not in (1, 2, 3) for w in terms.values()):
            raise LexiconError(path, no, f"topic {code}: a repeated code, no terms, or a weight other than 1, 2, 3")
        seen.add(code)
        topics.append(Topic(code, row["label"].strip(), (row.get("label_en") or "").strip(), terms))
    return tuple(topics)


def topics(path: Path | None = None) -> tuple[Topic, ...]:
    path = Path(path or paths.CAP_TOPICS)
    return _read_topics(path, path.stat().st_mtime)


def labels(path: Path | None = None) -> dict[int, str]:
    """CAP code -> Chinese label, with 0 for no policy topic."""
    return {NO_TOPIC: NO_TOPIC_LABEL, **{t.code: t.label for t in topics(path)}}


def _term_index(path: Path | None = None) -> dict[str, list[tuple[int, int]]]:
    index: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for topic in topics(path):
        for term, weight in topic.terms.items():
            index[term].append((topic.code, weight))
    return index


def matches(tokens: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """One row per term found: article_id, sentence_id, term, cap_code, weight."""
    index = _term_index(path)
    longest = max((len(t) for t in index), default=0)
    rows = []
    for (art, sid), words in _sentences(tokens):
        for i in range(len(words)):
            text = ""
            for j in range(i, min(i + MAX_TERM_TOKENS, len(words))):
                text += words[j]
                if len(text) > longest:
                    break
                for code, weight in index.get(text, ()):
                    rows.append((art, sid, text, code, weight))
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "term", "cap_code", "weight"])


def _sentences(tokens: pd.DataFrame):
    """((article_id, sentence_id), [tokens in order]) for every sentence, stopwords included so
    that a term spanning one is still found."""
    current, words = None, []
    for art, sid, tok in zip(tokens["article_id"], tokens["sentence_id"], tokens["token"]):
        if (art, sid) != current:
            if current is not None:
                yield current, words
            current, words = (art, sid), []
        words.append(tok)
    if current is not None:
        yield current, words


def scores(tokens: pd.DataFrame, articles: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """Long table: one row per article and topic with any match, ranked within the article:
    article_id, headline, rank, cap_code, cap_label, score, share (of the article's total score),
    n_terms (distinct terms) and terms (`term×count`, strongest first)."""
    found = matches(tokens, path)
    names = labels(path)
    headlines = dict(zip(articles["article_id"], articles["headline"]))
    if found.empty:
        return pd.DataFrame(columns=CAP_COLUMNS)
    per_term = found.groupby(["article_id", "cap_code", "term"], sort=True).agg(n=("weight", "size"), w=("weight", "first"))
    per_term["points"] = per_term["n"] * per_term["w"]
    rows = []
    for (art, code), group in per_term.groupby(level=[0, 1], sort=True):
        group = group.droplevel([0, 1]).sort_values(["points", "n"], ascending=False, kind="stable")
        shown = "、".join(f"{t}×{n}" if n > 1 else t for t, n in zip(group.index, group["n"]))
        rows.append({"article_id": art, "cap_code": int(code), "score": int(group["points"].sum()),
                     "n_terms": len(group), "terms": shown, "central": bool((group["w"] >= CENTRAL_WEIGHT).all())})
    table = pd.DataFrame(rows)
    table["share"] = (table["score"] / table.groupby("article_id")["score"].transform("sum")).round(SHARE_DECIMALS)
    table = table.sort_values(["article_id", "score", "n_terms", "cap_code"], ascending=[True, False, False, True], kind="stable")
    table["rank"] = table.groupby("article_id").cumcount() + 1
    table["headline"] = table["article_id"].map(headlines).fillna("")
    table["cap_label"] = table["cap_code"].map(names)
    return table[CAP_COLUMNS].reset_index(drop=True)


def _enough_evidence(row) -> bool:
    if row["score"] < MIN_SCORE:
        return False
    return row["n_terms"] >= MIN_DISTINCT_TERMS or row["score"] >= CENTRAL_WEIGHT * MIN_CENTRAL_REPEATS and row["central"]


def top_topics(tokens: pd.DataFrame, articles: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """One row per article: its top topic (0 when the evidence is too thin, see MIN_SCORE), the
    runner-up, and the evidence."""
    ranked = scores(tokens, articles, path)
    names = labels(path)
    by_article = {art: group for art, group in ranked.groupby("article_id", sort=False)}
    rows = []
    for art, headline in zip(articles["article_id"], articles["headline"]):
        own = by_article.get(art, ranked.iloc[:0])  # one pass over the ranking, not one per article
        first = own.iloc[0] if len(own) else None
        enough = first is not None and _enough_evidence(first)
        second = own.iloc[1] if len(own) > 1 and enough else None
        rows.append({
            "article_id": art, "headline": headline,
            "cap_code": int(first["cap_code"]) if enough else NO_TOPIC,
            "cap_label": first["cap_label"] if enough else names[NO_TOPIC],
            "score": int(first["score"]) if first is not None else 0,
            "n_terms": int(first["n_terms"]) if first is not None else 0,
            "terms": first["terms"] if first is not None else "",
            "second_code": int(second["cap_code"]) if second is not None else NO_TOPIC,
            "second_label": second["cap_label"] if second is not None else "",
        })
    return pd.DataFrame(rows)
