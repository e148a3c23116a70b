"""The response codes themselves, and what they mean per request method."""

from functools import lru_cache

import reversion
from django.db import models
from django.db.models import F, Func, Prefetch, Q
from django.urls import reverse

from .base import NaturalKeyModel, NaturalKeyQuerySet
from .mapping import MappingEnd
from .vocabulary import Method, ResponseClass, Sender


@lru_cache(maxsize=1024)
def code_url(code: int) -> str:
    """Pages link to dozens of codes; the URL of each is worked out once per process."""
    return reverse("codes:detail", kwargs={"code": code})


def fallback_code(number: int) -> int:
    """How a client must treat a code it does not know: as x00, or 183 for 1xx (RFC 3261 §8.1.3.2)."""
    return 183 if number // 100 == 1 else number // 100 * 100


class Status(models.TextChoices):
    STANDARD = "standard", "Standard"
    DEPRECATED = "deprecated", "Deprecated"
    HISTORICAL = "historical", "Historical"


class RetryPolicy(models.TextChoices):
    NOT_A_FAILURE = "none", "Not a failure: nothing to retry"
    RESUBMIT = "resubmit", "Fix the request and send it again"
    REDIRECT = "redirect", "Follow the redirection"
    RETRY_LATER = "retry-later", "Retry later, or elsewhere"
    FAILOVER = "failover", "Fail over to another route"
    STOP = "stop", "Stop: do not retry"


# The retry policies in a few words, for tables and the printed cheat sheet.
RETRY_IN_BRIEF = {
    RetryPolicy.NOT_A_FAILURE: "Nothing to do",
    RetryPolicy.RESUBMIT: "Fix and resend",
    RetryPolicy.REDIRECT: "Follow Contact",
    RetryPolicy.RETRY_LATER: "Retry later",
    RetryPolicy.FAILOVER: "Fail over",
    RetryPolicy.STOP: "Stop",
}


class ResponseCodeQuerySet(NaturalKeyQuerySet):
    def common(self):
        """The codes met most in practice, most common first."""
        return self.filter(common_rank__isnull=False).order_by("common_rank")

    def in_class(self, number: int):
        return self.filter(response_class__number=number)

    def with_class(self):
        return self.select_related("response_class")

    def for_page(self):
        """Codes with everything their page and JSON show, in a fixed number of queries."""
        # The rows a page shows live in modules that import this one.
        from .notes import RelatedCode, TroubleshootingNote
        from .q850 import Q850Mapping
        from .sources import Citation

        return self.with_class().prefetch_related(
            "aliases",
            "senders",
            Prefetch("code_methods", queryset=CodeMethod.objects.select_related("method")),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            Prefetch("notes", queryset=TroubleshootingNote.objects.select_related("source")),
            Prefetch("relations_from", queryset=RelatedCode.objects.select_related("other")),
            Prefetch("relations_to", queryset=RelatedCode.objects.select_related("code")),
            Prefetch("q850_mappings", queryset=Q850Mapping.objects.select_related("cause", "source")),
            "warning_codes",
            "symptoms",
        )

    def nearest(self, number: int, *, count: int):
        """The `count` codes of `number`'s class closest to it, in code order."""
        distance = Func(F("code") - number, function="ABS")
        closest = self.in_class(number // 100).annotate(distance=distance).order_by("distance", "code")[:count]
        return sorted(closest, key=lambda code: code.code)


# A code's history holds the rows its page is made of, so that reverting it restores the whole page.
@reversion.register(follow=["citations", "aliases", "notes", "code_methods", "relations_from"])
class ResponseCode(MappingEnd, NaturalKeyModel):
    code = models.PositiveSmallIntegerField(unique=True)
    reason_phrase = models.CharField(max_length=80, help_text="The phrase the IANA registry gives.")
    response_class = models.ForeignKey(
        ResponseClass, to_field="number", db_column="class_number", on_delete=models.PROTECT, related_name="codes"
    )
    status = models.CharField(max_length=12, choices=Status, default=Status.STANDARD)
    summary = models.TextField(help_text="The meaning first, in one or two plain sentences.")
    description = models.TextField(blank=True, help_text="The fuller explanation. Markdown: blank lines between paragraphs, *emphasis*, `code`, [links](https://…).")
    caller_experience = models.TextField(blank=True, help_text="What the caller hears or sees. Markdown.")
    retry_policy = models.CharField(max_length=12, choices=RetryPolicy)
    retry_advice = models.TextField(blank=True, help_text="Whether a client or PBX should retry, fail over or stop. Markdown.")
    interworking_note = models.TextField(blank=True, help_text="Anything special about mapping it to ISDN/Q.850. Markdown.")
    example_exchange = models.TextField(
        blank=True,
        help_text="A typical exchange as plain SIP, message after message (blank lines between them), with "
        "documentation addresses (192.0.2.x, 198.51.100.x, 203.0.113.x, example.com). The decoder draws it as the "
        "page's call flow; the response with this code is shown as the example message.",
    )
    example_notes = models.TextField(
        blank=True,
        help_text="What the example message's headers say, one per line: “Header-Name: what it says here”.",
    )
    misreading = models.TextField(
        blank=True,
        help_text="What widely copied code lists say about it that the RFCs do not, and what the RFC does say, "
        "with the section. Markdown.",
    )
    common_rank = models.PositiveSmallIntegerField(
        null=True, blank=True, unique=True, help_text="1 for the code met most in practice; empty when rare."
    )
    reviewed_on = models.DateField(
        null=True, blank=True,
        help_text="The day an editor last checked the whole page against its sources and found it right. "
        "The editors' start page lists a code when neither this nor its last change is within a year.",
    )
    senders = models.ManyToManyField(Sender, blank=True, related_name="codes")
    methods = models.ManyToManyField(Method, through="CodeMethod", blank=True, related_name="codes")

    objects = ResponseCodeQuerySet.as_manager()
    natural_key_lookups = ("code",)

    class Meta:
        ordering = ("code",)
        constraints = (
            models.CheckConstraint(condition=Q(code__gte=100, code__lte=699), name="code_100_to_699"),
            models.CheckConstraint(condition=Q(response_class_id=F("code") / 100), name="code_in_its_class"),
        )

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return code_url(self.code)

    @property
    def label(self) -> str:
        return f"{self.code} {self.reason_phrase}"

    @property
    def retry_in_brief(self) -> str:
        return RETRY_IN_BRIEF[self.retry_policy]

    @property
    def is_common(self) -> bool:
        return self.common_rank is not None

    def mapping_rows(self):
        return self.q850_mappings.all()

    @staticmethod
    def other_end(mapping) -> int:
        return mapping.cause.number

    def related_codes(self) -> list[tuple["ResponseCode", str]]:
        """Each related code with the line on how it differs, whichever side stored the pair."""
        pairs = [(r.other, r.difference) for r in self.relations_from.all()]
        pairs += [(r.code, r.difference) for r in self.relations_to.all()]
        return sorted(pairs, key=lambda pair: pair[0].code)


@reversion.register()
class CodeMethod(NaturalKeyModel):
    """A method this code answers, and what it means there when that differs."""

    code = models.ForeignKey(ResponseCode, on_delete=models.CASCADE, related_name="code_methods")
    method = models.ForeignKey(Method, on_delete=models.PROTECT, related_name="code_methods")
    meaning = models.TextField(blank=True, help_text="What the code means in answer to this method, if special.")

    natural_key_lookups = ("code__code", "method__name")

    class Meta:
        ordering = ("code_id", "method__name")
        constraints = (models.UniqueConstraint(fields=["code", "method"], name="code_method_unique"),)

    def __str__(self):
        return f"{self.code.code} to {self.method.name}"


