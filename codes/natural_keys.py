"""Natural keys resolved in bulk for a row-by-row load: one query per model, not several per row.

A fixture names every row by its natural key (a code is its number, a citation its code, source and
section) and every reference the same way. Resolving each through the ORM costs a few queries per
row, and a bundle holds thousands; this index reads each model's keys once and learns the rows a
load adds as it goes."""

from dataclasses import dataclass

from django.db import models


@dataclass
class Resolved:
    fields: dict
    key: tuple | None  # the row's own natural key
    pk: int | None  # its id, if the database holds it
    found: set[str]  # the foreign keys the index resolved, which therefore point at rows that exist


class KeyIndex:
    def __init__(self):
        self.keys: dict[type[models.Model], dict[tuple, int]] = {}
        self.rows: dict[type[models.Model], dict[int, models.Model]] = {}

    def pk(self, model: type[models.Model], key: tuple) -> int | None:
        if model not in self.keys:
            lookups = model.natural_key_lookups
            self.keys[model] = {tuple(values): pk for pk, *values in model._base_manager.values_list("pk", *lookups)}
        return self.keys[model].get(key)

    def existing(self, model: type[models.Model], pk: int) -> models.Model | None:
        if model not in self.rows:
            self.rows[model] = {row.pk: row for row in model._base_manager.all()}
        return self.rows[model].get(pk)

    def added(self, instance: models.Model, key: tuple) -> None:
        self.pk(type(instance), key)  # read the keys first, so the new one is not lost
        self.keys[type(instance)][key] = instance.pk

    def resolve(self, model: type[models.Model], fields: dict) -> "Resolved":
        """The fields with each reference by natural key replaced by what the database stores, the row's own
        natural key, and its id if the database holds it. A reference the index cannot resolve is left as
        written, for the deserializer to report."""
        resolved, found = dict(fields), set()
        for field in model._meta.get_fields():
            if field.name in fields and (field.many_to_one or field.many_to_many) and field.concrete:
                resolved[field.name] = self.reference(field, fields[field.name])
                if field.many_to_one and resolved[field.name] != fields[field.name]:
                    found.add(field.name)
        key = own_key(model, fields)
        return Resolved(resolved, key, self.pk(model, key) if key is not None else None, found)

    def reference(self, field, value):
        if value is None:
            return value
        if field.many_to_many:
            return [self.reference_one(field, item) for item in value] if isinstance(value, list) else value
        return self.reference_one(field, value)

    def reference_one(self, field, key):
        """A natural key as the foreign key stores it: the target's id, or the field it points to."""
        target = field.remote_field.model
        if not isinstance(key, list) or len(key) != len(target.natural_key_lookups):
            return key
        to_field = getattr(field.remote_field, "field_name", None)
        if to_field in target.natural_key_lookups and to_field != target._meta.pk.name:
            return key[target.natural_key_lookups.index(to_field)]
        pk = self.pk(target, tuple(key))
        return key if pk is None else pk


def own_key(model: type[models.Model], fields: dict) -> tuple | None:
    """A fixture row's natural key, read from its fields: `code__code` is the code's own key, as written."""
    values = []
    for lookup in model.natural_key_lookups:
        name, _, rest = lookup.partition("__")
        value = fields.get(name)
        if rest:
            target = model._meta.get_field(name).remote_field.model
            if not isinstance(value, list) or len(value) != len(target.natural_key_lookups):
                return None
            value = value[target.natural_key_lookups.index(rest)] if rest in target.natural_key_lookups else None
        if isinstance(value, (list, dict)):
            return None
        values.append(value)
    return tuple(values)
