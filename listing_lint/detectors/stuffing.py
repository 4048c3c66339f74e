"""Piled-up keywords in a title (关键词堆砌): many names of one product concept, one keyword repeated, a pile of hot
words, or a run of other brands' names.

A product keyword is a title word (a jieba token) and its head is the word's last character, a 子 suffix dropped:
溜冰鞋 旱冰鞋 单鞋 鞋子 all end in 鞋, 雨伞 折叠伞 in 伞, 狗粮 犬粮 in 粮. Heads are not a finite list: whatever head
a title repeats is counted. ``dictionaries/keyword_heads.tsv`` only says which heads are counted together (箱/盒/筐
are containers, 衫/恤 one concept) and how a head of several characters is written (枕头 → 枕);
``keyword_nonheads.tsv`` lists the characters that end attribute words (白色 新款 家用 男士), a closed class;
``keyword_synonyms.tsv`` lists synonyms that share no head (口红 唇膏 唇釉).

Titles name their product two or three ways as a matter of course (保温杯 不锈钢保温杯 水杯); the thresholds decide
when it becomes stuffing. A character count runs first (a head mentioned five times occurs five times), so most titles
never pay for jieba.

Brand names come from ``dictionaries/brands.tsv``; a run of them is compatibility information, not stuffing,
when a cue says so (适用 苹果/华为/小米, 华为小米手机壳): the cues are context rules of ``brand_contexts.tsv``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Callable, Iterable, Mapping, NamedTuple, Sequence

import regex

from ..normalize import Text, normalize
from . import alternation
from .terms import TermMatcher
from .wording import AFTER_WINDOW, ContextRule, ContextualTerms


class Keyword(NamedTuple):
    word: str  # normalized keyword, head written canonically (男鞋子 → 男鞋)
    concept: str  # the head concept (鞋)
    synset: str | None  # the product it is a synonym of (溜冰鞋 → 轮滑鞋), if the synonym table knows it
    start: int  # offsets in text.value
    end: int


class Head(NamedTuple):
    concept: str
    canonical: str
    length: int  # characters of the word the head takes (鞋子: 2)


# Platform titles are short (抖店: at most 30 汉字 / 60 字符; TikTok Shop: 255 characters). A longer "title" is
# read only this far: jieba's HMM takes seconds on 50,000 unknown characters.
TOKENIZED_CHARS = 256

# A head after a number is a unit (4盘, 两包, 整箱), not a product keyword.
_NUMERALS = frozenset("0123456789一二三四五六七八九十百千万两半整每几多")

# What may stand between two occurrences of a keyword written back to back (保温杯 保温杯, 保温杯,保温杯); a slash or
# a plus lists alternatives or bundle parts (主机 / 主机+刷头), not a repetition. Normalized text: ， and ； are , and ;.
_SEPARATOR = r"[\s,、;]"
_SEPARATORS_ONLY = regex.compile(_SEPARATOR + "*")

_WORD_CHARS = regex.compile(r"[\p{L}\p{N}]")

# A cheap test for a word written twice back to back (保温杯 保温杯), before any tokenizing.
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,6})" + _SEPARATOR + r"{0,3}\1")  # re: backreferences are faster there


def has_doubled_word(value: str) -> bool:
    return _DOUBLED.search(value) is not None


class Echo(NamedTuple):
    """One word written ``times`` times back to back (包邮包邮包邮); offsets in text.value."""

    word: str
    start: int
    end: int
    times: int


def echoes(value: str, times: int) -> list[Echo]:
    """Words of two to six Han characters written at least ``times`` times back to back. Whatever the word (包邮
    as much as 保温杯), three times in a row is a repetition: not one of 4,987 Taobao titles has one. One
    character doubled (哈哈, 宝宝) is reduplication, not a word written twice."""
    pattern = _echo_pattern(times)
    found = []
    for match in pattern.finditer(value):
        word = match.group(1)
        if len(set(word)) == 1:
            continue
        times_found, position, end = 0, match.start(), match.start()
        while value.startswith(word, position):
            times_found += 1
            end = position + len(word)
            position = _SEPARATORS_ONLY.match(value, end).end()
        found.append(Echo(word, match.start(), end, times_found))
    return found


_ECHO_PATTERNS: dict[int, "re.Pattern"] = {}


def _echo_pattern(times: int) -> "re.Pattern":
    pattern = _ECHO_PATTERNS.get(times)
    if pattern is None:
        pattern = re.compile((r"([\u4e00-\u9fff]{2,6}?)(?:" + _SEPARATOR + r"{0,3}\1){%d,}") % max(1, times - 1))
        _ECHO_PATTERNS[times] = pattern
    return pattern


_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")
_RUNS: dict[int, "re.Pattern"] = {}


def _runs(length: int) -> "re.Pattern":
    """A Han character repeated ``length`` times in a row."""
    pattern = _RUNS.get(length)
    if pattern is None:
        pattern = _RUNS[length] = re.compile(r"([\u4e00-\u9fff])\1{%d}" % max(0, length - 1))
    return pattern


def _in_dictionary(word: str) -> bool:
    """Whether jieba's dictionary knows ``word``; a word its HMM made up of unknown characters (粮狗) is not known."""
    from ..tokenize import in_dictionary

    return in_dictionary(word)


def _is_han(word: str) -> bool:
    return bool(word) and all("\u4e00" <= c <= "\u9fff" for c in word)


def _is_number(word: str) -> bool:
    return bool(word) and all(c in _NUMERALS or c == "." for c in word)


class ProductKeywords:
    """Finds the product keywords of a title and groups them by concept."""

    def __init__(self, heads: Iterable[Mapping[str, str]], synonyms: Iterable[Mapping[str, str]],
                 nonheads: Iterable[Mapping[str, str]] = (), nouns: TermMatcher | None = None):
        """``nouns``: a matcher of the product nouns (the category lexicon's): a word written twice back to back is
        stuffing only when it names a product (保温杯保温杯), not when it is a brand written as pharmacies do (奇信 奇信
        甲钴胺). Its words are taken as it normalized them (thousands of words: not normalized twice)."""
        self.heads: dict[str, Head] = {}
        for row in heads:
            head = normalize(row["head"]).value
            canonical = normalize(row.get("canonical") or head).value
            self.heads[head] = Head(row.get("concept") or canonical, canonical, len(head))
        self.synonyms = {normalize(row["word"]).value: (row["concept"], row["synset"]) for row in synonyms}
        self.nonheads = frozenset(normalize(row["char"]).value for row in nonheads) | {"子"}
        self._head_lengths = sorted({len(h) for h in self.heads}, reverse=True)
        self.nouns = frozenset(nouns.words if nouns is not None else ()) | frozenset(self.synonyms)
        self._char_concept = {head: found.concept for head, found in self.heads.items()
                              if len(head) == 1 and len(found.concept) == 1}
        # For the prefilter, a title's characters are folded: heads counted together become one character
        # (服 → 衣, 盒 → 箱) and characters that head nothing (白色 的 色, 4盘 的 4) are dropped.
        self._fold = str.maketrans({**self._char_concept, **{c: None for c in self.nonheads | _NUMERALS}})
        self._synonym = re.compile(alternation(self.synonyms))  # re: faster than regex here

    # -- cheap bounds, before any tokenizing ---------------------------------------------------------

    def repeated_heads(self, value: str, at_least: int) -> set[str]:
        """The concepts whose head characters occur ``at_least`` times in ``value``: a head mentioned k times
        occurs k times, so only these can reach a threshold of ``at_least`` mentions. (Sorting the folded
        characters and finding runs is done in C: a few times faster than counting them in a dict.)"""
        han = _NOT_HAN.sub("", value)
        if len(han) - len(set(han)) < at_least - 1:
            return set()  # too few repeated characters for any to occur that often
        return set(_runs(at_least).findall("".join(sorted(han.translate(self._fold)))))

    def synonym_bound(self, value: str) -> int:
        """The most different synonyms of one product in ``value``, from a regex count."""
        per_synset: dict[str, set[str]] = defaultdict(set)
        for match in self._synonym.finditer(value):
            word = match.group()
            per_synset[self.synonyms[word][1]].add(word)
        return max((len(words) for words in per_synset.values()), default=0)

    # -- keywords -------------------------------------------------------------------------------------

    def head(self, word: str) -> Head | None:
        """The head ``word`` ends in: a listed one (the longest), else its last character (子 dropped) unless that
        character ends attribute words (keyword_nonheads.tsv) or is not Han."""
        for length in self._head_lengths:
            if len(word) >= length:
                found = self.heads.get(word[-length:])
                if found:
                    return found
        if len(word) >= 2 and word[-1] == "子":
            char, length = word[-2], 2
        else:
            char, length = word[-1:], 1
        if not ("\u4e00" <= char <= "\u9fff") or char in self.nonheads or char in _NUMERALS:
            return None
        return Head(self._char_concept.get(char, char), char, length)

    def names_product(self, word: str) -> bool:
        """True when ``word`` ends in a product noun (不锈钢保温杯 ends in 保温杯)."""
        return any(word[i:] in self.nouns for i in range(len(word) - 1))

    def doubled_heads(self, value: str) -> set[str]:
        """The concepts of the product words written twice back to back in ``value`` (保温杯保温杯 → 杯)."""
        found = set()
        for match in _DOUBLED.finditer(value):
            head = self.head(match.group(1))
            if head is not None and self.names_product(match.group(1)):
                found.add(head.concept)
        return found

    def keywords(self, text: Text, concepts: Iterable[str]) -> list[Keyword]:
        """The product keywords of ``text`` in order (needs jieba tokens; of the first ``TOKENIZED_CHARS`` only):
        the synonyms, and the words whose head is one of ``concepts`` (those the title repeats: see
        :meth:`repeated_heads`). Each concept is read on its own: other words are no keywords of it, though they may
        be a bare head's modifier (家居|鞋 → 家居鞋, 炒菜|铲 → 炒菜铲); a title repeats modifiers too (手推车 推货车
        推车: 推 is no product), and a modifier read as a product would swallow the keyword before it."""
        if len(text.value) <= TOKENIZED_CHARS:
            tokens = text.tokens
        else:
            from ..tokenize import tokenize

            tokens = tokenize(text.value[:TOKENIZED_CHARS])
        concepts = set(concepts)
        found = {(k.start, k.end): k for k in self._synonyms_in(tokens) if k.concept not in concepts}
        for concept in sorted(concepts):
            found.update(((k.start, k.end), k) for k in self._keywords_of(concept, tokens, text.value))
        return sorted(found.values(), key=lambda k: (k.start, k.end))

    def _synonyms_in(self, tokens) -> list[Keyword]:
        return [Keyword(t.word, *self.synonyms[t.word], t.start, t.end) for t in tokens if t.word in self.synonyms]

    def _keywords_of(self, concept: str, tokens, value: str) -> list[Keyword]:
        """The keywords of one concept (and its synonyms), in order.

        jieba cuts unspaced piles of keywords badly (狗粮狗饲料犬粮幼犬粮 → 狗|粮狗|饲料|犬|粮|幼犬|粮成): a word it
        made up (not in its dictionary) that starts with the concept's head right after a Han word is read as that
        word's head glued to the start of the next compound (狗|粮狗 → 狗粮 + 狗…)."""
        found: list[Keyword] = []
        wanted = frozenset((concept,))
        for index, token in enumerate(tokens):
            word, token_start = token.word, token.start
            previous = tokens[index - 1] if index else None
            adjacent = found[-1] if found and found[-1].end == token_start else None
            if word in self.synonyms:
                if self.synonyms[word][0] != concept:
                    continue
                found.append(Keyword(word, concept, self.synonyms[word][1], token_start, token.end))
                continue
            head = self.head(word)
            if head is None or head.concept != concept:
                glue = self._glued_head(word, previous, token_start, wanted)
                if glue is not None and adjacent is None:
                    found.append(Keyword(value[previous.start:token_start] + glue.canonical, concept, None,
                                         previous.start, token_start + 1))
                continue  # the rest of a glued word begins the next compound (粮|狗 …)
            start = token_start
            if len(word) == head.length:
                # A bare head takes the word before it: 懒人 + 鞋, 炒菜 + 铲, 足球 + 机 (but 茶杯 + 杯子 are two
                # keywords); after a number it is a unit (4盘).
                if previous is not None and previous.end == token_start and adjacent is None:
                    if _is_number(previous.word):
                        continue
                    if _is_han(previous.word):
                        start = previous.start
            elif len(word) == head.length + 1 and word[0] in _NUMERALS:
                continue  # 整箱, 一包, 两盘: units
            word = value[start:token.end - head.length] + head.canonical
            found.append(Keyword(word, concept, self.synonyms.get(word, (None, None))[1], start, token.end))
        return found

    def _glued_head(self, word: str, previous, start: int, wanted: frozenset[str]) -> Head | None:
        """The head of a wanted concept that jieba's HMM glued to the start of ``word`` (粮狗, 线快), or None. A
        dictionary word that starts with the head (酒柜, 鞋垫) is a word of its own."""
        if len(word) < 2 or previous is None or previous.end != start or not _is_han(previous.word) \
                or _is_number(previous.word) or _in_dictionary(word):
            return None
        head = self.head(word[0])
        return head if head is not None and head.concept in wanted else None


class Stack(NamedTuple):
    """Keywords piled up in a title: ``kept`` is the one to keep, ``redundant`` the others."""

    kind: str  # concept (one head named many times) | synonyms (one product's synonyms) | repeat (one keyword)
    name: str  # the concept, synset or keyword
    kept: Keyword
    redundant: list[Keyword]
    distinct: int  # distinct keywords in the stack


def stacks(keywords: Sequence[Keyword], value: str, *, min_mentions: int, min_distinct: int, min_synonyms: int,
           min_repeats: int, prefer: str = "", product: Callable[[str], bool] = lambda word: True) -> list[Stack]:
    """The stuffing among the ``keywords`` of ``value``: one concept named ``min_mentions`` times by at least
    ``min_distinct`` different keywords, ``min_synonyms`` synonyms of one product, or one keyword ``min_repeats``
    times or, when it names a ``product``, twice back to back (保温杯 保温杯). Each keyword is reported in one stack
    at most, the widest. The kept keyword is the first that occurs in ``prefer`` (the category path), else the
    first."""
    found: list[Stack] = []
    covered: set[int] = set()

    def add(kind: str, name: str, group: list[Keyword]) -> None:
        distinct = len({k.word for k in group})
        kept = next((k for k in group if k.word in prefer), group[0])
        if kind == "repeat":
            redundant = [k for k in group if k is not group[0]]
            kept = group[0]
        else:
            redundant = [k for k in group if k is not kept]
        found.append(Stack(kind, name, kept, redundant, distinct))
        covered.update(k.start for k in group)

    def grouped(key) -> dict[str, list[Keyword]]:
        groups: dict[str, list[Keyword]] = defaultdict(list)
        for keyword in keywords:
            name = key(keyword)
            if name is not None and keyword.start not in covered:
                groups[name].append(keyword)
        return groups

    for concept, group in grouped(lambda k: k.concept).items():
        if len(group) >= min_mentions and len({k.word for k in group}) >= min_distinct:
            add("concept", concept, group)
    for synset, group in grouped(lambda k: k.synset).items():
        if len({k.word for k in group}) >= min_synonyms:
            add("synonyms", synset, group)
    for word, group in grouped(lambda k: k.word).items():
        back_to_back = any(_SEPARATORS_ONLY.fullmatch(value, a.end, b.start) for a, b in zip(group, group[1:])) \
            and product(word)
        if len(group) >= min_repeats or back_to_back:
            add("repeat", word, group)
    found.sort(key=lambda stack: stack.kept.start)
    return found


class HotWords:
    """Hot words (爆款 热卖 新款 网红 …, ``dictionaries/hot_words.tsv``): words that praise and name nothing."""

    def __init__(self, words: Iterable[str]):
        self.words = sorted({normalize(w).value for w in words if w}, key=len, reverse=True)
        self._pattern = re.compile(alternation(self.words))

    def find(self, value: str) -> list[tuple[str, int, int]]:
        """(word, start, end) of each hot word in ``value``, leftmost-longest."""
        return [(m.group(), m.start(), m.end()) for m in self._pattern.finditer(value)]


class BrandMention(NamedTuple):
    brand: str  # canonical name
    ambiguous: bool  # also an ordinary word (苹果, 小米)
    start: int  # original offsets
    end: int
    view_start: int  # offsets in the matcher's view
    view_end: int
    term: int  # row of the brand table


class BrandRun(NamedTuple):
    mentions: list[BrandMention]
    rule: "ContextRule | None"  # the context rule that applies to the whole run (适用 …, … 同款)
    cue_end: int | None  # original offset where the rule's `after` cue ends (… 同款), if it has one


def brand_runs(matcher: ContextualTerms, text: Text, brands: Sequence[Mapping[str, str]],
               *, max_gap: int = 1, min_length: int = 1) -> list[BrandRun]:
    """Runs of at least ``min_length`` brand mentions with at most ``max_gap`` letters or digits between them
    (和, x; spaces and punctuation do not count). The matcher's context rules are
    asked about the whole run: what stands before its first brand and after its last (适用 苹果华为小米 /
    苹果华为小米 手机壳 / 耐克阿迪 同款)."""
    runs: list[list[BrandMention]] = []
    view = text.skeleton if matcher.on_skeleton else text
    for hit in matcher.finditer(text):
        row = brands[hit.term]
        mention = BrandMention(row["brand"], row.get("ambiguous") == "yes", hit.start, hit.end,
                               hit.view_start, hit.view_end, hit.term)
        if runs and len(_WORD_CHARS.findall(view.value, runs[-1][-1].view_end, hit.view_start)) <= max_gap:
            runs[-1].append(mention)
        else:
            runs.append([mention])
    result = []
    for run in runs:
        if len(run) < min_length:
            continue
        start, end = run[0].view_start, run[-1].view_end
        rule = matcher.rule_for(view.value, start, end, run[0].term)
        cue_end = None
        if rule is not None and rule.after is not None:
            cue = rule.after.match(view.value, end, end + AFTER_WINDOW)
            if cue is not None and cue.end() > end:
                cue_end = view.span(end, cue.end())[1]
        result.append(BrandRun(run, rule, cue_end))
    return result
