"""The listing record of ../shared/CONTRACT.md §1, validated, with lazily normalized text fields."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from typing import Any, Iterator, Mapping, NamedTuple

from .normalize import Text, normalize


class ListingError(ValueError):
    """A record that does not fit the contract; ``field`` names where."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class Sku(NamedTuple):  # a NamedTuple: built for every SKU of every listing, it must be cheap
    name: str
    price: float | None
    stock: int | None = None
    unit: str | None = None


# SKU names and attribute values this short are normalized once per process, not once per listing, and their
# Text (with what the detectors found in it, kept in Text.memo) is shared: a catalog repeats them (标准款, 白色 M,
# 纯棉) thousands of times. Detector results depend on the text alone, never on the listing.
SHARED_TEXT_MAX = 24
SHARED_TEXTS = 16_384

# Fields that CSV/XLSX cells carry as JSON text (CONTRACT §1).
JSON_TEXT_FIELDS = ("attributes", "freight_regions", "skus", "images", "campaigns", "lint_ignore")
STRING_FIELDS = ("shop_id", "title", "detail", "category", "brand")
NUMBER_FIELDS = ("price", "freight")


def _number(value: Any, field: str, *, from_text: bool) -> float | None:
    kind = type(value)
    if kind is float or kind is int:
        if kind is float and not math.isfinite(value):
            raise ListingError(field, f"应为有限数字, 实为 {value!r}")
        return float(value)
    if value is None:
        return None
    if isinstance(value, bool):
        raise ListingError(field, f"应为数字, 实为布尔值 {value!r}")
    if isinstance(value, (int, float)):
        number = float(value)
    elif from_text and isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            return None
        try:
            number = float(stripped)
        except ValueError:
            raise ListingError(field, f"应为数字, 实为 {value!r}") from None
    else:
        raise ListingError(field, f"应为数字, 实为 {type(value).__name__} {value!r}"[:120])
    if not math.isfinite(number):
        raise ListingError(field, f"应为有限数字, 实为 {value!r}")
    return number


def _string(value: Any, field: str, *, from_text: bool) -> str | None:
    if value is None or type(value) is str:
        return value
    if isinstance(value, str):
        return str(value)
    if from_text and isinstance(value, (int, float)) and not isinstance(value, bool):
        # A spreadsheet cell typed as a number (an id like 1001): its text is what the merchant meant.
        return str(int(value)) if float(value).is_integer() else str(value)
    raise ListingError(field, f"应为字符串, 实为 {type(value).__name__}")


def _json_cell(value: Any, field: str) -> Any:
    """CSV/XLSX cells hold JSON text for structured fields; an empty cell is absent."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        return None
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise ListingError(field, f"应为 JSON 文本 ({exc.msg}, 第 {exc.pos + 1} 个字符)") from None


_TRUE = {"true", "1", "yes", "y", "是", "t"}
_FALSE = {"false", "0", "no", "n", "否", "f", ""}


def _bool(value: Any, field: str, *, from_text: bool) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    if from_text and isinstance(value, (str, int)):
        word = str(value).strip().lower()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise ListingError(field, f"应为布尔值 (true/false), 实为 {value!r}"[:120])


def _string_list(value: Any, field: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ListingError(field, f"应为字符串数组, 实为 {type(value).__name__}")
    for i, item in enumerate(value):
        if not isinstance(item, str):
            raise ListingError(f"{field}[{i}]", f"应为字符串, 实为 {type(item).__name__}")
    return tuple(value)


def _string_map(value: Any, field: str) -> dict[str, str]:
    if value is None:
        return {}
    if type(value) is dict and all(type(item) is str for item in value.values()):
        return value
    if not isinstance(value, dict):
        raise ListingError(field, f"应为对象 (键→字符串), 实为 {type(value).__name__}")
    out = {}
    for key, item in value.items():
        if isinstance(item, (int, float)) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str):
            raise ListingError(f"{field}.{key}", f"应为字符串, 实为 {type(item).__name__}")
        out[key] = item
    return out


def _number_map(value: Any, field: str) -> dict[str, float]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ListingError(field, f"应为对象 (地区→数字), 实为 {type(value).__name__}")
    return {key: _number(item, f"{field}.{key}", from_text=False) for key, item in value.items()}


def _skus(value: Any, field: str) -> tuple[Sku, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ListingError(field, f"应为数组, 实为 {type(value).__name__}")
    skus = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise ListingError(f"{field}[{i}]", f"应为对象 {{name, price, stock?, unit?}}, 实为 {type(item).__name__}")
        name, price, stock, unit = item.get("name"), item.get("price"), item.get("stock"), item.get("unit")
        # A catalog builds millions of SKUs: values of the usual type are taken as they are, and the others are
        # checked under a bare field name, completed (skus[2].price) only for an error.
        try:
            if type(name) is not str:
                name = _string(name, "name", from_text=False) or ""
            if type(price) is not float or not math.isfinite(price):
                price = _number(price, "price", from_text=False)
            if type(stock) is not int:
                stock = _number(stock, "stock", from_text=False)
                stock = None if stock is None else int(stock)
            if unit is not None and type(unit) is not str:
                unit = _string(unit, "unit", from_text=False)
        except ListingError as error:
            raise ListingError(f"{field}[{i}].{error.field}", error.message) from None
        skus.append(tuple.__new__(Sku, (name, price, stock, unit)))  # Sku(...) without its Python-level __new__
    return tuple(skus)


class Listing:
    """One validated listing. Text fields are normalized on first use and cached, so rules share the work."""

    __slots__ = (
        "id", "shop_id", "title", "detail", "category", "brand", "attributes", "price", "freight",
        "freight_regions", "virtual", "skus", "images", "campaigns", "lint_ignore", "record", "_texts",
        "_field_paths", "shared",
    )

    def __init__(self, record: Mapping[str, Any], *, from_text: bool = False):
        """Validate ``record``. ``from_text`` is for CSV/XLSX rows, whose cells are text (numbers, JSON)."""
        if not isinstance(record, Mapping):
            raise ListingError("(record)", f"应为 JSON 对象, 实为 {type(record).__name__}")
        self.record = record
        raw_id = record.get("id")
        listing_id = _string(raw_id, "id", from_text=from_text)
        if listing_id is None or not listing_id.strip():
            raise ListingError("id", "缺少必填字段 id")
        self.id = listing_id
        self.shop_id = _string(record.get("shop_id"), "shop_id", from_text=from_text)
        self.title = _string(record.get("title"), "title", from_text=from_text)
        self.detail = _string(record.get("detail"), "detail", from_text=from_text)
        self.category = _string(record.get("category"), "category", from_text=from_text)
        self.brand = _string(record.get("brand"), "brand", from_text=from_text)
        self.price = _number(record.get("price"), "price", from_text=from_text)
        self.freight = _number(record.get("freight"), "freight", from_text=from_text)
        self.virtual = _bool(record.get("virtual"), "virtual", from_text=from_text)

        def structured(name: str) -> Any:
            value = record.get(name)
            return _json_cell(value, name) if from_text else value

        self.attributes = _string_map(structured("attributes"), "attributes")
        self.freight_regions = _number_map(structured("freight_regions"), "freight_regions")
        self.skus = _skus(structured("skus"), "skus")
        self.images = _string_list(structured("images"), "images")
        self.campaigns = _string_list(structured("campaigns"), "campaigns")
        self.lint_ignore = _string_list(structured("lint_ignore"), "lint_ignore")
        self._texts: dict[str, Text] = {}
        self._field_paths: dict[tuple[bool, bool, bool, bool], tuple[str, ...]] = {}
        # Facts about this listing that several rules need (its inferred category, parsed quantities …),
        # computed by the first rule that asks and shared with the others.
        self.shared: dict[str, Any] = {}

    # -- text fields -------------------------------------------------------------------------------

    def field_value(self, path: str) -> str | None:
        """The original string of a text field path: ``title``, ``attributes.材质``, ``skus[2].name``."""
        if path in ("title", "detail", "category", "brand", "shop_id"):
            return getattr(self, path)
        if path.startswith("attributes."):
            return self.attributes.get(path[len("attributes."):])
        if path.startswith("skus[") and path.endswith("].name"):
            index = int(path[5:path.index("]")])
            return self.skus[index].name if 0 <= index < len(self.skus) else None
        if path.startswith("skus[") and path.endswith("].unit"):
            index = int(path[5:path.index("]")])
            return self.skus[index].unit if 0 <= index < len(self.skus) else None
        raise KeyError(path)

    def text(self, path: str) -> Text:
        """The normalized view of a text field (empty if absent), computed once per listing."""
        cached = self._texts.get(path)
        if cached is None:
            value = self.field_value(path) or ""
            if len(value) <= SHARED_TEXT_MAX and path not in ("title", "detail"):  # titles are each their own
                cached = _shared_text(value)
            else:
                cached = normalize(value, html=(path == "detail"))
            self._texts[path] = cached
        return cached

    def text_fields(self, *, title: bool = True, detail: bool = True, skus: bool = True,
                    attributes: bool = False) -> Iterator[str]:
        """Paths of the present, non-empty text fields, in a stable order."""
        # Rules ask this ~30 times a listing: the paths are listed once per choice of fields, and the same path
        # strings then come back (their hash kept) to every text(path) lookup.
        choice = (title, detail, skus, attributes)
        paths = self._field_paths.get(choice)
        if paths is None:
            paths = self._field_paths[choice] = tuple(self._present_fields(title, detail, skus, attributes))
        return iter(paths)

    def _present_fields(self, title: bool, detail: bool, skus: bool, attributes: bool) -> Iterator[str]:
        if title and self.title:
            yield "title"
        if detail and self.detail:
            yield "detail"
        if skus:
            for i, sku in enumerate(self.skus):
                if sku.name:
                    yield f"skus[{i}].name"
        if attributes:
            for key, value in self.attributes.items():
                if value:
                    yield f"attributes.{key}"

    def __repr__(self) -> str:
        return f"Listing(id={self.id!r}, title={self.title!r})"


@lru_cache(maxsize=SHARED_TEXTS)
def _shared_text(value: str) -> Text:
    return normalize(value)
