"""Policy themes: which themes each article and group carries, how articles and groups differ.

Themes and their terms live in lexicon/themes.csv; a term matches a whole token.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from . import cap, paths
from .frames import joined_by_group
from .keywords import DISTINCTIVE_Z, _derived, content_mask, count_table, factorized, log_odds, smoothed_idf
from .lexicon import LexiconError, read_rows

THEME_COLUMNS = ["article_id", "headline", "theme", "label", "score", "terms", "matches", "cap_code", "cap_label"]


def read_themes(path: Path | None = None) -> pd.DataFrame:
    """slug, label and the list of terms of every theme; a malformed row names file and line."""
    path = Path(path or paths.THEMES)
    rows, seen = [], set()
    for no, row in read_rows(path, ["slug", "label", "cap", "terms"]):
        if not all(row.values()) or not row["cap"].isdigit():
            raise LexiconError(path, no, "expected `slug,label,CAP code,term|term|…`")
        slug, label, cap_code, terms = row["slug"], row["label"], row["cap"], row["terms"]
        if slug in seen:
            raise LexiconError(path, no, f"theme {slug!r} is defined twice")
        seen.add(slug)
        rows.append({"theme": slug, "label": label, "cap_code": int(cap_code),
                     "terms": [t.strip() for t in terms.split("|") if t.strip()]})
    return pd.DataFrame(rows, columns=["theme", "label", "cap_code", "terms"])


def term_index(themes: pd.DataFrame) -> dict[str, list[str]]:
    """term -> the themes it belongs to (a term may serve several themes)."""
    index: dict[str, list[str]] = defaultdict(list)
    for slug, terms in zip(themes["theme"], themes["terms"]):
        for term in terms:
            index[term].append(slug)
    return dict(index)


def matches(tokens: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """One row per token that is a theme term: article_id, sentence_id, theme, term (in token order;
    a term of several themes gives a row for each, in the themes file's order)."""
    # the memo keeps `themes` with the result, so no other table can take its id while it is cached
    return _derived(tokens, ("theme matches", id(themes)), lambda: (themes, _matches(tokens, term_index(themes))))[1]


def content_matches(tokens: pd.DataFrame, themes: pd.DataFrame) -> pd.DataFrame:
    """matches() among the content tokens (keywords.content_tokens), found without copying them out."""
    return _derived(tokens, ("content theme matches", id(themes)),
                    lambda: (themes, _matches(tokens, term_index(themes), content_mask(tokens))))[1]


def content_sizes(tokens: pd.DataFrame) -> pd.Series:
    """Content tokens per article (articles with none left out), by article id."""
    def make():
        codes, names = factorized(tokens, "article_id")
        counts = np.bincount(codes[content_mask(tokens)], minlength=len(names))
        return pd.Series(counts, index=pd.Index(names, name="article_id", dtype="str"))[counts > 0].sort_index()
    return _derived(tokens, ("content sizes",), make)


def _matches(tokens: pd.DataFrame, index: dict[str, list[str]], where: np.ndarray | None = None) -> pd.DataFrame:
    pairs = pd.DataFrame([(t, slug) for t, slugs in index.items() for slug in slugs], columns=["term", "theme"])
    hit = tokens["token"].isin(index.keys()).to_numpy()
    hits = tokens.loc[hit if where is None else hit & where, ["article_id", "sentence_id", "token"]]
    found = hits.rename(columns={"token": "term"}).merge(pairs, on="term", how="inner", sort=False)
    return found[["article_id", "sentence_id", "theme", "term"]].reset_index(drop=True)


def _describe_terms(terms: pd.Series) -> str:
    counts = Counter(terms)
    return "、".join(f"{t}×{n}" for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def theme_scores(tokens: pd.DataFrame, articles: pd.DataFrame, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Theme intensity per article: matched terms per 1,000 content tokens, with the terms. One row
    per article and theme (articles in corpus order, themes in the file's order)."""
    themes = read_themes() if themes is None else themes
    sizes = content_sizes(tokens)
    found = content_matches(tokens, themes)
    arts = articles[articles["kind"] == "article"]
    per_term = found.groupby(["article_id", "theme", "term"]).size().rename("n").reset_index()
    per_term = per_term.sort_values(["article_id", "theme", "n", "term"], ascending=[True, True, False, True])
    per_term["shown"] = per_term["term"] + "×" + per_term["n"].astype(str)
    summary = pd.DataFrame({"matches": per_term.groupby(["article_id", "theme"])["n"].sum(),
                            "terms": joined_by_group(per_term, ["article_id", "theme"], "shown", "、")})
    grid = pd.MultiIndex.from_product([arts["article_id"], themes["theme"]], names=["article_id", "theme"])
    table = summary.reindex(grid).reset_index()
    table["matches"] = table["matches"].fillna(0).astype(int)
    table["terms"] = table["terms"].fillna("")
    n = table["article_id"].map(sizes).fillna(0).to_numpy()
    table["score"] = np.where(n > 0, (1000 * table["matches"] / np.where(n > 0, n, 1)).round(3), 0.0)
    table["headline"] = table["article_id"].map(dict(zip(arts["article_id"], arts["headline"])))
    table["label"] = table["theme"].map(dict(zip(themes["theme"], themes["label"])))
    table["cap_code"] = table["theme"].map(dict(zip(themes["theme"], themes["cap_code"])))
    table["cap_label"] = table["cap_code"].map(cap.labels()).fillna("")
    return table[THEME_COLUMNS]


def theme_table(tables: dict[str, pd.DataFrame], themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """The command line's long table, themes with no match left out, strongest first per article."""
    df = theme_scores(tables["tokens"], tables["articles"], themes)
    df = df[df["matches"] > 0]
    order = {a: i for i, a in enumerate(tables["articles"]["article_id"])}
    return df.sort_values(["article_id", "score", "theme"], ascending=[True, False, True],
                          key=lambda s: s.map(order) if s.name == "article_id" else s, kind="stable").reset_index(drop=True)


def intensity_matrix(scores: pd.DataFrame, label: str = "label") -> pd.DataFrame:
    """Article × theme matrix of scores (columns in the themes file's order)."""
    m = scores.pivot(index="article_id", columns=label, values="score")
    return m[list(dict.fromkeys(scores[label]))].loc[list(dict.fromkeys(scores["article_id"]))]


def top_themes(scores: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    ranked = scores[scores["matches"] > 0].sort_values(["article_id", "score", "theme"], ascending=[True, False, True], kind="stable")
    return ranked.groupby("article_id", sort=False).head(n).reset_index(drop=True)


def shares(tokens: pd.DataFrame, articles: pd.DataFrame, by: str, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Share of each theme among all theme matches of a group (rows: groups, columns: labels)."""
    themes = read_themes() if themes is None else themes
    found = content_matches(tokens, themes).merge(articles[["article_id", by]], on="article_id")
    table = found.groupby([by, "theme"]).size().unstack(fill_value=0)
    table = table.reindex(columns=list(themes["theme"]), fill_value=0)
    table.columns = list(themes["label"])
    return (table.T / table.sum(axis=1)).T.round(4)


def cosine_matrix(vectors: pd.DataFrame) -> pd.DataFrame:
    values = vectors.to_numpy(dtype=float)
    norms = np.linalg.norm(values, axis=1, keepdims=True)
    unit = np.divide(values, norms, out=np.zeros_like(values), where=norms > 0)
    return pd.DataFrame((unit @ unit.T).round(4), index=vectors.index, columns=vectors.index)


def tfidf_long(tokens: pd.DataFrame) -> pd.DataFrame:
    """TF-IDF weights (count x this corpus' smoothed IDF) of every (article_id, term) that occurs,
    with `unit`: the weight over its article's vector length, for cosine similarity."""
    return _derived(tokens, ("tfidf long",), lambda: _tfidf_long(tokens))


def _tfidf_long(tokens: pd.DataFrame) -> pd.DataFrame:
    long = count_table(tokens, "article_id", content_mask(tokens))
    articles, terms = pd.factorize(long["article_id"])[0], pd.factorize(long["term"])[0]
    n = articles.max() + 1 if len(articles) else 0
    df = np.bincount(terms)[terms] if len(terms) else np.zeros(0)
    weight = long["count"].to_numpy() * smoothed_idf(n, df)
    norm = np.sqrt(np.bincount(articles, weights=weight ** 2))[articles] if len(articles) else np.zeros(0)
    return long.assign(weight=weight, unit=weight / np.where(norm > 0, norm, 1))


def tfidf_vectors(tokens: pd.DataFrame, among=None) -> pd.DataFrame:
    """Dense article x term TF-IDF matrix of the articles `among` (all when None): for a few dozen
    articles only, as its width is the whole vocabulary."""
    long = tfidf_long(tokens)
    if among is not None:
        long = long[long["article_id"].isin(set(among))]
    order = list(pd.unique(long["article_id"]))
    return long.pivot_table(index="article_id", columns="term", values="weight", fill_value=0.0,
                            aggfunc="sum").reindex(order)


def similarity(tokens: pd.DataFrame, scores: pd.DataFrame, among=None) -> dict[str, pd.DataFrame]:
    """Article similarity two ways, among the articles `among` (all when None): cosine over
    TF-IDF vectors and over theme profiles."""
    profiles = intensity_matrix(scores, "theme")
    if among is not None:
        profiles = profiles.loc[[a for a in profiles.index if a in set(among)]]
    return {"tfidf": cosine_matrix(tfidf_vectors(tokens, among)), "themes": cosine_matrix(profiles)}


def nearest(tokens: pd.DataFrame, among, k: int = 3) -> pd.DataFrame:
    """The `k` articles most similar to each of `among` (TF-IDF cosine against every article that
    shares a term with it): article_id, rank, neighbour, similarity. One pass over the corpus'
    (article, term) weights per article asked about, never an N x N matrix."""
    long = tfidf_long(tokens)
    articles, names = pd.factorize(long["article_id"])
    names = np.asarray(names, dtype=object)
    terms, vocabulary = pd.factorize(long["term"])
    unit = long["unit"].to_numpy()
    rows_of = pd.Series(np.arange(len(long))).groupby(articles).indices if len(long) else {}
    position = {a: i for i, a in enumerate(names)}
    out = []
    for art in among:
        own = rows_of.get(position.get(art, -1), np.zeros(0, dtype=int))
        profile = np.zeros(len(vocabulary))
        profile[terms[own]] = unit[own]
        sims = np.bincount(articles, weights=profile[terms] * unit, minlength=len(names))
        if art in position:
            sims[position[art]] = 0.0  # not its own neighbour
        shared = np.flatnonzero(sims > 0)
        if len(shared) > k:  # only those as similar as the k-th can be among the k (ties broken by name)
            kth = np.partition(sims[shared], len(shared) - k)[len(shared) - k]
            shared = shared[sims[shared] >= kth]
        best = sorted(shared.tolist(), key=lambda i: (-sims[i], names[i]))[:k]
        out += [(art, rank, names[i], round(float(sims[i]), 4)) for rank, i in enumerate(best, start=1)]
    return pd.DataFrame(out, columns=["article_id", "rank", "neighbour", "similarity"])


def dendrogram_order(sim: pd.DataFrame) -> list[str]:
    """Leaf order of average-linkage clustering on 1 - similarity, so similar articles sit together."""
    clusters = {i: [name] for i, name in enumerate(sim.index)}
    dist = 1 - sim.to_numpy(dtype=float)
    members = {i: [i] for i in clusters}
    while len(clusters) > 1:
        keys = sorted(clusters)
        best = min(((a, b) for i, a in enumerate(keys) for b in keys[i + 1:]),
                   key=lambda ab: (np.mean([dist[x, y] for x in members[ab[0]] for y in members[ab[1]]]), ab))
        a, b = best
        clusters[a] = clusters[a] + clusters.pop(b)
        members[a] = members[a] + members.pop(b)
    return next(iter(clusters.values()))


# Fewer articles than this in a group, and an interval or a test describes those few articles rather
# than the group (the sample page has one wire story): notebooks then say "too few articles".
MIN_GROUP_ARTICLES = 5


def compare_groups(tokens: pd.DataFrame, articles: pd.DataFrame, by: str, a: str, b: str,
                   top: int = 10) -> pd.DataFrame:
    """Distinctive terms of group `a` against group `b` (weighted log-odds z-scores)."""
    codes, names = factorized(tokens, "article_id")
    group = articles.set_index("article_id")[by].reindex(names).to_numpy()[codes]  # each token's group
    terms, vocabulary = factorized(tokens, "token")
    content = content_mask(tokens)

    def counts(side: str) -> Counter:
        n = np.bincount(terms[content & (group == side)], minlength=len(vocabulary))
        return Counter(dict(zip(vocabulary[n > 0], n[n > 0].tolist())))
    df = log_odds(counts(a), counts(b))
    ahead, behind = df[df["z"] >= DISTINCTIVE_Z], df[df["z"] <= -DISTINCTIVE_Z]
    return pd.concat([ahead.head(top).assign(side=a), behind.tail(top).iloc[::-1].assign(side=b)], ignore_index=True)


def groups_large_enough(articles: pd.DataFrame, by: str, a: str, b: str) -> bool:
    """Do both groups hold at least MIN_GROUP_ARTICLES articles?"""
    sizes = articles[articles["kind"] == "article"][by].value_counts()
    return sizes.get(a, 0) >= MIN_GROUP_ARTICLES and sizes.get(b, 0) >= MIN_GROUP_ARTICLES


def bootstrap_difference(tokens: pd.DataFrame, articles: pd.DataFrame, by: str, a: str, b: str,
                         themes: pd.DataFrame | None = None, n_boot: int = 500, seed: int = 0) -> pd.DataFrame:
    """Theme intensity of group a minus group b, with a 95% interval from resampling articles.

    Articles, not sentences, are resampled (a cluster bootstrap): sentences of one article share
    its subject, so resampling them alone would make the interval too narrow. Each replicate draws
    each group's articles with replacement (as multinomial counts, all replicates at once) and
    recomputes matches per 1,000 content tokens; the interval is the 2.5th-97.5th percentile.
    """
    themes = read_themes() if themes is None else themes
    slugs = list(themes["theme"])
    sizes = content_sizes(tokens)
    hits = content_matches(tokens, themes).groupby(["article_id", "theme"]).size().unstack(fill_value=0)
    profile = hits.reindex(index=sizes.index, columns=slugs, fill_value=0)
    group_of = articles.set_index("article_id")[by]
    rng = np.random.default_rng(seed)

    def replicates(group: str) -> tuple[np.ndarray, np.ndarray]:
        chosen = (group_of.reindex(sizes.index) == group).to_numpy()
        h, n = profile.to_numpy(dtype=float)[chosen], sizes.to_numpy(dtype=float)[chosen]
        n_articles = int(chosen.sum())
        observed = h.sum(axis=0) * 1000 / max(n.sum(), 1)
        draws = rng.multinomial(n_articles, np.full(n_articles, 1 / n_articles), size=n_boot) if n_articles else np.zeros((n_boot, 0))
        return observed, (draws @ h) * 1000 / np.maximum(draws @ n, 1)[:, None]

    (obs_a, reps_a), (obs_b, reps_b) = replicates(a), replicates(b)
    lo, hi = np.percentile(reps_a - reps_b, [2.5, 97.5], axis=0)
    return pd.DataFrame({"theme": slugs, "label": list(themes["label"]), "difference": (obs_a - obs_b).round(3),
                         "low": lo.round(3), "high": hi.round(3)})


def figures_by_theme(figures: pd.DataFrame, tokens: pd.DataFrame, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Figures whose sentence carries a theme's terms, one row per (theme, figure)."""
    themes = read_themes() if themes is None else themes
    found = matches(tokens, themes)[["sentence_id", "theme"]].drop_duplicates()
    labels = dict(zip(themes["theme"], themes["label"]))
    out = found.merge(figures, on="sentence_id")
    out.insert(1, "label", out["theme"].map(labels))
    order = {s: i for i, s in enumerate(themes["theme"])}
    return out.sort_values(["theme", "figure_id"], key=lambda s: s.map(order) if s.name == "theme" else s,
                           kind="stable").reset_index(drop=True)


def page_summary(scores: pd.DataFrame, articles: pd.DataFrame) -> str:
    """A paragraph in Chinese on what the corpus emphasises, written from the numbers."""
    arts = articles[articles["kind"] == "article"]
    total = scores.groupby(["theme", "label"])["matches"].sum().sort_values(ascending=False)
    if len(total) < 2 or int(total.sum()) == 0:
        return f"这 {len(arts):,} 篇文章没有出现主题词表中的任何词。"
    all_matches = int(total.sum())
    (_, l1), n1 = total.index[0], int(total.iloc[0])
    (_, l2), n2 = total.index[1], int(total.iloc[1])
    leaders = top_themes(scores, 1).groupby("label").size().sort_values(ascending=False)
    absent = [label for (_, label), n in total.items() if n == 0]
    parts = [
        f"这 {len(arts):,} 篇文章共出现主题词 {all_matches:,} 次。",
        f"总体最突出的主题是“{l1}”（{n1:,} 次，占 {100 * n1 / all_matches:.0f}%），其次是“{l2}”（{n2:,} 次，"
        f"占 {100 * n2 / all_matches:.0f}%）。",
        "作为单篇文章的首要主题：" + "，".join(f"“{label}” {n:,} 篇" for label, n in leaders.items()) + "。",
    ]
    if absent:
        parts.append("没有文章涉及" + "、".join(f"“{label}”" for label in absent) + "。")
    return "".join(parts)
