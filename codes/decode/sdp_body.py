"""Reading an SDP body (RFC 8866) leniently: every line is kept as sent, what breaks the grammar
is named in plain words, and nothing raises. sdp.py compares offers with answers."""

import re
from dataclasses import dataclass, field

from .reader import Message
from .wording import say

# RFC 3551 §6, Tables 4 and 5: the static payload types, as (encoding name, clock rate, channels).
STATIC = {
    0: ("PCMU", 8000, 1), 3: ("GSM", 8000, 1), 4: ("G723", 8000, 1), 5: ("DVI4", 8000, 1),
    6: ("DVI4", 16000, 1), 7: ("LPC", 8000, 1), 8: ("PCMA", 8000, 1),
    9: ("G722", 8000, 1),  # 16 kHz audio, but RFC 3551 §4.5.2 keeps the RTP clock at 8000
    10: ("L16", 44100, 2), 11: ("L16", 44100, 1), 12: ("QCELP", 8000, 1), 13: ("CN", 8000, 1),
    14: ("MPA", 90000, None), 15: ("G728", 8000, 1), 16: ("DVI4", 11025, 1), 17: ("DVI4", 22050, 1),
    18: ("G729", 8000, 1),
    25: ("CelB", 90000, None), 26: ("JPEG", 90000, None), 28: ("nv", 90000, None), 31: ("H261", 90000, None),
    32: ("MPV", 90000, None), 33: ("MP2T", 90000, None), 34: ("H263", 90000, None),
}
RESERVED = {1, 2, 19, *range(72, 77)}  # 1 and 2 were 1016 and G721; 72–76 would clash with RTCP packet types
DYNAMIC = range(96, 128)
DTMF = "telephone-event"  # RFC 4733 §7.1.1
DIRECTIONS = ("sendrecv", "sendonly", "recvonly", "inactive")
MAX_PROBLEMS = 8

LINE = re.compile(r"^(?P<type>[a-z])=(?P<value>.*)$")
MEDIA = re.compile(r"^(?P<kind>\S+) +(?P<port>\d{1,5})(?:/\d+)? +(?P<profile>\S+)(?P<formats>(?: +\S+)+)$")
CONNECTION = re.compile(r"^IN +IP(?P<version>[46]) +(?P<address>[^\s/]+)(?:/\S+)?$")
RTPMAP = re.compile(r"^(?P<payload>\d{1,3}) +(?P<name>[^/\s]+)/(?P<rate>\d{1,9})(?:/(?P<channels>\d{1,3}))?\s*$")


@dataclass
class Codec:
    payload: int | None  # None for the formats of a non-RTP stream (t38, webrtc-datachannel…)
    name: str
    rate: int | None = None
    channels: int | None = None
    source: str = "static"  # "static" (RFC 3551), "rtpmap", "format" (not RTP) or "unknown"

    @property
    def dtmf(self) -> bool:
        return self.name.lower() == DTMF

    @property
    def key(self) -> tuple:
        """What makes two codecs the same across an offer and answer: the name and clock, not the number."""
        return (self.name.lower(), self.rate) if self.name else (self.payload,)

    def label(self) -> str:
        if not self.name:
            return f"{self.payload} (unnamed)" if self.payload is not None else "?"
        return f"{self.name}/{self.rate}" if self.rate else self.name

    def as_json(self) -> dict:
        return {"payload": self.payload, "name": self.name or None, "rate": self.rate, "channels": self.channels,
                "source": self.source, "dtmf": self.dtmf}


@dataclass
class Media:
    """One m= section, with what it inherits from the session level already applied."""

    kind: str
    port: int
    profile: str
    formats: list[str]
    connection: str | None = None
    attributes: list[tuple[str, str]] = field(default_factory=list)
    codecs: list[Codec] = field(default_factory=list)
    direction: str = "sendrecv"  # RFC 8866 §6.7: the default when no direction attribute is given
    ptime: str | None = None
    ice: bool = False
    candidates: int = 0
    crypto: bool = False
    fingerprint: bool = False

    @property
    def rtp(self) -> bool:
        return "RTP/" in self.profile.upper()

    @property
    def rejected(self) -> bool:
        return self.port == 0

    @property
    def encryption(self) -> str | None:
        if self.fingerprint:
            return "DTLS fingerprint"
        return "SDES crypto" if self.crypto else None

    def values(self, name: str) -> list[str]:
        return [value for key, value in self.attributes if key == name]

    def as_json(self) -> dict:
        return {
            "media": self.kind, "port": self.port, "profile": self.profile,
            "codecs": [codec.as_json() for codec in self.codecs], "direction": self.direction,
            "connection": self.connection, "ptime": self.ptime, "ice": self.ice, "candidates": self.candidates,
            "encryption": self.encryption,
        }


@dataclass
class SessionDescription:
    media: list[Media] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    connection: str | None = None
    attributes: list[tuple[str, str]] = field(default_factory=list)

    def problem(self, sentence: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(sentence)


def sdp_lines(message: Message) -> list[str] | None:
    """The SDP a message carries: its body, or the application/sdp part of a multipart body."""
    content_type = message.header("Content-Type")
    media_type = content_type.value.split(";")[0].strip().lower() if content_type else ""
    body = [line.rstrip("\r") for line in message.body]
    if media_type == "application/sdp" or (not media_type and body and body[0].startswith("v=")):
        return body if any(line.strip() for line in body) else None
    if media_type.startswith("multipart/"):
        return multipart_sdp(content_type.value, body)
    return None


def multipart_sdp(content_type: str, body: list[str]) -> list[str] | None:
    """The application/sdp part of a multipart body (RFC 2046 §5.1), found by its boundary."""
    match = re.search(r'boundary="?([^";]+)"?', content_type, re.IGNORECASE)
    if not match:
        return None
    boundary = "--" + match[1].strip()
    part: list[str] = []
    for line in [*body, boundary]:
        if line.strip().startswith(boundary):
            head, _, rest = "\n".join(part).partition("\n\n")
            if "application/sdp" in head.lower():
                return rest.split("\n")
            part = []
        else:
            part.append(line.strip() if not line.strip() else line)
    return None


def parse(lines: list[str]) -> SessionDescription:
    session = SessionDescription()
    current: Media | None = None
    content = [line.strip() for line in lines if line.strip()]
    if content and content[0] != "v=0":
        session.problem(say("sdp.no_version", line=content[0][:80]))
    for text in content:
        match = LINE.match(text)
        if not match:
            session.problem(say("sdp.not_a_line", line=text[:80]))
        elif match["type"] == "m":
            current = media_line(match["value"], session)
        else:
            session_or_media_line(match["type"], match["value"].strip(), current, session)
    for media in session.media:
        resolve(media, session)
    return session


def media_line(value: str, session: SessionDescription) -> Media | None:
    match = MEDIA.match(value.strip())
    if not match:
        session.problem(say("sdp.bad_media_line", line=f"m={value}"[:80]))
        return None
    media = Media(match["kind"], int(match["port"]), match["profile"], match["formats"].split())
    session.media.append(media)
    return media


def session_or_media_line(kind: str, value: str, media: Media | None, session: SessionDescription) -> None:
    if kind == "c":
        if not (match := CONNECTION.match(value)):
            session.problem(say("sdp.bad_connection", line=f"c={value}"[:80]))
            address = None
        else:
            address = match["address"]
        if media:
            media.connection = address
        else:
            session.connection = address
    elif kind == "a":
        name, _, attribute = value.partition(":")
        (media.attributes if media else session.attributes).append((name.strip().lower(), attribute.strip()))


def resolve(media: Media, session: SessionDescription) -> None:
    """Apply the session-level c= and attributes the media section does not override (RFC 8866 §5)."""
    media.connection = media.connection or session.connection
    mine = {name for name, _ in media.attributes}
    inherited = [(name, value) for name, value in session.attributes if name not in mine]
    everything = media.attributes + inherited
    names = {name for name, _ in everything}
    own_direction = [name for name, _ in media.attributes if name in DIRECTIONS]
    session_direction = [name for name, _ in session.attributes if name in DIRECTIONS]
    media.direction = (own_direction or session_direction or ["sendrecv"])[-1]
    media.ptime = next((value for name, value in everything if name == "ptime"), None)
    media.ice = {"ice-ufrag", "ice-pwd"} <= names or "candidate" in names
    media.candidates = sum(name == "candidate" for name, _ in media.attributes)
    media.crypto = "crypto" in names
    media.fingerprint = "fingerprint" in names
    media.codecs = codecs(media, session)


def codecs(media: Media, session: SessionDescription) -> list[Codec]:
    if not media.rtp:
        return [Codec(None, fmt, source="format") for fmt in media.formats]
    maps = {}
    for value in media.values("rtpmap"):
        if match := RTPMAP.match(value):
            maps[int(match["payload"])] = match
        else:
            session.problem(say("sdp.bad_rtpmap", line=f"a=rtpmap:{value}"[:80]))
    return [codec(fmt, maps, session) for fmt in media.formats]


def codec(fmt: str, maps: dict, session: SessionDescription) -> Codec:
    if not fmt.isdigit() or int(fmt) > 127:
        session.problem(say("sdp.bad_payload", payload=fmt[:12]))
        return Codec(None, "", source="unknown")
    payload = int(fmt)
    if match := maps.get(payload):
        channels = int(match["channels"]) if match["channels"] else None
        return Codec(payload, match["name"], int(match["rate"]), channels, source="rtpmap")
    if payload in STATIC:
        name, rate, channels = STATIC[payload]
        return Codec(payload, name, rate, channels)
    return Codec(payload, "", source="unknown")
