"""The ``html`` report: one self-contained page, riskiest listings first, bounded for large catalogs."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from listing_lint import Config, Finding, Linter
from listing_lint.cli import main
from listing_lint.formats import Summary, formatters
from listing_lint.formats import html as html_format
from browser import browser  # noqa: F401  (fixture)

CLAIM = "fake-platform-claim"


def write_jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def check_html(tmp_path: Path, records, *extra: str) -> tuple[int, str]:
    catalog = write_jsonl(tmp_path / "catalog.jsonl", records)
    report = tmp_path / "report.html"
    code = main(["check", str(catalog), "--format", "html", "--output", str(report), "--select", CLAIM, *extra],
                stdout=io.StringIO(), stderr=io.StringIO())
    return code, report.read_text(encoding="utf-8")


def listing_ids(page: str) -> list[str]:
    return re.findall(r"<details class=listing[^>]* data-id='([^']*)'", page)


def test_registered_as_a_format():
    assert formatters()["html"] is html_format.HtmlFormatter


def test_report_of_a_small_catalog(tmp_path):
    records = [
        {"id": "one", "shop_id": "shop-a", "title": "百亿补贴 纯棉T恤"},
        {"id": "clean", "shop_id": "shop-a", "title": "纯棉短袖T恤男"},
        {"id": "three", "shop_id": "shop-b", "title": "百億補貼 保温杯", "detail": "<b>佰亿补帖</b>",
         "skus": [{"name": "百亿补贴款", "price": 9}]},
        {"id": "<evil>", "title": "百亿补贴<script>alert(1)</script>"},
    ]
    code, page = check_html(tmp_path, records)
    assert code == 1
    assert page.startswith("<!doctype html>") and page.rstrip().endswith("</html>")
    # Self-contained: nothing is fetched.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "<link" not in page and "@import" not in page
    # Totals: 4 listings checked, 3 with problems, 5 errors.
    totals = re.findall(r"<div class=num>([^<]*)</div><div class=label>([^<]*)</div>", page)
    assert ("4", "检查的商品") in totals and ("3", "有问题的商品") in totals and ("5", "错误") in totals
    # The chart per rule names the rule and its count; the penalty it risks is said.
    assert re.search(r"data-rule='fake-platform-claim'.*?LL301.*?<span class=bar-count>5</span>", page)
    assert "A2/A6/B4/B12" in page
    # Riskiest first: three (3 errors) before the others; the clean listing is not listed.
    assert listing_ids(page)[0] == "three" and set(listing_ids(page)) == {"three", "one", "&lt;evil&gt;"}
    # Each finding in its context, the offending characters marked, HTML in the data escaped.
    assert "<mark class=error>百億補貼</mark> 保温杯" in page
    assert "&lt;b&gt;<mark class=error>佰亿补帖</mark>&lt;/b&gt;" in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)" in page
    assert "删除「百亿补贴」" in page


def test_a_clean_catalog_says_so(tmp_path):
    code, page = check_html(tmp_path, [{"id": "1", "title": "纯棉短袖T恤男"}])
    assert code == 0
    assert "未发现问题" in page and listing_ids(page) == []


def outcome(listing_id, shop, findings, *, catalog=False, values=None):
    return SimpleNamespace(source="c.jsonl", line=1, listing_id=listing_id, findings=findings, error=None,
                           values=values or {}, catalog=catalog, shop_id=shop)


def finding(listing_id, severity="error", rule=CLAIM, start=0, end=4, text="百亿补贴", **extra):
    return Finding(listing_id=listing_id, rule=rule, severity=severity, field="title", start=start, end=end,
                   text=text, message="商品未报名平台「百亿补贴」", code="LL301", **extra)


def render(outcomes, listings):
    stream = io.StringIO()
    formatter = html_format.HtmlFormatter(stream, Linter(Config(select=(CLAIM,))))
    formatter.begin()
    summary = Summary(listings=listings, sources=["c.jsonl"])
    for item in outcomes:
        formatter.outcome(item)
        for f in item.findings:
            summary.by_severity[f.severity] += 1
    formatter.end(summary)
    return stream.getvalue()


def test_large_catalogs_stay_bounded():
    """20,000 flagged listings: the 500 riskiest are rendered, the rest counted; the page stays small."""
    def outcomes():
        for i in range(20_000):
            errors = 3 if i % 1000 == 7 else 1
            title = "百亿补贴 纯棉T恤 " + "详情" * 2000  # long values must not end up whole in the page
            yield outcome(f"L{i:05d}", f"shop-{i % 57}", [finding(f"L{i:05d}")] * errors, values={"title": title})

    page = render(outcomes(), 30_000)
    ids = listing_ids(page)
    assert len(ids) == html_format.MAX_LISTINGS
    assert ids[:20] == [f"L{i:05d}" for i in range(7, 20_000, 1000)]  # the 3-error listings first, in order
    assert "另有 19,500 条有问题的商品未列出" in page
    assert len(page) < 1_500_000
    assert page.count("<details class=listing open") == html_format.OPEN_LISTINGS
    # Per shop: the 20 shops with most findings, the rest summed up.
    assert page.count("data-shop=") == html_format.MAX_SHOPS + len(ids)
    assert "另有 37 家店铺" in page


def test_a_catalog_finding_adds_to_its_listing():
    dup = Finding(listing_id="a", rule=CLAIM, severity="warning", field="title", start=None, end=None, text="",
                  message="重复", related=("b",))
    page = render([outcome("a", "s", [finding("a")]), outcome("b", "s", [finding("b"), finding("b")]),
                   outcome("a", "s", [dup], catalog=True)], 2)
    assert listing_ids(page) == ["b", "a"]
    assert "警告 1" in page and "相关商品: b" in page
    assert page.count("data-id='a'") == 1


def test_without_shop_ids_the_catalog_is_one_shop():
    page = render([outcome("a", None, [finding("a")])], 1)
    assert html_format.NO_SHOP in page


def test_the_report_renders_in_chromium(tmp_path, browser):  # noqa: F811
    records = [{"id": f"L{i}", "shop_id": f"shop-{i % 3}", "title": f"百亿补贴 纯棉T恤 {i}号",
                "detail": "佰亿补帖" if i % 2 else "纯棉"} for i in range(40)]
    _, page_text = check_html(tmp_path, records)
    requests = []
    page = browser.new_page(viewport={"width": 1200, "height": 1000})
    page.on("request", lambda r: requests.append(r.url))
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((tmp_path / "report.html").as_uri())
    assert [url for url in requests if not url.startswith("file:")] == []
    assert errors == []
    assert page.locator("details.listing").count() == 40
    assert page.locator("details.listing[open] mark.error").first.inner_text() in ("百亿补贴", "佰亿补帖")
    # Filtering: by text, by severity, by clicking a rule's bar (again: all).
    page.locator("#q").fill("L17")
    assert page.locator("details.listing:visible").count() == 1
    assert "1 / 40" in page.locator("#shown").inner_text()
    page.locator("#clear").click()
    page.locator("#sev").select_option("warning")
    assert page.locator("details.listing:visible").count() == 0
    page.locator("#sev").select_option("error")
    assert page.locator("details.listing:visible").count() == 40
    page.locator(".bar[data-rule='fake-platform-claim']").click()
    assert page.locator("details.listing:visible").count() == 40
    page.screenshot(path=str(tmp_path / "report.png"), full_page=False)
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling on a phone
    page.close()


def test_the_shop_chart_of_a_real_run_filters_by_shop(tmp_path, browser):  # noqa: F811
    records = [{"id": f"L{i}", "shop_id": f"shop-{i % 3}", "title": "百亿补贴 纯棉T恤"} for i in range(30)]
    _, text = check_html(tmp_path, records)
    assert html_format.NO_SHOP not in text
    page = browser.new_page()
    page.goto((tmp_path / "report.html").as_uri())
    page.locator(".bar[data-shop='shop-1']").click()
    assert page.locator("details.listing:visible").count() == 10
    page.locator(".bar[data-shop='shop-1']").click()
    assert page.locator("details.listing:visible").count() == 30
    page.close()
