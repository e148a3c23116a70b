"""Before reverting, an editor sees how the chosen version differs from what is stored now."""

import difflib
import re
from dataclasses import dataclass

from django.db import models
from reversion.errors import RevertError
from reversion.models import Version
from reversion.revisions import _follow_relations

WORDS = re.compile(r"(\s+)")


@dataclass(frozen=True)
class FieldChange:
    """One field that reverting would change, as runs of kept, removed and restored text."""

    label: str
    runs: list[tuple[str, str]]


@dataclass(frozen=True)
class RowChange:
    """One row (the object or one of its inline rows) that reverting would change."""

    title: str
    action: str  # "change", "restore" (deleted since) or "delete" (added since)
    fields: list[FieldChange]


def word_runs(now: str, then: str) -> list[tuple[str, str]]:
    """The two texts as ("same"|"removed"|"restored", text) runs, compared word by word."""
    old, new = WORDS.split(now), WORDS.split(then)
    runs: list[tuple[str, str]] = []
    removed, restored, space = "", "", ""

    def flush(kept: str) -> None:
        nonlocal removed, restored, space
        runs.extend((kind, text) for kind, text in (("removed", removed), ("restored", restored)) if text)
        runs.append(("same", space + kept))
        removed, restored, space = "", "", ""

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        kept = "".join(old[i1:i2])
        if tag != "equal":
            # A space between two changes joins them into one, so a changed phrase reads as one.
            removed, restored = removed + space + "".join(old[i1:i2]), restored + space + "".join(new[j1:j2])
            space = ""
        elif (removed or restored) and not kept.strip():
            space = kept
        else:
            flush(kept)
    flush("")
    return [(kind, text) for kind, text in runs if text]


def shown(instance: models.Model, field: models.Field, m2m: dict | None = None) -> str:
    """A field's value as an editor reads it: names for related rows, not their keys."""
    if field.many_to_many:
        keys = m2m.get(field.attname, []) if m2m is not None else getattr(instance, field.name).values_list("pk", flat=True)
        return ", ".join(sorted(str(row) for row in field.related_model._default_manager.filter(pk__in=list(keys))))
    if field.is_relation:
        key = getattr(instance, field.attname)
        return str(field.related_model._default_manager.filter(pk=key).first() or "") if key is not None else ""
    return field.value_to_string(instance)


def field_changes(now: models.Model | None, then: models.Model | None, m2m: dict | None) -> list[FieldChange]:
    changes = []
    model = type(now or then)
    # A many-to-many with its own through model is stored as rows of that model, compared as rows.
    plain_m2m = [field for field in model._meta.many_to_many if field.remote_field.through._meta.auto_created]
    for field in [*model._meta.concrete_fields, *plain_m2m]:
        if field.primary_key and field.auto_created:
            continue
        before = shown(now, field) if now is not None else ""
        after = shown(then, field, m2m if field.many_to_many else None) if then is not None else ""
        if before != after:
            changes.append(FieldChange(str(field.verbose_name).capitalize(), word_runs(before, after)))
    return changes


def title(row: models.Model) -> str:
    return f"{str(row._meta.verbose_name).capitalize()}: {row}"


def changes_on_revert(version: Version) -> list[RowChange]:
    """What reverting to this version would do to the stored rows, the object's own row first."""
    rows, seen = [], set()
    for old in sorted(version.revision.version_set.all(), key=lambda row: row.pk != version.pk):
        stored = old._object_version
        current = old._model._default_manager.filter(pk=stored.object.pk).first()
        seen.add((old._model, stored.object.pk))
        fields = field_changes(current, stored.object, stored.m2m_data or {})
        if fields:
            rows.append(RowChange(title(current or stored.object), "change" if current else "restore", fields))
    main = version._model._default_manager.filter(pk=version.object_id).first()
    # Reverting deletes the inline rows added since this version (reversion's revert(delete=True)).
    for added in _follow_relations(main) if main else ():
        if (type(added), added.pk) not in seen:
            rows.append(RowChange(title(added), "delete", field_changes(added, None, None)))
    return rows


class VersionDiffMixin:
    """Shows, above the revert form, what reverting to the chosen version would change."""

    def revision_view(self, request, object_id, version_id, extra_context=None):
        version = Version.objects.filter(pk=version_id).first()  # reversion's own view answers 404 for a bad one
        try:
            changes = changes_on_revert(version) if version is not None and request.method == "GET" else []
        except RevertError:
            changes = []  # a version that cannot be read: reversion's own view says so and goes back to the list
        context = {"revert_changes": changes, **(extra_context or {})}
        return super().revision_view(request, object_id, version_id, context)
