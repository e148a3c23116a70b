"""How tools print SIP traffic: the lines that say who sent the next message, to whom and when.

Each pattern was read from the tool's source or output: Asterisk's res_pjsip_logger.c and
chan_sip.c; Sofia-SIP's tport_logging.c (FreeSWITCH's `sofia siptrace`); sngrep's ui_save.c;
Kamailio's sipdump_write.c; pjsip's pjsua_core.c (`RX 421 bytes Response msg 100/INVITE/cseq=… from
TLS …:`); belle-sip's channel log (linphone); SIPSorcery's transport trace; tcpdump's packet line.
tshark and ngrep lines follow those tools' usual output. Log lines that report a response without
the message are in logs.py.
"""

import re
from dataclasses import dataclass

from .times import moment


@dataclass(frozen=True)
class Transport:
    """Who sent the message that follows, and to whom, as the tool printed it or a capture recorded it."""

    tool: str
    source: str
    target: str
    protocol: str = ""  # "UDP", "TCP", "TLS"…, when known
    time: float | None = None  # seconds since the epoch (or since midnight when no date is given), when known


ASTERISK = "Asterisk"
FREESWITCH = "FreeSWITCH"
KAMAILIO = "Kamailio sipdump"
SNGREP = "sngrep"
NGREP = "ngrep"
TSHARK = "tshark"
TCPDUMP = "tcpdump"
PJSIP = "pjsip"
LINPHONE = "linphone"
SIPSORCERY = "SIPSorcery"

# Asterisk: `<--- Received SIP response (512 bytes) from UDP:203.0.113.5:5060 --->` (pjsip logger),
# `<--- SIP read from UDP:203.0.113.5:5060 --->` and `<--- Transmitting (no NAT) to 203.0.113.5:5060 --->` (chan_sip).
ASTERISK_LINE = re.compile(r"<---\s*(?P<what>.*?)\s*--->")
ASTERISK_FROM = re.compile(r"\b(?:Received|read)\b.*?\bfrom\s+(?P<peer>\S+)")
ASTERISK_TO = re.compile(r"\bTransmitting\b.*?\bto\s+(?P<peer>\S+)")
TRANSPORT_PREFIX = re.compile(r"^(?P<protocol>UDP|TCP|TLS|WSS?|SCTP):", re.IGNORECASE)
# Sofia-SIP: `recv 1207 bytes from udp/[203.0.113.5]:5060 at 10:15:02.123456:`, often after a log timestamp.
FREESWITCH_LINE = re.compile(r"\b(?P<way>recv|send) \d+ bytes (?:from|to) (?P<protocol>\w+)/\[(?P<host>[^\]]+)\]:(?P<port>\d+)"
                             r"(?: at (?P<at>\d{2}:\d{2}:\d{2}(?:\.\d+)?))?")
# sngrep's saved text: `2026/11/20 10:15:02.123456 192.0.2.10:5060 -> 198.51.100.7:5060`
SNGREP_LINE = re.compile(r"^(?P<time>\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?) (?P<source>\S+) -> (?P<target>\S+)$")
# ngrep: `U 2026/11/20 10:15:02.123456 192.0.2.10:5060 -> 198.51.100.7:5060`, the timestamp only with -t.
NGREP_LINE = re.compile(r"^(?P<protocol>[UT]) (?:(?P<time>\d{4}/\d{2}/\d{2} \S+) )?(?P<source>\S+) -> (?P<target>\S+)(?: #\d+)?$")
# tcpdump: `10:11:08.044384 IP 127.0.0.1.25090 > 127.0.0.1.25070: UDP, length 271` (address.port)
TCPDUMP_LINE = re.compile(r"^(?:(?P<time>\d{2}:\d{2}:\d{2}\.\d+) )?IP6? (?P<source>\S+)\.(?P<sport>\d+) > "
                          r"(?P<target>\S+)\.(?P<dport>\d+): (?P<protocol>UDP)?")
# pjsip: `RX 421 bytes Response msg 100/INVITE/cseq=25411 (rdata0x18c0d0c) from TLS 178.208.113.136:5061:`
PJSIP_LINE = re.compile(r"\b(?P<way>RX|TX) \d+ bytes (?:Request|Response) msg \S+ \(\w+\) (?:from|to) "
                        r"(?P<protocol>[A-Z0-9]+) (?P<peer>\S+?):?$")
# belle-sip: `channel [0x7b03de2a80]: received [852] new bytes from [UDP://calliope.example:5060]:`
LINPHONE_LINE = re.compile(r"\bchannel \[\w+\]: received \[\d+\] new bytes from \[(?P<protocol>\w+)://(?P<peer>[^\]]+)\]")
# SIPSorcery: `Response received: tls:10.0.0.2:53692<-tls:203.0.113.9:5061`, `Request sent: tls:…->tls:…`
SIPSORCERY_LINE = re.compile(r"^(?:Request|Response) (?P<way>received|sent): (?P<local>\S+?)(?:<-|->)(?P<peer>\S+)$")
# tshark's one-line summary: `  7 0.245 198.51.100.7 → 192.0.2.10 SIP 512 Status: 486 Busy Here |`
TSHARK_SUMMARY = re.compile(
    r"^\d+\s+\S+\s+(?P<source>\S+)\s+(?:→|->)\s+(?P<target>\S+)\s+SIP(?:/\w+)?\s+\d+\s+"
    r"(?:(?:Request: (?P<request>.+?))|(?:Status: (?P<status>.+?)))\s*\|?\s*$"
)
# What tshark's summary adds after a start line: the CSeq method of a response, a REGISTER's bindings.
TSHARK_NOTE = re.compile(r"\s+\((?:(?P<method>[A-Z]+)|[^()]*\bbindings?\b[^()]*)\)\s*$")
# tshark -V: the layers above SIP give the addresses, the SIP layer labels its start line.
TSHARK_FRAME = re.compile(r"^Frame \d+:")
TSHARK_IP = re.compile(r"^Internet Protocol Version [46], Src: (?P<source>\S+), Dst: (?P<target>\S+)$")
TSHARK_PORTS = re.compile(r"^(?:User Datagram|Transmission Control) Protocol, Src Port: (?P<sport>\d+), Dst Port: (?P<dport>\d+)")
TSHARK_START = re.compile(r"^(?:Request|Status)-Line: ")
TSHARK_HEADERS = "Message Header"
TSHARK_BODY = "Message Body"
# Kamailio sipdump: a block of `key: value` lines between these two rules, then the message.
KAMAILIO_META = "===================="
KAMAILIO_DATA = "~~~~~~~~~~~~~~~~~~~~"
KAMAILIO_END = "||||||||||||||||||||"
# Lines that only separate messages: Sofia-SIP's dashes, ngrep's `#`, pjsua's `--end msg--`, and the like.
SEPARATOR = re.compile(r"^(?:[-=~|#*_]{3,}|#|--end msg--)$")


def transport_line(line: str) -> Transport | None:
    """The tool's line announcing a message, if this is one (leading blanks already removed)."""
    for reader in (asterisk, freeswitch, sngrep, ngrep, tcpdump, pjsip, linphone, sipsorcery):
        if transport := reader(line):
            return transport
    return None


def asterisk(line: str) -> Transport | None:
    if not (match := ASTERISK_LINE.search(line)):
        return None
    when = moment(line[:match.start()])
    if peer := ASTERISK_FROM.search(match["what"]):
        return Transport(ASTERISK, bare(peer["peer"]), ASTERISK, protocol_of(peer["peer"]), when)
    if peer := ASTERISK_TO.search(match["what"]):
        return Transport(ASTERISK, ASTERISK, bare(peer["peer"]), protocol_of(peer["peer"]), when)
    return None


def freeswitch(line: str) -> Transport | None:
    if not (match := FREESWITCH_LINE.search(line)):
        return None
    host = f"[{match['host']}]" if ":" in match["host"] else match["host"]
    peer, protocol = f"{host}:{match['port']}", match["protocol"].upper()
    when = moment(line[:match.start()], at=match["at"] or "")
    if match["way"] == "recv":
        return Transport(FREESWITCH, peer, FREESWITCH, protocol, when)
    return Transport(FREESWITCH, FREESWITCH, peer, protocol, when)


def sngrep(line: str) -> Transport | None:
    if match := SNGREP_LINE.match(line):
        return Transport(SNGREP, match["source"], match["target"], time=moment(match["time"]))
    return None


def ngrep(line: str) -> Transport | None:
    if match := NGREP_LINE.match(line):
        protocol = "UDP" if match["protocol"] == "U" else "TCP"
        return Transport(NGREP, match["source"], match["target"], protocol, moment(match["time"] or ""))
    return None


def tcpdump(line: str) -> Transport | None:
    if match := TCPDUMP_LINE.match(line):
        return Transport(TCPDUMP, f"{match['source']}:{match['sport']}", f"{match['target']}:{match['dport']}",
                         match["protocol"] or "", moment(match["time"] or ""))
    return None


def pjsip(line: str) -> Transport | None:
    if not (match := PJSIP_LINE.search(line)):
        return None
    when, protocol = moment(line[:match.start()]), match["protocol"]
    if match["way"] == "RX":
        return Transport(PJSIP, match["peer"], PJSIP, protocol, when)
    return Transport(PJSIP, PJSIP, match["peer"], protocol, when)


def linphone(line: str) -> Transport | None:
    if match := LINPHONE_LINE.search(line):
        return Transport(LINPHONE, match["peer"], LINPHONE, match["protocol"].upper(), moment(line[:match.start()]))
    return None


def sipsorcery(line: str) -> Transport | None:
    if not (match := SIPSORCERY_LINE.match(line)):
        return None
    local, peer = bare(match["local"]), bare(match["peer"])
    protocol = protocol_of(match["peer"])
    if match["way"] == "received":
        return Transport(SIPSORCERY, peer, local, protocol)
    return Transport(SIPSORCERY, local, peer, protocol)


def bare(peer: str) -> str:
    """`UDP:203.0.113.5:5060` → `203.0.113.5:5060`."""
    return TRANSPORT_PREFIX.sub("", peer)


def protocol_of(peer: str) -> str:
    match = TRANSPORT_PREFIX.match(peer)
    return match["protocol"].upper() if match else ""
