"""Records of another person: a person word and a name (买家张三, 收货人：李四, 王女士) with that person's
phone number, address, identity number or order number close by (seed 000: 真实姓名、手机号码、收货地址、
身份证信息; 消费者订单信息). Works on normalized text (``Text.value``) offsets; the numbers themselves are
found by :mod:`listing_lint.detectors.numbers` and handed in.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Iterable, Mapping, NamedTuple, Sequence

import regex

# An address: a place level (省/市/区/县 …) followed, within a few characters, by a street-level part.
ADDRESS = regex.compile(
    r"\p{Han}{1,8}?(?:省|市|自治区|区|县|旗|镇|乡)[\p{Han}0-9a-z\-]{0,16}?"
    r"(?:路|街|道|巷|弄|胡同|村|小区|花园|公寓|大厦)[0-9a-z\-]{0,6}(?:号|栋|幢|楼|室|单元|弄)?"
)
_ORDER_NUMBER = regex.compile(r"[\s:：#=]{0,3}[0-9a-z\-]{8,32}")
_MASK = "*＊×xX某"


class Record(NamedTuple):
    kind: str  # "buyer" (a person's phone/address/id) or "order" (a named customer's order)
    start: int  # normalized-text offsets
    end: int


def word_pattern(words: Iterable[str]) -> str:
    """Plain words as one alternation, longest first. Kept plain on purpose: stdlib ``re`` scans for the
    first characters of an alternation of literals in C."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


class PersonalRecords:
    def __init__(self, rows: Iterable[Mapping[str, str]], surnames: Iterable[str], data_words: Iterable[str],
                 window: int):
        by_category: dict[str, list[str]] = {}
        for row in rows:
            by_category.setdefault(row["category"], []).append(row["term"])
        names = sorted(surnames, key=len, reverse=True)
        compound = [s for s in names if len(s) > 1]
        single = "".join(regex.escape(s) for s in names if len(s) == 1)
        surname = f"(?:{word_pattern(compound)}|[{single}])"
        titles = word_pattern(by_category.get("title", ()))
        # After a name comes something that is not part of it: a non-Han character, the end, or a word
        # that introduces the person's data (张三电话…, 李四地址…).
        followers = word_pattern([*data_words, *(w for c in ("phone", "order", "identity", "card", "address")
                                                 for w in by_category.get(c, ()))])
        boundary = rf"(?=[^\p{{Han}}]|$|{followers})"
        # A person word right before a data word needs no name: 买家电话 138…, 客户的身份证号 …
        own = word_pattern(w for c in ("phone", "identity", "card", "address") for w in by_category.get(c, ()))
        self._own_data = regex.compile(rf"的?(?:{own})")
        masked = "".join(regex.escape(c) for c in _MASK)
        given = rf"(?:(?![{masked}])\p{{Han}})"  # 张某, 张*: masked, not a name
        self._name = regex.compile(
            rf"[\s:：,，]{{0,3}}({surname}(?:{titles})|{surname}{given}{{1,2}}?{boundary})(?![{masked}])")
        # A shipping label without a person word: 张三，13812345678，北京市朝阳区…88号.
        self._bare_name = regex.compile(rf"(?<!\p{{Han}})({surname}{given}{{1,2}})[\s:：,，、]{{0,3}}$")
        # Plain word lists: stdlib re, whose scan for a literal's first character is a fast C loop.
        self._person = re.compile(word_pattern(by_category.get("person", ())))
        merchant = by_category.get("merchant", ())  # 退货地址 收件人：… is the merchant
        self._merchant = re.compile(rf"(?:{word_pattern(merchant)})[^。；;！!？?\n]{{0,30}}$")
        self._not_name = regex.compile(word_pattern(by_category.get("not_name", ())))
        self._order = re.compile(word_pattern(by_category.get("order", ())))
        self.window = window

    def names(self, value: str, limit: int) -> list[tuple[int, int]]:
        """Spans (cue start, name end) of a person word followed by a name (买家张三, 收货人：李四) or
        directly by a data word (买家电话, 客户的身份证号)."""
        found = []
        for cue in islice(self._person.finditer(value), limit):
            if self._merchant.search(value, max(0, cue.start() - 34), cue.start()):
                continue  # 退货地址 收件人：王五 — the merchant's own return address
            name = self._name.match(value, cue.end())
            if name and not self._not_name.search(name.group(1)):
                found.append((cue.start(), name.end(1)))
            elif self._own_data.match(value, cue.end()):
                found.append((cue.start(), cue.end()))
        return found

    def find(self, value: str, data: Sequence[tuple[int, int]], limit: int = 500) -> list[Record]:
        """Records in ``value``: a named person with, within the window after the name, one of ``data``
        (spans of phone/identity numbers) or an address; or an order number next to a named person.
        At most ``limit`` person words and order words are examined (hostile text).
        A name with a title but no person word (联系人王先生 138…) is the merchant's own contact, not a record;
        a bare name is a record only as a shipping label: name, number, address (张三 138… 北京市…88号)."""
        records: list[Record] = []
        if not data and self._person.search(value) is None and self._order.search(value) is None:
            return records
        names = self.names(value, limit)
        for start, name_end in names:
            limit = name_end + self.window
            end = max((b for a, b in data if name_end <= a <= limit), default=None)
            address = ADDRESS.search(value, name_end, min(len(value), limit + 20))
            if address is not None and address.start() <= limit:
                end = max(end or 0, address.end())
            if end is not None:
                records.append(Record("buyer", start, end))
        for a, b in data:
            name = self._bare_name.search(value, max(0, a - 8), a)
            if name is None or self._not_name.search(name.group(1)):
                continue
            address = ADDRESS.search(value, b, min(len(value), b + 8 + self.window))
            if address is not None and address.start() <= b + 8:
                records.append(Record("buyer", name.start(1), address.end()))
        for order in islice(self._order.finditer(value), limit):
            number = _ORDER_NUMBER.match(value, order.end())
            if number is None or not any(c.isdigit() for c in number.group()):
                continue
            after = self._name.match(value, number.end())
            if after and not self._not_name.search(after.group(1)):
                records.append(Record("order", order.start(), after.end(1)))
                continue
            near = [(a, b) for a, b in names
                    if abs(a - number.end()) <= self.window or abs(order.start() - b) <= self.window]
            if near:
                a, b = near[0]
                records.append(Record("order", min(a, order.start()), max(b, number.end())))
        return records
