from django.db import models


class NaturalKeyQuerySet(models.QuerySet):
    """Finds a row by its natural key, as fixtures with natural keys need."""

    def get_by_natural_key(self, *key):
        return self.get(**dict(zip(self.model.natural_key_lookups, key, strict=True)))
