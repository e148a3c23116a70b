"""What the decoder found: one class per kind of finding, each able to give itself as JSON.

The JSON keys are a contract for tools (see api.py): add keys, never rename them.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from .values import ReasonValue, RetryAfter, WarningValue

Cite = tuple[str, str]  # (label, link)
Absolute = Callable[[str], str]  # makes a site path an absolute URL


@dataclass(kw_only=True)
class Finding:
    kind = ""
    line: int
    notes: list[str] = field(default_factory=list)  # remarks on how it was sent: malformed, unusual
    cites: list[Cite] = field(default_factory=list)

    def as_json(self, absolute: Absolute) -> dict:
        return {
            "type": self.kind,
            "line": self.line,
            **self.fields(absolute),
            "notes": self.notes,
            "cites": [{"label": label, "url": url} for label, url in self.cites],
        }

    def fields(self, absolute: Absolute) -> dict:
        return {}


@dataclass(kw_only=True)
class RequestFinding(Finding):
    kind = "request"
    method: str
    uri: str
    summary: str = ""

    def fields(self, absolute):
        return {"method": self.method, "uri": self.uri, "known_method": bool(self.summary), "summary": self.summary}


@dataclass(kw_only=True)
class StatusFinding(Finding):
    kind = "status"
    code: int
    phrase: str
    response_code: object = None  # ResponseCode, when registered
    response_class: object = None  # ResponseClass, when the code is in 100–699
    fallback: object = None  # the ResponseCode a client treats an unregistered code as
    phrase_standard: bool = True
    phrase_note: str = ""
    cseq_method: str = ""
    in_context: str = ""
    note: object = None  # the TroubleshootingNote whose checks come next
    checks_shown_in: int | None = None  # the earlier message whose finding already lists the same checks
    reported_by: str = ""  # the tool, when a log line reported the response
    in_sipfrag: bool = False

    @property
    def valid(self) -> bool:
        return 100 <= self.code <= 699

    @property
    def checks(self) -> list[str]:
        return self.note.check_list if self.note else []

    def fields(self, absolute):
        code, klass = self.response_code, self.response_class
        return {
            "code": self.code,
            "phrase": self.phrase,
            "valid": self.valid,
            "registered": code is not None,
            "registered_phrase": code.reason_phrase if code else None,
            "phrase_standard": self.phrase_standard,
            "phrase_note": self.phrase_note,
            "status": code.status if code else None,
            "class": klass.number if klass else None,
            "class_name": klass.name if klass else None,
            "meaning": code.summary if code else (klass.summary if klass else ""),
            "url": absolute(code.get_absolute_url()) if code else None,
            "fallback": {"code": self.fallback.code, "url": absolute(self.fallback.get_absolute_url())}
            if self.fallback else None,
            "cseq_method": self.cseq_method or None,
            "in_context": self.in_context,
            "checks_for": self.note.symptom if self.note else None,
            "checks": self.checks,
            "reported_by": self.reported_by or None,
            "in_sipfrag": self.in_sipfrag,
        }


@dataclass(kw_only=True)
class ReasonFinding(Finding):
    kind = "reason"
    value: ReasonValue
    name: str = ""  # the cause's name, or the SIP code's reason phrase
    url: str = ""
    meaning: str = ""
    location_meaning: str = ""
    conflict: bool = False
    explanation: str = ""

    def fields(self, absolute):
        return {
            "protocol": self.value.protocol,
            "cause": self.value.cause,
            "text": self.value.text,
            "location": self.value.location or None,
            "location_meaning": self.location_meaning,
            "name": self.name,
            "meaning": self.meaning,
            "url": absolute(self.url) if self.url else None,
            "conflict": self.conflict,
            "explanation": self.explanation,
        }


@dataclass(kw_only=True)
class WarningFinding(Finding):
    kind = "warning"
    value: WarningValue
    warning: object = None  # the WarningCode, when registered

    def fields(self, absolute):
        warning = self.warning
        return {
            "warn_code": self.value.code,
            "agent": self.value.agent,
            "text": self.value.text,
            "registered_text": warning.text if warning else None,
            "meaning": warning.description if warning else "",
            "url": absolute(warning.get_absolute_url()) if warning else None,
        }


@dataclass(kw_only=True)
class RetryAfterFinding(Finding):
    kind = "retry_after"
    value: RetryAfter
    meaning: str = ""

    def fields(self, absolute):
        return {"seconds": self.value.seconds, "comment": self.value.comment, "duration": self.value.duration,
                "meaning": self.meaning}


@dataclass(kw_only=True)
class AgentFinding(Finding):
    kind = "agent"
    header: str
    value: str
    product: str = ""
    role: str = ""

    def fields(self, absolute):
        return {"header": self.header, "value": self.value, "product": self.product or None, "role": self.role}


@dataclass(kw_only=True)
class HangupCauseFinding(Finding):
    kind = "hangup_cause"
    tool: str
    name: str
    cause: int | None = None
    q850: object = None  # the Q850Cause, when the number is a Q.850 value

    def fields(self, absolute):
        q850 = self.q850
        return {
            "tool": self.tool,
            "name": self.name,
            "cause": self.cause,
            "cause_name": q850.name if q850 else None,
            "url": absolute(q850.get_absolute_url()) if q850 else None,
        }


@dataclass(kw_only=True)
class SdpFinding(Finding):
    kind = "sdp"
    role: str  # "offer", "answer" or "unpaired" (RFC 3264)
    media: list = field(default_factory=list)  # sdp_body.Media, one per m= line
    paired_with: int | None = None  # the line of the offer this answers, or of the first answer to this offer
    related: dict = field(default_factory=dict)  # code → ResponseCode (None if not loaded) this finding helps explain
    mismatch: bool = False  # no codec or profile in common with the other side
    hold: bool = False
    nat_hint: bool = False

    @property
    def related_codes(self) -> list[tuple[int, object]]:
        return sorted(self.related.items())

    def fields(self, absolute):
        return {
            "role": self.role,
            "paired_with": self.paired_with,
            "media": [media.as_json() for media in self.media],
            "mismatch": self.mismatch,
            "hold": self.hold,
            "nat_hint": self.nat_hint,
            "codes": [{"code": number, "url": absolute(code.get_absolute_url()) if code else None}
                      for number, code in self.related_codes],
        }
