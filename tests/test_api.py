from http import HTTPStatus

import pytest

from codes.models import Alias, ResponseCode

pytestmark = pytest.mark.django_db


def test_code_list_returns_every_code_with_its_summary_fields(client):
    response = client.get("/api/codes/")
    assert response.status_code == HTTPStatus.OK
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert [item["code"] for item in data["results"]] == list(ResponseCode.objects.values_list("code", flat=True))
    assert data["count"] == ResponseCode.objects.count()
    busy = next(item for item in data["results"] if item["code"] == 486)
    assert busy == {
        "code": 486,
        "reason_phrase": "Busy Here",
        "class": 4,
        "status": "standard",
        "summary": ResponseCode.objects.get(code=486).summary,
        "url": "http://testserver/codes/486/",
    }


def test_code_list_takes_the_same_filters_as_the_page(client):
    data = client.get("/api/codes/", {"class": 6}).json()
    assert [item["code"] for item in data["results"]] == [600, 603, 604, 606, 607, 608]


def test_code_list_rejects_bad_filters_with_a_json_400(client):
    response = client.get("/api/codes/", {"class": "x"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "class" in response.json()["errors"]


def test_code_detail_carries_aliases_citations_notes_and_related(client):
    data = client.get("/api/codes/504/").json()
    assert data["code"] == 504 and data["reason_phrase"] == "Server Time-out"
    aliases = Alias.objects.filter(code__code=504)
    assert data["aliases"] == [{"phrase": alias.phrase, "note": alias.note} for alias in aliases]
    assert {"phrase": "Gateway Time-out", "note": aliases.get(phrase="Gateway Time-out").note} in data["aliases"]
    defining = [c for c in data["citations"] if c["role"] == "defines"]
    assert defining[0] == {
        "source": "RFC 3261",
        "title": "SIP: Session Initiation Protocol",
        "section": "21.5.5",
        "role": "defines",
        "url": "https://www.rfc-editor.org/rfc/rfc3261.html#section-21.5.5",
    }
    assert data["notes"] and all(note["causes"] and note["checks"] and note["source"] for note in data["notes"])
    assert {item["code"] for item in data["related"]} >= {408, 480}


def test_json_suffix_serves_the_same_document(client):
    assert client.get("/codes/486.json").json() == client.get("/api/codes/486/").json()


def test_unknown_code_is_a_json_404(client):
    response = client.get("/api/codes/499/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert "499" in response.json()["error"]


def test_search_returns_ranked_results_with_what_matched(client):
    data = client.get("/api/search/", {"q": "busy here"}).json()
    assert data["query"] == "busy here"
    first = data["results"][0]
    assert first["code"] == 486 and first["url"] == "http://testserver/codes/486/"
    assert first["matched"]["reason phrase"] and first["score"] > data["results"][1]["score"]


@pytest.mark.parametrize("url", ["/api/search/?q=no+audio", "/api/codes/", "/api/q850/"])
def test_every_link_is_absolute_on_the_host_and_scheme_asked(client, url):
    data = client.get(url, headers={"host": "localhost"}, secure=True).json()
    links = [item["url"] for key in ("results", "symptoms") for item in data.get(key, [])]
    assert len(links) > 5
    assert all(link.startswith("https://localhost/") and "//" not in link[8:] for link in links)


@pytest.mark.parametrize("params", [{}, {"q": "   "}, {"q": "x" * 1000}])
def test_unusable_searches_are_json_400s(client, params):
    response = client.get("/api/search/", params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json()["error"]


def test_api_is_read_only(client):
    assert client.post("/api/codes/").status_code == HTTPStatus.METHOD_NOT_ALLOWED
