"""Loading the bundled fixtures into a database that may already hold editors' work.

New rows are added. A row that exists and differs from the fixture is reported and kept as
the editors left it, unless the caller asks for the bundled version. Rows only in the
database are left alone. Everything happens in one transaction, so a broken fixture leaves
the database exactly as it was, and the error names the file, the object and the field.
"""

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

import reversion
from django.apps import apps
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import DatabaseError, models, transaction

from .bundled import BUNDLED, FIXTURE_DIR
from .models import ContentVersion, LoadedBundle, ResponseCode
from .natural_keys import KeyIndex
from .signals import versions_unchanged

NEW_ROW = -1  # stands in for the id of a row the database does not hold yet, until it is saved


class FixtureError(Exception):
    """A fixture that cannot be loaded; the message says where and why."""


@dataclass
class Difference:
    label: str
    key: tuple
    fields: list[str]

    def __str__(self):
        return f"{self.label} {' '.join(map(str, self.key))}: {', '.join(self.fields)}"


@dataclass
class Report:
    skipped: bool = False  # the same bundle was loaded before, so nothing was read
    added: int = 0
    new: list[str] = field(default_factory=list)  # what was added, row by row (not for a first load)
    unchanged: int = 0
    kept: list[Difference] = field(default_factory=list)  # differs, editors' version kept
    updated: list[Difference] = field(default_factory=list)  # differs, bundled version taken

    @property
    def changed_anything(self) -> bool:
        return bool(self.added or self.updated)


def fingerprint(directory: Path) -> str:
    digest = hashlib.sha256()
    for name, _ in BUNDLED:
        path = directory / f"{name}.json"
        digest.update(name.encode() + (path.read_bytes() if path.exists() else b""))
    return digest.hexdigest()


def load_bundled(directory: Path = FIXTURE_DIR, *, update: bool = False, dry_run: bool = False) -> Report:
    bundle = fingerprint(directory)
    if not (update or dry_run) and LoadedBundle.matches(bundle):
        return Report(skipped=True)
    report = Report()
    with transaction.atomic(), versions_unchanged(), reversion.create_revision():
        reversion.set_comment("Loaded from the bundled fixtures")
        first_load = not ResponseCode.objects.exists()
        load_row_by_row(directory, report, update=update, dry_run=dry_run)
        if first_load:
            report.new.clear()  # everything is new: a list of it says nothing
        if dry_run:
            transaction.set_rollback(True)
        else:
            LoadedBundle.record(bundle)
            if report.changed_anything:
                ContentVersion.bump()
    return report


def load_row_by_row(directory: Path, report: Report, *, update: bool, dry_run: bool = False) -> None:
    """Compare each row with the database: add, keep or update it, and name any fault exactly."""
    index = KeyIndex()
    for name, label in BUNDLED:
        path = directory / f"{name}.json"
        for number, row in enumerate(read_rows(path, label), start=1):
            load_row(Row(path, number, label, row), report, update=update, dry_run=dry_run, index=index)


def read_rows(path: Path, label: str) -> list[dict]:
    try:
        rows = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FixtureError(f"{path}: the file is missing.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FixtureError(f"{path}: not valid JSON ({error}).") from None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise FixtureError(f"{path}: expected a JSON list of objects.")
    for number, row in enumerate(rows, start=1):
        if row.get("model", "").lower() != label.lower() or not isinstance(row.get("fields"), dict):
            raise FixtureError(f"{path}, object {number}: expected a {label} with “fields”, found {row.get('model')!r}.")
    return rows


@dataclass
class Row:
    path: Path
    number: int
    label: str
    data: dict

    @property
    def model(self):
        return apps.get_model(self.label)

    def fail(self, detail: str) -> FixtureError:
        key = ", ".join(str(self.data["fields"].get(f.split("__")[0])) for f in self.model.natural_key_lookups)
        return FixtureError(f"{self.path}, object {self.number} ({self.label} {key}): {detail}")


def load_row(row: Row, report: Report, *, update: bool, index: KeyIndex, dry_run: bool = False) -> None:
    resolved = index.resolve(row.model, row.data["fields"])
    pk, key = resolved.pk, resolved.key
    # An id for a new row too, so the deserializer does not look its natural key up again (it is not there).
    incoming = deserialize(row, {**row.data, "pk": pk or NEW_ROW, "fields": resolved.fields})
    instance = incoming.object
    if pk is None:
        instance.pk = None
    existing = index.existing(row.model, pk) if pk else None
    differing = differences(existing, incoming) if existing else []
    if existing and not differing:
        report.unchanged += 1  # identical to a row the database already holds, so valid
        return
    instance._state.adding = existing is None  # so that unique checks do not count the row against itself
    validate(row, instance, resolved.found)
    if existing is None:
        save(row, incoming)
        if key is not None:
            index.added(instance, key)
        report.added += 1
        report.new.append(f"{row.label} {' '.join(map(str, key or instance.natural_key()))}")
    elif update:
        if not dry_run:  # new rows are saved even then (and rolled back), as later rows may refer to them
            save(row, incoming)
        report.updated.append(Difference(row.label, key or instance.natural_key(), differing))
    else:
        report.kept.append(Difference(row.label, key or instance.natural_key(), differing))


def deserialize(row: Row, data: dict):
    try:
        return next(serializers.deserialize("python", [data], handle_forward_references=False))
    except (DeserializationError, FieldDoesNotExist, ObjectDoesNotExist, TypeError, ValueError) as error:
        raise row.fail(dangling_reference(row) or str(error.__cause__ or error)) from None


def dangling_reference(row: Row) -> str | None:
    """Which field of the row is unknown or points at nothing, if that is what went wrong."""
    for name, value in row.data["fields"].items():
        try:
            target = row.model._meta.get_field(name)
        except FieldDoesNotExist:
            return f"{name}: there is no such field on {row.label}."
        if value is None or not (target.many_to_one or target.many_to_many):
            continue
        keys = value if target.many_to_many else [value]
        for key in keys:
            if not natural_key_exists(target.remote_field.model, key):
                return f"{name}: {key!r} refers to a {target.remote_field.model._meta.label_lower} that does not exist."
    return None


def natural_key_exists(model, key) -> bool:
    try:
        model._default_manager.get_by_natural_key(*(key if isinstance(key, list) else [key]))
    except (ObjectDoesNotExist, TypeError, ValueError):
        return False
    return True


def validate(row: Row, instance: models.Model, found: set[str]) -> None:
    """What full_clean() checks but uniqueness, which the database enforces; the references the index found
    need no query to prove they exist, but the constraints on them are checked all the same."""
    errors: dict = {}
    for check in (lambda: instance.clean_fields(exclude=found), instance.clean, instance.validate_constraints):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        messages = ValidationError(errors).message_dict
        raise row.fail("; ".join(describe(instance, name, text) for name, text in messages.items()))


def describe(instance: models.Model, name: str, messages: list[str]) -> str:
    if name != "__all__":
        return f"{name}: {' '.join(messages)}"
    return "; ".join(f"{', '.join(constraint_fields(instance, message)) or 'constraint'}: {message}" for message in messages)


def constraint_fields(instance: models.Model, message: str) -> list[str]:
    """The fields a violated constraint is about, read from its definition."""
    for constraint in instance._meta.constraints:
        if constraint.name in message:
            if isinstance(constraint, models.UniqueConstraint):
                return list(constraint.fields)
            lookups = [child[0] for child in constraint.condition.children if isinstance(child, tuple)]
            return list(dict.fromkeys(lookup.split("__")[0].removesuffix("_id") for lookup in lookups))
    return []


def save(row: Row, incoming) -> None:
    try:
        with transaction.atomic():
            incoming.save()
    except DatabaseError as error:
        raise row.fail(f"the database refused it ({error}).") from None


def differences(existing: models.Model, incoming) -> list[str]:
    instance = incoming.object
    differing = [
        f.name
        for f in instance._meta.concrete_fields
        if not f.primary_key and f.value_from_object(existing) != f.value_from_object(instance)
    ]
    for name, pks in (incoming.m2m_data or {}).items():
        current = set(getattr(existing, name).values_list("pk", flat=True))
        if current != set(pks):
            differing.append(name)
    return differing
