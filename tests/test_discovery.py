"""What search engines, browsers' address bars and htmx are given."""

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


def test_htmx_gets_just_the_results_and_caches_can_tell(client):
    full = client.get("/codes/", {"q": "busy"})
    partial = client.get("/codes/", {"q": "busy"}, headers={"HX-Request": "true"})
    assert "<html" in full.content.decode() and "<html" not in partial.content.decode()
    fragment = partial.content.decode()
    assert fragment.lstrip().startswith('<div id="results">')
    assert 'hx-swap-oob="innerHTML"' in fragment and "2 codes match these filters" in fragment
    assert "HX-Request" in partial["Vary"] and "HX-Request" in full["Vary"]


def test_htmx_history_restore_gets_the_whole_page(client):
    response = client.get("/codes/", headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert "<html" in response.content.decode()


def test_an_invalid_filter_over_htmx_is_still_a_400_with_the_error(client):
    response = client.get("/codes/", {"class": "9"}, headers={"HX-Request": "true"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert 'role="alert"' in response.content.decode()
