from http import HTTPStatus

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_home_shows_the_search_box_the_classes_and_the_common_codes(client):
    response = client.get("/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert 'name="q"' in page and 'role="search"' in page
    for label in ("1xx", "2xx", "3xx", "4xx", "5xx", "6xx"):
        assert label in page
    assert "486</span> Busy Here" in page
    assert "607" not in page  # rare codes stay off the home page


def test_every_page_has_a_title_and_a_description(client):
    for url in ("/", "/codes/", "/codes/486/", "/classes/4xx/", "/sources/", "/sources/rfc3261/", "/search/?q=busy"):
        page = client.get(url).content.decode()
        assert "<title>" in page and '<meta name="description" content="' in page, url


def test_code_page_explains_the_code(client):
    response = client.get("/codes/486/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<h1><span class=\"code-number\">486</span> Busy Here</h1>" in page
    assert "SIP/2.0 486 Busy Here" in page
    assert "4xx Request failure" in page
    assert "Troubleshooting" in page and "Likely causes" in page
    assert 'href="https://www.rfc-editor.org/rfc/rfc3261.html#section-21.4.24"' in page
    assert "600</span> Busy Everywhere" in page  # related code
    assert '<meta name="description" content="The callee&#x27;s phone is busy' in page


def test_code_page_shows_a_deprecated_code_as_deprecated(client):
    page = client.get("/codes/202/").content.decode()
    assert "badge--deprecated" in page
    assert "Accepted (Deprecated)" in page  # what the registry calls it


def test_short_form_redirects_permanently_to_the_code_page(client):
    for url in ("/486", "/486/"):
        response = client.get(url)
        assert response.status_code == HTTPStatus.MOVED_PERMANENTLY
        assert response["Location"] == "/codes/486/"


def test_unknown_code_gets_a_helpful_404(client):
    response = client.get("/codes/499/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    page = response.content.decode()
    assert "499 is not a registered SIP response code" in page
    assert "4xx Request failure" in page
    assert "400 Bad Request" in page  # handled like the x00 of its class
    assert "491" in page  # a nearby code


def test_an_unknown_provisional_code_is_handled_as_183(client):
    page = client.get("/codes/150/").content.decode()
    assert "150 is handled as" in " ".join(page.split())
    assert "183 Session Progress</a>" in page


@pytest.mark.parametrize("url", ["/codes/abc/", "/codes/4860/", "/codes/48/", "/99999999999999999999", "/codes/%00/"])
def test_malformed_codes_get_the_404_page(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "three digits, from 100 to 699" in response.content.decode()


def test_class_page_lists_its_codes_and_only_them(client):
    response = client.get("/classes/6xx/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "A 6xx carries definitive information" in page
    assert "603</span> Decline</a>" in page and "486</span>" not in page


def test_class_out_of_range_is_not_found(client):
    assert client.get("/classes/7xx/").status_code == HTTPStatus.NOT_FOUND


def test_sources_are_listed_and_each_shows_what_cites_it(client):
    page = client.get("/sources/").content.decode()
    assert "RFC 3261" in page and "IANA SIP response codes" in page and "2talk help centre" in page
    detail = client.get("/sources/rfc6665/").content.decode()
    assert "489</span> Bad Event" in detail
    assert client.get("/sources/no-such-source/").status_code == HTTPStatus.NOT_FOUND


def test_source_page_lists_the_notes_that_cite_it(client):
    page = client.get("/sources/2talk-sip-error-codes/").content.decode()
    assert "403</span>" in page and "Troubleshooting notes that cite it" in page


@pytest.mark.parametrize(
    ("query", "first"),
    [("busy here", 486), ("Busy Here", 486), ("caller hung up", 487), ("gateway time-out", 504)],
)
def test_search_puts_the_right_code_first(client, query, first):
    response = client.get(reverse("codes:search"), {"q": query})
    assert response.status_code == HTTPStatus.OK
    assert response.context["outcome"].results[0].record.key == first
    assert f'value="{query}"' in response.content.decode()  # the query stays in the box




def test_list_page_query_count_is_fixed(client, django_assert_num_queries):
    # The page of codes, their count, and the choices of four filters; then, for the rows the browser filters,
    # every code and what the filters test (senders, methods, topics, sources, aliases).
    with django_assert_num_queries(12):
        client.get("/codes/")
    # Plus one to check the chosen class exists.
    with django_assert_num_queries(13):
        client.get("/codes/", {"class": "4", "status": "standard", "page": "1"})


def test_code_page_query_count_is_fixed(client, django_assert_num_queries):
    with django_assert_num_queries(13):
        client.get("/codes/486/")
    with django_assert_num_queries(13):
        client.get("/codes/100/")


def test_home_query_count_is_fixed(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get("/")
