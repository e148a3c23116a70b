"""Links from a public page to the admin form of what it shows, for editors only.

Every reader gets the same cached copy of a page, so the link is in every copy, hidden; site.js shows it when the
admin has set its editor cookie (codes.middleware.EditorCookieMiddleware). The admin checks the session itself."""

from django import template
from django.apps import apps
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


def admin_url(target: Model | str) -> str:
    """The change form of a row, or the list of a model named "app_label.ModelName"."""
    if isinstance(target, str):
        opts = apps.get_model(target)._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    opts = target._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[target.pk])


@register.simple_tag
def edit_link(target: Model | str, label: str, *, inline: bool = False) -> SafeString:
    """A hidden link to the admin, on a line of its own or, `inline`, within the text."""
    if inline:
        return format_html('<a class="edit-link" href="{}" data-editor-only hidden>{}</a>', admin_url(target), label)
    return format_html('<p class="edit-link" data-editor-only hidden><a href="{}">{}</a></p>', admin_url(target), label)
