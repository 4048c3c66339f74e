"""listing_lint.finding: a Fix applied to the value it was made for."""

from __future__ import annotations

import pytest

from listing_lint import Fix


def test_apply_replaces_deletes_and_inserts_at_character_offsets():
    assert Fix(0, 2, "较好").apply("最好的茶") == "较好的茶"
    assert Fix(0, 6, "").apply("【百亿补贴】纯棉T恤") == "纯棉T恤"
    assert Fix(4, 4, " ").apply("纯棉T恤") == "纯棉T恤 "
    assert Fix(1, 2, "x").apply("a😀b") == "axb"  # offsets count characters, an astral one too


@pytest.mark.parametrize("start,end", [(3, 5), (2, 1), (-1, 1)])
def test_apply_refuses_a_span_outside_the_value(start, end):
    with pytest.raises(ValueError, match="outside"):
        Fix(start, end, "").apply("纯棉T")
