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
It prints, for each, the size, the packets, the messages found and the median time of reading the
capture, of decoding it (reading, explaining, dialogs and verdicts), and of the whole upload through
Django to the page and to the JSON, with production settings on a throwaway database.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
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


def setup_django(database: Path) -> None:
    """Production settings on a throwaway SQLite database holding the bundled content, as `make run` has it."""
    os.environ.update(
        DJANGO_SETTINGS_MODULE="sipref.settings", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_HTTPS="0", DATABASE_URL=f"sqlite:///{database}",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("loadcontent", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)


def median(action, rounds: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(rounds):
        began = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def upload(client, url: str, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"capture": SimpleUploadedFile("capture.pcap", data)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--megabytes", type=float, default=10)
    parser.add_argument("--calls", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from django.test import Client

        from codes.decode import decode_messages
        from codes.decode.capture import read_capture

        client = Client(HTTP_HOST="127.0.0.1")
        print(f"median of {options.rounds} runs; the limit the decoder promises is 5 s for a 10 MB capture")
        for label, sip_file in (("udp", "answered_rtp.pcap"), ("tcp", "answered_tcp.pcap")):
            data, packets = build(sip_file, options.megabytes, options.calls)
            read, (messages, truncated) = median(lambda data=data: read_capture(data), options.rounds)
            decoded, _ = median(lambda data=data: decode_messages(*read_capture(data)), options.rounds)
            page, response = median(lambda data=data: upload(client, "/decode/", data), options.rounds)
            api, _ = median(lambda data=data: upload(client, "/api/decode/", data), options.rounds)
            assert response.status_code == 200, response.status_code
            print(f"{label}: {len(data) / 1024 / 1024:.1f} MB, {packets} packets, {len(messages)} SIP messages"
                  f"{' (truncated)' if truncated else ''}: read {read:.2f} s, decoded {decoded:.2f} s, "
                  f"page {page:.2f} s ({len(response.content) / 1024:.0f} KB), JSON {api:.2f} s")


if __name__ == "__main__":
    main()
