"""How tools print SIP traffic: the lines that say who sent the next message, and log lines
that report a response without the message itself.

Each pattern was read from the tool's source: Asterisk's res_pjsip_logger.c, chan_sip.c and
res_pjsip_outbound_registration.c; Sofia-SIP's tport_logging.c (FreeSWITCH's `sofia
siptrace`) and FreeSWITCH's switch_channel.c; sngrep's ui_save.c; Kamailio's
sipdump_write.c. tshark and ngrep lines follow those tools' usual output.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Transport:
    """Who sent the message that follows, and to whom, as the tool printed it or a capture recorded it."""

    tool: str
    source: str
    target: str
    protocol: str = ""  # "UDP", "TCP", "TLS"…, when known
    time: float | None = None  # seconds since the epoch, when the tool or capture gave a time


ASTERISK = "Asterisk"
FREESWITCH = "FreeSWITCH"
KAMAILIO = "Kamailio sipdump"
SNGREP = "sngrep"
NGREP = "ngrep"
TSHARK = "tshark"

# Asterisk: `<--- Received SIP response (512 bytes) from UDP:203.0.113.5:5060 --->` (pjsip logger),
# `<--- SIP read from UDP:203.0.113.5:5060 --->` and `<--- Transmitting (no NAT) to 203.0.113.5:5060 --->` (chan_sip).
ASTERISK_LINE = re.compile(r"<---\s*(?P<what>.*?)\s*--->")
ASTERISK_FROM = re.compile(r"\b(?:Received|read)\b.*?\bfrom\s+(?P<peer>\S+)")
ASTERISK_TO = re.compile(r"\bTransmitting\b.*?\bto\s+(?P<peer>\S+)")
TRANSPORT_PREFIX = re.compile(r"^(?:UDP|TCP|TLS|WSS?|SCTP):", re.IGNORECASE)
# Sofia-SIP: `recv 1207 bytes from udp/[203.0.113.5]:5060 at 10:15:02.123456:`
FREESWITCH_LINE = re.compile(r"^(?P<way>recv|send) \d+ bytes (?:from|to) \w+/\[(?P<host>[^\]]+)\]:(?P<port>\d+)")
# sngrep's saved text: `2026/11/20 10:15:02.123456 192.0.2.10:5060 -> 198.51.100.7:5060`
SNGREP_LINE = re.compile(r"^\d{4}/\d{2}/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)? (?P<source>\S+) -> (?P<target>\S+)$")
# ngrep: `U 2026/11/20 10:15:02.123456 192.0.2.10:5060 -> 198.51.100.7:5060`, the timestamp only with -t.
NGREP_LINE = re.compile(r"^[UT] (?:\d{4}/\d{2}/\d{2} \S+ )?(?P<source>\S+) -> (?P<target>\S+)(?: #\d+)?$")
# tshark's one-line summary: `  7 0.245 198.51.100.7 → 192.0.2.10 SIP 512 Status: 486 Busy Here |`
TSHARK_SUMMARY = re.compile(
    r"^\d+\s+\S+\s+(?P<source>\S+)\s+(?:→|->)\s+(?P<target>\S+)\s+SIP(?:/\w+)?\s+\d+\s+"
    r"(?:(?:Request: (?P<request>.+?))|(?:Status: (?P<status>.+?)))\s*\|?\s*$"
)
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
# Lines that only separate messages: Sofia-SIP's dashes, ngrep's `#`, and the like.
SEPARATOR = re.compile(r"^(?:[-=~|#*_]{3,}|#)$")


def transport_line(line: str) -> Transport | None:
    """The tool's line announcing a message, if this is one (leading blanks already removed)."""
    if match := ASTERISK_LINE.search(line):
        return asterisk(match["what"])
    if match := FREESWITCH_LINE.match(line):
        host = f"[{match['host']}]" if ":" in match["host"] else match["host"]
        peer = f"{host}:{match['port']}"
        return Transport(FREESWITCH, peer, FREESWITCH) if match["way"] == "recv" else Transport(FREESWITCH, FREESWITCH, peer)
    if match := SNGREP_LINE.match(line):
        return Transport(SNGREP, match["source"], match["target"])
    if match := NGREP_LINE.match(line):
        return Transport(NGREP, match["source"], match["target"])
    return None


def asterisk(what: str) -> Transport | None:
    if match := ASTERISK_FROM.search(what):
        return Transport(ASTERISK, TRANSPORT_PREFIX.sub("", match["peer"]), ASTERISK)
    if match := ASTERISK_TO.search(what):
        return Transport(ASTERISK, ASTERISK, TRANSPORT_PREFIX.sub("", match["peer"]))
    return None


@dataclass(frozen=True)
class LogReport:
    """A response, or a hangup cause, reported by a log line rather than shown whole."""

    tool: str
    code: int | None = None
    phrase: str = ""
    method: str = ""
    peer: str = ""
    hangup_cause: str = ""


LOG_LINES = [
    # chan_sip: `Got SIP response 486 "Busy Here" back from 203.0.113.5:5060`
    (re.compile(r'Got SIP response (?P<code>\d{3}) "(?P<phrase>[^"]*)" back from (?P<peer>\S+)'), ASTERISK, ""),
    # res_pjsip_outbound_registration: `Fatal response '403' received from 'sip:…' on registration attempt to 'sip:…'`
    (re.compile(r"(?:Fatal|Temporal) response '(?P<code>\d{3})' received from '(?P<peer>[^']*)' on registration attempt"),
     ASTERISK, "REGISTER"),
]
# FreeSWITCH's switch_channel.c: `Hangup sofia/external/1001@203.0.113.5 [CS_EXECUTE] [USER_BUSY]`
FREESWITCH_HANGUP = re.compile(r"\bHangup \S+ \[CS_[A-Z_]+\] \[(?P<cause>[A-Z_]+)\]")


def log_report(line: str) -> LogReport | None:
    for pattern, tool, method in LOG_LINES:
        if match := pattern.search(line):
            groups = match.groupdict()
            return LogReport(tool, int(groups["code"]), groups.get("phrase") or "", method, groups["peer"])
    if match := FREESWITCH_HANGUP.search(line):
        return LogReport(FREESWITCH, hangup_cause=match["cause"])
    return None
