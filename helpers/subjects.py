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

from bisect import bisect_left, bisect_right
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter

from .chars import CLOSE_QUOTES, OPEN_QUOTES
from .figure_lexicon import FigureLexicon, load
from .figures import CHANGE_ROLES, CLAUSE_MARKS, LIST_JOINERS, clause_start
from .numerals import DIGITS

# jieba tags of words inside a noun phrase: nouns, names, places, verbal nouns, distinguishing
# words (大中小型), abbreviations, idioms, fixed expressions, adjectives (有效), place words (国内).
NOMINAL_TAGS = ("n", "vn", "j", "b", "s", "an", "l", "i", "un", "eng", "a", "nz", "h", "k")
# One-character endings of indicator names that jieba may cut off and tag as verbs (建成 率).
NOMINAL_SUFFIXES = {"率", "量", "额", "值", "度", "数", "类", "圈"}
# Tags that cannot end a subject: adverbs, prepositions, conjunctions, particles, numbers,
# measure words, time and place-direction words, pronouns, punctuation, adjectives used as adverbs.
PREDICATE_TAGS = ("d", "p", "c", "u", "m", "q", "t", "x", "r", "f", "y", "a", "ad")
# Words jieba tags as nouns that belong to the predicate or the time frame, not to the subject.
PREDICATE_WORDS = {"同比", "环比", "年均", "比上年", "上年", "较上年", "去年", "同期", "累计", "总计", "分别", "共",
                   "预计", "平均", "基本", "全年", "今年", "当年", "目前", "已", "均", "年底", "年末", "底",
                   # light verbs that carry a figure's clause but never sit inside an indicator's name
                   "实现", "完成", "开展", "推动", "带动", "引入", "培育", "输送", "落地", "筹集", "有", "是",
                   "进展", "有序"}
# Words that open a noun phrase without belonging to it (全市地区生产总值 → 地区生产总值 is also right,
# but 各类, 其中 never are).
LEADING_WORDS = {"其中", "全年", "今年", "去年", "同时", "此外", "截至", "目前", "我国", "全国", "全市", "全省", "全区",
                 "累计", "共", "共有", "各类", "各种", "这", "该", "在", "从", "自", "由"}
# Thresholds (docs/thresholds.md lists each with the test that pins it).
# A subject longer than this is a clause rather than a phrase; keep its last tokens.
MAX_SUBJECT_CHARS = 14
# Tokens after a count that may still belong to its noun (8100多个农村集体经济组织); quotation marks
# and brackets do not count. The real pages' longest such noun has five (紧密型城市医疗集团).
MAX_NOUN_TOKENS = 5
QUOTES = OPEN_QUOTES + CLOSE_QUOTES
# Brackets inside a name (区县（开发区）治理中心) are kept like quotation marks.
BRACKETS = "（）()"
# Averaging words that belong inside an indicator's name (细颗粒物年均浓度) though they end no subject.
INNER_FRAME_WORDS = {"年均", "日均", "月均", "平均", "人均", "各类", "各种"}
# Kinds whose figure may be followed by the noun it measures (6个案例, 5.8万亩高标准农田); rates,
# money and ratios are followed by other things (增长6.1%的…, 339亿元的项目).
NOT_NOUN_AFTER_KINDS = {"growth_rate", "level", "percentage_point", "basis_point", "ratio", "money"}


def add_subjects(text: str, figures, tagged: list[tuple[str, str]], lexicon: FigureLexicon | None = None) -> None:
    """Set `subject` on each figure of `text`, given the sentence's (token, tag) pairs."""
    words = _words(lexicon or load())
    starts = list(accumulate(map(len, map(_TOKEN, tagged)), initial=0))
    previous = None
    for k, fig in enumerate(figures):
        joined = previous is not None and text[previous.end: fig.start] in LIST_JOINERS
        fig.subject = (_from_list(text, figures, k, tagged, starts, words)
                       or (previous.subject if joined and previous.subject else "")
                       or _noun_after(fig, tagged, starts, words)
                       or _phrase_before(text, fig, tagged, starts, words, previous.end if previous else 0)
                       or (previous.subject if previous else ""))  # 增至40.5万亿元; …，4年平均增长5.5%
        previous = fig


_TOKEN = itemgetter(0)  # of a (token, tag) pair


@lru_cache(maxsize=4)
def _words(lex: FigureLexicon) -> "_Words":
    """The word sets of a lexicon, made once per lexicon rather than once per sentence (a lexicon
    is hashed by identity, and an edited lexicon file gives a new one)."""
    return _Words(lex)


class _Words:
    """What the figure lexicon says about words around a figure, for the rules below."""

    def __init__(self, lex: FigureLexicon):
        self.lex = lex
        self.indicator = set(lex.role("indicator_word"))  # 收入, 就业: nouns jieba tags as verbs
        self.predicate = set(PREDICATE_WORDS) | set(lex.words_of("before", *CHANGE_ROLES))

    def nominal(self, token: str, tag: str) -> bool:
        if token in self.indicator or token in NOMINAL_SUFFIXES:
            return True
        return token not in PREDICATE_WORDS and tag.startswith(NOMINAL_TAGS)

    def predicate_end(self, clause, k: int) -> bool:
        """Is token k, the last of what precedes a figure, part of the predicate (达, 同比增长, 在)?"""
        token, tag = clause[k]
        if token in NOMINAL_SUFFIXES or token in self.indicator:
            return False  # 建成 率; 收入 达
        return token in self.predicate or tag.startswith(PREDICATE_TAGS) or (tag.startswith("v") and tag != "vn")


# `starts` holds each token's offset in the sentence, then the sentence's end; it never decreases,
# so the tokens around a position are found by bisection.

def _tokens_between(tagged, starts, begin: int, end: int) -> list[tuple[str, str]]:
    """The tokens that lie wholly between `begin` and `end`."""
    first = bisect_left(starts, begin, 0, len(tagged))
    after_last = bisect_right(starts, end) - 1  # tokens before this one end by `end`
    return tagged[first:max(first, after_last)]


def _tokens_after(tagged, starts, pos: int) -> list[tuple[str, str]]:
    """The tokens after `pos`; a token the figure ends inside (个应用, 个村) gives its rest."""
    k = bisect_left(starts, pos, 0, len(tagged))  # the first token starting at or after pos
    if k and starts[k] > pos:  # the token before it starts before pos and ends after it
        return [(tagged[k - 1][0][pos - starts[k - 1]:], "rest")] + tagged[k:]
    return tagged[k:]


def _noun_after(fig, tagged, starts, words: _Words) -> str:
    """6个案例 → 案例; 102项重大工程 (a modifier first); 24岁的书记, 62%的公园 (的 between);
    带动50万人致富 → 致富."""
    if fig.kind in NOT_NOUN_AFTER_KINDS:
        return ""
    following = _tokens_after(tagged, starts, fig.end)
    if following and following[0][0] == "的" and fig.kind in ("age", "share"):
        following = following[1:]
    if following and following[0][1] == "rest":  # the rest of a token the figure ends inside
        rest, nxt = following[0][0], following[1] if len(following) > 1 else ("", "x")
        following = ([(rest, "n")] if len(rest) > 1 or words.nominal(*nxt) else []) + following[1:]
    phrase: list[str] = []
    for k, (token, tag) in enumerate(following[:_end_of_content(following, MAX_NOUN_TOKENS)]):
        nxt = following[k + 1] if k + 1 < len(following) else ("", "x")
        # a verb or adjective may open the phrase (援助项目, 重大工程), never continue it (综合站纳入全国)
        modifier = not phrase and tag.startswith(("v", "a")) and words.nominal(*nxt)
        if token in CLAUSE_MARKS or not (words.nominal(token, tag) or modifier or token in QUOTES + BRACKETS):
            break
        if tag.startswith("a") and not modifier:
            break
        phrase.append(token)
    if not phrase and following and following[0][1].startswith("v") and words.lex.counts(fig.unit) == "people":
        phrase = [following[0][0]]  # 带动50万人致富: the people are counted by what they did
        if len(following) > 1 and words.nominal(*following[1]) and following[1][0] not in CLAUSE_MARKS:
            phrase.append(following[1][0])  # 实现 就业
    return _shown(phrase)


def _end_of_content(tokens: list[tuple[str, str]], n: int) -> int:
    """How many of `tokens` hold their first `n` that are not quotation marks or brackets (which a
    noun may carry, “七有”, but which add no word to it)."""
    seen = 0
    for k, (token, _) in enumerate(tokens):
        if token not in QUOTES + BRACKETS:
            seen += 1
            if seen > n:
                return k
    return len(tokens)


def _shown(tokens: list[str]) -> str:
    """The phrase as written, without quotation marks left open at either end, at most
    MAX_SUBJECT_CHARS long."""
    while tokens and len("".join(tokens)) > MAX_SUBJECT_CHARS:
        tokens = tokens[:-1]
    text = "".join(tokens)
    if text[:1] in OPEN_QUOTES and text[-1:] in CLOSE_QUOTES and sum(text.count(q) for q in OPEN_QUOTES) == 1:
        return text[1:-1]  # “关键小事”: one quoted name
    if text[:1] in OPEN_QUOTES and not any(q in text for q in CLOSE_QUOTES):
        text = text[1:]
    if text[-1:] in OPEN_QUOTES:
        text = text[:-1]
    if text[:1] in CLOSE_QUOTES or (text[-1:] in CLOSE_QUOTES and not any(q in text for q in OPEN_QUOTES)):
        text = text.strip(CLOSE_QUOTES)
    return text


def _noun_run(clause: list[tuple[str, str]], words: _Words) -> list[tuple[str, str]]:
    """The nominal words that end the clause, read backwards. Inside the phrase a verb may stand
    between nominal words (研发 投入 强度, 城镇 新增 就业) and a list mark may join two (粮食、蔬菜);
    a verb opening a clause is its predicate (优化 公交线路 → 公交线路)."""
    run: list[tuple[str, str]] = []
    k = len(clause) - 1
    while k >= 0:
        token, tag = clause[k]
        before = clause[k - 1] if k > 0 else None
        inner_verb = bool(run) and tag.startswith("v") and token not in words.predicate \
            and before is not None and words.nominal(*before)
        inner_joiner = token in LIST_JOINERS and bool(run) and before is not None and words.nominal(*before)
        inner_frame = bool(run) and token in INNER_FRAME_WORDS  # 年均 浓度
        suffix_head = len(run) == 1 and run[0][0] in NOMINAL_SUFFIXES  # 建成 率
        # 村 集体: a bound morpheme jieba left alone before a noun
        morpheme = bool(run) and tag == "zg" and len(token) == 1 and run[0][1].startswith("n")
        # 三 大 科学城: the numeral of 三大, 四大 (the major ones), which segmentation keeps apart
        counted = bool(run) and run[0][0] == "大" and len(token) == 1 and token in DIGITS
        if words.nominal(token, tag) or inner_verb or inner_joiner or inner_frame or suffix_head or morpheme \
                or counted or (token in QUOTES and run):
            run.insert(0, clause[k])
            k -= 1
        else:
            break
    at_clause_start = k < 0 or clause[k][0] in LIST_JOINERS or clause[k][1] == "x"
    while run and (run[0][0] in LEADING_WORDS or run[0][0] in CLOSE_QUOTES or run[0][0] in LIST_JOINERS):
        run = run[1:]  # an open quotation mark stays: _shown keeps “农文旅”项目 whole
    if len(run) > 1 and run[0][1].startswith("ns"):
        run = run[1:]  # 重庆农村公路总里程: the place frames the indicator
    if at_clause_start and len(run) > 1 and run[0][1].startswith("v") and run[0][0] not in words.indicator \
            and any(tag.startswith("n") for _, tag in run[1:]):
        run = run[1:]  # 优化 公交线路
    while run and len("".join(t for t, _ in run)) > MAX_SUBJECT_CHARS:
        run = run[1:]
    return run


def _phrase_before(text: str, fig, tagged, starts, words: _Words, floor: int = 0) -> str:
    """The noun phrase before the figure in its clause, after any figure before it (523人、培育本土工匠95名)."""
    clause = _tokens_between(tagged, starts, max(floor, clause_start(text, fig.start)), fig.start)
    if clause and len(clause[-1][0]) == 2 and clause[-1][0][0] in NOMINAL_SUFFIXES and clause[-1][0][1] in words.predicate:
        clause[-1] = (clause[-1][0][0], "n")  # jieba's 额达 in 交易额达61.5亿元: the suffix, then the verb
    if fig.kind == "duration" and clause and clause[-1][1] == "v" and clause[-1][0] not in words.predicate:
        clause[-1] = (clause[-1][0], "vn")  # 合作社成立2年来: a duration measures the event before it
    stripped = []
    while clause and words.predicate_end(clause, len(clause) - 1):
        stripped.insert(0, clause.pop()[0])  # 同比 增长, 预计 达到, 接连 跨越, 保持 在
    phrase = [token for token, _ in _noun_run(clause, words)]
    if len(phrase) == 1 and phrase[0] in INNER_FRAME_WORDS and stripped:
        phrase.append(stripped[0])  # 人均 增收: an average names nothing without its verb
    return _shown(phrase)


def _from_list(text: str, figures, k: int, tagged, starts, words: _Words) -> str:
    """A和B分别增长X和Y: the k-th figure of the 分别 list measures the k-th noun phrase."""
    first = k
    while first > 0 and text[figures[first - 1].end: figures[first].start] in LIST_JOINERS:
        first -= 1
    head = figures[first]
    if "分别" not in text[clause_start(text, head.start): head.start]:
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
    item = items[k - first]  # a listed item is a whole noun phrase (死亡 人数): keep it whole
    while item and (item[0][0] in LEADING_WORDS or item[0][1].startswith(("t", "m", "p", "c", "d", "r"))):
        item = item[1:]
    return _shown([token for token, _ in item])
