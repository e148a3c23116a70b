"""The search index for the current content, held per process and rebuilt off readers' paths.

Building the index takes about half a second (every document read, then indexed), so readers never
wait for it after a process's first search: when the content version changes, the process keeps
answering from the index it has while one background thread builds the next. The build waits until
edits pause for half a second (two seconds at most) and five seconds have passed since the previous
one began, and changes that arrive while it runs make one more build after it: a burst of edits
costs a process one build or two, and steady editing one per five seconds, never one per edit. A
write made in this process starts the wait at its commit (signals.py), without waiting for a reader
to notice. A failed build is logged, the old index kept, and tried again after a pause.

A search answered from an index older than the content is sent uncached (StaleSearchMiddleware):
the page cache would otherwise keep it under the new version for as long as that version lasts.

A thread inside a transaction may see writes of its own that no other thread can see yet (an
editor's save, a test): it builds an index of its own at once, never shared, so that it finds what
it wrote and no one else finds what may yet be rolled back. A token names one state of the
content (models/version.py), so an index is right for whoever sees its token."""

import contextvars
import gc
import logging
import math
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, connections, transaction
from django.utils.cache import add_never_cache_headers

from ..models import ContentVersion
from .documents import Content, load_content
from .index import Index
from .spelling import warm_up

logger = logging.getLogger(__name__)

# A build waits until edits pause this long, so that a burst of saves costs one build ...
QUIET_SECONDS = 0.5
# ... but never longer than this after the first change, so that steady editing cannot put it off ...
LONGEST_WAIT_SECONDS = 2.0
# ... and no sooner than this after the previous build began, so that steady editing costs a build per 5 s at most.
SPACING_SECONDS = 5.0
# After a failed build, readers' searches do not start another for this long.
RETRY_SECONDS = 10.0


@dataclass(frozen=True)
class Engine:
    token: str
    content: Content
    index: Index


def build(token: str) -> Engine:
    """The index of the content as the database holds it now, named by the version read before it."""
    content = load_content()
    warm_up()
    return Engine(token, content, Index(content.documents))


_answered_stale = contextvars.ContextVar("answered_stale", default=False)


class Holder:
    """One process's index: built once at first, then again in the background as the content changes."""

    def __init__(self, *, build: Callable[[str], Engine] = build, version: Callable[[], str] = ContentVersion.current,
                 quiet: float = QUIET_SECONDS, longest: float = LONGEST_WAIT_SECONDS, spacing: float = SPACING_SECONDS):
        self._build, self._version = build, version
        self._quiet, self._longest, self._spacing = quiet, longest, spacing
        self._built_at = -math.inf  # when the last background build began
        self.engine: Engine | None = None
        self._lock = threading.Lock()  # guards the fields below
        self._worker: threading.Thread | None = None
        self._seen: str | None = None  # the newest version a search has asked for
        self._pending = False  # a change not yet built
        self._changed_at = -math.inf
        self._failed_at = -math.inf
        self._first = threading.Lock()
        self._own = threading.local()  # a transaction's own index

    def get(self, token: str) -> Engine:
        """An index for `token` if there is one; else the previous one, while the next is built."""
        engine = self.engine
        if engine is not None and engine.token == token:
            _answered_stale.set(False)
            return engine
        if connection.in_atomic_block:
            return self._own_index(token)
        if engine is None or not settings.SEARCH_INDEX_IN_BACKGROUND:
            return self._shared_index(token)
        self.refresh(token)
        _answered_stale.set(True)
        return engine

    def refresh(self, token: str | None = None) -> None:
        """The content changed (to `token`, if known): a background build follows once edits pause."""
        with self._lock:
            if not settings.SEARCH_INDEX_IN_BACKGROUND:
                return
            if token is None or token != self._seen:  # each search on the old index asks again: not a change
                self._seen, self._pending, self._changed_at = token, True, time.monotonic()
            if self._worker is None and self._pending and time.monotonic() - self._failed_at >= RETRY_SECONDS:
                self._worker = threading.Thread(target=self._work, name="search-index", daemon=True)
                self._worker.start()

    def warm(self) -> threading.Thread:
        """Builds a new process's first index in the background, so that its first reader's search need not wait
        for it: searches that come meanwhile wait for this build rather than make one each."""
        warming = threading.Thread(target=self._warm, name="search-index-warm", daemon=True)
        warming.start()
        return warming

    def _warm(self) -> None:
        try:
            self._shared_index(self._version())
        except Exception:
            logger.exception("The search index could not be built at start; the first search will try again")
        finally:
            connections.close_all()

    def wait(self, timeout: float | None = None) -> None:
        """Until no background build is under way or due (for tests and benchmarks), or `timeout` has passed."""
        while (worker := self._worker) is not None:
            worker.join(timeout)
            if worker.is_alive():
                return

    def _work(self) -> None:
        try:
            while True:
                self._wait_for_a_pause()
                with self._lock:
                    self._pending = False
                if not self._rebuild():
                    with self._lock:
                        self._failed_at, self._pending, self._worker = time.monotonic(), True, None
                    return
                with self._lock:
                    if not self._pending:
                        self._worker = None
                        return
        finally:
            connections.close_all()  # this thread's own connection, which no request will close

    def _wait_for_a_pause(self) -> None:
        """Until no change has come for a moment, so that a burst of edits costs one build; never very long."""
        began = time.monotonic()
        while True:
            with self._lock:
                changed_at = self._changed_at
            due = max(min(changed_at + self._quiet, began + self._longest), self._built_at + self._spacing)
            if (left := due - time.monotonic()) <= 0:
                return
            time.sleep(left)

    def _rebuild(self) -> bool:
        try:
            token = self._version()
            if self.engine is None or self.engine.token != token:
                self._built_at = time.monotonic()
                self.engine = self._timed_build(token)
                settle()
            return True
        except Exception:
            logger.exception("The search index could not be rebuilt; searches keep the previous content")
            return False

    def _shared_index(self, token: str) -> Engine:
        with self._first:  # the first searches of a process wait for one build, not one each
            if self.engine is None or self.engine.token != token:
                self.engine = self._timed_build(token)
                settle()
            _answered_stale.set(False)
            return self.engine

    def _own_index(self, token: str) -> Engine:
        own = getattr(self._own, "engine", None)
        if own is None or own.token != token:
            own = self._own.engine = self._timed_build(token)
        _answered_stale.set(False)
        return own

    def _timed_build(self, token: str) -> Engine:
        started = time.perf_counter()
        engine = self._build(token)
        logger.info("Search index rebuilt in %.2f s (process %d)", time.perf_counter() - started, os.getpid())
        return engine


# After a build, frozen objects beyond this many times what the first build left mean that replaced indexes are
# piling up, held only in reference cycles: then everything is thawed and collected once.
FROZEN_GROWTH = 2.0
_first_frozen = 0


def settle() -> None:
    """Keeps the garbage collector's full passes off readers' requests, once a shared index has been built.

    The index, with Django's own state, is most of a process's two hundred thousand tracked objects, and
    it lives until the next build. Left to the collector, every full pass walks all of them: about 85 ms,
    which lands on whichever requests are running, often enough under load to set the 99th percentile of
    new searches (README, "Speed"). Frozen, they are skipped. A replaced index is freed as its last
    reference goes, frozen or not; only what reference cycles hold stays, so that is collected (one full
    pass, thawed first) once the frozen objects have grown well past what the first build left, rather
    than after every build: during steady editing that would be a pause every five seconds."""
    global _first_frozen
    if not settings.SEARCH_INDEX_FROZEN:
        return
    if _first_frozen and gc.get_freeze_count() > FROZEN_GROWTH * _first_frozen:
        gc.unfreeze()
        gc.collect()
    gc.freeze()
    if not _first_frozen:
        _first_frozen = gc.get_freeze_count()


HOLDER = Holder()


def engine() -> Engine:
    """The index for the current content, or the previous one while the next is being built."""
    return HOLDER.get(ContentVersion.current())


def content_written() -> None:
    """Called for every write to the content: the index follows once the write is committed."""
    if connection.in_atomic_block:
        transaction.on_commit(HOLDER.refresh)
    else:
        HOLDER.refresh()


class StaleSearchMiddleware:
    """Keeps a search answered from the previous index out of the page cache, which files it under the new
    version; it sits inside codes.cache.PageCacheMiddleware. During steady editing the cache files readers'
    pages under a version held back (codes/page_version.py), which is left behind within seconds: there a
    search may be kept, or every search would be answered afresh for as long as the editing goes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _answered_stale.set(False)
        response = self.get_response(request)
        if _answered_stale.get() and not getattr(request, "content_held_back", False):
            add_never_cache_headers(response)
        _answered_stale.reset(reset)
        return response
