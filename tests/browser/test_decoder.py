"""The decoder in Chromium: paste, decode, read the findings and the ladder, in both themes."""

import base64
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from .conftest import screenshot
from .test_accessibility import WCAG

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "decode"


def decode_in_page(page, site, sample: str):
    page.goto(site + "/decode/")
    page.get_by_label("SIP text").fill((SAMPLES / sample).read_text())
    page.get_by_role("button", name="Decode").click()
    page.get_by_role("heading", name="What happened").wait_for()


def test_pasting_a_cancelled_call_shows_each_message_in_order_with_a_ladder(site, page):
    decode_in_page(page, site, "cancel_asterisk.txt")
    titles = page.locator("article.decoded h4").all_inner_texts()
    assert [t.split(". ", 1)[1] for t in titles] == [
        "INVITE sip:2002@203.0.113.50:5060", "180 Ringing", "CANCEL sip:2002@203.0.113.50:5060", "200 OK",
        "487 Request Terminated",
    ]
    last = page.locator("#message-5")
    assert last.get_by_role("link", name="487 Request Terminated", exact=True).get_attribute("href") == "/codes/487/"
    assert last.get_by_text("What to check next").is_visible()

    participants = page.locator(".ladder__participants li")
    assert participants.all_inner_texts() == ["Asterisk", "203.0.113.50:5060"]
    arrows = page.locator(".ladder__arrows .arrow__body")
    assert arrows.count() == 5
    # Each arrow runs from one lifeline (the middle of a participant's box) to the other.
    left, right = (participants.nth(i).bounding_box() for i in (0, 1))
    for n in range(5):
        box = arrows.nth(n).bounding_box()
        assert abs(box["x"] - (left["x"] + left["width"] / 2)) < 6
        assert abs(box["x"] + box["width"] - (right["x"] + right["width"] / 2)) < 6
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    screenshot(page, "decode-cancel")

    page.locator(".ladder__arrows a").nth(4).click()
    assert page.url.endswith("#message-5")


def test_a_disagreeing_reason_is_flagged_and_passes_axe_in_both_themes(site, browser):
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 390, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.width = 390
        decode_in_page(page, site, "conflict.txt")
        flags = page.locator(".flag--conflict")
        assert flags.count() == 2 and flags.first.is_visible()
        assert page.get_by_role("status").inner_text().startswith("1 message, 2 disagreements")
        assert page.locator("textarea").input_value().startswith("SIP/2.0 480 Temporarily Unavailable")
        problems = Axe().run(page, options=WCAG).response["violations"]
        assert not problems, [(v["id"], v["nodes"][0]["html"][:120]) for v in problems]
        screenshot(page, f"decode-conflict-{scheme}")
        context.close()


def test_text_without_sip_offers_an_example_that_works(site, page):
    page.goto(site + "/decode/")
    page.get_by_label("SIP text").fill("the phone says 486 when I call my mum")
    page.get_by_role("button", name="Decode").click()
    page.get_by_role("heading", name="Nothing found").wait_for()
    assert page.get_by_role("link", name="486 Busy Here").is_visible()
    page.get_by_role("link", name="Decode that example").click()
    page.get_by_role("heading", name="Example: a busy callee, with the ISDN cause").wait_for()
    assert page.get_by_role("link", name="User busy", exact=True).is_visible()
    screenshot(page, "decode-example")


def test_a_call_through_a_proxy_draws_three_lifelines(site, page):
    decode_in_page(page, site, "proxy_sngrep.txt")
    lanes = page.locator(".ladder__participants li")
    assert lanes.all_inner_texts() == ["192.0.2.21:5060", "198.51.100.5:5060", "198.51.100.20:5060"]
    middle = [lanes.nth(i).bounding_box() for i in range(3)]
    middle = [box["x"] + box["width"] / 2 for box in middle]
    expected = [(0, 1), (1, 2), (1, 2), (0, 1)]  # phone→proxy, proxy→PBX, and the 486 back each hop
    arrows = page.locator(".ladder__arrows .arrow__body")
    for n, (low, high) in enumerate(expected):
        box = arrows.nth(n).bounding_box()
        assert abs(box["x"] - middle[low]) < 6 and abs(box["x"] + box["width"] - middle[high]) < 6
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    verdict = page.locator(".verdicts li")
    assert verdict.inner_text().startswith("Call failed: 486 Busy Here from 198.51.100.20 — ")
    # The failing response is marked in words as well as in colour, on the hop it came from.
    failing = page.locator(".arrow--failing")
    assert failing.count() == 1
    assert failing.locator(".arrow__body").inner_text().strip().endswith("\n486 Busy Here ✗ failed here")
    assert arrows.nth(2).evaluate("el => el.closest('li').classList.contains('arrow--failing')")
    screenshot(page, "decode-proxy")


CAPTURES = SAMPLES.parent / "captures"
DROP = """([name, data]) => {
    const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
    const files = new DataTransfer();
    files.items.add(new File([bytes], name, {type: "application/vnd.tcpdump.pcap"}));
    const zone = document.querySelector("[data-drop-zone]");
    for (const type of ["dragenter", "dragover", "drop"]) {
        zone.dispatchEvent(new DragEvent(type, {dataTransfer: files, bubbles: true, cancelable: true}));
    }
}"""
RECORD_STATUS = """() => {
    window.statuses = [];
    const label = document.querySelector("[data-progress] p");
    new MutationObserver(() => window.statuses.push(label.textContent))
        .observe(label, {childList: true, characterData: true, subtree: true});
}"""


def test_a_dropped_capture_uploads_with_progress_then_leads_with_its_verdict(site, page):
    page.goto(site + "/decode/")
    page.evaluate(RECORD_STATUS)
    page.evaluate(DROP, ["answered.pcap", base64.b64encode((CAPTURES / "answered.pcap").read_bytes()).decode()])
    assert page.locator("#id_capture").evaluate("input => input.files[0].name") == "answered.pcap"
    page.get_by_role("button", name="Decode").click()
    verdict = page.locator(".verdicts li")
    expect(verdict).to_have_text("Call answered (200 OK), ended by BYE from the caller after 0.2 s")
    statuses = page.evaluate("window.statuses")
    assert statuses[0] == "Ready to decode answered.pcap." and "Decoding the capture…" in statuses
    assert page.locator(".arrow__time").first.inner_text() == "+0.000 s"
    assert page.evaluate("document.activeElement.id") == "results-heading"


def test_several_calls_from_a_capture_read_well_in_both_themes(site, page):
    page.goto(site + "/decode/")
    page.locator("#id_capture").set_input_files(CAPTURES / "calls.pcapng")
    page.get_by_role("button", name="Decode").click()
    expect(page.locator(".verdicts li")).to_have_count(3)
    assert page.locator(".verdict--failed").inner_text().startswith("Call failed: 486 Busy Here from 127.0.0.1:")
    assert page.locator(".dialog .ladder").count() == 3
    assert page.evaluate("document.documentElement.scrollWidth") <= page.width
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        problems = Axe().run(page, options=WCAG).response["violations"]
        assert not problems, [(v["id"], v["nodes"][0]["html"][:120]) for v in problems]
        screenshot(page, f"decode-capture-{scheme}")
