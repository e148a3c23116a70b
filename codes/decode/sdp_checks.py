"""What one SDP body says on its own: its codecs, the keys its profile needs, the direction of each
stream (hold), refused streams, and a media address that cannot be reached (the one-way audio hint)."""

from . import sdp_addresses as addresses
from .findings import Cite, SdpFinding
from .reader import Message
from .reference import Reference
from .sdp_body import DTMF, DYNAMIC, Media, SessionDescription
from .wording import say

ASTERISK_NAT = (
    "Asterisk: res_pjsip through NAT",
    "https://docs.asterisk.org/Configuration/Channel-Drivers/SIP/Configuring-res_pjsip/Configuring-res_pjsip-to-work-through-NAT/",
)
FUSIONPBX_NAT = (
    "FusionPBX (FreeSWITCH): NAT",
    "https://github.com/fusionpbx/fusionpbx-docs/blob/master/source/additional_information/nat.rst",
)
RANGE_WORDS = {
    "private": "sdp.range_private", "shared": "sdp.range_shared", "link_local": "sdp.range_link_local",
    "loopback": "sdp.range_loopback", "unique_local": "sdp.range_unique_local", "link_local6": "sdp.range_link_local6",
}
DIRECTION_WORDS = {"sendonly": "sdp.sendonly", "recvonly": "sdp.recvonly", "inactive": "sdp.inactive"}


def rfc(ref: Reference, number: str, section: str = "") -> Cite:
    """A citation of an RFC, linked to the RFC Editor's page whether or not sipref lists it as a source."""
    if f"rfc{number}" in ref.sources:
        return ref.cite(f"rfc{number}", section)
    anchor = f"#{'appendix' if section[:1].isalpha() else 'section'}-{section}" if section else ""
    return (f"RFC {number} §{section}" if section else f"RFC {number}"), f"https://www.rfc-editor.org/rfc/rfc{number}.html{anchor}"


def relate(finding: SdpFinding, ref: Reference, *codes: int) -> None:
    for code in codes:
        finding.related[code] = ref.codes.get(code)


def cite(finding: SdpFinding, *cites: Cite) -> None:
    finding.cites += [c for c in cites if c not in finding.cites]


def check_session(finding: SdpFinding, session: SessionDescription, message: Message, ref: Reference) -> None:
    finding.notes += session.problems
    if session.problems:
        cite(finding, rfc(ref, "8866", "5"))
    for media in session.media:
        if media.rejected:
            port_zero(finding, media, ref)
            continue
        check_codecs(finding, media, ref)
        check_keys(finding, media, ref)
        check_direction(finding, media, ref)
    check_addresses(finding, session, message, ref)


def port_zero(finding: SdpFinding, media: Media, ref: Reference) -> None:
    if finding.role == "answer":
        finding.notes.append(say("sdp.port_zero_answer", media=media.kind))
        cite(finding, rfc(ref, "3264", "6"))
    else:
        finding.notes.append(say("sdp.port_zero_offer", media=media.kind))
        cite(finding, rfc(ref, "3264", "8.2"))


def check_codecs(finding: SdpFinding, media: Media, ref: Reference) -> None:
    unnamed = [codec.payload for codec in media.codecs if not codec.name and codec.payload is not None]
    dynamic = [payload for payload in unnamed if payload in DYNAMIC]
    if dynamic:
        note = say("sdp.no_rtpmap", payloads=", ".join(map(str, dynamic)))
        finding.notes.append(note + (say("sdp.no_rtpmap_101") if 101 in dynamic else ""))
        cite(finding, rfc(ref, "8866", "6.6"))
    if others := [payload for payload in unnamed if payload not in DYNAMIC]:
        finding.notes.append(say("sdp.unassigned_payload", payloads=", ".join(map(str, others))))
        cite(finding, rfc(ref, "3551", "6"))
    if (events := [codec for codec in media.codecs if codec.dtmf]) and finding.role != "answer":
        payloads = [f"{codec.payload} ({codec.rate} Hz)" if codec.rate else str(codec.payload) for codec in events]
        finding.notes.append(say("sdp.dtmf", payloads=" and ".join(payloads)))
        cite(finding, rfc(ref, "4733"))


def check_keys(finding: SdpFinding, media: Media, ref: Reference) -> None:
    """SRTP needs keys: a=crypto for SDES (RFC 4568), a=fingerprint for DTLS-SRTP (RFC 5763, RFC 5764)."""
    profile = media.profile.upper()
    if "SAVP" not in profile:
        return
    dtls_profile = profile.startswith(("UDP/TLS/", "TCP/DTLS/", "TCP/TLS/"))
    if dtls_profile and not media.fingerprint:
        finding.notes.append(say("sdp.dtls_without_fingerprint", media=media.kind, profile=media.profile))
        cite(finding, rfc(ref, "5763", "5"), rfc(ref, "5764", "8"))
    elif not dtls_profile and media.fingerprint and not media.crypto:
        finding.notes.append(say("sdp.dtls_under_savp", media=media.kind, profile=media.profile))
        cite(finding, rfc(ref, "5764", "8"), rfc(ref, "4568"))
    elif not dtls_profile and not media.crypto:
        finding.notes.append(say("sdp.savp_without_keys", media=media.kind, profile=media.profile))
        cite(finding, rfc(ref, "4568"))
    else:
        return
    relate(finding, ref, 488)


def check_direction(finding: SdpFinding, media: Media, ref: Reference) -> None:
    key = DIRECTION_WORDS.get(media.direction)
    if key and (note := say(key, media=media.kind)) not in finding.notes:
        finding.notes.append(note)
        cite(finding, rfc(ref, "3264", "8.4"), rfc(ref, "6337"))
    if media.connection == addresses.UNSPECIFIED:
        if (note := say("sdp.zero_address")) not in finding.notes:
            finding.notes.append(note)
            cite(finding, rfc(ref, "3264", "8.4"))
        finding.hold = True


def check_hold(finding: SdpFinding, session: SessionDescription, before: list[SessionDescription],
               ref: Reference) -> None:
    """Hold is a two-way stream turned sendonly or inactive (RFC 3264 §8.4): compare with the SDP that came before."""
    for number, media in enumerate(session.media):
        if media.rejected or media.direction not in ("sendonly", "inactive"):
            continue
        earlier = [s.media[number] for s in before if len(s.media) > number]
        if any(m.direction == "sendrecv" and not m.rejected for m in earlier):
            finding.hold = True
            finding.notes.append(say("sdp.hold", media=media.kind))
            cite(finding, rfc(ref, "3264", "8.4"))
            return


def check_addresses(finding: SdpFinding, session: SessionDescription, message: Message, ref: Reference) -> None:
    if any(not media.rejected and not media.connection for media in session.media):
        finding.notes.append(say("sdp.no_connection"))
        cite(finding, rfc(ref, "8866", "5.7"))
    live = {media.connection for media in session.media if not media.rejected and media.connection}
    for address in sorted(live - {addresses.UNSPECIFIED}):
        if addresses.ip(address) is None and addresses.looks_masked(address):
            finding.notes.append(say("sdp.masked_address", address=address))
        elif addresses.ip(address) is None and not addresses.host_name(address):
            finding.notes.append(say("sdp.not_an_address", address=address))
            cite(finding, rfc(ref, "8866", "5.7"))
    signalling = addresses.signalling_host(message)
    if not addresses.public(signalling):
        return
    for address in sorted(live):
        if inside := addresses.inside_range(address):
            nat_hint(finding, address, signalling, inside, ref)
            return


def nat_hint(finding: SdpFinding, address: str, signalling: str, inside: tuple, ref: Reference) -> None:
    kind, number, section = inside
    finding.nat_hint = True
    finding.notes.append(say("sdp.nat_hint", address=address, range=say(RANGE_WORDS[kind]), signalling=signalling))
    finding.notes.append(say("sdp.nat_checks"))
    cite(finding, rfc(ref, number, section), ASTERISK_NAT, FUSIONPBX_NAT, rfc(ref, "4961"))


def voice(media: Media) -> list:
    """The codecs that carry the stream itself, leaving out DTMF events and comfort noise."""
    return [codec for codec in media.codecs if codec.name.lower() not in (DTMF, "cn")]
