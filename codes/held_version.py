"""The content version as this process last read it, shared by its threads.

Held for settings.VERSION_SECONDS, so a cached page costs no query; kept after that as the
version to go on with while the database cannot be read, so cached pages are still served.
A version read by a thread whose own edit is not yet committed is never shared: other threads
would file the old content under the new token, and a rollback would leave a token that
never existed."""

import logging
import math
import threading
import time
from collections.abc import Callable
from datetime import datetime

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

Version = tuple[str, datetime]

# Set on a connection by begin_own_write(): the outermost atomic block that holds the edit.
OWN_WRITE = "content_version_written_in"


class HeldVersion:
    def __init__(self):
        self._lock = threading.Lock()
        self._value: Version | None = None
        self._read_at = -math.inf
        self._generation = 0  # moved on by forget(), so that a read begun before it is not kept
        self._outage = False

    def get(self, read: Callable[[], Version]) -> Version:
        if own_write_pending():
            return read()
        with self._lock:
            value, generation = self._value, self._generation
            if value is not None and time.monotonic() - self._read_at < settings.VERSION_SECONDS:
                return value
        try:
            fresh = read()
        except DatabaseError as error:
            if value is None:
                raise  # never read: there is nothing to go on with
            self._down(error, generation)
            return value
        with self._lock:
            if self._generation == generation:
                self._value, self._read_at = fresh, time.monotonic()
            if self._outage:
                self._outage = False
                logger.info("The database answers again; the content version is %s.", fresh[0])
        return fresh

    def check(self, read: Callable[[], Version]) -> bool:
        with self._lock:
            generation = self._generation
        try:
            read()
        except DatabaseError as error:
            self._down(error, generation)
            return False
        return True

    def forget(self) -> None:
        with self._lock:
            self._generation += 1
            self._read_at = -math.inf

    def _down(self, error: DatabaseError, generation: int) -> None:
        """One warning per outage; the next try waits a hold, so requests do not each wait on the database."""
        with self._lock:
            if self._generation == generation:
                self._read_at = time.monotonic()
            if self._outage:
                return
            self._outage = True
        served = f"cached pages are served as of content version {self._value[0]} and " if self._value else ""
        logger.warning("The database cannot be read (%s): %sother pages answer 503 until it answers again.",
                       error, served)


HELD = HeldVersion()


def begin_own_write() -> None:
    """Called by a write to the version: forgets it, and keeps this thread reading the database until commit."""
    HELD.forget()
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.in_atomic_block:
        setattr(connection, OWN_WRITE, connection.atomic_blocks[0])


def end_own_write() -> None:
    """At the commit: every thread reads the new version."""
    HELD.forget()
    setattr(connections[DEFAULT_DB_ALIAS], OWN_WRITE, None)


def own_write_pending() -> bool:
    """Whether this thread's connection has written the version in a transaction still open.

    A commit or a rollback ends the outermost block, so a marker left from either no longer matches."""
    connection = connections[DEFAULT_DB_ALIAS]
    block = getattr(connection, OWN_WRITE, None)
    return block is not None and connection.in_atomic_block and connection.atomic_blocks[0] is block
