"""Only query parameters a page reads make new cache entries: anyone can invent others, one per request."""

import secrets
from http import HTTPStatus

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache

from .test_cache import renders


def entries() -> int:
    """How many entries the cache holds: the tests' local memory, or the Redis server under .ci/with-redis."""
    backend = caches["default"]
    return backend._cache.get_client().dbsize() if isinstance(backend, RedisCache) else len(backend._cache)


def with_random_parameter(url: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}x={secrets.token_hex(8)}"


@pytest.mark.django_db
def test_a_hundred_made_up_parameters_add_no_cache_entries(client, page_cache):
    client.get("/robots.txt")  # a page as cheap to build as any, so that a hundred take no time
    before = entries()
    answers = [client.get(with_random_parameter("/robots.txt")) for _ in range(100)]
    assert {answer.status_code for answer in answers} == {HTTPStatus.OK}
    assert entries() == before


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/codes/486/", "/codes/", "/codes/?class=4", "/search/?q=busy", "/api/codes/486/",
                                 "/api/codes/?class=4"])
def test_on_any_page_a_made_up_parameter_adds_no_entry(client, page_cache, url):
    client.get(url)
    before = entries()
    assert client.get(with_random_parameter(url)).status_code == HTTPStatus.OK
    assert entries() == before


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/codes/?class=4&status=standard", "/codes/?q=busy&common=on", "/search/?q=busy",
                                 "/api/codes/?class=4", "/api/search/?q=busy"])
def test_parameters_a_page_reads_are_cached(client, page_cache, url):
    client.get(url)
    client.get(url)  # one with typed text (q) is stored at its second ask (tests/test_cache_second_ask.py)
    rendered, response = renders(client, url)
    assert response.status_code == HTTPStatus.OK and rendered == 0
