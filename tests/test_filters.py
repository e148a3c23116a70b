from http import HTTPStatus

import pytest

from codes.models import ResponseCode
from codes.views import CodeListView

pytestmark = pytest.mark.django_db


def codes_on(response) -> list[int]:
    return [code.code for code in response.context["object_list"]]


def test_unfiltered_list_shows_every_code_on_one_page(client):
    response = client.get("/codes/")
    assert response.status_code == HTTPStatus.OK
    assert codes_on(response) == list(ResponseCode.objects.values_list("code", flat=True))
    assert codes_on(response)[0] == 100 and codes_on(response)[-1] == 608
    assert 'class="pagination"' not in response.content.decode()
    assert client.get("/codes/", {"page": 2}).status_code == HTTPStatus.NOT_FOUND


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 20, as a registry several times today's size would be paged."""
    monkeypatch.setattr(CodeListView, "paginate_by", 20)


def test_class_filter_keeps_one_class(client):
    codes = codes_on(client.get("/codes/", {"class": 6}))
    assert codes == [600, 603, 604, 606, 607, 608]


def test_status_filter_finds_the_deprecated_code(client):
    assert codes_on(client.get("/codes/", {"status": "deprecated"})) == [202]
    assert codes_on(client.get("/codes/", {"status": "historical"})) == [303, 409, 411]


def test_text_filter_matches_phrases_and_aliases(client):
    assert codes_on(client.get("/codes/", {"q": "busy"})) == [486, 600]
    assert codes_on(client.get("/codes/", {"q": "Gateway Time-out"})) == [504]


def test_text_filter_treats_digits_as_a_code_prefix(client):
    assert codes_on(client.get("/codes/", {"q": "48"})) == list(range(480, 490))
    assert codes_on(client.get("/codes/", {"q": "603"})) == [603]


def test_method_sender_topic_and_source_filters(client):
    assert 489 in codes_on(client.get("/codes/", {"method": "SUBSCRIBE"}))
    assert 486 not in codes_on(client.get("/codes/", {"method": "SUBSCRIBE"}))
    assert codes_on(client.get("/codes/", {"sender": "registrar", "q": "interval"})) == [423]
    assert 401 in codes_on(client.get("/codes/", {"topic": "registration"}))
    cited_by_rfc8688 = codes_on(client.get("/codes/", {"source": "rfc8688"}))
    assert 608 in cited_by_rfc8688 and 486 not in cited_by_rfc8688


def test_common_only_keeps_the_codes_met_most(client):
    codes = codes_on(client.get("/codes/", {"common": "on"}))
    assert codes == sorted(ResponseCode.objects.common().values_list("code", flat=True))
    assert 486 in codes and 607 not in codes


def test_filters_survive_paging(client, small_pages):
    response = client.get("/codes/", {"status": "standard"})
    page = response.content.decode()
    assert 'href="?status=standard&amp;page=2"' in page
    second = client.get("/codes/", {"status": "standard", "page": 2})
    assert all(code.status == "standard" for code in second.context["object_list"])
    assert 'href="?status=standard&amp;page=1"' in second.content.decode()


def test_filters_combine(client):
    codes = codes_on(client.get("/codes/", {"class": 4, "method": "REGISTER", "sender": "registrar"}))
    assert 401 in codes and 423 in codes and all(400 <= code < 500 for code in codes)


@pytest.mark.parametrize("params", [{"class": 9}, {"status": "bogus"}, {"method": "FOO"}, {"q": "x" * 500}])
def test_an_invalid_filter_is_a_400_that_shows_the_error(client, params):
    response = client.get("/codes/", params)
    assert response.status_code == HTTPStatus.BAD_REQUEST
    page = response.content.decode()
    assert 'role="alert"' in page
    assert codes_on(response) == []


def test_a_filter_that_matches_nothing_says_so(client):
    response = client.get("/codes/", {"q": "xylophone"})
    assert response.status_code == HTTPStatus.OK
    assert "No code matches these filters" in response.content.decode()


def test_a_page_past_the_end_is_not_found(client):
    assert client.get("/codes/", {"page": 99}).status_code == HTTPStatus.NOT_FOUND
    assert client.get("/codes/", {"page": "abc"}).status_code == HTTPStatus.NOT_FOUND
