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

import numpy as np
import pandas as pd

from . import paths
from .frames import joined_by_group
from .keywords import _derived, factorized
from .lexicon import LexiconError, read_rows

NO_TOPIC = 0
NO_TOPIC_LABEL = "无政策议题"
# Thresholds (docs/thresholds.md lists each with the test that pins it).
# Longest run of tokens a term may span: 4 covers the policy terms jieba cuts (高水平 | 对外 | 开放).
MAX_TERM_TOKENS = 4
# Evidence for a top topic: two different terms (one repeated generic word is not enough) and a
# score of 4, i.e. two clearly topical terms (weight 2) or one central term and one more; or one
# central term (weight 3, unambiguous) that the article repeats (广交会 ×3 in a photo caption).
MIN_DISTINCT_TERMS = 2
MIN_SCORE = 4
CENTRAL_WEIGHT = 3
MIN_CENTRAL_REPEATS = 2
# A topic's share of the article's total score, to three decimals (a tenth of a percent is more
# than any reading needs).
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
    """One row per term found: article_id, sentence_id, term, cap_code, weight; in text order.

    Runs of tokens are spelled out only while they are still the start of some term, so a year of
    pages costs a pass over its distinct tokens and over the few runs that could become terms."""
    index = _term_index(path)
    terms = pd.DataFrame([(t, c, w) for t, pairs in index.items() for c, w in pairs], columns=["term", "cap_code", "weight"])
    starts = {t[:i] for t in index for i in range(1, len(t))}  # proper beginnings of terms
    codes, names = factorized(tokens, "token")
    sentence = factorized(tokens, "sentence_id")[0]  # sentence ids are unique in a corpus
    whole = np.flatnonzero(np.isin(codes, np.flatnonzero([n in index for n in names])))
    found_rows, found_terms, found_k = [whole], [names[codes[whole]]], [np.ones(len(whole), dtype=int)]
    rows = np.flatnonzero(np.isin(codes, np.flatnonzero([n in starts for n in names])))
    text = names[codes[rows]]
    for k in range(2, MAX_TERM_TOKENS + 1):
        following = rows + k - 1
        inside = following < len(codes)
        rows, text, following = rows[inside], text[inside], following[inside]
        inside = sentence[following] == sentence[rows]
        rows, text, following = rows[inside], text[inside], following[inside]
        text = text + names[codes[following]]
        hit = np.fromiter((t in index for t in text), bool, len(text))
        found_rows.append(rows[hit])
        found_terms.append(text[hit])
        found_k.append(np.full(int(hit.sum()), k))
        going = np.fromiter((t in starts for t in text), bool, len(text))
        rows, text = rows[going], text[going]
    found = pd.DataFrame({"row": np.concatenate(found_rows), "k": np.concatenate(found_k),
                          "term": pd.array(np.concatenate(found_terms), dtype="str")})
    found = found.sort_values(["row", "k"], kind="stable")
    at = found["row"].to_numpy()
    # take the rows from the columns as stored: to_numpy() first would spell out 12 million ids as Python strings
    found = found.assign(article_id=tokens["article_id"].array.take(at), sentence_id=tokens["sentence_id"].array.take(at))
    found = found.merge(terms, on="term", how="left", sort=False)
    return found[["article_id", "sentence_id", "term", "cap_code", "weight"]].reset_index(drop=True)


def scores(tokens: pd.DataFrame, articles: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """Long table: one row per article and topic with any match, ranked within the article:
    article_id, headline, rank, cap_code, cap_label, score, share (of the article's total score),
    n_terms (distinct terms) and terms (`term×count`, strongest first)."""
    found = _derived(tokens, ("cap matches", str(path)), lambda: matches(tokens, path))
    names = labels(path)
    headlines = dict(zip(articles["article_id"], articles["headline"]))
    if found.empty:
        return pd.DataFrame(columns=CAP_COLUMNS)
    per_term = found.groupby(["article_id", "cap_code", "term"], sort=True).agg(n=("weight", "size"), w=("weight", "first")).reset_index()
    per_term["points"] = per_term["n"] * per_term["w"]
    # strongest terms first within a topic; ties keep the terms' sorted order
    per_term = per_term.sort_values(["article_id", "cap_code", "points", "n"], ascending=[True, True, False, False], kind="stable")
    per_term["shown"] = per_term["term"] + np.where(per_term["n"] > 1, "×" + per_term["n"].astype(str), "")
    table = per_term.groupby(["article_id", "cap_code"], sort=True).agg(
        score=("points", "sum"), n_terms=("term", "size"), lightest=("w", "min"))
    table["terms"] = joined_by_group(per_term, ["article_id", "cap_code"], "shown", "、")
    table = table.reset_index()
    table["central"] = table.pop("lightest") >= CENTRAL_WEIGHT  # every term of the topic is a central one
    table["cap_code"] = table["cap_code"].astype(int)
    table["score"] = table["score"].astype(int)
    table["share"] = (table["score"] / table.groupby("article_id")["score"].transform("sum")).round(SHARE_DECIMALS)
    table = table.sort_values(["article_id", "score", "n_terms", "cap_code"], ascending=[True, False, False, True], kind="stable")
    table["rank"] = table.groupby("article_id").cumcount() + 1
    table["headline"] = table["article_id"].map(headlines).fillna("")
    table["cap_label"] = table["cap_code"].map(names)
    return table[CAP_COLUMNS].reset_index(drop=True)


def _enough_evidence(first: pd.DataFrame) -> pd.Series:
    """Which top-ranked rows carry enough evidence for a top topic (see MIN_SCORE)."""
    repeated_central = (first["score"] >= CENTRAL_WEIGHT * MIN_CENTRAL_REPEATS) & first["central"].astype(bool)
    return (first["score"] >= MIN_SCORE) & ((first["n_terms"] >= MIN_DISTINCT_TERMS) | repeated_central)


def top_topics(tokens: pd.DataFrame, articles: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    """One row per article: its top topic (0 when the evidence is too thin, see MIN_SCORE), the
    runner-up, and the evidence."""
    ranked = scores(tokens, articles, path)
    names = labels(path)
    first = ranked[ranked["rank"] == 1].set_index("article_id")
    second = ranked[ranked["rank"] == 2].set_index("article_id")
    enough = _enough_evidence(first)
    out = pd.DataFrame({"article_id": articles["article_id"].to_numpy(), "headline": articles["headline"].to_numpy()})
    ok = out["article_id"].map(enough).fillna(False).astype(bool)
    found = out["article_id"].map(first["score"]).notna()
    has_second = ok & out["article_id"].map(second["cap_code"]).notna()
    out["cap_code"] = out["article_id"].map(first["cap_code"]).where(ok, NO_TOPIC).astype(int)
    out["cap_label"] = out["article_id"].map(first["cap_label"]).where(ok, names[NO_TOPIC])
    out["score"] = out["article_id"].map(first["score"]).where(found, 0).astype(int)
    out["n_terms"] = out["article_id"].map(first["n_terms"]).where(found, 0).astype(int)
    out["terms"] = out["article_id"].map(first["terms"]).where(found, "")
    out["second_code"] = out["article_id"].map(second["cap_code"]).where(has_second, NO_TOPIC).astype(int)
    out["second_label"] = out["article_id"].map(second["cap_label"]).where(has_second, "")
    return out
