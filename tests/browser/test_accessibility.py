"""axe-core on every page type, in both themes, at a phone's width and a desktop's; screenshots for a human look."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from .conftest import SCREENSHOTS, each_width_and_theme

PAGE_TYPES = {
    "home": "/",
    "list": "/codes/",
    "list-filtered": "/codes/?class=4&q=busy",
    "code": "/codes/486/",
    "class": "/classes/4xx/",
    "classes": "/classes/",
    "symptoms": "/symptoms/",
    "symptom": "/symptoms/phone-wont-register/",
    "search-results": "/search/?q=busy+here",
    "search-nothing": "/search/?q=xylophone",
    "q850": "/q850/",
    "q850-jump-error": "/q850/?cause=abc",
    "q850-cause": "/q850/17/",
    "warnings": "/warnings/",
    "sources": "/sources/",
    "source": "/sources/rfc3261/",
    "cheatsheet": "/cheatsheet/",
    "decode": "/decode/",
    "decode-challenge": "/decode/?example=challenge",
    "decode-disagree": "/decode/?example=disagree",
    "not-found": "/codes/499/",
    "not-found-any": "/no-such-page/",
}
# Only violations are reported in detail: listing every passing node costs a third of the run on long pages.
WCAG = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
    "resultTypes": ["violations"],
}
axe = Axe()


def violations(page) -> list[str]:
    results = axe.run(page, options=WCAG).response
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})" for v in results["violations"]]


@pytest.mark.parametrize("name", PAGE_TYPES)
def test_no_wcag_violations_in_either_theme(site, browser, name):
    found = {}
    for width, scheme, page in each_width_and_theme(browser):
        page.goto(site + PAGE_TYPES[name])
        if width == 390 or scheme == "light":
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"{name}-{width}-{scheme}.png", full_page=True)
        if problems := violations(page):
            found[f"{width}px {scheme}"] = problems
    assert not found, found
