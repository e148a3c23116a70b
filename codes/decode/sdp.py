"""SDP bodies in a paste read as offers and answers (RFC 3264), call by call: what each one
proposes, what an answer changes, and the failure codes (415, 488, 606) they help explain.

Within one Call-ID an INVITE, UPDATE or PRACK with a body makes an offer, and a 1xx or 2xx to that
request answers it. When the INVITE has no body, the offer comes in the 200 (or a reliable 18x)
and the answer in the ACK (or the PRACK): RFC 3261 §13.2.1 and RFC 6337 §2. A re-INVITE or UPDATE
with a body is a new offer. 380 is left out on purpose: RFC 3261 §21.3.5 leaves the format of its
body undefined, and in practice it carries 3GPP XML for emergency calls, never SDP.
"""

from dataclasses import dataclass

from .findings import Finding, SdpFinding
from .reader import Message
from .reference import Reference
from .sdp_body import SessionDescription, parse, sdp_lines
from .sdp_checks import check_hold, check_session, cite, rfc
from .sdp_compare import capabilities, compare, refused
from .wording import say


@dataclass
class Offer:
    message: Message
    session: SessionDescription
    finding: SdpFinding


def sdp_findings(messages: list[Message], ref: Reference) -> dict[int, list[Finding]]:
    """The SDP findings to append to each message, by the message's index in `messages`."""
    found: dict[int, list[Finding]] = {}
    for call in calls(messages):
        found.update(call_findings(call, ref))
    return found


def calls(messages: list[Message]) -> list[list[tuple[int, Message]]]:
    """The messages grouped by Call-ID, in paste order; a paste without Call-IDs is one call."""
    grouped: dict[str, list[tuple[int, Message]]] = {}
    for index, message in enumerate(messages):
        call_id = message.header("Call-ID")
        grouped.setdefault(call_id.value.strip() if call_id else "", []).append((index, message))
    return list(grouped.values())


def call_findings(call: list[tuple[int, Message]], ref: Reference) -> dict[int, list[Finding]]:
    found: dict[int, list[Finding]] = {}
    offer: Offer | None = None
    bodiless: set[str] = set()  # the CSeqs of requests sent without SDP: their 2xx carries an offer
    earlier: list[SessionDescription] = []
    for index, message in call:
        lines = sdp_lines(message) if message.kind in ("request", "response") else None
        note_refusal_or_request(message, lines, offer, bodiless, ref)
        if lines is None:
            continue
        session = parse(lines)
        finding = SdpFinding(line=body_line(message), role=role_of(message, offer, bodiless), media=session.media)
        check_session(finding, session, message, ref)
        check_hold(finding, session, [offer.session] if finding.role == "answer" else earlier, ref)
        earlier.append(session)
        if finding.role == "answer":
            pair(offer, finding, session, ref)
        elif finding.role == "offer":
            if message.kind == "response":
                finding.notes.insert(0, say("sdp.late_offer"))
                cite(finding, rfc(ref, "3261", "13.2.1"))
            offer = Offer(message, session, finding)
        elif message.kind == "response" and message.code >= 300:
            asked = offer.session if offer and same_transaction(offer.message, message) else None
            capabilities(finding, asked, session, message.code, ref)
        else:
            unpaired = "sdp.unpaired_ack" if message.kind == "request" else "sdp.unpaired_response"
            finding.notes.insert(0, say(unpaired))
        found[index] = [finding]
    return found


def note_refusal_or_request(message: Message, lines: list[str] | None, offer: Offer | None, bodiless: set[str],
                            ref: Reference) -> None:
    if message.kind == "request" and lines is None and (key := cseq(message)):
        bodiless.add(key)
    elif (message.kind == "response" and offer and offer.message.kind == "request" and message.code is not None
          and same_transaction(offer.message, message)):
        refused(offer.finding, offer.message, message, ref)


def role_of(message: Message, offer: Offer | None, bodiless: set[str]) -> str:
    offer_in_response = offer is not None and offer.message.kind == "response"
    if message.kind == "request":
        if message.method.upper() in ("ACK", "PRACK"):
            return "answer" if offer_in_response else ("offer" if message.method.upper() == "PRACK" else "unpaired")
        return "offer"
    if message.code is None or message.code >= 300:
        return "unpaired"  # failure responses carry no answer (RFC 3261 §13.2.1), at most what the far end supports
    if offer and not offer_in_response and same_transaction(offer.message, message):
        return "answer"
    if cseq(message) in bodiless or (offer_in_response and same_transaction(offer.message, message)):
        return "offer"
    return "unpaired"


def pair(offer: Offer, finding: SdpFinding, session: SessionDescription, ref: Reference) -> None:
    finding.paired_with = offer.finding.line
    offer.finding.paired_with = offer.finding.paired_with or finding.line
    compare(offer.session, session, finding, ref)


def cseq(message: Message) -> str:
    header = message.header("CSeq")
    return " ".join(header.value.split()).upper() if header else ""


def same_transaction(request: Message, response: Message) -> bool:
    """Same CSeq, or no CSeq on one side to tell them apart (a bare paste)."""
    return not cseq(request) or not cseq(response) or cseq(request) == cseq(response)


def body_line(message: Message) -> int:
    """The paste line where the body starts: one blank line after the last header."""
    return max(header.line for header in message.headers) + 2 if message.headers else message.line + 1
