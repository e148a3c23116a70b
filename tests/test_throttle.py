"""Each client may decode a few pastes a minute; past that it is told to wait, and other clients are not."""

import logging
import uuid
from http import HTTPStatus
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.test import override_settings

from codes.breaker import BREAKER

pytestmark = pytest.mark.django_db
BUSY = "SIP/2.0 486 Busy Here\nCSeq: 1 INVITE"
LIMIT = 3


@pytest.fixture
def decode_limit(monkeypatch, settings):
    """The limit on, at three decodes a minute, with the clock stopped so that no minute ends mid-test.

    The counters get keys of this test's own: on CI's Redis, shared by the test workers, another worker's test
    counting the same address in the same stopped minute (or emptying the cache) would otherwise move them."""
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1_800_000_000.0))
    own_keys = {name: {**config, "KEY_PREFIX": f"throttle-{uuid.uuid4().hex}"} for name, config in settings.CACHES.items()}
    BREAKER.reset()
    with override_settings(RATELIMIT_ENABLE=True, DECODES_PER_MINUTE=LIMIT, CACHES=own_keys):
        yield


def decode_api(client, address: str, **headers):
    return client.post("/api/decode/", {"text": BUSY}, content_type="application/json", REMOTE_ADDR=address,
                       headers=headers)


def test_a_client_past_its_limit_gets_429_with_retry_after_and_others_are_served(client, decode_limit):
    for _ in range(LIMIT):
        assert decode_api(client, "203.0.113.5").status_code == HTTPStatus.OK
    refused = decode_api(client, "203.0.113.5")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused.json()["retry_after"] == int(refused["Retry-After"])
    assert f"Try again in {refused['Retry-After']} second" in refused.json()["error"]
    assert decode_api(client, "203.0.113.6").status_code == HTTPStatus.OK


def test_the_form_counts_with_the_api_and_keeps_the_paste(client, decode_limit):
    for _ in range(LIMIT):
        assert decode_api(client, "203.0.113.5").status_code == HTTPStatus.OK
    refused = client.post("/decode/", {"text": BUSY}, REMOTE_ADDR="203.0.113.5")
    assert refused.status_code == HTTPStatus.TOO_MANY_REQUESTS and int(refused["Retry-After"]) >= 1
    page = refused.content.decode()
    assert "the most sipref allows. Try again in" in page and "SIP/2.0 486 Busy Here" in page
    assert "What happened" not in page, "nothing is decoded"


def test_requests_that_decode_nothing_do_not_count(client, decode_limit):
    for _ in range(LIMIT + 2):
        assert client.post("/api/decode/", {"text": ""}, content_type="application/json",
                           REMOTE_ADDR="203.0.113.5").status_code == HTTPStatus.BAD_REQUEST
    assert decode_api(client, "203.0.113.5").status_code == HTTPStatus.OK


@override_settings(CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR")
def test_behind_a_proxy_each_client_is_the_address_the_proxy_appended(client, decode_limit):
    proxy = "10.0.0.2"
    for _ in range(LIMIT):
        assert decode_api(client, proxy, x_forwarded_for="198.51.100.7").status_code == HTTPStatus.OK
    # A client cannot escape its count by sending a header of its own: the proxy appends the real address.
    spoofed = decode_api(client, proxy, x_forwarded_for="192.0.2.99, 198.51.100.7")
    assert spoofed.status_code == HTTPStatus.TOO_MANY_REQUESTS
    assert decode_api(client, proxy, x_forwarded_for="198.51.100.8").status_code == HTTPStatus.OK


BROKEN_REDIS = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                            "LOCATION": "redis://127.0.0.1:1/0", "OPTIONS": {"socket_connect_timeout": 0.5}}}


def test_the_decoder_still_answers_when_the_cache_fails(client, decode_limit, caplog):
    BREAKER.reset()
    try:
        with override_settings(CACHES=BROKEN_REDIS):
            answers = [decode_api(client, "203.0.113.5") for _ in range(LIMIT + 1)]
    finally:
        BREAKER.reset()
    assert [answer.status_code for answer in answers] == [HTTPStatus.OK] * (LIMIT + 1)
    assert [record for record in caplog.records if record.levelno >= logging.ERROR] == []
    # One line for the outage, not one per decode: the page cache's breaker stops asking Redis meanwhile.
    warnings = [record for record in caplog.records if record.levelno == logging.WARNING]
    assert len(warnings) == 1, [record.getMessage() for record in warnings]
    assert warnings[0].exc_info is None and "ConnectionError" in warnings[0].getMessage()
