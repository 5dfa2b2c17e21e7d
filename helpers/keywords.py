"""What each article is about: TF-IDF (two IDF sources), TextRank, weighted log-odds, keyphrases.

All methods read the token table (precise mode, lexicon on) and keep only content tokens: no
stopwords, punctuation, numbers or single characters. A keyword must moreover be a content part
of speech (nouns, names, verbs, idioms; never numerals, measure words, times or fractions such as
七成), and a word that jieba's HMM made up (tag `un`) must stand on its own in the corpus: seen at
least twice, with different words beside it. A fragment of an idiom or name that jieba cut (为功 of
久久为功, 草沙 of 山水林田湖草沙) always has the same neighbour, and is no keyword.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from functools import lru_cache

import pandas as pd
from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

from .segment import is_content

METHODS = ("tfidf", "tfidf_corpus", "textrank", "logodds")
# Thresholds (docs/thresholds.md lists each with the test that pins it).
# A term is distinctive of one side only beyond this z (two-sided 5%); below it, chance may explain it.
# Not yet pinned by a test (docs/thresholds.md).
DISTINCTIVE_Z = 1.96
# Parts of speech a keyword may have (jieba's tags): nouns and names, verbal nouns and verbs,
# idioms, set phrases, abbreviations, Latin words, and HMM-found words that pass the fragment test.
KEYWORD_POS = ("n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "ng", "vn", "v", "i", "l", "j", "un", "eng")
# A Latin keyword is an acronym or a term with a capital or digit (APEC, PM2.5), never a lower-case
# piece of an e-mail or web address (cn, com).
LATIN_KEYWORD = re.compile(r"^(?=.*[A-Z0-9])[A-Za-z][A-Za-z0-9.+\-]*$")
# Shares and fractions written as words: 七成, 三分之一, 八成多.
FRACTION_WORD = re.compile(r"^[一二三四五六七八九十几半]+成多?$|分之")
# An HMM-found word counts as a word when it occurs this often, not always beside the same word.
# Not yet pinned by a test (docs/thresholds.md).
STANDALONE_MIN_COUNT = 2
# Keywords per article: enough to say what it is about, few enough to read. Not yet pinned by a test (docs/thresholds.md).
TOP_KEYWORDS = 10
# TextRank as Mihalcea & Tarau (2004) and jieba run it: words co-occur within a window of five
# tokens, the damping factor is the PageRank one, and 50 iterations converge on an article's
# graph. Not yet pinned by a test (docs/thresholds.md).
TEXTRANK_WINDOW = 5
TEXTRANK_ITERATIONS = 50
TEXTRANK_DAMPING = 0.85
# Pseudo-counts of the log-odds prior: strong enough that a word seen two or three times is not
# an extreme ratio, weak against a corpus of thousands of tokens. Not yet pinned by a test (docs/thresholds.md).
LOG_ODDS_PRIOR = 500.0
# A keyphrase is a run of two to KEYPHRASE_MAX_TOKENS content tokens seen at least
# KEYPHRASE_MIN_COUNT times (城乡融合发展 = 城乡 融合 发展). Not yet pinned by a test (docs/thresholds.md).
KEYPHRASE_MIN_COUNT = 2
KEYPHRASE_MAX_TOKENS = 3
# Scores and z values in tables: enough decimals to keep the ranking visible. Not yet pinned by a test (docs/thresholds.md).
SCORE_DECIMALS = 6
Z_DECIMALS = 4
TEXTRANK_POS = ("n", "nz", "nt", "ns", "nr", "vn", "v", "un", "l", "i")
KEYWORD_COLUMNS = ["article_id", "headline", "rank", "keyword", "score", "method"]


def keyword_vocabulary(tokens: pd.DataFrame) -> set[str]:
    """The tokens that may be keywords (see the module note)."""
    info = tokens.drop_duplicates("token")[["token", "pos"]]
    standalone = standalone_unknowns(tokens)
    allowed = set()
    for tok, pos in zip(info["token"], info["pos"]):
        if not is_content(tok) or not pos.startswith(KEYWORD_POS) or FRACTION_WORD.search(tok):
            continue
        if pos == "eng" and not LATIN_KEYWORD.match(tok):
            continue
        if pos == "un" and tok not in standalone:
            continue
        allowed.add(tok)
    return allowed


def standalone_unknowns(tokens: pd.DataFrame) -> set[str]:
    """HMM-found words (`un`) seen at least STANDALONE_MIN_COUNT times and not always next to the
    same word on the left, or not always on the right."""
    same_sentence = tokens["sentence_id"].eq(tokens["sentence_id"].shift(1))
    left = tokens["token"].shift(1).where(same_sentence, "")
    right = tokens["token"].shift(-1).where(tokens["sentence_id"].eq(tokens["sentence_id"].shift(-1)), "")
    frame = pd.DataFrame({"token": tokens["token"], "left": left, "right": right})[tokens["pos"] == "un"]
    stats = frame.groupby("token").agg(n=("left", "size"), lefts=("left", "nunique"), rights=("right", "nunique"))
    keep = stats[(stats["n"] >= STANDALONE_MIN_COUNT) & (stats["lefts"] > 1) & (stats["rights"] > 1)]
    return set(keep.index)


def content_tokens(tokens: pd.DataFrame) -> pd.DataFrame:
    """Token rows worth counting, in corpus order (each distinct token is judged once)."""
    verdict = {t: is_content(t) for t in tokens["token"].unique()}
    return tokens[tokens["token"].map(verdict).astype(bool)]


def counts_by(tokens: pd.DataFrame, key: str = "article_id") -> dict[str, Counter]:
    out: dict[str, Counter] = defaultdict(Counter)
    for k, tok in zip(tokens[key], tokens["token"]):
        out[k][tok] += 1
    return dict(out)


@lru_cache(maxsize=1)
def jieba_idf() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF table (computed on a large general corpus) and its median."""
    return IDFLoader(DEFAULT_IDF).get_idf()


def corpus_idf(counts: dict[str, Counter]) -> dict[str, float]:
    """IDF from our own articles, smoothed for a small corpus: log((1+N)/(1+df)) + 1.

    Adding one document that contains every word keeps the IDF finite and positive, so a term
    that occurs in every article still counts (weight 1) rather than vanishing.
    """
    n = len(counts)
    df = Counter(w for c in counts.values() for w in c)
    return {w: math.log((1 + n) / (1 + d)) + 1 for w, d in df.items()}


def _ranked(scores: dict[str, float], top: int) -> list[tuple[str, float]]:
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def tfidf(counts: dict[str, Counter], top: int = TOP_KEYWORDS, idf: str = "jieba") -> dict[str, list[tuple[str, float]]]:
    if idf == "jieba":
        table, median = jieba_idf()
        lookup = lambda w: table.get(w, median)  # noqa: E731  unseen words get the median, as jieba does
    else:
        table = corpus_idf(counts)
        lookup = table.__getitem__
    out = {}
    for key, c in counts.items():
        total = sum(c.values()) or 1
        out[key] = _ranked({w: n / total * lookup(w) for w, n in c.items()}, top)
    return out


def textrank(tokens: pd.DataFrame, top: int = TOP_KEYWORDS, window: int = TEXTRANK_WINDOW,
             iterations: int = TEXTRANK_ITERATIONS, damping: float = TEXTRANK_DAMPING) -> dict[str, list[tuple[str, float]]]:
    """TextRank over part-of-speech-filtered content tokens, co-occurring within a window."""
    out = {}
    for art, group in tokens.groupby("article_id", sort=False):
        keep = [t for t, p in zip(group["token"], group["pos"]) if p.startswith(TEXTRANK_POS) and is_content(t)]
        graph: dict[str, Counter] = defaultdict(Counter)
        for i, a in enumerate(keep):
            for b in keep[i + 1: i + window]:
                if a != b:
                    graph[a][b] += 1
                    graph[b][a] += 1
        nodes = sorted(graph)
        rank = dict.fromkeys(nodes, 1.0)
        out_weight = {n: sum(graph[n].values()) for n in nodes}
        for _ in range(iterations):
            rank = {n: (1 - damping) + damping * sum(w / out_weight[m] * rank[m] for m, w in graph[n].items())
                    for n in nodes}
        peak = max(rank.values(), default=1.0)
        out[art] = _ranked({n: r / peak for n, r in rank.items()}, top)
    return out


def log_odds(target: Counter, rest: Counter, prior_strength: float = LOG_ODDS_PRIOR) -> pd.DataFrame:
    """Weighted log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008).

    The prior is the pooled word distribution of both sides scaled to `prior_strength`
    pseudo-counts, so a word seen a few times is shrunk towards its overall rate instead of
    producing an extreme ratio. Returns one row per word with delta (the log-odds difference)
    and z (delta over its standard error), most distinctive of `target` first.
    """
    pooled = target + rest
    total = sum(pooled.values()) or 1
    n_t, n_r = sum(target.values()), sum(rest.values())
    rows = []
    for w in sorted(pooled):
        yt, yr = target[w], rest[w]
        a = prior_strength * pooled[w] / total
        delta = math.log((yt + a) / (n_t + prior_strength - yt - a)) - math.log((yr + a) / (n_r + prior_strength - yr - a))
        var = 1 / (yt + a) + 1 / (yr + a)
        rows.append((w, yt, yr, delta, delta / math.sqrt(var)))
    df = pd.DataFrame(rows, columns=["term", "count", "count_rest", "delta", "z"])
    return df.sort_values(["z", "term"], ascending=[False, True], kind="stable").reset_index(drop=True)


def distinctive(counts: dict[str, Counter], top: int = TOP_KEYWORDS) -> dict[str, list[tuple[str, float]]]:
    """Each key's most distinctive terms against all the others (z-scores)."""
    out = {}
    for key, c in counts.items():
        rest = Counter()
        for other, oc in counts.items():
            if other != key:
                rest.update(oc)
        df = log_odds(c, rest)
        out[key] = [(t, round(z, Z_DECIMALS)) for t, z in zip(df["term"].head(top), df["z"].head(top))]
    return out


def keyphrases(tokens: pd.DataFrame, min_count: int = KEYPHRASE_MIN_COUNT, max_len: int = KEYPHRASE_MAX_TOKENS) -> pd.DataFrame:
    """Runs of 2-3 adjacent content tokens within a sentence that recur (城乡融合发展)."""
    counts: Counter[tuple[str, ...]] = Counter()
    where: dict[tuple[str, ...], set] = defaultdict(set)
    for (art, _sid), group in tokens.groupby(["article_id", "sentence_id"], sort=False):
        words = list(group["token"])
        positions = list(group["position"])
        for n in range(2, max_len + 1):
            for i in range(len(words) - n + 1):
                run = words[i: i + n]
                if positions[i + n - 1] - positions[i] == n - 1 and all(is_content(w) for w in run):
                    key = tuple(run)
                    counts[key] += 1
                    where[key].add(art)
    rows = [("".join(k), " ".join(k), n, len(where[k])) for k, n in counts.items() if n >= min_count]
    df = pd.DataFrame(rows, columns=["phrase", "tokens", "count", "articles"])
    return df.sort_values(["count", "phrase"], ascending=[False, True], kind="stable").reset_index(drop=True)


def keywords(tokens: pd.DataFrame, method: str = "tfidf", top: int = TOP_KEYWORDS) -> dict[str, list[tuple[str, float]]]:
    allowed = keyword_vocabulary(tokens)
    content = tokens[tokens["token"].isin(allowed)]
    counts = counts_by(content)
    if method == "tfidf":
        return tfidf(counts, top, "jieba")
    if method == "tfidf_corpus":
        return tfidf(counts, top, "corpus")
    if method == "textrank":
        return textrank(content, top)
    if method == "logodds":
        return distinctive(counts, top)
    raise ValueError(f"unknown keyword method {method!r}; use one of {', '.join(METHODS)}")


def keyword_table(tables: dict[str, pd.DataFrame], method: str = "tfidf", top: int = TOP_KEYWORDS) -> pd.DataFrame:
    """Long table: article_id, headline, rank, keyword, score, method."""
    headlines = dict(zip(tables["articles"]["article_id"], tables["articles"]["headline"]))
    tokens = tables.get("tokens")
    if tokens is None:
        from .segment import token_table

        tokens = token_table(tables["sentences"])
    rows = []
    for art, ranked in keywords(tokens, method, top).items():
        for rank, (word, score) in enumerate(ranked, start=1):
            rows.append((art, headlines.get(art, ""), rank, word, round(score, SCORE_DECIMALS), method))
    return pd.DataFrame(rows, columns=KEYWORD_COLUMNS)
