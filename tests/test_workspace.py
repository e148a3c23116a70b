"""The editors' start page: each list shows a row while its condition holds and drops it once fixed."""

import re
from datetime import timedelta
from http import HTTPStatus

import pytest
import reversion
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from reversion.models import Revision

from codes.models import Alias, Citation, ResponseCode, SearchSynonym, Source, Symptom, TroubleshootingNote

pytestmark = pytest.mark.django_db
URL = reverse("workspace")


def section(client, slug: str) -> str:
    """The HTML of one list on the page."""
    page = client.get(URL).content.decode()
    return re.search(rf'<section id="{slug}".*?</section>', page, re.DOTALL)[0]


def form(row, *, inline_of=None) -> str:
    """The admin form that edits a row: its own, or its code's or guide's where it is edited inline there."""
    if inline_of is not None and not admin.site.is_registered(type(row)):
        return form(inline_of)
    return reverse(f"admin:codes_{row._meta.model_name}_change", args=[row.pk])


def test_the_page_is_for_staff_only_through_the_admins_sign_in(client):
    assert client.get(URL).url == f"{reverse('admin:login')}?next={URL}"
    client.force_login(User.objects.create_user("reader", password="a-long-enough-password"))
    assert client.get(URL).status_code == HTTPStatus.FOUND  # signed in but not staff: back to the sign-in
    assert b"What needs work" not in client.get(URL, follow=True).content


def test_an_editor_sees_every_list_with_its_count(client, editor):
    response = client.get(URL)
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for heading in ("Codes short of troubleshooting notes", "Notes and citations readers cannot follow",
                    "Symptom guides without citations", "Codes due for review", "Aliases and synonyms nothing uses",
                    "Searches that found nothing"):
        assert re.search(rf"<h2[^>]*>{heading} \(\d+\)</h2>", page), heading


def test_a_common_code_needs_three_notes_and_any_code_one(client, editor):
    busy = ResponseCode.objects.get(code=486)  # common
    rare = ResponseCode.objects.get(code=494)
    assert busy.is_common and not rare.is_common
    assert "486 Busy Here" not in section(client, "notes")
    kept = busy.notes.order_by("pk")[:2]
    busy.notes.exclude(pk__in=[note.pk for note in kept]).delete()
    rare_notes = list(rare.notes.all())
    rare.notes.all().delete()
    listed = section(client, "notes")
    assert f'<a href="{form(busy)}">486 Busy Here</a>' in listed and "2 of 3" in listed
    assert f'<a href="{form(rare)}">494 Security Agreement Required</a>' in listed and "0 of 1" in listed

    TroubleshootingNote.objects.create(code=busy, slug="again", symptom="s", causes="c", checks="c", context="any",
                                       source=Source.objects.get(slug="rfc3261"))
    rare_notes[0].pk = None
    rare_notes[0].save()
    listed = section(client, "notes")
    assert "486 Busy Here" not in listed and "494 Security" not in listed
    assert "✓ Every code has the notes its rank calls for." in listed


def test_a_source_without_a_url_lists_what_cites_it_until_it_has_one(client, editor):
    note = TroubleshootingNote.objects.filter(source__kind="vendor").select_related("source").first()
    source = note.source
    url = source.url
    source.url = ""
    source.save()
    listed = section(client, "sources")
    assert f'<a href="{form(note, inline_of=note.code)}">{escape(f"Note: {note}")}</a>' in listed
    assert f'<a href="{reverse("admin:codes_source_change", args=[source.pk])}">Edit {source.name}</a>' in listed
    for citation in Citation.objects.filter(source=source):
        assert escape(f"Citation: {citation}") in listed and form(citation, inline_of=citation.code) in listed
    source.url = url
    source.save()
    listed = section(client, "sources")
    assert "Note:" not in listed and "✓ Every note and citation links to its source." in listed


def test_field_practice_is_an_attribution_not_a_missing_source(client, editor):
    assert TroubleshootingNote.objects.filter(source__slug="field-practice").exists()
    assert "Note:" not in section(client, "sources")


def test_a_guide_without_citations_is_listed_until_it_cites_something(client, editor):
    guide = Symptom.objects.get(slug="phone-wont-register")
    citations = list(guide.citations.all())
    guide.citations.all().delete()
    assert f'<a href="{form(guide)}">{escape(guide.title)}</a>' in section(client, "guides")
    citations[0].pk = None
    citations[0].save()
    assert escape(guide.title) not in section(client, "guides")


def test_a_code_unchanged_and_unreviewed_for_a_year_is_due(client, editor):
    code = ResponseCode.objects.get(code=486)
    # The test database's content was loaded without history: nothing records a change, so every code is due.
    assert f'<a href="{form(code)}">486 Busy Here</a>' in section(client, "review")
    code.reviewed_on = timezone.localdate()
    code.save()
    assert "486 Busy Here" not in section(client, "review")

    code.reviewed_on = timezone.localdate() - timedelta(days=400)
    code.save()
    assert "486 Busy Here" in section(client, "review")
    with reversion.create_revision():  # an edit to one of its notes is a change to the page
        code.notes.first().save()
    assert "486 Busy Here" not in section(client, "review")
    Revision.objects.update(date_created=timezone.now() - timedelta(days=366))
    assert "486 Busy Here" in section(client, "review")


def test_an_alias_that_repeats_the_reason_phrase_is_unused_until_it_says_more(client, editor):
    alias = Alias.objects.create(code=ResponseCode.objects.get(code=486), phrase="busy  HERE")
    listed = section(client, "unused")
    assert f'<a href="{form(alias, inline_of=alias.code)}">Alias: 486 busy  HERE</a>' in listed
    assert "the same as the code&#x27;s reason phrase" in listed
    alias.phrase = "Busy Here Now"
    alias.save()
    assert "Alias:" not in section(client, "unused")


def test_a_synonym_that_adds_nothing_is_unused_until_it_does(client, editor):
    synonym = SearchSynonym.objects.create(phrase="glorp", means="zzxqv")
    listed = section(client, "unused")
    assert f'<a href="{form(synonym)}">Synonym: glorp → zzxqv</a>' in listed
    assert "none of the words it means is in any code" in listed
    synonym.means = "busy"
    synonym.save()
    assert "glorp" not in section(client, "unused")
    synonym.phrase = "busy line"
    synonym.save()
    assert "search already reads what it means in its phrase (both give “busi”)" in section(client, "unused")


def test_every_row_links_to_a_form_the_editor_can_open(client, editor):
    ResponseCode.objects.get(code=494).notes.all().delete()
    SearchSynonym.objects.create(phrase="glorp", means="zzxqv")
    page = client.get(URL).content.decode()
    forms = set(re.findall(r'href="(/admin/codes/[^"]+/change/)"', page))
    assert len(forms) > 70
    for url in sorted(forms)[:10] + [form(ResponseCode.objects.get(code=494))]:
        assert client.get(url).status_code == HTTPStatus.OK, url
