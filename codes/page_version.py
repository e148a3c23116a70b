"""The content version a process files readers' pages under: the newest one, except while edits come faster
than one per settings.PAGE_VERSION_SPACING seconds, when it moves on once per that time.

Each process builds every page again once per version (20 to 70 ms a page), so an edit a second would keep
every process building every page it serves, every second, and readers would queue behind those builds. Held
back during steady editing, pages cost one build each per spacing instead; an edit after a quiet spell still
shows at once. Editors (who carry the editor cookie) and a thread inside its own uncommitted edit always get the
newest version, so an editor sees each save at once; readers see steady edits at most that late."""

import math
import threading
import time
from datetime import datetime

from django.conf import settings

from .held_version import own_write_pending
from .middleware import EDITOR_COOKIE

Version = tuple[str, datetime]


class PageVersion:
    def __init__(self):
        self._lock = threading.Lock()
        self._value: Version | None = None
        self._moved_at = -math.inf

    def get(self, request, newest: Version) -> Version:
        if request.COOKIES.get(EDITOR_COOKIE) or own_write_pending():
            return newest
        with self._lock:
            moved = self._value is None or self._value[0] != newest[0]
            if moved and time.monotonic() - self._moved_at >= settings.PAGE_VERSION_SPACING:
                self._value, self._moved_at = newest, time.monotonic()
            value = self._value
        # Pages filed under a version held back are left behind within seconds (codes/search/current.py reads it).
        request.content_held_back = value[0] != newest[0]
        return value


PAGE_VERSION = PageVersion()
