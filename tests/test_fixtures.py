"""The bundled content: it loads, it matches the IANA registry, and it hangs together."""

import csv
import json
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

from codes.bundled import BUNDLED, fixture_paths
from codes.models import (
    Alias,
    Citation,
    CitationRole,
    Q850Cause,
    RelatedCode,
    ResponseCode,
    Status,
    TroubleshootingNote,
)

pytestmark = pytest.mark.django_db

REGISTRY_CSV = Path(__file__).parent / "data" / "iana-sip-response-codes.csv"
# RFC 2543 listed these; RFC 3261 dropped them and IANA never registered them.
HISTORICAL = {303, 409, 411}
# The 25 codes met most in practice: each needs at least three troubleshooting notes.
MOST_MET = [100, 180, 183, 200, 301, 302, 400, 401, 403, 404, 405, 407, 408, 480, 481, 484, 486, 487, 488, 491, 500,
            502, 503, 504, 603]
# Pairs people confuse; each must be explained.
CONFUSED = [(486, 600), (486, 603), (600, 603), (401, 407), (408, 480), (408, 504), (480, 504), (404, 410), (404, 484),
            (404, 604), (410, 484), (410, 604), (484, 604), (405, 501), (415, 488), (415, 606), (488, 606), (301, 302),
            (500, 503)]


def registry() -> dict[int, str]:
    with REGISTRY_CSV.open() as f:
        return {int(row["Value"]): row["Description"] for row in csv.DictReader(f)}


def test_every_fixture_file_is_valid_json_of_one_model():
    for (name, label), path in zip(BUNDLED, fixture_paths(), strict=True):
        rows = json.loads(path.read_text())
        assert rows, f"{name} is empty"
        assert {row["model"] for row in rows} == {label.lower()}


def test_the_bundled_fixtures_load_into_an_empty_database():
    ResponseCode.objects.all().delete()
    call_command("loaddata", *fixture_paths(), verbosity=0)
    assert ResponseCode.objects.count() == len(registry()) + len(HISTORICAL)


def test_every_registered_code_is_present_with_the_registry_phrase():
    codes = {code.code: code for code in ResponseCode.objects.all()}
    # The size of the bundled content is written here and nowhere else; other tests ask the database.
    # The registry's 75 codes and RFC 2543's 3; of them the 25 met most; and 71 Q.850 causes.
    assert (len(registry()), len(codes)) == (75, 78)
    assert ResponseCode.objects.common().count() == len(MOST_MET) == 25
    assert Q850Cause.objects.count() == 71
    for number, description in registry().items():
        assert number in codes, f"{number} is missing"
        phrase = description.removesuffix(" (Deprecated)")
        assert codes[number].reason_phrase == phrase, number
        expected = Status.DEPRECATED if description.endswith("(Deprecated)") else Status.STANDARD
        assert codes[number].status == expected, number


def test_only_the_rfc_2543_codes_are_outside_the_registry():
    extra = set(ResponseCode.objects.values_list("code", flat=True)) - set(registry())
    assert extra == HISTORICAL
    assert set(ResponseCode.objects.filter(status=Status.HISTORICAL).values_list("code", flat=True)) == HISTORICAL


def test_every_code_sits_in_the_class_of_its_first_digit():
    for code in ResponseCode.objects.all():
        assert code.response_class.number == code.code // 100


def test_every_code_is_defined_by_a_cited_section():
    for code in ResponseCode.objects.prefetch_related("citations__source"):
        defining = [c for c in code.citations.all() if c.role == CitationRole.DEFINES]
        assert defining, f"{code.code} has no defining citation"
        assert all(c.source.url for c in defining), code.code


def test_every_registered_code_cites_the_registry():
    registered = Citation.objects.filter(source__slug="iana-sip-response-codes").values_list("code__code", flat=True)
    assert set(registered) == set(registry())


def test_rfc_citations_name_a_section():
    for citation in Citation.objects.filter(source__kind="rfc"):
        assert citation.section, f"{citation} has no section"


def test_every_code_has_a_summary_and_a_retry_policy():
    for code in ResponseCode.objects.all():
        assert code.summary.strip() and code.retry_policy, code.code


def test_every_code_is_explained_cited_and_has_a_note():
    for code in ResponseCode.objects.prefetch_related("citations", "notes"):
        assert code.summary.strip() and code.description.strip(), f"{code.code} lacks a summary or description"
        assert code.citations.all() and code.notes.all(), f"{code.code} lacks a citation or a note"


def test_the_common_codes_have_their_rank_and_three_notes_each():
    assert sorted(ResponseCode.objects.common().values_list("code", flat=True)) == sorted(MOST_MET)
    for number in MOST_MET:
        assert TroubleshootingNote.objects.filter(code__code=number).count() >= 3, number


def test_the_codes_people_confuse_are_compared():
    pairs = {frozenset(pair) for pair in RelatedCode.objects.values_list("code__code", "other__code")}
    missing = [pair for pair in CONFUSED if frozenset(pair) not in pairs]
    assert not missing


@pytest.mark.parametrize(
    ("number", "phrase"),
    [(183, "Session in Progress"), (504, "Gateway Time-out"), (500, "Internal Server Error"),
     (436, "Bad Identity-Info"), (437, "Unsupported Certificate")],
)
def test_phrases_seen_in_the_wild_are_recorded(number, phrase):
    assert Alias.objects.filter(code__code=number, phrase=phrase).exists()


def test_vendor_specific_behaviour_is_labelled_with_the_vendor():
    assert TroubleshootingNote.objects.filter(code__code=403, vendor="2talk", source__kind="vendor").exists()
    assert TroubleshootingNote.objects.filter(code__code=503, source__kind="vendor").exclude(vendor="").exists()


def test_every_note_names_a_symptom_causes_checks_and_a_source():
    for note in TroubleshootingNote.objects.select_related("source"):
        assert note.symptom and note.cause_list and note.check_list, note
        assert note.source_id, note
        if note.source.kind == "vendor":
            assert note.vendor, f"{note} cites a vendor page but is not labelled with the vendor"


def test_each_related_pair_is_stored_once_and_explained():
    pairs = set()
    for relation in RelatedCode.objects.select_related("code", "other"):
        pair = frozenset((relation.code.code, relation.other.code))
        assert pair not in pairs, f"{sorted(pair)} is stored twice"
        pairs.add(pair)
        assert relation.difference.strip()


def test_no_two_rows_of_a_fixture_share_a_natural_key():
    """A repeated natural key would silently overwrite the first row when loaded."""
    for (_, label), path in zip(BUNDLED, fixture_paths(), strict=True):
        lookups = apps.get_model(label).natural_key_lookups
        rows = json.loads(path.read_text())
        keys = [tuple(json.dumps(row["fields"][lookup.split("__")[0]]) for lookup in lookups) for row in rows]
        duplicates = {key for key in keys if keys.count(key) > 1}
        assert not duplicates, f"{label}: {duplicates}"
