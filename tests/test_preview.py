"""Editors preview a code's page from the unsaved form, and each Markdown field as they type: rendered by the
site's own template and cleaning, writing nothing, and never able to run script."""

import re
from http import HTTPStatus

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from reversion.models import Version

from codes.models import Alias, ContentVersion, ResponseCode, TroubleshootingNote
from codes.preview import MARKDOWN_FIELDS

from .forms import form_data

pytestmark = pytest.mark.django_db

ATTACKS = (
    '<script>alert("pasted")</script>',
    '<img src="x" onerror="alert(1)">',
    "[a link](javascript:alert(1))",
    '<a href="#" onclick="alert(1)">click</a>',
    '<iframe src="https://example.com/"></iframe>',
    '<p style="background:url(javascript:alert(1))">styled</p>',
)


def code_form(client, code: int = 486) -> tuple[str, dict]:
    pk = ResponseCode.objects.get(code=code).pk
    data = form_data(client.get(reverse("admin:codes_responsecode_change", args=[pk])))
    return reverse("admin:codes_responsecode_preview", args=[pk]), data


def row_prefix(data: dict, prefix: str, field: str, value: str) -> str:
    return next(name.removesuffix(f"-{field}") for name in data
                if re.fullmatch(rf"{prefix}-\d+-{field}", name) and data[name] == value)


def test_the_preview_shows_unsaved_changes_and_writes_nothing(client, editor):
    code = Alias.objects.values_list("code__code", flat=True).first()  # a code with aliases, notes and a page
    url, data = code_form(client, code)
    note = TroubleshootingNote.objects.filter(code__code=code).first()
    data["summary"] = "A summary not saved yet."
    data["description"] = "Meaning with **emphasis**."
    data[f"{row_prefix(data, 'notes', 'slug', note.slug)}-symptom"] = "A symptom not saved yet"
    alias = row_prefix(data, "aliases", "phrase", Alias.objects.filter(code__code=code).first().phrase)
    data[f"{alias}-DELETE"] = "on"
    gone = data[f"{alias}-phrase"]
    before = (ContentVersion.objects.values_list("token", flat=True).first(), Version.objects.count())
    with CaptureQueriesContext(connection) as queries:
        response = client.post(url, {**data, "preview_theme": "dark"})
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert '<p class="lead">A summary not saved yet.</p>' in html
    assert "Meaning with <strong>emphasis</strong>." in html
    assert "A symptom not saved yet" in html
    assert f"“{gone}”" not in html
    assert '<html data-theme="dark" lang="en">' in html
    # Only reads: validating the form checks the constraints with a SELECT inside a savepoint, as saving does.
    statements = {query["sql"].split()[0].upper() for query in queries.captured_queries}
    assert statements <= {"SELECT", "SAVEPOINT", "RELEASE"}
    assert ResponseCode.objects.get(code=code).summary != "A summary not saved yet."
    assert (ContentVersion.objects.values_list("token", flat=True).first(), Version.objects.count()) == before


def test_the_preview_is_framed_by_the_admin_only_and_runs_no_script(client, editor):
    url, data = code_form(client)
    data["summary"] = ATTACKS[0]
    response = client.post(url, data)
    policy = response["Content-Security-Policy"]
    assert "script-src 'none'" in policy and "frame-ancestors 'self'" in policy and "sandbox" in policy
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert '<script>alert("pasted")</script>' not in response.content.decode()  # the summary is escaped


def test_the_form_offers_the_preview_in_both_themes(client, editor):
    url, _ = code_form(client)
    html = client.get(reverse("admin:codes_responsecode_change", args=[ResponseCode.objects.get(code=486).pk]))
    html = html.content.decode()
    for theme in ("light", "dark"):
        assert f'formaction="{url}" formtarget="page-preview" formnovalidate name="preview_theme" value="{theme}"' in html
    assert '<iframe class="page-preview__frame" name="page-preview"' in html and " sandbox " in html


def test_a_new_code_can_be_previewed_before_it_exists(client, editor):
    data = form_data(client.get(reverse("admin:codes_responsecode_add")))
    data.update(code="499", reason_phrase="Previewed Only", status="standard", summary="Never saved.",
                retry_policy="stop")
    response = client.post(reverse("admin:codes_responsecode_preview"), data)
    assert response.status_code == HTTPStatus.OK
    assert "<h1><span class=\"code-number\">499</span> Previewed Only</h1>" in response.content.decode()
    assert not ResponseCode.objects.filter(code=499).exists()


def test_a_form_that_would_not_save_says_what_to_put_right(client, editor):
    url, data = code_form(client)
    data["summary"] = ""
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.OK
    assert "Summary: This field is required." in response.content.decode()


def test_only_editors_may_preview_and_only_by_post(client, editor):
    url, data = code_form(client)
    assert client.get(url).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    assert client.get(reverse("admin:markdown_preview")).status_code == HTTPStatus.METHOD_NOT_ALLOWED
    reader = Client()
    assert reader.post(url, data)["Location"].startswith("/admin/login/")
    assert reader.post(reverse("admin:markdown_preview"), {"text": "x"})["Location"].startswith("/admin/login/")


def preview(client, text: str, mode: str = "block") -> str:
    response = client.post(reverse("admin:markdown_preview"), {"text": text, "mode": mode})
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("mode", ["block", "inline", "lines"])
def test_markdown_preview_cleans_what_could_run(client, editor, attack, mode):
    html = preview(client, f"Before {attack} after", mode).lower()
    for dangerous in ("<script", "onerror", "onclick", "javascript:", "<iframe", "style="):
        assert dangerous not in html


def test_markdown_preview_renders_as_the_site_does(client, editor):
    assert preview(client, "One *two*\n\nThree `four`") == "<p>One <em>two</em></p>\n<p>Three <code>four</code></p>"
    assert preview(client, "A [link](https://example.com/)", "inline") == (
        'A <a href="https://example.com/" rel="nofollow noopener noreferrer">link</a>')
    assert preview(client, "first **cause**\n\nsecond", "lines") == "<ul><li>first <strong>cause</strong></li><li>second</li></ul>"


def test_markdown_preview_refuses_a_post_without_the_csrf_token(editor):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(reverse("admin:markdown_preview"), {"text": "x"}).status_code == HTTPStatus.FORBIDDEN


def test_markdown_preview_refuses_bad_input_without_an_error_page(client, editor):
    url = reverse("admin:markdown_preview")
    assert client.post(url, {"text": "x", "mode": "shout"}).status_code == HTTPStatus.BAD_REQUEST
    assert client.post(url, {"text": "x" * 100_001}).status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE


def test_every_markdown_field_of_the_site_has_its_preview(client, editor):
    for label, fields in MARKDOWN_FIELDS.items():
        model = ResponseCode._meta.apps.get_model(label)
        for name in fields:
            model._meta.get_field(name)  # the field exists
    html = client.get(reverse("admin:codes_responsecode_change", args=[ResponseCode.objects.get(code=486).pk]))
    marked = re.findall(r'name="([^"]+)"[^>]*data-markdown-preview="/admin/markdown-preview/" data-markdown-mode="(\w+)"',
                        html.content.decode())
    names = {re.sub(r"^\w+?-(\d+|__prefix__)-", "", name): mode for name, mode in marked}
    assert names == {"description": "block", "caller_experience": "inline", "retry_advice": "inline",
                     "misreading": "block", "interworking_note": "block", "meaning": "inline",
                     "difference": "inline", "causes": "lines", "checks": "lines"}
