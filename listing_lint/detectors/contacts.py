"""Contacts and private data in a text: what the third-party-contact and personal-info rules report.

One scanner finds both, so that the boundary between them is drawn in one place:

* **contact** (seed 002 §4, seed 004): a channel word with an account after it (微信: abc123, 加V msc496,
  🐧 12345678) or after an add word (加我微信), an add word with an account after a colon and no channel
  word at all (团购+嘉：qw_rice2024), a valid phone number (mobile by MIIT prefix, landline by
  area code, 400/800), a URL, bare domain or short link, an e-mail address, QR-code / offline-store /
  off-platform-payment / steering cues, a name written with split characters next to an invitation
  (加幕.思.城老师), and a bank card number given as a payment account (转账到 6222…).
* **personal** (seed 000): a valid citizen identity number; a named person (买家张三, or a name in a review,
  an example order or a delivery list: 好评来自 陈晓燕 139…) with their phone, address or order; a bank card
  number that is not a payment account.

A phone number inside a personal record is reported there only. Channel words are matched on the
normalized text through the character variants of ``dictionaries/char_variants`` with up to three noise
characters between characters (微.信, 扣 扣, V❤, ➕V); numbers are decoded by :mod:`.numbers`.

Each rule asks for its own family (``contacts(text)``, ``personal(text)``). What both need (digit runs,
numbers, addresses, personal data) is computed once per Text and kept in its ``memo``; the contact part runs
only when asked for.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from itertools import islice
from typing import Any, Mapping, NamedTuple, Sequence

import regex

from ..lexicon import LexiconError
from ..normalize import Text, normalize
from . import (CLAUSE_ENDS, HAN_SCRIPT_RANGES, LINE_CLAUSE_ENDS, LINE_SENTENCE_ENDS, alternation, character_class,
               class_members)
from .disguise import variant_table
from .identity_numbers import IdentityNumbers
from .numbers import DigitReader, DigitRun, PhoneNumbers, bank_card, split_candidates
from .personal_data import Addresses, PersonalRecords

CONTACT = "contact"
PERSONAL = "personal"

# Noise merchants put between the characters of a word (stdlib re: not a letter or digit), at most _GAP_MAX of
# them: the full term pattern and the quick check of where a term can start are both built from these two.
_GAP_CHAR = r"[\W_]"
_GAP_MAX = 3


def _gap(least: int) -> str:
    return rf"{_GAP_CHAR}{{{least},{_GAP_MAX}}}"


_GAP = _gap(0)
_NOISE = regex.compile(r"[^\p{L}\p{N}]*")
_LATIN_ID = regex.compile(r"[a-z][a-z0-9_\-]{5,19}(?![a-z0-9_\-])")
_WECHAT_CHANNELS = ("wechat",)
# Channels whose accounts may be names in Han characters (公众号：某某好物), after an explicit connector.
_NAMED_CHANNELS = ("official_account", "weibo", "xiaohongshu", "wangwang")
_HAN_NAME = regex.compile(r"\p{Han}{2,12}")
_HAN = regex.compile(r"\p{Han}")
_COLON = re.compile(r"[:：=]")
_GLUE = regex.compile(r"[\-_.]?")  # vx28123…, wx-20000: a channel letter glued to a code
_STORE_LEAD = regex.compile(r"[\s:：]{0,3}")
_STORE_TAIL = regex.compile(rf"[^\s{class_members(CLAUSE_ENDS)}]{{2,40}}")
# The marks put between the characters of a name written split (幕.思.城, 幕·思·城): the split-name pattern and its
# quick checks are built from this string.
_SPLIT_MARKS = ".·•*_|-~"


class _Mark(NamedTuple):
    """A written form of a link's dot or an e-mail's @ (a row of dictionaries/link_marks): the link and e-mail
    patterns and their quick checks are all built from these."""

    form: str
    spaces: str  # "optional": whitespace may stand on either side; "required": it must; "": none may

    @property
    def quick(self) -> str:
        """The form as a quick check looks for it, a " " standing for one whitespace character (see
        :func:`_quick_pattern`): with the whitespace after it that it requires (dot com, not dotcom); the
        whitespace before it adds nothing to a quick check."""
        return self.form + " " if self.spaces == "required" else self.form

    @property
    def pattern(self) -> str:
        """The form with the whitespace it requires."""
        return rf"\s{re.escape(self.form)}\s" if self.spaces == "required" else re.escape(self.form)


_MARK_SPACES = ("optional", "required", "")
_REAL_AT = "@"  # an address written with it needs no known mail host


def _marks(rows: Sequence[Mapping[str, str]], kind: str) -> list[_Mark]:
    marks = [_Mark(row["form"], row["spaces"]) for row in rows if row["kind"] == kind]
    for mark in marks:
        if mark.spaces not in _MARK_SPACES:
            raise LexiconError(f"link_marks: {mark.form!r} 的 spaces 应为 optional、required 或空, 实为 {mark.spaces!r}")
    return marks


def _marks_pattern(marks: Sequence[_Mark]) -> str:
    """One pattern for the written forms of a mark, with the whitespace each allows (the forms that may have it
    as one group)."""
    spaced = "|".join(re.escape(m.form) for m in marks if m.spaces == "optional")
    others = [m.pattern for m in marks if m.spaces != "optional"]
    return "(?:" + "|".join(([rf"\s?(?:{spaced})\s?"] if spaced else []) + others) + ")"


def _quick_pattern(quick: str) -> str:
    return re.escape(quick).replace(r"\ ", r"\s")


# Digit counts worth splitting a long run at: cards 16-19, identity 18/15, +86 mobile 13, mobile and
# landline 11-12, hotline 10.
_SPLIT_LENGTHS = (19, 18, 17, 16, 15, 13, 12, 11, 10)
# No listing holds more contacts than this; hostile text (a megabyte of 加V) stops being examined here,
# which bounds the work and the number of findings.
MAX_MATCHES = 500


class Found(NamedTuple):
    family: str  # CONTACT or PERSONAL
    kind: str  # wechat, qq, phone, hotline, url, email, qr, store, payment, steer, split_name, card_payment;
    #            resident_id, bank_card, buyer_record, order_record
    label: str  # what it is, in Chinese (微信, 电话, 网址 …)
    start: int  # ORIGINAL offsets
    end: int
    severity: str | None  # None: the rule's default
    data: bool  # the span is contact data (an id, number, address): deleting it is a safe fix


@dataclass
class _Span:
    kind: str
    label: str
    start: int  # normalized-text offsets
    end: int
    severity: str | None = None
    data: bool = True
    family: str = CONTACT


def _option_pattern(option: str, *, first: bool, last: bool) -> str:
    """One written form of a character. Latin letters at a term's edges must not touch other letters or
    digits (qq, not inside qqq; v, not in 12v); the guard before the first letter is written after it, so
    that it is checked only where the literal is there."""
    pattern = re.escape(option)
    if first and option[0].isascii() and option[0].isalpha():
        pattern += rf"(?<![a-z0-9]{re.escape(option)})"
    if last and option[-1].isascii() and option[-1].isalpha():
        pattern += r"(?![a-z])"
    return pattern


def _forms(term: str, variants: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """``term`` as one list per character: its written forms (variants, symbols included), longest first."""
    return [sorted({char, *variants.get(char, ())}, key=len, reverse=True) for char in normalize(term).value]


def _units(term: str, variants: Mapping[str, Sequence[str]]) -> list[tuple[str, ...]]:
    """``term`` as one tuple per character: the patterns of its written forms."""
    forms = _forms(term, variants)
    return [tuple(_option_pattern(o, first=i == 0, last=i == len(forms) - 1) for o in options)
            for i, options in enumerate(forms)]


def disguised_terms_pattern(terms: Sequence[str], variants: Mapping[str, Sequence[str]]) -> tuple[str, list[int]]:
    """One stdlib-``re`` pattern for all ``terms``, written through their variants with noise allowed
    between characters (微.信, V❤信, ➕V). Terms share prefixes (a trie), each ends in an empty group, and
    the second value maps a match's ``lastindex - 1`` to the term's index; at one position the longest
    term wins. The pattern is meant to be tried (``match``) only where :func:`disguised_terms_start` says a
    term can start, so it needs no scannable first literal: the forms of a character share one subtree."""
    root: dict = {}
    for index, term in enumerate(terms):
        node = root
        for unit in _units(term, variants):
            node = node.setdefault(unit, {})
        node.setdefault(None, index)
    order: list[int] = []

    def alternatives(options: tuple[str, ...]) -> str:
        return options[0] if len(options) == 1 else "(?:" + "|".join(options) + ")"

    def tail(node: dict) -> str:
        parts = []
        children = [unit for unit in node if unit is not None]
        if children:
            parts.append(_GAP + "(?:" + "|".join(alternatives(unit) + tail(node[unit]) for unit in children) + ")")
        if None in node:
            order.append(node[None])
            parts.append("()")
        return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"

    # One branch per first character, its forms grouped ((?:微|威|薇)…), not a copy of the subtree per form: the
    # same matches, with a pattern a third smaller that compiles in half the time.
    return "|".join(alternatives(unit) + tail(child) for unit, child in root.items()), order


def disguised_terms_start(terms: Sequence[str], variants: Mapping[str, Sequence[str]]) -> str:
    """A stdlib-``re`` pattern that matches (at least) wherever a match of :func:`disguised_terms_pattern`
    can start: a form's first character followed by what may come next in the term — the form's second
    character, or a form of the term's next character after at most ``_GAP_MAX`` noise characters — or standing
    alone if it completes a term. Most first characters of terms in a text (不, 电, 线, 小 …) are followed
    by none of these, and this check costs a character class or two where the full pattern tries every
    branch."""
    first: set[str] = set()
    alone: set[str] = set()
    glued: set[str] = set()  # the second character of a form (wei): no noise inside a form
    following: set[str] = set()  # the first characters of the next character's forms, after the gap
    for term in terms:
        forms = _forms(term, variants)
        for option in forms[0] if forms else ():
            first.add(option[0])
            if len(option) > 1:
                glued.add(option[1])
            elif len(forms) == 1:
                alone.add(option)
            else:
                following.update(o[0] for o in forms[1])

    after = [character_class(glued | following)]
    if following:
        after.append(rf"{_gap(1)}{character_class(following)}")  # no noise at all is the class above
    if alone:
        after.append(f"(?<={character_class(alone)})")
    return f"{character_class(first)}(?:{'|'.join(after)})"


def _where_any(first_characters: str, patterns: Sequence[str]) -> re.Pattern:
    """Where one of ``patterns`` can start, as a one-character match there. ``first_characters`` (character
    class syntax) are those the patterns can start with: stdlib ``re`` scans for them in C and tries the
    patterns only there (it has no such scan for an alternation whose branches do not all start with a literal)."""
    alternatives = "|".join(f"(?:{pattern})" for pattern in patterns)
    return re.compile(rf"[{first_characters}](?<=(?={alternatives})(?s:.))")


class _Account(NamedTuple):
    end: int  # normalized-text end of the account id
    kind: str  # the channel's kind, or "phone"/"hotline" when the id is such a number
    explicit: bool  # introduced by an explicit connector (':', 号, 是 …) or a phone number itself


class ContactScanner:
    """Built once per lexicon and options (see :func:`scanner`); ``scan(text)`` is cached per Text."""

    def __init__(self, lexicon: Any, contact_options: Mapping[str, Any], personal_options: Mapping[str, Any]):
        terms = lexicon.table("contact_terms")
        variants = variant_table(lexicon.table("char_variants"))
        by_category: dict[str, list[Mapping[str, str]]] = {}
        for row in terms:
            by_category.setdefault(row["category"], []).append(row)

        def words(category: str) -> list[str]:
            return [normalize(row["term"]).value for row in by_category.get(category, ())]

        # The cue scan: every reportable or combinable word, longest first, one group per term.
        self._cues = [row for c in ("steer", "qr", "store", "store_address", "payment", "channel", "add")
                      for row in by_category.get(c, ())]
        self._cues.sort(key=lambda row: len(row["term"]), reverse=True)
        pattern, self._cue_order = disguised_terms_pattern([row["term"] for row in self._cues], variants)
        self._cue_pattern = re.compile(pattern)
        self._cue_start = re.compile(disguised_terms_start([row["term"] for row in self._cues], variants))
        qr_places = alternation(words("qr_place"))
        qr_objects = words("qr_object")
        # Every QR phrase ends in a qr_object word: a character they all share (码) rules most texts out at once.
        shared = set.intersection(*map(set, qr_objects)) if qr_objects else set()
        self._qr_mark = min(shared) if shared else None
        self._qr_phrase = re.compile(
            f"(?:{alternation(words('qr_verb'))}){_GAP}(?:{qr_places})?的?(?:{alternation(qr_objects)})"
        )
        not_contact = words("not_contact")
        self._not_contact = re.compile(alternation(not_contact))  # without words, a pattern that matches nothing
        # A channel word can be part of one of these words only if it is written as a part of one (v in v领); most
        # (电话, 手机) never are, and the text is not searched for them.
        self._not_contact_parts = frozenset(word[i:j] for word in not_contact
                                            for i in range(len(word)) for j in range(i + 1, len(word) + 1))
        self._invitation = re.compile(_GAP + "(?:" + alternation(words("invitation")) + ")") if words("invitation") else None
        connectors = alternation(words("connector"))
        self.id_gap = int(contact_options.get("id_gap", 8))
        # How far _connector can reach: id_gap pieces, each a character or a connector word (号码, 账号).
        self._connector_reach = self.id_gap * max([1, *map(len, words("connector"))])
        self._connector = regex.compile(rf"(?:[^\p{{L}}\p{{N}}]|{connectors}){{0,{self.id_gap}}}")
        self._explicit = regex.compile(rf"[:：=]|{connectors}")
        self._units = regex.compile(rf"\s*(?:{alternation(words('unit'))})")
        # A code word right before the number, with at most a colon and a short Latin prefix between
        # (货号：15012345678, 型号 13800138000, 执行标准 GB/T 22849-2014).
        self._code_word = re.compile(
            rf"(?:{alternation(words('not_number'))})[\s:：#=]{{0,3}}(?:[a-z]{{1,4}}[\s\-/]{{0,2}})?$")
        self._pay_context = re.compile(alternation(words("pay_context") + words("payment")))
        self._service = re.compile(alternation(words("service")))
        phone_words = [normalize(row["term"]).value for row in by_category.get("channel", ()) if row["channel"] == "phone"]
        self._phone_cue = re.compile(alternation(phone_words))
        self._split_context = alternation(words("split_context"))
        in_clause, in_sentence = class_members(LINE_CLAUSE_ENDS), class_members(LINE_SENTENCE_ENDS)
        # 请勿私下交易, 谨防…加微信: a warning in the same clause, not an invitation.
        self._negation = re.compile(rf"(?:{alternation(words('negation'))})[^{in_clause}]{{0,10}}$")
        # An address after a store word (欢迎进店选购，地址：…) unless a label word says whose it is (厂址, 退货地址).
        self._store_hint = re.compile(rf"(?:{alternation(words('store_hint'))})[^{in_sentence}]{{0,12}}$")
        self._label_hint = re.compile(rf"(?:{alternation(words('label_hint'))})[^{in_clause}]{{0,6}}$")
        self.hotline_severity = contact_options.get("hotline_severity", "warning")
        self.service_hotline_severity = contact_options.get("service_hotline_severity", "info")

        self.digits = DigitReader.from_rows(lexicon.table("digit_forms"))
        self.phones = PhoneNumbers(
            (row["prefix"] for row in lexicon.table("phone_prefixes")),
            (row["code"] for row in lexicon.table("area_codes")),
            contact_options.get("mobile_groupings", [[11], [3, 4, 4], [3, 8]]),
            contact_options.get("hotline_breaks", [3, 6]),
        )
        self.identity = IdentityNumbers(row["code"] for row in lexicon.table("id_regions"))
        self.addresses = Addresses(lexicon.table("address_words"))
        # Whether a text holds a digit run or an address (asked where ``_rare_hint`` found something): one scan for the
        # two, the first character by a class (a C-speed scan), then either pattern from there.
        self._run_or_place = _where_any(self.digits.digit_chars + self.addresses.place_chars,
                                        [self.digits.run_start.pattern, self.addresses.place.pattern])

        domains: dict[str, list[str]] = {}
        for row in lexicon.table("web_domains"):
            domains.setdefault(row["category"], []).append(row["name"].lower())
        self._platform_hosts = tuple(domains.get("platform", ()))
        self._mail_hosts = frozenset(domains.get("mail", ()))
        self._short_hosts = frozenset(domains.get("short_link", ()))
        self._not_domains = frozenset(domains.get("not_domain", ()))
        marks = lexicon.table("link_marks")
        dots, ats = _marks(marks, "dot"), _marks(marks, "at")
        dot = _marks_pattern(dots)
        label = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
        tlds = sorted(domains.get("tld", ()), key=len, reverse=True)
        tld = "(?:" + "|".join(regex.escape(t).replace(r"\.", dot) for t in tlds) + ")"
        host = rf"(?:{label}{dot}){{1,6}}?{tld}(?![a-z0-9\-])"
        path = r"(?:/[^\s<>\"'，。；！？、（）【】]{0,200})?"
        self._url = regex.compile(
            rf"(?:https?|ftp)\s?[:：#]?\s?//\s?[^\s<>\"'，。；！？、（）【】]{{1,200}}"
            rf"|(?<![a-z0-9@._\-])({host}){path}"
        )
        self._email = regex.compile(
            rf"(?<![a-z0-9._%+\-])[a-z0-9][a-z0-9._%+\-]{{0,63}}({_marks_pattern(ats)})({host})"
        )
        self._dot = regex.compile(dot)
        # Cheap tests that say whether the expensive patterns can match at all, tried only at the characters they
        # can start with (a C-speed scan; see _where_any).
        quick_dots = [d.quick for d in dots]
        dot_starts = "/" + class_members({d[0] for d in quick_dots})  # as in a character class
        re_dots = "(?:" + "|".join(_quick_pattern(d) for d in quick_dots) + ")"
        re_dot = re_dots + r"\s?"
        tld_tail = r"\s?(?:" + "|".join(re.escape(t).replace(r"\.", re_dot) for t in tlds) + r")(?![a-z0-9\-])"
        self._web_hint = _where_any(dot_starts, [f"//|{re_dots}{tld_tail}"])
        self._mail_hint = re.compile("|".join(a.pattern for a in ats))  # the separators of _email
        split_marks = _SPLIT_MARKS
        self._split_name = regex.compile(rf"\p{{Han}}(?:\s?[{re.escape(split_marks)}]\s?\p{{Han}}){{2,}}")
        split_hint = rf"[{re.escape(split_marks)}]\s?[{HAN_SCRIPT_RANGES}]"  # as _split_name: any \p{Han} (〇, 𠀋)
        self._split_hint = re.compile(split_hint)
        # What both hints need, in one scan: a TLD's first letter after a dot (and a space), or a split mark
        # followed by a Han character. Links and split names are rare; one scan instead of two for the texts with
        # neither. Tried at the letter, not at the dot: 。 ends every sentence, Latin letters are fewer, and one
        # look at the character before the letter rejects most of them. (Each part written once: a class of a
        # Han range takes milliseconds to compile.)
        tld_letters = class_members({t[0] for t in tlds})  # as in a character class
        dot_ends = class_members({d[-1] for d in quick_dots})
        after_dot = "|".join(rf"(?<={_quick_pattern(d)}.)|(?<={_quick_pattern(d)}\s.)" for d in quick_dots)  # (. is the letter)
        web_or_split = rf"//|[{tld_letters}](?<=[{dot_ends}\s].)(?:{after_dot})|{split_hint}"
        self._web_or_split_hint = _where_any(f"/{tld_letters}{re.escape(split_marks)}", [web_or_split])
        # Whether a text may hold any rare finding — a digit run, an address, a link, a split name, a QR phrase —
        # in one scan: most texts hold none, and each full-text scan costs about 1 µs on a catalog's details.
        qr_starts = class_members({verb[0] for verb in words("qr_verb")})
        self._rare_hint = _where_any(
            f"{self.digits.digit_chars}{self.addresses.place_chars}/{tld_letters}{re.escape(split_marks)}{qr_starts}",
            [self.digits.run_start.pattern, self.addresses.place.pattern, web_or_split, self._qr_phrase.pattern])
        self._split_before = regex.compile(rf"(?:{self._split_context})[^\p{{L}}\p{{N}}]{{0,2}}$")
        self._split_after = regex.compile(rf"\p{{Han}}{{0,6}}(?:{self._split_context})")

        person_rows = lexicon.table("personal_terms")
        self._person_rows = {row["category"]: [] for row in person_rows}
        for row in person_rows:
            self._person_rows[row["category"]].append(normalize(row["term"]).value)
        self.records = PersonalRecords(
            person_rows, self.addresses, (row["surname"] for row in lexicon.table("surnames")),
            [*phone_words, *words("channel")], int(personal_options.get("record_window", 40)),
            int(personal_options.get("context_window", 40)), int(personal_options.get("after_window", 12)),
        )
        self._identity_cue = regex.compile(rf"(?:{alternation(self._person_rows.get('identity', ()))})[^\p{{Han}}]{{0,6}}$")
        self._card_cue = re.compile(alternation(self._person_rows.get("card", ())))
        self._person_cue = re.compile(alternation(self._person_rows.get("person", ())))
        # Every finding holds one of these characters (a digit, the first character of a word or variant, a dot
        # of a link — an e-mail address's host holds one too —, a URL symbol, a split mark); text with none of them
        # (白色 M) is skipped at once.
        starters = (set("0123456789") | set(self.digits.forms) | {d.form[0] for d in dots} | set("/:")
                    | set(_SPLIT_MARKS))
        starting = ("channel", "add", "steer", "qr", "qr_verb", "store", "store_address", "payment", "person", "order")
        for row in [*terms, *person_rows]:
            term = normalize(row["term"]).value if row["category"] in starting else ""
            if term:
                starters.update(option[0] for option in (term[0], *variants.get(term[0], ())) if option)
        self._starter = re.compile(character_class(starters))
        # Memo keys of this scanner's results in a Text (built once: a key made per text would be kept per text).
        self._contact_key = (self, CONTACT)
        self._all_key = (self, "all")

    # -- public ------------------------------------------------------------------------------------

    def scan(self, text: Text) -> Sequence[Found]:
        """Contacts and personal data of ``text``, in order, each with ORIGINAL offsets."""
        found = text.memo.get(self._all_key)
        if found is None:
            both = [*self.contacts(text), *self.personal(text)]
            found = text.memo[self._all_key] = sorted(both, key=lambda f: (f.start, -f.end)) if both else _NONE
        return found

    def personal(self, text: Text) -> Sequence[Found]:
        """The personal data of ``text``: what personal-info reports."""
        return self._state(text).personal_found

    def contacts(self, text: Text) -> Sequence[Found]:
        """The contacts of ``text``: what third-party-contact reports (the contact scan runs on first ask)."""
        found = text.memo.get(self._contact_key)
        if found is None:
            state = self._state(text)
            found = _found(text, self._contacts(text.value, state)) if state.may_hold_findings else _NONE
            text.memo[self._contact_key] = found
        return found

    # -- the scan ----------------------------------------------------------------------------------

    def _state(self, text: Text) -> "_TextScan":
        """What both rules need, once per Text (kept in its memo, so the second rule asking pays nothing):
        the digit runs, the strong numbers among them (phones, hotlines, cards, identity numbers), the
        addresses and the personal data. Texts with none of them share one state object: a catalog's
        texts are mostly such, and keeping no object per text keeps the garbage collector idle."""
        # The quick checks: each is hand-written to say "maybe" wherever the slower search it stands in for can
        # find something, and it must stay looser than that search (test_the_quick_checks_never_hide_a_finding
        # scans generated text with every check saying "maybe" and with these, and compares):
        #   quick check                          stands in for
        #   _starter                             everything: no such character, no finding (_NOTHING)
        #   _rare_hint                           _run_or_place, _web_or_split_hint, _qr_phrase (else _CUES_ONLY)
        #   _run_or_place (from _rare_hint on)   digits.runs(), addresses.find(), hence personal data (else _NO_DATA)
        #   _web_or_split_hint                   _web_hint and _split_hint, in one scan
        #   _web_hint                            _url and _email (in _web)
        #   _mail_hint                           _email (in _web)
        #   _split_hint                          _split_name (in _split_names)
        #   _qr_mark in value                    _qr_phrase (a character every qr_object word holds: 码)
        #   _cue_start                           where _cue_pattern is tried (in _cue_matches)
        #   _not_contact_parts                   _not_contact (V领, Q弹, in _channels)
        #   a colon within _connector_reach      _connector holding a colon (in _added_account)
        #   no digit run for a phone word        _numeric_account (in _account)
        state = text.memo.get(self)
        if state is None:
            value = text.value
            if not value or self._starter.search(value) is None:
                state = _NOTHING
            elif (rare := self._rare_hint.search(value)) is None:
                state = _CUES_ONLY
            elif self._run_or_place.search(value, rare.start()) is None:
                state = _NO_DATA  # no number and no address: no personal data either
            else:
                runs = self.digits.runs(value)
                if len(runs) > MAX_MATCHES:
                    runs = runs[:MAX_MATCHES]
                numbers = self._numbers(value, runs) if runs else []
                addresses = self.addresses.find(value, MAX_MATCHES)
                personal = self._personal(value, runs, numbers, addresses)
                if runs or addresses or personal:
                    state = _TextScan(runs, numbers, addresses, personal, _found(text, personal))
                else:
                    state = _NO_DATA
            text.memo[self] = state
        return state

    def _contacts(self, value: str, state: "_TextScan") -> list[_Span]:
        # Most texts have no digit run and no address (a shared state): nothing is built for them.
        spans = [n for n in state.numbers if n.family == CONTACT] if state.numbers else []
        spans += self._channels(value, {run.start: run for run in state.runs} if state.runs else {})
        rare = state.may_hold_link_or_qr
        web_or_split = rare and self._web_or_split_hint.search(value) is not None
        if web_or_split:
            spans += self._web(value)
        if rare and (self._qr_mark is None or self._qr_mark in value):
            spans += [_Span("qr", "二维码", *m.span(), data=False)
                      for m in islice(self._qr_phrase.finditer(value), MAX_MATCHES)]
        if web_or_split:
            spans += self._split_names(value)
        if state.addresses:
            spans += self._store_addresses(value, state.addresses)
        # A span reported as personal data is not also a contact, nor is the cue that introduces it
        # (客户李四的银行卡号 6222…).
        personal = state.personal
        if personal:
            spans = [s for s in spans if not any(_overlap(s, p) or _introduces(value, s, p) for p in personal)]
        return _merge(spans, value) if len(spans) > 1 else spans

    def _numbers(self, value: str, runs: list[DigitRun]) -> list[_Span]:
        out: list[_Span] = []
        for run in runs:
            if len(run.digits) < _SPLIT_LENGTHS[-1]:
                continue  # shorter numbers are phones only after a phone word (see _channels)
            if self._code_word.search(value, max(0, run.start - 20), run.start):
                continue
            span = self._number(value, run)
            if span is not None:
                out.append(span)
                continue
            taken = 0
            for part in split_candidates(run, _SPLIT_LENGTHS):
                if part.start < taken:
                    continue
                span = self._number(value, part)
                if span is not None:
                    out.append(span)
                    taken = part.end
        return out

    def _number(self, value: str, run: DigitRun) -> _Span | None:
        digits = run.digits
        if len(digits) == 17 and value[run.end:run.end + 1] == "x" and self.identity.valid18(digits + "x"):
            return _Span("resident_id", "身份证号", run.start, run.end + 1, family=PERSONAL)
        if len(digits) == 18 and self.identity.valid18(digits):
            return _Span("resident_id", "身份证号", run.start, run.end, family=PERSONAL)
        if len(digits) == 15 and self.identity.valid15(digits) and self._identity_cue.search(value, max(0, run.start - 12), run.start):
            return _Span("resident_id", "身份证号", run.start, run.end, family=PERSONAL)
        start = run.start - 1 if run.start and value[run.start - 1] == "(" and ")" in value[run.start:run.end] else run.start
        mobile = self.phones.mobile(run)
        if mobile is not None:
            return _Span("phone", "手机号", start, run.end)
        if self.phones.hotline(run):
            before = value[max(0, run.start - 12):run.start]
            severity = self.service_hotline_severity if self._service.search(before) else self.hotline_severity
            return _Span("hotline", "400/800 电话", run.start, run.end, severity=severity)
        if digits.startswith("0"):
            cued = bool(self._phone_cue.search(value, max(0, run.start - 8), run.start))
            if self.phones.landline(run, cued=cued):
                return _Span("phone", "固定电话", start, run.end)
        if bank_card(run):
            window = value[max(0, run.start - 30):run.start]
            if not self._card_cue.search(window) and not self._pay_context.search(window):
                return None
            if not self._person_cue.search(window) and (
                    self._pay_context.search(window) or self._pay_context.search(value, run.end, run.end + 15)):
                return _Span("card_payment", "收款银行卡号", run.start, run.end)
            return _Span("bank_card", "银行卡号", run.start, run.end, family=PERSONAL)
        return None

    def _personal(self, value: str, runs: list[DigitRun], numbers: list[_Span],
                  addresses: list[tuple[int, int]]) -> list[_Span]:
        data = [(n.start, n.end) for n in numbers if n.kind in ("phone", "resident_id", "bank_card")]
        out = [n for n in numbers if n.family == PERSONAL]
        # Returns at once without a number, an address or an order word.
        for record in self.records.find(value, data, MAX_MATCHES, addresses=addresses, digits=bool(runs)):
            kind = "order_record" if record.kind == "order" else "buyer_record"
            label = "订单信息" if record.kind == "order" else "他人姓名及联系方式/地址"
            out.append(_Span(kind, label, record.start, record.end, family=PERSONAL))
        return _merge(out) if len(out) > 1 else out

    def _channels(self, value: str, runs_by_start: Mapping[int, DigitRun]) -> list[_Span]:
        out: list[_Span] = []
        matches = self._cue_matches(value)
        if not matches:
            return out
        blocked: list[tuple[int, int]] | None = None  # V领, Q弹 …: found when a channel letter is
        previous = None
        for match in matches:
            row = self._cues[self._cue_order[match.lastindex - 1]]
            category = row["category"]
            start, end = match.span()
            if category == "add":
                chained = (previous is not None and start - previous.end() <= 3
                           and _NOISE.fullmatch(value, previous.end(), start) is not None)
                chain_start = previous.start() if chained else start
                previous = match
                account = self._added_account(value, chain_start, end, runs_by_start)
                if account is not None:
                    out.append(_Span(account.kind, "站外账号", chain_start, account.end, row.get("severity") or None))
                continue
            added = (previous is not None and start - previous.end() <= 3
                     and _NOISE.fullmatch(value, previous.end(), start) is not None)
            add_start = previous.start() if added else start
            previous = None
            severity = row.get("severity") or None
            label = row["label"] or row["term"]
            if category in ("store", "store_address"):
                extended = self._extend_store(value, end, strict=category == "store_address")
                if category == "store" or extended > end:
                    out.append(_Span("store", label, start, extended, severity, data=False))
                continue
            if category != "channel":
                if not self._negation.search(value, max(0, start - 16), start):
                    out.append(_Span(category, label, start, end, severity, data=False))
                continue
            if value[start:end] in self._not_contact_parts:
                if blocked is None:
                    blocked = [m.span() for m in self._not_contact.finditer(value)]
                if any(a <= start and end <= b for a, b in blocked) and not (
                        self._invitation and self._invitation.match(value, end)):
                    continue  # V领 (a collar), unless 加V领取 (take a coupon on WeChat)
            needs = row["needs"]
            account = self._account(value, end, row, runs_by_start, added=added)
            has_id = account is not None and ("id" in needs or ("explicit" in needs and account.explicit))
            if "&" in needs:
                ok = added and account is not None
            else:
                ok = has_id or ("add" in needs and added)
            if not ok or (account is not None and account.kind == "hotline"):
                continue  # a 400/800 number is judged on its own (brand hotline or not)
            kind = row["channel"] if row["channel"] != "alipay" else "payment"
            if account is not None and (has_id or added):
                out.append(_Span(kind, row["label"], add_start, account.end, severity, data=True))
            elif not self._negation.search(value, max(0, add_start - 16), add_start):
                out.append(_Span("steer", f"加{row['label']}", add_start, end, severity, data=False))
        return out

    def _cue_matches(self, value: str) -> list[re.Match]:
        """What ``self._cue_pattern.finditer(value)`` finds (the first MAX_MATCHES), with the pattern tried only
        where a cue can start (``self._cue_start``): texts have few such places, and a failed try of the full
        pattern walks all its branches."""
        matches: list[re.Match] = []
        next_start, cue_at = self._cue_start.search, self._cue_pattern.match
        start = next_start(value)
        while start is not None and len(matches) < MAX_MATCHES:
            match = cue_at(value, start.start())
            if match is None:
                start = next_start(value, start.start() + 1)
            else:
                matches.append(match)
                start = next_start(value, match.end())
        return matches

    def _added_account(self, value: str, start: int, end: int, runs_by_start: Mapping[int, DigitRun]) -> _Account | None:
        """An add word with an account after a colon and no channel word (团购+嘉：qw_rice2024, 加：hx_tea2024).
        The add word must stand on its own: at the start of a word or written with a symbol (+, ➕) or as a
        longer add word (添加, 加我); 增加：…, 瑜伽：…, 最佳：… are words that contain a variant of 加."""
        near = value[end:end + self._connector_reach]  # where the colon after the add word must be
        if ":" not in near and "：" not in near and "=" not in near:
            return None  # most add words (加厚, 瑜伽, 最佳) are followed by no colon at all
        starts_a_word = start == 0 or not _HAN.match(value, start - 1)  # 详询 嘉：…
        symbol = not _HAN.match(value, start)  # +嘉：…, ➕：…
        if not (starts_a_word or symbol or end - start > 1):  # 添加：…, 加我：…
            return None
        gap = self._connector.match(value, end)
        if not _COLON.search(gap.group()):
            return None
        at = gap.end()
        run = runs_by_start.get(at)
        if run is not None:
            account = self._numeric_account(value, run, "qq", True)
            return account if account is not None and account.kind != "hotline" else None
        ident = _LATIN_ID.match(value, at)
        if ident is None or not any(c.isdigit() or c == "_" for c in ident.group()):
            return None
        return _Account(ident.end(), "wechat", True)

    def _account(self, value: str, pos: int, row: Mapping[str, str], runs_by_start: Mapping[int, DigitRun],
                 *, added: bool) -> _Account | None:
        """The account id right after a channel word at ``pos`` (past connectors: 号, 是, 为, ':' …)."""
        if not runs_by_start and row["channel"] == "phone":
            # A phone word's account is a number, and the text has none: what the phone branches below would
            # conclude (no digit run at ``at``; a phone word takes no e-mail), without reading the connector.
            return None
        gap = self._connector.match(value, pos)
        at = gap.end()
        explicit = self._explicit.search(gap.group()) is not None
        # A Latin channel word glued to what follows (vx28123100j0g, qq1000, wx-20000) is part of a code,
        # unless an add word precedes it or a phone number follows.
        glued = (not added and row["term"][-1:].isascii() and row["term"][-1:].isalpha()
                 and _GLUE.fullmatch(gap.group()) is not None)
        channel = row["channel"]
        run = runs_by_start.get(at)
        if run is not None:
            account = self._numeric_account(value, run, channel, explicit)
            return None if glued and (account is None or account.kind != "phone") else account
        if glued:
            return None
        if channel in ("phone", "qq"):
            email = self._email.match(value, at) if channel == "qq" else None
            return _Account(email.end(), channel, explicit) if email else None
        ident = _LATIN_ID.match(value, at)
        if ident is None:
            if explicit and channel in _NAMED_CHANNELS:
                name = _HAN_NAME.match(value, at)  # 公众号：某某好物
                return _Account(name.end(), channel, explicit) if name else None
            return None
        if channel in _WECHAT_CHANNELS and not explicit and not added and not any(
                c.isdigit() or c in "_-" for c in ident.group()):
            return None
        return _Account(ident.end(), channel, explicit)

    def _numeric_account(self, value: str, run: DigitRun, channel: str, explicit: bool) -> _Account | None:
        candidates = [run, *split_candidates(run, (13, 12, 11, 10, 8, 7))]
        for part in candidates:
            if part.start != run.start:
                continue
            if self.phones.hotline(part):
                return _Account(part.end, "hotline", explicit)
            if self.phones.mobile(part) or self.phones.landline(part, cued=True):
                return _Account(part.end, "phone", True)
        first = run if len(run.digits) <= 13 else run.sub(0, run.groups()[0])
        if self._units.match(value, first.end):
            return None  # qq 1000个, 微信 5000元, 手机 12345678元: a quantity
        if channel == "phone":
            # After a phone word any 7-13 digits are a number to call (0912-345-678, a local number).
            return _Account(first.end, "phone", True) if 7 <= len(first.digits) <= 13 else None
        if not 5 <= len(first.digits) <= 12 or first.digits[0] == "0":
            return None
        return _Account(first.end, channel, explicit)

    def _extend_store(self, value: str, end: int, *, strict: bool) -> int:
        """An offline store cue takes the address written right after it (实体店地址：广州市…88号);
        ``strict``: only a real address (place level + street) counts."""
        lead = _STORE_LEAD.match(value, end)
        if strict:
            address = self.addresses.pattern.match(value, lead.end())
            return address.end() if address else end
        match = _STORE_TAIL.match(value, lead.end(), min(len(value), lead.end() + 40))
        if match and self.addresses.store_mark.search(match.group()):
            return match.end()
        return end

    def _web(self, value: str) -> list[_Span]:
        out: list[_Span] = []
        if not self._web_hint.search(value):
            return out
        emails = []
        for match in islice(self._email.finditer(value) if self._mail_hint.search(value) else (), MAX_MATCHES):
            host = self._dot.sub(".", match.group(2)).replace(" ", "")
            if match.group(1).strip() != _REAL_AT and host not in self._mail_hosts:
                continue
            emails.append(match.span())
            out.append(_Span("email", "电子邮箱", *match.span()))
        for match in islice(self._url.finditer(value), MAX_MATCHES):
            if any(a <= match.start() < b for a, b in emails):
                continue
            host = self._dot.sub(".", match.group(1)).replace(" ", "") if match.group(1) else _url_host(match.group())
            if host in self._not_domains or _is_platform(host, self._platform_hosts):
                continue
            if match.group(1) is None:
                kind, label = "url", "网址链接"
            elif host in self._short_hosts or host.split(".", 1)[-1] in self._short_hosts:
                kind, label = "short_link", "短链接"
            else:
                kind, label = "domain", "网址/域名"
            out.append(_Span(kind, label, *match.span()))
        return out

    def _store_addresses(self, value: str, addresses: list[tuple[int, int]]) -> list[_Span]:
        """An address right after a store word (欢迎进店选购，地址：成都市…8号), not a label's (厂址：…)."""
        out: list[_Span] = []
        for start, end in addresses:
            before = max(0, start - 16)
            if self._store_hint.search(value, before, start) and not self._label_hint.search(value, before, start):
                out.append(_Span("store", "实体店地址", start, end, data=True))
        return out

    def _split_names(self, value: str) -> list[_Span]:
        out: list[_Span] = []
        if not self._split_hint.search(value):
            return out
        for match in islice(self._split_name.finditer(value), MAX_MATCHES):
            before = self._split_before.search(value, max(0, match.start() - 6), match.start())
            after = self._split_after.match(value, match.end())
            if before or after:
                out.append(_Span("split_name", "拆字书写的站外账号/名称", match.start(), match.end(), data=True))
        return out


class _TextScan(NamedTuple):
    """The part of a Text's scan both rules need (normalized offsets, but ``personal_found``)."""

    runs: list[DigitRun]
    numbers: list[_Span]
    addresses: list[tuple[int, int]]
    personal: list[_Span]
    personal_found: Sequence[Found]
    may_hold_findings: bool = True  # False: the text holds no character any finding holds (see _starter)
    may_hold_link_or_qr: bool = True  # False: no link, split name or QR phrase either (see _rare_hint)


_NONE: tuple = ()  # the one empty result, shared
# The states shared by the texts without numbers, addresses or personal data:
_NOTHING = _TextScan([], [], [], [], _NONE, may_hold_findings=False, may_hold_link_or_qr=False)  # nothing can be found
_CUES_ONLY = _TextScan([], [], [], [], _NONE, may_hold_link_or_qr=False)  # only cue words can be found
_NO_DATA = _TextScan([], [], [], [], _NONE)  # cue words, links, split names and QR phrases can be found


def _found(text: Text, spans: list[_Span]) -> Sequence[Found]:
    if not spans:
        return _NONE
    return [Found(s.family, s.kind, s.label, *text.span(s.start, s.end), s.severity, s.data) for s in spans]


def _url_host(url: str) -> str:
    rest = regex.sub(r"^(?:https?|ftp)\s?[:：#]?\s?//\s?", "", url)
    return rest.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]


def _is_platform(host: str, platform_hosts: Sequence[str]) -> bool:
    return any(host == p or host.endswith("." + p) for p in platform_hosts)


def _overlap(a: _Span, b: _Span) -> bool:
    return a.start < b.end and b.start < a.end


def _introduces(value: str, cue: _Span, data: _Span) -> bool:
    return (not cue.data and 0 <= data.start - cue.end <= 3
            and _NOISE.fullmatch(value, cue.end, data.start) is not None)


def _merge(spans: list[_Span], value: str = "") -> list[_Span]:
    """Overlapping spans become one (the first one's kind, the union's extent); so does a cue followed,
    across a little noise, by the data it introduces (银行卡号 6222…, 转账到 138…)."""
    out: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if out:
            last = out[-1]
            joined = span.start < last.end or (
                not last.data and span.data and span.start - last.end <= 3
                and _NOISE.fullmatch(value, last.end, span.start) is not None)
            if joined:
                last.end = max(last.end, span.end)
                last.data = last.data or span.data
                continue
        out.append(_Span(span.kind, span.label, span.start, span.end, span.severity, span.data, span.family))
    return out


# -- one scanner per lexicon and options, shared by the two rules --------------------------------------

_SCANNERS: dict[tuple[int, str], tuple[Any, ContactScanner]] = {}
_SCANNERS_LOCK = threading.Lock()
# The options ContactScanner reads, of third-party-contact and of personal-info: only these tell scanners
# apart (a rule's severity does not, and must not make the two rules scan with different scanners).
_CONTACT_OPTIONS = ("id_gap", "mobile_groupings", "hotline_breaks", "hotline_severity", "service_hotline_severity")
_PERSONAL_OPTIONS = ("record_window", "context_window", "after_window")


def scanner(lexicon: Any, contact_options: Mapping[str, Any], personal_options: Mapping[str, Any]) -> ContactScanner:
    """The scanner for ``lexicon`` with these options, built once and shared by the rules that use it."""
    key = (id(lexicon), repr([contact_options.get(name) for name in _CONTACT_OPTIONS])
           + repr([personal_options.get(name) for name in _PERSONAL_OPTIONS]))
    with _SCANNERS_LOCK:
        entry = _SCANNERS.get(key)
        if entry is not None and entry[0] is lexicon:
            return entry[1]
    built = ContactScanner(lexicon, contact_options, personal_options)
    with _SCANNERS_LOCK:
        _SCANNERS[key] = (lexicon, built)
        while len(_SCANNERS) > 8:
            _SCANNERS.pop(next(iter(_SCANNERS)))
    return built
