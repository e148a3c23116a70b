"""ISDN / Q.850 cause values and how they map to SIP responses (RFC 3398) and back."""

import reversion
from django.db import models
from django.db.models import Prefetch, Q
from django.urls import reverse

from .base import NaturalKeyModel, NaturalKeyQuerySet
from .codes import ResponseCode
from .mapping import Direction, Interworking, MappingEnd
from .sources import Source

# Q.850 groups cause values into classes by range.
CAUSE_CLASSES = [
    (0, 31, "Normal event"),
    (32, 47, "Resource unavailable"),
    (48, 63, "Service or option not available"),
    (64, 79, "Service or option not implemented"),
    (80, 95, "Invalid message"),
    (96, 111, "Protocol error"),
    (112, 127, "Interworking"),
]


class Q850CauseQuerySet(NaturalKeyQuerySet):
    def with_mappings(self):
        """Causes with their mapping rows both ways, each with its code and source."""
        return self.prefetch_related(
            Prefetch("mappings", queryset=Q850Mapping.objects.select_related("code", "source"))
        )


@reversion.register(follow=["mappings"])
class Q850Cause(MappingEnd, NaturalKeyModel):
    number = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120, help_text="The cause's name in ITU-T Q.850.")
    description = models.TextField(help_text="What the cause means, in plain words.")
    interworking_note = models.TextField(blank=True, help_text="Anything special about carrying it into SIP.")

    objects = Q850CauseQuerySet.as_manager()
    natural_key_lookups = ("number",)

    class Meta:
        ordering = ("number",)
        verbose_name = "Q.850 cause"
        constraints = (models.CheckConstraint(condition=Q(number__lte=127), name="q850_cause_0_to_127"),)

    def __str__(self):
        return f"{self.number} {self.name}"

    def get_absolute_url(self):
        return reverse("codes:q850-cause", kwargs={"number": self.number})

    @property
    def cause_class(self) -> str:
        return next(name for low, high, name in CAUSE_CLASSES if low <= self.number <= high)

    def mapping_rows(self):
        return self.mappings.all()

    @staticmethod
    def other_end(mapping) -> int:
        return mapping.code.code


class Q850MappingQuerySet(NaturalKeyQuerySet):
    def interworking(self) -> Interworking:
        return Interworking(self.select_related("cause", "code", "source"))

    def to_cause(self):
        """Rows that turn a SIP response into a cause, each with its cause and source."""
        return self.filter(direction=Direction.TO_CAUSE).select_related("cause", "source")


@reversion.register()
class Q850Mapping(NaturalKeyModel):
    """One row of a mapping table: RFC 3398's, or a widely used stack's where it differs."""

    direction = models.CharField(max_length=10, choices=Direction)
    cause = models.ForeignKey(Q850Cause, on_delete=models.CASCADE, related_name="mappings")
    code = models.ForeignKey(ResponseCode, on_delete=models.CASCADE, related_name="q850_mappings")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="q850_mappings")
    section = models.CharField(max_length=80, blank=True, help_text="Section, or file and function for software.")
    condition = models.CharField(max_length=200, blank=True, help_text="When this row applies, if not always.")

    objects = Q850MappingQuerySet.as_manager()
    natural_key_lookups = ("direction", "source__slug", "cause__number", "code__code")

    class Meta:
        ordering = ("direction", "source__name", "cause__number", "code__code")
        verbose_name = "Q.850 mapping"
        constraints = (
            models.UniqueConstraint(fields=["direction", "source", "cause", "code"], name="q850_mapping_unique"),
        )

    def __str__(self):
        arrow = f"{self.cause.number} → {self.code.code}" if self.direction == Direction.TO_SIP else (
            f"{self.code.code} → {self.cause.number}"
        )
        return f"{arrow} ({self.source.name})"

    @property
    def url(self) -> str:
        return self.source.section_url(self.section)

