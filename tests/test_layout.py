"""The layout's links and static files, worked out once per process, still point where they should."""

import re
from http import HTTPStatus

import pytest
from django.contrib import admin
from django.test import override_settings
from django.test.utils import override_script_prefix
from django.urls import include, path, reverse

from sipref.storage import StaticFilesStorage

pytestmark = pytest.mark.django_db
# The site mounted under /ref/, for the test that serves another URLconf.
urlpatterns = [path("ref/", include("codes.urls")), path("admin/", admin.site.urls)]
NAV = re.compile(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', re.DOTALL)
LAYOUT_LINKS = {"Codes": "codes:list", "Symptoms": "codes:symptoms", "Q.850": "codes:q850",
                "Warnings": "codes:warnings", "Decode": "codes:decode"}


def nav_links(page: str) -> dict[str, str]:
    return {label: href for href, label in re.findall(r'<a href="([^"]*)">([^<]+)</a>', NAV.search(page).group(1))}


@pytest.mark.parametrize("url", ["/", "/codes/486/", "/search/?q=busy+here", "/no-such-page/"])
def test_every_page_links_to_the_sections_and_searches_the_site(client, url):
    page = client.get(url).content.decode()
    assert nav_links(page) == {label: reverse(name) for label, name in LAYOUT_LINKS.items()}
    assert 'action="/search/"' in page and 'href="/opensearch.xml"' in page
    assert 'href="/cheatsheet/">Printable cheat sheet' in page and 'href="/api/codes/">JSON for tools' in page


def test_an_error_page_rendered_without_a_request_keeps_its_links(client):
    # Django renders the 400 page without a request, so no context processor runs for it.
    response = client.get("/codes/486/", headers={"host": "attacker.example"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert nav_links(response.content.decode()) == {label: reverse(name) for label, name in LAYOUT_LINKS.items()}


def test_served_under_a_path_prefix_the_links_carry_it(client):
    with override_script_prefix("/sipref/"):  # as the WSGI handler sets it from SCRIPT_NAME
        page = client.get("/codes/486/").content.decode()
    assert nav_links(page)["Codes"] == "/sipref/codes/"
    assert 'action="/sipref/search/"' in page
    page = client.get("/codes/486/").content.decode()
    assert nav_links(page)["Codes"] == "/codes/"


@pytest.mark.urls(__name__)
def test_a_site_mounted_elsewhere_links_within_it(client):
    page = client.get("/ref/codes/486/").content.decode()
    assert nav_links(page)["Codes"] == "/ref/codes/" and 'action="/ref/search/"' in page


def test_static_urls_are_the_manifests_hashed_names_each_time(tmp_path):
    (tmp_path / "staticfiles.json").write_text(
        '{"paths": {"css/site.css": "css/site.0123456789ab.css"}, "version": "1.1", "hash": "x"}'
    )
    with override_settings(DEBUG=False):
        storage = StaticFilesStorage(location=tmp_path, base_url="/static/")
        assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
        assert storage.url("css/site.css") == "/static/css/site.0123456789ab.css"
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("css/gone.css")
    with override_settings(DEBUG=True):
        assert storage.url("css/site.css") == "/static/css/site.css"
