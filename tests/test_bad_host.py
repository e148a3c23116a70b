"""A request naming a host the site does not serve gets the site's own 400 page and one warning line."""

import logging
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.test import override_settings

pytestmark = pytest.mark.django_db
BAD_HOST = "attacker.example"


def assert_the_400_page_and_one_warning(response, caplog) -> None:
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert "That request could not be read" in page and "Start again from the home page" in page
    assert BAD_HOST not in page, "no canonical link or Open Graph address on a host the site does not serve"
    assert [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR] == []
    warnings = [record for record in caplog.records if record.name == "django.security.DisallowedHost"]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert warnings[0].exc_info is None and BAD_HOST in warnings[0].getMessage()


@pytest.mark.parametrize("url", ["/", "/codes/486/", "/search/?q=busy", "/api/codes/486/", "/api/search/?q=busy",
                                 "/no-such-page/"])
def test_a_host_the_site_does_not_serve_gets_the_400_page(client, caplog, url):
    assert_the_400_page_and_one_warning(client.get(url, headers={"host": BAD_HOST}), caplog)


def test_a_post_to_the_decoder_api_with_a_bad_host_gets_the_400_page(client, caplog):
    response = client.post("/api/decode/", {"text": "SIP/2.0 486 Busy Here"}, content_type="application/json",
                           headers={"host": BAD_HOST})
    assert_the_400_page_and_one_warning(response, caplog)


def test_a_cached_page_is_not_served_to_a_bad_host(client, caplog):
    cache.clear()
    with override_settings(PAGE_CACHE=True):
        assert client.get("/codes/486/").status_code == HTTPStatus.OK
        caplog.clear()
        assert_the_400_page_and_one_warning(client.get("/codes/486/", headers={"host": BAD_HOST}), caplog)
    cache.clear()


def test_pages_on_an_allowed_host_keep_their_canonical_address(client):
    page = client.get("/codes/486/", headers={"host": "localhost"}).content.decode()
    assert '<link rel="canonical" href="http://localhost/codes/486/">' in page
    assert '<meta property="og:url" content="http://localhost/codes/486/">' in page
