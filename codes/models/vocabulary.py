"""Small vocabularies the reference is organised by: classes, methods, senders."""

import reversion
from django.db import models
from django.db.models import Q
from django.urls import reverse

from .base import NaturalKeyModel


@reversion.register()
class ResponseClass(NaturalKeyModel):
    number = models.PositiveSmallIntegerField(unique=True, help_text="The first digit, 1 to 6.")
    name = models.CharField(max_length=40)
    summary = models.CharField(max_length=200, help_text="One line: what a response of this class means.")
    description = models.TextField(help_text="What the class means for the transaction and the caller.")

    natural_key_lookups = ("number",)

    class Meta:
        ordering = ("number",)
        verbose_name_plural = "response classes"
        constraints = (
            models.CheckConstraint(condition=Q(number__gte=1, number__lte=6), name="response_class_1_to_6"),
        )

    def __str__(self):
        return f"{self.label} {self.name}"

    def get_absolute_url(self):
        return reverse("codes:class", kwargs={"number": self.number})

    @property
    def label(self) -> str:
        return f"{self.number}xx"


@reversion.register()
class Method(NaturalKeyModel):
    name = models.CharField(max_length=20, unique=True, help_text="The request method, e.g. INVITE.")
    summary = models.CharField(max_length=200)

    natural_key_lookups = ("name",)

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name


@reversion.register()
class Sender(NaturalKeyModel):
    """A kind of SIP element that sends responses: user agent server, proxy, registrar…"""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=60)
    summary = models.CharField(max_length=300)

    natural_key_lookups = ("slug",)

    class Meta:
        ordering = ("name",)

    def __str__(self):
        return self.name

