"""The search index after an edit: readers keep the previous one while one background build makes the next."""

import gc
import logging
import threading
import time
import weakref

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from codes.models import ContentVersion, SearchSynonym
from codes.search import current, search
from codes.search.current import Engine, Holder, StaleSearchMiddleware

pytestmark = pytest.mark.usefixtures("in_background")


@pytest.fixture
def in_background():
    with override_settings(SEARCH_INDEX_IN_BACKGROUND=True):
        yield


class Content:
    """A stand-in for the database: its version, and builds that can be held back or made to fail."""

    def __init__(self):
        self.token, self.built, self.failing = "v0", [], set()
        self.gate = threading.Event()
        self.gate.set()

    def build(self, token: str) -> Engine:
        self.gate.wait(5)
        if token in self.failing:
            raise RuntimeError("the database went away")
        self.built.append(token)
        return Engine(token, None, None)


@pytest.fixture
def content():
    return Content()


def started(content: Content, **waits) -> Holder:
    holder = Holder(build=content.build, version=lambda: content.token, **{"quiet": 0, "longest": 0, "spacing": 0, **waits})
    holder.get("v0")  # a process's first search builds the index before it answers
    return holder


@pytest.fixture
def holder(content):
    holder = started(content)
    yield holder
    content.gate.set()
    holder.wait(5)


def test_the_previous_index_answers_while_the_next_is_built(content, holder):
    content.gate.clear()
    content.token = "v1"
    assert holder.get("v1").token == "v0"  # at once, not after a build
    assert holder.get("v1").token == "v0"
    content.gate.set()
    holder.wait(5)
    assert holder.get("v1").token == "v1"
    assert content.built == ["v0", "v1"]


def edit(content: Content, holder: Holder, times: int, *, every: float) -> None:
    for _ in range(times):
        content.token = f"v{int(content.token[1:]) + 1}"
        holder.get(content.token)
        time.sleep(every)


def test_a_burst_of_edits_costs_one_build_not_one_per_edit(content):
    holder = started(content, quiet=0.3, longest=2)
    edit(content, holder, 10, every=0.02)
    holder.wait(5)
    assert holder.get("v10").token == "v10"
    assert content.built == ["v0", "v10"]


def test_edits_that_never_pause_still_reach_the_index_soon(content):
    holder = started(content, quiet=0.3, longest=0.5)
    edit(content, holder, 20, every=0.1)  # two seconds of edits, never 0.3 s apart
    assert 2 <= len(content.built) <= 6, content.built
    holder.wait(5)
    assert holder.get("v20").token == "v20"


def test_steady_editing_costs_a_build_per_spacing_not_one_per_edit(content):
    holder = started(content, quiet=0.05, longest=0.1, spacing=1)
    edit(content, holder, 8, every=0.2)  # an edit every 0.2 s, each followed by a pause long enough to build
    assert len(content.built) - 1 in (1, 2), content.built
    holder.wait(5)
    assert holder.get("v8").token == "v8"


def test_a_failed_build_keeps_the_previous_index_and_logs_why(content, holder, caplog):
    content.failing.add("v1")
    content.token = "v1"
    with caplog.at_level(logging.ERROR, logger="codes.search.current"):
        holder.get("v1")
        holder.wait(5)
    assert holder.get("v1").token == "v0"
    assert "could not be rebuilt" in caplog.text and "the database went away" in caplog.text
    holder.wait(5)
    assert content.built == ["v0"], "readers' searches do not start a build again straight away"


def test_a_search_answered_from_the_previous_index_is_not_cached(content, holder):
    content.gate.clear()
    content.token = "v1"
    stale = StaleSearchMiddleware(lambda request: HttpResponse(holder.get("v1").token))(RequestFactory().get("/"))
    assert stale.content == b"v0" and "private" in stale["Cache-Control"]
    content.gate.set()
    holder.wait(5)
    fresh = StaleSearchMiddleware(lambda request: HttpResponse(holder.get("v1").token))(RequestFactory().get("/"))
    assert fresh.content == b"v1" and not fresh.has_header("Cache-Control")


def test_during_steady_editing_a_search_on_the_previous_index_may_be_cached(content, holder):
    content.gate.clear()
    content.token = "v1"

    def filed_under_a_version_held_back(request):
        request.content_held_back = True  # as codes/page_version.py marks it
        return HttpResponse(holder.get("v1").token)

    answered = StaleSearchMiddleware(filed_under_a_version_held_back)(RequestFactory().get("/"))
    assert answered.content == b"v0" and not answered.has_header("Cache-Control")


def test_a_process_builds_its_first_index_as_it_starts_and_searches_wait_for_that_build(content):
    content.gate.clear()
    holder = Holder(build=content.build, version=lambda: content.token, quiet=0, longest=0, spacing=0)
    warming = holder.warm()
    answered = []
    searching = threading.Thread(target=lambda: answered.append(holder.get("v0").token))
    searching.start()
    content.gate.set()
    warming.join(5)
    searching.join(5)
    assert answered == ["v0"] and content.built == ["v0"]  # one build, not one each
    holder.get("v0")
    assert content.built == ["v0"]


def test_a_first_build_that_fails_at_start_is_logged_and_left_to_the_first_search(content, caplog):
    content.failing.add("v0")
    holder = Holder(build=content.build, version=lambda: content.token, quiet=0, longest=0, spacing=0)
    holder.warm().join(5)
    assert holder.engine is None
    assert "could not be built at start" in caplog.text
    content.failing.clear()
    assert holder.get("v0").token == "v0"


class Node:
    """Part of an index that only a reference cycle holds once its index is replaced."""

    def __init__(self):
        self.itself = self


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr(current, "_first_frozen", 0)
    with override_settings(SEARCH_INDEX_FROZEN=True):
        yield
    gc.unfreeze()


def cyclic_holder(content) -> Holder:
    return Holder(build=lambda token: Engine(token, Node(), None), version=lambda: content.token,
                  quiet=0, longest=0, spacing=0)


def rebuilt(holder: Holder, content, token: str) -> None:
    content.token = token
    holder.get(token)  # answered from the previous index while this one is built
    holder.wait(5)
    assert holder.engine.token == token


def test_a_built_index_is_left_out_of_collections(content, frozen):
    holder = cyclic_holder(content)
    first = holder.get("v0").content
    # Frozen: the collector's passes, and their pauses under load, no longer walk the index.
    assert not any(tracked is first for tracked in gc.get_objects())
    rebuilt(holder, content, "v1")
    assert not any(tracked is holder.engine.content for tracked in gc.get_objects())


def test_a_rebuild_makes_no_full_collection_until_replaced_indexes_pile_up(content, frozen, monkeypatch):
    holder = cyclic_holder(content)
    first = weakref.ref(holder.get("v0").content)
    full_passes = []
    collecting = lambda phase, info: full_passes.append(1) if phase == "start" and info["generation"] == 2 else None
    gc.callbacks.append(collecting)
    gc.disable()  # only settle()'s own passes are counted, none the allocations of the moment would set off
    try:
        rebuilt(holder, content, "v1")
        assert full_passes == [] and first() is not None  # held by its cycle, frozen: no pause for it
        monkeypatch.setattr(current, "FROZEN_GROWTH", 0.0)  # as if they had piled up
        rebuilt(holder, content, "v2")
        assert full_passes and first() is None  # thawed and collected once
    finally:
        gc.enable()
        gc.callbacks.remove(collecting)


@pytest.mark.django_db
def test_a_thread_finds_its_own_edit_at_once_before_the_commit():
    assert search("purple walrus").results == []
    SearchSynonym.objects.create(phrase="purple walrus", means="forbidden")
    assert [result.record.key for result in search("purple walrus").results[:1]] == [403]


@pytest.mark.django_db(transaction=True)
def test_a_committed_edit_starts_the_build_without_waiting_for_a_search(load_content):
    search("busy")
    with transaction.atomic():
        SearchSynonym.objects.create(phrase="purple walrus", means="forbidden")
    current.HOLDER.wait(30)
    assert current.HOLDER.engine.token == ContentVersion.current()
    assert [result.record.key for result in search("purple walrus").results[:1]] == [403]
