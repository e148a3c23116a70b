"""Where the facts come from: RFCs, the IANA registry, vendor pages, field practice."""

import reversion
from django.db import models
from django.urls import reverse

from .base import NaturalKeyModel


class SourceKind(models.TextChoices):
    RFC = "rfc", "RFC"
    REGISTRY = "registry", "Registry"
    STANDARD = "standard", "Other standard"
    VENDOR = "vendor", "Vendor page"
    SOFTWARE = "software", "Open-source software"
    PRACTICE = "practice", "Field practice"


@reversion.register()
class Source(NaturalKeyModel):
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=12, choices=SourceKind)
    name = models.CharField(max_length=80, help_text="Short name, e.g. “RFC 3261”.")
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=120, blank=True)
    url = models.URLField(blank=True)
    published = models.CharField(max_length=40, blank=True, help_text="e.g. “June 2002”.")
    note = models.TextField(blank=True, help_text="Status worth knowing, e.g. “Obsoleted by RFC 8224”.")

    natural_key_lookups = ("slug",)

    class Meta:
        ordering = ("kind", "name")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("codes:source", kwargs={"slug": self.slug})

    def section_url(self, section: str) -> str:
        """The link to one section; RFC anchors follow the RFC Editor's HTML."""
        if not (section and self.url and self.kind == SourceKind.RFC):
            return self.url
        anchor = "appendix" if section[0].isalpha() else "section"
        return f"{self.url}#{anchor}-{section}"


class CitationRole(models.TextChoices):
    DEFINES = "defines", "Defines"
    UPDATES = "updates", "Updates"
    REGISTERS = "registers", "Registers"
    DESCRIBES = "describes", "Describes"
    EARLIER = "earlier", "Earlier definition"


# The order a reader wants: what defines the code first, history last.
ROLE_ORDER = models.Case(
    *(models.When(role=role, then=position) for position, role in enumerate(CitationRole.values)),
    output_field=models.IntegerField(),
)


class SectionCited:
    """What a citation shows, for a model with a `source` and a `section`: "RFC 3261 §21.4.24" and its link."""

    @property
    def label(self) -> str:
        return f"{self.source.name} §{self.section}" if self.section else self.source.name

    @property
    def url(self) -> str:
        return self.source.section_url(self.section)


@reversion.register()
class Citation(SectionCited, NaturalKeyModel):
    code = models.ForeignKey("ResponseCode", on_delete=models.CASCADE, related_name="citations")
    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="citations")
    section = models.CharField(max_length=40, blank=True, help_text="e.g. “21.4.24”; empty for the whole document.")
    role = models.CharField(max_length=12, choices=CitationRole, default=CitationRole.DEFINES)
    note = models.CharField(max_length=300, blank=True, help_text="What this section says about the code.")

    natural_key_lookups = ("code__code", "source__slug", "section")

    class Meta:
        ordering = ("code_id", ROLE_ORDER, "source__name", "section")
        constraints = (
            models.UniqueConstraint(fields=["code", "source", "section"], name="citation_unique"),
        )

    def __str__(self):
        return f"{self.code.code}: {self.label}"
