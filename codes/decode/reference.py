"""What the decoder looks up, read in a fixed number of queries however long the paste is."""

from django.db.models import Prefetch, Q

from ..models import (
    CodeMethod,
    Method,
    Q850Cause,
    Q850Mapping,
    ResponseClass,
    ResponseCode,
    Source,
    TroubleshootingNote,
    WarningCode,
    fallback_code,
)
from . import freeswitch, values
from .reader import Message
from .sdp_body import sdp_lines

# The codes an SDP finding can relate to (sdp.py), looked up whenever a paste carries SDP.
SDP_CODES = {415, 488, 606}
# The RFCs the decoder's own explanations cite.
CITED = ["rfc3261", "rfc3326", "rfc3398", "rfc3515", "rfc6432", "rfc8606", "rfc9366"]


class Reference:
    def __init__(self, messages: list[Message]):
        codes, causes, warn_codes = wanted(messages)
        codes |= {fallback_code(code) for code in codes if 100 <= code <= 699}
        if any(sdp_lines(message) is not None for message in messages):
            codes |= SDP_CODES
        self.codes = {
            code.code: code
            for code in ResponseCode.objects.filter(code__in=codes).select_related("response_class").prefetch_related(
                "aliases",
                "senders",
                Prefetch("notes", queryset=TroubleshootingNote.objects.select_related("source")),
                Prefetch("code_methods", queryset=CodeMethod.objects.select_related("method")),
            )
        }
        self.classes = {klass.number: klass for klass in ResponseClass.objects.all()}
        self.causes = {cause.number: cause for cause in Q850Cause.objects.filter(number__in=causes)}
        self.interworking = Q850Mapping.objects.filter(Q(cause__number__in=causes) | Q(code__code__in=codes)).interworking()
        self.warnings = {w.code: w for w in WarningCode.objects.filter(code__in=warn_codes).select_related("source")}
        self.methods = {method.name: method for method in Method.objects.all()}
        self.sources = {source.slug: source for source in Source.objects.filter(slug__in=CITED)}

    def cite(self, slug: str, section: str = "") -> tuple[str, str]:
        """A citation as (label, link); the link is empty if an editor removed the source."""
        source = self.sources.get(slug)
        name = source.name if source else f"RFC {slug.removeprefix('rfc')}"
        label = f"{name} §{section}" if section else name
        return label, source.section_url(section) if source else ""


def wanted(messages: list[Message]) -> tuple[set[int], set[int], set[int]]:
    """The codes, Q.850 causes and warn-codes a paste mentions."""
    codes, causes, warn_codes = set(), set(), set()
    for message in messages:
        for status in (message, message.sipfrag):
            if status and status.code is not None:
                codes.add(status.code)
        if message.report and (number := freeswitch.HANGUP_CAUSES.get(message.report.hangup_cause)) is not None:
            causes.add(number)
        for header in message.all("Reason"):
            for value in values.reason_values(header.value):
                if value.cause is not None:
                    (codes if value.is_sip else causes).add(value.cause)
        for header in message.all("Warning"):
            warn_codes |= {v.code for v in values.warning_values(header.value) if v.code is not None}
    return {c for c in codes if c < 1000}, {c for c in causes if c < 1000}, warn_codes
