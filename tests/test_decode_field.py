"""The decoder reads pastes as people really make them: excerpts from public issue threads
(tests/data/decode/field/SOURCES.md says where each comes from) and output of Debian's
kamailio, sngrep and tcpdump. What each excerpt holds was written by reading it, in expected.json."""

import json
from pathlib import Path

import pytest

from codes.decode import decode
from codes.decode.findings import ReasonFinding, WarningFinding

pytestmark = pytest.mark.django_db
FIELD = Path(__file__).resolve().parent / "data" / "decode" / "field"
EXPECTED = json.loads((FIELD / "expected.json").read_text(encoding="utf-8"))


def excerpt(name: str) -> str:
    return (FIELD / name).read_bytes().decode()  # line ends as posted


def seen(decoded) -> list[dict]:
    """Each message as expected.json writes it: start line, CSeq method, Reason causes, warn-codes."""
    messages = []
    for item in decoded.messages:
        message = item.message
        start = message.method if message.kind == "request" else f"{message.code} {message.phrase}".strip()
        cseq = message.header("CSeq")
        method = cseq.value.split()[-1] if cseq and cseq.value.split() else ""
        method = method or (message.report.method if message.report else "")
        entry = {"start": start if message.kind in ("request", "response") else message.kind, "cseq": method,
                 "reasons": [f"{f.value.protocol} {f.value.cause_text}" for f in item.findings
                             if isinstance(f, ReasonFinding)],
                 "warnings": [f.value.code for f in item.findings if isinstance(f, WarningFinding)]}
        messages.append(entry)
    return messages


def written(expected: list[dict]) -> list[dict]:
    return [{"start": m["start"], "cseq": m.get("cseq", ""), "reasons": m.get("reasons", []),
             "warnings": m.get("warnings", [])} for m in expected]


def test_every_excerpt_has_a_source_and_an_expectation():
    excerpts = {path.name for path in FIELD.glob("*.txt")}
    sources = (FIELD / "SOURCES.md").read_text(encoding="utf-8")
    assert excerpts == set(EXPECTED)
    assert all(f"`{name}`" in sources for name in excerpts)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_excerpt_reads_as_a_person_reads_it(name):
    assert seen(decode(excerpt(name))) == written(EXPECTED[name])


def test_every_excerpt_is_explained_on_the_page(client):
    for name in sorted(EXPECTED):
        page = client.post("/decode/", {"text": excerpt(name)})
        assert page.status_code == 200, name
        assert page.content.decode().count('<article class="decoded"') == len(EXPECTED[name]), name


def codes_read(text: str) -> list[int]:
    return [m.message.code for m in decode(text).messages if m.message.kind == "response"]


@pytest.mark.parametrize("name, codes", [
    # 1470151123 (a Unix time), `code=4` / `87` (an acc line cut in two), `<487>` and `- 487` repeat the one 487.
    ("opensips_tm_t_code_487_acc_wrapped.txt", [487]),
    # 357 and 981 bytes, RTT 2.226 ms, timer 24926 ms, CSeq (33784748), port 5060.
    ("sofia_nta_received_100_200.txt", [100, 200]),
    # `length 252`, `length 455`, `Content-Length: 0`, `stamp 51814`.
    ("tcpdump_ascii_page.txt", [200]),
    # `l=787 a=16` cfgtrace positions, `[796]` the pid, `message repeated 5 times`.
    ("kamailio_tm_t_code_100_syslog.txt", [100]),
    # `260-TCP`, `Header length: 2155 < Packet length: 2155`.
    ("hepfix_lengths_before_invite.txt", []),
    # `received [315] new bytes`, `[315] bytes parsed`, the timestamps' digits.
    ("linphone_ios_timestamp_prefix_100.txt", [100]),
])
def test_numbers_beside_no_marker_or_known_phrase_never_become_codes(name, codes):
    assert codes_read(excerpt(name)) == codes


@pytest.mark.parametrize("text", [
    "HTTP/1.1 404 Not Found\n",  # HTTP's status line, not SIP's
    "udp_rcv_loop(): received on udp socket: (106/100/342)\nContent-Length: 486\n",
    "10:11:08.044384 IP 127.0.0.1.25090 > 127.0.0.1.25070: UDP, length 480\n",
    "my phone keeps saying 486 when I call\n",
])
def test_a_bare_number_is_not_a_code(text):
    assert codes_read(text) == []


def test_a_log_line_with_a_start_line_right_after_headers_starts_a_message():
    text = "SIP/2.0 200 OK\nCSeq: 1 INVITE\nINFO: Sending: BYE sip:bob@example.com SIP/2.0\nCSeq: 2 BYE\n"
    assert seen(decode(text)) == written([{"start": "200 OK", "cseq": "INVITE"}, {"start": "BYE", "cseq": "BYE"}])


def test_one_response_told_by_two_kinds_of_line_is_one_but_one_kind_twice_is_two():
    nta = "nta: received 486 Busy Here for INVITE (1)\nnta: 486 Busy Here to message callback\n"
    chan_sip = 'Got SIP response 486 "Busy Here" back from 203.0.113.5:5060\n' * 2
    assert codes_read(nta) == [486] and codes_read(chan_sip) == [486, 486]


@pytest.mark.parametrize("prefix", ["### ", "recv: ", "> ", "[2026-11-20 10:15:02.123] DEBUG[42]: pjsip: ", "    "])
def test_a_prefix_repeated_on_every_line_keeps_headers_with_their_start_line(prefix):
    lines = ["SIP/2.0 503 Service Unavailable", "CSeq: 7 INVITE", "Reason: Q.850;cause=34", "Retry-After: 60", ""]
    decoded = decode("".join(f"{prefix}{line}\n" for line in lines))
    assert seen(decoded) == written([{"start": "503 Service Unavailable", "cseq": "INVITE", "reasons": ["Q.850 34"]}])
    assert [f.kind for f in decoded.messages[0].findings] == ["status", "reason", "retry_after"]


@pytest.mark.parametrize("name, index, tool, time", [
    ("sngrep_save_kamailio_392.txt", 1, "sngrep", 1795774268.044908),  # 2026/11/27 10:11:08.044908, a date: epoch
    ("sofia_tport_recv_407.txt", 0, "FreeSWITCH", 1624455441.529773),  # `at 13:37:21.529773` on the log's 2021-06-23
    ("tcpdump_ascii_kamailio_404.txt", 1, "tcpdump", 36668.044908),  # 10:11:08.044908, no date: since midnight
    ("pjsua_rx_100_407.txt", 1, "pjsip", 39240.181),
])
def test_the_time_a_tool_prints_for_a_message_is_kept(name, index, tool, time):
    transport = decode(excerpt(name)).messages[index].message.transport
    assert transport.tool == tool and transport.time == pytest.approx(time)


def test_warning_392_is_named_for_the_servers_that_send_it():
    warnings = [f for m in decode(excerpt("sngrep_save_kamailio_392.txt")).messages for f in m.findings
                if isinstance(f, WarningFinding)]
    assert [w.value.code for w in warnings] == [392, 392]
    assert "SER, Kamailio and OpenSIPS add it for their own debugging" in warnings[0].notes[0]
    assert "sip_warning" in warnings[0].notes[0]
    other = next(f for f in decode('Warning: 397 proxy "hm"\n').findings if isinstance(f, WarningFinding))
    assert other.notes == ["397 is not a registered warn-code; the text is all there is to go on."]


def test_read_payload_still_reads_a_raw_message():
    from codes.decode.formats import Transport
    from codes.decode.reader import read_payload

    transport = Transport("capture", "192.0.2.1:5060", "192.0.2.2:5060", "UDP", 12.5)
    [message] = read_payload("SIP/2.0 486 Busy Here\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n", transport, 7)
    assert (message.code, message.answers, message.transport, message.frame) == (486, "INVITE", transport, 7)


@pytest.mark.parametrize("line, code, phrase, method, tool", [
    # No public paste of these was found: the lines follow the format strings in Asterisk's
    # res_pjsip_session.c (SCOPE_ENTER in handle_incoming_response, handle_outgoing_response) and
    # SIPSorcery's SIPTransport.cs and example apps.
    (("[Nov 20 10:15:02] DEBUG[2345][C-00000001]: res_pjsip_session.c:4518 handle_incoming_response: "
      "PJSIP/102-00000002: Response is 183 Session Progress"), 183, "Session Progress", "", "Asterisk"),
    (("[Nov 20 10:15:03] DEBUG[2345][C-00000001]: res_pjsip_session.c:4567 handle_outgoing_response: "
      "PJSIP/100-00000001: Method is INVITE, Response is 486 Busy Here"), 486, "Busy Here", "INVITE", "Asterisk"),
    ("Response received: udp:10.0.0.2:5060<-udp:203.0.113.5:5060 INVITE 401 Unauthorized",
     401, "Unauthorized", "INVITE", "SIPSorcery"),
    ("Response received udp:10.0.0.2:5060<-udp:203.0.113.5:5060: REGISTER 403 Forbidden",
     403, "Forbidden", "REGISTER", "SIPSorcery"),
])
def test_log_lines_of_other_stacks_that_name_a_response(line, code, phrase, method, tool):
    [item] = decode(line).messages
    message = item.message
    assert (message.code, message.phrase, message.answers, message.report.tool) == (code, phrase, method, tool)
