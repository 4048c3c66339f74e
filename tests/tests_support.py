"""Shared test constants."""

CONTRACT_IDS = {
    "absolute-wording", "third-party-contact", "fake-platform-claim", "keyword-stuffing", "personal-info",
    "misleading-claim", "freight-abnormal", "sku-price-bait", "unit-splitting", "inconsistent-info",
    "missing-info", "category-mismatch", "identity-change", "duplicate-listing",
}
