"""Bundled fixtures and editors' work live together: loads add, report and never silently overwrite."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from codes.bundled import BUNDLED, FIXTURE_DIR
from codes.loader import FixtureError, load_bundled
from codes.models import Alias, ContentVersion, LoadedBundle, ResponseCode, TroubleshootingNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(tmp_path):
    """A copy of the bundled fixtures to change."""
    shutil.copytree(FIXTURE_DIR, tmp_path / "fixtures")
    return tmp_path / "fixtures"


def edit_fixture(bundle, name, change):
    path = bundle / f"{name}.json"
    rows = json.loads(path.read_text())
    change(rows)
    path.write_text(json.dumps(rows, indent=2))


def table_counts():
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for _, label in BUNDLED}


def test_loading_the_same_bundle_again_changes_nothing():
    LoadedBundle.objects.all().delete()
    token = ContentVersion.current()
    report = load_bundled()
    assert report.added == 0 and not report.kept and not report.updated and report.unchanged > 1500
    assert ContentVersion.current() == token
    assert load_bundled().skipped  # the fingerprint now matches


def test_an_editors_change_is_kept_and_reported(bundle):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    note.symptom = "Edited by an editor"
    note.save()
    edit_fixture(bundle, "aliases", lambda rows: rows.append(
        {"model": "codes.alias", "fields": {"code": [486], "phrase": "Line Busy", "note": "New in the bundle."}}))
    report = load_bundled(bundle)
    assert report.added == 1 and Alias.objects.filter(code__code=486, phrase="Line Busy").exists()
    assert [str(d) for d in report.kept] == ["codes.TroubleshootingNote 486 busy-though-free: symptom"]
    note.refresh_from_db()
    assert note.symptom == "Edited by an editor"


def test_update_takes_the_bundled_version_when_told(bundle):
    ResponseCode.objects.filter(code=486).update(summary="Edited.")
    ContentVersion.bump()
    report = load_bundled(bundle, update=True)
    assert [str(d) for d in report.updated] == ["codes.ResponseCode 486: summary"]
    assert ResponseCode.objects.get(code=486).summary.startswith("The callee")


def test_rows_only_in_the_database_are_left_alone():
    Alias.objects.create(code=ResponseCode.objects.get(code=486), phrase="Engaged", note="Added by an editor.")
    LoadedBundle.objects.all().delete()
    load_bundled(update=True)
    assert Alias.objects.filter(phrase="Engaged").exists()


def test_dry_run_reports_without_changing(bundle):
    edit_fixture(bundle, "codes", lambda rows: rows[0]["fields"].update(summary="Changed in the bundle."))
    report = load_bundled(bundle, update=True, dry_run=True)
    assert [str(d) for d in report.updated] == ["codes.ResponseCode 100: summary"]
    assert ResponseCode.objects.get(code=100).summary != "Changed in the bundle."


def test_the_command_reports_what_it_kept():
    ResponseCode.objects.filter(code=603).update(summary="Edited.")
    LoadedBundle.objects.all().delete()
    out = StringIO()
    call_command("loadcontent", stdout=out)
    text = out.getvalue()
    assert "Kept as edited (1 rows differ" in text and "codes.ResponseCode 603: summary" in text
    assert "loadcontent --update" in text


def test_an_empty_database_is_filled_in_one_go():
    for _, label in reversed(BUNDLED):
        from django.apps import apps

        apps.get_model(label).objects.all().delete()
    LoadedBundle.objects.all().delete()
    report = load_bundled()
    assert report.added == sum(len(json.loads((FIXTURE_DIR / f"{n}.json").read_text())) for n, _ in BUNDLED)
    assert ResponseCode.objects.count() == 78


def test_export_then_load_into_an_empty_database_then_export_gives_identical_files(tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    call_command("exportcontent", output=first, stdout=StringIO())
    from django.apps import apps

    for _, label in reversed(BUNDLED):
        apps.get_model(label).objects.all().delete()
    LoadedBundle.objects.all().delete()
    load_bundled(first)
    call_command("exportcontent", output=second, stdout=StringIO())
    for name, _ in BUNDLED:
        assert (first / f"{name}.json").read_bytes() == (second / f"{name}.json").read_bytes(), name


BROKEN = [
    ("codes", lambda rows: rows.__setitem__(slice(None), "{not json"), "not valid JSON"),
    ("codes", lambda rows: rows[5]["fields"].update(colour="red"), "colour: there is no such field"),
    ("codes", lambda rows: rows[5]["fields"].update(code=999), "code: Constraint “code_100_to_699”"),
    ("citations", lambda rows: rows[3]["fields"].update(source=["rfc9999"]), "source: ['rfc9999'] refers to a"),
    ("notes", lambda rows: rows[2]["fields"].update(symptom=""), "symptom: This field cannot be blank"),
    ("codes", lambda rows: rows[7]["fields"].update(senders=[["nobody"]]), "senders: ['nobody'] refers to a"),
]


@pytest.mark.parametrize(("name", "change", "message"), BROKEN)
def test_a_broken_fixture_names_the_file_object_and_field_and_changes_nothing(bundle, name, change, message):
    path = bundle / f"{name}.json"
    if "not json" in message or message == "not valid JSON":
        path.write_text("{not json")
    else:
        edit_fixture(bundle, name, change)
    edit_fixture(bundle, "aliases", lambda rows: rows.append(
        {"model": "codes.alias", "fields": {"code": [486], "phrase": "Never Loaded", "note": ""}}))
    before = table_counts()
    with pytest.raises(FixtureError) as failure:
        load_bundled(bundle, update=True)
    text = str(failure.value)
    assert str(path) in text and message in text
    if "object" in text:
        assert "object" in text and ("codes." in text)
    assert table_counts() == before
    assert not Alias.objects.filter(phrase="Never Loaded").exists()


def test_the_command_turns_a_broken_fixture_into_a_clear_error(bundle):
    edit_fixture(bundle, "codes", lambda rows: rows[0]["fields"].update(code=42))
    with pytest.raises(CommandError) as failure:
        call_command("loadcontent", directory=bundle, stdout=StringIO())
    assert "Nothing was loaded" in str(failure.value) and "codes.json, object 1 (codes.ResponseCode 42)" in str(failure.value)


def test_a_broken_fixture_into_an_empty_database_leaves_it_empty(bundle):
    from django.apps import apps

    for _, label in reversed(BUNDLED):
        apps.get_model(label).objects.all().delete()
    edit_fixture(bundle, "notes", lambda rows: rows[0]["fields"].update(code=[999]))
    with pytest.raises(FixtureError) as failure:
        load_bundled(bundle)
    assert "notes.json, object 1" in str(failure.value) and "code: [999] refers to a" in str(failure.value)
    assert ResponseCode.objects.count() == 0
