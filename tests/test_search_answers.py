"""Queries with one right answer: the page goes straight there, the JSON puts it first with its type.
And causes, warnings and guides are results in their own right beside codes."""

from http import HTTPStatus

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "target"),
    [
        ("486", "/codes/486/"),
        ("SIP 486", "/codes/486/"),
        ("SIP/2.0 486 Busy Here", "/codes/486/"),
        ("486 busy", "/codes/486/"),
        ("cause 16", "/q850/16/"),
        ("Q.850 16", "/q850/16/"),
        ("Q.850;cause=16", "/q850/16/"),
        ('Reason: Q.850;cause=16;text="Normal call clearing"', "/q850/16/"),
        ("Warning 304", "/warnings/#warning-304"),
        ("304", "/warnings/#warning-304"),  # there is no SIP code 304
        ('Warning: 399 gw.example.com "Miscellaneous warning"', "/warnings/#warning-399"),
        ("4xx", "/classes/4xx/"),
        ("Phone won't register", "/symptoms/phone-wont-register/"),
    ],
)
def test_a_query_with_one_right_answer_goes_straight_there(client, query, target):
    response = client.get("/search/", {"q": query})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == target
    page = client.get(target.split("#")[0])
    assert page.status_code == HTTPStatus.OK  # a real page, never the search page again


@pytest.mark.parametrize("query", ["486 on outbound calls", "busy here", "499", "cause 200", "phone won't register at all"])
def test_a_query_with_more_than_one_answer_or_none_shows_results(client, query):
    """499 is not a registered code and cause 200 is not a cause: the page says what it can."""
    assert client.get("/search/", {"q": query}).status_code == HTTPStatus.OK


def test_a_number_that_is_a_code_and_a_warning_code_is_the_code(client):
    assert client.get("/search/", {"q": "305"})["Location"] == "/codes/305/"  # 305 Use Proxy; Warning 305 too


@pytest.mark.parametrize(
    ("query", "kind", "url"),
    [
        ("486", "code", "/codes/486/"),
        ("cause=34", "cause", "/q850/34/"),
        ("Warning 304", "warning", "/warnings/#warning-304"),
        ("5xx", "class", "/classes/5xx/"),
        ("Call forwarding loops", "symptom", "/symptoms/call-forwarding-loops/"),
    ],
)
def test_json_never_redirects_but_puts_the_one_answer_first_with_its_type(client, query, kind, url):
    response = client.get("/api/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    first = response.json()["results"][0]
    assert first["type"] == kind and first["answer"] is True
    assert first["url"] == f"http://testserver{url}"


def test_json_results_of_every_kind_say_what_they_are(client):
    data = client.get("/api/search/", {"q": "Q.850 cause 17 user busy"}).json()
    kinds = {result["type"] for result in data["results"]}
    assert {"cause", "code"} <= kinds
    cause = next(result for result in data["results"] if result["type"] == "cause")
    assert cause["cause"] == 17 and cause["name"] and cause["snippet"]
    code = next(result for result in data["results"] if result["type"] == "code")
    assert code["code"] == 486 and code["reason_phrase"] == "Busy Here" and code["class"] == 4


def test_guides_and_warnings_are_ranked_with_codes(client):
    data = client.get("/api/search/", {"q": "media type not available for the video stream"}).json()
    assert "warning" in {result["type"] for result in data["results"][:5]}
    data = client.get("/api/search/", {"q": "callers get busy tone but nobody is on the phone"}).json()
    assert "symptom" in {result["type"] for result in data["results"][:3]}
    assert data["symptoms"][0]["url"].endswith("/symptoms/busy-tone-callee-free/")


@override_settings(PAGE_CACHE=True)
def test_redirects_are_not_cached_and_results_are(client):
    """The page cache keeps 200s only: a redirect is worked out afresh, and never loops."""
    for _ in range(2):
        response = client.get("/search/", {"q": "486"})
        assert response.status_code == HTTPStatus.FOUND and response["Location"] == "/codes/486/"
    assert client.get("/search/", {"q": "busy here"}).status_code == HTTPStatus.OK
    assert client.get("/search/", {"q": "busy here"}).status_code == HTTPStatus.OK
    final = client.get("/search/", {"q": "486"}, follow=True)
    assert final.redirect_chain == [("/codes/486/", HTTPStatus.FOUND)]
