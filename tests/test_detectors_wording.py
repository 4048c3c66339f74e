"""listing_lint.detectors.wording: dictionary terms judged in context, and the fast dispatch behind it."""

from __future__ import annotations

import random
import re
import time

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from listing_lint.detectors.disguise import term_pattern
from listing_lint.detectors.wording import (
    ContextualTerms,
    _STARTS_PER_BRANCH,
    _Dispatch,
    _first_characters,
    _guard_source,
    _plain_first,
    _second_characters,
    _Start,
    clause_starts,
    context_rules,
    expand_placeholders,
    inside_work_title,
)
from listing_lint.lexicon import LexiconError
from listing_lint.normalize import normalize

ROWS = [
    {"term": "最佳", "category": "superlative"},
    {"term": "最", "pattern": r"最(?=[\p{Han}a-z])", "category": "superlative"},
    {"term": "第一", "category": "rank"},
    {"term": "销量第一", "category": "rank"},
    {"term": "no1", "category": "rank"},
]
VARIANTS = {"最": ["蕞"], "一": ["1"]}
RULES = context_rules([
    {"term": "第一", "before": "", "after": "[步次季]", "effect": "pass", "reason": "序数词"},
    {"term": "最", "before": "", "after": "近", "effect": "pass", "reason": "not a superlative"},
    {"term": "@rank", "before": r"20[0-9]{2}年\p{Han}{0,8}", "after": "", "effect": "warning", "reason": "bounded"},
], "test")


@pytest.fixture(scope="module")
def matcher():
    return ContextualTerms(ROWS, VARIANTS, RULES, "test")


def found(matcher, original):
    text = normalize(original)
    return [(original[h.start:h.end], matcher.terms[h.term], h.effect) for h in matcher.finditer(text)]


def test_terms_seen_through_noise_variants_and_script(matcher):
    assert found(matcher, "最 佳 面霜") == [("最 佳", "最佳", None)]
    assert found(matcher, "蕞佳面霜") == [("蕞佳", "最佳", None)]
    assert found(matcher, "銷量第壹") == []  # 壹 is no variant here
    assert found(matcher, "銷量第1") == [("銷量第1", "销量第一", None)]


def test_longest_term_wins_at_a_position(matcher):
    assert found(matcher, "销量第一") == [("销量第一", "销量第一", None)]
    assert found(matcher, "最佳的") == [("最佳", "最佳", None)]


def test_context_rules_decide(matcher):
    assert found(matcher, "第一步") == [("第一", "第一", "pass")]
    assert found(matcher, "最近上新") == [("最", "最", "pass")]
    assert found(matcher, "最舒适") == [("最", "最", None)]
    assert found(matcher, "2023年双十一销量第一") == [("销量第一", "销量第一", "warning")]
    # @rank reaches every term of the category, and only those.
    assert found(matcher, "2023年最佳") == [("最佳", "最佳", None)]
    # A rule naming a term reaches that term only (第一步 is excused, 最佳步 is not).
    assert found(matcher, "最佳步") == [("最佳", "最佳", None)]


def test_digits_and_latin_words_are_not_cut(matcher):
    assert found(matcher, "第11集") == []
    assert found(matcher, "No.1 爆款") == [("No.1", "no1", None)]
    assert found(matcher, "No.12 型号") == []
    assert found(matcher, "nano1") == []


def test_offsets_point_into_the_original(matcher):
    original = "<b>ＮＯ．１</b> 最　佳"
    for h in matcher.finditer(normalize(original, html=True)):
        assert original[h.start:h.end] in ("ＮＯ．１", "最　佳")


def test_plain_words_only_when_no_row_has_a_pattern_or_a_character_with_variants(matcher):
    assert ContextualTerms([{"term": "优质"}, {"term": "Nike"}], VARIANTS, [], skeleton=False).plain_words_only
    assert not ContextualTerms([{"term": "最佳"}, {"term": "x", "pattern": "x+"}], {}, []).plain_words_only
    assert not ContextualTerms([{"term": "第一"}], VARIANTS, []).plain_words_only  # 一 may be written 1
    assert not matcher.plain_words_only
    with pytest.raises(AttributeError):
        matcher.plain_words_only = True


def test_bad_tables_are_reported():
    with pytest.raises(LexiconError, match="非捕获"):
        ContextualTerms([{"term": "x", "pattern": "(a)"}], {}, [], "bad.tsv")
    with pytest.raises(LexiconError, match="正则"):
        context_rules([{"term": "*", "before": "(", "after": "", "effect": "pass"}], "bad.tsv")
    with pytest.raises(LexiconError, match="effect"):
        context_rules([{"term": "*", "before": "", "after": "", "effect": "maybe"}], "bad.tsv")


def test_first_characters():
    assert _first_characters("最佳|第一") == (set(), {"最", "第"})
    assert _first_characters(r"(?<![a-z])no1") == ({"n"}, set())
    assert _first_characters(r"[0-9]+天") == (set(), set("0123456789"))
    assert _first_characters(r"\p{Han}好") is None  # may start anywhere: no guard


def test_a_plain_words_first_character_is_known_without_compiling():
    for word in ("最佳", "no1", "1号", "top1"):
        assert _plain_first(word) == _first_characters(term_pattern(word, {}))


ALTERNATIVES = ["最佳", "最", "最低价", "全网最低价", "第一", "no1", "[0-9]+天见效", "(?<![a-z])top1(?![a-z])", "百亿"]


def _dispatch_and_plain():
    alternatives = [(len(a), i, a, a if a.isalpha() and not a.isascii() else None,
                     None if a.isalpha() and not a.isascii() else regex.compile(a)) for i, a in enumerate(ALTERNATIVES)]
    alternatives.sort(key=lambda item: (-item[0], item[1]))
    dispatch = _Dispatch(alternatives)
    plain = regex.compile("|".join(f"({a})" for _, _, a, _, _ in alternatives))
    order = [i for _, i, _, _, _ in alternatives]
    return dispatch, plain, order


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("最佳低价全网第一no1top23天见效百亿 xa")), max_size=40))
def test_dispatch_finds_what_one_big_alternation_finds(text):
    dispatch, plain, order = _dispatch_and_plain()
    expected = [(m.start(), m.end(), order[m.lastindex - 1]) for m in plain.finditer(text)
                if not (text[m.start()].isdigit() and m.start() > 0 and text[m.start() - 1].isdigit())]
    got = dispatch.find(text)
    # The dispatch skips candidates that start inside a number (the matcher drops those anyway).
    assert got == expected


def test_a_group_is_compiled_at_its_first_candidate_and_finds_the_same_then_and_after():
    dispatch, plain, order = _dispatch_and_plain()
    assert dispatch.groups and all(group.pattern is None for group in dispatch.groups.values())
    text = "全网最低价 3天见效"
    first = dispatch.find(text)
    compiled = {char for char, group in dispatch.groups.items() if group.pattern is not None}
    assert compiled and compiled <= set(text)
    assert dispatch.find(text) == first == [(m.start(), m.end(), order[m.lastindex - 1]) for m in plain.finditer(text)]


def test_a_pair_that_starts_no_term_reaches_no_group():
    # The guard tests a group's alternatives itself: 3件 and 3天发货 (no 见效) are refused in C, and the group of 3
    # is compiled only where a term starts.
    dispatch, plain, order = _dispatch_and_plain()
    assert dispatch.find("3件 3天发货 30天") == [] and all(group.pattern is None for group in dispatch.groups.values())
    assert dispatch.guard.search("3天发货") is None and dispatch.guard.search("3天见效")
    assert [start for start, _, _ in dispatch.find("3天见效")] == [0] and dispatch.groups["3"].pattern is not None


GUARD_STARTS = [_Start(frozenset("最"), None), _Start(frozenset("第"), frozenset("一1")),
                _Start(frozenset("1"), frozenset("0天")), _Start(frozenset("2"), frozenset("0")),
                _Start(frozenset("n"), frozenset("o")),
                # one group shared by two first characters, tested by its lookahead (not by its second characters)
                _Start(frozenset("佳好"), frozenset("佳好天"), "[佳好]天(?!0)|好好")]


def _starts_at(starts, text, i):
    """Whether one of ``starts`` is at ``text[i]``, told the slow way."""
    return any(text[i] in start.firsts and not (text[i].isdigit() and i and text[i - 1].isdigit()) and (
        start.seconds is None or (text[i + 1:i + 2] in start.seconds and (
            start.lookahead is None or re.match(start.lookahead, text[i:]) is not None))) for start in starts)


def _guard_positions(guard, text):
    found, position = [], 0
    while (candidate := guard.search(text, position)) is not None:
        found.append(candidate.start())
        position = candidate.start() + 1
    return found


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("最第一12天0noa佳好")), max_size=30))
def test_the_guard_finds_every_start(text):
    # The guard tests two character classes before the exact starts: it must find exactly the starts (the pairs,
    # the first characters that may stand alone, the lookaheads that match), except a digit right after a digit.
    guard = re.compile(_guard_source(GUARD_STARTS))
    assert _guard_positions(guard, text) == [i for i in range(len(text)) if _starts_at(GUARD_STARTS, text, i)]


MANY_STARTS = [_Start(frozenset(chr(0x4E00 + 2 * i)), frozenset({chr(0x4E01 + 2 * i), "x"}),
                      chr(0x4E00 + 2 * i) + "x[yz]" if i % 3 else None) for i in range(3 * _STARTS_PER_BRANCH + 5)]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([chr(0x4E00 + i) for i in range(0, 6 * _STARTS_PER_BRANCH + 12, 5)]
                                        + list("xyzw")), max_size=30))
def test_the_guard_finds_every_start_among_many_branches(text):
    # More starts than one branch holds: a start is found whichever branch holds it, and a failing lookahead in a
    # branch does not hide the starts of the branches after it.
    guard = re.compile(_guard_source(MANY_STARTS))
    assert _guard_positions(guard, text) == [i for i in range(len(text)) if _starts_at(MANY_STARTS, text, i)]


def test_a_number_is_a_candidate_at_its_first_digit_only():
    guard = re.compile(_guard_source(GUARD_STARTS))
    assert [m.start() for m in guard.finditer("x10 210 1天")] == [1, 8]
    assert guard.search("最") and not guard.search("第") and guard.search("第1")


def test_a_group_re_cannot_read_is_tested_in_python():
    # \p{Han} is `regex` syntax: that group is no lookahead of the guard, its candidates go to Python.
    alternatives = [(3, 0, r"最佳\p{Han}", None, regex.compile(r"最佳\p{Han}")), (2, 1, "最好", None, regex.compile("最好"))]
    dispatch = _Dispatch(alternatives)
    assert "Han" not in dispatch.guard.pattern
    assert dispatch.find("最佳的 最佳a 最好") == [(0, 3, 0), (8, 10, 1)]


def test_matches_of_a_short_text_are_kept_in_its_memo_and_equal_a_fresh_scan():
    from listing_lint.detectors.wording import MEMO_MAX_CHARS

    matcher = ContextualTerms([{"term": "最佳"}, {"term": "第一"}], {}, context_rules(
        [{"term": "第一", "after": "步", "effect": "pass"}], "t.tsv"))
    text = normalize("最佳 第一步 第一")
    first = list(matcher.finditer(text))
    assert [h.term for h in first] == [0, 1, 1] and first[1].effect == "pass"
    assert len(text.memo) == 1 and list(matcher.finditer(text)) == first
    assert [h.term for h in matcher.finditer(text, passes=False)] == [0, 1]
    nothing = normalize("纯棉 短袖")
    assert list(matcher.finditer(nothing)) == [] and list(nothing.memo.values()) == [()]
    assert list(matcher.finditer(nothing)) == []
    long = normalize("最佳" + "纯棉" * MEMO_MAX_CHARS)
    assert [h.term for h in matcher.finditer(long)] == [0] and not long.memo


def test_inside_work_title():
    title = "《最好的我们》 最好的枕头"
    assert inside_work_title(title, 1, 3)
    assert not inside_work_title(title, 8, 10)
    assert not inside_work_title("最好", 0, 2)


def test_hostile_text_is_fast_and_safe(matcher):
    rng = random.Random(3)
    junk = "".join(chr(rng.randrange(0x20, 0x2FFFF)) for _ in range(200_000))
    junk += "最" * 100_000 + "第1" * 50_000 + "2023年" * 10_000
    start = time.perf_counter()
    hits = list(matcher.finditer(normalize(junk)))
    assert time.perf_counter() - start < 20
    assert hits


def test_second_characters():
    # A superset of what may follow (not probed one by one: the guard tests the pattern itself, or the group does
    # in Python), or None where the guard can use no second character at all.
    assert _second_characters("最佳|最好", "最") is not None
    assert _second_characters("最佳(?:品质)?|最[0-9]", "最") is not None
    assert _second_characters(r"最(?=[\p{Han}a-z])", "最") is None  # may go on with anything
    assert _second_characters("最", "最") is None  # a match may end at the first character
    assert _second_characters("最(?!近)", "最") is None  # ends before anything but 近
    assert _second_characters("最(?!近)[佳好近]", "最") is not None


def test_excused_matches_can_be_left_out(matcher):
    text = normalize("第一步 最佳")
    assert [matcher.terms[h.term] for h in matcher.finditer(text)] == ["第一", "最佳"]
    assert [matcher.terms[h.term] for h in matcher.finditer(text, passes=False)] == ["最佳"]


def test_clauses():
    text = normalize("产地：南投冻顶，级别：特级。", html=True)
    assert text.skeleton.value == "产地南投冻顶级别特级"
    assert clause_starts(text) == [2, 6, 8, 10]
    rows = [{"term": "顶级", "category": "level"}, {"term": "第一", "category": "rank"}]
    rules = context_rules([{"term": "第一", "before": "坚持\\p{Han}{0,4}", "after": "", "effect": "pass"}], "test")
    terms = ContextualTerms(rows, {}, rules, "test")
    assert list(terms.finditer(text)) == []  # 顶，级 is no term
    assert [h.effect for h in terms.finditer(normalize("坚持品质第一"))] == ["pass"]
    assert [h.effect for h in terms.finditer(normalize("坚持。品质第一"))] == [None]  # the context is elsewhere


def test_latin_words_start_where_the_skeleton_dropped_a_space(matcher):
    assert found(matcher, "8mm No.1") == [("No.1", "no1", None)]
    assert found(matcher, "8mmNo.1") == []


def test_a_matcher_of_an_empty_table_finds_nothing():
    empty = ContextualTerms([], {}, [])
    assert list(empty.finditer(normalize("最好的第一名 最佳"))) == []


def test_placeholders_stand_for_the_alternation_given_for_their_name():
    rows = [{"term": "治疗疾病", "pattern": "治(?:{disease}|{function}){0,2}{disease}", "category": "medical"},
            {"term": "最佳", "category": "superlative"}]
    expanded = expand_placeholders(rows, {"disease": "(?:失眠|鼻炎)", "function": "x"})
    assert expanded[0] == {"term": "治疗疾病", "pattern": "治(?:(?:失眠|鼻炎)|x){0,2}(?:失眠|鼻炎)", "category": "medical"}
    assert expanded[1] == {"term": "最佳", "pattern": "", "category": "superlative"}  # no pattern: the term's own
    assert rows[0]["pattern"] == "治(?:{disease}|{function}){0,2}{disease}"  # the table's rows are left as they are
    assert expand_placeholders(rows[:1], {})[0]["pattern"] == rows[0]["pattern"]  # an unknown name stays
    matcher = ContextualTerms(expanded, {}, [], "test")
    assert [matcher.terms[h.term] for h in matcher.finditer(normalize("专治鼻炎"))] == ["治疗疾病"]


@pytest.mark.parametrize("mark", list("，,。！!？?；;：:、\n"))
def test_no_term_is_written_across_a_clause_mark(mark):
    terms = ContextualTerms([{"term": "顶级", "category": "level"}], {}, [], "test")
    assert [h.start for h in terms.finditer(normalize(f"冻顶{mark}级别"))] == []
    assert [h.start for h in terms.finditer(normalize(f"冻顶{mark}顶 级"))] == [3]  # other noise hides no term
