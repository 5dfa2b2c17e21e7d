"""Figures scored against a hand annotation (annotations/figures_gold*.csv, rules in figures_gold.md).

Figures are matched within each article, in reading order, by value (relative tolerance
VALUE_TOLERANCE, for values written as fractions); precision, recall and F1 count the matches,
and every other field is the share of matched pairs that agree. A subject agrees when it is one
of the annotation's alternatives (`经济总量|中国经济总量`).
"""
from __future__ import annotations

import pandas as pd

# 1/3 is written 33.333333333333336 in one file and 33.33333333333333 in another.
VALUE_TOLERANCE = 1e-6
FIELDS = ["unit", "currency", "qualifier", "kind", "direction", "subject"]


def read_gold(path) -> pd.DataFrame:
    text = {c: str for c in ["article", "surface", *FIELDS]}
    gold = pd.read_csv(path, keep_default_na=False, dtype=text, converters={"value": float})
    for column in FIELDS:
        if column not in gold:
            gold[column] = None  # an older annotation without this field is not scored on it
    return gold


def as_scored(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures table in the scorer's shape (short article ids)."""
    out = figures.copy()
    out["article"] = out["article_id"].str.split(":").str[-1]
    return out


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= VALUE_TOLERANCE * max(1.0, abs(b))


def match(gold: pd.DataFrame, predicted: pd.DataFrame) -> list[tuple]:
    """(gold row, predicted row) pairs: each gold figure takes the first unused prediction of its
    article with its value."""
    pairs = []
    for article, rows in gold.groupby("article", sort=False):
        pool = list(predicted[predicted["article"] == article].itertuples(index=False))
        for row in rows.itertuples(index=False):
            hit = next((p for p in pool if _same_value(p.value, row.value)), None)
            if hit is not None:
                pool.remove(hit)
                pairs.append((row, hit))
    return pairs


def _agrees(field: str, gold_row, predicted_row) -> bool:
    want, got = getattr(gold_row, field) or "", str(getattr(predicted_row, field, "") or "")
    if field == "subject":
        return got in want.split("|") if want else got == ""
    return want == got


def score(gold: pd.DataFrame, predicted: pd.DataFrame) -> dict[str, float]:
    """Precision, recall and F1 on values, and per-field accuracy over the matched pairs."""
    pairs = match(gold, predicted)
    tp, n_gold, n_pred = len(pairs), len(gold), len(predicted)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    result = {"precision": round(precision, 4), "recall": round(recall, 4),
              "f1": round(2 * precision * recall / (precision + recall), 4) if tp else 0.0}
    for field in FIELDS:
        scored = [(g, p) for g, p in pairs if getattr(g, field) is not None]
        if scored:
            result[f"{field}_accuracy"] = round(sum(_agrees(field, g, p) for g, p in scored) / len(scored), 4)
    result.update(gold=n_gold, predicted=n_pred, matched=tp)
    return result


def disagreements(gold: pd.DataFrame, predicted: pd.DataFrame, field: str) -> pd.DataFrame:
    """The matched pairs that disagree on `field`, for reading beside the rules."""
    rows = [{"article": g.article, "surface": g.surface, "gold": getattr(g, field), "extracted": getattr(p, field, "")}
            for g, p in match(gold, predicted) if not _agrees(field, g, p)]
    return pd.DataFrame(rows, columns=["article", "surface", "gold", "extracted"])
