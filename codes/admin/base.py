"""What every admin of the content shares: history and revert, the stale-edit guard, a clear page when the
database cannot be written, and a live preview beside each Markdown field."""

from typing import ClassVar

from django.db import transaction
from django.urls import reverse
from reversion.admin import VersionAdmin

from ..forms import GuardedModelForm
from ..history import VersionDiffMixin
from ..preview import MARKDOWN_FIELDS
from ..write_failures import WriteFailureMixin

GUARD = "loaded_state"


class GuardedFieldsets:
    """Adds the form's hidden fingerprint to whatever fields an admin shows."""

    form = GuardedModelForm

    def get_fieldsets(self, request, obj=None):
        *first, (name, options) = super().get_fieldsets(request, obj)
        if GUARD in options["fields"]:
            return [*first, (name, options)]
        return [*first, (name, {**options, "fields": [*options["fields"], GUARD]})]


class MarkdownPreviews:
    """Marks each field the site renders as Markdown, for static/js/admin-markdown.js to preview beside it."""

    class Media:
        css: ClassVar = {"all": ("css/admin.css",)}
        js = ("js/admin-markdown.js",)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        mode = MARKDOWN_FIELDS.get(self.model._meta.label, {}).get(db_field.name)
        if mode and formfield is not None:
            formfield.widget.attrs.update({
                "data-markdown-preview": reverse("admin:markdown_preview"), "data-markdown-mode": mode,
            })
        return formfield


class ContentAdmin(WriteFailureMixin, VersionDiffMixin, MarkdownPreviews, GuardedFieldsets, VersionAdmin):
    """History and revert for every change (showing what a revert would change), recovery of deleted rows,
    no lost updates, and a clear page when the database cannot be written."""

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST" and transaction.get_connection().in_atomic_block:
            # Lock the row while this save is checked, so two editors' saves are checked one after the other.
            obj = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
        return obj


class ContentInline(MarkdownPreviews, GuardedFieldsets):
    extra = 0
