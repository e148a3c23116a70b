"""Every write to the reference content changes the content version.

A signal is the one place that sees every write path: the admin, fixture loads, the shell,
management commands. It swaps a token, which whatever depends on the content (the search
index, cached pages) checks, so no test has to be transactional for it, and tells the
search index to follow once the write is committed, so that the writing process need not
wait for a reader to notice. QuerySet.update() sends no signal: code that uses it must call
ContentVersion.bump() itself."""

import threading
from contextlib import contextmanager

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import ContentVersion, LoadedBundle, UnfoundSearch
from .search.current import content_written

_state = threading.local()


@contextmanager
def versions_unchanged():
    """Writes inside this block leave the version alone; for bulk loads that bump it once at the end."""
    before = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = before


def content_changed(sender, *, raw: bool = False, using: str = DEFAULT_DB_ALIAS, **kwargs):
    if getattr(_state, "paused", False) or (raw and already_bumped_in_this_block(using)):
        return
    ContentVersion.bump()
    content_written()


def rows_deleted(sender, *, using: str = DEFAULT_DB_ALIAS, **kwargs):
    """One delete() call removes rows (and what cascades from them) in one block: one new version for all."""
    if not getattr(_state, "paused", False) and not already_bumped_in_this_block(using):
        ContentVersion.bump()
        content_written()


def already_bumped_in_this_block(using: str) -> bool:
    """Whether the innermost atomic block open now has changed the version already.

    loaddata saves thousands of rows raw in its own block, and delete() removes rows in its own,
    so the first row changes the version for the rest. The block is remembered itself, not its
    id(), so a later load or delete can never be taken for it."""
    connection = connections[using]
    if not connection.in_atomic_block:
        return False
    block = connection.atomic_blocks[-1]
    if getattr(_state, "bumped_in", None) is block:
        return True
    _state.bumped_in = block
    return False


def connect() -> None:
    for model in apps.get_app_config("codes").get_models():
        if model in (ContentVersion, LoadedBundle, UnfoundSearch):  # not content: no new version
            continue
        post_save.connect(content_changed, sender=model, dispatch_uid=f"version-save-{model._meta.label}")
        post_delete.connect(rows_deleted, sender=model, dispatch_uid=f"version-delete-{model._meta.label}")
    for field_owner, field in (("codes.ResponseCode", "senders"), ("codes.WarningCode", "typical_codes")):
        through = getattr(apps.get_model(field_owner), field).through
        m2m_changed.connect(content_changed, sender=through, dispatch_uid=f"version-m2m-{field_owner}-{field}")
