#!/usr/bin/env python3
"""Record the decoder's test captures again: SIPp plays each scenario on the loopback of a
network namespace made for it, tcpdump (or dumpcap, for pcapng) records it, and tshark's
dissection of each file is written next to it as <name>.tsv. RECORDINGS below says how each
file is recorded: its scenarios, transport, addresses, capture options and loopback MTU.

Not run by the tests or CI: run it by hand, as root, when a scenario changes
(`python3 tests/data/captures/record.py`). Needs Debian's sip-tester, tcpdump, tshark
(dumpcap, editcap), tcpreplay (tcprewrite) and ethtool.

Most files are recorded as they are committed. Three kinds cannot come straight from
tcpdump on this machine (no 802.1Q module, no tunnel interfaces, and every tool writes
captures in the host's byte order), so they are converted from a recorded file by the
small steps at the end, each named after what it does:
  not_acceptable_vlan.pcap     not_acceptable.pcap with an 802.1Q tag added by tcprewrite
  not_acceptable_qinq.pcap     the same with an outer 802.1ad tag added by tcprewrite
  unavailable_ipv6_rawip.pcap  unavailable_ipv6.pcap without its Ethernet header (editcap -C 14 -T rawip)
  busy_nano_be.pcap            busy_nano.pcap with every header field rewritten big-endian (big_endian below)
  rtp_only.pcap                answered_rtp.pcap without its SIP frames (tshark -Y "not sip")
"""

import contextlib
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCENARIOS = HERE / "scenarios"
COLUMNS = ["frame", "time", "source", "target", "protocol", "method", "status", "reasons", "warnings", "retry_after"]


@dataclass
class Call:
    """One SIPp pair: the UAS scenario, the UAC scenario and their ports."""

    uas: str
    uac: str
    uas_port: int = 5060
    uac_port: int = 5061
    calls: int = 1
    media: int = 0  # media port offset, so that two pairs in one namespace do not collide


@dataclass
class Recording:
    name: str
    calls: list[Call]
    transport: str = "u1"  # SIPp's -t: u1 one UDP socket, t1 one TCP connection
    host: str = "127.0.0.1"
    tcpdump: tuple[str, ...] = ("-i", "lo")
    pcapng: bool = False  # record with dumpcap, which writes pcapng
    mtu: int | None = None  # a small loopback MTU, with offloads off, splits big messages


RECORDINGS = [
    Recording("answered", [Call("uas_answer", "uac_answer")]),
    Recording("busy_nano", [Call("uas_busy", "uac_reject", 5080, 5090)], tcpdump=("-i", "lo", "--time-stamp-precision=nano")),
    Recording("cancel_sll", [Call("uas_cancel", "uac_cancel")], tcpdump=("-i", "any", "-y", "LINUX_SLL")),
    Recording("register_sll2", [Call("uas_register", "uac_register", 7070, 7071)], tcpdump=("-i", "any", "-y", "LINUX_SLL2")),
    Recording("unavailable_ipv6", [Call("uas_unavailable", "uac_reject")], host="::1"),
    Recording("not_acceptable", [Call("uas_not_acceptable", "uac_reject")]),
    Recording("answered_tcp", [Call("uas_answer_tcp", "uac_answer", 5080, 5090)], transport="t1", mtu=600),
    Recording("busy_tcp", [Call("uas_busy", "uac_reject")], transport="t1", mtu=600),
    Recording("answered_fragmented", [Call("uas_answer", "uac_answer")], mtu=600),
    Recording("answered_rtp", [Call("uas_answer", "uac_answer_rtp")]),
    Recording("calls", [Call("uas_answer", "uac_answer", calls=2), Call("uas_busy", "uac_reject", 5070, 5071, media=100)],
              pcapng=True),
]


def run(*command: str, namespace: str | None = None, **kwargs) -> subprocess.CompletedProcess:
    prefix = ("ip", "netns", "exec", namespace) if namespace else ()
    return subprocess.run([*prefix, *command], check=True, **kwargs)


@contextlib.contextmanager
def namespace(mtu: int | None):
    """A network namespace of our own, so that nothing but the scenario is on its loopback."""
    name = f"sipref-record-{os.getpid()}"
    run("ip", "netns", "add", name)
    try:
        run("ip", "link", "set", "lo", "up", namespace=name)
        if mtu:
            run("ip", "link", "set", "lo", "mtu", str(mtu), namespace=name)
            # Without this the kernel hands tcpdump TCP segments and UDP datagrams larger than the MTU.
            run("ethtool", "-K", "lo", "tso", "off", "gso", "off", "gro", "off", namespace=name,
                stdout=subprocess.DEVNULL)
        yield name
    finally:
        run("ip", "netns", "del", name)


@contextlib.contextmanager
def capturing(recording: Recording, ns: str, path: Path):
    if recording.pcapng:
        command = ["dumpcap", "-q", "-i", "lo", "-w", str(path)]
    else:
        command = ["tcpdump", *recording.tcpdump, "-U", "-w", str(path)]
    capture = subprocess.Popen(["ip", "netns", "exec", ns, *command], stderr=subprocess.PIPE, text=True)
    capture.stderr.readline()  # "listening on …" / "Capturing on …": the capture has started
    try:
        yield
    finally:
        time.sleep(0.5)
        capture.send_signal(signal.SIGINT)
        capture.wait(10)


def sipp(recording: Recording, call: Call, side: str, ns: str, workdir: Path) -> subprocess.Popen:
    host = recording.host
    remote = f"[{host}]" if ":" in host else host
    port = call.uas_port if side == "uas" else call.uac_port
    media = (16000 if side == "uas" else 17000) + call.media
    command = ["sipp", "-sf", str(SCENARIOS / f"{getattr(call, side)}.xml"), "-i", host, "-p", str(port),
               "-mp", str(media), "-t", recording.transport, "-m", str(call.calls), "-nostdin", "-timeout", "20s"]
    if side == "uac":
        command += ["-s", "bob", "-l", str(call.calls), "-r", "10", f"{remote}:{call.uas_port}"]
    return subprocess.Popen(["ip", "netns", "exec", ns, *command], cwd=workdir,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def record(recording: Recording, workdir: Path) -> Path:
    path = HERE / (recording.name + (".pcapng" if recording.pcapng else ".pcap"))
    scratch = workdir / path.name  # tcpdump drops root's rights: it writes where it may, then we copy
    os.chmod(workdir, 0o777)
    with namespace(recording.mtu) as ns, capturing(recording, ns, scratch):
        servers = [sipp(recording, call, "uas", ns, workdir) for call in recording.calls]
        time.sleep(0.5)
        clients = [sipp(recording, call, "uac", ns, workdir) for call in recording.calls]
        try:
            failed = [process.args for process in clients + servers if process.wait(30) != 0]
        finally:
            for process in clients + servers:
                process.kill()
        if failed:
            sys.exit(f"{recording.name}: SIPp failed: {failed}")
    shutil.copyfile(scratch, path)
    return path


def convert(source: Path, name: str, *command: str) -> Path:
    """Run a converting tool with {src} and {out} in its arguments."""
    target = HERE / name
    run(*(part.format(src=source, out=target) for part in command))
    return target


def big_endian(source: Path, name: str) -> Path:
    """A little-endian pcap file rewritten big-endian: the file header and each record header, field by field."""
    data = source.read_bytes()
    if data[:4] not in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        sys.exit(f"{source} is not a little-endian pcap file")
    out = bytearray(struct.pack(">IHHiIII", *struct.unpack("<IHHiIII", data[:24])))
    offset = 24
    while offset < len(data):
        seconds, fraction, captured, length = struct.unpack_from("<IIII", data, offset)
        out += struct.pack(">IIII", seconds, fraction, captured, length)
        out += data[offset + 16:offset + 16 + captured]
        offset += 16 + captured
    target = HERE / name
    target.write_bytes(out)
    return target


def conversions() -> list[Path]:
    vlan = convert(HERE / "not_acceptable.pcap", "not_acceptable_vlan.pcap", "tcprewrite", "--enet-vlan=add",
                   "--enet-vlan-tag=100", "--enet-vlan-pri=5", "--enet-vlan-cfi=0", "-i", "{src}", "-o", "{out}")
    return [
        vlan,
        convert(vlan, "not_acceptable_qinq.pcap", "tcprewrite", "--enet-vlan=add", "--enet-vlan-proto=802.1ad",
                "--enet-vlan-tag=20", "--enet-vlan-pri=0", "--enet-vlan-cfi=0", "-i", "{src}", "-o", "{out}"),
        convert(HERE / "unavailable_ipv6.pcap", "unavailable_ipv6_rawip.pcap", "editcap", "-F", "pcap", "-C", "14", "-T", "rawip",
                "{src}", "{out}"),
        big_endian(HERE / "busy_nano.pcap", "busy_nano_be.pcap"),
        convert(HERE / "answered_rtp.pcap", "rtp_only.pcap", "tshark", "-r", "{src}", "-Y", "not sip", "-F", "pcap", "-w", "{out}"),
    ]


def found(tree, key: str) -> list[str]:
    """Every value of `key` anywhere in a piece of tshark's JSON, in order."""
    if isinstance(tree, list):
        return [value for item in tree for value in found(item, key)]
    if not isinstance(tree, dict):
        return []
    values = []
    for name, value in tree.items():
        if name == key:
            values += value if isinstance(value, list) else [value]
        else:
            values += found(value, key)
    return values


def reasons(sip: dict) -> list[str]:
    """Each Reason value as protocol=cause, from tshark's dissection of the header."""
    return [f"{protocol}={cause}" for tree in found(sip, "sip.Reason_tree")
            for protocol, cause in zip(found(tree, "sip.reason_protocols"),
                                       found(tree, "sip.reason_cause_q850") + found(tree, "sip.reason_cause_sip"),
                                       strict=False)]


def dissect(path: Path) -> list[list[str]]:
    """One row per SIP message tshark finds, in order: a frame can carry several over TCP."""
    output = run("tshark", "-r", str(path), "-Y", "sip", "-T", "json", "--no-duplicate-keys",
                 "-J", "frame ip ipv6 udp tcp sip", capture_output=True, text=True).stdout
    rows = []
    for packet in json.loads(output):
        layers = packet["_source"]["layers"]
        frame, ip = layers["frame"], layers.get("ip") or layers.get("ipv6")
        version = "ip" if "ip" in layers else "ipv6"
        protocol = "udp" if "udp" in layers else "tcp"
        hosts = [ip[f"{version}.{end}"] for end in ("src", "dst")]
        hosts = [f"[{host}]" if ":" in host else host for host in hosts]
        ports = [layers[protocol][f"{protocol}.{end}port"] for end in ("src", "dst")]
        messages = layers["sip"] if isinstance(layers["sip"], list) else [layers["sip"]]
        for sip in messages:
            rows.append([
                frame["frame.number"], frame["frame.time_epoch"], f"{hosts[0]}:{ports[0]}", f"{hosts[1]}:{ports[1]}",
                protocol.upper(), ",".join(found(sip, "sip.Method")), ",".join(found(sip, "sip.Status-Code")),
                ",".join(reasons(sip)), ",".join(found(sip, "sip.Warning")), ",".join(found(sip, "sip.Retry-After")),
            ])
    return rows


def write_dissection(path: Path) -> None:
    rows = dissect(path)
    lines = ["\t".join(COLUMNS), *("\t".join(row) for row in rows)]
    path.with_suffix(".tsv").write_text("\n".join(lines) + "\n")
    print(f"{path.name}: {path.stat().st_size} bytes, {len(rows)} SIP messages")


def main() -> None:
    if os.geteuid() != 0:
        sys.exit("Run as root: it creates network namespaces and captures on them.")
    wanted = set(sys.argv[1:])  # names of recordings to redo, or none for all
    with tempfile.TemporaryDirectory() as workdir:
        recorded = [record(recording, Path(workdir)) for recording in RECORDINGS if not wanted or recording.name in wanted]
    for path in recorded + (conversions() if not wanted else []):
        write_dissection(path)


if __name__ == "__main__":
    main()
