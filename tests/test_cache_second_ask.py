"""A page for typed text (a search, a filter's words) is stored at its second ask, not its first: most are asked
once, and stored they would push out pages that readers come back to."""

from http import HTTPStatus

import pytest

import codes.api
import codes.views
from codes.cache import FirstAsks

from .test_cache import renders
from .test_cache_queries import entries

TYPED = ["/search/?q=busy+here", "/api/search/?q=busy", "/codes/?q=busy", "/codes/?class=4&q=busy",
         "/api/codes/?q=busy"]


def unsearchable(monkeypatch):
    """From here on, a search that is not answered from the cache fails the test."""

    def fail(text, **kwargs):
        raise AssertionError(f"searched for {text!r} instead of serving the stored page")

    monkeypatch.setattr(codes.views, "search", fail)
    monkeypatch.setattr(codes.api, "search", fail)


@pytest.mark.django_db
@pytest.mark.parametrize("url", TYPED)
def test_the_first_ask_is_answered_but_not_stored(client, page_cache, url):
    client.get("/codes/486/")
    before = entries()
    first = client.get(url)
    assert first.status_code == HTTPStatus.OK and first.has_header("ETag")
    assert entries() == before


@pytest.mark.django_db
@pytest.mark.parametrize("url", TYPED)
def test_the_second_ask_is_stored_and_the_third_served_from_the_cache(client, page_cache, monkeypatch, url):
    first, second = client.get(url), client.get(url)
    assert second.content == first.content
    unsearchable(monkeypatch)
    rendered, third = renders(client, url)
    assert rendered == 0
    assert third.status_code == HTTPStatus.OK and third.content == first.content


@pytest.mark.django_db
def test_a_stream_of_one_off_searches_leaves_the_cache_as_it_was(client, page_cache):
    for url in ("/", "/codes/486/", "/search/?q=busy+here", "/search/?q=busy+here"):
        client.get(url)
    before = entries()
    answers = [client.get("/search/", {"q": f"{first} {second}"}) for first in ("busy", "phone", "call", "trunk")
               for second in ("tone", "line", "signal", "register", "timeout", "codec", "audio", "password")]
    assert {answer.status_code for answer in answers} == {HTTPStatus.OK}
    assert entries() == before
    assert renders(client, "/search/?q=busy+here")[0] == 0


@pytest.mark.django_db
def test_an_empty_query_is_no_typed_text(client, page_cache):
    """/search/ and /codes/ with nothing typed are pages like any other: stored at once."""
    client.get("/search/?q=")
    assert renders(client, "/search/?q=")[0] == 0


def test_only_the_latest_first_asks_are_remembered():
    asks = FirstAsks(size=3)
    assert [asks.first(address) for address in "abcd"] == [True] * 4  # "a" is forgotten with "d"
    assert asks.first("a") is True
    assert asks.first("d") is False  # the second ask; forgotten again
    assert asks.first("d") is True
