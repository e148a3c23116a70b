from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import screenshot

WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]}, "resultTypes": ["violations"]}


def test_a_code_typed_on_the_home_page_goes_straight_to_its_page(site, page):
    page.goto(site + "/")
    search = page.locator("#home-search-q")
    search.fill("SIP/2.0 486 Busy Here")
    search.press("Enter")
    expect(page).to_have_url(site + "/codes/486/")
    expect(page.get_by_role("heading", level=1)).to_have_text("486 Busy Here")


def test_search_by_phrase_then_open_the_code_page(site, page):
    page.goto(site + "/")
    search = page.locator("#home-search-q")
    search.fill("busy here")
    search.press("Enter")

    expect(page).to_have_url(site + "/search/?q=busy+here")
    first_result = page.locator(".search-results li").first
    expect(first_result).to_contain_text("486 Busy Here")
    expect(first_result.locator("mark").first).to_be_visible()
    screenshot(page, "search-busy-here")

    first_result.get_by_role("link").click()
    expect(page).to_have_url(site + "/codes/486/")
    expect(page.get_by_role("heading", level=1)).to_have_text("486 Busy Here")
    expect(page.get_by_role("heading", name="Troubleshooting")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width, "page scrolls sideways"
    assert screenshot(page, "code-486").stat().st_size > 10_000


def test_a_complaint_leads_with_the_guide_and_its_first_checks(site, page):
    page.goto(site + "/search/?q=callers+get+busy+tone+but+nobody+is+on+the+phone")
    lead = page.locator(".search-lead")
    expect(lead.get_by_role("heading", level=2)).to_contain_text("Busy tone, but the person isn't on the phone")
    expect(lead.locator("ol li")).to_have_count(3)
    expect(page.locator(".search-results li").first).to_contain_text("486 Busy Here")
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width, "page scrolls sideways"
    screenshot(page, "search-symptom")
    results = Axe().run(page, options=WCAG).response
    assert results["violations"] == [], [v["id"] for v in results["violations"]]
