"""Sign-in lockouts count per username and real client address, so a stranger cannot lock every editor out."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"  # the TLS proxy every editor's request comes through


@pytest.fixture
def editors(db):
    for name in ("ada", "bea"):
        User.objects.create_user(name, password=f"{name}-right-password", is_staff=True)


def sign_in(client, username, password=None, **meta):
    client.logout()
    data = {"username": username, "password": password or f"{username}-right-password"}
    return client.post("/admin/login/", data, REMOTE_ADDR=meta.pop("address", PROXY), **meta).status_code


def fail_five_times(client, username, **meta):
    codes = [sign_in(client, username, "wrong", **meta) for _ in range(5)]
    assert codes == [HTTPStatus.OK] * 4 + [HTTPStatus.TOO_MANY_REQUESTS]


def test_five_failures_lock_that_username_at_that_address_only(client, editors):
    fail_five_times(client, "ada", address="198.51.100.7")
    assert sign_in(client, "ada", address="198.51.100.7") == HTTPStatus.TOO_MANY_REQUESTS
    assert sign_in(client, "bea", address="198.51.100.7") == HTTPStatus.FOUND  # another editor, same address
    assert sign_in(client, "ada", address="203.0.113.9") == HTTPStatus.FOUND  # the same editor, elsewhere


def test_a_stranger_trying_every_username_locks_only_their_own_address(client, editors, settings):
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 12
    for attempt in range(12):
        sign_in(client, f"guess{attempt % 4}", "wrong", address="192.0.2.66")
    assert sign_in(client, "bea", address="192.0.2.66") == HTTPStatus.TOO_MANY_REQUESTS
    assert sign_in(client, "bea", address="203.0.113.9") == HTTPStatus.FOUND


def test_behind_a_proxy_clients_are_told_apart_by_the_configured_header(client, editors, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The proxy appends the address it saw; a client's own value before it counts for nothing.
    fail_five_times(client, "ada", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7")
    assert sign_in(client, "ada", HTTP_X_FORWARDED_FOR="198.51.100.7") == HTTPStatus.TOO_MANY_REQUESTS
    assert sign_in(client, "ada", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9") == HTTPStatus.FOUND


def test_without_the_setting_a_spoofed_header_is_ignored(client, editors, settings):
    settings.CLIENT_IP_HEADER = ""
    fail_five_times(client, "ada", address="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.1")
    # A new header value does not make a new client: the connection's address is what counts.
    assert sign_in(client, "ada", address="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.2") == 429
    assert sign_in(client, "ada", address="203.0.113.9", HTTP_X_FORWARDED_FOR="198.51.100.7") == HTTPStatus.FOUND
