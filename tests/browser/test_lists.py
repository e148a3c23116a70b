"""What only a browser shows on the lists: Back and Forward, the address bar, the folded filters, class colours."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import CHROMIUM, CHROMIUM_FLAGS

ROWS = "#results tbody tr:not([hidden])"
NO_EMPTY_PARAMETER = re.compile(r"[?&][^=&]+=(&|$)")


def filter_by_typing(page, text: str):
    """Typed key by key, as a person does: only what a user did may add Back steps in Chromium."""
    page.get_by_label("Code or phrase").press_sequentially(text)
    expect(page).to_have_url(re.compile(rf"q={text}"))


def controls(page) -> tuple[str, str, str]:
    return (page.get_by_label("Code or phrase").input_value(), page.get_by_label("Class").input_value(),
            page.get_by_label("Status").input_value())


@pytest.fixture
def wide_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


def test_back_and_forward_put_the_filters_of_the_address_in_the_controls(site, wide_page):
    page = wide_page
    page.goto(site + "/codes/")
    filter_by_typing(page, "busy")
    page.get_by_label("Class").select_option("6")
    expect(page.locator(ROWS)).to_have_count(1)
    page.go_back()
    expect(page).to_have_url(site + "/codes/?q=busy")
    expect(page.locator(ROWS)).to_have_count(2)
    assert controls(page) == ("busy", "", "")
    expect(page.locator("#filter-count")).to_have_text("1")
    page.go_back()
    expect(page.locator(ROWS)).to_have_count(78)
    assert controls(page) == ("", "", "")
    page.go_forward()
    page.go_forward()
    expect(page.locator(ROWS)).to_have_count(1)
    assert controls(page) == ("busy", "6", "")
    # The restored list still filters live, and the header's theme button still works.
    page.get_by_label("Status").select_option("standard")
    expect(page).to_have_url(site + "/codes/?q=busy&class=6&status=standard")
    toggle = page.get_by_role("button", name=re.compile("Theme"))
    toggle.click()
    expect(toggle).not_to_have_text("Theme: auto")


def test_back_from_a_code_page_shows_the_list_as_it_was_left(site, wide_page):
    """Without the back/forward cache (Playwright turns it off), the list is loaded again for its address."""
    page = wide_page
    page.goto(site + "/codes/")
    filter_by_typing(page, "busy")
    page.get_by_role("link", name="486 Busy Here").click()
    expect(page).to_have_url(site + "/codes/486/")
    page.go_back()
    expect(page.locator(ROWS)).to_have_count(2)
    assert controls(page)[0] == "busy"
    page.go_back()  # the step before the filter: a popstate in a document that did not push it
    expect(page).to_have_url(site + "/codes/")
    expect(page.locator(ROWS)).to_have_count(78)
    assert controls(page) == ("", "", "")


@pytest.fixture(scope="module")
def bfcache_browser(browser):
    """Chromium with the back/forward cache on, as readers have it (Playwright turns it off by default)."""
    with_cache = browser.browser_type.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS,
                                             ignore_default_args=["--disable-back-forward-cache"])
    yield with_cache
    with_cache.close()


def test_the_back_forward_cache_keeps_list_and_controls_together(site, bfcache_browser):
    page = bfcache_browser.new_page()
    page.goto(site + "/codes/")
    page.evaluate("window.addEventListener('pageshow', event => { window.fromCache = event.persisted; })")
    filter_by_typing(page, "busy")
    page.get_by_role("link", name="486 Busy Here").click()
    expect(page).to_have_url(site + "/codes/486/")
    page.go_back(wait_until="commit")  # a page from the cache fires no load event
    expect(page.locator(ROWS)).to_have_count(2)
    assert page.evaluate("window.fromCache") is True, "the list was not kept in the back/forward cache"
    assert controls(page)[0] == "busy"
    page.go_back(wait_until="commit")
    expect(page.locator(ROWS)).to_have_count(78)
    assert controls(page)[0] == ""
    page.close()


def test_the_address_after_filtering_has_no_empty_parameter(site, wide_page):
    page = wide_page
    page.goto(site + "/codes/")
    filter_by_typing(page, "busy")
    page.get_by_label("Class").select_option("4")
    expect(page).to_have_url(site + "/codes/?q=busy&class=4")
    page.get_by_label("Class").select_option("")
    expect(page).to_have_url(site + "/codes/?q=busy")
    page.get_by_label("Code or phrase").fill("")
    expect(page).to_have_url(site + "/codes/")
    assert not NO_EMPTY_PARAMETER.search(page.url)


def test_without_javascript_the_form_lands_on_the_same_clean_address(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site + "/codes/")
    page.get_by_label("Class").select_option("6")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(site + "/codes/?class=6")
    expect(page.locator(ROWS)).to_have_count(6)
    context.close()


def test_on_a_phone_the_filters_fold_and_the_first_result_is_on_the_first_screen(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    page.goto(site + "/codes/?class=4")
    summary = page.locator(".filter-panel summary")
    expect(summary).to_have_text("Filters (1)")
    expect(page.get_by_label("Code or phrase")).to_be_hidden()
    assert page.locator(ROWS).first.bounding_box()["y"] + 40 < 900
    summary.click()
    page.get_by_label("Code or phrase").press_sequentially("busy")
    expect(summary).to_have_text("Filters (2)")
    expect(page.locator(ROWS)).to_have_count(1)
    context.close()


def test_on_a_wide_screen_the_filters_show_without_a_click(site, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site + "/codes/")
    expect(page.get_by_label("Code or phrase")).to_be_visible()
    expect(page.locator(".filter-panel summary")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_row_shows_its_class_colour_and_its_number(site, browser, scheme):
    context = browser.new_context(color_scheme=scheme)
    page = context.new_page()
    for url in ("/codes/", "/classes/4xx/", "/classes/"):
        page.goto(site + url)
        colours = page.evaluate("""() => {
            const probe = document.createElement("span");
            document.body.append(probe);
            const colour = name => { probe.style.color = `var(${name})`; return getComputedStyle(probe).color; };
            const number = code => {
                const link = document.querySelector(`main a[href="/codes/${code}/"]`);
                return link && getComputedStyle(link.querySelector(".code-number") || link).color;
            };
            return {c4: colour("--c4"), c6: colour("--c6"), n486: number(486), n603: number(603)};
        }""")
        assert colours["n486"] == colours["c4"] != colours["c6"], (url, colours)
        if url != "/classes/4xx/":
            assert colours["n603"] == colours["c6"], (url, colours)
    context.close()
