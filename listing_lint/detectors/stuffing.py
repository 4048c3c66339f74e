"""Piled-up keywords in a title (关键词堆砌): many names of one product concept, one keyword repeated, or a run of
other brands' names.

A product keyword is a jieba token ending in a head noun of ``dictionaries/keyword_heads.tsv`` (溜冰鞋, 旱冰鞋
and 单鞋 all end in 鞋) or a word of ``dictionaries/keyword_synonyms.tsv`` (直排轮滑 → 鞋, 唇膏 → 口红). Titles
name their product two or three ways as a matter of course (保温杯 不锈钢保温杯 水杯); the thresholds decide when
it becomes stuffing. A cheap regex count of head nouns runs first, so most titles never pay for jieba.

Brand names come from ``dictionaries/brands.tsv``; a run of them is compatibility information, not stuffing,
when a cue says so (适用 苹果/华为/小米, 华为小米手机壳): the cues are context rules of ``brand_contexts.tsv``.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Iterable, Mapping, NamedTuple, Sequence

import regex

from ..normalize import Text, normalize
from .wording import AFTER_WINDOW, ContextRule, ContextualTerms


class Keyword(NamedTuple):
    word: str  # normalized keyword, head written canonically (男鞋子 → 男鞋)
    concept: str  # the head concept (鞋)
    synset: str | None  # the product it is a synonym of (溜冰鞋 → 轮滑鞋), if the synonym table knows it
    start: int  # offsets in text.value
    end: int


# Platform titles are short (抖店: at most 30 汉字 / 60 字符; TikTok Shop: 255 characters). A longer "title" is
# tokenized only this far: jieba's HMM takes seconds on 50,000 unknown characters.
TOKENIZED_CHARS = 256

# The concept of a part or accessory head (锁, 保护罩): the product word right before it is a modifier.
PART = "-"
# A head after a number is a unit (4盘, 两包, 整箱), not a product keyword.
_NUMERALS = frozenset("0123456789一二三四五六七八九十百千万两半整每几多")


# What may stand between two occurrences of a keyword written back to back.
_NOISE_ONLY = regex.compile(r"[^\p{L}\p{N}]*")


_WORD_CHARS = regex.compile(r"[\p{L}\p{N}]")

# A cheap test for a word written twice back to back (保温杯 保温杯), before any tokenizing.
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,6})[\W_]{0,3}\1")  # re: backreferences are faster there


def has_doubled_word(value: str) -> bool:
    return _DOUBLED.search(value) is not None


def _is_han(word: str) -> bool:
    return bool(word) and all("\u4e00" <= c <= "\u9fff" for c in word)


def _is_number(word: str) -> bool:
    return bool(word) and all(c in _NUMERALS or c == "." for c in word)


class ProductKeywords:
    """Finds the product keywords of a title and groups them by concept."""

    def __init__(self, heads: Iterable[Mapping[str, str]], synonyms: Iterable[Mapping[str, str]]):
        self.heads = {normalize(row["head"]).value: (row["concept"], normalize(row.get("canonical") or row["head"]).value)
                      for row in heads}
        self.synonyms = {normalize(row["word"]).value: (row["concept"], row["synset"]) for row in synonyms}
        self._head_lengths = sorted({len(h) for h in self.heads}, reverse=True)
        # The prefilter counts mentions per concept: synonyms whole, heads wherever they appear.
        self._counted = {**{head: (concept,) for head, (concept, _) in self.heads.items() if concept != PART},
                         **{word: (concept, "=" + synset) for word, (concept, synset) in self.synonyms.items()}}
        words = sorted(self._counted, key=len, reverse=True)
        self._mention = re.compile("|".join(re.escape(w) for w in words))  # re: faster than regex here

    def mentions(self, value: str) -> tuple[int, int, int]:
        """Upper bounds, from a regex count: the keywords of the most mentioned concept, the synonyms of the
        most mentioned synset, and how often the most repeated keyword occurs (a keyword written k times
        ends in the same two characters k times)."""
        counts: Counter = Counter()
        endings: Counter = Counter()
        for match in self._mention.finditer(value):
            counts.update(self._counted[match.group()])
            end = match.end()
            endings[value[max(0, end - 2):end]] += 1
        concepts = [n for key, n in counts.items() if not key.startswith("=")]
        synsets = [n for key, n in counts.items() if key.startswith("=")]
        return max(concepts, default=0), max(synsets, default=0), max(endings.values(), default=0)

    def _head(self, word: str) -> tuple[str, str, int] | None:
        """(concept, canonical head, head length) when ``word`` ends in a head."""
        for length in self._head_lengths:
            if len(word) >= length:
                found = self.heads.get(word[-length:])
                if found:
                    return found[0], found[1], length
        return None

    def keywords(self, text: Text) -> list[Keyword]:
        """The product keywords of ``text`` in order (needs jieba tokens; of the first ``TOKENIZED_CHARS`` only)."""
        found: list[Keyword] = []
        if len(text.value) <= TOKENIZED_CHARS:
            tokens = text.tokens
        else:
            from ..tokenize import tokenize

            tokens = tokenize(text.value[:TOKENIZED_CHARS])
        value = text.value
        for index, token in enumerate(tokens):
            word = token.word
            adjacent = found[-1] if found and found[-1].end == token.start else None
            if word in self.synonyms:
                concept, synset = self.synonyms[word]
                keyword = Keyword(word, concept, synset, token.start, token.end)
            else:
                head = self._head(word)
                if head is None:
                    continue
                concept, canonical, length = head
                if concept == PART:
                    if adjacent is not None:
                        found.pop()  # 自行车|锁: the bicycle names what the lock is for
                    continue
                start = token.start
                previous = tokens[index - 1] if index else None
                if len(word) == length:
                    # A bare head takes the word before it: 懒人 + 鞋, and 足球 + 机 (then 足球 was a modifier, not
                    # a keyword; but 茶杯 + 杯子 are two keywords); after a number it is a unit (4盘, 两包).
                    if previous is not None and previous.end == token.start:
                        if _is_number(previous.word):
                            continue
                        if adjacent is not None and adjacent.concept != concept:
                            start = found.pop().start
                            adjacent = None
                        elif adjacent is None and _is_han(previous.word):
                            start = previous.start
                elif len(word) == length + 1 and word[0] in _NUMERALS:
                    continue  # 整箱, 一包, 两盘: units
                word = value[start:token.end - length] + canonical
                keyword = Keyword(word, concept, self.synonyms.get(word, (None, None))[1], start, token.end)
            if adjacent is not None and adjacent.concept != keyword.concept:
                found.pop()  # 行李箱|保护套: a product word right before another kind of product is its modifier
            found.append(keyword)
        return found


class Stack(NamedTuple):
    """Keywords piled up in a title: ``kept`` is the one to keep, ``redundant`` the others."""

    kind: str  # concept (many keywords sharing a head) | synonyms (one product's synonyms) | repeat (one keyword)
    name: str  # the concept, synset or keyword
    kept: Keyword
    redundant: list[Keyword]
    distinct: int  # distinct keywords in the stack


def stacks(keywords: Sequence[Keyword], value: str, *, min_distinct: int, min_synonyms: int, min_repeats: int,
           prefer: str = "") -> list[Stack]:
    """The stuffing among the ``keywords`` of ``value``: ``min_distinct`` different keywords of one concept,
    ``min_synonyms`` synonyms of one product, or one keyword ``min_repeats`` times or twice back to back (保温杯
    保温杯). Each keyword is reported in one stack at most, the widest. The kept keyword is the first that occurs
    in ``prefer`` (the category path), else the first."""
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
        if len({k.word for k in group}) >= min_distinct:
            add("concept", concept, group)
    for synset, group in grouped(lambda k: k.synset).items():
        if len({k.word for k in group}) >= min_synonyms:
            add("synonyms", synset, group)
    for word, group in grouped(lambda k: k.word).items():
        back_to_back = any(_NOISE_ONLY.fullmatch(value, a.end, b.start) for a, b in zip(group, group[1:]))
        if len(group) >= min_repeats or back_to_back:
            add("repeat", word, group)
    found.sort(key=lambda stack: stack.kept.start)
    return found


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
               *, max_gap: int = 1) -> list[BrandRun]:
    """Runs of brand mentions with at most ``max_gap`` letters or digits between them (和, x; spaces and
    punctuation do not count). The matcher's context rules are
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
        start, end = run[0].view_start, run[-1].view_end
        rule = matcher.rule_for(view.value, start, end, run[0].term)
        cue_end = None
        if rule is not None and rule.after is not None:
            cue = rule.after.match(view.value, end, end + AFTER_WINDOW)
            if cue is not None and cue.end() > end:
                cue_end = view.span(end, cue.end())[1]
        result.append(BrandRun(run, rule, cue_end))
    return result
