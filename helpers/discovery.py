"""New-word discovery over a corpus: strings of Han characters that behave like words but that
jieba cuts into pieces (names of rivers and people, 获得感, 大模型, 兜底性, 山水林田湖草沙).

A candidate is an n-gram of MIN_CHARS..MAX_CHARS Han characters, counted within runs of Han text
(punctuation, digits, Latin letters and spaces end a run, so no candidate crosses them), that

  - recurs: at least MIN_COUNT occurrences, a sentence printed twice counting once;
  - is free at both edges: the branching entropy of the characters before it and of those after it
    is at least MIN_BRANCH_ENTROPY (each sentence boundary counts as a neighbour never seen before);
  - holds together: its cohesion, the smallest pointwise mutual information over the ways of cutting
    it in two (the log of how much more often it occurs than its two parts would meet by chance), is
    at least MIN_COHESION;
  - is fragmented by jieba: in more than MIN_FRAGMENTED of its occurrences, jieba's own dictionary
    (`reference_cut`) has both its edges as token boundaries and strands at least one of its
    characters as a one-character token, none of them a word of grammar (坚持以人民 = 坚持 以 人民 is
    syntax), and the project's tokenizer (lexicon and HMM) does not cut across its edges (海南自 |
    自贸港);
  - neither starts nor ends with a function character (FUNCTION_START, FUNCTION_END: 的发展, 作出新,
    基础上), is no numeral phrase (三个, 二是, 十五);
  - is no phrase of known words: not a sequence of two or more words of the dictionary, the lexicon,
    the tokenizer's output or shorter candidates (新时代中国, 张勇介绍);
  - is not a sub-string of a longer accepted candidate with the same count (山水林田湖 inside
    山水林田湖草沙 is never seen without it).

`discover(texts)` returns them as a DataFrame[word, count, left_entropy, right_entropy, cohesion],
most frequent first. Terms the policy lexicon already has are found too (the check is against
jieba's own dictionary), which makes the list a check on the lexicon as well.

To cut with the discovered words: `segment.cut(text, extra_words=words)`, `segment.cut_all(texts,
extra_words=words)` or `segment.tokenizer(extra_words=words)`; they use a separate jieba.Tokenizer
(and rjieba engine) built for those words, the global jieba and the default tokenizer untouched.
Without extra words, tokens are exactly those of the lexicon alone. The corpus build's switch is
wired in `pipeline.py`.

On the three development documents (../shared/pages/text, 2,585 distinct sentences) this takes
about 8 seconds and finds 73 words; tests/test_discovery.py pins what it finds and rejects and the
word F1 on the hand-segmented development sample with and without the words.

Method: branching entropy and cohesion ("凝固程度") as in Matrix67, 互联网时代的社会语言学：基于SNS的
文本数据挖掘 (2012), after Huang & Powers' accessor variety; the checks against jieba are this project's.
"""
from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from pathlib import Path

import pandas as pd

from .chars import HAN

# Thresholds (each with the reason for its value).
# Shortest and longest candidate: a word of one character is never "new"; seven characters hold
# the longest slogans in practice (山水林田湖草沙) without counting every clause of a sentence.
MIN_CHARS = 2
MAX_CHARS = 7
# Occurrences (a sentence printed twice counted once): twice can be one quotation repeated in an
# article; three uses are the fewest that say a string is a unit of the language of the corpus.
MIN_COUNT = 3
# Branching entropy (nats) on each side: 0.5 is the entropy of a 4:1 split between two neighbours.
# A string followed by the same character four times in five still stands alone (山水林田湖草沙
# before 一体化); one that always has the same neighbour is a fragment of a longer string (近平).
MIN_BRANCH_ENTROPY = 0.5
# Cohesion (nats): the string occurs at least e**3.5 ≈ 33 times as often as its two parts would
# meet by chance, however it is cut; loose combinations of common words (作出新, 的发展) stay below.
MIN_COHESION = 3.5
# Share of occurrences that jieba fragments (see above) that must be exceeded: more than half, so
# that jieba mostly strands the string's characters rather than keeping it whole, joining it to a
# neighbour or leaving a word of grammar inside it.
MIN_FRAGMENTED = 0.5

_HAN_RUN = re.compile(f"[{HAN}]+")
# Characters that a new content word does not start with: particles, conjunctions, prepositions,
# pronouns, modal verbs and adverbs that attach to what follows only in syntax (等领域, 与城市, 在北京,
# 更有, 要始终, 我希望, 最关心, 多孩子), suffixes (性民生), the modifiers 新, 好, 全 and 总 before a
# noun, which the standard cuts (the seed's 新 征程, 全 覆盖), and what follows an Arabic number
# (年远景目标, 届广交会, 号线). Left out on purpose, because policy terms start with them: 和 (和美乡村),
# 再 (再生水), 都 (都市圈), 就 (就业优先), 过 (过紧日子), 对 (对口支援), 地 (地票), 大 (大模型).
FUNCTION_START = set("的了之其与及或而并且但却则即也又还已更最很把被将从向于给让由为在是这那此该各每某个们得所乃等要会能可不我你他她它性化者率新好多全总年月日届号")
# Characters that a new content word does not end with: the same kinds (推进各, 城市的, 作出新),
# locatives and complements that close a phrase (基础上, 领导下, 进程中, 考察时, 提高到, 构建起, 处理好, 日至),
# verbs of saying and seeing and pronouns after a verb (王忠云说, 逻辑看, 告诉我).
# Left out on purpose, because words end with them: 和 (碳中和), 为 (民呼我为), 地 (承包地), 所
# (交易所), 向 (导向), 被 (蚕丝被), 都 (首都), 则 (原则), 就 (成就), 由 (自由), 给 (供给).
FUNCTION_END = set("的了着过之其与及或而并且但却即也又还再已更最很太把将对从于让这那此该各每某个们得等乃是在新上下中前后时里到起至好说看我你他她")
_NUMERAL = "零〇一二两三四五六七八九十百千万亿"
# A numeral with its measure word or ordinal (三个, 二是, 第三, 一仗), or ending in a numeral (十五, 统一).
_NUMERAL_PHRASE = re.compile(rf"^第?[{_NUMERAL}]+[个是年月日次批项名家位条件种类届期点大号]|^[{_NUMERAL}].$|[{_NUMERAL}]$")


# Words of grammar that, standing alone as a token inside a string, show it to be syntax, not a word:
# 坚持以人民 (坚持 以 人民), 发展和安全, 作出了新, 民政工作要始终.
GRAMMATICAL = set("的了着过以为在对把被从向于和与及或是而并也都就将要")


def reference_cut(text: str) -> list[str]:
    """jieba's own dictionary, without the policy lexicon or the HMM: the cut whose fragments are
    looked for. Without the lexicon, so that discovery also finds (and so checks) terms the lexicon
    already has; without the HMM, so that every character the dictionary cannot place stands alone."""
    from .segment import cut

    return cut(text, hmm=False, lexicon=False)


def _runs(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in _HAN_RUN.finditer(text)]


def _tally(counts: dict, key) -> None:
    counts[key] = counts.get(key, 0) + 1  # as Counter does, without its Python-level __missing__ per new key


def _entropy(counter: dict) -> float:
    total = sum(counter.values())
    return -sum(n / total * math.log(n / total) for n in counter.values()) if total else 0.0


def _excluded(word: str) -> bool:
    return word[0] in FUNCTION_START or word[-1] in FUNCTION_END or bool(_NUMERAL_PHRASE.search(word))


def _covered_by_words(word: str, known) -> bool:
    """Whether `word` is a sequence of two or more known words of two characters or more, that is a
    phrase at the tokenizer's granularity (新时代中国 = 新时代 中国, 药品集采 = 药品 集采)."""
    n = len(word)
    ends = {0: 0}  # position -> fewest pieces reaching it
    for i in range(n):
        if i not in ends:
            continue
        for j in range(i + 2, n + 1):
            if known(word[i:j]) and (j not in ends or ends[i] + 1 < ends[j]):
                ends[j] = ends[i] + 1
    return ends.get(n, 0) >= 2


def discover(texts, reference=None, tokens=None, min_count: int = MIN_COUNT,
             min_entropy: float = MIN_BRANCH_ENTROPY, min_cohesion: float = MIN_COHESION) -> pd.DataFrame:
    """New-word candidates of a corpus given as an iterable of texts (sentences, best).

    `reference` is the cut whose fragments are looked for (default `reference_cut`: jieba's own
    dictionary); `tokens` the cut the words are meant for, whose tokens a candidate's edge must not
    cross (default `segment.cut` with the policy lexicon). Returns DataFrame[word, count,
    left_entropy, right_entropy, cohesion], most frequent first, then by cohesion and word.
    """
    from . import segment

    reference = reference or reference_cut
    tokens = tokens or segment.cut
    sentences = list(dict.fromkeys(t for t in texts if t and t.strip()))  # a sentence printed twice counts once
    counts: Counter[str] = Counter()
    total = 0
    for text in sentences:
        for _, run in _runs(text):
            n = len(run)
            total += n
            for k in range(1, min(MAX_CHARS, n) + 1):  # Counter.update counts in C: three times faster
                counts.update([run[i:i + k] for i in range(n - k + 1)])

    def cohesion(word: str) -> float:
        return min(math.log(counts[word] * total / (counts[word[:i]] * counts[word[i:]])) for i in range(1, len(word)))

    pool = {w for w, c in counts.items()
            if len(w) >= MIN_CHARS and c >= min_count and not _excluded(w) and cohesion(w) >= min_cohesion}
    left: dict[str, dict] = defaultdict(dict)  # word -> neighbour -> count
    right: dict[str, dict] = defaultdict(dict)
    fragmented: Counter[str] = Counter()
    produced: set[str] = set()  # words of two characters or more that `tokens` outputs (its HMM's too)
    edges = 0  # each sentence boundary is a neighbour of its own
    for text in sentences:
        runs = _runs(text)
        if not pool or not runs:
            continue
        ref_bounds, single, grammatical = _boundaries(reference(text))
        cut_tokens = tokens(text)
        produced.update(t for t in cut_tokens if len(t) > 1)
        both_bounds = ref_bounds & _boundaries(cut_tokens)[0]
        singles, grammaticals = _running_count(single, len(text)), _running_count(grammatical, len(text))
        for start, run in runs:
            n = len(run)
            # A word's occurrences come in text order whichever length is looked at first, so its
            # neighbour counts are the same; most slices are in no pool, and a comprehension drops them fastest.
            found = [(i, k) for k in range(MIN_CHARS, min(MAX_CHARS, n) + 1) for i in range(n - k + 1)
                     if run[i:i + k] in pool]
            for i, k in found:
                word = run[i:i + k]
                edges += 1
                _tally(left[word], run[i - 1] if i > 0 else edges)
                _tally(right[word], run[i + k] if i + k < n else -edges)
                a, b = start + i, start + i + k
                if a in both_bounds and b in both_bounds and singles[b] > singles[a] and grammaticals[b] == grammaticals[a]:
                    fragmented[word] += 1  # a single-character piece inside, none of them grammatical
    rows = []
    for word in pool:
        c = counts[word]
        le, re_ = _entropy(left[word]), _entropy(right[word])
        if le >= min_entropy and re_ >= min_entropy and fragmented[word] > MIN_FRAGMENTED * c:
            rows.append((word, c, round(le, 4), round(re_, 4), round(cohesion(word), 4)))
    # Shortest first: a candidate made of known words (the dictionary's and lexicon's, words the
    # tokenizer outputs, shorter candidates) is a phrase of them (海南自贸港 = 海南 自贸港).
    vocabulary = segment.tokenizer(True).FREQ
    accepted: set[str] = set()
    phrases_out = []
    for row in sorted(rows, key=lambda r: (len(r[0]), r[0])):
        if _covered_by_words(row[0], lambda w: w in accepted or w in produced or vocabulary.get(w, 0) > 0):
            continue
        accepted.add(row[0])
        phrases_out.append(row)
    # Longest first: a sub-string never seen outside a longer accepted candidate is part of it.
    kept: list[tuple] = []
    by_count: dict[int, list[str]] = defaultdict(list)
    for row in sorted(phrases_out, key=lambda r: -len(r[0])):
        word, c = row[0], row[1]
        if any(word in longer for longer in by_count[c]):
            continue
        kept.append(row)
        by_count[c].append(word)
    df = pd.DataFrame(kept, columns=["word", "count", "left_entropy", "right_entropy", "cohesion"])
    return df.sort_values(["count", "cohesion", "word"], ascending=[False, False, True], kind="stable").reset_index(drop=True)


def _boundaries(tokens) -> tuple[set[int], set[int], set[int]]:
    """Token boundaries, starts of one-character tokens, and starts of those that are GRAMMATICAL."""
    bounds, single, grammatical, pos = {0}, set(), set(), 0
    for token in tokens:
        if len(token) == 1:
            single.add(pos)
            if token in GRAMMATICAL:
                grammatical.add(pos)
        pos += len(token)
        bounds.add(pos)
    return bounds, single, grammatical


def _running_count(positions: set[int], n: int) -> list[int]:
    """counts[p] = how many of `positions` are below p, for p in 0..n: any in [a, b) is counts[b] > counts[a]."""
    counts, seen = [0], 0
    for p in range(n):
        seen += p in positions
        counts.append(seen)
    return counts


def sentences_of_file(path) -> list[str]:
    """The sentences of a pdftotext file: blocks between blank lines (or page breaks), their
    hard-wrapped lines joined, cut at sentence ends."""
    from .cleaning import join_wrapped
    from .sentences import split_sentences

    text = Path(path).read_text(encoding="utf-8").replace("\f", "\n\n")
    out = []
    for block in re.split(r"\n\s*\n", text):
        paragraph = join_wrapped(block.split("\n"))
        out += [paragraph[a:b] for a, b in split_sentences(paragraph)]
    return [s for s in out if s.strip()]


def discovered_words(texts, **kwargs) -> tuple[str, ...]:
    """The words of `discover(texts)`, in its order: what `segment.cut(..., extra_words=...)` takes."""
    return tuple(discover(texts, **kwargs)["word"])
