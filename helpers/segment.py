"""Word segmentation with a project-owned jieba.Tokenizer and the policy-term lexicon.

jieba's global tokenizer is never touched: each configuration gets its own Tokenizer whose
prefix-dictionary cache lives in the project cache, not /tmp. Part of speech comes from the
dictionary tag of each token (user lexicon first). Tokens are those of `lcut`, then regrouped by
the number rules of `regroup_numbers` (2+26 and 5万 one token; 余, 多 and the measure word after a
number, and a numeral that jieba's HMM glued to the next character, apart), as the hand-segmented
samples (annotations/segmentation_gold*.txt) write them.

Engines: `jieba` is the reference. `rjieba` (jieba-rs, the same dictionary and algorithm in Rust)
is used for precise-mode cutting when installed, because tests/test_segment.py shows its tokens
identical to jieba's on the corpus and fixtures; set HELPERS_SEGMENTER=jieba to use jieba alone.

Extra words (those helpers.discovery finds in a corpus) are given with `extra_words=` to `tokenizer`,
`cut`, `cut_all`, `token_spans` and `evaluate_modes`: they get a Tokenizer and an rjieba engine of
their own, so that without them every token is what it was.
"""
from __future__ import annotations

import logging
import os
import re
from collections import Counter
from functools import lru_cache
from operator import itemgetter

import jieba
import pandas as pd

from . import paths, schema
from .lexicon import policy_terms, stopwords

jieba.setLogLevel(logging.WARNING)  # keep "Building prefix dict…" out of notebook outputs

MODES = ("precise", "search")
PUNCT = re.compile(r"^[\W_]+$")
# A number: Arabic digits, and what regroup_numbers makes one token (5万, 4.7万亿, 2+26, 23·7, 1+N).
NUMBER = re.compile(r"^[0-9.,%]+(?:[+·・](?:[0-9.,%]+|[A-Z]))*(?:万亿|万|亿)?$")
# Ordinals and bare numerals (第二批, 三个, 2024年) carry no topic.
NUMERAL_WORD = re.compile(r"^第?[0-9零〇一二两三四五六七八九十百千万亿.]+[个批届次年月日号名项条位]?$")
LATIN = re.compile(r"^[A-Za-z][A-Za-z0-9.\-]*$")
TOKEN_COLUMNS = schema.columns("tokens")


def _lexicon_stamp(lexicon: bool):
    """Changes when the policy-term file does, so that a kernel that keeps running (JupyterLab)
    picks up an edited lexicon at its next cut instead of keeping the old one until a restart."""
    if not lexicon:
        return None
    try:
        st = paths.USER_DICT.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def tokenizer(lexicon: bool = True, extra_words=()) -> jieba.Tokenizer:
    """A Tokenizer over jieba's bundled dictionary, plus the policy terms when `lexicon`, plus
    `extra_words` (words found by helpers.discovery, say) when given.

    With extra words it is a separate Tokenizer, built once per (lexicon, words) and cached; the
    global jieba and the Tokenizer without extra words are never changed. Each extra word gets the
    frequency jieba's `suggest_freq` gives it over the tokenizer without it: just high enough to stay
    whole on its own, as a lexicon term without a frequency does; a word already known keeps its own."""
    extra = extra_key(extra_words)
    if extra:
        return _tokenizer_with(lexicon, _lexicon_stamp(lexicon), extra)
    return _tokenizer(lexicon, _lexicon_stamp(lexicon))


def extra_key(words) -> tuple[str, ...]:
    """The extra words as a cache key: stripped, without empties or duplicates, sorted (their order
    never matters)."""
    if not words:
        return ()
    if isinstance(words, str):
        raise TypeError("extra_words is a list of words, not one string")
    return tuple(sorted({w.strip() for w in words if w and w.strip()}))


@lru_cache(maxsize=8)
def _extra_freqs(lexicon: bool, stamp, extra: tuple[str, ...]) -> tuple[tuple[str, int], ...]:
    base = _tokenizer(lexicon, stamp)
    return tuple((word, base.suggest_freq(word, tune=False)) for word in extra)


@lru_cache(maxsize=4)
def _tokenizer_with(lexicon: bool, stamp, extra: tuple[str, ...]) -> jieba.Tokenizer:
    tk = _new_tokenizer(lexicon)
    for word, freq in _extra_freqs(lexicon, stamp, extra):
        tk.add_word(word, freq)
    return tk


@lru_cache(maxsize=2)
def _tokenizer(lexicon: bool, stamp) -> jieba.Tokenizer:
    return _new_tokenizer(lexicon)


def _new_tokenizer(lexicon: bool) -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    cache = paths.CACHE / "jieba"
    cache.mkdir(parents=True, exist_ok=True)
    tk.tmp_dir = str(cache)
    tk.cache_file = "jieba.default.cache"
    tk.initialize()
    if lexicon:
        for term in policy_terms():
            tk.add_word(term.word, term.freq, term.tag)
    return tk


ENGINES = ("jieba", "rjieba")
# jieba-rs keeps Latin words joined by - _ . # + & together (COVID-19, a_b); jieba splits them.
# Sentences with such a join go to jieba, so both engines give the same tokens everywhere.
# Written as a joining character and then what stands either side of it: a pattern that opens with
# a character class is searched for that class first, which is much quicker than trying each
# alternative at every character (A-Za-z0-9 then - _ # + &, or the reverse; a letter then ., or
# the reverse).
_ENGINES_DIFFER = re.compile(r"[-_#+&.](?:(?<=[A-Za-z0-9][-_#+&])|(?<=[-_#+&])(?=[A-Za-z0-9])"
                             r"|(?<=[A-Za-z]\.)|(?<=\.)(?=[A-Za-z]))")


def default_engine() -> str:
    wanted = os.environ.get("HELPERS_SEGMENTER", "rjieba")
    if wanted not in ENGINES:
        raise ValueError(f"HELPERS_SEGMENTER={wanted!r}: use one of {', '.join(ENGINES)}")
    if wanted == "rjieba":
        try:
            import rjieba  # noqa: F401
        except ImportError:
            return "jieba"
    return wanted


def _rjieba(lexicon: bool = True, extra: tuple[str, ...] = ()):
    if extra:
        return _rjieba_with(lexicon, _lexicon_stamp(lexicon), extra)
    return _rjieba_for(lexicon, _lexicon_stamp(lexicon))


@lru_cache(maxsize=4)
def _rjieba_with(lexicon: bool, stamp, extra: tuple[str, ...]):
    engine = _rjieba_for.__wrapped__(lexicon, stamp)  # a fresh engine, not the cached one
    for word, freq in _extra_freqs(lexicon, stamp, extra):
        engine.add_word(word, freq, None)
    return engine


@lru_cache(maxsize=2)
def _rjieba_for(lexicon: bool, stamp):
    import rjieba

    engine = rjieba.Jieba()
    if lexicon:
        for term in policy_terms():
            engine.add_word(term.word, term.freq, term.tag)
    return engine


def _tag_table(lexicon: bool = True) -> dict[str, str]:
    """word -> part-of-speech tag, read from jieba's dictionary file (the third column)."""
    return _tag_table_for(lexicon, _lexicon_stamp(lexicon))


@lru_cache(maxsize=2)
def _tag_table_for(lexicon: bool, stamp) -> dict[str, str]:
    table = {}
    with jieba.get_module_res(jieba.DEFAULT_DICT_NAME) as fh:
        for raw in fh:
            parts = raw.decode("utf-8").split()
            if len(parts) == 3:
                table[parts[0]] = parts[2]
    if lexicon:
        table.update({t.word: t.tag or "nz" for t in policy_terms()})
    return table


def cut(text: str, mode: str = "precise", hmm: bool = True, lexicon: bool = True,
        engine: str | None = None, extra_words=()) -> list[str]:
    """Tokens of `text`; `mode` is "precise" (jieba's default) or "search" (also sub-words). Both are
    jieba's, with numbers regrouped as `regroup_numbers` says.

    `extra_words`: words to add to the dictionary for this cut (see `tokenizer`); without them the
    tokens are exactly those of the lexicon alone."""
    extra = extra_key(extra_words)
    if mode not in MODES:
        raise ValueError(f"unknown segmentation mode {mode!r}; use one of {MODES}")
    if (engine or default_engine()) == "rjieba" and not _ENGINES_DIFFER.search(text):
        words = _rjieba(lexicon, extra).cut(text, hmm)
    else:
        words = tokenizer(lexicon, extra).lcut(text, HMM=hmm)
    words = regroup_numbers(words, _known(lexicon, extra))
    if mode == "search":
        return [w for w, _, _ in _search_words(words, tokenizer(lexicon, extra).FREQ)]
    return words


def _search_words(words: list[str], freq) -> list[tuple[str, int, int]]:
    """jieba's search mode over the given precise-mode words: each word, preceded by the two- and
    three-character words of the dictionary inside it (as jieba.Tokenizer.cut_for_search and
    tokenize(mode="search") do), with character offsets."""
    out, start = [], 0
    for w in words:
        width = len(w)
        for n in (2, 3):
            if width > n:
                out += [(w[i:i + n], start + i, start + i + n) for i in range(width - n + 1) if freq.get(w[i:i + n])]
        out.append((w, start, start + width))
        start += width
    return out


def cut_all(texts, lexicon: bool = True, extra_words=()):
    """cut(text) of each text in precise mode, HMM on, with the engine chosen once for them all;
    `extra_words` as for `cut` (the switch for words found by helpers.discovery)."""
    extra = extra_key(extra_words)
    if default_engine() != "rjieba":
        return (cut(text, lexicon=lexicon, engine="jieba", extra_words=extra) for text in texts)
    fast = _rjieba(lexicon, extra)  # jieba's own Tokenizer is loaded only if a text needs it
    known = _known(lexicon, extra)
    return (regroup_numbers(tokenizer(lexicon, extra).lcut(text) if _ENGINES_DIFFER.search(text) else fast.cut(text, True), known)
            for text in texts)


# Number rules: how the hand-segmented samples write numbers (their header: "a number keeps its multiplier
# but not its measure word or 余/多"; "a coded name is one token"; "Chinese numeral + classifier: one word
# where jieba's dictionary lists it, else apart"), which jieba's dictionary and HMM do not know. They apply
# to every text, and only to the tokens next to a number.
_ARABIC = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")
_MULTIPLIER = re.compile(r"^(?:万亿|万|亿)")
# 万元, 亿元, 万亿元, 亿美元 are jieba's currency-unit words and stay whole after a number (339 亿元, 4.7 万亿元,
# the sample's 61.5 亿元): the one exception the samples make to "not its measure word".
_CURRENCY = frozenset({"元", "美元", "欧元", "日元", "港元", "英镑"})
_CODE_JOINS = frozenset({"+", "·", "・"})
_CODE_PART = re.compile(r"^(?:[0-9]+(?:\.[0-9]+)?|[A-Z])$")
_CN_DIGITS = "一二两三四五六七八九十"
_NUMBER_START = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")  # of a word rules 1-3 may start at
_RULE_START = _NUMBER_START | frozenset(_CN_DIGITS)
_OPEN_QUOTES = frozenset("“‘「『\"'")
_CLOSE_QUOTES = frozenset("”’」』\"'")
_CN_NUMERAL = "零〇一二两三四五六七八九十百千万亿"


def regroup_numbers(words: list[str], known=lambda word: True) -> list[str]:
    """The precise-mode words with the number rules of the segmentation standard applied; `known(word)`
    says whether jieba's dictionary (with the lexicon and any extra words) lists a word. In order:

      1. A coded name, numbers joined by + or a middle dot, is one token: 2 + 26 -> 2+26, 23 · 7 -> 23·7,
         1 + N -> 1+N (jieba cuts at the sign). A capital letter counts as a part when a number does too.
      2. An Arabic number keeps its multiplier and leaves its measure word: 5.8 万亩 -> 5.8万 亩, 5 万 -> 5万,
         20 万平方米 -> 20万 平方米 (jieba's dictionary joins 万 to the measure word); the currency-unit
         words stay whole (339 亿元, 4.7 万亿元).
      3. 余 and 多 after an Arabic number stand apart from the measure word: 2800 余个 -> 2800 余 个,
         50 多家 -> 50 多 家, 5万 余名 -> 5万 余 名 (not before a multiplier: 10 多万 人 is left as it is).
      4. A Chinese numeral and one character that jieba's HMM joined into a word the dictionary does not
         list are two words (三地 -> 三 地, 三大 -> 三 大, 七是 -> 七 是, 一书 -> 一 书); those the
         dictionary lists stay whole (两地, 三条, 一辆, 第三次). Left whole, because the standard makes
         named slogans one word and cutting them finer is never right: a numeral abbreviation that is all
         there is between quotation marks (“七有”, “两山”, “三医”), and one next to another word that
         starts with a numeral (三城 一区, 三山 五园, 一链 一策: the halves of a paired numeral slogan).
    """
    # One look at the first character of each word finds the few words any rule concerns.
    firsts = _first_chars(words)
    if not _RULE_START_AT.search(firsts):
        return words
    if _NUMBER_START_AT.search(firsts):  # rules 1-3
        words = _regroup_arabic(list(words), firsts)
        firsts = _first_chars(words)
    # 4. numerals that the HMM joined to the next character
    split = [k for k in (m.start() for m in _CN_DIGIT_AT.finditer(firsts))
             if len(words[k]) == 2 and words[k][1] not in _CN_NUMERAL and not known(words[k])
             and not _numeral_slogan(words, k)]
    if not split:
        return words
    out = list(words)
    for k in reversed(split):
        out[k:k + 1] = [words[k][0], words[k][1]]
    return out


def _first_chars(words: list[str]) -> str:
    """The first character of each word, one per word, so that a regex over it finds word indices
    (a Python loop over every word cost more than the rules themselves)."""
    try:
        return "".join(map(_FIRST, words))
    except IndexError:  # an empty word: a placeholder that no rule starts at keeps the indices
        return "".join(w[:1] or "\0" for w in words)


_FIRST = itemgetter(0)
_RULE_START_AT = re.compile("[" + re.escape("".join(sorted(_RULE_START))) + "]")
_NUMBER_START_AT = re.compile("[" + re.escape("".join(sorted(_NUMBER_START))) + "]")
_CN_DIGIT_AT = re.compile(f"[{_CN_DIGITS}]")


def _numeral_slogan(words: list[str], k: int) -> bool:
    """Whether words[k] is all there is between quotation marks, or has a neighbour that starts with a
    numeral (rule 4 of regroup_numbers leaves these whole)."""
    before = words[k - 1] if k else ""
    after = words[k + 1] if k + 1 < len(words) else ""
    return (before in _OPEN_QUOTES and after in _CLOSE_QUOTES) or any(x[:1] and x[0] in _CN_DIGITS for x in (before, after))


def _regroup_arabic(words: list[str], firsts: str) -> list[str]:
    """Rules 1-3 of regroup_numbers; `firsts` holds the first character of each word as given.
    Only the word after a number is ever changed (in place), so the words between numbers are
    copied whole and `firsts` stays true for every word after the current one."""
    out: list[str] = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        if w[:1] not in _NUMBER_START:
            next_number = _NUMBER_START_AT.search(firsts, i + 1)
            j = next_number.start() if next_number else n
            out.append(w)
            out += words[i + 1:j]
            i = j
            continue
        # 1. coded names
        if _CODE_PART.match(w) and i + 2 < n and words[i + 1] in _CODE_JOINS and _CODE_PART.match(words[i + 2]):
            j = i
            while j + 2 < n and words[j + 1] in _CODE_JOINS and _CODE_PART.match(words[j + 2]):
                j += 2
            if any(_ARABIC.match(p) for p in words[i:j + 1:2]):
                out.append("".join(words[i:j + 1]))
                i = j + 1
                continue
        out.append(w)
        i += 1
        if i >= n or not _ARABIC.match(w):
            continue
        # 2. the multiplier goes with the number, the measure word after it stands alone
        nxt = words[i]
        m = _MULTIPLIER.match(nxt)
        if m and nxt[m.end():] not in _CURRENCY:
            out[-1] = w + m.group()
            rest = nxt[m.end():]
            if rest:
                words[i] = nxt = rest
            else:
                i += 1
                if i >= n:
                    continue
                nxt = words[i]
        # 3. 余 / 多 apart from the measure word
        if len(nxt) > 1 and nxt[0] in "余多" and nxt[1] not in _CN_NUMERAL:
            out.append(nxt[0])
            words[i] = nxt[1:]
    return out


def _known(lexicon: bool, extra: tuple[str, ...] = ()):
    """Whether jieba's dictionary, the lexicon (when on) or the extra words list a word; the
    dictionary is read only when a word needs the check."""
    extra_set, table = frozenset(extra), None

    def known(word: str) -> bool:
        nonlocal table
        if word in extra_set:
            return True
        if table is None:
            table = _tag_table(lexicon)
        return word in table

    return known


def pos_of(token: str, lexicon: bool = True) -> str:
    """jieba's dictionary tag; `m` numbers, `eng` Latin, `x` punctuation, `un` words found by the HMM."""
    return _pos(token, _tag_table(lexicon))


def pos_tagger(lexicon: bool = True):
    """pos_of with the tag table looked up once: for tagging many tokens (a page's sentences), where
    checking the lexicon file for edits at every token would cost more than the tagging."""
    table = _tag_table(lexicon)
    return lambda token: _pos(token, table)


def _pos(token: str, table: dict[str, str]) -> str:
    tag = table.get(token)
    if tag:
        return tag
    if PUNCT.match(token) or not token.strip():
        return "x"
    if NUMBER.match(token):
        return "m"
    if LATIN.match(token):
        return "eng"
    return "un"


def is_punct(token: str) -> bool:
    return bool(PUNCT.match(token)) or not token.strip()


def is_content(token: str) -> bool:
    """A token worth counting: not punctuation, number, single character or stopword."""
    return (
        len(token) > 1
        and not is_punct(token)
        and not NUMBER.match(token)
        and not NUMERAL_WORD.match(token)
        and token not in stopwords()
    )


def _as_tuple(token: str, tag: str, stopword: bool) -> tuple[str, str, bool]:
    return token, tag, stopword


_TOKEN_INFO: dict[tuple, dict[str, object]] = {}


def sentence_tokens(sentences, lexicon: bool = True, all_tokens: dict | None = None, describe=_as_tuple,
                    extra_words=()):
    """(article_id, sentence_id, [describe(token, tag, is_stopword), ...]) per sentence given as a
    DataFrame or a dict of lists; punctuation and spaces are dropped.

    `describe` must be a module-level function: what it returns is kept per distinct token.
    `all_tokens`, if given, receives every sentence's full token list (punctuation included);
    `extra_words` are added to the dictionary as for `cut` (build --discover)."""
    stop = stopwords()
    # token -> its description, or None for punctuation: tokens repeat a lot, across documents too.
    # Keyed by the stopword set and tag table in use, so an edited lexicon never meets stale entries.
    extra = extra_key(extra_words)
    seen = _TOKEN_INFO.setdefault((lexicon, id(stop), id(_tag_table(lexicon)), describe, extra), {})
    tag_of = pos_tagger(lexicon)  # the tag table looked up once, not per new token
    texts = sentences["text"]
    for art, sid, tokens in zip(sentences["article_id"], sentences["sentence_id"], cut_all(texts, lexicon, extra)):
        if all_tokens is not None:
            all_tokens[sid] = tokens
        for token in tokens:
            if token not in seen:
                seen[token] = None if is_punct(token) else describe(token, tag_of(token), token in stop)
        yield art, sid, [d for d in map(seen.__getitem__, tokens) if d is not None]


def token_columns(sentences, lexicon: bool = True, all_tokens: dict | None = None) -> dict[str, list]:
    """Columns of the token table (see sentence_tokens for the arguments)."""
    columns: dict[str, list] = {c: [] for c in TOKEN_COLUMNS}
    for art, sid, kept in sentence_tokens(sentences, lexicon, all_tokens):
        n = len(kept)
        columns["article_id"].extend([art] * n)
        columns["sentence_id"].extend([sid] * n)
        columns["position"].extend(range(n))
        for name, values in zip(("token", "pos", "is_stopword"), zip(*kept)):
            columns[name].extend(values)
    return columns


def token_table(sentences, lexicon: bool = True) -> pd.DataFrame:
    """One row per token of every sentence (precise mode, HMM on), punctuation and spaces dropped.

    A token is identified by (sentence_id, position).
    """
    return pd.DataFrame(token_columns(sentences, lexicon), columns=TOKEN_COLUMNS)


def article_tokens(sentences: pd.DataFrame, mode: str = "precise", hmm: bool = True,
                   lexicon: bool = True) -> list[tuple[str, list[str]]]:
    """(article_id, tokens) per article in corpus order; stopwords kept, punctuation dropped."""
    out: dict[str, list[str]] = {}
    for art, text in zip(sentences["article_id"], sentences["text"]):
        out.setdefault(art, []).extend(t for t in cut(text, mode, hmm, lexicon) if not is_punct(t))
    return list(out.items())


def new_word_candidates(texts: list[str], min_count: int = 2) -> pd.DataFrame:
    """Words the lexicon may lack: multi-character HMM words unknown to the dictionary, and
    frequent adjacent pairs of content words."""
    tk = tokenizer(True)
    known = tk.FREQ
    hmm_words: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for text in texts:
        tokens = cut(text)
        hmm_words.update(t for t in tokens if len(t) > 1 and not known.get(t) and not is_punct(t) and not NUMBER.match(t))
        for a, b in zip(tokens, tokens[1:]):
            if is_content(a) and is_content(b) and not known.get(a + b):
                pairs[a + b] += 1
    rows = [(w, n, "hmm_unknown") for w, n in hmm_words.items() if n >= 1]
    rows += [(w, n, "frequent_pair") for w, n in pairs.items() if n >= min_count]
    df = pd.DataFrame(rows, columns=["candidate", "count", "evidence"])
    return df.sort_values(["count", "candidate"], ascending=[False, True], kind="stable").reset_index(drop=True)


def spans(tokens: list[str]) -> set[tuple[int, int]]:
    """Character spans of the non-punctuation tokens of one segmentation."""
    out, pos = set(), 0
    for token in tokens:
        if not is_punct(token):
            out.add((pos, pos + len(token)))
        pos += len(token)
    return out


def read_gold(path) -> list[tuple[str, list[str]]]:
    """(sentence id, tokens) from a hand-segmented file: `id<TAB>tok tok …`, `#` comments."""
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        sid, _, tokens = line.rstrip("\n").partition("\t")
        rows.append((sid, tokens.split(" ")))
    return rows


def token_spans(text: str, mode: str = "precise", hmm: bool = True, lexicon: bool = True,
                extra_words=()) -> set[tuple[int, int]]:
    """Spans of the tokens jieba outputs; in search mode these overlap (sub-words and words)."""
    words = cut(text, "precise", hmm, lexicon, extra_words=extra_words)
    if mode == "search":
        return {(a, b) for w, a, b in _search_words(words, tokenizer(lexicon, extra_words).FREQ) if not is_punct(w)}
    return spans(words)


def score(gold: list[set], predicted: list[set]) -> dict[str, float]:
    """Word-level precision, recall and F1 over token spans (punctuation left out)."""
    tp = n_gold = n_pred = 0
    for gs, ps in zip(gold, predicted):
        tp += len(gs & ps)
        n_gold += len(gs)
        n_pred += len(ps)
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def evaluate_modes(gold: list[tuple[str, list[str]]], extra_words=()) -> pd.DataFrame:
    """Scores of every mode, HMM setting and lexicon setting against a hand-segmented sample;
    with `extra_words` (see `tokenizer`) added to the dictionary in every setting when given."""
    texts = ["".join(tokens) for _, tokens in gold]
    gold_spans = [spans(tokens) for _, tokens in gold]
    extra = extra_key(extra_words)
    rows = []
    for lexicon in (False, True):
        for mode in MODES:
            for hmm in (True, False):
                predicted = [token_spans(t, mode, hmm, lexicon, extra) for t in texts]
                rows.append({"mode": mode, "hmm": hmm, "lexicon": lexicon, **score(gold_spans, predicted)})
    return pd.DataFrame(rows)
