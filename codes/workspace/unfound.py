"""Searches that found nothing, counted without a database write on the reader's path.

The search view marks a page that found nothing with an internal header. The page cache stores the page
with its headers, so a repeat answered from the cache carries the mark too; the middleware here sits
outside the cache, counts the query in this process's memory and takes the header off before the response
leaves. A thread in each process writes the counts out every UNFOUND_FLUSH_SECONDS and once more when the
process exits, so every worker's counts reach the database; opening the editors' start page writes its own
process's at once. Only a short, normalised text and a count per day are kept: never an address, a session
or a time of day. Rows go after KEEP_DAYS, and a day takes at most DAILY_CAP distinct texts, so a flood of
made-up queries cannot fill the table.

Not counted: a browser revalidating a page it already holds (a 304 carries no mark), copies a CDN serves
in its minute (see codes/cache.py), and an editor following a link from the admin to see the results.
"""

import atexit
import logging
import os
import re
import threading
import time
from collections import Counter, defaultdict
from datetime import date, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connections, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from ..models import UnfoundSearch

MARK = "X-Sipref-Unfound"
MAX_TEXT = UnfoundSearch._meta.get_field("text").max_length
KEEP_DAYS = 90
DAILY_CAP = 200  # distinct texts stored per day
PENDING_CAP = 1000  # distinct texts a process holds between writes

logger = logging.getLogger(__name__)

# What could name a person or a device is replaced before the text is kept.
PRIVATE = (
    (re.compile(r"\S+@\S+"), "[address]"),
    (re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b"), "[address]"),
    (re.compile(r"\b[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}\b"), "[address]"),
    (re.compile(r"\+?\d(?:[\s().-]?\d){5,}"), "[number]"),
)


STAND_INS = re.compile(r"\[(?:address|number)\]")


def as_searched(kept: str) -> str:
    """A kept text without its stand-ins, to search again: the blanked number or address matched nothing then,
    while the word "number" would match now."""
    return " ".join(STAND_INS.sub(" ", kept).split())


def mark_unfound(response):
    """Called by the search view on a page that found nothing."""
    response[MARK] = "1"
    return response


def kept_text(query: str) -> str:
    """The query as it is kept: lower case, spacing collapsed, addresses and long numbers blanked, shortened."""
    text = " ".join(query.lower().split())
    for pattern, stand_in in PRIVATE:
        text = pattern.sub(stand_in, text)
    return text[:MAX_TEXT].rstrip()


class Tally:
    """Counts per day and text in this process, until they are written out."""

    def __init__(self):
        self._lock = threading.Lock()
        self._counts: Counter = Counter()

    def add(self, day: date, text: str, count: int = 1) -> None:
        with self._lock:
            if (day, text) in self._counts or len(self._counts) < PENDING_CAP:
                self._counts[(day, text)] += count

    def take(self) -> Counter:
        with self._lock:
            counts, self._counts = self._counts, Counter()
        return counts

    def give_back(self, counts: Counter) -> None:
        for (day, text), count in counts.items():
            self.add(day, text, count)

    def forget(self) -> None:
        """In a forked child: a fresh lock too, since another thread may have held the parent's at the fork."""
        self._lock, self._counts = threading.Lock(), Counter()


tally = Tally()
# A forked child starts with none of its parent's counts, which the parent writes out itself.
os.register_at_fork(after_in_child=tally.forget)


class UnfoundSearchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if MARK in response:
            del response[MARK]
            if request.method == "GET" and not from_the_admin(request):
                count(request.GET.get("q", ""))
        return response


def from_the_admin(request) -> bool:
    """An editor following a row of the start page to see what readers saw is not a reader searching."""
    return urlsplit(request.headers.get("Referer", "")).path.startswith(reverse("admin:index"))


def count(query: str) -> None:
    """In memory only; whatever goes wrong here must not cost the reader the page."""
    try:
        if text := kept_text(query):
            tally.add(timezone.localdate(), text)
            start_writer()
    except Exception:
        logger.exception("Could not count a search that found nothing")


def flush(*, today: date | None = None) -> None:
    """Write this process's counts to the database, and drop rows older than KEEP_DAYS."""
    if pending := tally.take():
        write(pending)
    # Looked for first: with nothing to do, no write lock is taken.
    old = UnfoundSearch.objects.filter(day__lte=(today or timezone.localdate()) - timedelta(days=KEEP_DAYS))
    if old.exists():
        old.delete()


def write(pending: Counter) -> None:
    by_day: dict[date, Counter] = defaultdict(Counter)
    for (day, text), number in pending.items():
        by_day[day][text] += number
    try:
        with transaction.atomic():
            for day, texts in by_day.items():
                store(day, texts)
    except Exception:
        tally.give_back(pending)  # tried again next time; nothing of the batch was written
        raise


def store(day: date, texts: Counter) -> None:
    stored = UnfoundSearch.objects.filter(day=day, text__in=list(texts))
    known = set(stored.values_list("text", flat=True))
    for text in known:
        UnfoundSearch.objects.filter(day=day, text=text).update(count=F("count") + texts[text])
    room = max(0, DAILY_CAP - UnfoundSearch.objects.filter(day=day).count())
    new = [text for text, _ in texts.most_common() if text not in known][:room]
    UnfoundSearch.objects.bulk_create([UnfoundSearch(day=day, text=text, count=texts[text]) for text in new])


def flush_quietly() -> None:
    """For the writer thread and exit: a failure is logged, and the counts wait for the next try."""
    try:
        flush()
    except Exception:
        logger.exception("Could not store searches that found nothing")
    finally:
        connections.close_all()  # this thread's connections only


_writer_pid: int | None = None
_writer_lock = threading.Lock()


def start_writer() -> None:
    """One writer thread per process, started by its first count (each server worker is a process of its own)."""
    global _writer_pid
    seconds = settings.UNFOUND_FLUSH_SECONDS
    if not seconds or _writer_pid == os.getpid():
        return
    with _writer_lock:
        if _writer_pid == os.getpid():
            return
        _writer_pid = os.getpid()
        threading.Thread(target=write_every, args=(seconds,), name="unfound-searches", daemon=True).start()
        atexit.register(flush_quietly)


def write_every(seconds: float) -> None:
    while True:
        time.sleep(seconds)
        flush_quietly()
