"""Telecom synonyms for the search engine, kept as data so that editors can extend them."""

import reversion
from django.db import models

from .base import NaturalKeyModel


@reversion.register()
class SearchSynonym(NaturalKeyModel):
    phrase = models.CharField(
        max_length=80, unique=True, help_text="What people type, e.g. “busy signal”. Matched as whole words."
    )
    means = models.CharField(max_length=200, help_text="Words to search for as well, e.g. “busy”.")

    natural_key_lookups = ("phrase",)

    class Meta:
        ordering = ("phrase",)

    def __str__(self):
        return f"{self.phrase} → {self.means}"

