"""No upload breaks the capture reader: the recorded captures, damaged every way Hypothesis finds
(bytes flipped, fields set to absurd lengths, numbers in the SIP text changed, packets repeated
and reordered, the file cut anywhere), give messages or a CaptureError, quickly, and nothing else."""

import io
import random
import time
from pathlib import Path

import dpkt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from codes.decode.capture import CaptureError, read_capture

CAPTURES = Path(__file__).parent / "data" / "captures"
SAMPLES = {path.name: path.read_bytes() for path in sorted(CAPTURES.glob("*.pcap*"))}
SECONDS = 1  # per capture; reading one of these takes milliseconds
ABSURD = [0, 1, 7, 0xFFFF, 0x10000, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFFFFF8]
PIECES = [b"SIP/2.0 200 OK\r\n", b"INVITE sip:a@b SIP/2.0\r\n", b"\r\n\r\n", b"Content-Length: 99999999\r\n",
          b"l: 5\r\n", b"\r\n", b"\x00" * 8, b"\xff" * 8, b"\n\n"]


def reordered(data: bytes, order: list[int]) -> bytes:
    """The packets of a pcap file written again in another order, some repeated, some left out."""
    reader = dpkt.pcap.Reader(io.BytesIO(data))
    records = list(reader)
    out = io.BytesIO()
    writer = dpkt.pcap.Writer(out, linktype=reader.datalink())
    for index in order:
        timestamp, packet = records[index % len(records)]
        writer.writepkt(packet, ts=float(timestamp))
    return out.getvalue()


def damage(data: bytearray, action: str, at: int, draw) -> bytearray:
    if action == "flip":
        data[at] ^= draw(st.integers(1, 255))
    elif action == "absurd":
        value = draw(st.sampled_from(ABSURD)).to_bytes(4, draw(st.sampled_from(["little", "big"])))
        data[at:at + 4] = value
    elif action == "digits":  # another number of the same width: Content-Length, CSeq, a port in the text
        end = at
        while end < len(data) and end - at < 9 and chr(data[end]).isdigit():
            end += 1
        data[at:end] = bytes(random.Random(draw(st.integers())).choices(b"0123456789", k=end - at))
    elif action == "insert":
        data[at:at] = draw(st.one_of(st.sampled_from(PIECES), st.binary(max_size=16)))
    else:
        del data[at:at + draw(st.integers(1, 2000))]
    return data


@st.composite
def damaged_captures(draw) -> bytes:
    name = draw(st.sampled_from(sorted(SAMPLES)))
    data = SAMPLES[name]
    if name.endswith(".pcap") and draw(st.booleans()):
        data = reordered(data, draw(st.lists(st.integers(0, 200), max_size=60)))
    data = bytearray(data)
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        action = draw(st.sampled_from(["flip", "absurd", "digits", "insert", "cut"]))
        data = damage(data, action, draw(st.integers(0, len(data) - 1)), draw)
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]  # cut short, as a capture stopped mid-write
    return bytes(data)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(damaged_captures())
def test_damaged_captures_give_messages_or_a_capture_error(data):
    start = time.perf_counter()
    try:
        messages, truncated = read_capture(data)
    except CaptureError as error:
        assert str(error)
    else:
        assert isinstance(messages, list) and isinstance(truncated, bool)
        assert all(message.transport.protocol in ("UDP", "TCP") and message.frame for message in messages)
    assert time.perf_counter() - start < SECONDS


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(sorted(SAMPLES)), st.integers(0, 300), st.binary(max_size=4096))
def test_any_bytes_after_a_captures_start_give_messages_or_a_capture_error(name, keep, tail):
    """The start of a real file (its header, perhaps a packet or two), then anything."""
    try:
        read_capture(SAMPLES[name][:keep] + tail)
    except CaptureError:
        pass
