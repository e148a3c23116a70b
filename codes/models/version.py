"""A token that changes whenever content changes, so that derived data (the search index,
cached pages) can tell it is stale. A random token rather than a counter: when a
transaction rolls back, the old token comes back with the old content, and no token is
ever reused for different content."""

import uuid

from django.db import models
from django.utils import timezone


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
    def current(cls) -> str:
        return cls.latest().token

    @classmethod
    def bump(cls) -> None:
        if not cls.objects.filter(pk=1).update(token=new_token(), changed_at=timezone.now()):
            cls.objects.get_or_create(pk=1)


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
