"""Reason header values (RFC 3326): the cause each carries, where the call was released
(RFC 8606), and whether it agrees with the status line, directly for SIP causes or through
RFC 3398's mapping tables in both directions for Q.850 causes."""

from .findings import ReasonFinding
from .reader import Message
from .reference import Reference
from .values import ReasonValue
from .wording import WORDING, or_list, say

LOCATIONS = WORDING["location"]
WITHOUT_STATUS = WORDING["reason"]["without_status"]


def reason_finding(value: ReasonValue, line: int, message: Message, protocols: set, ref: Reference) -> ReasonFinding:
    finding = ReasonFinding(line=line, value=value, cites=[ref.cite("rfc3326", "2")])
    protocol = value.protocol.upper()
    if protocol in protocols and (value.is_sip or value.is_q850):
        finding.notes.append(say("reason.repeated_protocol", protocol=value.protocol))
        finding.cites.append(ref.cite("rfc9366", "3"))
    protocols.add(protocol)
    if value.cause is None:
        finding.notes.append(say("reason.no_cause"))
    elif value.is_q850:
        explain_q850(finding, value.cause, message, ref)
    elif value.is_sip:
        explain_sip_reason(finding, value.cause, message, ref)
    else:
        finding.notes.append(say("reason.other_protocol", protocol=value.protocol))
    explain_location(finding, value, ref)
    return finding


def explain_q850(finding: ReasonFinding, cause: int, message: Message, ref: Reference) -> None:
    if cause > 127:
        finding.notes.append(say("reason.not_q850", cause=cause))
        return
    if q850 := ref.causes.get(cause):
        finding.name, finding.url, finding.meaning = q850.name, q850.get_absolute_url(), q850.description
    status = message.code if message.kind == "response" else None
    if status == 100:
        finding.notes.append(say("reason.q850_on_100"))
        finding.cites.append(ref.cite("rfc6432", "3"))
    elif status is not None and 400 <= status <= 699:
        judge_pairing(finding, cause, status, ref)


def judge_pairing(finding: ReasonFinding, cause: int, status: int, ref: Reference) -> None:
    """Does RFC 3398, in either direction, pair this cause with this response?"""
    iw = ref.interworking
    statuses, causes = iw.rfc_statuses(cause), iw.rfc_causes(status)
    finding.cites += [ref.cite("rfc3398", "7.2.4.1"), ref.cite("rfc3398", "8.2.6.1")]
    if cause == 16 and status == 487:
        finding.meaning += say("reason.cancel_after_16")
        return
    if status in statuses or cause in causes:
        return
    finding.conflict = True
    forward = WITHOUT_STATUS.get(str(cause)) or say("reason.rfc3398_maps", cause=cause, statuses=or_list(statuses))
    back = (say("reason.rfc3398_maps_back", status=status, causes=or_list(causes)) if causes
            else say("reason.rfc3398_maps_back_to_nothing", status=status))
    finding.explanation = say("reason.q850_conflict", status=status, cause=cause, forward=forward, back=back)
    if stacks := iw.stacks_pairing(cause, status):
        names = " and ".join(source.name for source in stacks)
        finding.explanation += say("reason.stacks_pair_them_one" if len(stacks) == 1 else "reason.stacks_pair_them_many",
                                   names=names)
    else:
        finding.explanation += say("reason.stories_differ")


def explain_sip_reason(finding: ReasonFinding, cause: int, message: Message, ref: Reference) -> None:
    code = ref.codes.get(cause)
    if code:
        finding.name, finding.url, finding.meaning = code.reason_phrase, code.get_absolute_url(), code.summary
    elif not 100 <= cause <= 699:
        finding.notes.append(say("reason.not_sip_status", cause=cause))
    if message.kind == "request" and message.method == "CANCEL" and cause == 200:
        finding.meaning = say("reason.answered_elsewhere")
        finding.cites.append(ref.cite("rfc3326", "3.1"))
    status = message.code if message.kind == "response" else None
    if status is not None and status != cause:
        finding.conflict = True
        finding.explanation = say("reason.sip_conflict", status=status, cause=cause)


def explain_location(finding: ReasonFinding, value: ReasonValue, ref: Reference) -> None:
    location = value.location
    if not location:
        return
    finding.cites.append(ref.cite("rfc8606", "4"))
    if not value.is_q850:
        finding.notes.append(say("reason.location_not_q850"))
    elif meaning := LOCATIONS.get(location.upper()):
        finding.location_meaning = say("reason.location", meaning=meaning)
    elif location.upper().startswith("LOC-"):
        finding.location_meaning = say("reason.location_spare")
    else:
        finding.notes.append(say("reason.location_unknown", location=location))
