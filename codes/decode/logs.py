"""Log lines that report a response (or a request, or a hangup cause) without printing the
message itself.

A bare number becomes a status code only beside a marker a tool prints for one (`nta: received`,
`new_code=`, `status:  <…>`, `Response is`, `Got SIP response`…) or beside a phrase the code is
known by (phrases.py), so timestamps, ports, lengths and CSeq numbers never become codes.

Patterns read from the tools' sources or output: Asterisk's chan_sip.c,
res_pjsip_outbound_registration.c and res_pjsip_session.c (handle_incoming_response and
handle_outgoing_response, the PJSIP channel's `Response is 183 Session Progress`), FreeSWITCH's
switch_channel.c, Sofia-SIP's nta.c (agent_recv_response, incoming_reply), Kamailio's and
OpenSIPS's msg_parser.c (parse_msg's dump of a reply) and tm's t_reply.c (t_should_relay_response),
SIPSorcery's SIPTransport.cs and SIPResponse.ShortDescription (`{CSeq method} {code} {phrase}`), and
sippts' `[=>]`/`[<=]` lines.
"""

import re
from dataclasses import dataclass

from .phrases import known_phrase

ASTERISK = "Asterisk"
FREESWITCH = "FreeSWITCH"
SOFIA = "Sofia-SIP"
KAMAILIO_LOG = "Kamailio"
OPENSIPS = "OpenSIPS"
SIPSORCERY = "SIPSorcery"
SIPPTS = "sippts"
LOG_LINE = "a log line"  # when the line does not say which program printed it


@dataclass(frozen=True)
class LogReport:
    """A response, a request or a hangup cause reported by a log line rather than shown whole."""

    tool: str
    code: int | None = None
    phrase: str = ""
    method: str = ""  # the method the reported response answers
    peer: str = ""
    hangup_cause: str = ""
    request: str = ""  # the method of a request the line says was sent or received
    source: str = ""  # which kind of line said it: one response told twice by two kinds of line is one


CODE = r"(?P<code>[1-6]\d\d)(?!\d)"
PHRASE = r"(?P<phrase>[^\"'<>()\[\]]*?)"
RESPONSES = [
    # chan_sip: `Got SIP response 486 "Busy Here" back from 203.0.113.5:5060`
    ("chan_sip", ASTERISK, re.compile(rf'Got SIP response {CODE} "(?P<phrase>[^"]*)" back from (?P<peer>\S+)')),
    # res_pjsip_outbound_registration: `Fatal response '403' received from 'sip:…' on registration attempt …`
    ("registration", ASTERISK,
     re.compile(rf"(?:Fatal|Temporal) response '{CODE}' received from '(?P<peer>[^']*)' on registration attempt")),
    # res_pjsip_session: `PJSIP/102-00000002: Response is 183 Session Progress`, and for the responses
    # Asterisk sends `PJSIP/100-00000001: Method is INVITE, Response is 486 Busy Here`
    ("pjsip_session", ASTERISK,
     re.compile(rf"(?:\bMethod is (?P<method>[A-Z]+), )?\bResponse is {CODE}(?:[ \t]+{PHRASE})?[ \t]*$")),
    # Sofia-SIP: `nta: received 480 Temporarily Unavailable for INVITE (1)`, `nta: sent 503 … for INVITE (…)`
    ("nta", SOFIA, re.compile(rf"\bnta: (?:received|sent) {CODE}(?:[ \t]+{PHRASE})?[ \t]+for (?P<method>[A-Z]+) \(\d+\)")),
    # Kamailio/OpenSIPS parse_msg's dump of a reply: `parse_msg():  status:  <500>` (`reason:` follows)
    ("parse_msg", "", re.compile(rf"\bparse_msg\W+status:[ \t]*<{CODE}>")),
    # Kamailio/OpenSIPS tm: `t_should_relay_response(): ->>>>>>>>> T_code=183, new_code=500`
    ("tm", "", re.compile(rf"\bT_code=\d+, new_code={CODE}")),
    # SIPSorcery: `Response received: udp:10.0.0.2:5060<-udp:203.0.113.5:5060 INVITE 401 Unauthorized`
    # (SIPTransport.cs), `Response received udp:…<-udp:…: INVITE 401 Unauthorized` (its example apps)
    ("sipsorcery", SIPSORCERY, re.compile(
        rf"\bResponse received:? (?P<local>\S+?)<-(?P<peer>\S+?):? (?P<method>[A-Z]+) {CODE}(?: {PHRASE})?[ \t]*$")),
    # sippts: `[<=] Response from 123 to 456: 407 Proxy Authentication Required`
    ("sippts", SIPPTS, re.compile(rf"^\[<=\] Response from \S+ to \S+: {CODE}(?: {PHRASE})?[ \t]*$")),
]
# sippts: `[=>] Request INVITE from 123 to 456`
SIPPTS_REQUEST = re.compile(r"^\[=>\] Request (?P<method>[A-Z]+) from \S+ to (?P<to>\S+)")
# What a line adds to the response reported just before it: parse_msg's `reason:  <…>`, and
# Kamailio's `received sip message - reply - call-id: […] - cseq: [2 INVITE]`.
PARSE_REASON = re.compile(r"\bparse_msg\W+reason:[ \t]*<(?P<phrase>[^>]*)>")
KAMAILIO_CSEQ = re.compile(r"received sip message - reply - .*\bcseq: \[\d+ (?P<method>[A-Za-z]+)\]")
# FreeSWITCH's switch_channel.c: `Hangup sofia/external/1001@203.0.113.5 [CS_EXECUTE] [USER_BUSY]`
FREESWITCH_HANGUP = re.compile(r"\bHangup \S+ \[CS_[A-Z_]+\] \[(?P<cause>[A-Z_]+)\]")
# Any other line: a code beside a phrase it is known by, not HTTP's, not part of a longer number or name.
PHRASED = re.compile(rf"(?<![\w.:/=#-]){CODE}[ \t]+(?=[A-Za-z])")
HTTP = re.compile(r"HTTP/\d\.\d[ \t]*$")
TOOL_HINTS = [(re.compile(r"\bDBG:|opensips", re.IGNORECASE), OPENSIPS),
              (re.compile(r"kamailio|<core>|\btm \[|udp_rcv_loop", re.IGNORECASE), KAMAILIO_LOG),
              (re.compile(r"\bnta\b|\btport\b|sofia", re.IGNORECASE), SOFIA)]


def tool_of(line: str) -> str:
    """Which program printed a log line, when it says so, or ""."""
    return next((tool for pattern, tool in TOOL_HINTS if pattern.search(line)), "")


def log_report(line: str, *, phrases: bool = True) -> LogReport | None:
    """What a log line reports, if anything; `phrases`: also a code beside a phrase it is known by."""
    for source, tool, pattern in RESPONSES:
        if match := pattern.search(line):
            groups = match.groupdict()
            return LogReport(tool or tool_of(line) or LOG_LINE, int(match["code"]), (groups.get("phrase") or "").strip(),
                             groups.get("method") or ("REGISTER" if source == "registration" else ""),
                             groups.get("peer") or "", source=source)
    if match := SIPPTS_REQUEST.search(line):
        return LogReport(SIPPTS, request=match["method"], peer=match["to"], source="sippts")
    if match := FREESWITCH_HANGUP.search(line):
        return LogReport(FREESWITCH, hangup_cause=match["cause"])
    return phrased(line) if phrases else None


def phrased(line: str) -> LogReport | None:
    for match in PHRASED.finditer(line):
        code = int(match["code"])
        if (phrase := known_phrase(code, line[match.end():])) and not HTTP.search(line[:match.start()]):
            return LogReport(tool_of(line) or LOG_LINE, code, phrase, source="phrase")
    return None


def amendment(line: str) -> dict[str, str]:
    """What a line adds to the response reported just before it: its phrase or the method it answers."""
    if match := PARSE_REASON.search(line):
        return {"phrase": match["phrase"].strip()}
    if match := KAMAILIO_CSEQ.search(line):
        return {"method": match["method"]}
    return {}
