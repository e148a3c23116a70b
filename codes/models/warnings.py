"""SIP Warning header codes (RFC 3261 §20.43 and later registrations)."""

import reversion
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .base import NaturalKeyModel
from .codes import ResponseCode
from .sources import Source


@reversion.register()
class WarningCode(NaturalKeyModel):
    code = models.PositiveSmallIntegerField(unique=True)
    text = models.CharField(max_length=120, help_text="The warn-text the defining RFC gives.")
    description = models.TextField(help_text="What it tells the reader, in plain words.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="warning_codes")
    section = models.CharField(max_length=40, blank=True)
    typical_codes = models.ManyToManyField(
        ResponseCode, blank=True, related_name="warning_codes", help_text="Responses it usually comes with."
    )

    natural_key_lookups = ("code",)

    class Meta:
        ordering = ("code",)
        constraints = (models.CheckConstraint(condition=Q(code__gte=300, code__lte=399), name="warn_code_3xx"),)

    def __str__(self):
        return f"{self.code} {self.text}"

    def get_absolute_url(self):
        return reverse("codes:warnings") + f"#warning-{self.code}"

    @property
    def url(self) -> str:
        return self.source.section_url(self.section)
