"""Turning the messages of a paste into findings, in the order their lines appear: the start
line, then each Reason, Warning, Retry-After and Server/User-Agent header, then a transfer's
sipfrag. What each finding says is worked out in the module for its part of the message."""

from . import freeswitch, values
from .findings import Finding
from .headers import agent_finding, retry_after_finding, warning_finding
from .reader import Message
from .reasons import reason_finding
from .reference import Reference
from .start_lines import request_finding, sipfrag_finding, status_finding


def explain(message: Message, ref: Reference) -> list[Finding]:
    """The findings of one message, in the order its lines appear."""
    cseq = values.cseq_method(message.header("CSeq").value) if message.header("CSeq") else ""
    cseq = cseq or (message.report.method if message.report else "")
    found: list[Finding] = []
    if message.kind == "request":
        found.append(request_finding(message, ref))
    elif message.kind == "response":
        found.append(status_finding(message, message.code, message.phrase, cseq, ref))
    elif message.report and message.report.hangup_cause:
        found.append(freeswitch.hangup_finding(message, ref))
    found += header_findings(message, ref)
    if message.sipfrag and message.sipfrag.code is not None:
        found.append(sipfrag_finding(message, ref))
    return found


def header_findings(message: Message, ref: Reference) -> list[Finding]:
    found, protocols = [], set()
    for header in message.headers:
        if header.name == "Reason":
            for value in values.reason_values(header.value):
                found.append(reason_finding(value, header.line, message, protocols, ref))
        elif header.name == "Warning":
            found += [warning_finding(value, header.line, ref) for value in values.warning_values(header.value)]
        elif header.name == "Retry-After":
            found.append(retry_after_finding(header.value, header.line, message, ref))
        elif header.name in ("Server", "User-Agent"):
            found.append(agent_finding(header.name, header.value, header.line, message))
    return found
