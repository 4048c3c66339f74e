"""Records of another person: a person word and a name (买家张三, 收货人：李四, 王女士) with that person's
phone number, address, identity number or order number close by (seed 000: 真实姓名、手机号码、收货地址、
身份证信息; 消费者订单信息). Works on normalized text (``Text.value``) offsets; the numbers themselves are
found by :mod:`listing_lint.detectors.numbers` and handed in, the addresses by :class:`Addresses` (from
``dictionaries/address_words.tsv``).
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Iterable, Mapping, NamedTuple, Sequence

import regex

from . import LINE_CLAUSE_ENDS, LINE_SENTENCE_ENDS, alternation, character_class, class_members


def _grouped(rows: Iterable[Mapping[str, str]], key: str, word: str) -> dict[str, list[str]]:
    """The ``word`` cells of a table's ``rows`` by their ``key`` cell (a category), in table order."""
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row[key], []).append(row[word])
    return groups


# How many Han characters of a place name may come before its place level (内蒙古自治区, 乌鲁木齐市), and how many
# characters between the place level and the street-level part (北京市|朝阳区建国|路): the address pattern and
# the scan for where an address can be are both built from these.
_PLACE_NAME = 8
_STREET_GAP = 16
_ADDRESS_REACH = 120  # characters after the street word an address may still run (house, building, room)


class Addresses:
    """Addresses in normalized text, from the words of ``dictionaries/address_words.tsv`` (by part): a place
    level (省/市/区/县 …) after a place name, within a few characters a street-level part, then the estate,
    house, building and room numbers (锦绣路2580弄12号801, 香蜜湖路中海华庭5栋1602). Built once per lexicon."""

    def __init__(self, rows: Iterable[Mapping[str, str]]):
        parts = _grouped(rows, "part", "word")
        place_level = f"(?:{alternation(parts.get('place', ()))})"
        street = f"(?:{alternation(parts.get('street', ()))})"
        house = f"(?:{alternation(parts.get('house', ()))})"
        estate = f"(?:{alternation(parts.get('estate', ()))})"
        self.pattern = regex.compile(
            rf"\p{{Han}}{{1,{_PLACE_NAME}}}?{place_level}[\p{{Han}}0-9a-z\-]{{0,{_STREET_GAP}}}?{street}"
            rf"(?:[0-9a-z\-]{{1,6}}{house}|\p{{Han}}{{1,6}}?[0-9a-z\-]{{1,6}}{house}|\p{{Han}}{{0,6}}?{estate}){{0,5}}"
            r"(?:[0-9a-z\-]{1,6}(?![0-9a-z]))?"
        )
        # Where an address can be: a place level with a street-level part after it. Every address contains one;
        # stdlib ``re`` finds them with a C-speed scan for the place character, where ``pattern`` itself would be
        # tried at every Han character. ``place_chars``: the characters that end a place level (character class
        # syntax), where such a place starts.
        self.place_chars = class_members({word[-1] for word in parts.get("place", ())})
        self.place = re.compile(rf"[{self.place_chars}][\w\-]{{0,{_STREET_GAP}}}?{street}")
        # How far before a place level's last character an address may start: its place name and the rest of
        # the level (一二三四五六七八 + 自治 before 区).
        self._reach_back = _PLACE_NAME + max((len(word) for word in parts.get("place", ())), default=1) - 1
        # A word that makes a few characters after a store cue an address (实体店：万达广场3楼).
        self.store_mark = re.compile(alternation(parts.get("store_mark", ())))

    def find(self, value: str, limit: int = 500) -> list[tuple[int, int]]:
        """Spans of the addresses in ``value``, left to right (as ``pattern.finditer``, at most ``limit``)."""
        found: list[tuple[int, int]] = []
        last = pos = 0
        for _ in range(4 * limit):  # hostile text (a megabyte of 市a路) stops being examined here
            if len(found) >= limit:
                break
            place = self.place.search(value, pos)
            if place is None:
                break
            address = self.pattern.search(value, max(last, place.start() - self._reach_back),
                                          min(len(value), place.end() + _ADDRESS_REACH))
            if address is None:
                pos = place.start() + 1
                continue
            found.append(address.span())
            last = pos = address.end()
        return found


_ORDER_NUMBER = regex.compile(r"[\s:：#=]{0,3}[0-9a-z\-]{8,32}")
_CLAUSE_END = re.compile(character_class(LINE_CLAUSE_ENDS))


def _closed(value: str, start: int, end: int) -> int:
    """``end``, past the bracket that closes one opened inside ``value[start:end]`` (王丽娟（手机 139…）)."""
    if end < len(value) and value[end] in "）)":
        inside = value[start:end]
        if inside.count("（") + inside.count("(") > inside.count("）") + inside.count(")"):
            return end + 1
    return end


class Record(NamedTuple):
    kind: str  # "buyer" (a person's phone/address/id) or "order" (a named customer's order)
    start: int  # normalized-text offsets
    end: int


class PersonalRecords:
    def __init__(self, rows: Iterable[Mapping[str, str]], addresses: Addresses, surnames: Iterable[str],
                 data_words: Iterable[str], window: int, context_window: int = 40, after_window: int = 12):
        by_category = _grouped(rows, "category", "term")

        def words(*categories: str) -> str:
            return alternation(w for c in categories for w in by_category.get(c, ()))

        names = sorted(surnames, key=len, reverse=True)
        compound = [s for s in names if len(s) > 1]
        single = class_members(s for s in names if len(s) == 1)
        surname = f"(?:{alternation(compound)}|[{single}])"
        titles = words("title")
        masked = class_members(by_category.get("mask", ()))
        given = rf"(?:(?![{masked}])\p{{Han}})"  # 张某, 张*: masked, not a name

        # -- a person word and the name right after it (买家张三, 收货人：李四, 顾客张美华女士) ----------------
        # After a name comes something that is not part of it: a non-Han character, the end, a title or a
        # word that introduces the person's data (张三电话…, 李四地址…).
        followers = alternation([*data_words, *(w for c in ("phone", "order", "identity", "card", "address")
                                                 for w in by_category.get(c, ()))])
        boundary = rf"(?=[^\p{{Han}}]|$|{followers})"
        self._name = regex.compile(
            rf"[\s:：,，]{{0,3}}({surname}(?:{titles})|{surname}{given}{{1,2}}?(?:{titles}|{boundary}))(?![{masked}])")
        # A person word right before a data word needs no name: 买家电话 138…, 客户的身份证号 …
        self._own_data = regex.compile(rf"的?(?:{words('phone', 'identity', 'card', 'address')})")
        # Plain word lists: stdlib re, whose scan for a literal's first character is a fast C loop.
        self._person = re.compile(words("person"))
        self._merchant = re.compile(rf"(?:{words('merchant')})[^{class_members(LINE_SENTENCE_ENDS)}]{{0,30}}$")  # 退货地址 收件人：…
        self._not_name = regex.compile(words("not_name"))
        self._order = re.compile(words("order"))

        # -- a name standing on its own right before its data (…—— 陈晓燕 139…, 订单示例：王芳 136…) ----------
        # A name needs a non-Han character or a context word before it, but a surname with a title marks its
        # own start (上海的王女士（138…）).
        context = words("person", "record")
        standalone = rf"(?:(?<!\p{{Han}})|(?<=(?:{context})))"
        name = rf"(?|{standalone}({surname}{given}{{1,2}}?(?:{titles})?)|({surname}(?:{titles})))(?![{masked}])"
        # Before a number: separators and data or link words (张三，138…; 林小姐（138…）; 李四 收 电话 138…).
        gap = rf"(?:[\s:：,，、()（）\[\]【】\-—–~/|]|{words('phone', 'identity', 'card', 'address', 'link')})"
        self._tight_name = regex.compile(rf"{name}{gap}{{0,10}}$")
        # Before an address: a residence word (周敏，家住杭州市…; 赵女士家，上海市…) or a title (王女士，上海市…);
        # in 门店地址：广州市… or 来自 原产地 石家庄市… the characters before the address are no name.
        separator = r"[\s:：,，、()（）\-—–~/|]{0,3}"
        self._tight_resident = regex.compile(
            rf"{name}(?:{separator}(?:{words('link')}){separator}|(?<=(?:{titles})){separator})$")
        self._residence = re.compile(words("link"))
        # Whose the name is: the nearer of a context word (person words, 评价/示例/配送 …) and a word of the
        # merchant's own contact (联系人, 咨询, 店主 …) before it; 李四 收 138… (the addressee of a parcel);
        # or a record word closing the clause after the data (周女士 138… 反馈说很好用).
        self._context = re.compile(context)
        self._contact = re.compile(words("contact"))
        self._contact_end = re.compile(rf"(?:{words('contact')})$")
        self._recipient = regex.compile(rf"{separator}(?:{words('recipient')})(?!\p{{Han}})")
        self._record = re.compile(words("record"))

        # A shipping label without a person word (张三，13812345678，北京市朝阳区…88号) needs a given name.
        self._bare_name = regex.compile(rf"(?<!\p{{Han}})({surname}{given}{{1,2}})[\s:：,，、]{{0,3}}$")
        self.addresses = addresses
        self.window = window
        self.context_window = context_window
        self.after_window = after_window

    def names(self, value: str, limit: int) -> list[tuple[int, int]]:
        """Spans (cue start, name end) of a person word followed by a name (买家张三, 收货人：李四) or
        directly by a data word (买家电话, 客户的身份证号)."""
        found = []
        for cue in islice(self._person.finditer(value), limit):
            if self._merchant.search(value, max(0, cue.start() - 34), cue.start()):
                continue  # 退货地址 收件人：王五 — the merchant's own return address
            if self._contact_end.search(value, max(0, cue.start() - 6), cue.end()):
                continue  # 欢迎新老客户 张伟 138… — a contact word ends with the person word
            name = self._name.match(value, cue.end())
            if name and not self._not_name.search(name.group(1)):
                found.append((cue.start(), name.end(1)))
            elif self._own_data.match(value, cue.end()):
                found.append((cue.start(), cue.end()))
        return found

    def find(self, value: str, data: Sequence[tuple[int, int]], limit: int = 500, *,
             addresses: Sequence[tuple[int, int]] | None = None, digits: bool = True) -> list[Record]:
        """Records in ``value``: a named person with, within the window after the name, one of ``data``
        (spans of phone/identity numbers) or an address; or an order number next to a named person.
        At most ``limit`` person words, numbers and order words are examined (hostile text).
        Whose data it is: a person word right before the name (买家张三) says someone else's; a name standing on
        its own right before a number or an address is someone else's when, within ``context_window`` before
        it, a context word (评价, 示例, 配送, 买家 …) is nearer than a word of the merchant's own contact (联系人,
        咨询, 店主 …): 好评来自 陈晓燕 139…, 订单示例：王芳 136…. A name with a title but no context
        (联系人王先生 138…) is the merchant's own contact, not a record; a bare name without context is a
        record only as a shipping label: name, number, address (张三 138… 北京市…88号).
        ``addresses``: those of ``value`` when the caller has them; ``digits``: whether ``value`` has a run of
        digits at all (an order number is one)."""
        records: list[Record] = []
        if addresses is None:
            addresses = self.addresses.find(value, limit)
        # Every record holds a number, an address or an order number.
        if not data and not addresses and not (digits and self._order.search(value)):
            return records
        names = self.names(value, limit)
        anchors = [(a, b, self._tight_name) for a, b in islice(data, limit)]
        if addresses and self._context.search(value) is not None:  # person words are context words too
            for start, end in addresses:
                lead = self._residence.match(value, start)  # 家住杭州市…: the address proper
                anchors.append((lead.end() if lead else start, end, self._tight_resident))
        for a, b, tight in anchors:
            name = tight.search(value, max(0, a - 16), a)
            if name is None or any(x <= name.start(1) < y for x, y in names) or self._not_name.search(name.group(1)):
                continue
            whose = self._whose(value, name.start(1))
            if whose is None:  # 李四 收 138…; 周女士 138… 反馈说很好用
                whose = bool(self._recipient.match(name.group(), name.end(1) - name.start())) or self._told_after(value, b)
            if whose:
                names.append((name.start(1), name.end(1)))
        for start, name_end in sorted(set(names)):
            reach = name_end + self.window
            end = max((b for a, b in data if name_end <= a <= reach), default=None)
            address = self.addresses.pattern.search(value, name_end, min(len(value), reach + 20))
            if address is not None and address.start() <= reach:
                end = max(end or 0, address.end())
            if end is not None:
                records.append(Record("buyer", start, _closed(value, start, end)))
        for a, b in data:
            name = self._bare_name.search(value, max(0, a - 8), a)
            if name is None or self._not_name.search(name.group(1)) or self._whose(value, name.start(1)) is False:
                continue
            address = self.addresses.pattern.search(value, b, min(len(value), b + 8 + self.window))
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

    def _told_after(self, value: str, end: int) -> bool:
        """A record word closes the clause right after the data (周女士 138… 反馈说很好用), no contact word."""
        clause = _CLAUSE_END.search(value, end, end + self.after_window)
        stop = clause.start() if clause else min(len(value), end + self.after_window)
        return (self._record.search(value, end, stop) is not None
                and self._contact.search(value, end, stop) is None)

    def _whose(self, value: str, start: int) -> bool | None:
        """Whose is the name at ``start``: True someone else's (a context word is nearest before it), False the
        merchant's (a contact word is), None unknown (neither within ``context_window``)."""
        if self._merchant.search(value, max(0, start - 34), start):
            return False  # 退货地址 …收件人：王五 — the merchant's own return address
        low = max(0, start - self.context_window)
        other = max((m.end() for m in self._context.finditer(value, low, start)), default=-1)
        # A contact word may also be what looked like the name (门店, 门市: 门 is a surname).
        own = max((m.end() for m in self._contact.finditer(value, low, start + 2)), default=-1)
        if other < 0 and own < 0:
            return None
        return other > own
