"""Dictionary terms judged in context.

A :class:`ContextualTerms` finds the terms of a word table on the skeleton view (so ``最 佳``, ``最.佳`` and
``最佳`` are one word), each character seen through its variants (``dictionaries/char_variants``), and then asks
the table's context rules whether the match is what the law means. A context rule names a term (or ``*``, or
``@category``), a regex the skeleton must match right *before* the term and one right *after* it, and an effect:
``pass`` (no claim: 最近, 第一步, 开封后最好三天内食用), ``info`` or ``warning`` (lawful only with evidence).
Exemptions are data, so a new exemption is a table row, not code.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import Iterable, Iterator, Mapping, NamedTuple, Sequence

import regex

from ..lexicon import LexiconError
from ..normalize import SKELETON_NOISE, Text, normalize
from . import CLAUSE_ENDS, character_class
from .disguise import term_pattern

# How far back a `before` context may reach, in skeleton characters.
BEFORE_WINDOW = 24
# How far ahead an `after` context may reach.
AFTER_WINDOW = 24

EFFECTS = ("pass", "info", "warning", "error")

# Marks a term is not written across: the clause ends (凍頂，級別 is no 顶级), a label's colon and the enumeration
# comma (产地：冻顶, 红、绿), a line break; merchants put other noise inside terms to hide them (最 佳, 百.亿, 百亿【补贴】).
_CLAUSE_MARKS = re.compile(character_class(CLAUSE_ENDS + "：:、\n"))

_MARK = re.compile("Ⅰ")


def clause_starts(text: Text) -> list[int]:
    """Offsets in ``text.skeleton.value`` right after a clause mark of ``text.value`` (kept in ``text.memo``):
    where the skeleton joined two clauses. Found by splitting at the marks, so most texts pay for a few C-level
    passes and none for mapping offsets back."""
    found = text.memo.get(clause_starts)
    if found is None:
        # Each mark becomes Ⅰ, a letter that survives the skeleton and never occurs in normalized text (NFKC
        # folds it to I); the skeleton offset of a mark is its offset less the marks before it.
        marked = SKELETON_NOISE.sub("", _CLAUSE_MARKS.sub("Ⅰ", text.value))
        found = [m.start() - i for i, m in enumerate(_MARK.finditer(marked))]
        text.memo[clause_starts] = found
    return found


def _contiguous(text: Text, skeleton: str, start: int, end: int) -> bool:
    """Whether ``skeleton[start:end]`` (``text``'s skeleton) is written without noise in ``text.value``: then it
    crosses no clause. Its place in the value is at most the number of noise characters further on, so it is looked
    for there only (and only while that is short: else the caller looks at the clauses)."""
    noise = len(text.value) - len(skeleton)
    return noise <= 512 and skeleton[start:end] in text.value[start:end + noise]


def _crosses_clause(starts: Sequence[int], left: int, right: int) -> bool:
    """Whether a clause starts strictly after skeleton offset ``left`` and at or before ``right``."""
    index = bisect_right(starts, left)
    return index < len(starts) and starts[index] <= right


# Texts up to this long keep their matches in Text.memo (see ContextualTerms.finditer).
MEMO_MAX_CHARS = 64

# Rules report at most this many matches of one field: a field stuffed with thousands of claims is reported
# enough by the first ones, and each finding carries a rewrite of the whole field.
MAX_HITS_PER_FIELD = 50


class ContextRule(NamedTuple):
    terms: frozenset[str] | None  # normalized terms it applies to (None: every term)
    category: str | None  # or every term of this category
    before: "regex.Pattern | None"
    after: "regex.Pattern | None"
    effect: str
    reason: str


class TermHit(NamedTuple):
    term: int  # index into the matcher's rows
    start: int  # original offsets
    end: int
    view_start: int  # offsets in the view matched (skeleton, or value), for callers that look around
    view_end: int
    rule: ContextRule | None  # the context rule that applied, if any

    @property
    def effect(self) -> str | None:
        return self.rule.effect if self.rule else None


def _compile(source: str, what: str, where: str) -> "regex.Pattern":
    try:
        compiled = regex.compile(source)
    except regex.error as exc:
        raise LexiconError(f"{where}: {what} 不是合法的正则表达式 ({exc})") from None
    if compiled.groups:
        raise LexiconError(f"{where}: {what} 只能使用非捕获分组 (?:…)")
    return compiled


def context_rules(rows: Iterable[Mapping[str, str]], where: str) -> list[ContextRule]:
    """Context rules from table rows with columns term, before, after, effect, reason."""
    rules = []
    for row in rows:
        effect = row.get("effect", "")
        if effect not in EFFECTS:
            raise LexiconError(f"{where}: effect 应为 {'/'.join(EFFECTS)}, 实为 {effect!r}")
        term = row.get("term", "").strip()
        before = row.get("before") or ""
        after = row.get("after") or ""
        rules.append(ContextRule(
            terms=None if term in ("*", "") or term.startswith("@") else frozenset(
                normalize(t).skeleton.value for t in term.split()),
            category=term[1:] if term.startswith("@") else None,
            # `before` must end where the term starts: searched in a window that ends there.
            before=_compile(f"(?:{before})\\Z", "before", where) if before else None,
            after=_compile(after, "after", where) if after else None,
            effect=effect,
            reason=row.get("reason", ""),
        ))
    return rules


def expand_placeholders(rows: Iterable[Mapping[str, str]], alternations: Mapping[str, str]) -> list[dict[str, str]]:
    """``rows`` with each ``{name}`` in their ``pattern`` replaced by ``alternations[name]``, a regex for the words of
    another table (``{disease}`` in misleading_claims.tsv): one row covers a claim about every word of that table."""
    expanded = []
    for row in rows:
        pattern = row.get("pattern") or ""
        for name, alternation in alternations.items():
            pattern = pattern.replace("{" + name + "}", alternation)
        expanded.append(dict(row, pattern=pattern))
    return expanded


class ContextualTerms:
    """A matcher for the rows of a word table (columns ``term``, optional ``pattern`` and ``category``)
    with context rules deciding, per match, whether and how it counts."""

    def __init__(self, rows: Sequence[Mapping[str, str]], variants: Mapping[str, Sequence[str]],
                 rules: Sequence[ContextRule], where: str = "dictionary", *, skeleton: bool = True):
        """``skeleton``: match on the skeleton view (noise between characters ignored); False matches on the
        normalized value, where spaces still separate Latin words (brand names: ``nike adidas``)."""
        self.rows = list(rows)
        self.on_skeleton = skeleton
        self.terms = [(normalize(row["term"]).skeleton.value if skeleton else normalize(row["term"]).value)
                      for row in self.rows]
        self.rules = list(rules)
        alternatives = []
        self._plain_words_only = True
        for index, row in enumerate(self.rows):
            source = row.get("pattern") or term_pattern(row["term"], variants)
            word = self.terms[index]
            plain = not row.get("pattern") and word and not any(c in variants for c in word)
            self._plain_words_only = self._plain_words_only and bool(plain)
            # A plain word needs no regex at all; a pattern is compiled once, here, and reused by _Dispatch.
            compiled = None if plain else _compile(source, f"term {row['term']!r}", where)
            alternatives.append((len(word), index, source, word if plain else None, compiled))
        # At one position the longest term wins (全网最低价 over 最低价), so list them longest first.
        alternatives.sort(key=lambda item: (-item[0], item[1]))
        self._matcher = _Dispatch(alternatives)
        # This matcher's keys in Text.memo, by ``passes`` (False, True): plain objects hash fastest.
        self._memo_keys = (object(), object())
        # The rules that may apply to each term (by name or category), in table order: a match tries only those.
        self._rules_of_term = [tuple(rule for rule in self.rules
                                     if (rule.terms is None or word in rule.terms)
                                     and (rule.category is None or rule.category == row.get("category")))
                               for word, row in zip(self.terms, self.rows)]

    @property
    def plain_words_only(self) -> bool:
        """Whether every row is a plain word (no pattern, no character with variants): then a match is exactly an
        occurrence of a term in the view, and a text holding none of ``terms`` has no match."""
        return self._plain_words_only

    def rule_for(self, skeleton: str, start: int, end: int, term: int, text: Text | None = None) -> ContextRule | None:
        """The first context rule that applies to ``skeleton[start:end]``, a match of row ``term``. With ``text``
        (whose skeleton ``skeleton`` is), a context before the term may not reach across a clause mark: in
        建议按脚长选码。最佳口感 the advice does not excuse the claim. (Contexts after a term are its next words:
        第一次, 最近.)"""
        for rule in self._rules_of_term[term]:
            before = after = None
            if rule.before is not None:
                before = rule.before.search(skeleton, max(0, start - BEFORE_WINDOW), start)
                if before is None:
                    continue
            if rule.after is not None:
                after = rule.after.match(skeleton, end, end + AFTER_WINDOW)
                if after is None:
                    continue
            if before is not None and text is not None and not _contiguous(text, skeleton, before.start(), start + 1) \
                    and _crosses_clause(clause_starts(text), before.start(), start):
                continue
            return rule
        return None

    def finditer(self, text: Text, *, passes: bool = True) -> Iterator[TermHit]:
        """The matches in ``text`` with the context rule that applies to each. ``passes=False`` leaves out the
        matches a rule excuses (最近, 第一步): callers that drop them anyway skip mapping their offsets back.
        The matches of a short text are kept in its memo (a shared SKU name or attribute value is read once)."""
        short = len(text.value) <= MEMO_MAX_CHARS
        if short:
            key = self._memo_keys[passes]
            found = text.memo.get(key)
            if found is not None:
                return iter(found)
        view = text.skeleton if self.on_skeleton else text
        # Most fields hold no term: they cost one scan and no generator.
        matches = self._matcher.find(view.value, view if self.on_skeleton else None)
        hits = self._hits(text, view, matches, passes) if matches else ()
        if short:
            found = text.memo[key] = tuple(hits)
            return iter(found)
        return iter(hits)

    def _hits(self, text: Text, view: Text, matches: list[tuple[int, int, int]], passes: bool) -> Iterator[TermHit]:
        """The hits of ``matches`` (of the dispatch, in ``view``: ``text`` or its skeleton)."""
        value = view.value
        for start, end, term in matches:
            # A term written with digits is not part of a longer number (第1 in 第11集, no1 in no12).
            if (value[start].isdigit() and start > 0 and value[start - 1].isdigit()) or (
                    value[end - 1].isdigit() and end < len(value) and value[end].isdigit()):
                continue
            rule = self.rule_for(value, start, end, term, text if self.on_skeleton else None)
            if not passes and rule is not None and rule.effect == "pass":
                continue
            original_start, original_end = view.span(start, end)
            if self.on_skeleton and _CLAUSE_MARKS.search(text.original, original_start, original_end):
                continue  # 凍頂，級別: the skeleton joined two clauses, no one wrote 顶级
            yield TermHit(term, original_start, original_end, start, end, rule)


def _noise_before(skeleton: Text, index: int) -> bool:
    """Noise stood between skeleton characters index-1 and index (8mm NO.1: a word starts at n)."""
    return skeleton.span(index - 1, index)[1] < skeleton.span(index, index + 1)[0]


# Characters that stand for "any other character" when testing what a pattern may start with.
_PROBES = "中文字龘𠀋aéЖ1٣，。 \t~"
_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz")


def _first_characters(source: str, pattern: "regex.Pattern | None" = None) -> tuple[set[str], set[str]] | None:
    """The characters a match of ``source`` may start with, split into Latin letters that can only start a
    match at the start of a Latin word and all the others; None when that is not a small known set.

    Candidates are the characters written in the pattern (plus digits and Latin letters, for classes like
    ``[0-9]``); each is tested with a partial match. Probes from outside that set must fail, else the
    pattern can start with more than we can list (``\\p{Han}…``)."""
    pattern = pattern or regex.compile(source)
    candidates = set(source) | set("0123456789") | _LATIN
    firsts = {c for c in candidates if pattern.fullmatch(c, partial=True)}
    if not firsts or any(pattern.fullmatch(p, partial=True) for p in _PROBES if p not in candidates):
        return None
    word_start = {c for c in firsts & _LATIN if not pattern.match("q" + c, 1, partial=True)}
    return word_start, firsts - word_start


def _plain_first(word: str) -> tuple[set[str], set[str]]:
    """:func:`_first_characters` of a plain word's pattern, without compiling it: a Latin first letter starts
    a Latin word (disguise._latin puts a lookbehind before it)."""
    first = word[0]
    return ({first}, set()) if first in _LATIN else (set(), {first})


def _second_characters(source: str, first: str, pattern: "regex.Pattern | None" = None) -> set[str] | None:
    """The characters a match of ``source`` starting with ``first`` may continue with, as a superset: those
    :func:`_first_characters` would try (the guard then tests the pattern itself, or the group does); None when a
    match may end after ``first`` or go on with a character from outside that set (the probes, as there)."""
    pattern = pattern or regex.compile(source)
    if pattern.fullmatch(first):
        return None
    # A match goes on with a probe, or ends before it (a lookahead allows it), when a partial match reaches the end of
    # first + probe or a complete one ends within it: one partial `match` answers both.
    candidates = set(source) | set("0123456789") | _LATIN
    if any(pattern.match(first + p, partial=True) is not None for p in _PROBES if p not in candidates):
        return None
    return candidates


def _reads_with_re(source: str) -> bool:
    """Whether the standard library's ``re`` reads ``source`` (not ``\\p{Han}``, which is ``regex`` syntax)."""
    try:
        re.compile(source)
    except re.error:
        return False
    return True


def _fast_compile(source: str):
    """The standard library's ``re`` scans character classes about twice as fast as ``regex``; patterns it
    cannot read (``\\p{Han}``) stay with ``regex``."""
    try:
        return re.compile(source)
    except re.error:
        return regex.compile(source)


class _Start(NamedTuple):
    """Where a term may start: at one of ``firsts`` followed by one of ``seconds`` (None: by anything, or by
    nothing) and, with a ``lookahead``, only where that pattern matches from the first character on."""
    firsts: frozenset[str]
    seconds: frozenset[str] | None
    lookahead: str | None = None


# How many starts one branch of the guard's exact test holds (see _guard_source).
_STARTS_PER_BRANCH = 16


def _start_source(start: _Start) -> str:
    """A pattern of width 2 matching ``start``'s first two characters where the start is."""
    if start.lookahead:
        return character_class(start.firsts) + f"(?<=(?=(?:{start.lookahead}))(?s:.))(?s:.)"
    return character_class(start.firsts) + character_class(start.seconds)


def _guard_source(starts: Sequence[_Start]) -> str:
    """A pattern matching where one of ``starts`` is, not at a digit right after a digit.

    One branch per start (``最[佳好]|第[一1]|…``) would be tried branch after branch at every position holding a
    common character (digits, 不, 保 …). Two character classes are one table lookup each: the exact starts are
    tested, in a lookbehind, only where some first character is followed by some second one. There, `re` tries
    alternatives one after another (a few ns each, even those whose first character differs) and, where a start's
    first two characters are found but its lookahead fails, all the rest too: so each branch holds
    _STARTS_PER_BRANCH starts, behind the class of their first characters."""
    if not starts:
        return "(?!)"  # no terms (an empty table): nowhere
    firsts = set().union(*(start.firsts for start in starts))
    lone = set().union(*(start.firsts for start in starts if start.seconds is None))
    paired = sorted((start for start in starts if start.seconds is not None), key=lambda start: sorted(start.firsts))
    ends = []
    if lone:
        ends.append(f"(?<={character_class(lone)})")
    if paired:
        branches = []
        for index in range(0, len(paired), _STARTS_PER_BRANCH):
            some = paired[index:index + _STARTS_PER_BRANCH]
            exact = "|".join(_start_source(start) for start in some)
            branches.append(character_class(set().union(*(start.firsts for start in some)))
                            + f"(?<=(?=(?:{exact}))(?s:.))(?s:.)")
        seconds = set().union(*(start.seconds for start in paired))
        ends.append(character_class(seconds) + f"(?<={'|'.join(branches)})")
    inside_number = "(?<![0-9][0-9])" if any("0" <= char <= "9" for char in firsts) else ""
    return character_class(firsts) + inside_number + "(?:" + "|".join(ends) + ")"


class _Group:
    """The regex alternatives that may start with one first character, as one regex of numbered groups (the
    alternative of group *i* is ``terms[i-1]``, listed ``priorities[i-1]``-th in the dispatch). Compiled where it
    is first needed (:meth:`compile`): most first characters never start a candidate in a run, and compiling all
    the groups was most of misleading-claim's start-up."""

    __slots__ = ("pattern", "terms", "priorities", "source")

    def __init__(self, terms: list[int], priorities: list[int], source: str):
        self.pattern = None  # the compiled source, once compile() ran
        self.terms = terms
        self.priorities = priorities
        self.source = source

    def compile(self):
        """The compiled pattern, compiled now if it was not yet."""
        if self.pattern is None:
            self.pattern = _fast_compile(self.source)
        return self.pattern


class _Dispatch:
    """Many alternatives (longest first) matched like one regex's ``finditer``, fast.

    The ``regex`` engine tries alternatives one by one at every position, which costs tens of microseconds on
    a short title for a hundred terms. So a guard (:func:`_guard_source`: some plain word's first two characters, or
    a match of the regex alternatives that may start with the character found; Latin ones only at the start of a Latin
    word) finds the candidate positions at C speed; there, plain words (no variants, no pattern) are looked up in a
    dict by length, and only the regexes that may start with the character found are tried.
    The alternative listed first (the longest term) wins, as in one big alternation."""

    def __init__(self, alternatives: Sequence[tuple[int, int, str, str | None]]):
        # alternatives: (length, term index, regex source, the plain word or None, the compiled pattern of a
        # non-plain one), in priority order
        firsts = [_plain_first(word) if word is not None else _first_characters(source, compiled)
                  for _, _, source, word, compiled in alternatives]
        self.words: dict[str, tuple[int, int]] = {}  # plain word → (priority, term)
        self.lengths: dict[str, list[int]] = {}  # first character → lengths of its plain words, longest first
        self.groups: dict[str, _Group] = {}  # first character → its regex alternatives
        if any(f is None for f in firsts):
            # Some pattern may start anywhere: one regex, tried at every position.
            self.guard = None
            self.whole = regex.compile("|".join(f"({source})" for _, _, source, _, _ in alternatives))
            self.whole_order = [index for _, index, _, _, _ in alternatives]
            return
        members: dict[str, list[tuple[int, int, str]]] = {}
        word_start: set[str] = set()
        for priority, ((_, index, source, word, _), (latin, other)) in enumerate(zip(alternatives, firsts)):
            word_start |= latin
            if word is not None:
                self.words.setdefault(word, (priority, index))
                lengths = self.lengths.setdefault(word[0], [])
                if len(word) not in lengths:
                    lengths.append(len(word))
                continue
            for char in latin | other:
                members.setdefault(char, []).append((priority, index, source))
        for lengths in self.lengths.values():
            lengths.sort(reverse=True)
        for char, group in members.items():
            self.groups[char] = _Group([index for _, index, _ in group], [priority for priority, _, _ in group],
                                       "|".join(f"({source})" for _, _, source in group))
        # The guard: where a match may start. A first character with a known set of second characters is a
        # candidate only when one of them follows it (最佳 but not 最近 …): the characters of a text are far more often
        # some term's first than some term's first two. An ASCII digit right after another is none either (the
        # guard's (?<![0-9][0-9])), so a long number is not tried digit by digit. That is only a pre-filter:
        # ContextualTerms._hits drops every match inside a number (any isdigit() digit, at either end), and must, as
        # nothing else does for self.whole (no guard).
        self.word_start = frozenset(word_start)
        # A regex group is tested whole, by a lookahead in the guard: most of its pairs start no term (48小时, 保修,
        # 平台发货), and refusing them in C spares a Python iteration each (a match is then tested twice, in the guard
        # and by the group, but matches are rare). So the second characters of its alternatives need not be exact
        # (probing each candidate was most of the start-up), and the first characters of one same group (the first
        # characters of all diseases) are one start, tested once.
        word_seconds: dict[str, set[str] | None] = {}  # first character → second ones of its plain words
        group_seconds: dict[str, set[str] | None] = {}  # … of its regex alternatives (a superset)
        for (_, _, source, word, compiled), (latin, other) in zip(alternatives, firsts):
            seconds = group_seconds if word is None else word_seconds
            for char in latin | other:
                if seconds.get(char, set()) is None:
                    continue
                follow = _second_characters(source, char, compiled) if word is None else (
                    {word[1]} if len(word) > 1 else None)
                seconds[char] = None if follow is None else seconds.get(char, set()) | follow
        starts = [_Start(frozenset(char), None if follow is None else frozenset(follow))
                  for char, follow in word_seconds.items()]
        starts += [_Start(frozenset(char), None) for char, follow in group_seconds.items() if follow is None]
        same_group: dict[str, set[str]] = {}  # the group's alternatives (non-capturing) → its first characters
        for char, group in members.items():
            if group_seconds[char] is not None:
                same_group.setdefault("|".join(f"(?:{source})" for _, _, source in group), set()).add(char)
        tested = [_Start(frozenset(chars), frozenset().union(*(group_seconds[char] for char in chars)), lookahead)
                  for lookahead, chars in same_group.items()]
        try:
            self.guard = re.compile(_guard_source(starts + tested))
        except re.error:
            # Some group needs `regex` (\p{Han}): the guard cannot test it, its candidates go to the group in Python.
            self.guard = re.compile(_guard_source(starts + [
                start if _reads_with_re(start.lookahead) else start._replace(lookahead=None) for start in tested]))

    def _word_at(self, value: str, start: int) -> tuple[int, int, int] | None:
        """(priority, end, term) of the longest plain word at ``start``."""
        for length in self.lengths.get(value[start], ()):
            end = start + length
            found = self.words.get(value[start:end])
            if found is None or end > len(value):
                continue
            # Latin at a word's edge must not continue a longer Latin word (as term_pattern requires).
            if value[end - 1] in _LATIN and end < len(value) and value[end] in _LATIN:
                continue
            return found[0], end, found[1]
        return None

    def find(self, value: str, skeleton: Text | None = None) -> list[tuple[int, int, int]]:
        """(start, end, term) of each non-overlapping match, leftmost first. A Latin term starts a Latin word, or
        where ``skeleton`` (the Text whose value is ``value``, when that is a skeleton) dropped noise before it
        (the space of ``8mm NO.1``)."""
        if self.guard is None:
            return [(match.start(), match.end(), self.whole_order[match.lastindex - 1])
                    for match in self.whole.finditer(value)]
        found = []
        position = 0
        search = self.guard.search
        # plain_word_firsts: the characters that start a plain word (self.lengths' keys, which _word_at looks up
        # too). Testing them here saves the call at the many candidates that start only a regex alternative (a number).
        word_start, plain_word_firsts, groups = self.word_start, self.lengths, self.groups
        while True:
            candidate = search(value, position)
            if candidate is None:
                return found
            start = candidate.start()
            char = value[start]
            if start and char in word_start and value[start - 1] in _LATIN \
                    and not (skeleton is not None and _noise_before(skeleton, start)):
                position = start + 1  # Latin terms start a Latin word
                continue
            best = self._word_at(value, start) if char in plain_word_firsts else None
            group = groups.get(char)
            if group is not None:
                pattern = group.pattern
                if pattern is None:  # the group's first candidate (the call is paid once)
                    pattern = group.compile()
                match = pattern.match(value, start)
                if match is not None and match.end() > start:
                    priority = group.priorities[match.lastindex - 1]
                    if best is None or priority < best[0]:
                        best = (priority, match.end(), group.terms[match.lastindex - 1])
            if best is None:
                position = start + 1
                continue
            found.append((start, best[1], best[2]))
            position = best[1]


# Brackets that mark the name of a work (书名号): a word inside is part of a title, not a claim.
_WORK_TITLE = regex.compile(r"《[^《》\n]{0,60}》")


def inside_work_title(original: str, start: int, end: int) -> bool:
    """True when ``original[start:end]`` lies inside 《…》 (a book, film or game title)."""
    if "《" not in original:
        return False
    for match in _WORK_TITLE.finditer(original):
        if match.start() < start and end < match.end():
            return True
    return False
