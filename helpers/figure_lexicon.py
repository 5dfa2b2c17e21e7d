"""What the figure extractor knows about Chinese statistics, read from three files in lexicon/.

- `units.csv`: units and measure words, their kind, display form, scale and currency;
- `figure_words.csv`: qualifiers (超过, 以上), change verbs (增长, 降至), share words (占比),
  vague markers (数, 几) and look-alikes that are none of these (最近, 成为);
- `not_figures.csv`: plan names, anniversaries, denominators, clock times, idioms and slogans.

Each file's header says how to edit it. Everything is validated here, so a bad row is reported
with its file and line before a build starts rather than misread later.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cached_property, lru_cache
from itertools import groupby
from operator import itemgetter
from pathlib import Path

from . import paths
from .lexicon import LexiconError, read_rows
from .numerals import CN_NUMERAL_CHARS

UNITS = "units.csv"
WORDS = "figure_words.csv"
NOT_FIGURES = "not_figures.csv"
FILES = (UNITS, WORDS, NOT_FIGURES)

UNIT_KINDS = {"count", "money", "percent", "percentage_point", "basis_point", "ratio", "duration", "age", "area",
              "length", "weight", "volume", "energy", "power", "concentration", "data", "frequency", "other",
              "subunit"}
COUNTS = {"", "people", "households"}
QUALIFIERS = {"more_than", "at_least", "about", "nearly", "at_most"}
DIRECTIONS = {"up", "down", "flat"}
# role -> the values its `value` column may take ("" = must be empty)
ROLES = {"before": QUALIFIERS | {""}, "after": QUALIFIERS, "change": DIRECTIONS, "change_to": DIRECTIONS | {""},
         "change_than": DIRECTIONS, "share": {""}, "vague": {""}, "not_before": {""}, "not_tenths": {""},
         "not_change": {""}, "indicator_word": {""},
         "compare": DIRECTIONS}
# `{n}` in a not-figure pattern: any number as written (2024, 3.5, 三, 十四, 万).
NUMBER_SLOT = rf"(?:\d[\d.,]*[万亿千百]*|[{CN_NUMERAL_CHARS}]+)"


@dataclass(frozen=True)
class Unit:
    unit: str
    kind: str
    display: str
    scale: Decimal
    currency: str
    counts: str = ""  # people or households, for counts of them


@dataclass(frozen=True, eq=False)  # eq=False keeps it hashable by identity, for words_of
class FigureLexicon:
    units: dict[str, Unit]  # written after the number
    prefixes: dict[str, Unit]  # currency symbols written before it (¥, $)
    subunits: dict[str, Unit]  # 角, 分, 毛 after 元; their display is the unit they belong to
    words: dict[str, dict[str, str]] = field(default_factory=dict)  # role -> word -> value
    not_figures: re.Pattern | None = None

    def role(self, name: str) -> dict[str, str]:
        return self.words.get(name, {})

    @cached_property
    def _counts(self) -> dict[str, str]:
        return {u.display: u.counts for u in self.units.values() if u.counts}

    def counts(self, display: str) -> str:
        """What a count in this unit counts (people, households) or ""."""
        return self._counts.get(display, "")

    @lru_cache(maxsize=None)
    def words_of(self, *roles: str) -> dict[str, str]:
        """The words of several roles in one table (change, change_to …), made once."""
        return {word: value for role in roles for word, value in self.role(role).items()}


def _unit(path: Path, no: int, row: dict[str, str]) -> tuple[str, Unit]:
    if not row["unit"]:
        raise LexiconError(path, no, "empty unit")
    if row["kind"] not in UNIT_KINDS:
        raise LexiconError(path, no, f"unknown kind {row['kind']!r}; use one of {', '.join(sorted(UNIT_KINDS))}")
    if row["position"] not in ("", "after", "before"):
        raise LexiconError(path, no, f"position must be after or before, got {row['position']!r}")
    try:
        scale = Decimal(row["scale"] or "1")
    except InvalidOperation:
        raise LexiconError(path, no, f"scale must be a number, got {row['scale']!r}") from None
    if row["counts"] not in COUNTS:
        raise LexiconError(path, no, f"counts must be one of {', '.join(sorted(COUNTS - {''}))} or empty")
    if row["kind"] == "money" and not re.fullmatch(r"[A-Z]{3}", row["currency"]):
        raise LexiconError(path, no, f"money needs a three-letter ISO currency code, got {row['currency']!r}")
    return row["position"] or "after", Unit(row["unit"], row["kind"], row["display"] or row["unit"], scale,
                                            row["currency"], row["counts"])


def _read_units(path: Path) -> tuple[dict, dict, dict]:
    after, before, sub = {}, {}, {}
    for no, row in read_rows(path, ["unit", "kind", "display", "scale", "currency", "position", "counts"]):
        position, unit = _unit(path, no, row)
        table = sub if unit.kind == "subunit" else before if position == "before" else after
        if unit.unit in table:
            raise LexiconError(path, no, f"{unit.unit!r} is listed twice")
        table[unit.unit] = unit
    return after, before, sub


def _read_words(path: Path) -> dict[str, dict[str, str]]:
    words: dict[str, dict[str, str]] = {role: {} for role in ROLES}
    for no, row in read_rows(path, ["word", "role", "value"]):
        role, value = row["role"], row["value"]
        if role not in ROLES:
            raise LexiconError(path, no, f"unknown role {role!r}; use one of {', '.join(ROLES)}")
        if value not in ROLES[role]:
            allowed = ", ".join(sorted(v or "(empty)" for v in ROLES[role]))
            raise LexiconError(path, no, f"{role} takes one of {allowed}, got {value!r}")
        if not row["word"]:
            raise LexiconError(path, no, "empty word")
        words[role][row["word"]] = value
    return words


def _read_not_figures(path: Path) -> re.Pattern:
    pieces = []  # (the character the pattern begins with, or "" for a number; its shared head; its regex)
    for no, row in read_rows(path, ["pattern", "reason"]):
        pattern = row["pattern"]
        if not pattern or pattern == "{n}":
            raise LexiconError(path, no, "a pattern needs words besides {n}")
        if not row["reason"]:
            raise LexiconError(path, no, "say why it is not a figure (plan, anniversary, idiom …)")
        first = "" if pattern.startswith("{n}") or _NUMBER_CHAR.match(pattern) else pattern[0]
        parts = pattern.split("{n}")
        pieces.append((first, _shared_head(parts), NUMBER_SLOT.join(map(re.escape, parts))))
    # longest first, so 三年行动计划 is taken whole rather than as 三年行动
    return _grouped_alternation(sorted(pieces, key=lambda piece: len(piece[2]), reverse=True))


_NUMBER_CHAR = re.compile(rf"[\d{CN_NUMERAL_CHARS}]")  # what {n} can begin with
_NUMBER_GOES_ON = re.compile(rf"[\d.,{CN_NUMERAL_CHARS}]")  # what {n} can hold after its first character


def _shared_head(parts: list[str]) -> str | None:
    """The regex of the words before the first {n} and that number, which patterns beginning the
    same way may share (see _factored); None when the pattern has no {n}, or what follows the number
    could be read as more of it (then the number's end is not fixed by the text)."""
    if len(parts) < 2 or not parts[1] or _NUMBER_GOES_ON.match(parts[1]):
        return None
    return re.escape(parts[0]) + NUMBER_SLOT


def _grouped_alternation(pieces: list[tuple[str, str | None, str]]) -> re.Pattern:
    """The regexes of `pieces` as one, finding what their plain alternation finds, faster.

    The plain alternation tries a hundred patterns at every character of a sentence. Here they
    are grouped by the character they begin with (每, 上 …; "" for a digit or numeral, which {n}
    and idioms such as 千家万户 begin with), and a lookahead first checks that the character can
    begin one at all. Patterns that can match at the same position are in the same group, in
    their original order, so the first of them that matches still wins."""
    groups: dict[str, list[tuple[str | None, str]]] = {}
    for first, head, regex in pieces:
        groups.setdefault(first, []).append((head, regex))
    if not groups:
        return re.compile("")
    starts = "".join(rf"\d{CN_NUMERAL_CHARS}" if first == "" else re.escape(first) for first in groups)
    alternation = "|".join(f"(?:{'|'.join(_factored(group))})" for group in groups.values())
    return re.compile(f"(?=[{starts}])(?:{alternation})")


def _factored(group: list[tuple[str | None, str]]) -> list[str]:
    """The regexes of a group, neighbours with the same head ({n}年行动计划, {n}年规划 …) as one:
    the number is read once rather than once per pattern, at each digit of a sentence.

    The same patterns match: what follows a shared head cannot continue its number, so the number
    ends where it can read no further, the only place any of them can go on from; there they are
    tried in their original order. The number is read as an atomic group, as no other end of it
    could be followed by them."""
    out = []
    for head, run in groupby(group, key=itemgetter(0)):
        regexes = [regex for _, regex in run]
        if head is None or len(regexes) == 1:
            out += regexes
        else:
            out.append(f"(?>{head})(?:{'|'.join(regex[len(head):] for regex in regexes)})")
    return out


@lru_cache(maxsize=4)
def _load(folder: Path, stamps: tuple) -> FigureLexicon:
    after, before, sub = _read_units(folder / UNITS)
    return FigureLexicon(after, before, sub, _read_words(folder / WORDS), _read_not_figures(folder / NOT_FIGURES))


def load(folder: Path | None = None) -> FigureLexicon:
    """The figure lexicon of `folder` (default lexicon/), read again whenever a file changes."""
    folder = Path(folder or paths.LEXICON)
    stamps = tuple((name, (folder / name).stat().st_mtime_ns, (folder / name).stat().st_size) for name in FILES)
    return _load(folder, stamps)
