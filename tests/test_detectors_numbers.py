"""Digits in disguise (listing_lint.detectors.numbers): decoding with positions, grouping, phone checks."""

from __future__ import annotations

import pytest

from listing_lint.detectors.numbers import DigitReader, DigitRun, PhoneNumbers, bank_card, luhn_valid, split_candidates
from listing_lint.lexicon import Lexicon
from listing_lint.normalize import normalize


@pytest.fixture(scope="module")
def reader() -> DigitReader:
    return DigitReader.from_rows(Lexicon().table("digit_forms"))


@pytest.fixture(scope="module")
def phones() -> PhoneNumbers:
    lexicon = Lexicon()
    options = lexicon.thresholds("third-party-contact")
    return PhoneNumbers((r["prefix"] for r in lexicon.table("phone_prefixes")),
                        (r["code"] for r in lexicon.table("area_codes")),
                        options["mobile_groupings"], options["hotline_breaks"])


def _runs(reader, original):
    text = normalize(original)
    return text, reader.runs(text.value)


@pytest.mark.parametrize("original", [
    "13812345678", "１３８１２３４５６７８", "①③⑧①②③④⑤⑥⑦⑧", "⑴⑶⑻⑴⑵⑶⑷⑸⑹⑺⑻", "一三八一二三四五六七八",
    "幺三八幺二三四五六七八", "壹叁捌壹贰叁肆伍陆柒捌", "❶❸❽❶❷❸❹❺❻❼❽", "➀➂➇➀➁➂➃➄➅➆➇", "1⃣3⃣8⃣1⃣2⃣3⃣4⃣5⃣6⃣7⃣8⃣",
    "1三8一2三4五6七8", "1 3 8-1234 5678", "138.1234.5678", "138，1234，5678",
])
def test_every_written_form_decodes_to_the_same_digits(reader, original):
    text, runs = _runs(reader, original)
    assert [run.digits for run in runs] == ["13812345678"]
    start, end = text.span(runs[0].start, runs[0].end)
    assert original[start:end] == original.rstrip("\u20e3")  # the keycap mark after the last digit is not part


def test_positions_map_back_to_the_original_characters(reader):
    original = "电话：①③⑧ 1234 五六七八 谢谢"
    text, runs = _runs(reader, original)
    (run,) = runs
    a, b = text.span(run.start, run.end)
    assert original[a:b] == "①③⑧ 1234 五六七八"


def test_short_runs_are_not_numbers(reader):
    assert reader.runs(normalize("尺码 165/88a 重量 1.5kg 第一二三名").value) == []


def test_groups_merge_lone_digits(reader):
    (run,) = reader.runs("1 3 8-1234 5678")
    assert run.groups() == (3, 4, 4)
    (run,) = reader.runs("150 160 170 18")
    assert run.groups() == (3, 3, 3, 2)


def test_mobile_needs_an_allocated_prefix_and_a_phone_grouping(reader, phones):
    def mobile(s):
        return phones.mobile(reader.runs(s)[0]) is not None
    assert mobile("13812345678") and mobile("138 1234 5678") and mobile("1381234 5678") and mobile("+86 138 1234 5678")
    assert not mobile("12812345678")  # 128: no such prefix
    assert not mobile("15412345678")  # 154: not allocated
    assert not mobile("150 160 170 18")  # sizes, not a phone
    assert not mobile("138123456789")  # 12 digits


def test_landline_needs_an_area_code_and_a_separator_or_a_cue(reader, phones):
    def landline(s, cued=False):
        return phones.landline(reader.runs(s)[0], cued=cued)
    assert landline("0755-83765566") and landline("010 8765 4321") and landline("(021)62345678")
    assert not landline("02187654321") and landline("02187654321", cued=True)
    assert not landline("0999-1234567")  # no such area code
    assert not landline("010-12345678")  # local numbers do not start with 1
    assert not landline("010.408.11.053")  # a watch reference, grouped unlike a phone


def test_hotline(reader, phones):
    assert phones.hotline(reader.runs("400-820-8820")[0]) and phones.hotline(reader.runs("8008208820")[0])
    assert not phones.hotline(reader.runs("4008-20-88-20")[0])


def test_luhn_and_bank_cards(reader):
    assert luhn_valid("4111111111111111") and luhn_valid("79927398713") and not luhn_valid("79927398710")
    assert bank_card(reader.runs("6222 0212 3456 7890 128")[0])
    assert not bank_card(reader.runs("6222 0212 3456 7890 123")[0])  # Luhn fails
    assert not bank_card(reader.runs("622202 1234567890128")[0])  # not grouped in fours


def test_split_candidates_find_numbers_written_one_after_another(reader, phones):
    (run,) = reader.runs("138 1234 5678 139 8765 4321")
    found = [p.digits for p in split_candidates(run, (11,)) if phones.mobile(p)]
    assert found == ["13812345678", "13987654321"]


@pytest.mark.parametrize("value, expected", [
    ("1.5kg 5.3 6小时 13812345678", ["13812345678"]),  # digits that start no run come first
    ("1234", []), ("12 34", []), ("1 2 3 4", []),  # four digits, however spaced, are no run
    ("12345", ["12345"]), ("1 2 3 4 5", ["12345"]), ("❶❷❸❹❺", ["12345"]),
    ("1-- 2 3 4 5", ["12345"]),  # three separators still join digits
    ("1--- 2 3 4 5 6", ["23456"]),  # four do not: the run starts after them
    ("1,,,,2345", []), ("一年质保 138 1234 5678", ["13812345678"]),
    ("12 3456 7 12345", ["123456712345"]),
])
def test_runs_start_at_the_first_digit_followed_by_four_digits_or_separators(reader, value, expected):
    assert [run.digits for run in reader.runs(value)] == expected


def test_sub_runs_keep_their_breaks():
    run = DigitRun("8613812345678", tuple(range(13)), frozenset({2, 5, 9}))
    assert run.sub(2, 13).breaks == frozenset({3, 7})
    assert run.sub(2, 13).groups() == (3, 4, 4)


def test_a_megabyte_of_digits_is_skipped_quickly(reader):
    import time

    started = time.perf_counter()
    reader.runs("1 " * 500_000)
    reader.runs("一" * 1_000_000)
    assert time.perf_counter() - started < 5
