"""/codes/ filters in the browser: typing costs the server nothing, and shows what a link to the same filters shows."""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

VISIBLE = "#results tbody tr:not([hidden]) .code-number"
# What a reader types (a number, part of one, a phrase, part of a word, an alias), with a choice beside it or not.
CASES = [
    ("486", {}),
    ("48", {}),
    ("busy here", {}),
    ("regist", {}),
    ("time", {"Class": "4"}),
    ("unauthorised", {}),
    ("call", {"Class": "4", "Status": "standard"}),
    ("x", {"Common codes only": True}),
    ("zzzz", {}),
]


def show_filters(page):
    summary = page.locator(".filter-panel summary")
    if summary.is_visible():
        summary.click()


def server_codes(page, address: str) -> list[str]:
    """What the server's filter answers for the same address, from the JSON that shares it."""
    answer = page.request.get(address.replace("/codes/", "/api/codes/", 1)).json()
    return [str(code["code"]) for code in answer["results"]]


def record_requests(page) -> list[str]:
    """The requests the page makes from now on for a document or data (a favicon fetched late is neither)."""
    asked = []
    page.on("request", lambda request: asked.append(request.url)
            if request.resource_type in ("document", "xhr", "fetch") else None)
    return asked


def choose(page, choices: dict):
    for label, value in choices.items():
        if value is True:
            page.get_by_label(label).check()
        else:
            page.get_by_label(label).select_option(value)


@pytest.mark.parametrize(("text", "choices"), CASES, ids=[text for text, _ in CASES])
def test_typing_shows_the_rows_a_link_shows_without_a_request(site, page, text, choices):
    page.goto(site + "/codes/")
    show_filters(page)
    asked = record_requests(page)
    choose(page, choices)
    page.get_by_label("Code or phrase").press_sequentially(text)
    expect(page).to_have_url(re.compile(r"q=" + re.escape(text.replace(" ", "+")) + r"(&|$)"))
    shown = page.locator(VISIBLE).all_inner_texts()
    assert asked == [], "filtering asked the server"
    assert shown == server_codes(page, page.url)
    count = len(shown)
    expect(page.locator("#result-count")).to_have_text(
        f"{count} code{'' if count == 1 else 's'} match{'es' if count == 1 else ''} these filters")
    if not shown:
        expect(page.locator("[data-no-match]")).to_be_visible()
    # The address is the view: loaded afresh (a shared link, a reload), the server shows the same rows.
    page.reload()
    expect(page.locator(VISIBLE)).to_have_text(shown)
    assert page.get_by_label("Code or phrase").input_value() == text


def test_mid_filter_screenshot(site, page):
    page.goto(site + "/codes/")
    show_filters(page)
    page.get_by_label("Code or phrase").press_sequentially("unava")
    expect(page).to_have_url(re.compile(r"q=unava"))
    expect(page.locator(VISIBLE)).not_to_have_count(0)
    screenshot(page, "codes-mid-filter")


def test_search_page_screenshot(site, page):
    page.goto(site + "/search/?q=one+way+audio+after+transfer")
    expect(page.locator(".search-results li").first).to_be_visible()
    screenshot(page, "search-new-query")


def test_back_after_filtering_shows_the_earlier_rows_without_a_request(site, page):
    page.goto(site + "/codes/")
    show_filters(page)
    page.get_by_label("Code or phrase").press_sequentially("busy")
    expect(page.locator(VISIBLE)).to_have_count(2)
    page.get_by_label("Class").select_option("6")
    expect(page.locator(VISIBLE)).to_have_text(["600"])
    asked = record_requests(page)
    page.go_back()
    expect(page).to_have_url(site + "/codes/?q=busy")
    expect(page.locator(VISIBLE)).to_have_text(["486", "600"])
    assert page.get_by_label("Class").input_value() == ""
    assert asked == []
