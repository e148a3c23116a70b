"""Whole pages and JSON for readers, served from the cache until the content changes.

The cache key holds the content version, which every write to the content replaces (see
signals.py), so an editor's save or a fixture load shows in the very next request, in every
worker and process, without anyone deleting anything: stale entries are simply never asked
for again and age out. Responses carry a strong ETag and the time the content last changed,
so browsers and CDNs can revalidate with a 304, and a Cache-Control that lets a CDN keep a
page for a minute.

A hit costs one small SQL query (the version) and one cache read: the entry is stored with
every header already worked out, so nothing is rendered, compressed or hashed again.
"""

import hashlib
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse, HttpResponseNotModified
from django.utils.http import http_date, parse_http_date_safe

from .models import ContentVersion

# Requests whose answers are never shared between readers.
PRIVATE_PREFIXES = ("/admin/",)
# Headers a 304 repeats from the full answer (RFC 9110 §15.4.5).
NOT_MODIFIED_HEADERS = ("Cache-Control", "Content-Location", "Date", "ETag", "Expires", "Last-Modified", "Vary")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not shared(request):
            return self.get_response(request)
        token, changed_at = current_version()
        key = cache_key(request, token)
        if (entry := cache.get(key)) is None:
            response = self.get_response(request)
            if not cacheable(response):
                return response
            entry = freeze(response, changed_at)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
        return answer(request, entry)


def shared(request) -> bool:
    """Reads that every reader gets alike; with the cache switched off, nothing is."""
    return (
        settings.PAGE_CACHE
        and request.method in ("GET", "HEAD")
        and not request.path.startswith(PRIVATE_PREFIXES)
    )


def current_version() -> tuple[str, datetime | str]:
    """The content version, read with plain SQL: this runs on every request, hit or miss."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token, changed_at FROM {ContentVersion._meta.db_table} WHERE id = 1")
        if row := cursor.fetchone():
            return row
    version = ContentVersion.latest()
    return version.token, version.changed_at


def cache_key(request, token: str) -> str:
    """What the answer depends on: the content, the address, and the headers responses vary on."""
    varies = [
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-History-Restore-Request", ""),
        "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "",
    ]
    return f"page:{token}:{hashlib.sha256(repr(varies).encode()).hexdigest()}"


def cacheable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cookie" not in response.get("Vary", "")
        and "private" not in response.get("Cache-Control", "")
    )


def freeze(response: HttpResponse, changed_at: datetime | str) -> tuple:
    """The answer as plain data, with its validators and caching rules added."""
    if isinstance(changed_at, str):  # SQLite hands back text; the value is UTC
        changed_at = datetime.fromisoformat(changed_at).replace(tzinfo=UTC)
    body = response.content
    headers = {name: value for name, value in response.items() if name.lower() != "set-cookie"}
    headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers["Last-Modified"] = http_date(changed_at.timestamp())
    headers["Cache-Control"] = f"public, max-age=0, must-revalidate, s-maxage={settings.CDN_SECONDS}"
    return headers, body, int(changed_at.timestamp())


def answer(request, entry: tuple) -> HttpResponse:
    headers, body, changed = entry
    if not_modified(request, headers["ETag"], changed):
        return HttpResponseNotModified(
            headers={name: value for name, value in headers.items() if name in NOT_MODIFIED_HEADERS}
        )
    return HttpResponse(body, headers=headers)


def not_modified(request, etag: str, changed: int) -> bool:
    """RFC 9110 §13.2.2: If-None-Match decides when present; otherwise If-Modified-Since."""
    if (if_none_match := request.headers.get("If-None-Match")) is not None:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return since is not None and changed <= since
