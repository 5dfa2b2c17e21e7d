"""Score the article splitting of a development document against its hand annotation.

The annotation (annotations/pages_gold/NAME.csv, rules in NAME.md beside it) gives for every item
its headline, byline, publication metadata and the first and last words of its body. An article
is right when an article record in the same order has the same headline, its credit holds the
byline, and its text starts and ends with the annotated words.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass

from helpers import paths

GOLD = paths.ANNOTATIONS / "pages_gold"
_SPACE = re.compile(r"\s+")


def norm(text: str) -> str:
    return _SPACE.sub("", text)


def gold_rows(name: str) -> list[dict]:
    with open(GOLD / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class Score:
    n_gold: int
    n_found: int
    right: int
    wrong: list[str]

    @property
    def share(self) -> float:
        return self.right / self.n_gold if self.n_gold else 1.0


def _readings(rec, byline: str) -> list[tuple[str, str]]:
    """(start, body) of an article as a reader may take it: with or without the subheads that
    open or close it (亮点, （一）, a closing contributor note), datelines opening it or not."""
    datelines = norm(rec.credit).replace(norm(byline), "", 1)  # 本报北京10月19日电（记者某某）
    paras = list(rec.paragraphs)
    variants = [paras]
    for _ in range(2):  # a label (亮点) and the fact it labels, or a closing note and a contact
        trimmed = list(variants[-1])
        while len(trimmed) > 1 and trimmed[0].is_subhead and trimmed[0] is variants[-1][0]:
            trimmed.pop(0)
            break
        while len(trimmed) > 1 and trimmed[-1].is_subhead and trimmed[-1] is variants[-1][-1]:
            trimmed.pop()
            break
        variants.append(trimmed)
    out = []
    for ps in variants:
        body = norm("".join(p.text for p in ps))
        out += [(body, body), (norm(datelines) + body, body)]
    out.append((out[0][0], out[0][1] + norm(rec.credit)))  # a closing note (作者单位) kept as a credit
    return out


def article_right(gold: dict, rec) -> str:
    """'' when the record matches the annotated article, else what differs."""
    if norm(rec.headline) != norm(gold["headline"]):
        return f"headline {rec.headline!r} != {gold['headline']!r}"
    if norm(gold["credit"]) not in norm(rec.credit):
        return f"credit {rec.credit!r} lacks {gold['credit']!r}"
    readings = _readings(rec, gold["credit"])
    if not any(start.startswith(norm(gold["body_first"])) for start, _ in readings):
        return f"body starts {readings[0][1][:12]!r}, not {gold['body_first']!r}"
    if not any(body.endswith(norm(gold["body_last"])) for _, body in readings):
        return f"body ends {readings[0][1][-12:]!r}, not {gold['body_last']!r}"
    return ""


def score(name: str, records) -> Score:
    """Articles matched in order (a missing or extra record costs only itself)."""
    gold = [g for g in gold_rows(name) if g["kind"] == "article"]
    found = [r for r in records if r.kind == "article"]
    by_headline: dict[str, list] = {}
    for rec in found:
        by_headline.setdefault(norm(rec.headline), []).append(rec)
    right, wrong = 0, []
    for g in gold:
        candidates = by_headline.get(norm(g["headline"])) or []
        rec = candidates.pop(0) if candidates else None
        problem = article_right(g, rec) if rec is not None else "no article with this headline"
        if problem:
            wrong.append(f"{g['seq']} {g['headline'][:20]}: {problem}")
        else:
            right += 1
    return Score(len(gold), len(found), right, wrong)
