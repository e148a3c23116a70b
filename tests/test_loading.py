"""Bundled fixtures and editors' work live together: loads add, report and never silently overwrite."""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from codes.bundled import BUNDLED, FIXTURE_DIR
from codes.loader import FixtureError, load_bundled
from codes.models import Alias, ContentVersion, LoadedBundle, ResponseCode, Sender, TroubleshootingNote

pytestmark = pytest.mark.django_db


@pytest.fixture
def bundle(tmp_path):
    """A copy of the bundled fixtures to change."""
    shutil.copytree(FIXTURE_DIR, tmp_path / "fixtures")
    return tmp_path / "fixtures"


def edit_rows(path, change):
    rows = json.loads(path.read_text())
    change(rows)
    path.write_text(json.dumps(rows, indent=2))


def edit_fixture(bundle, name, change):
    edit_rows(bundle / f"{name}.json", change)


def table_counts():
    from django.apps import apps

    return {label: apps.get_model(label).objects.count() for _, label in BUNDLED}


def fixture_counts(directory=FIXTURE_DIR):
    """How many rows each bundled file holds."""
    return {label: len(json.loads((directory / f"{name}.json").read_text())) for name, label in BUNDLED}


def test_loading_the_same_bundle_again_changes_nothing():
    LoadedBundle.objects.all().delete()
    token = ContentVersion.current()
    report = load_bundled()
    assert report.added == 0 and not report.kept and not report.updated
    assert report.unchanged == sum(fixture_counts().values())
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


def test_an_empty_database_gets_every_bundled_row_without_a_list_of_them():
    for _, label in reversed(BUNDLED):
        from django.apps import apps

        apps.get_model(label).objects.all().delete()
    LoadedBundle.objects.all().delete()
    report = load_bundled()
    assert table_counts() == fixture_counts()
    assert report.added == sum(fixture_counts().values()) and report.new == []


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


def rows_changed(change):
    return lambda path: edit_rows(path, change)


def text_written(text):
    return lambda path: path.write_text(text)


# Each case: the file it breaks, how, and everything the error must say after that file's path.
BROKEN = {
    "not JSON": (
        "codes", text_written("{not json"),
        ": not valid JSON (Expecting property name enclosed in double quotes: line 1 column 2 (char 1)).",
    ),
    "unknown field": (
        "codes", rows_changed(lambda rows: rows[5]["fields"].update(colour="red")),
        ", object 6 (codes.ResponseCode 199): colour: there is no such field on codes.ResponseCode.",
    ),
    "violated constraint": (
        "codes", rows_changed(lambda rows: rows[5]["fields"].update(code=999)),
        (", object 6 (codes.ResponseCode 999): code: Constraint “code_100_to_699” is violated.;"
         " response_class: Constraint “code_in_its_class” is violated."),
    ),
    "dangling foreign key": (
        "citations", rows_changed(lambda rows: rows[3]["fields"].update(source=["rfc9999"])),
        (", object 4 (codes.Citation [100], ['rfc9999'], 17.2.1): source: ['rfc9999'] refers to a codes.source"
         " that does not exist."),
    ),
    "blank required field": (
        "notes", rows_changed(lambda rows: rows[2]["fields"].update(symptom="")),
        ", object 3 (codes.TroubleshootingNote [100], trying-is-not-ringing): symptom: This field cannot be blank.",
    ),
    "dangling many-to-many": (
        "codes", rows_changed(lambda rows: rows[7]["fields"].update(senders=[["nobody"]])),
        ", object 8 (codes.ResponseCode 202): senders: ['nobody'] refers to a codes.sender that does not exist.",
    ),
}


@pytest.mark.parametrize(("name", "breaks", "where"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_fixture_names_the_file_object_and_field_and_changes_nothing(bundle, name, breaks, where):
    path = bundle / f"{name}.json"
    breaks(path)
    # A new row in a file loaded before every broken one: it is saved, then undone by the failure.
    edit_fixture(bundle, "senders", lambda rows: rows.append(
        {"model": "codes.sender", "fields": {"slug": "never-loaded", "name": "Never loaded", "summary": "x"}}))
    before = table_counts()
    with pytest.raises(FixtureError) as failure:
        load_bundled(bundle, update=True)
    assert str(failure.value) == f"{path}{where}"
    assert table_counts() == before
    assert not Sender.objects.filter(slug="never-loaded").exists()


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
