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

import numpy as np
import pandas as pd

from .segment import is_content

METHODS = ("tfidf", "tfidf_corpus", "textrank", "logodds")
# Thresholds (docs/thresholds.md lists each with the test that pins it).
# A term is distinctive of one side only beyond this z (two-sided 5%); below it, chance may explain it.
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
STANDALONE_MIN_COUNT = 2
# Keywords per article: enough to say what it is about, few enough to read.
TOP_KEYWORDS = 10
# TextRank as Mihalcea & Tarau (2004) and jieba run it: words co-occur within a window of five
# tokens, the damping factor is the PageRank one, and 50 iterations converge on an article's
# graph.
TEXTRANK_WINDOW = 5
TEXTRANK_ITERATIONS = 50
TEXTRANK_DAMPING = 0.85
# Pseudo-counts of the log-odds prior: strong enough that a word seen two or three times is not
# an extreme ratio, weak against a corpus of thousands of tokens.
LOG_ODDS_PRIOR = 500.0
# A keyphrase is a run of two to KEYPHRASE_MAX_TOKENS content tokens seen at least
# KEYPHRASE_MIN_COUNT times (城乡融合发展 = 城乡 融合 发展).
KEYPHRASE_MIN_COUNT = 2
KEYPHRASE_MAX_TOKENS = 3
# Scores and z values in tables: enough decimals to keep the ranking visible.
SCORE_DECIMALS = 6
Z_DECIMALS = 4
TEXTRANK_POS = ("n", "nz", "nt", "ns", "nr", "vn", "v", "un", "l", "i")
KEYWORD_COLUMNS = ["article_id", "headline", "rank", "keyword", "score", "method"]


# Tables derived from one token table, kept for the last few token tables asked about: a notebook
# ranks keywords four ways, draws clouds and compares articles over the same 12 million tokens of a
# year of pages, and each would otherwise judge the vocabulary and count it again.
MEMO_TABLES = 8
_memo: list[tuple[pd.DataFrame, dict]] = []


def _derived(tokens: pd.DataFrame, key: tuple, make):
    """make(), computed once per token table (the same object) and `key`."""
    for frame, derived in _memo:
        if frame is tokens:
            break
    else:
        derived = {}
        _memo.append((tokens, derived))
        del _memo[:-MEMO_TABLES]
    if key not in derived:
        derived[key] = make()
    return derived[key]


def factorized(tokens: pd.DataFrame, column: str) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values) of a column, as pd.factorize gives them, once per token table:
    factorising 12 million strings takes seconds, and every count below starts from it."""
    def make():
        codes, distinct = pd.factorize(tokens[column])
        return codes, np.asarray(distinct, dtype=object)
    return _derived(tokens, ("factorized", column), make)


def judged(tokens: pd.DataFrame, name: str, judge) -> np.ndarray:
    """judge(token) for every row, as a boolean array, computed once per distinct token and kept
    under `name` for this token table."""
    return _derived(tokens, ("judged", name),
                    lambda: _judge_each(*factorized(tokens, "token"), lambda t: bool(judge(t))).astype(bool))


def content_mask(tokens: pd.DataFrame) -> np.ndarray:
    """Which token rows are worth counting (see content_tokens)."""
    return judged(tokens, "content", is_content)


def keyword_vocabulary(tokens: pd.DataFrame) -> set[str]:
    return _derived(tokens, ("vocabulary",), lambda: _keyword_vocabulary(tokens))


def _keyword_vocabulary(tokens: pd.DataFrame) -> set[str]:
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
    """Token rows worth counting, in corpus order (each distinct token is judged once); the same
    table for the same token table, so what is derived from it can be kept too (treat it as read-only)."""
    return _derived(tokens, ("content tokens",), lambda: tokens[content_mask(tokens)])


def per_distinct(values: pd.Series, judge) -> np.ndarray:
    """judge(v) for every value, computed once per distinct value: a year of pages has 12 million
    tokens but some 200,000 distinct ones."""
    return _judge_each(*pd.factorize(values), judge)


def _judge_each(codes: np.ndarray, distinct, judge) -> np.ndarray:
    """judge(v) once per distinct value, spread to the rows by their codes."""
    judged = np.array([judge(v) for v in distinct])
    return judged[codes] if len(distinct) else np.zeros(len(codes), dtype=judged.dtype if judged.size else bool)


@lru_cache(maxsize=1)
def jieba_idf() -> tuple[dict[str, float], float]:
    """jieba's bundled IDF table (computed on a large general corpus) and its median."""
    # Imported here: importing jieba.analyse loads its IDF table and TextRank, a second for every
    # notebook and the report, most of which never ask for jieba's IDF.
    from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader

    return IDFLoader(DEFAULT_IDF).get_idf()


def corpus_idf(counts: dict[str, Counter]) -> dict[str, float]:
    """IDF from our own articles, smoothed for a small corpus: log((1+N)/(1+df)) + 1.

    Adding one document that contains every word keeps the IDF finite and positive, so a term
    that occurs in every article still counts (weight 1) rather than vanishing.
    """
    df = Counter(w for c in counts.values() for w in c)
    return {w: float(smoothed_idf(len(counts), d)) for w, d in df.items()}


def smoothed_idf(n_documents, df):
    """log((1+N)/(1+df)) + 1 (see corpus_idf), for one document frequency or an array of them."""
    return np.log((1 + n_documents) / (1 + df)) + 1


def _ranked(scores: dict[str, float], top: int) -> list[tuple[str, float]]:
    return sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:top]


def count_table(tokens: pd.DataFrame, key: str = "article_id", where: np.ndarray | None = None) -> pd.DataFrame:
    """Long counts, one row per (key, term) that occurs: the sparse form of a key x term matrix,
    keys in order of first occurrence, terms in order of first occurrence within the corpus.
    `where` (a boolean array over the rows) counts only those rows, without copying the table.
    Keys and terms are counted as integer codes (factorised once per table), not as strings."""
    keys, key_names = factorized(tokens, key)
    terms, term_names = factorized(tokens, "token")
    if where is not None:
        keys, terms = keys[where], terms[where]
    n_terms = max(len(term_names), 1)
    pairs, counts = np.unique(keys.astype(np.int64) * n_terms + terms, return_counts=True)
    k, t = np.divmod(pairs, n_terms)
    return pd.DataFrame({key: key_names[k], "term": term_names[t], "count": counts})


def _top_per_key(frame: pd.DataFrame, key: str, score: str, top: int) -> dict[str, list[tuple[str, float]]]:
    """The `top` rows of each key by score (ties by term), as {key: [(term, score), …]} in key order."""
    # Sorted on codes whose order is the strings' order: sorting three million rows by two text
    # columns took seconds; each (key, term) occurs once, so the order is the same.
    keys, terms = (pd.factorize(frame[c], sort=True)[0] for c in (key, "term"))
    order = np.lexsort((terms, -frame[score].to_numpy(dtype=float), keys))
    best = frame.iloc[order].groupby(key, sort=False).head(top)
    out: dict[str, list[tuple[str, float]]] = {k: [] for k in pd.unique(frame[key])}
    for k, term, value in zip(best[key].tolist(), best["term"].tolist(), best[score].tolist()):
        out[k].append((term, float(value)))
    return out


def tfidf_table(counts: pd.DataFrame, key: str = "article_id", idf: str = "jieba") -> pd.Series:
    """TF-IDF of every row of a count_table(): count / key total x IDF (jieba's table, unseen words
    at its median as jieba does; or this corpus' smoothed IDF)."""
    if idf == "jieba":
        table, median = jieba_idf()
        weights = per_distinct(counts["term"], lambda w: table.get(w, median))
    else:
        weights = smoothed_idf(counts[key].nunique(), counts.groupby("term")[key].transform("size"))
    return counts["count"] / counts.groupby(key, sort=False)["count"].transform("sum") * weights


def textrank(tokens: pd.DataFrame, top: int = TOP_KEYWORDS, window: int = TEXTRANK_WINDOW,
             iterations: int = TEXTRANK_ITERATIONS, damping: float = TEXTRANK_DAMPING) -> dict[str, list[tuple[str, float]]]:
    """TextRank over part-of-speech-filtered content tokens, co-occurring within a window."""
    out = {}
    for art, group in tokens.groupby("article_id", sort=False):
        keep = [t for t, p in zip(group["token"], group["pos"]) if p.startswith(TEXTRANK_POS) and is_content(t)]
        out[art] = _ranked(_textrank_scores(keep, window, iterations, damping), top)
    return out


def _textrank_scores(words: list[str], window: int, iterations: int, damping: float) -> dict[str, float]:
    """PageRank on the co-occurrence graph of `words`, scaled so the top word has 1.

    Each iteration is one pass over the edges in numpy. The edges are listed node by node in the
    order a dict-of-Counters graph would visit them, and np.bincount adds in that order, so the
    scores are the same floating-point numbers as the plain Python loop gives."""
    graph: dict[str, Counter] = defaultdict(Counter)
    for i, a in enumerate(words):
        for b in words[i + 1: i + window]:
            if a != b:
                graph[a][b] += 1
                graph[b][a] += 1
    nodes = sorted(graph)
    number = {n: k for k, n in enumerate(nodes)}
    target = np.array([number[n] for n in nodes for _ in graph[n]], dtype=np.int64)
    source = np.array([number[m] for n in nodes for m in graph[n]], dtype=np.int64)
    weight = np.array([w for n in nodes for w in graph[n].values()], dtype=float)
    out_weight = np.array([sum(graph[n].values()) for n in nodes], dtype=float)
    rank = np.ones(len(nodes))
    for _ in range(iterations):
        rank = (1 - damping) + damping * np.bincount(target, weights=weight / out_weight[source] * rank[source],
                                                     minlength=len(nodes))
    peak = max(rank.tolist(), default=1.0)
    return {n: r / peak for n, r in zip(nodes, rank.tolist())}


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


def log_odds_table(counts: pd.DataFrame, key: str = "article_id",
                   prior_strength: float = LOG_ODDS_PRIOR) -> pd.DataFrame:
    """log_odds() of every key against all the other keys at once, on a count_table(): the rest
    of a term is its corpus total minus the key's count, so the work grows with the number of
    (key, term) pairs, not with keys squared. Adds count_rest, delta and z."""
    total = counts["count"].sum() or 1
    term_total = counts.groupby("term")["count"].transform("sum")
    n_t = counts.groupby(key, sort=False)["count"].transform("sum")
    yt, yr, n_r = counts["count"], term_total - counts["count"], total - n_t
    a = prior_strength * term_total / total
    delta = np.log((yt + a) / (n_t + prior_strength - yt - a)) - np.log((yr + a) / (n_r + prior_strength - yr - a))
    z = delta / np.sqrt(1 / (yt + a) + 1 / (yr + a))
    return counts.assign(count_rest=yr, delta=delta, z=z)


def distinctive_terms(tokens: pd.DataFrame, key: str = "article_id", min_z: float = DISTINCTIVE_Z,
                      top: int = 5) -> pd.DataFrame:
    """Up to `top` terms per key whose z against all other keys exceeds `min_z`: key, term, count, z."""
    counts = _derived(tokens, ("content counts", key), lambda: count_table(tokens, key, content_mask(tokens)))
    table = log_odds_table(counts, key)
    strong = table[table["z"] > min_z]
    out = _top_per_key(strong, key, "z", top)
    rows = [(k, t, z) for k in pd.unique(tokens[key]) for t, z in out.get(k, [])]
    return pd.DataFrame(rows, columns=[key, "term", "z"])


def keyphrases(tokens: pd.DataFrame, min_count: int = KEYPHRASE_MIN_COUNT, max_len: int = KEYPHRASE_MAX_TOKENS) -> pd.DataFrame:
    """Runs of 2-3 adjacent content tokens within a sentence that recur (城乡融合发展). A run is
    counted as one integer made of its tokens' codes, so only the recurring ones are spelled out."""
    codes, names = factorized(tokens, "token")
    vocabulary = max(len(names), 1)
    if vocabulary ** max_len >= 2 ** 63:  # a run's code must fit a 64-bit integer: 2 million words for runs of 3
        raise ValueError(f"{vocabulary:,} distinct tokens are too many for runs of {max_len} tokens")
    content = content_mask(tokens)
    sentence, position = factorized(tokens, "sentence_id")[0], tokens["position"].to_numpy()
    article = factorized(tokens, "article_id")[0]
    found = [_recurring_runs(n, codes, vocabulary, content, sentence, position, article, min_count)
             for n in range(2, max_len + 1) if len(codes) - n + 1 > 0]
    if not found:
        return pd.DataFrame(columns=["phrase", "tokens", "count", "articles"])
    stats = pd.concat(found, ignore_index=True)
    stats = stats.iloc[np.lexsort((stats["n"].to_numpy(), stats["first"].to_numpy()))]  # in order of first use
    spelled = [" ".join(names[(run // vocabulary ** (n - 1 - j)) % vocabulary] for j in range(n))
               for n, run in zip(stats["n"], stats["run"])]
    df = pd.DataFrame({"phrase": [p.replace(" ", "") for p in spelled], "tokens": spelled,
                       "count": stats["count"].to_numpy(), "articles": stats["articles"].to_numpy()})
    return df.sort_values(["count", "phrase"], ascending=[False, True], kind="stable").reset_index(drop=True)


def _recurring_runs(n: int, codes, vocabulary: int, content, sentence, position, article, min_count: int) -> pd.DataFrame:
    """Runs of n adjacent content tokens of one sentence seen at least min_count times: n, run (its
    tokens' codes as one integer), count, articles (distinct) and first (row where first seen)."""
    last = len(codes) - n + 1
    keep = content[:last].copy()
    run = codes[:last].astype(np.int64)
    for j in range(1, n):
        keep &= (sentence[j:last + j] == sentence[:last]) & (position[j:last + j] == position[:last] + j)
        keep &= content[j:last + j]
        run = run * vocabulary + codes[j:last + j]
    rows = np.flatnonzero(keep)
    runs, first, which, counts = np.unique(run[rows], return_index=True, return_inverse=True, return_counts=True)
    recurring = counts >= min_count
    first = rows[first]  # rows are in corpus order, so a run's first index is its first row
    chosen = recurring[which]  # only the rows of recurring runs are looked at again
    n_codes = int(article.max()) + 1 if len(article) else 1
    pairs = np.sort(which[chosen].astype(np.int64) * n_codes + article[rows[chosen]])
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]] if len(pairs) else pairs  # distinct (run, article)
    n_articles = np.bincount(pairs // n_codes, minlength=len(runs))
    return pd.DataFrame({"n": n, "run": runs[recurring], "count": counts[recurring],
                         "articles": n_articles[recurring], "first": first[recurring]})


def corpus_keywords(tokens: pd.DataFrame, top: int) -> list[tuple[str, float]]:
    """The `top` content words of the whole corpus by TF-IDF with jieba's IDF."""
    counts = _derived(tokens, ("content counts", "article_id"), lambda: count_table(tokens, "article_id", content_mask(tokens)))
    totals = counts.groupby("term", sort=True)["count"].sum()
    long = pd.DataFrame({"corpus": "", "term": totals.index, "count": totals.to_numpy()})
    return _top_per_key(long.assign(score=tfidf_table(long, "corpus")), "corpus", "score", top).get("", [])


def keywords(tokens: pd.DataFrame, method: str = "tfidf", top: int = TOP_KEYWORDS,
             only=None) -> dict[str, list[tuple[str, float]]]:
    """Each article's `top` keywords by `method`; `only` (article ids) limits which articles are
    ranked, while corpus IDF and log-odds still compare with every article."""
    vocabulary = keyword_vocabulary(tokens)
    allowed = judged(tokens, "keyword", vocabulary.__contains__)
    if method == "textrank":
        return textrank(tokens[allowed if only is None else allowed & tokens["article_id"].isin(set(only)).to_numpy()], top)
    if method not in METHODS:
        raise ValueError(f"unknown keyword method {method!r}; use one of {', '.join(METHODS)}")
    long = _derived(tokens, ("keyword counts",), lambda: count_table(tokens, "article_id", allowed).rename(columns={"article_id": "key"}))
    if long.empty:
        return {}
    if only is not None:
        # scores need every article (IDF, the rest of the corpus); ranking only the ones asked for
        long = long.assign(_keep=long["key"].isin(set(only)))
    if method == "logodds":
        ranked = _top_per_key(_kept(log_odds_table(long, "key")), "key", "z", top)
        return {k: [(t, round(z, Z_DECIMALS)) for t, z in pairs] for k, pairs in ranked.items()}
    idf = "jieba" if method == "tfidf" else "corpus"
    return _top_per_key(_kept(long.assign(score=tfidf_table(long, "key", idf))), "key", "score", top)


def _kept(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame.pop("_keep")] if "_keep" in frame else frame


def keyword_table(tables: dict[str, pd.DataFrame], method: str = "tfidf", top: int = TOP_KEYWORDS,
                  only=None) -> pd.DataFrame:
    """Long table: article_id, headline, rank, keyword, score, method."""
    headlines = dict(zip(tables["articles"]["article_id"], tables["articles"]["headline"]))
    tokens = tables.get("tokens")
    if tokens is None:
        from .segment import token_table

        tokens = token_table(tables["sentences"])
    rows = []
    for art, ranked in keywords(tokens, method, top, only).items():
        for rank, (word, score) in enumerate(ranked, start=1):
            rows.append((art, headlines.get(art, ""), rank, word, round(score, SCORE_DECIMALS), method))
    return pd.DataFrame(rows, columns=KEYWORD_COLUMNS)
