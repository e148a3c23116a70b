"""Whole pages and JSON for readers, served from the cache until the content changes.

The cache key holds the content version, which every write to the content replaces (see
signals.py), so an editor's save or a fixture load shows in the very next request of its own
process and within a second (settings.VERSION_SECONDS) in every other, without anyone
deleting anything: stale entries are simply never asked for again and age out. Responses
carry a strong ETag and the time the content last changed, so browsers and CDNs can
revalidate with a 304, and a Cache-Control that lets a CDN keep a page for a minute. While
edits come one after another, readers' pages move on once per five seconds (page_version.py).

Variants of one address (compressed or not) are told apart by the request headers each
response names in its Vary header, as Django's own cache does.
A hit costs no SQL (each process holds the version for a second, see held_version.py) and
two cache reads (the address's Vary list, then the entry), stored with every header already
worked out, so nothing is rendered, compressed or hashed again.

Failures cost readers little: with the cache server down or hung, pages are built without it
(breaker.py); with the database down, cached pages are still served under the version held
last, and the others answer 503. Only addresses whose query parameters the page reads are
stored (reads_query), so made-up ones do not fill the cache; and an address holding typed text (a
search) is stored only when a process sees it asked a second time (FirstAsks). Most searches are asked
once: stored, each of them would cost the request that built it a tenth of a millisecond more and push a
page readers come back to out of the cache's 5,000 entries. A CDN's "cache on second hit" does the same.
"""

import hashlib
from collections import OrderedDict
from datetime import datetime
from http import HTTPStatus
from threading import Lock

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import get_cache_key, get_conditional_response, learn_cache_key
from django.utils.http import http_date

from .breaker import BREAKER
from .models import ContentVersion
from .page_version import PAGE_VERSION

# Requests whose answers are never shared between readers.
PRIVATE_PREFIXES = ("/admin/",)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not shared(request):
            return self.get_response(request)
        token, changed_at = PAGE_VERSION.get(request, ContentVersion.held())  # held back during steady editing
        prefix = f"page:{token}"
        if (entry := BREAKER.call(look_up, request, prefix)) is not None:
            return answer(request, entry)
        response = self.get_response(request)
        if not cacheable(response) or not understood(request):
            return response
        entry = freeze(response, changed_at)
        if not one_off(request):
            BREAKER.call(store, request, response, prefix, entry)
        return answer(request, entry)

    def process_exception(self, request, exception):
        """A reader's page that needs the database while it is down: a 503 saying so, not a 500. Any other
        database error (a bug, say) stays a 500 with its traceback logged."""
        if public_read(request) and isinstance(exception, DatabaseError) and not ContentVersion.readable():
            return unavailable(request)
        return None


def look_up(request, prefix: str) -> tuple | None:
    # The key holds the address and the request headers that the answer's Vary named.
    key = get_cache_key(request, prefix, request.method, cache=cache)
    return None if key is None else cache.get(key)


def store(request, response, prefix: str, entry: tuple) -> None:
    key = learn_cache_key(request, response, settings.PAGE_CACHE_SECONDS, prefix, cache=cache)
    cache.set(key, entry, settings.PAGE_CACHE_SECONDS)


def shared(request) -> bool:
    """Reads that every reader gets alike; with the cache switched off, nothing is."""
    return settings.PAGE_CACHE and public_read(request)


def public_read(request) -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith(PRIVATE_PREFIXES)


def reads_query(*names: str, typed: tuple[str, ...] = ()):
    """Declares the query parameters a view reads. A query naming any other is answered but not cached: the
    page ignores it, so caching would store the same page again under each new address (`?x=<random>`).
    `typed` names those holding whatever a reader types: a page for one of them is stored at its second ask."""

    def declare(view):
        view.query_parameters = frozenset(names) | frozenset(typed)
        view.typed_parameters = frozenset(typed)
        return view

    return declare


def view_of(request):
    match = request.resolver_match
    return getattr(match.func, "view_class", match.func) if match else None


def understood(request) -> bool:
    return not request.GET or set(request.GET) <= getattr(view_of(request), "query_parameters", frozenset())


class FirstAsks:
    """The addresses with typed text that this process has answered once and not stored, the latest
    `size` of them. Per process, as the local cache is: under Redis, a search asked once in each of two
    workers is stored at its third ask."""

    def __init__(self, size: int):
        self.size = size
        self._asked: OrderedDict[str, None] = OrderedDict()
        self._lock = Lock()

    def first(self, address: str) -> bool:
        """Whether this is the first ask of `address` (recorded); at the second, it is forgotten here."""
        with self._lock:
            if address in self._asked:
                del self._asked[address]
                return False
            self._asked[address] = None
            if len(self._asked) > self.size:
                self._asked.popitem(last=False)
            return True

    def clear(self) -> None:
        with self._lock:
            self._asked.clear()


FIRST_ASKS = FirstAsks(size=10_000)


def one_off(request) -> bool:
    """A page for typed text that no one has asked for before, as far as this process knows."""
    typed = getattr(view_of(request), "typed_parameters", frozenset())
    return any(request.GET.get(name, "").strip() for name in typed) and FIRST_ASKS.first(request.get_full_path())


def cacheable(response) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "Cookie" not in response.get("Vary", "")
        and "private" not in response.get("Cache-Control", "")
    )


def freeze(response: HttpResponse, changed_at: datetime) -> tuple:
    """The answer as plain data, with its validators and caching rules added."""
    body = response.content
    headers = {name: value for name, value in response.items() if name.lower() != "set-cookie"}
    headers["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    headers["Last-Modified"] = http_date(changed_at.timestamp())
    headers["Cache-Control"] = f"public, max-age=0, must-revalidate, s-maxage={settings.CDN_SECONDS}"
    return headers, body, int(changed_at.timestamp())


def answer(request, entry: tuple) -> HttpResponse:
    """The stored answer, or a 304 when the reader's copy is still good (RFC 9110 §13.2.2)."""
    headers, body, changed = entry
    response = HttpResponse(body, headers=headers)
    return get_conditional_response(request, etag=headers["ETag"], last_modified=changed, response=response)


def unavailable(request) -> HttpResponse:
    response = render(request, "503.html", status=HTTPStatus.SERVICE_UNAVAILABLE)
    response["Retry-After"] = "30"
    response._has_been_logged = True  # the outage was logged once, by held_version; not once per request
    return response
