"""Search: the ranking people need, the language it understands, and every kind of bad input."""

import json
from http import HTTPStatus
from pathlib import Path

import pytest

from codes.models import ResponseCode, SearchSynonym
from codes.search import search
from codes.search.index import Document, Field, Index

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"


def top(query: str, count: int = 3) -> list[int]:
    return [result.code.code for result in search(query).results[:count]]


def hit_rate(path: Path) -> tuple[float, list[str]]:
    queries = json.loads(path.read_text())
    misses = [item["q"] for item in queries if not set(top(item["q"])) & set(item["any"])]
    return 1 - len(misses) / len(queries), misses


@pytest.mark.parametrize("name", ["search-sample.json", "search-extra.json"])
def test_the_right_code_is_in_the_top_three_for_nine_queries_in_ten(name):
    rate, misses = hit_rate(DATA / name)
    assert rate >= 0.9, misses


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("486", 486),
        ("busy here", 486),
        ("Gateway Timeout", 504),
        ("SIP/2.0 488 Not Acceptable Here", 488),
        ("Q.850 cause 17", 486),
        ("cause=17", 486),
        ("Reason: Q.850;cause=34", 503),
        ("the busy here", 486),
        ("forbiden", 403),
    ],
)
def test_codes_phrases_and_causes_come_first(query, first):
    assert top(query, 1) == [first]


def test_a_mapped_cause_finds_codes_only_through_its_mapping():
    outcome = search("cause=21")
    assert outcome.query.causes == [21] and outcome.query.codes == []
    assert outcome.results[0].code.code == 403  # RFC 3398 §7.2.4.1
    assert "Q.850 cause" in dict(outcome.results[0].matches)


def test_stemming_finds_other_forms_of_a_word():
    outcome = search("registering")
    assert outcome.results
    assert any("registering" in words for _, words in outcome.results[0].matches)
    assert "regist" in outcome.results[0].stems or "registr" in outcome.results[0].stems


def test_a_typing_slip_is_corrected_and_suggested():
    outcome = search("forbiden")
    assert outcome.suggestion == "forbidden"
    assert outcome.results[0].code.code == 403


def test_synonyms_are_data_that_editors_extend():
    assert top("purple walrus", 1) == []
    SearchSynonym.objects.create(phrase="purple walrus", means="forbidden")
    assert top("purple walrus", 1) == [403]


def test_an_edit_shows_in_the_next_search():
    assert top("zebra", 1) == []
    code = ResponseCode.objects.get(code=606)
    code.summary += " Zebra."
    code.save()
    assert top("zebra", 1) == [606]


def test_rarer_words_weigh_more():
    index = Index([Document("a", [Field("text", 1.0, "call rejected")]), Document("b", [Field("text", 1.0, "call call")])]
                  + [Document(str(n), [Field("text", 1.0, "call")]) for n in range(20)])
    scores = {key: score for key, score in [(doc.key, 0.0) for doc in index.documents]}
    for term in ("call", "reject"):
        for number, impact in index.postings.get(term, ()):
            scores[index.documents[number].key] += impact
    assert scores["a"] > scores["b"]


def test_results_say_where_the_query_matched(client):
    data = client.get("/api/search/", {"q": "caller hung up"}).json()
    first = data["results"][0]
    assert first["code"] == 487
    assert any("hung" in " ".join(words) for words in first["matched"].values())
    assert data["results"] == sorted(data["results"], key=lambda r: -r["score"])


def test_page_highlights_matches_and_keeps_the_query(client):
    page = client.get("/search/", {"q": "busy here"}).content.decode()
    assert '<mark>Busy</mark> <mark>Here</mark>' in page
    assert 'value="busy here"' in page


def test_page_offers_symptom_guides(client):
    page = client.get("/search/", {"q": "phone won't register"}).content.decode()
    assert 'href="/symptoms/phone-wont-register/"' in page


def test_nothing_found_offers_help(client):
    response = client.get("/search/", {"q": "xylophone quartet"})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Nothing matches" in page and 'href="/symptoms/' in page


def test_an_unregistered_code_points_at_its_class_page(client):
    page = client.get("/search/", {"q": "499"}).content.decode()
    assert 'href="/codes/499/"' in page


def test_empty_search_explains_what_to_type(client):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/search/", params)
        assert response.status_code == HTTPStatus.OK
        assert "Type a code" in response.content.decode()


def test_api_needs_a_query(client):
    for params in ({}, {"q": ""}, {"q": " \t "}):
        response = client.get("/api/search/", params)
        assert response.status_code == HTTPStatus.BAD_REQUEST and response.json()["error"]


def test_a_huge_paste_is_a_400_with_a_message(client):
    paste = "SIP/2.0 486 Busy Here\r\n" + "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK776asdhds\r\n" * 250
    for url in ("/search/", "/api/search/"):
        response = client.get(url, {"q": paste})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "characters" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    ["' OR 1=1; DROP TABLE codes_responsecode; --", '"><script>alert(1)</script>', "%00\x00", "50%_", "\\"],
)
def test_metacharacters_are_just_text(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page
    assert client.get("/api/search/", {"q": query}).status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
    assert ResponseCode.objects.count() == 78


@pytest.mark.parametrize("query", ["📞☎️🔥", "שלום עולם", "مرحبا", "ｂｕｓｙ", "Busy Here\u200f"])
def test_emoji_and_other_scripts_get_a_clear_answer(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == HTTPStatus.OK
    api = client.get("/api/search/", {"q": query})
    assert api.status_code in (HTTPStatus.OK, HTTPStatus.BAD_REQUEST)
    assert "error" in api.json() or "results" in api.json()


def test_emoji_only_is_unusable_for_the_api(client):
    response = client.get("/api/search/", {"q": "📞☎️"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "no letters or digits" in response.json()["error"]


def test_fullwidth_letters_are_folded():
    assert top("ｂｕｓｙ ｈｅｒｅ", 1) == [486]


def test_search_page_query_count_is_fixed(client, django_assert_max_num_queries):
    search("warm the index")
    with django_assert_max_num_queries(4):
        client.get("/search/", {"q": "busy here"})
