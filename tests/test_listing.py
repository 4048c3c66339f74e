"""Listing: text fields normalized once, and short ones shared between listings."""

from __future__ import annotations

import math

import pytest

from listing_lint.listing import SHARED_TEXT_MAX, Listing, ListingError, Sku


def listing(i: int, **fields) -> Listing:
    return Listing({"id": str(i), **fields})


def test_a_field_is_normalized_once_per_listing():
    one = listing(1, title="纯棉T恤 白色", detail="<p>纯棉</p>")
    assert one.text("title") is one.text("title")
    assert one.text("detail").value.strip() == "纯棉"  # detail is read as HTML


def test_short_sku_names_and_attributes_share_one_text_between_listings():
    a = listing(1, skus=[{"name": "白色 M", "price": 1}], attributes={"材质": "纯棉"})
    b = listing(2, skus=[{"name": "黑色 L", "price": 1}, {"name": "白色 M", "price": 1}], attributes={"面料": "纯棉"})
    assert a.text("skus[0].name") is b.text("skus[1].name")
    assert a.text("attributes.材质") is b.text("attributes.面料")
    assert a.text("skus[0].name") is not b.text("skus[0].name")


def test_what_a_detector_found_in_a_shared_text_stays_with_the_text():
    a = listing(1, skus=[{"name": "白色 M", "price": 1}])
    a.text("skus[0].name").memo["probe"] = ("found",)
    b = listing(2, skus=[{"name": "白色 M", "price": 1}])
    assert b.text("skus[0].name").memo["probe"] == ("found",)


def test_long_fields_titles_and_details_are_never_shared():
    long = "纯棉" * (SHARED_TEXT_MAX // 2 + 1)
    a = listing(1, title="T恤", detail="纯棉", skus=[{"name": long, "price": 1}])
    b = listing(2, title="T恤", detail="纯棉", skus=[{"name": long, "price": 1}])
    for path in ("title", "detail", "skus[0].name"):
        assert a.text(path) is not b.text(path)
        assert a.text(path).value == b.text(path).value


def test_a_shared_text_maps_offsets_to_its_own_original():
    a = listing(1, skus=[{"name": "ＡＢＣ 百億", "price": 1}])
    text = a.text("skus[0].name")
    assert text.value == "abc 百亿"
    assert text.span(4, 6) == (4, 6) and text.original == "ＡＢＣ 百億"


def test_text_fields_lists_the_present_fields_for_each_choice():
    one = listing(1, title="T恤", detail="", skus=[{"name": "白色", "price": 1}, {"name": "", "price": 1},
                                                   {"name": "黑色", "price": 2}], attributes={"材质": "纯棉", "产地": ""})
    assert list(one.text_fields()) == ["title", "skus[0].name", "skus[2].name"]
    assert list(one.text_fields(attributes=True)) == ["title", "skus[0].name", "skus[2].name", "attributes.材质"]
    assert list(one.text_fields(title=False, skus=False, attributes=True)) == ["attributes.材质"]
    assert list(one.text_fields()) == ["title", "skus[0].name", "skus[2].name"]  # asked again: the same answer
    first = one.text_fields()
    assert next(first) == "title" and list(one.text_fields()) == ["title", "skus[0].name", "skus[2].name"]


@pytest.mark.parametrize("sku,field", [
    ({"name": 5, "price": 1.0}, "skus[1].name"),
    ({"name": "a", "price": "1"}, "skus[1].price"),
    ({"name": "a", "price": True}, "skus[1].price"),
    ({"name": "a", "price": math.inf}, "skus[1].price"),
    ({"name": "a", "price": math.nan}, "skus[1].price"),
    ({"name": "a", "price": 1.0, "stock": "3"}, "skus[1].stock"),
    ({"name": "a", "price": 1.0, "unit": 3}, "skus[1].unit"),
    ("a", "skus[1]"),
])
def test_a_wrong_sku_value_names_its_sku_and_field(sku, field):
    with pytest.raises(ListingError) as caught:
        listing(1, skus=[{"name": "ok", "price": 1.0}, sku])
    assert caught.value.field == field and str(caught.value).startswith(f"{field}: 应为")


def test_sku_values_of_other_accepted_types_are_converted():
    one = listing(1, skus=[{"name": None, "price": 5, "stock": 2.0}, {"name": "a", "price": None, "stock": None},
                           {"name": "b", "price": 1.5, "stock": 3, "unit": "件"}])
    assert one.skus == (Sku("", 5.0, 2, None), Sku("a", None, None, None), Sku("b", 1.5, 3, "件"))
    assert all(type(sku) is Sku for sku in one.skus)
    assert type(one.skus[0].price) is float and type(one.skus[0].stock) is int
