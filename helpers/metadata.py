"""Publication metadata: which paper, which day, which page (版次) a document and its articles
come from, so that a corpus of many days can be compared over time.

Evidence, strongest first: a source line inside the article (`《人民日报》（2025年10月20日 第 02
版）`, `来源：人民日报`); the page's running head (`人民日报 2025年1月8日 星期三 第 3 版`); a dated
web address (`/20231206/`); the file name (`renmin_ribao_2025-10-20_p05.pdf`, outlets by their
aliases in lexicon/outlets.csv). A dateline (`本报北京10月19日电`) gives a month and day, dated
in the year the document shows. Nothing is guessed: a field the evidence does not give stays empty.
Dates are ISO 8601 at the precision the evidence has (`2025-10-20`, or `2024` for a yearly report).
"""
from __future__ import annotations

from datetime import date

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import paths
from .lexicon import LexiconError, read_rows
from .patterns import SECTION_FOLIO

_PAPER_IN_BRACKETS = re.compile(r"《(?P<paper>[^》]{2,16})》")
_FULL_DATE = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_EDITION = re.compile(r"第\s*(?P<n>\d{1,3})\s*版")
_SOURCE_FIELD = re.compile(r"(?:来源|稿件来源|文章来源)\s*[：:]\s*(?P<paper>[^\s，。]{2,16})")
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})-?(?P<m>[01]\d)-?/?(?P<d>[0-3]\d)/")
_NAME_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-_.]?(?P<m>[01]\d)[-_.]?(?P<d>[0-3]\d)(?!\d)")
_NAME_YEAR = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?!\d)")
_DATELINE_DAY = re.compile(r"(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日\s*(?:电|讯|消息)")
_NAME_SPLIT = re.compile(r"[\s_.\-]+")


@dataclass
class Meta:
    paper: str = ""
    date: str = ""
    edition_page: str = ""

    def filled_from(self, other: "Meta") -> "Meta":
        return Meta(self.paper or other.paper, self.date or other.date, self.edition_page or other.edition_page)


class Outlet(NamedTuple):
    """An outlet of lexicon/outlets.csv. A named tuple, not a frozen dataclass: the outlets are
    looked up by their tuple for every article, and a tuple hashes in C."""

    name: str
    kind: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=4)
def _read_outlets(path: Path, mtime: float) -> tuple[Outlet, ...]:
    out = []
    for no, row in read_rows(path, ["name", "kind", "aliases"]):
        if not row.get("name") or row.get("kind") not in {"paper", "agency", "web"}:
            raise LexiconError(path, no, f"expected `name,kind,aliases` with kind paper, agency or web, got {row}")
        aliases = tuple(a.strip().lower() for a in (row.get("aliases") or "").split("|") if a.strip())
        out.append(Outlet(row["name"].strip(), row["kind"], aliases))
    return tuple(out)


def outlets(path: Path | None = None) -> tuple[Outlet, ...]:
    path = Path(path or paths.OUTLETS)
    return _read_outlets(path, path.stat().st_mtime)


def _iso(y, m, d) -> str:
    """The ISO date, or "" when the numbers name no day of the calendar (16月58日 in a garbled line)."""
    try:
        return date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return ""


def from_source_line(text: str) -> Meta:
    """`《人民日报》（2025年10月20日 第 02 版）` or `来源：人民日报`."""
    paper = _PAPER_IN_BRACKETS.search(text) or _SOURCE_FIELD.search(text)
    date = _FULL_DATE.search(text)
    edition = _EDITION.search(text)
    return Meta(paper["paper"] if paper else "", _iso(date["y"], date["m"], date["d"]) if date else "",
                f"{int(edition['n']):02d}" if edition else "")


def from_running_head(text: str) -> Meta:
    """`人民日报 2025年1月8日 星期三 第 3 版 要闻`: a paper named at its start, a full date, a page."""
    date = _FULL_DATE.search(text)
    edition = _EDITION.search(text) or SECTION_FOLIO.match(text.strip())
    paper = next((o.name for o in outlets() if text.strip().startswith(o.name)), "")
    n = (edition.group("n") or edition.groupdict().get("m")) if edition else None
    return Meta(paper, _iso(date["y"], date["m"], date["d"]) if date else "", f"{int(n):02d}" if n else "")


def from_file_name(name: str) -> Meta:
    """The outlet and the date a file's name gives (renmin_ribao_2025-10-20_p005.pdf)."""
    stem = Path(name).stem.lower()
    words = set(_NAME_SPLIT.split(stem))
    joined = "_".join(_NAME_SPLIT.split(stem))
    paper = ""
    for outlet in outlets():
        if any(a in words or (("_" in a) and f"_{a}_" in f"_{joined}_") for a in outlet.aliases):
            paper = outlet.name
            break
    date = _NAME_DATE.search(stem)
    year = _NAME_YEAR.search(stem)
    return Meta(paper, _iso(date["y"], date["m"], date["d"]) if date else (year["y"] if year else ""))


def from_address(text: str) -> str:
    """The date in a news site's address (/20231206/, /2023-12/06/)."""
    m = _URL_DATE.search(text)
    return _iso(m["y"], m["m"], m["d"]) if m and 1 <= int(m["m"]) <= 12 and 1 <= int(m["d"]) <= 31 else ""


def dated_dateline(credit: str, known: str) -> str:
    """The day of a dateline (10月19日电) in the year of the date the document shows; the year
    before when that day would fall after it (a story is filed before it is printed)."""
    m = _DATELINE_DAY.search(credit)
    if not m or len(known) < 4:
        return ""
    year = int(known[:4])
    if len(known) == 10 and (int(m["m"]), int(m["d"])) > (int(known[5:7]), int(known[8:10])):
        year -= 1
    return _iso(year, m["m"], m["d"])


_SIGNED = re.compile(r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日$")


def signed_date(body: str) -> str:
    """The date an official document is signed with: a full date closing its last paragraph."""
    last = body.rstrip().rsplit("\n", 1)[-1] if body else ""
    m = _SIGNED.search(last.strip())
    return _iso(m["y"], m["m"], m["d"]) if m else ""


def _most_common(values: list[str]) -> str:
    values = [v for v in values if v]
    return Counter(values).most_common(1)[0][0] if values else ""


def annotate(records, file_name: str) -> Meta:
    """Set paper, date and edition_page on every record; return the document's own."""
    furniture = [r for r in records if r.kind == "furniture"]
    sources = [(r, m) for r in furniture if r.role in ("source_line", "web_chrome") and (m := from_source_line(r.body)).paper]
    heads = [(r, from_running_head(r.body)) for r in furniture if r.role in ("running_header", "page_footer", "margin")]
    address = next((d for r in furniture if (d := from_address(r.body))), "")
    page_meta = {r.page: m for r, m in heads if m.date or m.edition_page or m.paper}
    doc = Meta(
        _most_common([m.paper for _, m in sources + heads]),
        _most_common([m.date for _, m in sources + heads]) or address,
    ).filled_from(from_file_name(file_name))
    signed = [d for r in records if r.kind == "article" and (d := signed_date(r.body))]
    doc.date = doc.date or _most_common(signed)
    # a page whose only source line or running head names one page (版次) is that page throughout
    editions = {m.edition_page for _, m in sources + heads if m.edition_page}
    single_edition = editions.pop() if len(editions) == 1 else ""
    for rec in records:
        own = next((m for r, m in sources if rec.line_start <= r.line_start <= rec.line_end), Meta())
        own.date = own.date or signed_date(rec.body)
        meta = own.filled_from(page_meta.get(rec.page, Meta()))
        if not meta.date:
            meta.date = dated_dateline(rec.credit, doc.date)
        meta = meta.filled_from(Meta(doc.paper, doc.date, single_edition))
        rec.paper, rec.date, rec.edition_page = meta.paper, meta.date, meta.edition_page
    pages = {r.edition_page for r in records if r.kind == "article"}
    doc.edition_page = pages.pop() if len(pages) == 1 else ""
    return doc
