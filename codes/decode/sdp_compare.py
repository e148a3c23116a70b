"""An answer read against its offer (RFC 3264 §6): one answered stream per offered stream, a codec in
common on each, the same profile, a direction that fits, and what else differs (ptime, ICE). Also
the failure responses that refuse an offer outright, and what they relate to."""

from .findings import SdpFinding
from .reader import Message
from .reference import Reference
from .sdp_body import Media, SessionDescription
from .sdp_checks import cite, relate, rfc, voice
from .wording import say

# RFC 3264 §6.1: the directions an answer may give a stream offered with each direction.
ANSWERABLE = {
    "sendonly": ("recvonly", "inactive"),
    "recvonly": ("sendonly", "inactive"),
    "inactive": ("inactive",),
}
REFUSALS = (488, 606)


def compare(offer: SessionDescription, answer: SessionDescription, finding: SdpFinding, ref: Reference) -> None:
    if len(offer.media) != len(answer.media):
        finding.notes.append(say("sdp.mline_count", offered=len(offer.media), answered=len(answer.media)))
        cite(finding, rfc(ref, "3264", "6"))
    for number, (offered, answered) in enumerate(zip(offer.media, answer.media), start=1):
        if offered.kind != answered.kind:
            finding.notes.append(say("sdp.media_kind", number=number, offered=offered.kind, answered=answered.kind))
            cite(finding, rfc(ref, "3264", "6.1"))
        elif not (offered.rejected or answered.rejected):
            compare_stream(offered, answered, finding, ref)
    if answer.media and all(media.rejected for media in answer.media):
        finding.notes.append(say("sdp.all_refused"))
        cite(finding, rfc(ref, "3261", "13.3.1.3"))
        relate(finding, ref, 488)


def compare_stream(offered: Media, answered: Media, finding: SdpFinding, ref: Reference) -> None:
    compare_codecs(offered, answered, finding, ref)
    if offered.profile.upper() != answered.profile.upper():
        finding.mismatch = True
        finding.notes.append(say("sdp.profile_mismatch", media=offered.kind, offered=offered.profile,
                                 answered=answered.profile))
        cite(finding, rfc(ref, "3264", "6"), rfc(ref, "3261", "13.3.1.3"))
        relate(finding, ref, 488)
    if offered.direction in ANSWERABLE and answered.direction not in ANSWERABLE[offered.direction]:
        finding.notes.append(say("sdp.direction_answer", media=offered.kind, offered=offered.direction,
                                 allowed=" or ".join(ANSWERABLE[offered.direction]), answered=answered.direction))
        cite(finding, rfc(ref, "3264", "6.1"))
    if offered.ptime and answered.ptime and offered.ptime != answered.ptime:
        finding.notes.append(say("sdp.ptime_differs", media=offered.kind, offered=offered.ptime,
                                 answered=answered.ptime))
        cite(finding, rfc(ref, "3264", "6.1"), rfc(ref, "8866", "6.4"))
    compare_ice(offered, answered, finding, ref)


def compare_codecs(offered: Media, answered: Media, finding: SdpFinding, ref: Reference) -> None:
    offered_keys = {codec.key for codec in offered.codecs}
    common = [codec for codec in answered.codecs if codec.key in offered_keys]
    extra = [codec for codec in answered.codecs if codec.key not in offered_keys]
    labels = {"media": offered.kind, "offered": names(offered.codecs), "answered": names(answered.codecs)}
    if not common or (voice(offered) and not voice(Media("", 0, "", [], codecs=common))):
        finding.mismatch = True
        finding.notes.append(say("sdp.no_common_codec" if not common else "sdp.only_dtmf_common", **labels))
        cite(finding, rfc(ref, "3264", "6.1"), rfc(ref, "3261", "13.3.1.3"))
        relate(finding, ref, *REFUSALS)
    elif extra:
        finding.notes.append(say("sdp.extra_codecs", media=offered.kind, extra=names(extra)))
        cite(finding, rfc(ref, "3264", "6.1"))


def compare_ice(offered: Media, answered: Media, finding: SdpFinding, ref: Reference) -> None:
    if offered.ice and not answered.ice:
        finding.notes.append(say("sdp.ice_offer_only", candidates=offered.candidates))
    elif answered.ice and not offered.ice:
        finding.notes.append(say("sdp.ice_answer_only", candidates=answered.candidates))
    else:
        return
    cite(finding, rfc(ref, "8839"), rfc(ref, "8445"))


def names(codecs: list) -> str:
    return ", ".join(codec.label() for codec in codecs) or "nothing"


def refused(offer: SdpFinding, request: Message, response: Message, ref: Reference) -> None:
    """A failure response to the request that carried the offer: 488 or 606 refuse the session, 415 the body."""
    code = response.code
    status = f"{code} {response.phrase}".strip()
    if code in REFUSALS:
        offer.notes.append(say("sdp.refused", status=status, line=response.line))
        cite(offer, rfc(ref, "3261", "13.3.1.3"))
        relate(offer, ref, code)
    elif code == 415:
        content_type = request.header("Content-Type")
        accept = ", ".join(header.value for header in response.all("Accept"))
        offer.notes.append(say("sdp.refused_type", line=response.line,
                               content_type=content_type.value.split(";")[0] if content_type else "?",
                               accepts=say("sdp.accepts", accept=accept) if accept else ""))
        cite(offer, rfc(ref, "3261", "21.4.13"), rfc(ref, "3261", "8.1.3.5"))
        relate(offer, ref, 415)


def capabilities(finding: SdpFinding, offer: SessionDescription | None, session: SessionDescription,
                 code: int, ref: Reference) -> None:
    """SDP in a 488 or 606: what the far end can do (RFC 3261 §21.4.26), read against what was offered."""
    supported = [codec for media in session.media for codec in media.codecs]
    finding.notes.append(say("sdp.capabilities", status=code, supported=names(supported)))
    cite(finding, rfc(ref, "3261", "21.4.26" if code == 488 else "21.6.4"))
    relate(finding, ref, code)
    offered = [codec for media in (offer.media if offer else []) for codec in media.codecs]
    if offered and not {codec.key for codec in offered} & {codec.key for codec in supported}:
        finding.mismatch = True
        finding.notes.append(say("sdp.capabilities_no_overlap", offered=names(offered)))
