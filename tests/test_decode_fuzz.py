"""No paste breaks the decoder: random and mutated messages get an answer below 500, quickly,
and nothing pasted comes back as live markup."""

import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PROBE = "<x-probe>"
SECONDS = 3  # per request, on a shared two-core machine; a decode normally takes a few milliseconds
# Samples written for sipref, excerpts people pasted in public threads, and SDP bodies.
SAMPLES = [path.read_bytes().decode() for path in sorted((Path(__file__).parent / "data" / "decode").glob("**/*.txt"))]
SIP_PIECES = [
    "SIP/2.0 ", "INVITE sip:a@b SIP/2.0", "\r\n", "\n", "\n\n", " ", "\t", ":", ";", ",", '"', "\\", "<", ">",
    "Reason: ", "Q.850;cause=", "SIP;cause=", ";text=", ";location=", "Warning: ", "Retry-After: ", "CSeq: ",
    "Content-Length: ", "l: ", "v: ", "<--- Received SIP response (1 bytes) from UDP:1.2.3.4:5060 --->",
    "recv 10 bytes from udp/[192.0.2.1]:5060 at 10:00:00.000000:", "U 192.0.2.1:5060 -> 192.0.2.2:5060",
    "2026/11/20 10:00:00.000000 192.0.2.1:5060 -> 192.0.2.2:5060", "====", "||||", "Status-Line: ",
    "Message Header", "Content-Type: message/sipfrag\n\nSIP/2.0 ", "Content-Type: application/sdp\n\n", "m=audio ",
    "a=rtpmap:", "c=IN IP4 ", "T_code=", "nta: received ", "status: <", "Response is ", "[<=] ", "> ", "999", "0", "-1", "99999999999", "é", "\x00",
    "\u202e", "📞", PROBE,
]


@st.composite
def mutated(draw):
    """A sample with pieces cut, repeated, swapped in and inserted, the probe among them."""
    text = draw(st.sampled_from(SAMPLES))
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "cut", "repeat", "crlf"]))
        if action == "insert":
            piece = draw(st.one_of(st.sampled_from(SIP_PIECES), st.text(max_size=20)))
            text = text[:at] + piece + text[at:]
        elif action == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)):]
        elif action == "repeat":
            text = text[:at] + text[at:at + draw(st.integers(1, 80))] * draw(st.integers(2, 30)) + text[at:]
        else:
            text = text.replace("\n", "\r\n") if "\r\n" not in text else text.replace("\r\n", "\n")
    return text[:60_000]


pathological = st.builds(
    lambda piece, count: (piece * count)[:65_000],
    st.sampled_from(['"', "<", ";", ",", " ", "SIP/2.0 ", "Reason: Q.850;cause=17,", "a:", "\n ", "\n",
                     'Warning: 399 h "', "(", "SIP/2.0 486 Busy Here\n\n"]),
    st.integers(1, 70_000),
)
pastes = st.one_of(st.text(max_size=3000), mutated(), pathological,
                   st.lists(st.sampled_from(SIP_PIECES), max_size=80).map("".join))


def timed_post(client, url, **kwargs):
    start = time.perf_counter()
    response = client.post(url, **kwargs)
    return response, time.perf_counter() - start


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(text=pastes, probe_at=st.floats(0, 1))
def test_any_paste_gets_a_quick_safe_answer(client, text, probe_at):
    at = int(len(text) * probe_at)
    text = text[:at] + PROBE + text[at:]
    page, seconds = timed_post(client, "/decode/", data={"text": text})
    assert page.status_code in (200, 400, 413) and seconds < SECONDS, (page.status_code, seconds)
    html = page.content.decode()
    assert PROBE not in html and "<x-probe" not in html
    api, seconds = timed_post(client, "/api/decode/", data={"text": text}, content_type="application/json")
    assert api.status_code in (200, 400, 413) and seconds < SECONDS, (api.status_code, seconds)
    assert api["Content-Type"] == "application/json"
