from playwright.sync_api import expect

from .conftest import screenshot


def test_search_from_home_then_open_the_code_page(site, page):
    page.goto(site + "/")
    search = page.locator("#home-search-q")
    search.fill("busy here")
    search.press("Enter")

    expect(page).to_have_url(site + "/search/?q=busy+here")
    first_result = page.locator(".search-results li").first
    expect(first_result).to_contain_text("486 Busy Here")
    screenshot(page, "search-busy-here")

    first_result.get_by_role("link").click()
    expect(page).to_have_url(site + "/codes/486/")
    expect(page.get_by_role("heading", level=1)).to_have_text("486 Busy Here")
    expect(page.get_by_role("heading", name="Troubleshooting")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width, "page scrolls sideways"
    assert screenshot(page, "code-486").stat().st_size > 10_000
