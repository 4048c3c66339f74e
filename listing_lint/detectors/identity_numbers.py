"""Citizen identity numbers (GB 11643-1999 公民身份号码): 6-digit address code, 8-digit birth date,
3-digit sequence code and a check character (ISO 7064 MOD 11-2, ``X`` for 10). 15-digit numbers issued
before 1999 have a 6-digit birth date (19YYMMDD) and no check character.
"""

from __future__ import annotations

import datetime
from typing import Iterable

# GB 11643-1999 §8.2: weights 2^(17-i) mod 11 and the check character for each remainder.
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_EARLIEST_BIRTH_YEAR = 1900


def check_character(first17: str) -> str:
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS)) % 11]


def _real_date(year: int, month: int, day: int, today: datetime.date) -> bool:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    return _EARLIEST_BIRTH_YEAR <= year and born <= today


class IdentityNumbers:
    def __init__(self, region_codes: Iterable[str], today: datetime.date | None = None):
        self.region_codes = frozenset(region_codes)  # province-level: first two digits
        self.today = today or datetime.date.today()

    def valid18(self, number: str) -> bool:
        """``number``: 17 digits and a check character (digit or x/X)."""
        if len(number) != 18 or not number[:17].isdigit() or number[:2] not in self.region_codes:
            return False
        if not _real_date(int(number[6:10]), int(number[10:12]), int(number[12:14]), self.today):
            return False
        return check_character(number[:17]) == number[17].upper()

    def valid15(self, number: str) -> bool:
        """An identity number of the 1985-1999 format (born 19YY, no check character)."""
        if len(number) != 15 or not number.isdigit() or number[:2] not in self.region_codes:
            return False
        return _real_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]), self.today)
