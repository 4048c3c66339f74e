"""The platform rule pages themselves (../shared/seeds), linted as a listing's detail, must yield a
third-party-contact finding for every URL, e-mail, QR-code cue and disguised WeChat id they contain
(issue 3) — and nothing else but the steering phrases they quote."""

from __future__ import annotations

from pathlib import Path

import pytest

from listing_lint import Config, Linter

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

# Seed file prefix → the contact texts it contains (as written in the page).
CONTACTS = {
    "000": [],
    "001": ["info@dsb.cn"],
    "002": ["www.dianpujie.com", "扫描二维码", "http://www.dianpujie.com/shop/4939.html"],
    "003": ["e-commerce@tiktok.com", "business@yihaoquan.com"],
    "004": ["幕.思.城", "微.信號是為: msc496"],
}
# Phrases a page quotes that are findings too (seed 004 describes 引导私下交易 and ends with 加我微信).
ALSO = {
    "004": ["私下交易", "站外交易", "加我微信"],
}


def _seed(prefix: str) -> Path:
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found under {SEEDS}")
    return matches[0]


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter(Config(select=("third-party-contact", "personal-info")))


@pytest.mark.parametrize("prefix", sorted(CONTACTS))
def test_seed_contacts_are_found(linter, prefix):
    detail = _seed(prefix).read_text(encoding="utf-8")
    findings = linter.lint({"id": f"seed-{prefix}", "title": "商品", "detail": detail})
    contacts = [f for f in findings if f.rule == "third-party-contact"]
    texts = [f.text for f in contacts]
    for wanted in CONTACTS[prefix]:
        assert any(wanted in text for text in texts), f"seed {prefix}: {wanted!r} not reported; got {texts}"
    expected = CONTACTS[prefix] + ALSO.get(prefix, [])
    extra = [t for t in texts if not any(e in t for e in expected)]
    assert not extra, f"seed {prefix}: unexpected third-party-contact findings {extra}"
    for finding in contacts:
        assert detail[finding.start:finding.end] == finding.text
        assert finding.severity == "error"


@pytest.mark.parametrize("prefix", sorted(CONTACTS))
def test_seeds_hold_no_personal_info(linter, prefix):
    detail = _seed(prefix).read_text(encoding="utf-8")
    findings = linter.lint({"id": f"seed-{prefix}", "title": "商品", "detail": detail})
    assert [f.text for f in findings if f.rule == "personal-info"] == []
