"""One line per dialog, in plain words, before any detail: what happened to the call,
registration or request, who said so, and why when the messages say why."""

from .dialogs import DecodedMessage, Dialog
from .findings import ReasonFinding, RetryAfterFinding, StatusFinding, WarningFinding
from .ladder import SIDE_A, SIDE_B
from .values import cseq_method, parameters, split_host_port, uri_host
from .wording import duration, say

# RFC 3261 §13.3.1.4: a UAS that never gets the ACK for its 2xx gives up after 64*T1 = 32 s and sends BYE.
LOST_ACK_SECONDS = (30.5, 34.0)
# Requests that belong to a call or a transaction rather than starting one.
FOLLOWERS = {"ACK", "CANCEL", "BYE", "PRACK"}


def judge(dialog: Dialog) -> None:
    """Sets the dialog's outcome, its one-line summary and the message it failed on."""
    requests = [m for m in dialog.messages if m.message.kind == "request"]
    method = next((m.message.method for m in requests if m.message.method not in FOLLOWERS), "")
    method = method or (requests[0].message.method if requests else "") or answered_method(dialog)
    # A response with no CSeq (a one-line summary, a log line) is taken to answer the dialog's request.
    finals = [m for m in dialog.messages if is_final(m) and method_of(m) in (method, "")]
    if not method:
        dialog.outcome, dialog.summary = without_requests(dialog)
    elif method == "INVITE":
        judge_call(dialog, finals)
    elif method == "REGISTER":
        judge_registration(dialog, finals)
    else:
        judge_request(dialog, method, finals)


def judge_call(dialog: Dialog, finals: list[DecodedMessage]) -> None:
    invites = [m for m in dialog.messages if m.message.kind == "request" and m.message.method == "INVITE"]
    if invites and to_tag(invites[0].message):
        return judge_reinvite(dialog, finals)
    if finals and sent_after(dialog, finals[-1], "INVITE"):
        return no_final(dialog, "INVITE")  # the INVITE sent again (with credentials, say) got no final answer
    if answer := next((m for m in finals if m.message.code < 300), None):
        dialog.outcome, dialog.summary = "answered", answered(dialog, invites[0] if invites else None, answer)
        return
    if not finals:
        return no_final(dialog, "INVITE")
    last = finals[-1]
    challenged_before = any(m.message.code in (401, 407) for m in finals[:-1])
    if last.message.code == 487 and any(m.message.method == "CANCEL" for m in dialog.messages):
        dialog.outcome, dialog.summary = "cancelled", say("verdict.call_cancelled", status=status(last))
    elif last.message.code in (401, 407) and challenged_before:
        fail(dialog, last, "refused", say("verdict.call_refused_after_challenge", status=status(last)))
    elif last.message.code in (401, 407) and not sent_after(dialog, last, "INVITE"):
        fail(dialog, last, "challenged", say("verdict.call_challenged", status=status(last)))
    elif 300 <= last.message.code < 400:
        contact = last.message.header("Contact")
        to = f" to {uri_host(contact.value) or contact.value}" if contact else ""
        dialog.outcome, dialog.summary = "redirected", say("verdict.call_redirected", status=status(last), to=to)
    else:
        first = origin(dialog, last)
        fail(dialog, first, "failed", say("verdict.call_failed", **failure(first, dialog)))


def judge_reinvite(dialog: Dialog, finals: list[DecodedMessage]) -> None:
    """An INVITE inside a call changes the session; refused, the call goes on as it was (RFC 3261 §14.1)."""
    if not finals:
        return no_final(dialog, "re-INVITE")
    last = finals[-1]
    if last.message.code < 300:
        dialog.outcome, dialog.summary = "ok", say("verdict.reinvite_accepted", status=status(last))
    else:
        fail(dialog, last, "refused", say("verdict.reinvite_refused", **failure(last, dialog)))


def to_tag(message) -> str:
    """A request with a To tag belongs to a dialog that exists already (RFC 3261 §12.2.1.1)."""
    header = message.header("To")
    return parameters(header.value.split(">")[-1])[1].get("tag", "") if header else ""


def answered(dialog: Dialog, invite: DecodedMessage | None, answer: DecodedMessage) -> str:
    bye = next((m for m in dialog.messages if m.message.kind == "request" and m.message.method == "BYE"), None)
    if bye is None:
        return say("verdict.call_answered", status=status(answer))
    who = "caller" if invite and sent_by_caller(bye, invite) else "callee"
    if bye.time is None or answer.time is None:
        return say("verdict.call_ended", status=status(answer), who=who)
    seconds = bye.time - answer.time
    lost_ack = LOST_ACK_SECONDS[0] <= seconds <= LOST_ACK_SECONDS[1]
    return say("verdict.call_ended_after", status=status(answer), who=who, after=f"{seconds:.1f} s") + (
        say("verdict.lost_ack") if lost_ack else "")


def sent_by_caller(request: DecodedMessage, invite: DecodedMessage) -> bool:
    """The caller's requests carry the INVITE's From tag (RFC 3261 §12.2.1.1); failing that, its address."""
    tag = from_tag(request.message)
    if tag and from_tag(invite.message):
        return tag == from_tag(invite.message)
    return request.source == invite.source


def from_tag(message) -> str:
    header = message.header("From")
    return parameters(header.value.split(">")[-1])[1].get("tag", "") if header else ""


def judge_registration(dialog: Dialog, finals: list[DecodedMessage]) -> None:
    if not finals or sent_after(dialog, finals[-1], "REGISTER"):
        return no_final(dialog, "REGISTER")
    last = finals[-1]
    if last.message.code < 300:
        dialog.outcome, dialog.summary = "registered", say("verdict.registered", status=status(last),
                                                             expires=expires(last))
    elif any(m.message.code in (401, 407) for m in finals[:-1]):
        fail(dialog, last, "refused", say("verdict.registration_refused_after_challenge", status=status(last)))
    elif last.message.code in (401, 407) and not sent_after(dialog, last, "REGISTER"):
        fail(dialog, last, "challenged", say("verdict.registration_challenged", status=status(last)))
    else:
        first = origin(dialog, last)
        fail(dialog, first, "refused", say("verdict.registration_refused", **failure(first, dialog)))


def expires(message: DecodedMessage) -> str:
    contact, header = message.message.header("Contact"), message.message.header("Expires")
    seconds = parameters(contact.value.split(">")[-1])[1].get("expires", "") if contact else ""
    seconds = seconds or (header.value.strip() if header else "")
    return say("verdict.expires", after=duration(int(seconds))) if seconds.isdigit() else ""


def judge_request(dialog: Dialog, method: str, finals: list[DecodedMessage]) -> None:
    if not finals or sent_after(dialog, finals[-1], method):
        return no_final(dialog, method)
    last = finals[-1]
    if last.message.code < 300:
        dialog.outcome, dialog.summary = "ok", say("verdict.request_answered", method=method, status=status(last))
    else:
        first = origin(dialog, last)
        fail(dialog, first, "failed", say("verdict.request_failed", method=method, **failure(first, dialog)))


def without_requests(dialog: Dialog) -> tuple[str, str]:
    """A paste with responses but no request or CSeq, or only log lines."""
    responses = [m for m in dialog.messages if m.message.kind == "response"]
    if responses:
        last = responses[-1]
        outcome = "failed" if last.message.code >= 300 else "ok"
        if outcome == "failed":
            dialog.failing = last
        return outcome, say("verdict.response", **failure(last, dialog))
    hangup = next((f for m in dialog.messages for f in m.findings if f.kind == "hangup_cause"), None)
    if hangup:
        cause = f" (Q.850 cause {hangup.cause})" if hangup.q850 else ""
        return "ended", say("verdict.hangup", tool=hangup.tool, name=hangup.name, cause=cause)
    return "", ""


def no_final(dialog: Dialog, method: str) -> None:
    responses = [m for m in dialog.messages if m.message.kind == "response"]
    dialog.outcome = "no-answer"
    if responses:
        dialog.summary = say("verdict.no_final", method=method, status=status(responses[-1]))
    else:
        dialog.summary = say("verdict.no_response", method=method)


def fail(dialog: Dialog, message: DecodedMessage, outcome: str, summary: str) -> None:
    dialog.outcome, dialog.summary, dialog.failing = outcome, summary, message


def origin(dialog: Dialog, response: DecodedMessage) -> DecodedMessage:
    """Proxies pass a response back hop by hop: the first copy in the trace is where it came from."""
    copies = [m for m in dialog.messages if is_final(m) and m.message.code == response.message.code
              and method_of(m) == method_of(response)]
    return copies[0] if copies else response


def failure(message: DecodedMessage, dialog: Dialog) -> dict:
    """What a failure line says about the response: the code, who sent it, what it means and why."""
    return {"status": status(message), "sender": sender(message, dialog), "gloss": gloss(message),
            "why": why(message)}


def status(message: DecodedMessage) -> str:
    """ "486 Busy Here": the phrase as sent, or the registry's when a log line gave only the number."""
    phrase = message.message.phrase
    if not phrase and (finding := status_finding(message)) and finding.response_code:
        phrase = finding.response_code.reason_phrase
    return f"{message.message.code} {phrase}".strip()


def status_finding(message: DecodedMessage) -> StatusFinding | None:
    return next((f for f in message.findings if isinstance(f, StatusFinding)), None)


def sender(message: DecodedMessage, dialog: Dialog) -> str:
    """ " from 198.51.100.7" (with the port when another participant shares the address), or nothing when only
    the A or B side is known."""
    if message.source in ("", SIDE_A, SIDE_B):
        return ""
    host, port = split_host_port(message.source)
    if not port.isdigit():
        return f" from {message.source}"
    ends = {end for m in dialog.messages for end in (m.source, m.target)}
    shared = any(end != message.source and split_host_port(end)[0] == host for end in ends)
    return f" from {message.source}" if shared else f" from {host.strip('[]')}"


def gloss(message: DecodedMessage) -> str:
    """The meaning in a few words: the code summary's first clause, or its class's."""
    finding = status_finding(message)
    if finding is None or (finding.response_code is None and finding.response_class is None):
        return ""
    summary = finding.response_code.summary if finding.response_code else finding.response_class.summary
    clause = summary.split(". ")[0]
    for mark in (":", ";", ","):
        clause = clause.split(mark)[0]
    if clause.count("(") > clause.count(")"):  # cut inside brackets: end before them instead
        clause = clause[:clause.rindex("(")]
    clause = clause.rstrip(".").strip()
    return f" — {clause[0].lower()}{clause[1:]}" if clause else ""


def why(message: DecodedMessage) -> str:
    """The Warning or Reason the response carries, in brackets."""
    for finding in message.findings:
        if isinstance(finding, WarningFinding) and finding.value.code is not None:
            text = finding.value.text or (finding.warning.text if finding.warning else "")
            return f" (Warning {finding.value.code}: {text})" if text else f" (Warning {finding.value.code})"
    for finding in message.findings:
        if isinstance(finding, ReasonFinding) and finding.value.cause is not None:
            name = f", {finding.name}" if finding.name else ""
            return f" (Reason: {finding.value.protocol} cause {finding.value.cause}{name})"
    for finding in message.findings:
        if isinstance(finding, RetryAfterFinding) and finding.value.seconds is not None:
            return say("verdict.retry_after", after=duration(finding.value.seconds))
    return ""


def is_final(message: DecodedMessage) -> bool:
    return message.message.kind == "response" and message.message.code is not None and message.message.code >= 200


def method_of(message: DecodedMessage) -> str:
    header = message.message.header("CSeq")
    method = cseq_method(header.value) if header else ""
    return method or (message.message.report.method if message.message.report else "")


def answered_method(dialog: Dialog) -> str:
    return next((method for m in dialog.messages if m.message.kind == "response" and (method := method_of(m))), "")


def sent_after(dialog: Dialog, message: DecodedMessage, method: str) -> bool:
    """Was the request sent again after this response (with credentials, say)?"""
    later = dialog.messages[dialog.messages.index(message) + 1:]
    return any(m.message.kind == "request" and m.message.method == method for m in later)
