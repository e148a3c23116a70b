"""Symptom-first guides: trouble as people describe it, the codes that fit, the checks in order."""

import reversion
from django.db import models
from django.urls import reverse

from .base import NaturalKeyModel
from .codes import ResponseCode
from .notes import lines
from .sources import SectionCited, Source


class SymptomGroup(models.TextChoices):
    """What the person sees, which is how /symptoms/ sorts the guides."""

    REGISTRATION = "registration", "Cannot register"
    CALL_FAILS = "call-fails", "Calls fail or never connect"
    CALL_DROPS = "call-drops", "Calls drop"
    AUDIO = "audio", "No audio or poor media"
    FEATURES = "features", "Transfer, forwarding and other features"
    TRUNK = "trunk", "Trunks and carriers"


@reversion.register(follow=["symptom_codes", "citations"])
class Symptom(NaturalKeyModel):
    slug = models.SlugField(unique=True)
    title = models.CharField(max_length=120, help_text="As a person would say it, e.g. “Phone won't register”.")
    summary = models.TextField(help_text="What the person sees, and what usually lies behind it.")
    phrasings = models.TextField(blank=True, help_text="Other ways people describe it, one per line.")
    checks = models.TextField(help_text="What to check, one per line, in the order to check it.")
    position = models.PositiveSmallIntegerField(default=0)
    group = models.CharField(max_length=16, choices=SymptomGroup, default=SymptomGroup.CALL_FAILS)
    example_exchange = models.TextField(
        blank=True,
        help_text="The classic case as plain SIP, message after message, if there is one: the guide draws its "
        "ladder and offers it to the decoder.",
    )
    codes = models.ManyToManyField(ResponseCode, through="SymptomCode", related_name="symptoms")

    natural_key_lookups = ("slug",)

    class Meta:
        ordering = ("position", "title")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("codes:symptom", kwargs={"slug": self.slug})

    @property
    def check_list(self) -> list[str]:
        return lines(self.checks)

    @property
    def phrasing_list(self) -> list[str]:
        return lines(self.phrasings)


@reversion.register()
class SymptomCode(NaturalKeyModel):
    """A code that fits a symptom, and why."""

    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="symptom_codes")
    code = models.ForeignKey(ResponseCode, on_delete=models.CASCADE, related_name="symptom_codes")
    explanation = models.CharField(max_length=300, help_text="Why this code fits the symptom.")
    position = models.PositiveSmallIntegerField(default=0)

    natural_key_lookups = ("symptom__slug", "code__code")

    class Meta:
        ordering = ("symptom_id", "position", "code__code")
        constraints = (models.UniqueConstraint(fields=["symptom", "code"], name="symptom_code_unique"),)

    def __str__(self):
        return f"{self.symptom}: {self.code.code}"




@reversion.register()
class SymptomCitation(SectionCited, NaturalKeyModel):
    """A source behind a symptom guide: the RFC section, vendor page or field practice its checks rest on."""

    symptom = models.ForeignKey(Symptom, on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="symptom_citations")
    section = models.CharField(max_length=40, blank=True, help_text="Section of the source, if any.")
    note = models.CharField(max_length=300, blank=True, help_text="What the guide takes from it.")

    natural_key_lookups = ("symptom__slug", "source__slug", "section")

    class Meta:
        ordering = ("symptom_id", "source__name", "section")
        constraints = (
            models.UniqueConstraint(fields=["symptom", "source", "section"], name="symptom_citation_unique"),
        )

    def __str__(self):
        return f"{self.symptom}: {self.label}"
