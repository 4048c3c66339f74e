"""The pre-publish check page in a real headless chromium: type, see the highlight, apply the suggestion."""

from __future__ import annotations

import json

import httpx
import pytest

pytest.importorskip("fastapi", reason="the [server] extra (fastapi, uvicorn) is not installed")
pytest.importorskip("uvicorn", reason="the [server] extra (fastapi, uvicorn) is not installed")

from listing_lint import Config  # noqa: E402
from listing_lint.server import create_app  # noqa: E402
from browser import browser  # noqa: E402,F401  (fixture)
from live_server import ThreadedServer  # noqa: E402

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT = 30_000  # ms: a debounced check on loopback takes well under a second, but CI machines get busy


@pytest.fixture(scope="module")
def server():
    with ThreadedServer(create_app(Config())) as live:
        # Warm up: the first check compiles the rules' matchers (and may load jieba).
        warm = {"id": "w", "title": "百亿补贴 加V: abc12345 纯棉T恤 最好", "detail": "纯棉", "skus": [{"name": "白色"}]}
        assert httpx.post(f"{live.url}/v1/lint", json=warm, timeout=120).status_code == 200
        yield live


@pytest.fixture
def page(browser, server, request):  # noqa: F811
    viewport = getattr(request, "param", DESKTOP)
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    outside: list[str] = []
    tab.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None)
    tab.goto(server.url + "/")
    tab.wait_for_function("document.querySelector('#profile').options.length > 0", timeout=TIMEOUT)
    yield tab
    assert errors == [], errors
    assert outside == [], f"the page fetched from elsewhere: {outside}"
    context.close()


def settled(tab) -> None:
    """Wait until the page has checked what is in the form (debounce over, answer shown)."""
    tab.wait_for_function("document.body.dataset.state === 'done'", timeout=TIMEOUT)


def marks(tab, field_id: str):
    return tab.locator(f".hl:has(#{field_id}) .backdrop mark")


def issues(tab, field: str):
    return tab.locator(f'.issues[data-for="{field}"] .issue')


def assert_backdrop_mirrors(tab, field_id: str) -> None:
    """The highlight layer holds exactly the text of the field, so marks sit on the right characters."""
    mirrored = tab.evaluate(f"""() => {{
        const input = document.getElementById('{field_id}');
        return input.parentElement.querySelector('.backdrop').textContent === input.value + '\\u200b';
    }}""")
    assert mirrored


def assert_mark_inside(tab, field_id: str) -> None:
    box = tab.locator(f"#{field_id}").bounding_box()
    mark = marks(tab, field_id).first.bounding_box()
    assert box["x"] <= mark["x"] and mark["x"] + mark["width"] <= box["x"] + box["width"] + 1
    assert box["y"] <= mark["y"] and mark["y"] + mark["height"] <= box["y"] + box["height"] + 1


@pytest.mark.parametrize("page", [DESKTOP, PHONE], ids=["desktop", "phone"], indirect=True)
@pytest.mark.parametrize("prefix", ["", "😀👍🏻"], ids=["plain", "emoji"])
def test_type_a_disguised_claim_see_it_highlighted_and_apply_the_fix(page, prefix, tmp_path):
    title = page.locator("#title")
    title.click()
    title.press_sequentially(prefix + "佰亿补帖 纯棉T恤", delay=20)
    highlight = marks(page, "title")
    highlight.first.wait_for(timeout=TIMEOUT)
    # Offsets are code points; the emoji before the claim must not shift the highlight.
    assert highlight.first.inner_text() == "佰亿补帖"
    assert highlight.first.get_attribute("class") == "sev-error"
    assert_backdrop_mirrors(page, "title")
    assert_mark_inside(page, "title")
    card = issues(page, "title").filter(has_text="LL301")
    assert card.count() == 1
    assert "冒用平台认证/活动信息" in card.inner_text()  # the rule's title, from /v1/rules
    assert "不得自行标注" in card.locator(".message").inner_text()  # the Chinese explanation
    assert "处罚" in card.locator(".penalty").inner_text()  # the penalty it risks
    assert "删除「佰亿补帖」" in card.locator(".suggestion").inner_text()
    assert "错误" in page.locator("#status").inner_text()
    page.screenshot(path=str(tmp_path / "flagged.png"), full_page=True)

    card.locator(".apply").click()
    assert title.input_value() == prefix + "纯棉T恤"
    settled(page)
    assert marks(page, "title").count() == 0
    assert issues(page, "title").filter(has_text="LL301").count() == 0
    assert_backdrop_mirrors(page, "title")
    page.screenshot(path=str(tmp_path / "fixed.png"), full_page=True)
    # A phone-sized screen never scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_highlights_in_a_multiline_detail_and_a_sku(page):
    detail = "第一行 😀😀\n第二行【百億補貼】100%纯棉"
    page.locator("#detail").fill(detail)
    page.locator(".sku-name").first.fill("白色 M 百亿补贴款")
    marks(page, "detail").first.wait_for(timeout=TIMEOUT)
    assert marks(page, "detail").first.inner_text() == "百億補貼"
    assert_backdrop_mirrors(page, "detail")
    sku_mark = page.locator(".sku .backdrop mark")
    sku_mark.first.wait_for(timeout=TIMEOUT)
    assert sku_mark.first.inner_text() == "百亿补贴"
    assert "SKU 1" in issues(page, "skus[0]").first.inner_text()
    # Deleting the claim also takes its brackets, as the fix says.
    issues(page, "detail").filter(has_text="LL301").locator(".apply").click()
    assert page.locator("#detail").input_value() == "第一行 😀😀\n第二行100%纯棉"
    settled(page)
    assert issues(page, "detail").filter(has_text="LL301").count() == 0
    assert_backdrop_mirrors(page, "detail")


def test_an_enrolled_campaign_is_not_flagged(page):
    page.locator("#campaigns").fill("百亿补贴")
    page.locator("#title").fill("百亿补贴 纯棉T恤")
    settled(page)
    assert issues(page, "title").filter(has_text="LL301").count() == 0
    page.locator("#campaigns").fill("")
    issues(page, "title").filter(has_text="LL301").first.wait_for(timeout=TIMEOUT)


def test_paste_a_listing_as_json(page):
    record = {"id": "1001", "title": "纯棉T恤", "price": 59, "freight": 0,
              "skus": [{"name": "白色 M", "price": 59}, {"name": "佰亿补帖 黑色 L", "price": 59}]}
    page.locator("details.json summary").click()
    page.locator("#json").fill(json.dumps(record, ensure_ascii=False))
    page.locator("#json-load").click()
    assert page.locator("#title").input_value() == "纯棉T恤"
    assert page.locator(".sku-name").count() == 2
    page.locator(".issues[data-for='skus[1]'] .issue").first.wait_for(timeout=TIMEOUT)
    assert "佰亿补帖" in page.locator(".issues[data-for='skus[1]']").inner_text()
    page.locator("#json-export").click()
    exported = json.loads(page.locator("#json").input_value())
    assert exported["skus"][1] == {"name": "佰亿补帖 黑色 L", "price": 59}
    page.locator("#json").fill("{not json")
    page.locator("#json-load").click()
    assert "无法读取" in page.locator("#json-error").inner_text()


def test_switching_the_profile_rechecks(page):
    page.locator("#title").fill("百亿补贴 纯棉T恤")
    issues(page, "title").filter(has_text="LL301").first.wait_for(timeout=TIMEOUT)
    page.locator("#profile").select_option("tiktok-shop")
    page.wait_for_function(
        "[...document.querySelectorAll('.issues[data-for=title] .penalty')].some(p => p.textContent.includes('误导性宣传'))",
        timeout=TIMEOUT)


@pytest.mark.parametrize("page", [DESKTOP, PHONE], ids=["desktop", "phone"], indirect=True)
def test_a_disguised_wechat_id_is_highlighted_and_removed(page, tmp_path):
    title = page.locator("#title")
    title.click()
    title.press_sequentially("加V❤: abc12345 纯棉T恤", delay=20)
    card = issues(page, "title").filter(has=page.locator('[title="third-party-contact"]'))
    card.first.wait_for(timeout=TIMEOUT)
    highlighted = "".join(marks(page, "title").all_inner_texts())
    assert "abc12345" in highlighted
    assert_mark_inside(page, "title")
    page.screenshot(path=str(tmp_path / "wechat.png"), full_page=True)
    card.first.locator(".apply").click()
    assert "abc12345" not in title.input_value()
    settled(page)
    assert card.count() == 0
    assert "abc12345" not in "".join(marks(page, "title").all_inner_texts())


def test_each_problem_links_its_rule_docs(page):
    page.locator("#title").fill("百亿补贴 纯棉T恤")
    card = issues(page, "title").filter(has_text="LL301").first
    card.wait_for(timeout=TIMEOUT)
    card.locator("details.docs summary").click()
    docs = card.locator("details.docs").inner_text()
    assert "seed 002 §8" in docs and "违规示例" in docs and "百亿补贴" in docs
