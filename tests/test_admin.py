from http import HTTPStatus

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.urls import reverse

from codes.models import ResponseCode, TroubleshootingNote

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get("/admin/codes/responsecode/")
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/admin/login/")


def test_a_non_staff_user_cannot_open_the_admin(client):
    client.force_login(User.objects.create_user("reader", password="a-long-enough-password"))
    assert client.get("/admin/codes/responsecode/")["Location"].startswith("/admin/login/")


def test_an_editor_can_change_a_note_and_the_site_shows_it(client, editor):
    note = TroubleshootingNote.objects.get(code__code=486, slug="busy-though-free")
    url = reverse("admin:codes_troubleshootingnote_change", args=[note.pk])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(symptom="Busy tone although the callee's phone is idle", code=note.code_id, source=note.source_id)
    response = client.post(url, {key: "" if value is None else value for key, value in data.items()})
    assert response.status_code == HTTPStatus.FOUND, response.context and response.context["adminform"].form.errors
    assert "Busy tone although the callee&#x27;s phone is idle" in client.get("/codes/486/").content.decode()


def test_an_editor_cannot_manage_users_or_groups(client, editor):
    assert client.get("/admin/auth/user/").status_code == HTTPStatus.FORBIDDEN
    assert client.get(f"/admin/auth/group/{Group.objects.get(name='Editors').pk}/change/").status_code == (
        HTTPStatus.FORBIDDEN
    )


def test_an_editor_cannot_delete_a_code(client, editor):
    code = ResponseCode.objects.get(code=486)
    assert client.get(reverse("admin:codes_responsecode_delete", args=[code.pk])).status_code == HTTPStatus.FORBIDDEN
    assert ResponseCode.objects.filter(code=486).exists()


def test_every_content_model_has_working_admin_pages(admin_client):
    registered = [model for model in apps.get_app_config("codes").get_models() if admin.site.is_registered(model)]
    assert len(registered) == 10
    for model in registered:
        opts = model._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        assert admin_client.get(changelist).status_code == HTTPStatus.OK, changelist
        assert admin_client.get(changelist, {"q": "busy"}).status_code == HTTPStatus.OK, changelist
        add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
        assert admin_client.get(add).status_code == HTTPStatus.OK, add


def test_code_change_page_has_inlines_and_view_on_site(admin_client):
    page = admin_client.get("/admin/codes/responsecode/").content.decode()
    assert "486" in page
    code = ResponseCode.objects.get(code=486)
    code_admin = admin_client.get(reverse("admin:codes_responsecode_change", args=[code.pk])).content.decode()
    assert "Specifications" in code_admin and "Also seen as" in code_admin and "Troubleshooting notes" in code_admin
    assert "View on site" in code_admin


def test_searching_codes_by_number_finds_the_code(admin_client):
    response = admin_client.get("/admin/codes/responsecode/", {"q": "486"})
    assert [code.code for code in response.context["cl"].result_list] == [486]


def test_the_class_of_a_new_code_follows_from_its_number(admin_client):
    data = {
        "code": 499,
        "reason_phrase": "Vendor Specific",
        "status": "standard",
        "summary": "Test.",
        "retry_policy": "stop",
        **{f"{prefix}-{field}": 0 for prefix in ("citations", "aliases", "code_methods", "notes", "relations_from")
           for field in ("TOTAL_FORMS", "INITIAL_FORMS")},
    }
    response = admin_client.post(reverse("admin:codes_responsecode_add"), data)
    assert response.status_code == HTTPStatus.FOUND, response.context["adminform"].form.errors
    assert admin_client.get("/codes/499/").context["code"].response_class.number == 4
