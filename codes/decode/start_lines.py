"""A message's first line: the request it makes, or the status it answers with, read against
the method it answers (the CSeq) and against the registry's reason phrase."""

from ..models import Context, Status, fallback_code
from .findings import RequestFinding, StatusFinding
from .reader import Message
from .reference import Reference
from .wording import say

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


def request_finding(message: Message, ref: Reference) -> RequestFinding:
    method = ref.methods.get(message.method)
    finding = RequestFinding(line=message.line, method=message.method, uri=message.uri,
                             summary=method.summary if method else "")
    if not method and message.method.upper() in ref.methods:
        finding.notes.append(say("request.lowercase_method", method=message.method, upper=message.method.upper()))
        finding.cites.append(ref.cite("rfc3261", "25.1"))
    elif not method:
        finding.notes.append(say("request.unknown_method", method=message.method))
    return finding


def status_finding(message: Message, code: int, phrase: str, cseq: str, ref: Reference) -> StatusFinding:
    response_code = ref.codes.get(code)
    klass = ref.classes.get(code // 100) if 100 <= code <= 699 else None
    finding = StatusFinding(line=message.line, code=code, phrase=phrase, response_code=response_code,
                            response_class=klass, cseq_method=cseq,
                            reported_by=message.report.tool if message.report else "")
    if not finding.valid:
        finding.notes.append(say("status.not_a_status", code=code))
        finding.cites.append(ref.cite("rfc3261", "7.2"))
        return finding
    if response_code is None:
        finding.fallback = ref.codes.get(fallback_code(code))
        finding.notes.append(say("status.unregistered", code=code, fallback=fallback_code(code)))
        finding.cites.append(ref.cite("rfc3261", "8.1.3.2"))
        return finding
    judge_phrase(finding, ref)
    if response_code.status != Status.STANDARD:
        finding.notes.append(say("status.not_standard", code=code, status=response_code.get_status_display().lower()))
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
        finding.phrase_note = say("status.no_phrase")
    elif sent == " ".join(code.reason_phrase.split()).casefold():
        return
    elif alias := next((a for a in code.aliases.all() if " ".join(a.phrase.split()).casefold() == sent), None):
        finding.phrase_note = say("status.alias", note=alias.note)
    else:
        finding.phrase_standard = False
        finding.phrase_note = say("status.own_phrase", registered=code.reason_phrase, code=code.code)
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
    finding.notes.insert(0, say("status.in_sipfrag"))
    finding.cites.append(ref.cite("rfc3515", "2.4.5"))
    return finding
