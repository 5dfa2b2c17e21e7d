"""The subject of a figure: the indicator or thing it quantifies, as written in its sentence.

Found from the sentence's structure, given its tokens and their part-of-speech tags (the
segmenter's output, passed in; this module does not segment). In order:

1. `分别` lists: `A和B分别下降4.8%和1.8%` gives A to the first figure and B to the second;
2. a figure joined to the one before by 、/和 shares its subject (`跨越110万亿元、120万亿元`);
3. a count, an age or a share followed by its noun measures that noun: `6个案例` → 案例,
   `24岁的村党支部书记`, `62%的公园`; a count of people followed by a verb measures what they
   did (`带动50万人致富` → 致富);
4. otherwise the noun phrase that ends right before the predicate of the figure's clause
   (`社会消费品零售总额同比增长6.1%` → 社会消费品零售总额, `覆盖率预计达到80.3%` → 覆盖率):
   predicate words are dropped from the end, then nominal words are read backwards.

The rules and the annotation that scores them are in annotations/figures_gold.md.
"""
from __future__ import annotations

from itertools import accumulate

from .chars import CLOSE_QUOTES, OPEN_QUOTES
from .figure_lexicon import FigureLexicon, load
from .figures import CHANGE_ROLES, CLAUSE_MARKS, LIST_JOINERS, clause_start

# jieba tags of words inside a noun phrase: nouns, names, places, verbal nouns, distinguishing
# words (大中小型), abbreviations, idioms, fixed expressions, adjectives (有效), place words (国内).
NOMINAL_TAGS = ("n", "vn", "j", "b", "s", "an", "l", "i", "un", "eng", "a", "nz", "h", "k")
# One-character endings of indicator names that jieba may cut off and tag as verbs (建成 率).
NOMINAL_SUFFIXES = {"率", "量", "额", "值", "度", "数"}
# Tags that cannot end a subject: adverbs, prepositions, conjunctions, particles, numbers,
# measure words, time and place-direction words, pronouns, punctuation, adjectives used as adverbs.
PREDICATE_TAGS = ("d", "p", "c", "u", "m", "q", "t", "x", "r", "f", "y", "a", "ad")
# Words jieba tags as nouns that belong to the predicate or the time frame, not to the subject.
PREDICATE_WORDS = {"同比", "环比", "年均", "比上年", "上年", "较上年", "去年", "同期", "累计", "总计", "分别", "共",
                   "预计", "平均", "基本", "全年", "今年", "当年", "目前", "已", "均", "年底", "年末", "底"}
# Verbs that belong to the name of an indicator (城镇新增就业).
INDICATOR_VERBS = {"新增"}
# Words that open a noun phrase without belonging to it (全市地区生产总值 → 地区生产总值 is also right,
# but 各类, 其中 never are).
LEADING_WORDS = {"其中", "全年", "今年", "去年", "同时", "此外", "截至", "目前", "我国", "全国", "全市", "全省", "全区",
                 "累计", "共", "共有", "各类", "各种", "这", "该", "在", "从", "自", "由"}
# A subject longer than this is a clause rather than a phrase; keep its last tokens.
MAX_SUBJECT_CHARS = 14
# Tokens after a count that still belong to its noun (6个村级案例).
MAX_NOUN_TOKENS = 3
QUOTES = OPEN_QUOTES + CLOSE_QUOTES
# Kinds whose figure may be followed by the noun it measures (6个案例, 5.8万亩高标准农田); rates,
# money and ratios are followed by other things (增长6.1%的…, 339亿元的项目).
NOT_NOUN_AFTER_KINDS = {"growth_rate", "level", "percentage_point", "basis_point", "ratio", "money"}


def add_subjects(text: str, figures, tagged: list[tuple[str, str]], lexicon: FigureLexicon | None = None) -> None:
    """Set `subject` on each figure of `text`, given the sentence's (token, tag) pairs."""
    lex = lexicon or load()
    starts = list(accumulate((len(tok) for tok, _ in tagged), initial=0))
    previous = None
    for k, fig in enumerate(figures):
        joined = previous is not None and text[previous.end: fig.start] in LIST_JOINERS
        fig.subject = (_from_list(text, figures, k, tagged, starts, lex)
                       or (previous.subject if joined and previous.subject else "")
                       or _noun_after(text, fig, tagged, starts, lex)
                       or _phrase_before(text, fig, tagged, starts, lex))
        previous = fig


def _is_nominal(token: str, tag: str) -> bool:
    return token not in PREDICATE_WORDS and (tag.startswith(NOMINAL_TAGS) or token in INDICATOR_VERBS
                                             or token in NOMINAL_SUFFIXES)


def _tokens_between(tagged, starts, begin: int, end: int) -> list[tuple[str, str]]:
    return [tagged[k] for k in range(len(tagged)) if starts[k] >= begin and starts[k + 1] <= end]


def _tokens_after(tagged, starts, pos: int) -> list[tuple[str, str]]:
    """The tokens after `pos`; a token the figure ends inside (个应用, 亩梁平柚) gives its rest."""
    out = []
    for k in range(len(tagged)):
        if starts[k] >= pos:
            out.append(tagged[k])
        elif starts[k + 1] > pos and starts[k + 1] - pos >= 2:
            out.append((tagged[k][0][pos - starts[k]:], "n"))
    return out


def _noun_after(text: str, fig, tagged, starts, lex: FigureLexicon) -> str:
    """6个案例 → 案例; 24岁的书记, 62%的公园 (的 between); 带动50万人致富 → 致富."""
    if fig.kind in NOT_NOUN_AFTER_KINDS:
        return ""
    following = _tokens_after(tagged, starts, fig.end)
    if following and following[0][0] == "的" and fig.kind in ("age", "share"):
        following = following[1:]
    words = []
    for k, (token, tag) in enumerate(following[:MAX_NOUN_TOKENS]):
        modifies = tag.startswith("v") and k + 1 < len(following) and _is_nominal(*following[k + 1])
        if token in CLAUSE_MARKS or not (_is_nominal(token, tag) or modifies) or tag.startswith("a"):
            break
        words.append(token)
    if not words and following and following[0][1].startswith("v") and lex.counts(fig.unit) == "people":
        words = [following[0][0]]  # 带动50万人致富: the people are counted by what they did
        if len(following) > 1 and _is_nominal(*following[1]) and following[1][0] not in CLAUSE_MARKS:
            words.append(following[1][0])  # 实现 就业
    return "".join(words).strip(QUOTES)


def _trim_predicate(clause: list[tuple[str, str]], lex: FigureLexicon) -> list[tuple[str, str]]:
    """Drop what stands between the subject and the figure: 同比 增长, 预计 达到, 接连 跨越, 保持 在."""
    predicate = lex.words_of("before", *CHANGE_ROLES)

    def is_predicate(k: int) -> bool:
        token, tag = clause[k]
        if token in NOMINAL_SUFFIXES or (k > 0 and clause[k - 1][0] in INDICATOR_VERBS):
            return False  # 建成 率; 新增 就业
        return token in PREDICATE_WORDS or token in predicate or tag.startswith(PREDICATE_TAGS) or (tag.startswith("v") and not tag.startswith("vn"))

    while clause and is_predicate(len(clause) - 1):
        clause = clause[:-1]
    return clause


def _noun_run(clause: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The nominal words that end the clause, read backwards; a leading verb is the predicate of
    a verb-object phrase (优化公交线路 → 公交线路), not part of the name."""
    run: list[tuple[str, str]] = []
    for k in range(len(clause) - 1, -1, -1):
        token, tag = clause[k]
        last = not run
        inner_joiner = token in LIST_JOINERS and run and k > 0 and _is_nominal(*clause[k - 1])
        verb_in_name = tag.startswith("v") and k > 0 and (
            (last and clause[k - 1][0] in INDICATOR_VERBS)  # 新增 就业
            or (not last and clause[k - 1][1].startswith(("n", "vn", "j")) and clause[k - 1][0] not in PREDICATE_WORDS))
        suffix_head = bool(run) and run[0][0] in NOMINAL_SUFFIXES and len(run) == 1  # 建成 率
        if _is_nominal(token, tag) or verb_in_name or suffix_head or inner_joiner or (token in QUOTES and run):
            run.insert(0, clause[k])
        else:
            break
    while run and (run[0][0] in LEADING_WORDS or run[0][0] in QUOTES or run[0][0] in LIST_JOINERS):
        run = run[1:]
    if len(run) > 1 and run[0][1].startswith("ns"):
        run = run[1:]  # 重庆农村公路总里程: the place frames the indicator
    if len(run) > 1 and run[0][1].startswith("v") and run[0][0] not in INDICATOR_VERBS \
            and any(tag.startswith("n") for _, tag in run[1:]):
        run = run[1:]
    while run and len("".join(t for t, _ in run)) > MAX_SUBJECT_CHARS:
        run = run[1:]
    return run


def _phrase_before(text: str, fig, tagged, starts, lex: FigureLexicon) -> str:
    clause = _trim_predicate(_tokens_between(tagged, starts, clause_start(text, fig.start), fig.start), lex)
    return "".join(token for token, _ in _noun_run(clause)).strip(QUOTES)


def _from_list(text: str, figures, k: int, tagged, starts, lex: FigureLexicon) -> str:
    """A和B分别增长X和Y: the k-th figure of the 分别 list measures the k-th noun phrase."""
    first = k
    while first > 0 and text[figures[first - 1].end: figures[first].start] in LIST_JOINERS:
        first -= 1
    head = figures[first]
    before = text[clause_start(text, head.start): head.start]
    if "分别" not in before:
        return ""
    clause = _tokens_between(tagged, starts, clause_start(text, head.start), head.start)
    cut = max(i for i, (token, _) in enumerate(clause) if token == "分别") if any(t == "分别" for t, _ in clause) else 0
    items, current = [], []
    for token, tag in clause[:cut]:
        if token in LIST_JOINERS:
            items.append(current)
            current = []
        else:
            current.append((token, tag))
    items.append(current)
    n_listed = 1
    while first + n_listed < len(figures) and \
            text[figures[first + n_listed - 1].end: figures[first + n_listed].start] in LIST_JOINERS:
        n_listed += 1
    if len(items) != n_listed:
        return ""
    return "".join(token for token, _ in _noun_run(items[k - first])).strip(QUOTES)
