"""Turning the messages of a paste into findings: each start line, Reason, Warning,
Retry-After and Server/User-Agent, explained from sipref's content, with the checks to run
next and a flag wherever a Reason disagrees with its status line or with RFC 3398."""

from ..models import Context, Status, fallback_code
from ..models.mapping import CAUSES_WITHOUT_STATUS
from . import agents, freeswitch, values
from .findings import (
    AgentFinding,
    Finding,
    HangupCauseFinding,
    ReasonFinding,
    RequestFinding,
    RetryAfterFinding,
    StatusFinding,
    WarningFinding,
)
from .reader import Message
from .reference import Reference

# Which troubleshooting notes fit a response, by the method it answers.
CONTEXTS = {
    "REGISTER": [Context.REGISTRATION],
    "INVITE": [Context.CALL_SETUP, Context.TRUNK],
    "OPTIONS": [Context.TRUNK],
    "BYE": [Context.MID_CALL],
    "UPDATE": [Context.MID_CALL],
    "INFO": [Context.MID_CALL],
    "REFER": [Context.MID_CALL],
    "PRACK": [Context.CALL_SETUP],
    "SUBSCRIBE": [Context.SUBSCRIPTION],
    "NOTIFY": [Context.SUBSCRIPTION],
    "PUBLISH": [Context.SUBSCRIPTION],
}
# RFC 8606 §4: where the release happened, as Q.850 names the locations.
LOCATIONS = {
    "U": "the user: the called party's own equipment released the call",
    "LPN": "the private network serving the local user",
    "LN": "the public network serving the local user",
    "TN": "a transit network",
    "RLN": "the public network serving the remote user",
    "RPN": "the private network serving the remote user",
    "INTL": "an international network",
    "BI": "a network beyond the interworking point",
}
# RFC 3261 §20.33: the responses Retry-After is defined for, and what it says with them.
SERVICE_BACK = {500, 503}
CALLEE_BACK = {404, 413, 480, 486, 600, 603}


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
        found.append(hangup_finding(message, ref))
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


def request_finding(message: Message, ref: Reference) -> RequestFinding:
    method = ref.methods.get(message.method)
    finding = RequestFinding(line=message.line, method=message.method, uri=message.uri,
                             summary=method.summary if method else "")
    if not method and message.method.upper() in ref.methods:
        finding.notes.append(f"The grammar spells {message.method.upper()} in capitals, octet by octet, so "
                             f"“{message.method}” is an unknown extension method, not {message.method.upper()}; "
                             "a server that does not support it answers 405 or 501.")
        finding.cites.append(ref.cite("rfc3261", "25.1"))
    elif not method:
        finding.notes.append(f"{message.method} is not one of the methods sipref describes: an extension, "
                             "or a typing error. A server that does not support it answers 405 or 501.")
    return finding


def status_finding(message: Message, code: int, phrase: str, cseq: str, ref: Reference) -> StatusFinding:
    response_code = ref.codes.get(code)
    klass = ref.classes.get(code // 100) if 100 <= code <= 699 else None
    finding = StatusFinding(line=message.line, code=code, phrase=phrase, response_code=response_code,
                            response_class=klass, cseq_method=cseq,
                            reported_by=message.report.tool if message.report else "")
    if not finding.valid:
        finding.notes.append(f"{code} is not a SIP status code: they are three digits, from 100 to 699.")
        finding.cites.append(ref.cite("rfc3261", "7.2"))
        return finding
    if response_code is None:
        finding.fallback = ref.codes.get(fallback_code(code))
        finding.notes.append(f"{code} is not in the IANA registry. A client that does not know a code treats it "
                             f"as {fallback_code(code)}, the first code of its class.")
        finding.cites.append(ref.cite("rfc3261", "8.1.3.2"))
        return finding
    judge_phrase(finding, ref)
    if response_code.status != Status.STANDARD:
        finding.notes.append(f"The registry marks {code} {response_code.get_status_display().lower()}.")
    if cseq:
        meanings = {cm.method.name: cm.meaning for cm in response_code.code_methods.all()}
        finding.in_context = meanings.get(cseq, "")
    if code >= 300:
        finding.note = best_note(response_code, cseq)
    return finding


def judge_phrase(finding: StatusFinding, ref: Reference) -> None:
    """Is the reason phrase the registry's, one seen in the wild, or the sender's own?"""
    code = finding.response_code
    sent = " ".join(finding.phrase.split()).casefold()
    if not sent and finding.reported_by:
        return  # the log line named the code only; the phrase was never in front of us
    if not sent:
        finding.phrase_note = "No reason phrase was sent. That is allowed: the phrase may be empty."
    elif sent == " ".join(code.reason_phrase.split()).casefold():
        return
    elif alias := next((a for a in code.aliases.all() if " ".join(a.phrase.split()).casefold() == sent), None):
        finding.phrase_note = f"Not the registry's phrase, but one seen in the wild: {alias.note}"
    else:
        finding.phrase_standard = False
        finding.phrase_note = (
            f"Not the registry's phrase (“{code.reason_phrase}”). Equipment acts on the code alone and the phrase "
            "is for people, so this is still a {code}; senders often put their own reason here, so read it as a hint."
        ).replace("{code}", str(code.code))
        finding.cites.append(ref.cite("rfc3261", "7.2"))


def best_note(code, cseq: str):
    """The troubleshooting note that best fits the method answered: its context first, then any."""
    preferred = CONTEXTS.get(cseq, [])
    notes = list(code.notes.all())
    ranked = sorted(notes, key=lambda n: (n.context not in preferred, n.context != Context.ANY, n.position))
    return ranked[0] if ranked else None


def sipfrag_finding(message: Message, ref: Reference) -> StatusFinding:
    frag = message.sipfrag
    finding = status_finding(frag, frag.code, frag.phrase, "", ref)
    finding.in_sipfrag = True
    finding.notes.insert(0, "Carried in the body of this message (message/sipfrag): the progress of a transfer, "
                            "as the transfer target answered it.")
    finding.cites.append(ref.cite("rfc3515", "2.4.5"))
    return finding


def reason_finding(value: values.ReasonValue, line: int, message: Message, protocols: set, ref: Reference) -> ReasonFinding:
    finding = ReasonFinding(line=line, value=value, cites=[ref.cite("rfc3326", "2")])
    protocol = value.protocol.upper()
    if protocol in protocols and (value.is_sip or value.is_q850):
        finding.notes.append(f"A second {value.protocol} value in one message. Several values of one protocol "
                             "are allowed only where that protocol defines what they mean together, and SIP and "
                             "Q.850 do not: which one a receiver acts on is anyone's guess.")
        finding.cites.append(ref.cite("rfc9366", "3"))
    protocols.add(protocol)
    if value.cause is None:
        finding.notes.append("The cause is missing or not a number (it should read ;cause=17, for example).")
    elif value.is_q850:
        explain_q850(finding, value.cause, message, ref)
    elif value.is_sip:
        explain_sip_reason(finding, value.cause, message, ref)
    else:
        finding.notes.append(f"sipref explains SIP and Q.850 Reason values; “{value.protocol}” is another protocol, "
                             "so its cause is shown as sent.")
    explain_location(finding, value, ref)
    return finding


def explain_q850(finding: ReasonFinding, cause: int, message: Message, ref: Reference) -> None:
    if cause > 127:
        finding.notes.append(f"{cause} is not a Q.850 cause: they run from 0 to 127.")
        return
    if q850 := ref.causes.get(cause):
        finding.name, finding.url, finding.meaning = q850.name, q850.get_absolute_url(), q850.description
    status = message.code if message.kind == "response" else None
    if status == 100:
        finding.notes.append("A 100 Trying should not carry a Q.850 Reason.")
        finding.cites.append(ref.cite("rfc6432", "3"))
    elif status is not None and 400 <= status <= 699:
        judge_pairing(finding, cause, status, ref)


def judge_pairing(finding: ReasonFinding, cause: int, status: int, ref: Reference) -> None:
    """Does RFC 3398, in either direction, pair this cause with this response?"""
    iw = ref.interworking
    statuses, causes = iw.rfc_statuses(cause), iw.rfc_causes(status)
    finding.cites += [ref.cite("rfc3398", "7.2.4.1"), ref.cite("rfc3398", "8.2.6.1")]
    if cause == 16 and status == 487:
        finding.meaning += " Cause 16 ends a call that is still ringing with a CANCEL, and the INVITE then gets 487."
        return
    if status in statuses or cause in causes:
        return
    finding.conflict = True
    first = f"RFC 3398 {CAUSES_WITHOUT_STATUS.get(cause) or f'turns cause {cause} into {or_list(statuses)}'}"
    back = f"turns {status} into cause {or_list(causes)}" if causes else f"gives {status} no cause at all"
    finding.explanation = f"The status line says {status} but the Reason says Q.850 cause {cause}. {first}, and {back}."
    if stacks := iw.stacks_pairing(cause, status):
        names = " and ".join(source.name for source in stacks)
        finding.explanation += f" {names} pair{'s' if len(stacks) == 1 else ''} them this way, so the sender may follow its own table."
    else:
        finding.explanation += " The code the caller acted on and the cause the network reported tell different stories: trust the status line for what happened to the request, and the cause for why the far network refused it."


def explain_sip_reason(finding: ReasonFinding, cause: int, message: Message, ref: Reference) -> None:
    code = ref.codes.get(cause)
    if code:
        finding.name, finding.url, finding.meaning = code.reason_phrase, code.get_absolute_url(), code.summary
    elif not 100 <= cause <= 699:
        finding.notes.append(f"{cause} is not a SIP status code.")
    if message.kind == "request" and message.method == "CANCEL" and cause == 200:
        finding.meaning = ("The call was answered on another phone or branch (a ring group or a forked call), so "
                           "this one stops ringing. Phones use this to avoid showing a missed call.")
        finding.cites.append(ref.cite("rfc3326", "3.1"))
    status = message.code if message.kind == "response" else None
    if status is not None and status != cause:
        finding.conflict = True
        finding.explanation = (
            f"The status line says {status} but the Reason says SIP {cause}. The Reason usually carries an answer "
            f"from further along the path, which a proxy or SBC replaced with {status}. Clients act on the status "
            "line and may ignore the Reason."
        )


def explain_location(finding: ReasonFinding, value: values.ReasonValue, ref: Reference) -> None:
    location = value.location
    if not location:
        return
    finding.cites.append(ref.cite("rfc8606", "4"))
    if not value.is_q850:
        finding.notes.append("The location parameter belongs to Q.850 values only; receivers ignore it here.")
    elif meaning := LOCATIONS.get(location.upper()):
        finding.location_meaning = f"Released by {meaning}."
    elif location.upper().startswith("LOC-"):
        finding.location_meaning = "A location Q.850 leaves spare or reserves for national use."
    else:
        finding.notes.append(f"“{location}” is not one of the location values (U, LPN, LN, TN, RLN, RPN, INTL, BI, LOC-n).")


def warning_finding(value: values.WarningValue, line: int, ref: Reference) -> WarningFinding:
    finding = WarningFinding(line=line, value=value, warning=ref.warnings.get(value.code),
                             cites=[ref.cite("rfc3261", "20.43")])
    if value.code is None:
        finding.notes.append(f"“{value.code_text}” is not a warn-code: a Warning starts with three digits.")
    elif finding.warning is None:
        finding.notes.append(f"{value.code} is not a registered warn-code; the text is all there is to go on.")
    if not value.text:
        finding.notes.append("No warn-text in quotes after the warn-agent.")
    return finding


def retry_after_finding(raw: str, line: int, message: Message, ref: Reference) -> RetryAfterFinding:
    value = values.retry_after(raw)
    finding = RetryAfterFinding(line=line, value=value, cites=[ref.cite("rfc3261", "20.33")])
    if value.seconds is None:
        finding.notes.append("Not a number of seconds, so it cannot be acted on.")
        return finding
    wait = duration(value.seconds)
    status = message.code if message.kind == "response" else None
    if status in SERVICE_BACK:
        finding.meaning = (f"The server expects to be back in {wait}. Do not send it new requests before then; "
                           "a PBX with another route or server should use that meanwhile.")
    elif status in CALLEE_BACK:
        finding.meaning = f"The called party expects to be reachable again in {wait}."
    else:
        finding.meaning = f"Try again in {wait}."
        if status is not None:
            finding.notes.append(f"RFC 3261 defines Retry-After for 404, 413, 480, 486, 500, 503, 600 and 603, not for {status}.")
    if value.seconds == 0 and status in SERVICE_BACK:
        finding.meaning = "0 seconds: the server may be tried again at once."
    if value.duration:
        finding.meaning += f" Then reachable for {duration(value.duration)}."
    return finding


def agent_finding(header: str, value: str, line: int, message: Message) -> AgentFinding:
    product, role = agents.identify(value)
    finding = AgentFinding(line=line, header=header, value=value, product=product, role=role)
    if header == "Server" and message.kind == "request":
        finding.notes.append("Server belongs in responses; requests name their sender in User-Agent.")
    return finding


def hangup_finding(message: Message, ref: Reference) -> HangupCauseFinding:
    name = message.report.hangup_cause
    number = freeswitch.HANGUP_CAUSES.get(name)
    finding = HangupCauseFinding(line=message.line, tool=message.report.tool, name=name, cause=number)
    if number is None:
        finding.notes.append(f"{name} is not one of FreeSWITCH's hangup causes.")
    elif number > freeswitch.Q850_LIMIT:
        finding.notes.append(f"FreeSWITCH's own cause {number}, not a Q.850 value: it describes what happened "
                             "inside FreeSWITCH rather than what the network said.")
    else:
        finding.q850 = ref.causes.get(number)
    return finding


def or_list(numbers: set[int]) -> str:
    ordered = [str(n) for n in sorted(numbers)]
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " or " + ordered[-1]


def duration(seconds: int) -> str:
    """120 → "2 minutes"; in the largest unit that divides it, or seconds."""
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
