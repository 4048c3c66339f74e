"""Edits that fixes and suggestions make."""

import pytest

from listing_lint.detectors.edits import apply_deletion, deletion, deletion_span, rewrite, suggest_deletion, suggest_edit
from listing_lint.finding import Fix


def test_deletion_takes_empty_brackets_and_one_separator():
    assert apply_deletion("【百亿补贴】纯棉T恤", 1, 5) == "纯棉T恤"
    assert apply_deletion("百亿补贴 纯棉T恤", 0, 4) == "纯棉T恤"
    assert apply_deletion("纯棉T恤 百亿补贴", 5, 9) == "纯棉T恤"
    assert deletion_span("【百亿补贴 包邮】", 1, 5) == (1, 6)  # brackets enclose more: they stay
    assert apply_deletion('"百亿补贴"T恤', 1, 5) == "T恤"
    assert apply_deletion("“百亿补贴”T恤", 1, 5) == "T恤"
    assert apply_deletion("面料纯棉。加V123。好评", 5, 10) == "面料纯棉。好评"


def test_suggestions_stay_local_in_long_fields():
    short = "纯棉T恤 百亿补贴"
    assert suggest_edit(short, 5, 9, "") == "纯棉T恤 "
    long = "好" * 500 + "百亿补贴" + "棉" * 500
    suggestion = suggest_deletion(long, 500, 504)
    assert len(suggestion) < 60 and suggestion.startswith("…") and suggestion.endswith("…")
    assert "百亿补贴" not in suggestion


def test_advice_replaces_a_rewrite_that_would_show_little():
    assert suggest_deletion("纯棉T恤 加V123", 5, 10, advice="删除") == "纯棉T恤"  # short field: the rewrite
    assert suggest_deletion("加V123", 0, 5, advice="删除联系方式") == "删除联系方式"  # nothing would be left
    assert suggest_deletion("好" * 300 + "加V123", 300, 305, advice="删除联系方式") == "删除联系方式"  # long field


def test_a_deletion_s_fix_takes_what_its_suggestion_takes():
    original = "纯棉T恤 【百亿补贴】 白色"
    start = original.index("百")
    suggestion, fix = deletion(original, start, start + 4, safe=True)
    assert fix == Fix(start - 1, start + 6, "", safe=True)  # the brackets and one separator go too
    assert suggestion == fix.apply(original) == "纯棉T恤 白色"
    long_detail = "说明" * 150 + "加V123" + "说明" * 10
    at = long_detail.index("加")
    advice, fix = deletion(long_detail, at, at + 5, safe=False, advice="删除「加V123」")
    assert advice == "删除「加V123」" and not fix.safe and "加V123" not in fix.apply(long_detail)


def test_a_rewrite_replaces_the_words_or_without_a_replacement_deletes_them():
    original = "纯棉T恤 【最佳】 白色"
    start = original.index("最")
    suggestion, fix = rewrite(original, start, start + 2, "优质", safe=False)
    assert fix == Fix(start, start + 2, "优质", safe=False)  # the brackets stay: they enclose the new words
    assert suggestion == fix.apply(original) == "纯棉T恤 【优质】 白色"
    assert rewrite(original, start, start + 2, "", safe=True) == deletion(original, start, start + 2, safe=True)


@pytest.mark.parametrize("after", list("。！!？?；;，,、"))
def test_a_sentence_goes_with_one_mark_after_it(after):
    assert apply_deletion(f"纯棉！加V123{after}好评", 3, 8) == "纯棉！好评"
