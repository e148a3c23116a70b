"""Captures recorded with tcpdump and dumpcap while SIPp played scenarios (tests/data/captures/record.py):
the decoder finds exactly the SIP messages tshark found in each, in order, from the same addresses,
with the same methods, codes, Reason causes, Warning codes and Retry-After, at the same times."""

import csv
import io
import re
import struct
from pathlib import Path

import dpkt
import pytest

from codes.decode import values
from codes.decode.capture import CaptureError, read_capture
from codes.decode.reader import MAX_MESSAGES

CAPTURES = Path(__file__).parent / "data" / "captures"
FILES = sorted(path.name for path in CAPTURES.glob("*.pcap*"))


def tshark(name: str) -> list[dict]:
    """tshark's dissection, recorded beside the capture: one row per SIP message."""
    with (CAPTURES / name).with_suffix(".tsv").open(newline="") as rows:
        return list(csv.DictReader(rows, delimiter="\t"))


def decoded(name: str):
    messages, truncated = read_capture((CAPTURES / name).read_bytes())
    assert not truncated
    return messages


def as_tshark_reads(message) -> dict:
    """A decoded message in the columns of tshark's dissection."""
    reasons = [value for header in message.all("Reason") for value in values.reason_values(header.value)]
    warnings = [value for header in message.all("Warning") for value in values.warning_values(header.value)]
    retry_after = message.header("Retry-After")
    return {
        "frame": message.frame, "source": message.transport.source, "target": message.transport.target,
        "protocol": message.transport.protocol, "method": message.method, "status": message.code,
        "reasons": [f"{value.protocol}={value.cause}" for value in reasons],
        "warnings": [value.code for value in warnings],
        "retry_after": values.retry_after(retry_after.value).seconds if retry_after else None,
    }


def as_recorded(row: dict) -> dict:
    return {
        "frame": int(row["frame"]), "source": row["source"], "target": row["target"], "protocol": row["protocol"],
        "method": row["method"], "status": int(row["status"]) if row["status"] else None,
        "reasons": row["reasons"].split(",") if row["reasons"] else [],
        "warnings": [int(code) for code in re.findall(r'(?:^|,)\s*(\d{3})\s', row["warnings"])],
        "retry_after": int(row["retry_after"]) if row["retry_after"] else None,
    }


@pytest.mark.parametrize("name", FILES)
def test_finds_the_messages_tshark_found(name):
    assert [as_tshark_reads(message) for message in decoded(name)] == [as_recorded(row) for row in tshark(name)]


@pytest.mark.parametrize("name", FILES)
def test_times_are_tsharks_to_the_microsecond(name):
    times = [message.transport.time for message in decoded(name)]
    assert times == pytest.approx([float(row["time"]) for row in tshark(name)], abs=1e-6, rel=0)


def test_the_recordings_hold_what_the_scenarios_played():
    """The dissections are not empty by accident: each scenario's point is there."""
    assert [row["status"] for row in tshark("busy_tcp.pcap")] == ["", "100", "486", ""]
    assert tshark("busy_nano.pcap")[2]["reasons"] == "Q.850=17"
    assert [row["method"] or row["status"] for row in tshark("cancel_sll.pcap")][3:] == ["CANCEL", "200", "487", "ACK"]
    assert [row["method"] or row["status"] for row in tshark("register_sll2.pcap")] == ["REGISTER", "401", "REGISTER", "403"]
    assert tshark("unavailable_ipv6_rawip.pcap")[2]["retry_after"] == "120"
    assert tshark("not_acceptable_qinq.pcap")[2]["warnings"] == '304 sipp-uas "Media type not available"'


def test_a_tcp_message_over_two_segments_and_two_messages_in_one():
    """SIPp wrote 180 and 200 at once, and the 200's SDP ends in the next segment; the INVITE's SDP runs over too."""
    invite, ringing, answer = decoded("answered_tcp.pcap")[:3]
    assert (ringing.code, answer.code, answer.frame) == (180, 200, ringing.frame + 1)
    assert invite.body[-1] == answer.body[-1] == "a=sendrecv"


def test_a_fragmented_udp_message_is_read_whole_at_its_last_fragment():
    invite = decoded("answered_fragmented.pcap")[0]
    assert invite.frame > 1  # the first fragment came in the frame before
    assert "m=audio 17000 RTP/AVP 0 8 101" in invite.body and invite.body[-1] == "a=sendrecv"


def test_several_calls_in_one_pcapng_stay_in_capture_order():
    messages = decoded("calls.pcapng")
    call_ids = [message.header("Call-ID").value for message in messages]
    assert len(set(call_ids)) == 3
    first, second = call_ids[0], call_ids[8]
    assert call_ids.index(second) < max(i for i, call_id in enumerate(call_ids) if call_id == first)


def test_a_capture_without_sip_gives_no_messages():
    assert read_capture((CAPTURES / "rtp_only.pcap").read_bytes()) == ([], False)


@pytest.mark.parametrize("data", [b"", b"SIP/2.0 486 Busy Here\r\n\r\n", b"\x89PNG\r\n\x1a\n" + bytes(64),
                                  (CAPTURES / "answered.tsv").read_bytes(), b"\n\r\r\n" + bytes(40)])
def test_a_file_that_is_not_a_capture_is_refused_with_a_reason(data):
    with pytest.raises(CaptureError, match="not a packet capture.*pcap and pcapng"):
        read_capture(data)


def test_a_link_type_the_decoder_does_not_read_is_named():
    data = bytearray((CAPTURES / "answered.pcap").read_bytes())
    struct.pack_into("<I", data, 20, 105)  # IEEE 802.11
    with pytest.raises(CaptureError, match=r"link type 105"):
        read_capture(bytes(data))


def packets(name: str) -> list[tuple[float, bytes]]:
    return list(dpkt.pcap.Reader(io.BytesIO((CAPTURES / name).read_bytes())))


def pcap(records: list[tuple[float, bytes]], linktype: int = dpkt.pcap.DLT_EN10MB) -> bytes:
    out = io.BytesIO()
    writer = dpkt.pcap.Writer(out, linktype=linktype)
    for timestamp, packet in records:
        writer.writepkt(packet, ts=timestamp)
    return out.getvalue()


def summary(messages) -> list:
    return [message.method or message.code for message in messages]


@pytest.mark.parametrize(("into_fifth_packet", "expected"), [
    (8, ["INVITE", 180, 200, "ACK"]),  # inside the BYE's record header: the file ends before it
    (200, ["INVITE", 180, 200, "ACK", "BYE"]),  # inside the BYE's headers: what was recorded of it
])
def test_a_cut_file_gives_the_messages_before_the_cut(into_fifth_packet, expected):
    data = (CAPTURES / "answered.pcap").read_bytes()
    cut = len(pcap(packets("answered.pcap")[:4])) + into_fifth_packet
    messages, _ = read_capture(data[:cut])
    assert summary(messages) == expected


def test_sip_words_in_other_traffic_are_not_taken_for_sip():
    """A PBX's log line sent to syslog names a response, but no SIP message starts the datagram."""
    line = b"<134>Nov 27 10:15:02 pbx kamailio[321]: INFO: relayed SIP/2.0 486 Busy Here from 192.0.2.7:5060"
    datagram = dpkt.udp.UDP(sport=40000, dport=514, data=line)
    network = dpkt.ip.IP(src=bytes([192, 0, 2, 1]), dst=bytes([192, 0, 2, 9]), p=dpkt.ip.IP_PROTO_UDP, data=datagram)
    assert read_capture(pcap([(1.0, bytes(dpkt.ethernet.Ethernet(data=network)))])) == ([], False)


def test_tcp_segments_are_put_in_sequence_order_and_retransmitted_bytes_dropped():
    records = packets("answered_tcp.pcap")
    records[11], records[13] = records[13], records[11]  # the BYE arrives before the ACK sent ahead of it
    records.insert(5, records[3])  # the INVITE's first segment sent again
    assert summary(read_capture(pcap(records))[0]) == ["INVITE", 180, 200, "ACK", "BYE", 200]


def test_fragments_that_never_come_are_given_up_after_thirty_seconds():
    """Linux waits 30 s for a datagram's other fragments (ipfrag_time); so does the decoder."""
    records = packets("answered_fragmented.pcap")
    records[1] = (records[1][0] + 31, records[1][1])  # the INVITE's last fragment, too late
    assert summary(read_capture(pcap(records))[0]) == [180, 200, "ACK", "BYE", 200]


def test_bsd_loopback_captures_are_read():
    """As macOS records lo0: a four-byte address family in the host's byte order instead of Ethernet."""
    records = [(timestamp, struct.pack("<I", 2) + packet[14:]) for timestamp, packet in packets("answered.pcap")]
    messages, _ = read_capture(pcap(records, linktype=dpkt.pcap.DLT_NULL))
    assert summary(messages) == ["INVITE", 180, 200, "ACK", "BYE", 200]


def test_past_the_message_limit_the_capture_says_it_was_truncated():
    records = packets("answered.pcap") * (MAX_MESSAGES // 6 + 1)
    messages, truncated = read_capture(pcap(records))
    assert (len(messages), truncated) == (MAX_MESSAGES, True)
