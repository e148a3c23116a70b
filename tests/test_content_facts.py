"""Facts a fact-check of the bundled content corrected or found missing, as a reader meets them on the pages and
in the JSON. Each test names the RFC section or source code the fact was checked against."""

import html
import re

import pytest

pytestmark = pytest.mark.django_db


def page(client, url: str) -> str:
    """The page's text with entities decoded, so that quotes and apostrophes read as typed."""
    return html.unescape(client.get(url).content.decode())


def detail(client, code: int) -> dict:
    return client.get(f"/api/codes/{code}/").json()


def cited(data: dict, source: str, section: str) -> list[dict]:
    return [c for c in data["citations"] if c["source"] == source and c["section"] == section]


def section(text: str, anchor: str) -> str:
    """One titled section of a code page, from its heading to the next one."""
    found = re.search(rf'<h2 id="{anchor}">(.*?)(?=<h2 id=|</article>)', text, re.DOTALL)
    assert found, anchor
    return found.group(1)


def test_302_follows_rfc3398_8_2_5_rather_than_the_cause_31_default(client):
    data = detail(client, 302)
    note = data["q850"]["note"]
    assert "§8.2.5" in note and "cause 23" in note
    assert "falls to cause 31" not in note and "deviat" not in note
    assert cited(data, "RFC 3398", "8.2.5")
    rfc_row = [m for m in data["q850"]["to_cause"] if m["source"] == "RFC 3398"]
    assert [(m["cause"], m["section"]) for m in rfc_row] == [(23, "8.2.5")]
    assert "falls to 31" not in page(client, "/q850/23/")


def test_180_ringback_is_decided_on_media_arriving_as_rfc3960_says(client):
    data = detail(client, 180)
    assert "therefore often leads to silence" not in data["description"]
    assert "decide on the SDP alone" in data["description"]
    (silence,) = [n for n in data["notes"] if n["source_url"].endswith("#section-3.2")]
    assert not any("only when no early media is expected" in cause for cause in silence["causes"])
    assert any("decides on the SDP alone" in cause for cause in silence["causes"])
    assert cited(data, "RFC 3960", "3.3")


def test_rfc6141_only_clarifies_491_glare(client):
    data = detail(client, 491)
    (glare,) = cited(data, "RFC 6141", "3.5")
    assert glare["role"] == "describes"
    assert "RFC 6141 adds" not in data["description"]
    assert "already cover" in data["description"]


def test_504_says_asterisk_has_no_way_back_from_cause_102(client):
    note = detail(client, 504)["q850"]["note"]
    assert "Asterisk maps 504 to 102 but has no case for 102" in note and "603" in note


@pytest.mark.parametrize(
    ("code", "present", "absent"),
    [
        (421, {"proxy", "registrar"}, set()),  # RFC 3329 §2.3.2: the first-hop server
        (470, {"uas"}, {"proxy"}),  # RFC 5360 §5.9.2: the user agent server that got the list
        (301, {"gateway"}, set()),  # RFC 3398 §7.2.4.1: cause 22 with the new number
        (481, {"uas", "gateway"}, {"proxy"}),  # RFC 3261 §16.10: a proxy forwards an unknown CANCEL
        (555, {"proxy"}, {"registrar"}),  # RFC 8599 §5.6.1: the push proxy
        (410, {"gateway"}, set()),  # RFC 3398 §7.2.4.1: causes 22 and 23
        (501, {"gateway"}, set()),  # RFC 3398 §7.2.4.1: causes 29 and 79
    ],
)
def test_senders_are_the_ones_the_rfcs_name(client, code, present, absent):
    senders = set(detail(client, code)["senders"])
    assert present <= senders and not absent & senders


def test_555_is_given_to_the_proxy_and_cites_sections_rfc8599_has(client):
    data = detail(client, 555)
    assert "registrar does not support" not in data["summary"] and data["summary"].startswith("A proxy")
    for number in ("4.1.5", "5.6.1.1", "5.6.1.2", "8.1"):
        assert cited(data, "RFC 8599", number), number


def test_asterisk_603_default_is_ast_sip_session_terminate(client):
    data = detail(client, 603)
    assert "ast_sip_session_terminate()" in data["description"]
    (default,) = [n for n in data["notes"] if n["vendor"] == "Asterisk"]
    assert any("ast_sip_session_terminate()" in cause for cause in default["causes"])
    assert "Asterisk chan_pjsip §ast_sip_session_terminate()</a>" in page(client, "/codes/603/")


def test_vodia_failover_modes_and_the_citations_that_back_the_text(client):
    data = detail(client, 502)
    (vodia,) = [n for n in data["notes"] if n["vendor"] == "Vodia PBX"]
    assert not any("only for 503" in cause for cause in vodia["causes"])
    assert "Vodia" in data["description"] and "every failure except busy" in data["description"]
    assert "DIDWW" in detail(client, 480)["description"]
    for code, vendor in ((480, "DIDWW"), (502, "Vodia")):
        assert f"Backs what the description says about {vendor}" not in page(client, f"/codes/{code}/")


def test_481_old_name_appears_twice_in_rfc3261(client):
    (alias,) = [a for a in detail(client, 481)["aliases"] if a["phrase"] == "Call Leg/Transaction Does Not Exist"]
    assert "twice" in alias["note"] and "§9.2" in alias["note"] and "§25.1" in alias["note"]


def test_487_and_409_are_worded_by_sipref(client):
    invite = next(m for m in detail(client, 487)["methods"] if m["method"] == "INVITE")
    assert "cancelled before it was answered" not in invite["meaning"]
    assert "RFC 6141 §3.3" in invite["meaning"]
    conflict = detail(client, 409)["description"]
    assert "conflict with the current state of the resource" not in conflict
    assert "RFC 9110 §15.5.10" in conflict


def test_606_has_at_least_three_notes(client):
    notes = detail(client, 606)["notes"]
    assert len(notes) >= 3
    assert any("Warning 308" in n["symptom"] for n in notes)


@pytest.mark.parametrize(
    ("code", "claim", "rfc"),
    [(380, "codec", "§21.3.5"), (491, "two BYEs crossing", "RFC 5407 §3.2.1"), (417, "Resource-Priority", "§4.6.2")],
)
def test_what_other_lists_get_wrong_is_on_the_page(client, code, claim, rfc):
    text = page(client, f"/codes/{code}/")
    assert "What other lists get wrong" in text
    misreading = section(text, "misreading")
    assert claim in misreading and rfc in misreading
    assert detail(client, code)["misreading"]


def test_codec_guide_explains_the_m_line_and_static_payload_numbers(client):
    text = page(client, "/symptoms/codec-or-media-mismatch/")
    assert "m=audio 49170 RTP/AVP 0 8 18 101" in text
    assert "0 is PCMU and 8 PCMA" in text and "9 is G.722 and 18 G.729" in text
    assert "a=rtpmap:101 telephone-event/8000" in text and "RFC 4733" in text
    assert "the port (49170) is where that side wants its audio sent" in page(client, "/symptoms/no-audio-one-way-audio/")


@pytest.mark.parametrize(
    ("code", "symptom", "source"),
    [
        (403, "bursts of 401, 403 or 404", "fail2ban Asterisk filter"),
        (404, "other phones on the same PBX can call", "Asterisk chan_pjsip"),
        (491, "just after the call was answered", "RFC 5407"),
        (488, "m=audio 49170 RTP/AVP 18 101", "RFC 3551"),
    ],
)
def test_practical_notes_that_were_missing(client, code, symptom, source):
    notes = [n for n in detail(client, code)["notes"] if symptom in n["symptom"]]
    assert [n["source"] for n in notes] == [source]
