"""Policy themes: which themes each article and group carries, how articles and groups differ.

Themes and their terms live in lexicon/themes.csv; a term matches a whole token.
"""
from __future__ import annotations

import random
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np
import pandas as pd

from . import cap, paths
from .keywords import DISTINCTIVE_Z, content_tokens, corpus_idf, counts_by, log_odds
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
    """One row per token that is a theme term: article_id, sentence_id, theme, term."""
    index = term_index(themes)
    hits = tokens[tokens["token"].isin(index.keys())]
    rows = [(a, s, theme, t) for a, s, t in zip(hits["article_id"], hits["sentence_id"], hits["token"])
            for theme in index[t]]
    return pd.DataFrame(rows, columns=["article_id", "sentence_id", "theme", "term"])


def _describe_terms(terms: pd.Series) -> str:
    counts = Counter(terms)
    return "、".join(f"{t}×{n}" for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def theme_scores(tokens: pd.DataFrame, articles: pd.DataFrame, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Theme intensity per article: matched terms per 1,000 content tokens, with the terms."""
    themes = read_themes() if themes is None else themes
    content = content_tokens(tokens)
    sizes = content.groupby("article_id").size()
    found = matches(content, themes)
    arts = articles[articles["kind"] == "article"]
    labels = dict(zip(themes["theme"], themes["label"]))
    major = dict(zip(themes["theme"], themes["cap_code"]))
    major_labels = cap.labels()
    by_pair = found.groupby(["article_id", "theme"])["term"]
    counts, described = by_pair.size().to_dict(), by_pair.agg(_describe_terms).to_dict()
    rows = []
    for art, headline in zip(arts["article_id"], arts["headline"]):
        n = int(sizes.get(art, 0))
        for slug in themes["theme"]:
            count = counts.get((art, slug), 0)
            rows.append((art, headline, slug, labels[slug], round(1000 * count / n, 3) if n else 0.0,
                         described.get((art, slug), ""), count, major[slug], major_labels.get(major[slug], "")))
    return pd.DataFrame(rows, columns=THEME_COLUMNS)


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
    found = matches(content_tokens(tokens), themes).merge(articles[["article_id", by]], on="article_id")
    table = found.groupby([by, "theme"]).size().unstack(fill_value=0)
    table = table.reindex(columns=list(themes["theme"]), fill_value=0)
    table.columns = list(themes["label"])
    return (table.T / table.sum(axis=1)).T.round(4)


def cosine_matrix(vectors: pd.DataFrame) -> pd.DataFrame:
    values = vectors.to_numpy(dtype=float)
    norms = np.linalg.norm(values, axis=1, keepdims=True)
    unit = np.divide(values, norms, out=np.zeros_like(values), where=norms > 0)
    return pd.DataFrame((unit @ unit.T).round(4), index=vectors.index, columns=vectors.index)


def tfidf_vectors(tokens: pd.DataFrame) -> pd.DataFrame:
    counts = counts_by(content_tokens(tokens))
    idf = corpus_idf(counts)
    vocab = sorted(idf)
    return pd.DataFrame([[c.get(w, 0) * idf[w] for w in vocab] for c in counts.values()],
                        index=list(counts), columns=vocab)


def similarity(tokens: pd.DataFrame, scores: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Article similarity two ways: cosine over TF-IDF vectors and over theme profiles."""
    return {"tfidf": cosine_matrix(tfidf_vectors(tokens)),
            "themes": cosine_matrix(intensity_matrix(scores, "theme"))}


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
    content = content_tokens(tokens).merge(articles[["article_id", by]], on="article_id")
    ca = Counter(content.loc[content[by] == a, "token"])
    cb = Counter(content.loc[content[by] == b, "token"])
    df = log_odds(ca, cb)
    ahead, behind = df[df["z"] >= DISTINCTIVE_Z], df[df["z"] <= -DISTINCTIVE_Z]
    return pd.concat([ahead.head(top).assign(side=a), behind.tail(top).iloc[::-1].assign(side=b)], ignore_index=True)


def groups_large_enough(articles: pd.DataFrame, by: str, a: str, b: str) -> bool:
    """Do both groups hold at least MIN_GROUP_ARTICLES articles?"""
    sizes = articles[articles["kind"] == "article"][by].value_counts()
    return sizes.get(a, 0) >= MIN_GROUP_ARTICLES and sizes.get(b, 0) >= MIN_GROUP_ARTICLES


def bootstrap_difference(tokens: pd.DataFrame, articles: pd.DataFrame, by: str, a: str, b: str,
                         themes: pd.DataFrame | None = None, n_boot: int = 500, seed: int = 0) -> pd.DataFrame:
    """Theme intensity of group a minus group b, with a 95% interval from resampling sentences.

    Each replicate draws the sentences of each group with replacement and recomputes matches per
    1,000 content tokens; the interval is the 2.5th-97.5th percentile of the differences.
    """
    themes = read_themes() if themes is None else themes
    content = content_tokens(tokens).merge(articles[["article_id", by]], on="article_id")
    index = term_index(themes)
    slugs = list(themes["theme"])

    def per_sentence(group):
        rows = []
        for _, g in group.groupby("sentence_id", sort=True):
            hits = Counter(th for t in g["token"] for th in index.get(t, []))
            rows.append((len(g), [hits[s] for s in slugs]))
        return rows

    sa, sb = per_sentence(content[content[by] == a]), per_sentence(content[content[by] == b])
    rng = random.Random(seed)

    def intensity(sample):
        n = sum(s[0] for s in sample) or 1
        return np.array([sum(s[1][k] for s in sample) for k in range(len(slugs))]) * 1000 / n

    observed = intensity(sa) - intensity(sb)
    reps = np.array([intensity(rng.choices(sa, k=len(sa))) - intensity(rng.choices(sb, k=len(sb)))
                     for _ in range(n_boot)])
    lo, hi = np.percentile(reps, [2.5, 97.5], axis=0)
    return pd.DataFrame({"theme": slugs, "label": list(themes["label"]), "difference": observed.round(3),
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
        return f"这 {len(arts)} 篇文章没有出现主题词表中的任何词。"
    all_matches = int(total.sum())
    (_, l1), n1 = total.index[0], int(total.iloc[0])
    (_, l2), n2 = total.index[1], int(total.iloc[1])
    leaders = top_themes(scores, 1).groupby("label").size().sort_values(ascending=False)
    absent = [label for (_, label), n in total.items() if n == 0]
    parts = [
        f"这 {len(arts)} 篇文章共出现主题词 {all_matches:,} 次。",
        f"总体最突出的主题是“{l1}”（{n1:,} 次，占 {100 * n1 / all_matches:.0f}%），其次是“{l2}”（{n2:,} 次，"
        f"占 {100 * n2 / all_matches:.0f}%）。",
        "作为单篇文章的首要主题：" + "，".join(f"“{label}” {n} 篇" for label, n in leaders.items()) + "。",
    ]
    if absent:
        parts.append("没有文章涉及" + "、".join(f"“{label}”" for label in absent) + "。")
    return "".join(parts)
