"""The results page: the best answer first, the passage that matched, and every kind of bad input."""

import gc
import weakref
from http import HTTPStatus

import pytest

from codes.models import ResponseCode
from codes.search import search
from codes.views import SearchView

pytestmark = pytest.mark.django_db


def results_part(page: str) -> str:
    return page[page.index('class="result-count"') :]


def test_a_symptom_guide_that_fits_leads_with_its_first_checks(client):
    page = client.get("/search/", {"q": "callers get busy tone but nobody is on the phone"}).content.decode()
    lead = page[page.index('class="search-lead"') : page.index('class="search-results"')]
    assert 'href="/symptoms/busy-tone-callee-free/"' in lead
    assert "Check first:" in lead and lead.count("<li>") == 3
    assert page.index('class="search-lead"') < page.index('class="search-results"')


def test_a_complaint_that_names_a_guide_in_its_own_words_leads_with_that_guide():
    """The guide's title is in the question, though codes share more of its words."""
    outcome = search("phone won't register after I changed the password")
    assert outcome.lead.record.title == "Phone won't register"
    assert outcome.results[0].kind == "code"


def test_no_unrelated_guides_beside_the_lead(client):
    outcome = search("callers get busy tone but nobody is on the phone")
    assert outcome.lead.record.key == "symptom busy-tone-callee-free"
    assert [r for r in outcome.listed if r.kind == "symptom"] == []


def test_a_code_query_has_no_guide_card(client):
    page = client.get("/search/", {"q": "gateway timeout"}).content.decode()
    assert 'class="search-lead"' not in page


def test_each_result_shows_the_passage_that_matched_with_the_words_marked(client):
    page = results_part(client.get("/search/", {"q": "codec mismatch"}).content.decode())
    result = page.split('href="/codes/488/"')[1].split("</li>")[0]
    assert ResponseCode.objects.get(code=488).summary not in result  # not the fixed summary
    assert "<mark>codec</mark>" in result and "<mark>mismatch</mark>" in result


def test_each_result_links_its_number_and_phrase_and_says_what_else_is_a_guide(client):
    page = results_part(client.get("/search/", {"q": "no audio"}).content.decode())
    listed = page[page.index('<ol class="search-results">') :]
    items = listed[: listed.index("</ol>")].split("<li>")[1:]
    guide = next(item for item in items if 'href="/symptoms/' in item)
    assert '<span class="search-kind">Symptom guide</span>' in guide and "code-number" not in guide
    code = next(item for item in items if 'href="/codes/180/"' in item)
    assert '<a href="/codes/180/"><span class="code-number">180</span> Ringing</a>' in code
    assert "search-kind" not in code and code.count("<p>") == 1


def test_a_title_with_markup_is_text_in_the_results(client):
    code = ResponseCode.objects.get(code=606)
    code.reason_phrase = "Not <i>Acceptable</i> capybara"
    code.save()
    page = results_part(client.get("/search/", {"q": "capybara"}).content.decode())
    assert "<i>" not in page and "Not &lt;i&gt;Acceptable&lt;/i&gt; <mark>capybara</mark>" in page


def test_the_matched_words_line_is_gone(client):
    page = client.get("/search/", {"q": "busy here"}).content.decode()
    assert "Matched " not in page and " in the summary" not in page


def test_a_word_in_another_form_is_marked_as_the_content_writes_it(client):
    page = results_part(client.get("/search/", {"q": "registering"}).content.decode())
    assert "<mark>REGISTER</mark>" in page or "<mark>registration</mark>" in page.lower()


def test_page_highlights_the_phrase_and_keeps_the_query(client):
    page = client.get("/search/", {"q": "busy here everywhere"}).content.decode()
    assert "<mark>Busy</mark> <mark>Here</mark>" in page
    assert 'value="busy here everywhere"' in page


def test_other_kinds_say_what_they_are(client):
    page = results_part(client.get("/search/", {"q": "media type not available for the video stream"}).content.decode())
    assert "Warning 304: <mark>Media</mark>" in page and 'href="/warnings/#warning-304"' in page


def test_a_historical_code_says_it_was_never_registered(client):
    page = results_part(client.get("/search/", {"q": "conflict with an old device"}).content.decode())
    assert "Historical: never registered" in page


def test_markup_in_the_content_is_text_around_the_marks(client):
    code = ResponseCode.objects.get(code=606)
    code.summary = "Beware <b>bold</b> & <script>alert(1)</script> capybara."
    code.save()
    page = client.get("/search/", {"q": "capybara"}).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &lt;script&gt;alert(1)&lt;/script&gt; <mark>capybara</mark>" in page


@pytest.mark.parametrize("url", ["/search/", "/codes/"])
def test_markup_in_a_query_comes_back_as_text(client, url):
    response = client.get(url, {"q": '"><script>alert(1)</script>'})
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


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
    ("query", "same_as"),
    [("ｂｕｓｙ ｐｈｏｎｅ", "busy phone"), ("Busy phone\u200f", "Busy phone"), ("שלום עולם", None), ("مرحبا", None)],
)
def test_other_scripts_and_forms_of_letters_are_searched(client, query, same_as):
    """Full-width letters and a stray direction mark find what plain letters find; other scripts find nothing
    here, and say so."""
    api = client.get("/api/search/", {"q": query})
    assert api.status_code == HTTPStatus.OK
    expected = client.get("/api/search/", {"q": same_as}).json()["results"] if same_as else []
    assert [r["url"] for r in api.json()["results"]] == [r["url"] for r in expected]
    page = client.get("/search/", {"q": query})
    assert page.status_code == HTTPStatus.OK
    assert ("Nothing matches" in page.content.decode()) == (same_as is None)


def test_emoji_only_is_a_400_for_the_api_and_an_explanation_on_the_page(client):
    """Nothing in it can be searched, like an empty query: the API refuses it, the page says why."""
    response = client.get("/api/search/", {"q": "📞☎️🔥"})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert response.json() == {"error": "The query has no letters or digits to search for."}
    page = client.get("/search/", {"q": "📞☎️🔥"})
    assert page.status_code == HTTPStatus.OK
    assert "There is nothing to search for in “📞☎️🔥”: no letters or digits." in page.content.decode()


def test_fullwidth_digits_are_a_code():
    assert search("４８６").answer.record.key == 486


def test_search_page_query_count_is_fixed(client, django_assert_num_queries):
    search("warm the index")
    # The content version, read once by the search; results render from the index alone.
    with django_assert_num_queries(1):
        client.get("/search/", {"q": "callers get busy tone but nobody is on the phone"})
    with django_assert_num_queries(1):
        client.get("/search/", {"q": "codec mismatch"})


def test_a_pages_results_are_freed_once_it_is_rendered_not_left_for_the_garbage_collector(rf):
    """Held in the template context's reference cycle, a page's twenty results and their marked snippets waited
    for the collector, whose passes stalled every request queued on the worker (sipref/templates.py)."""
    gc.collect()
    gc.disable()
    try:
        response = SearchView.as_view()(rf.get("/search/", {"q": "phone won't register after a password change"}))
        response.render()
        outcome = response.context_data["outcome"]
        held = [weakref.ref(outcome), weakref.ref(outcome.results[0]), weakref.ref(outcome.results[0].snippet)]
        del response, outcome
        assert [ref() for ref in held] == [None, None, None]
    finally:
        gc.enable()
