"""SDP bodies read as offers and answers: what a reader of the decoder sees for each sample in
tests/data/decode/sdp (their sources are in SOURCES.md there)."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codes.decode.reader import read
from codes.decode.reference import Reference
from codes.decode.sdp import sdp_findings
from codes.decode.sdp_addresses import inside_range
from codes.decode.sdp_body import STATIC, parse

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parent / "data" / "decode" / "sdp"


def absolute(path: str) -> str:
    return f"http://testserver{path}"


def sdp_of(text: str) -> list[dict]:
    """Each SDP finding as JSON, in paste order, with the message it belongs to."""
    messages, _ = read(text)
    found = sdp_findings(messages, Reference(messages))
    return [{"message": messages[index], **finding.as_json(absolute)}
            for index, findings in sorted(found.items()) for finding in findings]


def sample(name: str) -> list[dict]:
    return sdp_of((SAMPLES / name).read_text())


def codec_names(finding: dict, stream: int = 0) -> list[str]:
    return [codec["name"] for codec in finding["media"][stream]["codecs"]]


def notes(finding: dict) -> str:
    return " ".join(finding["notes"])


def test_sipp_offer_and_answer_are_paired_and_name_pcmu():
    offer, answer = sample("sipp_uac_trace.txt")
    assert (offer["type"], offer["role"], offer["message"].method) == ("sdp", "offer", "INVITE")
    assert (answer["role"], answer["message"].code) == ("answer", 200)
    assert offer["paired_with"] == answer["line"] and answer["paired_with"] == offer["line"]
    stream = answer["media"][0]
    assert stream["codecs"] == [{"payload": 0, "name": "PCMU", "rate": 8000, "channels": None, "source": "rtpmap",
                                 "dtmf": False}]
    assert (stream["media"], stream["port"], stream["profile"], stream["direction"]) == ("audio", 6000, "RTP/AVP",
                                                                                          "sendrecv")
    assert (stream["connection"], stream["ptime"], stream["ice"], stream["encryption"]) == ("127.0.0.1", None, False,
                                                                                            None)
    assert answer["mismatch"] is False and answer["codes"] == [] and answer["notes"] == []


def test_an_invite_without_a_body_puts_the_offer_in_the_200_and_the_answer_in_the_ack():
    offer, answer = sample("sipp_3pcc_late_offer.txt")
    assert (offer["role"], offer["message"].code) == ("offer", 200)
    assert (answer["role"], answer["message"].method) == ("answer", "ACK")
    assert "the answer has to follow in the ACK" in notes(offer)


def test_rfc3264_declined_video_and_a_one_way_stream_that_is_not_a_hold():
    offer, answer, new_offer, new_answer = sample("rfc3264_basic_exchange.txt")
    assert [stream["port"] for stream in answer["media"]] == [49920, 0, 53000]
    assert "the answerer declined that stream" in notes(answer)
    assert codec_names(offer, 1) == ["H261"] and offer["media"][1]["codecs"][0]["source"] == "rtpmap"
    assert new_offer["media"][3]["direction"] == "recvonly" and new_answer["media"][3]["direction"] == "sendonly"
    # A stream that starts one-way is not a call put on hold.
    assert new_answer["hold"] is False and "on hold" not in notes(new_answer)


def test_rfc4317_codecs_chosen_by_name_whatever_their_number():
    offer, answer, offer_97, answer_99, offer_two, answer_two = sample("rfc4317_codecs.txt")
    assert codec_names(offer) == ["PCMU", "PCMA", "iLBC"] and codec_names(answer) == ["PCMU"]
    assert offer_97["media"][0]["codecs"][2] == {"payload": 97, "name": "iLBC", "rate": 8000, "channels": None,
                                                 "source": "rtpmap", "dtmf": False}
    assert codec_names(answer, 1) == ["MPV"] and answer["mismatch"] is False
    assert answer_99["media"][0]["codecs"][0]["payload"] == 99 and answer_99["mismatch"] is False
    assert answer_two["media"][0]["port"] == 0 and "declined" in notes(answer_two)
    dtmf = offer_two["media"][1]["codecs"][1]
    assert (dtmf["payload"], dtmf["name"], dtmf["dtmf"]) == (101, "telephone-event", True)
    assert "Telephone-event on payload 101 (8000 Hz): keypad digits (DTMF)" in notes(offer_two)
    assert {"label": "RFC 4733", "url": "https://www.rfc-editor.org/rfc/rfc4733.html"} in offer_two["cites"]


def test_an_answer_that_turns_a_two_way_stream_sendonly_is_a_hold():
    offer, held, resume, resumed = sample("rfc4317_hold.txt")
    assert offer["hold"] is False and held["paired_with"] == offer["line"]
    assert held["hold"] is True and held["media"][0]["direction"] == "sendonly"
    assert "puts the other party on hold" in notes(held)
    assert {"label": "RFC 3264 §8.4", "url": "https://www.rfc-editor.org/rfc/rfc3264.html#section-8.4"} in held["cites"]
    assert resume["hold"] is False and resumed["hold"] is False


def test_no_voice_codec_in_common_is_flagged_and_related_to_488_and_606():
    offer, answer = sample("codec_mismatch.txt")
    assert codec_names(offer) == ["G729", "telephone-event"] and codec_names(answer) == ["PCMA", "telephone-event"]
    assert answer["mismatch"] is True and offer["mismatch"] is False
    assert answer["codes"] == [{"code": 488, "url": "http://testserver/codes/488/"},
                               {"code": 606, "url": "http://testserver/codes/606/"}]
    assert "only telephone-event is in common, no voice codec" in notes(answer)
    assert "offered G729/8000, telephone-event/8000; answered PCMA/8000, telephone-event/8000" in notes(answer)


def test_dtls_keys_under_rtp_savpf_explain_the_488_that_refused_them():
    (offer,) = sample("srtp_fingerprint_488.txt")
    stream = offer["media"][0]
    assert (stream["profile"], stream["encryption"], stream["ice"]) == ("RTP/SAVPF", "DTLS fingerprint", True)
    assert offer["codes"] == [{"code": 488, "url": "http://testserver/codes/488/"}]
    assert "DTLS-SRTP has its own profiles, UDP/TLS/RTP/SAVP and UDP/TLS/RTP/SAVPF" in notes(offer)
    assert "The far end refused this offer with 488 Not Acceptable Here (line 39)." in offer["notes"]


def test_sdp_inside_a_multipart_body_is_read_and_the_415_explained():
    (offer,) = sample("multipart_415.txt")
    assert codec_names(offer) == ["PCMA", "PCMU"]
    assert offer["codes"] == [{"code": 415, "url": "http://testserver/codes/415/"}]
    assert "it cannot take multipart/mixed; it accepts application/sdp" in notes(offer)


def test_a_private_media_address_signalled_from_a_public_one_gives_the_nat_hint():
    offer, answer = sample("nat_private_media.txt")
    assert offer["nat_hint"] is True and answer["nat_hint"] is False
    assert "10.1.33.103 is a private address (RFC 1918), yet this message was signalled from 203.0.113.45" in notes(offer)
    assert "external_media_address" in notes(offer) and "rtp_symmetric=yes" in notes(offer)
    labels = [cite["label"] for cite in offer["cites"]]
    assert "RFC 1918 §3" in labels and "RFC 4961" in labels and "Asterisk: res_pjsip through NAT" in labels
    assert "20 ms in the offer, 30 ms in the answer" in notes(answer)


def test_a_private_signalling_address_gives_no_nat_hint_and_masked_addresses_are_said_so():
    (offer,) = sample("livekit_asterisk_invite.txt")
    assert offer["nat_hint"] is False
    assert codec_names(offer) == ["opus", "PCMU", "telephone-event", "telephone-event"]
    opus = offer["media"][0]["codecs"][0]
    assert (opus["rate"], opus["channels"]) == (48000, 2)
    assert "101 (48000 Hz) and 102 (8000 Hz)" in notes(offer)
    assert "“xxx.xxx.xxx.xxx” was masked before pasting" in notes(offer)


def test_a_broken_body_is_described_not_raised():
    (offer,) = sample("malformed.txt")
    said = notes(offer)
    for part in ("starts with “v=1”", "“this line is not SDP” is not an SDP line", "“c=IN IP4” is not a valid",
                 "“m=audio many RTP/AVP 0” is not a usable media line", "“a=rtpmap:96 broken”",
                 "“abc” is not an RTP payload type", "No a=rtpmap line names payload 96.",
                 "No a=rtpmap line names payload 23, and RFC 3551 fixes no codec", "has no connection address"):
        assert part in said
    assert offer["media"][0]["codecs"][1] == {"payload": 96, "name": None, "rate": None, "channels": None,
                                               "source": "unknown", "dtmf": False}


@pytest.mark.parametrize("body", ["", "v=0", "m=", "m=audio 0 RTP/AVP", "a=rtpmap:", "c=IN IP6 ::1/x/y",
                                  "m=video 99999 RTP/AVP 300", "\x00\x01=\x02", "m=audio 1 RTP/AVP " + "9 " * 5000])
def test_garbage_never_raises(body):
    sdp_of(f"INVITE sip:a@b SIP/2.0\nCall-ID: g\nContent-Type: application/sdp\n\n{body}\n")


SDP_ISH = st.one_of(st.text(max_size=60), st.sampled_from("vocmat").flatmap(
    lambda kind: st.text(alphabet="0123456789 /:.-=abcdefRTPAVSIN", max_size=40).map(lambda rest: f"{kind}={rest}")))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(SDP_ISH, max_size=25))
def test_any_body_parses_into_streams_and_plain_words(lines):
    session = parse(lines)
    assert all(isinstance(problem, str) for problem in session.problems) and len(session.problems) <= 8
    for media in session.media:
        assert media.as_json()["direction"] in ("sendrecv", "sendonly", "recvonly", "inactive")


def test_101_without_rtpmap_is_named_only_as_a_habit():
    (offer,) = sdp_of("INVITE sip:a@b SIP/2.0\nContent-Type: application/sdp\n\n"
                      "v=0\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0 101\n")
    assert codec_names(offer) == ["PCMU", None]
    assert "101 is telephone-event (DTMF) by widespread habit, but only an rtpmap line makes it so." in notes(offer)


def test_sdp_in_a_488_lists_what_the_far_end_supports():
    text = ("INVITE sip:a@b SIP/2.0\nCall-ID: cap\nCSeq: 1 INVITE\nContent-Type: application/sdp\n\n"
            "v=0\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 18\n\n"
            "SIP/2.0 488 Not Acceptable Here\nCall-ID: cap\nCSeq: 1 INVITE\nContent-Type: application/sdp\n\n"
            "v=0\nc=IN IP4 192.0.2.2\nm=audio 0 RTP/AVP 8 0\n")
    offer, capabilities = sdp_of(text)
    assert capabilities["role"] == "unpaired" and capabilities["mismatch"] is True
    assert capabilities["codes"] == [{"code": 488, "url": "http://testserver/codes/488/"}]
    assert "could accept instead: PCMA/8000, PCMU/8000. None of it was in the offer, which listed G729/8000." \
        in notes(capabilities)
    assert offer["codes"] == [{"code": 488, "url": "http://testserver/codes/488/"}]


def test_profile_mismatch_between_offer_and_answer_relates_to_488():
    text = ("INVITE sip:a@b SIP/2.0\nCall-ID: p\nCSeq: 1 INVITE\nContent-Type: application/sdp\n\n"
            "v=0\nc=IN IP4 192.0.2.1\nm=audio 4000 RTP/SAVP 0\na=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:key\n\n"
            "SIP/2.0 200 OK\nCall-ID: p\nCSeq: 1 INVITE\nContent-Type: application/sdp\n\n"
            "v=0\nc=IN IP4 192.0.2.2\nm=audio 5000 RTP/AVP 0\n")
    offer, answer = sdp_of(text)
    assert offer["media"][0]["encryption"] == "SDES crypto" and offer["codes"] == []
    assert answer["mismatch"] is True and [c["code"] for c in answer["codes"]] == [488]
    assert "offered as RTP/SAVP and answered as RTP/AVP" in notes(answer)


def offer_and_answer(offer_sdp: str, answer_sdp: str) -> tuple[dict, dict]:
    """A bare INVITE/200 pair carrying the two bodies."""
    head = "Call-ID: oa\nCSeq: 1 INVITE\nContent-Type: application/sdp\n\nv=0\n"
    offer, answer = sdp_of(f"INVITE sip:a@b SIP/2.0\n{head}{offer_sdp}\nSIP/2.0 200 OK\n{head}{answer_sdp}")
    return offer, answer


def test_an_answer_may_add_codecs_the_offer_did_not_list_but_they_cannot_be_used_yet():
    _, answer = offer_and_answer("c=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0 8\n",
                                 "c=IN IP4 192.0.2.2\nm=audio 5000 RTP/AVP 8 9\n")
    assert answer["mismatch"] is False and answer["codes"] == []
    assert "The answer adds G722/8000 to the audio stream, which the offer did not list." in notes(answer)


def test_an_answer_breaking_offer_answer_rules_is_pointed_out():
    _, answer = offer_and_answer("c=IN IP4 192.0.2.1\nm=audio 4000 RTP/AVP 0\na=sendonly\nm=video 4002 RTP/AVP 31\n",
                                 "c=IN IP4 192.0.2.2\nm=audio 5000 RTP/AVP 0\n")
    assert "The answer has 1 media lines for the offer's 2." in notes(answer)
    assert "marked the audio stream sendonly, so the answer may only be recvonly or inactive, but it says sendrecv" \
        in notes(answer)


def test_srtp_without_keys_and_dtls_without_fingerprint_relate_to_488():
    (savp,) = sdp_of("INVITE sip:a@b SIP/2.0\nContent-Type: application/sdp\n\nv=0\nc=IN IP4 192.0.2.1\n"
                     "m=audio 4000 RTP/SAVP 0\n")
    (dtls,) = sdp_of("INVITE sip:a@b SIP/2.0\nContent-Type: application/sdp\n\nv=0\nc=IN IP4 192.0.2.1\n"
                     "m=audio 4000 UDP/TLS/RTP/SAVPF 111\na=rtpmap:111 opus/48000/2\n")
    assert "carries neither a=crypto keys nor a DTLS fingerprint" in notes(savp)
    assert "which is DTLS-SRTP, but carries no a=fingerprint" in notes(dtls)
    assert [c["code"] for c in savp["codes"]] == [488] == [c["code"] for c in dtls["codes"]]


def test_ice_on_one_side_only_is_pointed_out():
    text = ("INVITE sip:a@b SIP/2.0\nCall-ID: i\nCSeq: 1 INVITE\nContent-Type: application/sdp\n\n"
            "v=0\nc=IN IP4 192.0.2.1\na=ice-ufrag:u\na=ice-pwd:p\nm=audio 4000 RTP/AVP 0\n"
            "a=candidate:1 1 UDP 2130706431 192.0.2.1 4000 typ host\n"
            "a=candidate:2 1 UDP 1694498815 198.51.100.1 4000 typ srflx\n\n"
            "SIP/2.0 200 OK\nCall-ID: i\nCSeq: 1 INVITE\nContent-Type: application/sdp\n\n"
            "v=0\nc=IN IP4 192.0.2.2\nm=audio 5000 RTP/AVP 0\n")
    offer, answer = sdp_of(text)
    assert (offer["media"][0]["ice"], offer["media"][0]["candidates"]) == (True, 2)
    assert "The offer carries ICE (2 candidates) but the answer does not" in notes(answer)


@pytest.mark.parametrize(("address", "kind", "rfc"), [
    ("192.168.1.20", "private", "1918"), ("172.31.255.1", "private", "1918"), ("10.0.0.1", "private", "1918"),
    ("100.64.0.1", "shared", "6598"), ("100.127.255.254", "shared", "6598"), ("169.254.10.1", "link_local", "3927"),
    ("127.0.0.1", "loopback", "1122"), ("fd00::1", "unique_local", "4193"), ("fe80::1", "link_local6", "4291"),
])
def test_address_ranges_that_stay_behind_a_nat(address, kind, rfc):
    assert inside_range(address)[:2] == (kind, rfc)


@pytest.mark.parametrize("address", ["100.128.0.1", "172.32.0.1", "203.0.113.5", "2001:db8::1", "pbx.example.com"])
def test_addresses_outside_those_ranges(address):
    assert inside_range(address) is None


def test_the_static_payload_types_are_rfc_3551_tables_4_and_5():
    assert {pt: name for pt, (name, _, _) in STATIC.items()} == {
        0: "PCMU", 3: "GSM", 4: "G723", 5: "DVI4", 6: "DVI4", 7: "LPC", 8: "PCMA", 9: "G722", 10: "L16", 11: "L16",
        12: "QCELP", 13: "CN", 14: "MPA", 15: "G728", 16: "DVI4", 17: "DVI4", 18: "G729",
        25: "CelB", 26: "JPEG", 28: "nv", 31: "H261", 32: "MPV", 33: "MP2T", 34: "H263",
    }
    assert STATIC[9][1] == 8000 and STATIC[10][1:] == (44100, 2) and STATIC[6][1] == 16000


def test_the_api_and_the_page_show_sdp_findings(client):
    """Through decode(): needs sdp_findings wired into codes/decode/__init__.py."""
    text = (SAMPLES / "codec_mismatch.txt").read_text()
    response = client.post("/api/decode/", {"text": text}, content_type="application/json")
    found = [f for f in response.json()["findings"] if f["type"] == "sdp"]
    assert [f["role"] for f in found] == ["offer", "answer"]
    assert found[1]["mismatch"] is True and [c["code"] for c in found[1]["codes"]] == [488, 606]
    html = client.post("/decode/", {"text": text}).content.decode()
    assert "SDP answer" in html and "PCMA/8000, telephone-event/8000" in html
    assert "No codec or profile in common with the offer." in html
    assert 'href="/codes/488/"' in html and 'href="/codes/606/"' in html
