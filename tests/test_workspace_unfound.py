"""Searches that found nothing: counted with no database write on the reader's path, the page cache's
repeats included, stored as a short text and a count per day, kept for 90 days, capped per day."""

import re
from collections import Counter
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from codes.models import SearchSynonym, UnfoundSearch
from codes.workspace import unfound

pytestmark = pytest.mark.django_db
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture(autouse=True)
def empty_tally():
    unfound.tally.take()
    yield
    unfound.tally.take()


@pytest.fixture
def cached_pages():
    cache.clear()
    with override_settings(PAGE_CACHE=True):
        yield
    cache.clear()


def writes(queries) -> list[str]:
    return [query["sql"] for query in queries if WRITES.match(query["sql"])]


def test_a_search_that_finds_nothing_is_counted_each_time_the_cache_answers_it_too(client, cached_pages):
    url = "/search/?q=Xylophone++Marimba"
    with CaptureQueriesContext(connection) as reader_requests:
        first = client.get(url, REMOTE_ADDR="203.0.113.9")
        second = client.get(url, REMOTE_ADDR="203.0.113.9")
    assert second.content == first.content and "Nothing matches “Xylophone  Marimba”" in first.content.decode()
    assert not writes(reader_requests.captured_queries)
    assert not UnfoundSearch.objects.exists()  # nothing stored until the counts are written out
    assert unfound.MARK not in first and unfound.MARK not in second  # the mark never leaves the site

    unfound.flush()
    (row,) = UnfoundSearch.objects.values()
    assert (row["text"], row["count"], row["day"]) == ("xylophone marimba", 2, timezone.localdate())
    assert {field.name for field in UnfoundSearch._meta.get_fields()} == {"id", "day", "text", "count"}
    assert "203.0.113.9" not in str(row)


def test_a_search_that_finds_something_is_not_counted(client):
    client.get("/search/?q=busy+here")
    client.get("/search/?q=486")  # the one right answer: a redirect
    unfound.flush()
    assert not UnfoundSearch.objects.exists()


def test_the_start_page_writes_the_counts_out_and_shows_them(client, editor):
    client.get("/search/?q=xylophone")
    page = client.get(reverse("workspace")).content.decode()
    assert '<a href="/search/?q=xylophone">xylophone</a>' in page and "once, last on" in page
    assert f'<a href="{reverse("admin:codes_searchsynonym_add")}?phrase=xylophone">Add as a synonym</a>' in page


def test_a_search_that_finds_something_now_leaves_the_list(client, editor):
    UnfoundSearch.objects.create(day=timezone.localdate(), text="glorp", count=4)
    assert "glorp" in client.get(reverse("workspace")).content.decode()
    SearchSynonym.objects.create(phrase="glorp", means="busy")  # what an editor does from "Add as a synonym"
    assert "glorp" not in client.get(reverse("workspace")).content.decode()


def test_an_editor_following_a_row_to_the_results_is_not_counted(client):
    client.get("/search/?q=xylophone", headers={"referer": "http://testserver" + reverse("workspace")})
    unfound.flush()
    assert not UnfoundSearch.objects.exists()


def test_the_text_kept_is_short_and_names_no_one():
    kept = unfound.kept_text("Call from alice@example.com at 192.0.2.44 to +44 20 7946 0958 fails " + "x" * 200)
    assert kept.startswith("call from [address] at [address] to [number] fails")
    assert len(kept) == unfound.MAX_TEXT
    assert unfound.kept_text("SIP/2.0 486 Busy Here") == "sip/2.0 486 busy here"
    assert unfound.as_searched(kept).startswith("call from at to fails")


def test_rows_older_than_ninety_days_are_pruned_when_counts_are_written():
    today = timezone.localdate()
    UnfoundSearch.objects.create(day=today - timedelta(days=90), text="old", count=3)
    UnfoundSearch.objects.create(day=today - timedelta(days=89), text="recent", count=1)
    unfound.flush(today=today)
    assert list(UnfoundSearch.objects.values_list("text", flat=True)) == ["recent"]


def test_a_flood_of_made_up_queries_stores_at_most_the_daily_cap(monkeypatch):
    monkeypatch.setattr(unfound, "DAILY_CAP", 3)
    today = timezone.localdate()
    UnfoundSearch.objects.create(day=today, text="known", count=1)
    for number in range(10):
        unfound.tally.add(today, f"flood {number}")
    unfound.tally.add(today, "known", 5)
    unfound.flush(today=today)
    assert UnfoundSearch.objects.filter(day=today).count() == 3
    assert UnfoundSearch.objects.get(text="known").count == 6  # a stored text still counts


def test_counts_from_several_days_and_writes_add_up():
    today = timezone.localdate()
    for day, text in ((today, "a"), (today, "a"), (today - timedelta(days=1), "a")):
        unfound.tally.add(day, text)
    unfound.flush(today=today)
    unfound.tally.add(today, "a")
    unfound.flush(today=today)
    assert dict(UnfoundSearch.objects.values_list("day", "count")) == {today: 3, today - timedelta(days=1): 1}


def test_a_failed_write_keeps_the_counts_for_the_next(monkeypatch):
    today = timezone.localdate()
    unfound.tally.add(today, "kept")

    def fail(day, texts: Counter):
        raise RuntimeError("database away")

    monkeypatch.setattr(unfound, "store", fail)
    with pytest.raises(RuntimeError):
        unfound.flush(today=today)
    monkeypatch.undo()
    unfound.flush(today=today)
    assert UnfoundSearch.objects.get(text="kept").count == 1


def test_counting_can_never_break_the_search_page(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("memory full")

    monkeypatch.setattr(unfound.tally, "add", broken)
    assert client.get("/search/?q=xylophone").status_code == 200


def test_writing_out_nothing_takes_no_write_lock():
    """The start page writes its process's counts on every load; with none, it must not hold up anyone's save."""
    with CaptureQueriesContext(connection) as queries:
        unfound.flush()
    assert not writes(queries.captured_queries)
