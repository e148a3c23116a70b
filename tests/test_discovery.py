"""What search engines and browsers' address bars are given."""

import re
from http import HTTPStatus
from xml.etree import ElementTree

import pytest

from codes.models import ResponseCode

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def test_sitemap_lists_every_page_worth_finding(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == HTTPStatus.OK
    locations = {loc.text for loc in ElementTree.fromstring(response.content).iter(f"{SITEMAP}loc")}
    assert "http://testserver/codes/486/" in locations and "http://testserver/codes/608/" in locations
    assert {"http://testserver/", "http://testserver/codes/", "http://testserver/cheatsheet/"} <= locations
    assert "http://testserver/symptoms/phone-wont-register/" in locations
    assert "http://testserver/q850/17/" in locations and "http://testserver/classes/4xx/" in locations
    assert not any("/admin/" in loc or "/api/" in loc for loc in locations)


def test_robots_keeps_crawlers_out_of_admin_api_and_search(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /admin/" in text and "Disallow: /api/" in text and "Disallow: /search/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_opensearch_description_points_at_search(client):
    response = client.get("/opensearch.xml")
    assert response["Content-Type"] == "application/opensearchdescription+xml"
    document = ElementTree.fromstring(response.content)
    templates = [url.get("template") for url in document.iter("{http://a9.com/-/spec/opensearch/1.1/}Url")]
    assert "http://testserver/search/?q={searchTerms}" in templates
    assert 'rel="search" type="application/opensearchdescription+xml"' in client.get("/").content.decode()


def test_pages_carry_canonical_description_and_open_graph(client):
    page = client.get("/codes/486/?utm=x").content.decode()
    assert '<link rel="canonical" href="http://testserver/codes/486/">' in page
    assert '<meta property="og:title" content="486 Busy Here: SIP response code">' in page
    assert '<meta property="og:description" content="The callee&#x27;s phone is busy' in page
    assert '<meta property="og:url" content="http://testserver/codes/486/">' in page


def test_favicon_redirects_to_the_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == HTTPStatus.MOVED_PERMANENTLY and response["Location"].endswith(".svg")


def test_cheat_sheet_lists_the_common_codes_in_order(client):
    response = client.get("/cheatsheet/")
    codes = [code.code for code in response.context["codes"]]
    assert codes == sorted(ResponseCode.objects.common().values_list("code", flat=True))
    assert "Fail over" in response.content.decode()


def test_an_invalid_filter_is_a_400_with_the_error_and_no_row_shown(client):
    response = client.get("/codes/", {"class": "9"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert 'role="alert"' in page and "No codes: a filter needs fixing" in page
    assert re.search(r"<tr class=\"in-class-\d\"(?![^>]*hidden)[^>]*><td>", page) is None
