"""Rows known by their natural key: fixtures and exports name them by what they are, not by id."""

from typing import ClassVar

from django.db import models


class NaturalKeyQuerySet(models.QuerySet):
    """Finds a row by its natural key, as fixtures with natural keys need."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_lookups, key, strict=True)))


class NaturalKeyModel(models.Model):
    """Declare `natural_key_lookups` once; `natural_key()` and `get_by_natural_key()` follow from it.

    A lookup is a field (`slug`) or a field of a row this one points to (`code__code`). Serializers
    order rows after the rows their foreign keys point to, so no `natural_key.dependencies` is needed."""

    natural_key_lookups: ClassVar[tuple[str, ...]] = ()

    objects = NaturalKeyQuerySet.as_manager()

    class Meta:
        abstract = True

    def natural_key(self) -> tuple:
        return tuple(self._follow(lookup) for lookup in self.natural_key_lookups)

    def _follow(self, lookup: str):
        value = self
        for name in lookup.split("__"):
            value = getattr(value, name)
        return value
