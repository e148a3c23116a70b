"""Search ranking: the query sets people wrote, and the language the engine understands."""

import json
from pathlib import Path

import pytest

from codes.models import Alias, ResponseCode, SearchSynonym, Symptom, SymptomCode, TroubleshootingNote
from codes.search import engine, search

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
# Tuned on: the first three. Held out: nothing was tuned on it, so its bar for first place is lower.
QUERY_FILES = [("search-sample.json", 0.9), ("search-extra.json", 0.9), ("search-public.json", 0.85),
               ("search-heldout.json", 0.8)]


def top(query: str, count: int = 3) -> list[int | str]:
    """The keys of the first results: a code's number, or "cause 16", "symptom phone-wont-register"…"""
    return [result.record.key for result in search(query).results[:count]]


def top_codes(query: str, count: int = 3) -> list[int]:
    return [result.record.key for result in search(query).results if result.kind == "code"][:count]


@pytest.mark.parametrize(("name", "first_rate"), QUERY_FILES)
def test_a_right_answer_is_first_nearly_always_and_in_the_top_three_almost_always(name, first_rate):
    queries = json.loads((DATA / name).read_text())
    found = {item["q"]: top(item["q"]) for item in queries}
    firsts = [item["q"] for item in queries if found[item["q"]][:1] and found[item["q"]][0] in item["any"]]
    in_three = [item["q"] for item in queries if set(found[item["q"]]) & set(item["any"])]
    assert len(firsts) / len(queries) >= first_rate, sorted(set(found) - set(firsts))
    assert len(in_three) / len(queries) >= 0.95, sorted(set(found) - set(in_three))


def test_every_public_query_says_where_it_was_written():
    for name in ("search-public.json", "search-heldout.json"):
        for item in json.loads((DATA / name).read_text()):
            assert item["source"].startswith(("https://", "http://")), item


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("busy here", 486),
        ("Gateway Timeout", 504),
        ("the busy here", 486),
        ("callee busy", 486),
        ("loop detected", 482),
        ("too many hops", 483),
        ("session timer interval too small", 422),  # 422's phrase with a word between
    ],
)
def test_a_codes_own_phrase_comes_first(query, first):
    assert top(query, 1) == [first]


def test_a_word_in_another_form_finds_the_phrase_it_belongs_to():
    """608's phrase is Rejected: "rejecting" is the same word and must find it, and say where."""
    for form in ("rejecting", "rejected", "reject"):
        result = search(form).results[0]
        assert result.record.key == 608
        assert "reason phrase" in result.matched
        assert result.score > 10 * search(form).results[1].score


@pytest.mark.parametrize("form", ["registering", "registered", "registers"])
def test_other_forms_of_a_word_find_what_the_word_finds(form):
    found = top("register")
    assert 401 in found  # the challenge every registration meets
    assert top(form) == found


def test_a_q850_cause_leads_and_the_codes_it_maps_to_follow():
    for query in ("Q.850 cause 17", "cause=17", "Reason: Q.850;cause=17", "isdn cause 17"):
        assert top(query, 1) == ["cause 17"], query
        assert top_codes(query, 1) == [486], query  # RFC 3398 §8.2.6.1: 17 user busy → 486


def test_a_cause_named_by_its_name_finds_the_cause_and_its_code():
    """FreeSWITCH prints causes by name: NO_ROUTE_DESTINATION is cause 3, which RFC 3398 maps to 404."""
    found = top("hangup cause NO_ROUTE_DESTINATION", 3)
    assert "cause 3" in found and 404 in found


def test_a_mapped_cause_finds_codes_through_its_mapping():
    outcome = search("cause=21")
    assert outcome.query.causes == [21] and outcome.query.codes == []
    first_code = next(result for result in outcome.results if result.kind == "code")
    assert first_code.record.key == 403  # RFC 3398 §7.2.4.1
    assert "Q.850 cause" in first_code.matched


def test_a_number_inside_a_word_is_not_a_code():
    assert 100 not in top("extension required 100rel")
    assert top("extension required 100rel", 1) == [421]


def test_everyday_filler_is_not_searched_for():
    outcome = search("all calls fail even though registration works because of the same thing back again")
    searched = {term.word for term in outcome.query.terms.values()}
    assert not searched & {"all", "even", "though", "because", "same", "back"}


@pytest.mark.parametrize(("query", "code"), [("tel:", 416), ("sips:", 416), ("CPS limit", 503)])
def test_uri_schemes_and_telecom_abbreviations_are_terms(query, code):
    assert code in top(query)


def test_sips_is_not_read_as_sip():
    assert "sips" in search("sips").query.terms


def test_synonyms_are_data_that_editors_extend():
    assert top("purple walrus", 1) == []
    SearchSynonym.objects.create(phrase="purple walrus", means="forbidden")
    assert top("purple walrus", 1) == [403]


def test_every_synonym_points_at_words_the_content_uses():
    current = engine()
    unused = [(phrase, term) for phrase, means in current.content.synonyms for term in means
              if term not in current.index.postings]
    assert unused == []


@pytest.mark.parametrize(
    ("query", "right"),
    [
        ("both phones put the call on hold at the same time", {491}),
        ("the other side says the call does not exist", {481}),
        ("all circuits are busy now", {503}),
        ("carrier says caller origination number is invalid", {403, "symptom caller-id-rejected-by-carrier"}),
        ("calls bounce between the two extensions in an endless loop", {482, 483, "symptom call-forwarding-loops"}),
        ("provider rate limited us, calls per second too high", {503, "symptom sip-trunk-down-or-overloaded"}),
    ],
)
def test_situations_described_in_peoples_words(query, right):
    assert set(top(query)) & right


def test_an_edit_shows_in_the_next_search():
    assert top("zebra", 1) == []
    code = ResponseCode.objects.get(code=606)
    code.summary += " Zebra."
    code.save()
    assert top("zebra", 1) == [606]


def test_a_rare_word_counts_for_more_than_a_common_one():
    """Of two codes that each hold one word of the query, the one holding the rarer word comes first."""
    rare, common = ResponseCode.objects.get(code=486), list(ResponseCode.objects.filter(code__gte=500))
    rare.summary += " Quokka."
    rare.save()
    for code in common:
        code.summary += " Wombat."
        code.save()
    assert top_codes("wombat quokka", 1) == [486]
    assert top_codes("quokka wombat", 1) == [486]


def test_a_guides_words_do_not_lift_its_codes_above_the_code_they_name():
    """A guide that says "okapi" many times lists 404 first; 403's own note says "okapi" once.
    The guide's words count once, for the guide, so 403 still comes first among the codes."""
    note = TroubleshootingNote.objects.filter(code__code=403).first()
    note.symptom += " okapi"
    note.save()
    guide = Symptom.objects.create(slug="okapi", title="Okapi okapi", phrasings="okapi\nokapi again\nan okapi",
                                   summary="Okapi.", checks="Look for the okapi.")
    SymptomCode.objects.create(symptom=guide, code=ResponseCode.objects.get(code=404), position=0, explanation="x")
    assert top_codes("okapi", 2) == [403, 404]


def test_a_historical_code_comes_after_registered_ones_unless_asked_for_by_number():
    for code in (409, 410):  # 409 Conflict was never registered; 410 Gone is not among the common codes
        found = ResponseCode.objects.get(code=code)
        found.summary += " Numbat."
        found.save()
    assert top_codes("numbat", 2) == [410, 409]
    assert top_codes("409 numbat", 1) == [409]


def test_an_alias_counts_as_much_as_a_phrase():
    Alias.objects.create(code=ResponseCode.objects.get(code=480), phrase="Gone Fishing")
    assert top("gone fishing", 1) == [480]
