"""Dialogs and verdicts: messages grouped by Call-ID, each group summed up in one line first."""

from http import HTTPStatus
from pathlib import Path

import pytest

from codes.decode import decode

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parent / "data" / "decode"


def verdicts(name: str) -> list[tuple[str, str]]:
    return [(dialog.outcome, dialog.summary) for dialog in decode((SAMPLES / name).read_text()).dialogs]


@pytest.mark.parametrize(("sample", "outcome", "summary"), [
    ("busy.txt", "failed", ("Call failed: 486 Busy Here from carrier.example.net — the callee's phone is busy "
                           "(or set to reject calls) at this location (Reason: Q.850 cause 17, User busy)")),
    ("cancel_asterisk.txt", "cancelled",
     "Call cancelled by the caller before it was answered (CANCEL, then 487 Request Terminated)"),
    ("not_acceptable_freeswitch.txt", "failed",
     ("Call failed: 488 Not Acceptable Here from 203.0.113.7 — the callee cannot accept the session as offered "
     "(Warning 304: Media type not available: video only offer refused)")),
    ("registration.txt", "registered", "Registration accepted: 200 OK, valid for 1 hour"),
    ("pbx_log.txt", "refused", ("Registration refused: 403 Forbidden from sip.carrier.example — the server understood "
                               "the request and refuses it")),
    ("kamailio_sipdump.txt", "failed", ("OPTIONS failed: 408 Request Timeout from 203.0.113.7 — no final answer came "
                                       "in time")),
])
def test_each_dialog_gets_a_verdict_in_plain_words(sample, outcome, summary):
    assert verdicts(sample) == [(outcome, summary)]


def test_tshark_s_own_summary_of_a_cancelled_call_reads_as_cancelled():
    """tshark prints "200 OK (CANCEL)": the 200 answers the CANCEL, not the INVITE (tshark -r cancel_sll.pcap)."""
    dialog, = decode((SAMPLES / "field" / "tshark_summary_cancel.txt").read_text()).dialogs
    assert (dialog.outcome, dialog.summary) == (
        "cancelled", "Call cancelled by the caller before it was answered (CANCEL, then 487 Request Terminated)")


def test_a_proxied_failure_is_blamed_on_where_it_came_from_and_marked_there():
    decoding = decode((SAMPLES / "proxy_sngrep.txt").read_text())
    dialog, = decoding.dialogs
    assert dialog.summary.startswith("Call failed: 486 Busy Here from 198.51.100.20 ")
    assert dialog.failing.index == 3 and dialog.failing.source == "198.51.100.20:5060"
    assert [arrow.failing for arrow in dialog.ladder.arrows] == [False, False, True, False]


def test_a_challenge_then_a_refusal_reads_as_a_wrong_password():
    text = """REGISTER sip:pbx.example.com SIP/2.0
Call-ID: reg-1
CSeq: 1 REGISTER

SIP/2.0 401 Unauthorized
Call-ID: reg-1
CSeq: 1 REGISTER
WWW-Authenticate: Digest realm="pbx"

REGISTER sip:pbx.example.com SIP/2.0
Call-ID: reg-1
CSeq: 2 REGISTER
Authorization: Digest x

SIP/2.0 403 Forbidden
Call-ID: reg-1
CSeq: 2 REGISTER
"""
    dialog, = decode(text).dialogs
    assert (dialog.outcome, dialog.summary) == (
        "refused", "Registration refused: 403 Forbidden after a digest challenge (wrong password or user?)")
    assert dialog.failing.message.code == 403


def test_messages_are_grouped_by_call_id_in_order_of_appearance():
    text = (SAMPLES / "registration.txt").read_text() + "\n\n" + (SAMPLES / "busy.txt").read_text()
    dialogs = decode(text).dialogs
    assert [d.outcome for d in dialogs] == ["registered", "failed"]
    assert [d.call_id for d in dialogs] == ["7d2e0c5b@192.0.2.21", "3848276298220188511@pbx.example.com"]
    assert all(m.call_id == d.call_id for d in dialogs for m in d.messages)


def test_the_json_gives_each_dialog_its_messages_outcome_and_summary(client):
    response = client.post("/api/decode/", {"text": (SAMPLES / "proxy_sngrep.txt").read_text()})
    assert response.status_code == HTTPStatus.OK
    dialog, = response.json()["dialogs"]
    assert dialog["call_id"] == "7c1e44@192.0.2.21" and dialog["outcome"] == "failed"
    assert dialog["summary"].startswith("Call failed: 486 Busy Here from 198.51.100.20")
    assert dialog["failing_message"] == 3
    first = dialog["messages"][0]
    assert first["source"] == {"address": "192.0.2.21", "port": 5060}
    assert first["destination"] == {"address": "198.51.100.5", "port": 5060}
    assert [m["title"] for m in dialog["messages"]] == [
        "INVITE sip:2002@sip.example.com", "INVITE sip:2002@198.51.100.20:5060", "486 Busy Here", "486 Busy Here"]


def test_the_page_leads_with_the_verdict_and_marks_the_failing_message(client):
    html = client.post("/decode/", {"text": (SAMPLES / "proxy_sngrep.txt").read_text()}).content.decode()
    verdict = html.index('class="verdict verdict--failed"')
    assert verdict < html.index('class="ladder"') < html.index('id="message-1"')
    assert html.count("✗ failed here") == 1 and "failed here</span>" in html


def exchange(*messages: str) -> str:
    return "\n\n".join(message.strip() for message in messages) + "\n"


REINVITE = """INVITE sip:bob@192.0.2.20 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-r1
From: <sip:alice@example.com>;tag=a1
To: <sip:bob@example.com>;tag=b1
Call-ID: re-1@192.0.2.10
CSeq: 2 INVITE
Content-Length: 0"""


def test_a_refused_re_invite_leaves_the_call_as_it_was():
    text = exchange(REINVITE, """SIP/2.0 491 Request Pending
Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-r1
From: <sip:alice@example.com>;tag=a1
To: <sip:bob@example.com>;tag=b1
Call-ID: re-1@192.0.2.10
CSeq: 2 INVITE
Content-Length: 0""")
    dialog, = decode(text).dialogs
    assert dialog.outcome == "refused"
    assert dialog.summary.startswith("Re-INVITE refused: 491 Request Pending")
    assert dialog.summary.endswith("the call goes on with the session it had (RFC 3261 §14.1)")


def test_a_request_sent_again_after_a_challenge_is_judged_on_its_own_answer():
    text = (SAMPLES / "registration.txt").read_text().split("SIP/2.0 200 OK")[0]  # the 401, then the second REGISTER
    dialog, = decode(text).dialogs
    assert dialog.outcome == "no-answer" and dialog.summary.startswith("No final answer to the REGISTER")


def test_a_notify_s_sipfrag_does_not_swallow_the_next_message():
    text = exchange("""NOTIFY sip:alice@192.0.2.10 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.20;branch=z9hG4bK-n1
From: <sip:bob@example.com>;tag=b1
To: <sip:alice@example.com>;tag=a1
Call-ID: xfer-1@192.0.2.10
CSeq: 7 NOTIFY
Event: refer
Content-Type: message/sipfrag
Content-Length: 20

SIP/2.0 100 Trying""", """SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.20;branch=z9hG4bK-n1
From: <sip:bob@example.com>;tag=b1
To: <sip:alice@example.com>;tag=a1
Call-ID: xfer-1@192.0.2.10
CSeq: 7 NOTIFY
Content-Length: 0""")
    messages = decode(text).messages
    assert [m.title for m in messages] == ["NOTIFY sip:alice@192.0.2.10", "200 OK"]
    assert messages[0].message.sipfrag.code == 100


def test_a_request_goes_to_its_first_route_and_a_tel_uri_names_no_host():
    routed = exchange("""INVITE tel:+12025550147 SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bK-t1
Route: <sip:proxy.example.com;lr>, <sip:edge.example.net;lr>
From: <sip:alice@example.com>;tag=a1
To: <tel:+12025550147>
Call-ID: tel-1@192.0.2.10
CSeq: 1 INVITE
Content-Length: 0""")
    assert decode(routed).dialogs[0].ladder.participants == ["192.0.2.10", "proxy.example.com"]
    bare = routed.replace("Route: <sip:proxy.example.com;lr>, <sip:edge.example.net;lr>\n", "")
    assert decode(bare).dialogs[0].ladder.participants == ["192.0.2.10", "B side"]


@pytest.mark.parametrize(("date", "shown"), [
    ("2026/11/27 10:15:02", "from 2026-11-27 10:15:02.000 UTC"),
    # A device whose clock was never set prints year 1 (found by tests/test_decode_fuzz.py): before the epoch.
    ("0001/01/01 00:00:00", "from 0001-01-01 00:00:00.000 UTC"),
])
def test_a_dialog_says_when_it_began_whatever_date_the_log_gives(client, date, shown):
    line = f"{date}:channel [1]: received [96] new bytes from [udp://192.0.2.1:5060]"
    response = client.post("/decode/", {"text": f"{line}\nSIP/2.0 486 Busy Here\nCall-ID: a1\nCSeq: 1 INVITE\n"})
    assert response.status_code == HTTPStatus.OK
    assert shown in response.content.decode()
