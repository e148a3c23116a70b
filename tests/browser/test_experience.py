"""What only a browser shows: live filtering, the keyboard, the theme, the narrow layout."""

import re

import pytest
from playwright.sync_api import expect

PAGES = ["/", "/codes/", "/codes/?class=4", "/codes/486/", "/classes/", "/classes/4xx/", "/q850/?cause=abc",
         "/no-such-page/", "/symptoms/", "/symptoms/phone-wont-register/",
         "/search/?q=busy+here", "/q850/", "/q850/21/", "/warnings/", "/sources/", "/sources/rfc3261/", "/cheatsheet/",
         "/codes/499/"]


def show_filters(page):
    """On a phone the filters fold into "Filters (n)": open them as a reader would."""
    summary = page.locator(".filter-panel summary")
    if summary.is_visible():
        summary.click()


def test_live_filtering_updates_the_table_and_the_address_bar(site, page):
    page.goto(site + "/codes/")
    show_filters(page)
    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Code or phrase").fill("busy")
    expect(page).to_have_url(re.compile(r"/codes/\?.*q=busy"))
    rows = page.locator("#results tbody tr:not([hidden])")
    expect(rows).to_have_count(2)
    expect(page.locator("#result-count")).to_have_text("2 codes match these filters")
    page.get_by_label("Class").select_option("6")
    expect(page).to_have_url(re.compile(r"class=6"))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("600 Busy Everywhere")
    assert page.evaluate("window.stillTheSamePage") is True, "the page reloaded"
    assert page.locator("#result-count").get_attribute("role") == "status"


def test_a_bad_filter_shows_its_error_until_the_reader_filters_again(site, page):
    """A tampered address gets the server's 400 and its error; filtering in the page then works from the controls."""
    page.goto(site + "/codes/?class=9")
    expect(page.locator("#results [role=alert]")).to_contain_text("Class:")
    expect(page.locator("#result-count")).to_have_text("No codes: a filter needs fixing")
    show_filters(page)
    page.get_by_label("Code or phrase").press_sequentially("busy")
    expect(page.locator("#results [role=alert]")).to_have_count(0)
    expect(page.locator("#result-count")).to_have_text("2 codes match these filters")
    expect(page).to_have_url(site + "/codes/?q=busy")


def test_the_same_form_works_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/codes/")
    page.get_by_label("Code or phrase").fill("busy")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"q=busy"))
    expect(page.locator("#results tbody tr:not([hidden])")).to_have_count(2)
    context.close()


def test_slash_focuses_search_and_escape_leaves_it(site, page):
    page.goto(site + "/codes/486/")
    page.keyboard.press("/")
    expect(page.locator("#site-search-q")).to_be_focused()
    page.keyboard.type("busy")
    page.keyboard.press("Escape")
    expect(page.locator("#site-search-q")).not_to_be_focused()
    expect(page.locator("#site-search-q")).to_have_value("busy")


def test_slash_types_normally_inside_a_text_box(site, page):
    page.goto(site + "/codes/")
    show_filters(page)
    box = page.get_by_label("Code or phrase")
    box.focus()
    page.keyboard.type("a/b")
    expect(box).to_have_value("a/b")


def test_the_skip_link_comes_first_and_shows_when_focused(site, page):
    page.goto(site + "/codes/486/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["y"] >= 0
    outline = skip.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_every_control_shows_focus(site, page):
    page.goto(site + "/codes/")
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate("() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; }")
        assert not style.startswith("none"), page.evaluate("document.activeElement.outerHTML")


def test_theme_choice_survives_a_reload(site, page):
    page.goto(site + "/")
    toggle = page.get_by_role("button", name=re.compile("Theme"))
    expect(toggle).to_have_text("Theme: auto")
    toggle.click()
    toggle.click()
    expect(toggle).to_have_text("Theme: dark")
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme") == "dark"
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(18, 20, 23)"
    page.get_by_role("button", name=re.compile("Theme")).click()
    page.reload()
    assert page.evaluate("document.documentElement.dataset.theme || 'auto'") == "auto"


def test_theme_follows_the_system_setting(site, browser):
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.goto(site + "/")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(18, 20, 23)"
    context.close()


def test_copy_link_puts_the_permanent_address_on_the_clipboard(site, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site + "/codes/486/")
    button = page.locator(".copy-link")
    expect(button).to_have_text("Copy link")
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == site + "/codes/486/"
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_narrow_screens_never_scroll_sideways(site, browser, path):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(site + path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_tables_become_readable_rows_on_a_phone(site, browser):
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(site + "/codes/")
    assert page.locator(".code-table thead").evaluate("el => el.getBoundingClientRect().height") <= 1
    assert page.locator(".code-table tr").nth(1).evaluate("el => getComputedStyle(el).display") == "block"
    context.close()


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_the_cheat_sheet_prints_on_one_page(site, browser, paper):
    context = browser.new_context()
    page = context.new_page()
    page.goto(site + "/cheatsheet/")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    pdf = page.pdf(format=paper, print_background=False)
    assert re.findall(rb"/Count (\d+)", pdf) == [b"1"], f"the cheat sheet runs over one {paper} page"
    context.close()
