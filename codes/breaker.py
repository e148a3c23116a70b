"""The page cache fails open: when Redis errs or does not answer in time, pages are built
without it, and for a few seconds (settings.PAGE_CACHE_RETRY_SECONDS) no request waits on it
again. One warning per outage, not a traceback per request."""

import logging
import threading
import time
from collections.abc import Callable

from django.conf import settings
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# What a cache backend raises when its server is down, hung or confused; local memory raises none.
CACHE_ERRORS = (RedisError, OSError)


class Breaker:
    def __init__(self):
        self._lock = threading.Lock()
        self._skip_until = 0.0
        self._outage = False

    def call[T](self, operation: Callable[..., T], *args) -> T | None:
        """operation(*args), or None when the cache is failing or was failing a moment ago."""
        with self._lock:
            now = time.monotonic()
            if now < self._skip_until:
                return None
            if self._outage:  # one request tries the cache again; the others go on without it meanwhile
                self._skip_until = now + settings.PAGE_CACHE_RETRY_SECONDS
        try:
            result = operation(*args)
        except CACHE_ERRORS as error:
            self._failed(error)
            return None
        if self._outage:
            self._recovered()
        return result

    def _failed(self, error: Exception) -> None:
        with self._lock:
            self._skip_until = time.monotonic() + settings.PAGE_CACHE_RETRY_SECONDS
            if self._outage:
                return
            self._outage = True
        logger.warning("The page cache failed (%s: %s); pages are built without it, trying it again every %s s.",
                       type(error).__name__, error, settings.PAGE_CACHE_RETRY_SECONDS)

    def _recovered(self) -> None:
        with self._lock:
            self._outage, self._skip_until = False, 0.0
        logger.info("The page cache answers again.")

    def reset(self) -> None:
        with self._lock:
            self._skip_until, self._outage = 0.0, False


BREAKER = Breaker()
