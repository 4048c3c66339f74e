"""misleading-claim (LL102): category exemptions and fixes."""

import time
from collections import Counter

from listing_lint import Config, Linter
from listing_lint.detectors.wording import MAX_HITS_PER_FIELD

LINTER = Linter(Config(select=("misleading-claim",)))


def rules_hit(**record):
    return [(f.text, f.severity) for f in LINTER.lint({"id": "1", **record})]


def test_medical_devices_may_state_treatment_but_not_guarantees():
    device = {"category": "医疗器械/理疗仪器"}
    assert rules_hit(title="红光治疗仪 缓解关节炎", **device) == []
    assert rules_hit(title="红光治疗仪 根治关节炎", **device) == [("根治关节炎", "error")]
    assert rules_hit(title="红光治疗仪 缓解关节炎") == [("缓解关节炎", "error")]


def test_works_are_not_claims():
    assert rules_hit(title="高血压的防治 第2版", category="图书/医学") == []
    assert rules_hit(title="《根治失眠的秘密》 正版") == []


def test_fix_deletes_the_claim():
    title = "【根治失眠】记忆棉枕头"
    (finding,) = LINTER.lint({"id": "1", "title": title})
    assert finding.fix.apply(title) == "记忆棉枕头" == finding.suggestion
    assert "第十六条" in finding.message or "第二十八条" in finding.message


def test_hostile_input_is_bounded():
    started = time.perf_counter()
    found = LINTER.lint({"id": "1", "title": "治疗" * 100_000, "detail": "100%有效 " * 50_000})
    assert time.perf_counter() - started < 10
    assert Counter((f.field, f.text) for f in found) == {("title", "治疗"): MAX_HITS_PER_FIELD,
                                                         ("detail", "100%有效"): MAX_HITS_PER_FIELD}


def test_health_functions_are_lawful_only_for_registered_health_food():
    claim = {"title": "复合维生素片", "detail": "增强免疫力"}
    assert rules_hit(**claim) == [("增强免疫力", "error")]
    assert rules_hit(**claim, category="保健食品/维生素") == []
    # 营养保健 is where shops file ordinary food too; a guarantee is unlawful whatever the category.
    assert rules_hit(**claim, category="食品饮料/营养保健") == [("增强免疫力", "error")]
    assert rules_hit(title="钙片", detail="三个月长高5cm", category="保健食品/钙") == [("三个月长高", "error")]


def test_claims_written_as_results_and_refunds_on_results():
    assert rules_hit(title="眼贴", detail="近视度数降低") == [("近视度数降低", "error")]
    assert rules_hit(title="钙片", detail="不长高全额退款") == [("不长高全额退款", "error")]
    # A general state is no health function; a physical insert is no growth claim.
    assert rules_hit(title="牛奶", detail="缓解疲劳，改善睡眠环境") == []
    assert rules_hit(title="增高鞋垫 内增高 3cm") == []


def test_category_options_read_the_category_as_normalized_text():
    linter = Linter(Config(select=("misleading-claim",)))
    for category in ("医疗器械/血压计", "醫療器械/血壓計", "ＯＴＣ/感冒药"):
        record = {"id": "m1", "title": "电子血压计 降血压 家用", "category": category}
        assert linter.lint(record) == [], category
    assert linter.lint({"id": "m2", "title": "电子血压计 降血压 家用", "category": "家居/收纳"})


def test_the_category_is_read_at_the_first_claim_only():
    from listing_lint.listing import Listing

    (rule,) = LINTER.rules
    plain = Listing({"id": "1", "title": "纯棉短袖T恤", "category": "医疗器械/理疗仪器"})
    assert list(rule.check(plain)) == [] and "category" not in plain._texts
    # Once read, it excuses the claims it allows, the first one and those after it, and not the others.
    device = Listing({"id": "2", "title": "缓解关节炎 根治关节炎", "detail": "降血压", "category": "医疗器械/理疗仪器"})
    assert [hit.text for hit in rule.check(device)] == ["根治关节炎"] and "category" in device._texts
    book = Listing({"id": "3", "title": "根治失眠", "detail": "三天见效", "category": "图书/医学"})
    assert list(rule.check(book)) == []
