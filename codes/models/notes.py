"""What engineers add to the standards: troubleshooting notes, aliases, related codes."""

import reversion
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from .base import NaturalKeyModel
from .codes import ResponseCode
from .sources import Source


class Context(models.TextChoices):
    REGISTRATION = "registration", "Registration"
    CALL_SETUP = "call-setup", "Call setup"
    MID_CALL = "mid-call", "Mid-call"
    TRUNK = "trunk", "Trunk / carrier"
    SUBSCRIPTION = "subscription", "Subscription / presence"
    ANY = "any", "Any request"


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


@reversion.register()
class TroubleshootingNote(NaturalKeyModel):
    code = models.ForeignKey(ResponseCode, on_delete=models.CASCADE, related_name="notes")
    slug = models.SlugField(help_text="Names the note within its code, e.g. “wrong-password”.")
    symptom = models.CharField(max_length=200, help_text="What the person sees, in their words.")
    causes = models.TextField(help_text="Likely causes, one per line, most likely first. Markdown within a line.")
    checks = models.TextField(help_text="What to check, one per line, in the order to check it. Markdown within a line.")
    context = models.CharField(max_length=16, choices=Context)
    vendor = models.CharField(max_length=80, blank=True, help_text="Whose behaviour this is, if vendor-specific.")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="notes")
    source_section = models.CharField(max_length=40, blank=True, help_text="Section of the source, if any.")
    position = models.PositiveSmallIntegerField(default=0)

    natural_key_lookups = ("code__code", "slug")

    class Meta:
        ordering = ("code_id", "position", "slug")
        constraints = (models.UniqueConstraint(fields=["code", "slug"], name="note_slug_unique_per_code"),)

    def __str__(self):
        return f"{self.code.code}: {self.symptom}"

    def get_absolute_url(self):
        return f"{self.code.get_absolute_url()}#note-{self.slug}"

    @property
    def cause_list(self) -> list[str]:
        return lines(self.causes)

    @property
    def check_list(self) -> list[str]:
        return lines(self.checks)

    @property
    def source_url(self) -> str:
        return self.source.section_url(self.source_section)


@reversion.register()
class Alias(NaturalKeyModel):
    """A reason phrase seen in the wild that differs from the registry's."""

    code = models.ForeignKey(ResponseCode, on_delete=models.CASCADE, related_name="aliases")
    phrase = models.CharField(max_length=100)
    note = models.CharField(max_length=300, blank=True, help_text="Where it is seen, or where it came from.")

    natural_key_lookups = ("code__code", "phrase")

    class Meta:
        ordering = ("code_id", "phrase")
        verbose_name_plural = "aliases"
        constraints = (models.UniqueConstraint(fields=["code", "phrase"], name="alias_unique"),)

    def __str__(self):
        return f"{self.code.code} {self.phrase}"


@reversion.register()
class RelatedCode(NaturalKeyModel):
    """Two codes people confuse, stored once, with one line on how they differ."""

    code = models.ForeignKey(ResponseCode, on_delete=models.CASCADE, related_name="relations_from")
    other = models.ForeignKey(ResponseCode, on_delete=models.CASCADE, related_name="relations_to")
    difference = models.TextField(help_text="How the two differ, written to read well from either page.")

    natural_key_lookups = ("code__code", "other__code")

    class Meta:
        ordering = ("code_id", "other_id")
        constraints = (
            models.UniqueConstraint(fields=["code", "other"], name="related_pair_unique"),
            models.CheckConstraint(condition=~Q(code=F("other")), name="related_not_self"),
        )

    def __str__(self):
        return f"{self.code.code} ~ {self.other.code}"

    def clean(self):
        if self.code_id and self.other_id:
            mirrored = RelatedCode.objects.filter(code_id=self.other_id, other_id=self.code_id)
            if mirrored.exists():
                raise ValidationError("These two codes are already compared on the other code; edit that pair instead.")

