"""Citizen identity numbers (listing_lint.detectors.identity_numbers): GB 11643 check character, birth date."""

from __future__ import annotations

import datetime

import pytest

from listing_lint.detectors.identity_numbers import IdentityNumbers, check_character
from listing_lint.lexicon import Lexicon


@pytest.fixture(scope="module")
def ids() -> IdentityNumbers:
    regions = (row["code"] for row in Lexicon().table("id_regions"))
    return IdentityNumbers(regions, today=datetime.date(2024, 6, 1))


def test_check_character_of_the_standard_example():
    # GB 11643-1999 附录 A: 11010519491231002X
    assert check_character("11010519491231002") == "X"
    assert check_character("44030619900307123") == "2"


@pytest.mark.parametrize("number", ["11010519491231002X", "11010519491231002x", "440306199003071232",
                                    "320102198506154568", "510123200001019878"])
def test_valid(ids, number):
    assert ids.valid18(number)


# Each has the right check character: only the named property is wrong.
@pytest.mark.parametrize("number,why", [
    ("110105194912310021", "wrong check character"),
    ("990105194912310023", "no such province"),
    ("110105194913310021", "month 13"),
    ("110105202501010011", "born after today"),
    ("110105189912310015", "born before 1900"),
    ("1101051949123100", "too short"),
    ("11010519491231002Y", "not a check character"),
])
def test_invalid(ids, number, why):
    assert not ids.valid18(number), why


def test_fifteen_digit_numbers(ids):
    assert ids.valid15("110105491231002")
    assert not ids.valid15("110105491331002")  # month 13
    assert not ids.valid15("990105491231002")  # no such province
