"""The decoder reads real-looking traces and log excerpts and explains each finding in order."""

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "decode"


def sample(name: str) -> str:
    return (SAMPLES / name).read_bytes().decode()  # keep CRLF line ends as captured


def decoded(client, text: str) -> dict:
    response = client.post("/api/decode/", {"text": text}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


def outline(result: dict) -> list[tuple]:
    """Each finding reduced to its type and the one value that identifies it."""
    key = {"request": "method", "status": "code", "reason": "cause", "warning": "warn_code",
           "retry_after": "seconds", "agent": "header", "hangup_cause": "name", "sdp": "role"}
    return [(f["type"], f[key[f["type"]]]) for f in result["findings"]]


def findings(result: dict, kind: str) -> list[dict]:
    return [f for f in result["findings"] if f["type"] == kind]


def test_registration_401_is_explained_as_the_normal_challenge(client):
    result = decoded(client, sample("registration.txt"))
    assert outline(result) == [
        ("request", "REGISTER"), ("agent", "User-Agent"), ("status", 401), ("agent", "Server"),
        ("request", "REGISTER"), ("agent", "User-Agent"), ("status", 200), ("agent", "Server"),
    ]
    challenge, ok = findings(result, "status")
    assert challenge["cseq_method"] == "REGISTER" and challenge["phrase"] == "Unauthorized"
    assert "normal first step of registration" in challenge["in_context"]
    assert challenge["url"] == "http://testserver/codes/401/"
    assert ok["cseq_method"] == "REGISTER"
    assert findings(result, "agent")[0]["product"] == "Yealink"
    assert [m["from"] for m in result["messages"]] == ["192.0.2.21:5060", "pbx.example.com"] * 2


def test_busy_call_explains_q850_cause_17_in_agreement_with_486(client):
    result = decoded(client, sample("busy.txt"))
    assert outline(result) == [
        ("request", "INVITE"), ("sdp", "offer"), ("status", 100), ("status", 486), ("reason", 17), ("agent", "Server"),
        ("request", "ACK"),
    ]
    reason = findings(result, "reason")[0]
    assert reason["protocol"] == "Q.850" and reason["name"] == "User busy" and reason["text"] == "User busy"
    assert reason["conflict"] is False and reason["url"] == "http://testserver/q850/17/"
    busy = findings(result, "status")[1]
    assert busy["checks_for"] and busy["checks"], "the 486 carries the next checks from its troubleshooting note"
    assert result["conflicts"] == 0


def test_cancelled_call_in_an_asterisk_log_ends_with_487_to_the_invite(client):
    result = decoded(client, sample("cancel_asterisk.txt"))
    assert outline(result) == [
        ("request", "INVITE"), ("agent", "User-Agent"), ("status", 180), ("request", "CANCEL"), ("reason", 16),
        ("agent", "User-Agent"), ("status", 200), ("status", 487),
    ]
    cancel_ok, terminated = findings(result, "status")[1:]
    assert cancel_ok["cseq_method"] == "CANCEL" and "matched a pending INVITE" in cancel_ok["in_context"]
    assert terminated["cseq_method"] == "INVITE" and "the caller gave up with CANCEL" in terminated["in_context"]
    assert "CANCEL" in " ".join(terminated["checks"])
    assert {m["tool"] for m in result["messages"]} == {"Asterisk"}
    assert [(m["from"], m["to"]) for m in result["messages"]][:2] == [
        ("Asterisk", "203.0.113.50:5060"), ("203.0.113.50:5060", "Asterisk")]


def test_488_from_freeswitch_explains_warning_304(client):
    result = decoded(client, sample("not_acceptable_freeswitch.txt"))
    assert outline(result) == [
        ("request", "INVITE"), ("agent", "User-Agent"), ("status", 488), ("warning", 304), ("agent", "Server"),
    ]
    warning = findings(result, "warning")[0]
    assert warning["registered_text"] == "Media type not available"
    assert "media type" in warning["meaning"]
    assert result["messages"][0]["tool"] == "FreeSWITCH"


def test_carrier_403_with_its_own_phrase_is_flagged_beside_the_registry_phrase(client):
    result = decoded(client, sample("carrier_403.txt"))
    assert outline(result) == [("request", "INVITE"), ("status", 403), ("reason", 21)]
    status = findings(result, "status")[0]
    assert status["phrase"] == "Insufficient Balance" and status["registered_phrase"] == "Forbidden"
    assert status["phrase_standard"] is False and "Not the registry's phrase" in status["phrase_note"]
    reason = findings(result, "reason")[0]
    assert reason["location"] == "LN" and "local user" in reason["location_meaning"]
    assert reason["conflict"] is False  # RFC 3398 maps cause 21 to 403
    assert result["messages"][0]["tool"] == "sngrep"


def test_pbx_log_lines_are_read_without_any_sip_message(client):
    result = decoded(client, sample("pbx_log.txt"))
    assert outline(result) == [("status", 403), ("hangup_cause", "USER_BUSY")]
    status, hangup = result["findings"]
    assert status["reported_by"] == "Asterisk" and status["cseq_method"] == "REGISTER"
    assert status["phrase_note"] == "", "a log line that names only the code is not blamed for a missing phrase"
    assert hangup["cause"] == 17 and hangup["cause_name"] == "User busy"
    assert result["messages"][0]["from"] == "sip.carrier.example:5060"


def test_reasons_that_disagree_with_the_status_line_are_flagged_with_an_explanation(client):
    result = decoded(client, sample("conflict.txt"))
    assert outline(result) == [("status", 480), ("reason", 17), ("reason", 486)]
    q850, sip = findings(result, "reason")
    assert (q850["protocol"], q850["conflict"]) == ("Q.850", True)
    assert "RFC 3398 turns cause 17 into 486" in q850["explanation"]
    assert (sip["protocol"], sip["conflict"]) == ("SIP", True)
    assert "480" in sip["explanation"] and "486" in sip["explanation"]
    assert result["conflicts"] == 2


def test_compact_names_and_folded_headers(client):
    result = decoded(client, sample("compact_folded.txt"))
    assert outline(result) == [("status", 503), ("retry_after", 300), ("reason", 34)]
    assert findings(result, "status")[0]["cseq_method"] == "INVITE"
    retry = findings(result, "retry_after")[0]
    assert (retry["comment"], retry["duration"]) == ("maintenance window", 3600)
    assert "back in 5 minutes" in retry["meaning"] and "reachable for 1 hour" in retry["meaning"]


@pytest.mark.parametrize("name, expected, tool", [
    ("tshark_verbose.txt", [("status", 404), ("reason", 1)], "tshark"),
    ("tshark_summary.txt", [("request", "INVITE"), ("status", 404), ("request", "ACK")], "tshark"),
    ("kamailio_sipdump.txt", [("status", 408)], "Kamailio sipdump"),
    ("proxy_sngrep.txt", [("request", "INVITE"), ("agent", "User-Agent"), ("request", "INVITE"), ("status", 486),
                          ("agent", "Server"), ("status", 486), ("agent", "Server")], "sngrep"),
])
def test_capture_tools_output(client, name, expected, tool):
    result = decoded(client, sample(name))
    assert outline(result) == expected
    assert {m["tool"] for m in result["messages"]} == {tool}


def test_the_same_checks_are_listed_once_per_paste(client):
    html = client.post("/decode/", {"text": sample("proxy_sngrep.txt")}).content.decode()
    assert html.count("<strong>What to check next</strong>") == 1
    assert 'as listed under <a href="#message-3">message 3</a>' in html


def test_crlf_and_lf_line_ends_decode_the_same(client):
    crlf = sample("registration.txt")
    assert "\r\n" in crlf
    assert decoded(client, crlf) == decoded(client, crlf.replace("\r\n", "\n"))


@pytest.mark.parametrize("text, method, context", [
    ("SIP/2.0 481 Call/Transaction Does Not Exist\nCSeq: 3 BYE\n", "BYE", "no longer knows the call"),
    ("SIP/2.0 487 Request Terminated\nCSeq: 1 INVITE\n", "INVITE", "the caller gave up with CANCEL"),
    ("SIP/2.0 401 Unauthorized\nCSeq: 1 REGISTER\n", "REGISTER", "normal first step"),
])
def test_the_cseq_method_sets_the_context(client, text, method, context):
    status = findings(decoded(client, text), "status")[0]
    assert status["cseq_method"] == method and context in status["in_context"]


def test_an_unregistered_code_is_explained_by_its_class(client):
    status = findings(decoded(client, "SIP/2.0 499 Carrier Says No\n"), "status")[0]
    assert status["registered"] is False and status["class"] == 4
    assert status["fallback"]["code"] == 400
    page = client.post("/decode/", {"text": "SIP/2.0 499 Carrier Says No\n"})
    assert b'an unregistered\n      <a href="/classes/4xx/">' in page.content
    assert b'Treat it as <a href="/codes/400/">400 Bad Request</a>' in page.content


def test_several_reason_values_in_one_header_and_a_cancel_reason(client):
    result = decoded(client, 'CANCEL sip:2002@pbx.example.com SIP/2.0\n'
                             'Reason: SIP;cause=200;text="Call completed elsewhere", Q.850;cause=16\n')
    assert outline(result) == [("request", "CANCEL"), ("reason", 200), ("reason", 16)]
    sip = findings(result, "reason")[0]
    assert "answered on another phone" in sip["meaning"] and sip["conflict"] is False


def test_page_lists_findings_in_order_with_links_and_flags(client):
    response = client.post("/decode/", {"text": sample("carrier_403.txt")})
    assert response.status_code == 200
    html = response.content.decode()
    order = [html.index(marker) for marker in (
        'id="message-1"', "<code>INVITE</code>", 'id="message-2"', 'href="/codes/403/"',
        "Phrase as sent: “Insufficient Balance”", 'href="/q850/21/"')]
    assert order == sorted(order)
    assert 'class="flag"' in html and "What to check next" in html
    assert "Nothing you paste or upload is stored or logged" in html


def test_a_pasted_script_comes_back_escaped(client):
    text = 'SIP/2.0 486 <script>alert(1)</script>\nReason: Q.850;cause=17;text="<img src=x onerror=alert(1)>"\n'
    html = client.post("/decode/", {"text": text}).content.decode()
    assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_text_without_sip_gets_a_friendly_nothing_found_with_an_example(client):
    response = client.post("/decode/", {"text": "my phone keeps saying 486 when I call"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing found" in html and "?example=busy" in html
    assert 'href="/codes/486/"' in html, "a bare code in the text is offered as a link"
    api = client.post("/api/decode/", {"text": "hello there"}, content_type="application/json").json()
    assert api["found"] is False and api["findings"] == [] and "No SIP found" in api["message"]


def test_examples_decode(client):
    response = client.get("/decode/?example=disagree")
    assert response.status_code == 200
    assert b"Disagrees with the status line" in response.content
    assert client.get("/decode/?example=nope").status_code == 200  # unknown example: the empty form


def test_empty_paste_is_a_400_with_a_message(client):
    response = client.post("/decode/", {"text": "  \n "})
    assert response.status_code == 400 and b"Paste something first" in response.content
    api = client.post("/api/decode/", {"text": ""}, content_type="application/json")
    assert api.status_code == 400 and "Paste something first" in api.json()["error"]


def test_a_paste_over_64_kb_is_refused_with_413(client):
    text = "SIP/2.0 486 Busy Here\n" + "X-Filler: " + "a" * (64 * 1024) + "\n"
    response = client.post("/decode/", {"text": text})
    assert response.status_code == 413
    assert b"the decoder reads up to 64 KB" in response.content
    assert client.post("/api/decode/", {"text": text}, content_type="application/json").status_code == 413
    exactly = "SIP/2.0 486 Busy Here\n" + "a" * (64 * 1024 - 22)
    assert client.post("/decode/", {"text": exactly}).status_code == 200


def test_a_huge_body_is_refused_before_it_is_read(client):
    response = client.generic("POST", "/api/decode/", b"{}", content_type="application/json",
                              headers={"Content-Length": str(10 * 1024 * 1024)})
    assert response.status_code == 413 and "64 KB" in response.json()["error"]


def test_api_accepts_a_form_and_rejects_other_shapes(client):
    form = client.post("/api/decode/", {"text": "SIP/2.0 486 Busy Here"})
    assert form.status_code == 200 and outline(form.json()) == [("status", 486)]
    assert client.post("/api/decode/", "not json", content_type="application/json").status_code == 400
    assert client.post("/api/decode/", {"text": 486}, content_type="application/json").status_code == 400
    get = client.get("/api/decode/")
    assert get.status_code == 405 and get["Allow"] == "POST"


def test_the_form_needs_its_csrf_token(load_content):
    from django.test import Client
    browser = Client(enforce_csrf_checks=True)
    page = browser.get("/decode/")
    assert b'name="csrfmiddlewaretoken"' in page.content
    forged = browser.post("/decode/", {"text": "SIP/2.0 486 Busy Here"})
    assert forged.status_code == 403 and b"That form had expired" in forged.content
    token = page.context["csrf_token"]
    assert browser.post("/decode/", {"text": "SIP/2.0 486 Busy Here", "csrfmiddlewaretoken": token}).status_code == 200


def test_decoding_is_never_cached_or_stored(client, settings):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.PAGE_CACHE = True
    response = client.get("/decode/?example=busy")
    assert "no-store" in response["Cache-Control"] and "ETag" not in response
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/decode/", {"text": sample("busy.txt")})
    assert "no-store" in response["Cache-Control"]
    assert all(q["sql"].lstrip().upper().startswith("SELECT") for q in queries.captured_queries)


def test_pasted_text_is_not_logged(client, caplog):
    from django.views.debug import SafeExceptionReporterFilter

    marker = "Call-ID: secret-customer-7731@example.com"
    with caplog.at_level("DEBUG"):
        response = client.post("/decode/", {"text": f"SIP/2.0 486 Busy Here\n{marker}\n"})
        client.post("/decode/", {"text": "x" * (70 * 1024) + marker})  # refused, still not logged
        client.post("/api/decode/", {"text": marker}, content_type="application/json")
    assert "secret-customer" not in caplog.text
    # An error report, were one ever sent, would mask the paste.
    reported = SafeExceptionReporterFilter().get_post_parameters(response.wsgi_request)
    assert "secret-customer" not in reported["text"] and set(reported["text"]) == {"*"}


def test_queries_do_not_grow_with_the_paste(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for copies in (1, 40):
        with CaptureQueriesContext(connection) as queries:
            client.post("/api/decode/", {"text": sample("busy.txt") * copies}, content_type="application/json")
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


def test_a_paste_of_too_many_messages_says_what_was_left_out(client):
    result = decoded(client, "SIP/2.0 486 Busy Here\n\n" * 600)
    assert result["truncated"] is True and len(result["messages"]) == 500
    html = client.post("/decode/", {"text": "SIP/2.0 486 Busy Here\n\n" * 600}).content.decode()
    assert "Only the first 500 are shown" in html


def test_a_lowercase_method_and_a_second_q850_value_are_pointed_out(client):
    result = decoded(client, "invite sip:2002@pbx.example.com SIP/2.0\nReason: Q.850;cause=16, Q.850;cause=31\n")
    request, first, second = result["findings"]
    assert "unknown extension method, not INVITE" in request["notes"][0]
    assert request["cites"][0]["label"] == "RFC 3261 §25.1"
    assert first["notes"] == [] and "A second Q.850 value" in second["notes"][0]
    assert {"label": "RFC 9366 §3", "url": "https://www.rfc-editor.org/rfc/rfc9366.html#section-3"} in second["cites"]


def test_every_sentence_the_decoder_says_is_written_once_in_its_wording_file():
    """A key missing from wording.toml would be a 500 on the rare paste that needs it; an unused one is dead text."""
    from codes.decode.wording import WORDING

    sources = "".join(path.read_text() for path in (ROOT / "codes" / "decode").glob("*.py"))
    quoted = set(re.findall(r'"(\w+\.\w+)"', sources))
    used = {key for key in quoted if key.split(".")[0] in WORDING}
    written = {f"{section}.{key}" for section, keys in WORDING.items() for key, text in keys.items()
               if isinstance(text, str) and section != "location"}
    assert used == written
