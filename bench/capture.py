"""How long the decoder takes to read a 10 MB capture that is mostly RTP, as real ones are.

    .venv/bin/python bench/capture.py [--megabytes 10] [--calls 60] [--rounds 5]

Each capture is built from ones recorded in tests/data/captures. answered_rtp.pcap is a SIPp call
with the G.711 RTP that SIPp plays: its RTP packets are sent again every 20 ms for as long as each
call lasts, calls start every half second and overlap, and each call's SIP comes from a recorded
call with the caller's port changed, so that each call is a conversation of its own. The file grows
until it reaches the size asked for.
  udp: the SIP of answered_rtp.pcap, over UDP: the usual case.
  tcp: the SIP of answered_tcp.pcap, over TCP. While a SIP TCP stream is open every packet has to
       be decoded, where over UDP only those with "SIP/2.0" in them are: this is the slow case.
It prints, for each, the size, the packets, the messages found and the median time of read_capture.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

import dpkt

ROOT = Path(__file__).resolve().parent.parent
CAPTURES = ROOT / "tests" / "data" / "captures"
sys.path.insert(0, str(ROOT))
RTP_INTERVAL = 0.02
CALL_SPACING = 0.5
CALLER_PORTS = {5061, 5090}  # the UAC's SIP port in answered_rtp.pcap and answered_tcp.pcap


def records(name: str) -> list[tuple[float, bytes]]:
    return [(float(ts), packet) for ts, packet in dpkt.pcap.Reader(io.BytesIO((CAPTURES / name).read_bytes()))]


def with_caller_port(packet: bytes, port: int) -> bytes:
    """The packet with the caller's SIP port changed, wherever it is the source or the destination."""
    frame = dpkt.ethernet.Ethernet(packet)
    segment = frame.data.data
    if segment.sport in CALLER_PORTS:
        segment.sport = port
    if segment.dport in CALLER_PORTS:
        segment.dport = port
    return bytes(frame)


def split_call(sip: list[tuple[float, bytes]]) -> tuple[list, list]:
    """A call's packets before the BYE (setup and answer) and from the BYE on (the hang-up)."""
    bye = next(index for index, (_, packet) in enumerate(sip) if b"BYE sip:" in packet)
    return sip[:bye], sip[bye:]


def build(sip_file: str, megabytes: float, calls: int) -> tuple[bytes, int]:
    media = records("answered_rtp.pcap")
    rtp = [packet for _, packet in media if b"SIP/2.0" not in packet]
    sip = [(ts, packet) for ts, packet in records(sip_file) if sip_file != "answered_rtp.pcap" or b"SIP/2.0" in packet]
    setup, hangup = split_call(sip)
    sip_bytes = sum(len(packet) + 16 for _, packet in sip) * calls
    per_call = int((megabytes * 1024 * 1024 - 24 - sip_bytes) / calls / (len(rtp[0]) + 16))
    start = time.time()
    events = []
    for call in range(calls):
        begin = start + call * CALL_SPACING
        port = 20000 + call
        events += [(begin + ts - setup[0][0], with_caller_port(packet, port)) for ts, packet in setup]
        media_start = begin + setup[-1][0] - setup[0][0] + RTP_INTERVAL
        events += [(media_start + i * RTP_INTERVAL, rtp[i % len(rtp)]) for i in range(per_call)]
        end = media_start + per_call * RTP_INTERVAL
        events += [(end + ts - hangup[0][0], with_caller_port(packet, port)) for ts, packet in hangup]
    events.sort(key=lambda event: event[0])
    out = io.BytesIO()
    writer = dpkt.pcap.Writer(out)
    for timestamp, packet in events:
        writer.writepkt(packet, ts=timestamp)
    return out.getvalue(), len(events)


def setup_django() -> None:
    """codes.decode needs the app registry (its reference data are models); no database is touched."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sipref.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    import django

    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    setup_django()
    from codes.decode.capture import read_capture

    for label, sip_file in (("udp", "answered_rtp.pcap"), ("tcp", "answered_tcp.pcap")):
        data, packets = build(sip_file, options.megabytes, options.calls)
        times = []
        for _ in range(options.rounds):
            began = time.perf_counter()
            messages, truncated = read_capture(data)
            times.append(time.perf_counter() - began)
        print(f"{label}: {len(data) / 1024 / 1024:.1f} MB, {packets} packets, {len(messages)} SIP messages"
              f"{' (truncated)' if truncated else ''}, read_capture median {statistics.median(times):.2f} s"
              f" (min {min(times):.2f}, max {max(times):.2f}, {options.rounds} rounds)")


if __name__ == "__main__":
    main()
