"""The values of the headers the decoder explains, parsed leniently: what was sent is shown
even when it breaks the grammar, and the break is pointed out."""

import re
from dataclasses import dataclass, field


def split_outside_quotes(text: str, separator: str) -> list[str]:
    """Split on `separator` except inside "quoted strings" and <angle brackets>."""
    parts, current, quoted, angled, escaped = [], [], False, False, False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\" and quoted:
            escaped = True
        elif char == '"':
            quoted = not quoted
        elif char in "<>" and not quoted:
            angled = char == "<"
        elif char == separator and not quoted and not angled:
            parts.append("".join(current))
            current = []
            continue
        current.append(char)
    parts.append("".join(current))
    return [part.strip() for part in parts if part.strip()]


def unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def parameters(text: str) -> tuple[str, dict[str, str]]:
    """`token;name=value;flag` → ("token", {"name": "value", "flag": ""}), names lower-cased."""
    first, *rest = split_outside_quotes(text, ";") or [""]
    if text.lstrip().startswith(";"):  # parameters only, no leading token
        first, rest = "", [first, *rest]
    params = {}
    for part in rest:
        name, _, value = part.partition("=")
        params.setdefault(name.strip().lower(), unquote(value))
    return first.strip(), params


@dataclass
class ReasonValue:
    """One value of a Reason header (RFC 3326 §2, RFC 8606 §4)."""

    protocol: str
    cause_text: str
    text: str
    location: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def cause(self) -> int | None:
        return int(self.cause_text) if self.cause_text.isdigit() and len(self.cause_text) <= 6 else None

    @property
    def is_sip(self) -> bool:
        return self.protocol.upper() == "SIP"

    @property
    def is_q850(self) -> bool:
        return self.protocol.upper() == "Q.850"


def reason_values(value: str) -> list[ReasonValue]:
    values = []
    for part in split_outside_quotes(value, ","):
        protocol, params = parameters(part)
        values.append(ReasonValue(protocol, params.get("cause", ""), params.get("text", ""), params.get("location", ""), params))
    return values


@dataclass
class WarningValue:
    """One value of a Warning header: warn-code, warn-agent, "warn-text" (RFC 3261 §20.43)."""

    code_text: str
    agent: str
    text: str

    @property
    def code(self) -> int | None:
        return int(self.code_text) if self.code_text.isdigit() and len(self.code_text) == 3 else None


WARNING = re.compile(r'^(?P<code>\S+)(?:\s+(?P<agent>\S+))?(?:\s+(?P<text>.*))?$')


def warning_values(value: str) -> list[WarningValue]:
    values = []
    for part in split_outside_quotes(value, ","):
        match = WARNING.match(part)
        values.append(WarningValue(match["code"], match["agent"] or "", unquote(match["text"] or "")))
    return values


@dataclass
class RetryAfter:
    """Retry-After: seconds, an optional (comment) and ;duration= (RFC 3261 §20.33)."""

    seconds: int | None
    comment: str
    duration: int | None


RETRY_AFTER = re.compile(r"^(?P<seconds>\d{1,10})\s*(?:\((?P<comment>[^)]*)\))?\s*(?P<params>;.*)?$")


def retry_after(value: str) -> RetryAfter:
    if not (match := RETRY_AFTER.match(value.strip())):
        return RetryAfter(None, "", None)
    _, params = parameters(match["params"] or "")
    duration = params.get("duration", "")
    return RetryAfter(int(match["seconds"]), (match["comment"] or "").strip(),
                      int(duration) if duration.isdigit() and len(duration) <= 10 else None)


def cseq_method(value: str) -> str:
    """The method of `CSeq: 102 INVITE`, or "" when the value is not of that shape."""
    match = re.match(r"^\s*\d{1,10}\s+(\S+)\s*$", value)
    return match[1] if match else ""


VIA = re.compile(r"^SIP\s*/\s*2\.0\s*/\s*\w+\s+(?P<sent_by>[^;,\s]+)", re.IGNORECASE)


def via_address(value: str) -> str:
    """Where the topmost Via says responses go: `received`/`rport` when a server added them (RFC 3581)."""
    first = split_outside_quotes(value, ",")
    if not first or not (match := VIA.match(first[0])):
        return ""
    _, params = parameters(first[0])
    host, port = split_host_port(match["sent_by"])
    host = params.get("received") or host
    port = params.get("rport") or port
    return f"{host}:{port}" if port else host


def split_host_port(sent_by: str) -> tuple[str, str]:
    if sent_by.startswith("["):
        host, _, rest = sent_by.partition("]")
        return host + "]", rest.removeprefix(":")
    host, _, port = sent_by.partition(":")
    return host, port


# Only SIP URIs name a host: a tel: or urn: URI says who, not where (RFC 3966, RFC 5031).
URI_HOST = re.compile(r"^sips?:(?:[^@;>]*@)?(?P<host>\[[^\]]+\]|[^;>?:]+)(?::(?P<port>\d+))?", re.IGNORECASE)


def uri_host(uri: str) -> str:
    """The host (and port) of a SIP URI, from a Request-URI or a From/To value."""
    if "<" in uri:
        uri = uri[uri.index("<") + 1:]
    match = URI_HOST.match(uri.strip())
    if not match:
        return ""
    return f"{match['host']}:{match['port']}" if match["port"] else match["host"]
