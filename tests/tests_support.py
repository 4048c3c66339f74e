"""Shared test constants."""

CONTRACT_IDS = {
    "absolute-wording", "third-party-contact", "fake-platform-claim", "keyword-stuffing", "personal-info",
    "misleading-claim", "freight-abnormal", "sku-price-bait", "unit-splitting", "inconsistent-info",
    "missing-info", "category-mismatch", "identity-change", "duplicate-listing",
}

# One shop's 美的 rice cooker listed three times (reworded: hot words, word order, traditional script), its 5L
# model, the same goods in another shop, and a listing without a title. Duplicates in shop s1: a, b, c.
RICE_COOKERS = [
    {"id": "a", "shop_id": "s1", "title": "美的电饭煲 3L 家用智能预约"},
    {"id": "b", "shop_id": "s1", "title": "【新款】美的 家用智能预约 电饭煲 3L 包邮"},
    {"id": "c", "shop_id": "s1", "title": "美的電飯煲 3L 家用智能預約"},
    {"id": "d", "shop_id": "s2", "title": "美的电饭煲 3L 家用智能预约"},
    {"id": "e", "shop_id": "s1", "title": "美的电饭煲 5L 家用智能预约"},
    {"id": "f", "shop_id": "s1"},
    {"id": "g", "shop_id": "s2", "title": "美的电饭煲 5L 家用智能预约"},
]
