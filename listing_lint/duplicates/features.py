"""What duplicate matching compares of a listing: a matching body and a variant signature.

``Features(lexicon).summarize_listing(listing)`` (or ``.summarize(title, brand=…, category=…, attributes=…)``)
returns a :class:`Summary`:

* ``body``: the title's wording, normalized for matching: traditional→simplified, width, case (by
  :func:`listing_lint.normalize.normalize`), Taiwan wording (``regional_words.tsv``), hot words (新款, 包邮, 爆款 …
  ``dictionaries/hot_words.tsv`` and ``dictionaries/duplicates/hot_words.tsv``, with a year before them) and the variants below removed, then every character that is not a letter or digit
  dropped (punctuation, spaces, emoji). Reworded duplicates end up with bodies that share most character bigrams
  and no character one has where the other has another (see :func:`substitution`).
* ``signature``: the attributes that tell goods apart, as one compact string ``TITLE#RECORD``. TITLE: the
  title's amounts by dimension (3L = 3000ml, 半斤 = 250g, 20寸, 24包, ``units.tsv``), codes (numbers and short model codes:
  15, x100, a5), model words (pro, max, 青春版, ``model_words.tsv``), colour families (``colours.tsv``),
  flavours/scents (``flavours.tsv``), size words (``size_words.tsv``) and who the goods are for
  (``audience.tsv``: 男/女, 儿童, 成猫/幼猫 …). RECORD: the record's brand, category path and key attributes
  (``key_attributes.tsv``).

:func:`veto` says whether two signatures name different goods (the variant veto): any difference of the title
variants (iPhone 15 vs iPhone 15 Pro Max; 3L vs 5L; 原味 vs 盐焗), or a brand, category or key attribute that both
listings give with different values.
"""

from __future__ import annotations

import re
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Iterable, Mapping, NamedTuple

from ..detectors import COMMON_HAN_RANGES, trie_alternation
from ..detectors.quantities import CHINESE_NUMERALS, chinese_number
from ..detectors.terms import WordLists
from ..normalize import Text, normalize

if TYPE_CHECKING:
    from ..lexicon import Lexicon
    from ..listing import Listing

# Record attributes in the signature (after SEPARATOR): brand, category path, key attributes ("a.<name>").
BRAND = "b"
CATEGORY = "k"
SEPARATOR = "#"
# What a removed hot word or variant leaves: noise to the body, but not a space, so that the Latin runs on its two
# sides stay apart (gxg 黑色 2xl: the brand and the size, not one code gxg2xl).
GAP = "\x07"

# Anything that is not a letter or digit (\w minus underscore): separators, brackets, emoji, spaces.
_NOISE = re.compile(r"[\W_]+")
# Latin/digit runs; a run splits into letter and number pieces (iphone15pro → iphone, 15, pro).
_RUN = re.compile(r"[a-z0-9]+(?:\.[0-9][a-z0-9]*)*")
_PIECE = re.compile(r"[a-z]+|[0-9]+(?:\.[0-9]+)?")
_DIGIT = re.compile(r"[0-9]")
# A Latin name and the number after it are one code however they are spaced: iphone 15 = iphone15, mate 60.
_NAME_SPACE = re.compile(r"(?<=[a-z])\s(?=[0-9])")
_ASCII_ALNUM = re.compile(r"[a-z0-9]")
_CN_NUMERAL = re.compile(rf"[{CHINESE_NUMERALS}]")
_HAN_CHAR = re.compile(rf"[{COMMON_HAN_RANGES}]")
_COLOUR_SUFFIX = frozenset("色款系调")
_YEAR = re.compile(r"(?:19|20)[0-9]{2}")
_YEAR_BEFORE_GAP = re.compile(r"(?<![0-9])(?:19|20)[0-9]{2}年?(?=\x07)")
# Bits of Features._lists_in_title.present(title): which word lists occur in a title.
_REGIONAL, _HOT, _HOT_LATIN, _VARIANT_WORDS = 1, 2, 4, 8
_ALL = _REGIONAL | _HOT | _HOT_LATIN | _VARIANT_WORDS
# Features._value_cache is emptied when it holds more values than this (a catalog of a million listings has more
# distinct attribute values than are worth keeping; the common ones come back at once).
_VALUE_CACHE_SIZE = 100_000
_UNSEEN = object()  # a cache's "not computed yet", where None is a computed value


class Summary(NamedTuple):
    """What a listing contributes to duplicate matching (small and picklable)."""

    body: str
    signature: str


def _latin_hot(match: re.Match) -> str:
    """A Latin/digit hot word counts only as a whole run: 618 but not x618 or 6180; ins风 also before 1.2m."""
    text, start, end, word = match.string, match.start(), match.end(), match.group()
    if start and _ASCII_ALNUM.match(text, start - 1):
        return word
    if word[-1].isascii() and _ASCII_ALNUM.match(text, end):
        return word
    return GAP


def _standalone(text: str, index: int) -> bool:
    """Whether the one character at ``index`` stands alone (no Han character beside it) or comes before 色/款/系/调."""
    after = text[index + 1:index + 2]
    if after and after in _COLOUR_SUFFIX:
        return True
    before = text[index - 1:index] if index else ""
    return not (before and _HAN_CHAR.match(before)) and not (after and _HAN_CHAR.match(after))


def _number_text(value: float) -> str:
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text or "0"


@lru_cache(maxsize=8192)
def _scaled(number: str, factor: float) -> str:
    """A number of a title in the unit's base (3 with 1000 → 3000): few distinct ones recur in every catalog."""
    return _number_text(float(number) * factor)


class Features:
    """The matching body and variant signature of listings, from the ``duplicates/*`` dictionaries and the units of
    ``units.tsv`` that duplicate matching reads."""

    def __init__(self, lexicon: "Lexicon"):
        # Hot words go, and a year before one (2024新款, 2024年新品) goes with it. Latin/digit hot words (618, ins同款)
        # are not cut out of longer runs (x618). Each pattern is a plain trie, which the regex engine scans fast.
        self._hot_words = frozenset(normalize(row["word"]).value for table in ("hot_words", "duplicates/hot_words")
                                    for row in lexicon.table(table))
        hot = [w for w in self._hot_words if not w[0].isascii()]
        hot_latin = [w for w in self._hot_words if w[0].isascii()]
        self._hot = re.compile(trie_alternation(hot))
        self._hot_latin = re.compile(trie_alternation(hot_latin))
        # Taiwan wording that a script change brings in (OpenCC s2twp: 硅胶 → 矽膠, 鼠标 → 滑鼠) becomes mainland
        # wording, in every title alike (regional_words.tsv holds no everyday mainland word).
        self._regional_words = {normalize(row["word"]).value: normalize(row["mainland"]).value
                                for row in lexicon.table("duplicates/regional_words")}
        # The units whose amounts tell goods apart (units.tsv rows with a ``duplicates`` kind), by written form.
        self._units: dict[str, tuple[str, float, str]] = {}  # unit → its class ("q." and the kind), factor, not_before
        cn_units = []
        for row in lexicon.table("units"):
            kind = row.get("duplicates")
            if not kind:
                continue
            unit = normalize(row["alias"]).value
            self._units[unit] = (f"q.{kind}", float(row["factor"]), row.get("not_before") or "")
            if row.get("chinese_numerals") == "yes":
                cn_units.append(unit)
        number = r"[0-9]+(?:\.[0-9]+)?"
        # 3l, 1.5 l, 2-6人, 500g; a Latin unit must end the Latin run (5g, not 5gb → gb is its own unit). A space
        # before the unit is allowed for Latin units only (3 l, not 3 米白色); see amount() for not_before.
        # A range (2-6人) must not start inside a code: a5-20支 is A5 and 20支. What may not come before a number
        # is looked behind from its first digit ([0-9](?<!x.) = (?<!x)[0-9]): a pattern that starts with a digit
        # lets the regex engine skip to the digits of a title instead of trying every position.
        self._quantity = re.compile(
            rf"(?:([0-9](?<![0-9a-z.].)[0-9]*(?:\.[0-9]+)?)\s*[-~～至到]\s*({number})"
            rf"|([0-9](?<![0-9.].)[0-9]*(?:\.[0-9]+)?))"
            rf"(\s?)({trie_alternation(self._units)})"
        )
        self._cn_quantity = re.compile(rf"([{CHINESE_NUMERALS}]{{1,3}})({trie_alternation(cn_units)})")

        # Words looked up as substrings (Chinese) or as whole Latin runs (pro, xl).
        self._words: dict[str, tuple[str, tuple[str, ...]]] = {}  # word → class and its values (split at "+")
        self._latin: dict[str, tuple[str, str]] = {}
        self._anywhere: set[str] = set()  # one-character words that count inside other words too (男, 女)
        tables = (("duplicates/colours", "col", "family"), ("duplicates/flavours", "fl", "value"),
                  ("duplicates/size_words", "sz", "value"), ("duplicates/model_words", "m", "value"),
                  ("duplicates/audience", "au", "value"))
        for table, cls, value_column in tables:
            for row in lexicon.table(table):
                word = normalize(row["word"]).value
                if re.fullmatch(r"[a-z0-9]+", word):
                    self._latin.setdefault(word, (cls, row[value_column]))
                else:
                    self._words.setdefault(word, (cls, tuple(row[value_column].split("+"))))
                if row.get("anywhere") == "yes":
                    self._anywhere.add(word)
        # One trie over all words; a one-character colour (黑, 白) found by it counts only standing alone or before
        # 色/款/系/调 (see _standalone): not in 白茶, 黑芝麻, 红米.
        self._word_re = re.compile(trie_alternation(self._words))
        model_latin = [w for w, (cls, _) in self._latin.items() if cls == "m"]
        # A run made only of model words: promax, proplus.
        self._model_run = re.compile(rf"(?:{trie_alternation(model_latin)})+")
        self._model_piece = re.compile(trie_alternation(model_latin))
        # Most titles have no Taiwan wording, no hot word, and a quarter no variant word: one pass over a title says
        # which of those alternations (1-2 µs each a title) can find anything at all.
        self._lists_in_title = WordLists([self._regional_words, hot, hot_latin, self._words])
        # A key attribute's class in the record, by attribute name ("a." and the name without noise).
        self._key_attributes = {row["name"]: f"a.{_NOISE.sub('', row['name'])}"
                                for row in lexicon.table("duplicates/key_attributes")}
        # Attribute values repeat across a catalog: each one's text is made once (bounded: _VALUE_CACHE_SIZE).
        self._value_cache: dict[str, str] = {}
        self._run_cache: dict[str, tuple[tuple[str, str], ...] | None] = {}  # see _run_variants (bounded alike)

    @cached_property
    def _regional(self) -> re.Pattern:
        # Compiled at the first title with Taiwan wording (2 ms): most catalogs have none.
        return re.compile(trie_alternation(self._regional_words))

    # -- the body ---------------------------------------------------------------------------------

    def _strip_hot(self, value: str, lists: int = _ALL) -> str:
        """``value`` (already normalized) in mainland wording, without hot words (each replaced by GAP); the word
        lists not in ``lists`` (bits of ``_lists_in_title.present``, see summarize) do not occur in it."""
        if lists & _REGIONAL:
            value = self._regional.sub(lambda match: self._regional_words[match.group()], value)
        if lists & _HOT:
            value = self._hot.sub(GAP, value)
        if _ASCII_ALNUM.search(value):
            if lists & _HOT_LATIN:
                value = self._hot_latin.sub(_latin_hot, value)
            if GAP in value:
                value = _YEAR_BEFORE_GAP.sub("", value)
        return value

    # -- the signature ----------------------------------------------------------------------------

    def _text_features(self, text: str, out: dict[str, set[str]], lists: int = _ALL) -> str:
        """Put the amounts, codes, model words, colours, flavours and sizes of normalized, hot-stripped ``text``
        into ``out``; return the text without them (the wording the similarity compares: variants are compared
        exactly, so 1kg, 1000g and 2斤 or 黑色 and 曜石黑 do not count as different wording). ``lists``: as for
        _strip_hot."""
        if _DIGIT.search(text):
            def amount(match: re.Match) -> str:
                unit = match.group(5)
                cls, factor, not_before = self._units[unit]
                after = match.string[match.end():match.end() + 1]
                if unit.isascii():
                    if after.isascii() and after.isalpha():  # 5gb is gb, not g; 3lb is no litre
                        return match.group()
                elif match.group(4) or (after and after in not_before):
                    return match.group()
                if match.group(3) is not None:
                    value = _scaled(match.group(3), factor)
                else:
                    value = f"{_scaled(match.group(1), factor)}-{_scaled(match.group(2), factor)}"
                out.setdefault(cls, set()).add(value)
                return GAP
            text = self._quantity.sub(amount, text)
        if _CN_NUMERAL.search(text):
            def cn_amount(match: re.Match) -> str:
                number = chinese_number(match.group(1))
                cls, factor, not_before = self._units[match.group(2)]
                after = match.string[match.end():match.end() + 1]
                if number is None or (after and after in not_before):
                    return match.group()
                out.setdefault(cls, set()).add(_number_text(number * factor))
                return GAP
            text = self._cn_quantity.sub(cn_amount, text)

        def word(match: re.Match) -> str:
            found = match.group()
            if len(found) == 1 and found not in self._anywhere and not _standalone(match.string, match.start()):
                return found
            cls, values = self._words[found]
            out.setdefault(cls, set()).update(values)
            return GAP
        if lists & _VARIANT_WORDS:
            text = self._word_re.sub(word, text)
        def run(match: re.Match) -> str:
            variants = self._run_variants(match.group())
            if variants is None:
                return match.group()
            for cls, value in variants:
                out.setdefault(cls, set()).add(value)
            return GAP
        if _ASCII_ALNUM.search(text):
            text = _RUN.sub(run, _NAME_SPACE.sub("", text))
        return text

    def _run_variants(self, run: str) -> tuple[tuple[str, str], ...] | None:
        """The variants (class, value) of one Latin/digit run, or None if the run is wording, not a variant. Made
        once per distinct run: the same runs (type, c, xl, iphone15, a4) come back in title after title."""
        cached = self._run_cache.get(run, _UNSEEN)
        if cached is _UNSEEN:
            if len(self._run_cache) > _VALUE_CACHE_SIZE:
                self._run_cache.clear()
            found: dict[str, set[str]] = {}
            cached = self._run_cache[run] = (tuple((cls, value) for cls, values in found.items() for value in values)
                                             if self._run_features(run, found) else None)
        return cached

    def _run_features(self, run: str, out: dict[str, set[str]]) -> bool:
        """Put the variants of one Latin/digit run into ``out``; True if the run is a variant (not wording)."""
        known = self._latin.get(run)
        if known is not None:
            out.setdefault(known[0], set()).add(known[1])
            return True
        pieces = _PIECE.findall(run)
        if not any(p[0].isdigit() for p in pieces):
            if self._model_run.fullmatch(run):
                for word in self._model_piece.findall(run):
                    out.setdefault("m", set()).add(self._latin[word][1])
                return True
            return False
        # Model words (15pro, iphone15promax, air3) are model words; the other pieces, names included
        # (iphone15, mate60, x100, a5), make up the code. A year (2024) says when, not what: no code.
        code = []
        for piece in pieces:
            if not piece[0].isdigit() and self._model_run.fullmatch(piece):
                for word in self._model_piece.findall(piece):
                    out.setdefault("m", set()).add(self._latin[word][1])
            elif not _YEAR.fullmatch(piece):
                code.append(piece)
        if code and any(p[0].isdigit() for p in code):
            out.setdefault("c", set()).add("".join(code))
        return True

    def _value_text(self, value: str) -> str:
        """A key attribute's value as comparable text: its features if it has any, else its skeleton."""
        cached = self._value_cache.get(value)
        if cached is None:
            if len(self._value_cache) > _VALUE_CACHE_SIZE:
                self._value_cache.clear()
            cached = self._value_cache[value] = self._compute_value_text(value)
        return cached

    def _compute_value_text(self, value: str) -> str:
        normalized = normalize(value).value
        found: dict[str, set[str]] = {}
        self._text_features(normalized, found)
        if found:
            return ";".join(f"{cls}:{'/'.join(sorted(values))}" for cls, values in sorted(found.items()))
        return _NOISE.sub("", normalized).replace("|", "").replace("#", "")

    def summarize_listing(self, listing: "Listing") -> Summary | None:
        """The summary of a listing record: its title, brand, category and attributes."""
        if not listing.title:
            return None
        # The listing's normalized fields, which its rules share, rather than normalizing them again.
        return self.summarize(listing.title, normalized_title=listing.text("title").value, brand=listing.text("brand"),
                              category=listing.text("category"), attributes=listing.attributes)

    def summarize(self, title: str | None, *, normalized_title: str | None = None, brand: str | Text | None = None,
                  category: str | Text | None = None, attributes: Mapping[str, str] | None = None) -> Summary | None:
        """The summary of one listing, or None when it has no title to match. ``brand`` and ``category`` may be
        given normalized already (a listing's :class:`Text`)."""
        value = normalized_title if normalized_title is not None else normalize(title or "").value
        # Until the text reaches the variant words, every step only replaces words with GAP or drops a year before a
        # GAP, which joins no two characters (no word holds a GAP): a word list that does not occur in the title
        # cannot occur later. Mainland wording put in for Taiwan wording can bring in any word.
        lists = self._lists_in_title.present(value)
        if lists & _REGIONAL:
            lists = _ALL
        found: dict[str, set[str]] = {}
        body = _NOISE.sub("", self._text_features(self._strip_hot(value, lists), found, lists))
        if not body and not found:
            return None
        # The record is encoded as :func:`encode` encodes one value per class, built in its sorted order rather than
        # sorted: the key attributes ("a.…", sorted among themselves), then the brand ("b"), then the category ("k").
        record = self._attribute_items(attributes) if attributes else []
        if brand:
            brand_text = _skeleton_of(brand)
            if brand_text:
                record.append(BRAND + "=" + brand_text)
        if category:
            path = _skeleton_of(category)
            if path:
                record.append(CATEGORY + "=" + path)
        return Summary(body, encode(found) + SEPARATOR + "|".join(record))

    def _attribute_items(self, attributes: Mapping[str, str]) -> list[str]:
        """The encoded key attributes of a record, sorted by class."""
        values: dict[str, str] = {}  # one value per class
        for name, raw in attributes.items():
            cls = self._key_attributes.get(name)
            if cls is not None and raw:
                text = self._value_text(raw)
                if text:
                    values[cls] = text
        return [cls + "=" + text for cls, text in sorted(values.items())]


def _skeleton_of(value: str | Text) -> str:
    """A brand or category path without noise: from a listing's normalized Text, or from a raw string."""
    return _without_noise(value.value) if isinstance(value, Text) else _raw_skeleton_of(value)


# Both keyed on strings (a Text compares by identity: most listings have their own, which the cache would keep).
@lru_cache(maxsize=65_536)
def _without_noise(normalized: str) -> str:
    return _NOISE.sub("", normalized)


@lru_cache(maxsize=65_536)
def _raw_skeleton_of(value: str) -> str:
    return _without_noise(normalize(value).value)


def encode(found: Mapping[str, Iterable[str]]) -> str:
    """``{"q.volume": {"3000"}, "m": {"pro", "max"}}`` → ``"m=max,pro|q.volume=3000"`` (sorted, so equal sets give
    equal strings)."""
    # A list, not a generator, for join; concatenation, not an f-string: this runs for every listing.
    return "|".join([cls + "=" + ",".join(sorted(values)) for cls, values in sorted(found.items())]) if found else ""


def compared_text(body: str, signature: str) -> str:
    """What the similarity compares: the wording and, after a mark, the title's variants. Listings of one bucket
    share the variants, so they count as agreement: the more a title says about the goods (model, amounts,
    colour …), the less its remaining wording needs to agree (皇家猫粮 成猫粮 鸡肉味 2kg vs 皇家 成猫粮 鸡肉味 2000g)."""
    variants = signature.partition(SEPARATOR)[0]
    return f"{body}\x02{variants}" if variants else body


def title_part(signature: str) -> str:
    """The title's variants of a signature: listings whose title parts differ are never duplicates, so the
    grouping may treat (shop, title part) as the bucket to search in."""
    return signature.partition(SEPARATOR)[0]


@lru_cache(maxsize=16_384)
def _split_signature(signature: str) -> tuple[str, str, dict[str, str]]:
    """A signature's title part, record part and the record decoded. Cached by the whole signature: the grouping
    passes the same string objects again and again, whose hash Python keeps (a part cut out anew is hashed anew).
    The pairs of one candidate bucket come together, so a small cache serves them (a signature decoded is ≈1 KB:
    a long-running service comparing against an index must not keep them all)."""
    title, _, record = signature.partition(SEPARATOR)
    return title, record, dict(item.partition("=")[::2] for item in record.split("|")) if record else {}


def substitution(a: str, b: str) -> int:
    """How many characters of wording two bodies swapped: the smaller of the two sides' own characters.

    A rewording moves words, adds or drops hot words and selling points (one side has extra characters, the other
    none); different goods swap words (猫粮/狗粮, 跑步鞋/板鞋: both sides have their own characters).
    """
    left, right = set(a), set(b)
    return min(len(left - right), len(right - left))


def veto(a: str, b: str) -> str | None:
    """What tells the goods of signatures ``a`` and ``b`` apart (a class name), or None if nothing does.

    Title variants must be equal (a model word, code, amount, colour family, flavour or size word in one title
    and not in the other already differs: the plain model is a model too, and an amount left out is not the same
    amount); record attributes (brand, category leaf, key attributes) differ only when both listings give them.
    """
    if a == b:
        return None
    title_a, record_a, left_record = _split_signature(a)
    title_b, record_b, right_record = _split_signature(b)
    if title_a != title_b:
        left = dict(item.partition("=")[::2] for item in title_a.split("|")) if title_a else {}
        right = dict(item.partition("=")[::2] for item in title_b.split("|")) if title_b else {}
        return next(cls for cls in sorted(left.keys() | right.keys()) if left.get(cls) != right.get(cls))
    if record_a == record_b:
        return None
    for cls, value in left_record.items():
        other = right_record.get(cls)
        if other is None or other == value:
            continue
        if cls == BRAND and (value in other or other in value):
            continue  # 小米 vs 小米xiaomi: one brand text containing the other is the same brand
        return cls
    return None
