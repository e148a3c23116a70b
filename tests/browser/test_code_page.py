"""A code page in Chromium: the text at a readable measure, the table of contents beside it or
folded above it, the call flow readable without the picture, and editors' links for editors only."""

from playwright.sync_api import expect

from .conftest import screenshot

# What "characters per line" means in typography: the width of the body text over its average letter.
CHARACTERS_PER_LINE = """() => {
    const paragraph = document.querySelector("#meaning ~ p");
    const probe = document.createElement("span");
    probe.textContent = "abcdefghijklmnopqrstuvwxyz";
    paragraph.append(probe);
    const letter = probe.getBoundingClientRect().width / 26;
    probe.remove();
    return paragraph.getBoundingClientRect().width / letter;
}"""


def test_body_text_keeps_a_readable_measure_on_a_wide_screen(site, page):
    page.goto(site + "/codes/486/")
    if page.width >= 1280:
        assert page.evaluate(CHARACTERS_PER_LINE) <= 80
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width


def test_the_table_of_contents_sits_beside_the_text_or_folds_above_it(site, page):
    page.goto(site + "/codes/486/")
    toc = page.locator("nav.toc details")
    links = toc.locator("a")
    if page.width >= 1280:
        expect(toc).to_have_attribute("open", "")
        text = page.locator(".code-page").bounding_box()
        assert toc.bounding_box()["x"] > text["x"] + text["width"], "beside the text"
        page.mouse.wheel(0, 3000)
        page.wait_for_timeout(200)
        assert 0 <= toc.bounding_box()["y"] < 100, "it stays in view while the text scrolls"
    else:
        assert toc.get_attribute("open") is None and not links.first.is_visible()
        page.locator("nav.toc summary").click()
    links.filter(has_text="Troubleshooting").click()
    assert page.url.endswith("#troubleshooting")
    heading = page.get_by_role("heading", name="Troubleshooting", exact=False).first
    assert -2 <= heading.bounding_box()["y"] < 150
    screenshot(page, "code-486-toc")


def test_editors_see_the_admin_link_and_readers_the_correction_link(site, browser):
    for cookie, visible, hidden in ((None, "Suggest a correction", "Edit this code in the admin"),
                                    ("1", "Edit this code in the admin", "Suggest a correction")):
        context = browser.new_context()
        if cookie:
            context.add_cookies([{"name": "sipref_editor", "value": cookie, "url": site}])
        page = context.new_page()
        page.goto(site + "/codes/486/")
        expect(page.get_by_role("link", name=visible)).to_be_visible()
        expect(page.get_by_role("link", name=hidden)).to_be_hidden()
        context.close()


def test_a_guide_s_first_check_is_on_a_phone_s_first_screen(site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.width = 390
    for slug in ("phone-wont-register", "call-drops-after-30-seconds", "no-audio-one-way-audio"):
        page.goto(f"{site}/symptoms/{slug}/")
        first = page.locator("ol.checks li").first
        assert first.bounding_box()["y"] + 20 < 844, slug
    screenshot(page, "guide-first-screen")
    context.close()
