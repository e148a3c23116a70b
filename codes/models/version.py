"""A token that changes whenever content changes, so that derived data (the search index,
cached pages) can tell it is stale. A random token rather than a counter: when a
transaction rolls back, the old token comes back with the old content, and no token is
ever reused for different content.

Every request needs the version, so each process holds the one it read last for
settings.VERSION_SECONDS instead of asking the database each time (see codes/held_version.py): an edit made
in this process shows in its very next request, one made elsewhere within that time."""

import uuid
from datetime import datetime

from django.db import models, transaction
from django.utils import timezone

from ..held_version import HELD, begin_own_write, end_own_write


def new_token() -> str:
    return uuid.uuid4().hex


class ContentVersion(models.Model):
    token = models.CharField(max_length=32, default=new_token)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "content version"

    def __str__(self):
        return self.token

    @classmethod
    def latest(cls) -> "ContentVersion":
        version, _ = cls.objects.get_or_create(pk=1)
        return version

    @classmethod
    def held(cls) -> tuple[str, datetime]:
        """(token, changed_at) as this process holds them; the last ones read while the database is down."""
        return HELD.get(cls.read)

    @classmethod
    def read(cls) -> tuple[str, datetime]:
        version = cls.latest()
        return version.token, version.changed_at

    @classmethod
    def readable(cls) -> bool:
        """Whether the database answers now (a failure counts towards the outage's one warning)."""
        return HELD.check(cls.read)

    @classmethod
    def current(cls) -> str:
        return cls.held()[0]

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(token=new_token(), changed_at=timezone.now()):
            cls.objects.get_or_create(pk=1)
        # Forgotten now, for this thread's next request, and again at the commit, for every thread's: until then
        # they may read and hold the committed version, which is still the right one for them.
        begin_own_write()
        transaction.on_commit(end_own_write)


class LoadedBundle(models.Model):
    """The fingerprint of the fixture files last loaded, so that an unchanged bundle is not read again."""

    fingerprint = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.fingerprint[:12]

    @classmethod
    def matches(cls, fingerprint: str) -> bool:
        return cls.objects.filter(pk=1, fingerprint=fingerprint).exists()

    @classmethod
    def record(cls, fingerprint: str) -> None:
        cls.objects.update_or_create(pk=1, defaults={"fingerprint": fingerprint})
