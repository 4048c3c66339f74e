"""absolute-wording (LL101): findings point at the original text and the unsafe fix yields lawful wording."""

import time
from collections import Counter

from listing_lint import Config, Linter
from listing_lint.detectors.wording import MAX_HITS_PER_FIELD

LINTER = Linter(Config(select=("absolute-wording",)))


def findings(**record):
    return LINTER.lint({"id": "1", **record})


def test_fix_replaces_the_word_with_lawful_wording_and_relints_clean():
    for title in ["【最佳】纯棉T恤", "全網最低價 保溫杯", "史上最低价 电动牙刷", "销 量 第 一 洗发水", "国家级品质 大米", "最舒适的枕头"]:
        found = findings(title=title)
        assert found, title
        fixed = title
        for finding in sorted(found, key=lambda f: -f.start):
            assert title[finding.start:finding.end] == finding.text
            assert finding.fix is not None and not finding.fix.safe
            assert finding.suggestion
            fixed = finding.fix.apply(fixed)
        assert not [f for f in findings(title=fixed) if f.severity == "error"], (title, fixed)


def test_bounded_claims_are_warnings_without_a_fix():
    (finding,) = findings(title="2023年双11天猫平台销量第一 空气炸锅")
    assert finding.severity == "warning" and finding.fix is None and "证明" in finding.message


def test_message_names_the_clause():
    (finding,) = findings(title="顶级 大红袍")
    assert "第九条(三)" in finding.message and finding.code == "LL101"


def test_hostile_input_is_bounded():
    started = time.perf_counter()
    found = findings(title="最" * 200_000, detail="第一" * 100_000 + "<p>" * 10_000)
    assert time.perf_counter() - started < 10
    assert Counter((f.field, f.text) for f in found) == {("title", "最"): MAX_HITS_PER_FIELD,
                                                         ("detail", "第一"): MAX_HITS_PER_FIELD}


def test_no_claim_is_read_across_a_clause_or_excused_from_another():
    def texts(detail):
        return [f.text for f in LINTER.lint({"id": "1", "title": "乌龙茶", "detail": detail})]

    assert texts("產地：台灣南投凍頂，級別：特級") == []  # 頂，級 is no 顶级
    assert texts("建議用95℃熱水沖泡最佳，第一泡可洗茶") == []  # a usage hint, an ordinal
    assert texts("建议按脚长选码。最佳口感") == ["最佳"]  # the advice is another sentence
    assert texts("特级为国标乌龙茶的最高等级") == []


def test_latin_terms_after_a_unit():
    # The skeleton drops the space of "1.8m TOP1", but TOP1 is still a word of its own.
    assert [f.text for f in LINTER.lint({"id": "1", "title": "四件套 1.8m TOP1"})] == ["TOP1"]
    assert LINTER.lint({"id": "1", "title": "stop1 型号"}) == []


def test_the_brand_is_read_at_the_first_word_only():
    from listing_lint.listing import Listing

    (rule,) = LINTER.rules
    plain = Listing({"id": "1", "title": "纯棉短袖T恤", "brand": "第一坊"})
    assert list(rule.check(plain)) == [] and "brand" not in plain._texts
    # Once read, the brand excuses its own words in every field, and no other word.
    branded = Listing({"id": "2", "title": "第一坊 最好的茶", "detail": "第一坊出品", "brand": "第一坊"})
    assert [hit.text for hit in rule.check(branded)] == ["最好"] and "brand" in branded._texts
