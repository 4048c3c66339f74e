"""fake-platform-claim (LL301): the family of certification claims, enrolment, disguises and fixes."""

from listing_lint import Config, Linter

LINTER = Linter(Config(select=("fake-platform-claim",)))


def claims(title, campaigns=()):
    return [f.text for f in LINTER.lint({"id": "1", "title": title, "campaigns": list(campaigns)})]


def test_certification_claims_are_a_family_not_a_list():
    # platform (or 平台) + qualifiers + one or more certification words, each from platform_terms.tsv
    assert claims("足金手镯 抖音电商官方质检认证") == ["抖音电商官方质检认证"]
    assert claims("抖店严选 蚕丝被") == ["抖店严选"]
    assert claims("平台认证品质商家 羊毛围巾") == ["平台认证品质商家"]
    assert claims("TikTok官方推荐 耳机") == ["TikTok官方推荐"]
    assert claims("斗音 官方 认证 茶叶") == ["斗音 官方 认证"]  # a variant of 抖, noise between words


def test_what_is_not_a_platform_claim():
    assert claims("抖音同款 抖音爆款 网红零食") == []
    assert claims("国家补贴 以旧换新 冰箱") == []
    assert claims("商家补贴 品牌官方旗舰店") == []
    assert claims("支持平台保障 七天无理由退换") == []


def test_enrolment_makes_a_claim_lawful():
    assert claims("抖音官方补贴 空调", ["百亿补贴"]) == []  # a subsidy claim is the 百亿补贴 campaign's
    assert claims("抖音超市 纯牛奶", ["抖音超市"]) == []  # the claim names the campaign enrolled in
    assert claims("抖音超市 纯牛奶", ["百亿补贴"]) == ["抖音超市"]


def test_fix_deletes_the_claim_safely():
    title = "【百亿补贴】纯棉T恤 抖音官方认证"
    found = LINTER.lint({"id": "1", "title": title})
    assert [f.text for f in found] == ["百亿补贴", "抖音官方认证"]
    assert all(f.fix.safe for f in found)
    assert "第 8 类" in found[1].message and "认证" in found[1].message
    fixed = title
    for f in sorted(found, key=lambda f: f.fix.start, reverse=True):
        fixed = f.fix.apply(fixed)
    assert fixed == "纯棉T恤"
