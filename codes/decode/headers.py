"""The other headers the decoder explains: Warning (RFC 3261 §20.43), Retry-After (§20.33)
and the software named by Server or User-Agent."""

from . import agents, values
from .findings import AgentFinding, RetryAfterFinding, WarningFinding
from .reader import Message
from .reference import Reference
from .wording import WORDING, duration, say

# Unregistered warn-codes that servers send for their own debugging (Kamailio's 392…), by code.
SOFTWARE_WARNINGS = WORDING["warning"]["software"]

# RFC 3261 §20.33: the responses Retry-After is defined for, and what it says with them.
SERVICE_BACK = {500, 503}
CALLEE_BACK = {404, 413, 480, 486, 600, 603}


def warning_finding(value: values.WarningValue, line: int, ref: Reference) -> WarningFinding:
    finding = WarningFinding(line=line, value=value, warning=ref.warnings.get(value.code),
                             cites=[ref.cite("rfc3261", "20.43")])
    if value.code is None:
        finding.notes.append(say("warning.not_a_warn_code", text=value.code_text))
    elif finding.warning is None and (software := SOFTWARE_WARNINGS.get(str(value.code))):
        finding.notes.append(say("warning.debugging", code=value.code, **software))
    elif finding.warning is None:
        finding.notes.append(say("warning.unregistered", code=value.code))
    if not value.text:
        finding.notes.append(say("warning.no_text"))
    return finding


def retry_after_finding(raw: str, line: int, message: Message, ref: Reference) -> RetryAfterFinding:
    value = values.retry_after(raw)
    finding = RetryAfterFinding(line=line, value=value, cites=[ref.cite("rfc3261", "20.33")])
    if value.seconds is None:
        finding.notes.append(say("retry_after.not_a_number"))
        return finding
    wait = duration(value.seconds)
    status = message.code if message.kind == "response" else None
    if status in SERVICE_BACK:
        finding.meaning = say("retry_after.service_back", wait=wait)
    elif status in CALLEE_BACK:
        finding.meaning = say("retry_after.callee_back", wait=wait)
    else:
        finding.meaning = say("retry_after.try_again", wait=wait)
        if status is not None:
            finding.notes.append(say("retry_after.not_defined_for", status=status))
    if value.seconds == 0 and status in SERVICE_BACK:
        finding.meaning = say("retry_after.at_once")
    if value.duration:
        finding.meaning += say("retry_after.then_reachable", duration=duration(value.duration))
    return finding


def agent_finding(header: str, value: str, line: int, message: Message) -> AgentFinding:
    product, role = agents.identify(value)
    finding = AgentFinding(line=line, header=header, value=value, product=product, role=role)
    if header == "Server" and message.kind == "request":
        finding.notes.append(say("agent.server_in_request"))
    return finding
