"""Hostile and malformed input: findings or a clear ListingError, never another exception, never a hang."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from listing_lint import Linter, ListingError

LINTER = Linter()

# Text that mixes what merchants write with what breaks naive code: surrogates are excluded (JSON cannot
# carry them), everything else in Unicode is fair game, plus the characters rules care about.
TEXT = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=200),
    st.lists(st.sampled_from(["百亿补贴", "微信", "V", "①③⑧", "１３８", "最", "第一", "<p>", "&amp;", "包邮", "\u200b",
                              "👍🏽", "e\u0301", "㎏", "發(fā)", "QQ", "@", "http://", ".com", "0", "9", " ", "\n"]),
             max_size=30).map("".join),
)
NUMBER = st.one_of(st.none(), st.integers(-10**12, 10**12), st.floats(allow_nan=True, allow_infinity=True),
                   st.text(max_size=5), st.booleans())
SKU = st.fixed_dictionaries({"name": st.one_of(TEXT, st.none(), st.integers())},
                            optional={"price": NUMBER, "stock": NUMBER, "unit": st.one_of(TEXT, st.none())})
RECORD = st.fixed_dictionaries(
    {"id": st.one_of(st.text(min_size=1, max_size=8), st.integers(), st.none())},
    optional={
        "shop_id": st.one_of(st.text(max_size=5), st.none()),
        "title": st.one_of(TEXT, st.none(), st.integers()),
        "detail": st.one_of(TEXT, st.none()),
        "category": st.one_of(st.sampled_from(["手机/手机壳", "食品饮料/茶", "家具/沙发", "虚拟/话费充值", ""]), TEXT),
        "brand": st.one_of(TEXT, st.none()),
        "attributes": st.one_of(st.dictionaries(st.text(max_size=4), st.one_of(TEXT, st.integers()), max_size=3),
                                st.none(), st.text(max_size=3)),
        "price": NUMBER, "freight": NUMBER,
        "freight_regions": st.one_of(st.dictionaries(st.text(max_size=3), NUMBER, max_size=3), st.none()),
        "virtual": st.one_of(st.booleans(), st.none(), st.text(max_size=3)),
        "skus": st.one_of(st.lists(SKU, max_size=5), st.none(), st.text(max_size=3)),
        "images": st.one_of(st.lists(st.text(max_size=10), max_size=3), st.none()),
        "campaigns": st.one_of(st.lists(st.sampled_from(["百亿补贴", "x"]), max_size=2), st.none()),
        "lint_ignore": st.one_of(st.lists(st.text(max_size=20), max_size=2), st.none()),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(RECORD)
def test_any_record_gives_findings_or_a_listing_error(record):
    try:
        findings = LINTER.lint(record)
    except ListingError as error:
        assert error.field
        return
    for finding in findings:
        data = finding.to_dict()
        json.dumps(data, ensure_ascii=False)
        if finding.start is not None:
            assert 0 <= finding.start <= finding.end


def test_a_megabyte_of_detail_is_checked_in_reasonable_time(tmp_path):
    """Each rule must be linear-ish on huge text: no catastrophic backtracking (a 1 MB detail)."""
    chunk = "纯棉面料, 亲肤透气。微信 最 第一 1 3 8 百亿 ..... aaaa@@@@ ((((( ​​ 👍🏽 "
    record = {"id": "big", "title": "纯棉T恤", "detail": (chunk * (1_000_000 // len(chunk)))[:1_000_000]}
    path = tmp_path / "big.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    code = ("import sys; from listing_lint.cli import main; "
            f"sys.exit(main(['check', '--format', 'json', '--output', {os.devnull!r}, {str(path)!r}]))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
