"""The admin as an editor meets it: the index's groups, the code's form in the order of the code's page, the
filters and search of the code list, and "View on site" wherever a page exists."""

import re
from http import HTTPStatus
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from codes.models import (
    Alias,
    Citation,
    CodeMethod,
    Q850Cause,
    Q850Mapping,
    RelatedCode,
    ResponseCode,
    Symptom,
    SymptomCitation,
    SymptomCode,
    TroubleshootingNote,
)

from .forms import form_data

pytestmark = pytest.mark.django_db

GROUPS = [
    ("Codes", ["Response codes", "Troubleshooting notes"]),
    ("Symptom guides", ["Symptoms"]),
    ("Q.850 causes", ["Q.850 causes"]),
    ("Warning codes", ["Warning codes"]),
    ("Sources", ["Sources"]),
    ("Search synonyms", ["Search synonyms"]),
    ("Lists the codes draw on", ["Response classes", "Methods", "Senders"]),
]
JOIN_ROWS = (CodeMethod, RelatedCode, Alias, Citation, SymptomCode, SymptomCitation, Q850Mapping)


def code_form_url(code: int = 486) -> str:
    return reverse("admin:codes_responsecode_change", args=[ResponseCode.objects.get(code=code).pk])


def test_the_index_groups_what_editors_work_on_in_order(client, editor):
    index = client.get("/admin/")
    groups = [(app["name"], [model["name"] for model in app["models"]]) for app in index.context["app_list"]]
    assert groups == GROUPS  # an editor sees no users, groups or sign-in attempts
    captions = re.findall(r'<caption>\s*<a href="[^"]*" class="section">([^<]+)</a>', index.content.decode())
    assert captions == [name for name, _ in GROUPS]


def test_the_index_leads_to_the_start_page(client, editor):
    html = client.get("/admin/").content.decode()
    assert f'<a href="{reverse("workspace")}">What needs work</a>' in html


def test_join_rows_are_not_on_the_index_and_have_no_list_of_their_own(client, editor):
    html = client.get("/admin/").content.decode()
    for model in JOIN_ROWS:
        assert not admin.site.is_registered(model), model
        assert str(model._meta.verbose_name_plural).capitalize() not in html, model


@pytest.mark.parametrize(("url", "prefixes"), [
    (lambda: code_form_url(), ["code_methods", "aliases", "notes", "relations_from", "citations"]),
    (lambda: reverse("admin:codes_symptom_change", args=[Symptom.objects.first().pk]), ["symptom_codes", "citations"]),
    (lambda: reverse("admin:codes_q850cause_change", args=[Q850Cause.objects.get(number=17).pk]), ["mappings"]),
])
def test_join_rows_are_edited_inline_where_they_belong(client, editor, url, prefixes):
    html = client.get(url()).content.decode()
    for prefix in prefixes:
        assert f'name="{prefix}-TOTAL_FORMS"' in html, prefix


def test_a_method_s_meaning_saved_inline_shows_on_the_code_s_page(client, editor):
    url = code_form_url(405)
    data = form_data(client.get(url))
    row = next(name.removesuffix("-meaning") for name in data if re.fullmatch(r"code_methods-\d+-meaning", name))
    data[f"{row}-meaning"] = "Edited inline: the method is known but not allowed here."
    response = client.post(url, data)
    assert response.status_code == HTTPStatus.FOUND, response.context and response.context["errors"]
    assert "Edited inline: the method is known but not allowed here." in client.get("/codes/405/").content.decode()


def headings(html: str) -> list[tuple[str, bool]]:
    """The form's section headings in order, each with whether it folds (sits in a <summary>)."""
    found = re.findall(r'(<summary>)?\s*<h2 id="[^"]+" class="(?:fieldset|inline)-heading">\s*([^<]+?)\s*</h2>', html)
    return [(name, bool(summary)) for summary, name in found]


# Each folded section of the form, and what starts the part of the code's page template that shows what it holds.
ON_THE_PAGE = {
    "Facts": "<dt>Usually sent by",
    "In answer to (methods, and what it means for each)": "<dt>In answer to",
    "Also seen as (aliases)": "<dt>Also seen as",
    "What it means": 'title="What it means"',
    "A typical call flow and the example message": 'title="A typical call flow"',
    "Troubleshooting notes": 'title="Troubleshooting"',
    "Related codes (stored on this code; pairs stored on the other code show on its page)": 'title="Related codes"',
    "What other lists get wrong": 'title="What other lists get wrong"',
    "ISDN and Q.850 interworking": 'title="ISDN and Q.850 interworking"',
    "Specifications (citations)": 'title="Specifications"',
}


def test_the_code_form_folds_into_sections_in_the_order_of_the_code_s_page(client, editor):
    found = headings(client.get(code_form_url()).content.decode())
    assert found[0] == ("The code", False) and found[-1] == ("Review", False)
    folded = [name for name, folds in found[1:-1]]
    assert all(folds for _, folds in found[1:-1])
    assert folded == list(ON_THE_PAGE)
    template = (Path(settings.BASE_DIR) / "templates/codes/code_detail.html").read_text()
    positions = [template.index(ON_THE_PAGE[name]) for name in folded]
    assert positions == sorted(positions)


def test_the_reviewed_date_is_on_the_form_and_in_the_list(client, editor):
    assert 'name="reviewed_on"' in client.get(code_form_url()).content.decode()
    assert "Reviewed on" in client.get("/admin/codes/responsecode/").content.decode()


def listed(client, **params) -> list[int]:
    return [code.code for code in client.get("/admin/codes/responsecode/", params).context["cl"].result_list]


def test_the_code_list_filters_by_notes_common_status_and_class(client, editor):
    TroubleshootingNote.objects.filter(code__code=486).delete()
    without = listed(client, notes="none")
    assert 486 in without and 401 not in without
    assert all(ResponseCode.objects.get(code=n).notes.count() > 0 for n in listed(client, notes="some"))
    assert set(listed(client, common="yes")) == set(ResponseCode.objects.common().values_list("code", flat=True))
    assert 486 not in listed(client, common="no")
    assert listed(client, status__exact="deprecated") == [202]
    assert set(listed(client, response_class__number__exact=6)) == {600, 603, 604, 606, 607, 608}


def test_the_code_list_searches_phrases_and_aliases(client, editor):
    alias = Alias.objects.select_related("code").first()
    assert alias.code.code in listed(client, q=alias.phrase)
    assert listed(client, q="Busy Here")[0] == 486
    assert listed(client, q="486") == [486]


def test_view_on_site_leads_to_a_page_for_every_model_that_has_one(admin_client):
    with_pages = [model for model in apps.get_app_config("codes").get_models()
                  if admin.site.is_registered(model) and hasattr(model, "get_absolute_url")]
    assert len(with_pages) == 7
    for model in with_pages:
        opts, row = model._meta, model.objects.first()
        form = admin_client.get(reverse(f"admin:codes_{opts.model_name}_change", args=[row.pk])).content.decode()
        link = re.search(r'<a href="([^"]+)" class="viewsitelink">', form)
        assert link, model
        response = admin_client.get(link.group(1), follow=True)
        assert response.status_code == HTTPStatus.OK, model
        assert urlsplit(response.redirect_chain[-1][0]).path == urlsplit(row.get_absolute_url()).path, model
