""""Did you mean" only for a word that neither the content nor an English word list knows, and only when the
results are weak: a correctly spelled word is never changed, nor searched as another word."""

import pytest

from codes.search import search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("query", ["sorry", "able", "mail", "dies", "sorry the call dies", "unable to mail"])
def test_a_correctly_spelled_word_is_never_corrected(client, query):
    outcome = search(query)
    assert outcome.suggestion == ""
    assert outcome.query.corrections == {}  # nor searched as worry, table, email or des
    assert "Did you mean" not in client.get("/search/", {"q": query}).content.decode()


@pytest.mark.parametrize(("query", "suggestion", "first"), [("forbiden", "forbidden", 403), ("registraton", "registration", None)])
def test_a_typing_slip_is_searched_and_suggested_when_results_are_weak(client, query, suggestion, first):
    outcome = search(query)
    assert outcome.suggestion == suggestion
    if first:
        assert outcome.results[0].record.key == first
    page = client.get("/search/", {"q": query}).content.decode()
    assert f'Did you mean <a href="/search/?q={suggestion}">{suggestion}</a>?' in page


def test_no_suggestion_when_the_other_words_already_found_good_results():
    outcome = search("registraton failed with 401")
    assert outcome.suggestion == ""
    assert outcome.results[0].record.key == 401


def test_a_british_spelling_finds_what_the_american_one_does():
    assert search("unauthorised").results[0].record.key == 401
    assert search("unauthorised").suggestion == ""
    assert search("cancelled call").results[0].record.key == search("canceled call").results[0].record.key
