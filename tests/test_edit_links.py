"""Every public page carries a hidden link to the admin form of what it shows; one cached copy serves everyone."""

import re
from http import HTTPStatus

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from codes.models import Q850Cause, ResponseClass, ResponseCode, Source, Symptom, WarningCode

pytestmark = pytest.mark.django_db


def change(model, **lookup) -> str:
    obj = model.objects.get(**lookup)
    return reverse(f"admin:codes_{model._meta.model_name}_change", args=[obj.pk])


def changelist(model) -> str:
    return reverse(f"admin:codes_{model._meta.model_name}_changelist")


# Each public page and the admin page its Edit link must lead to.
PAGES = {
    "/codes/486/": lambda: change(ResponseCode, code=486),
    "/codes/": lambda: changelist(ResponseCode),
    "/classes/4xx/": lambda: change(ResponseClass, number=4),
    "/classes/": lambda: changelist(ResponseClass),
    "/q850/17/": lambda: change(Q850Cause, number=17),
    "/q850/": lambda: changelist(Q850Cause),
    "/warnings/": lambda: changelist(WarningCode),
    "/sources/rfc3261/": lambda: change(Source, slug="rfc3261"),
    "/sources/": lambda: changelist(Source),
    "/symptoms/phone-wont-register/": lambda: change(Symptom, slug="phone-wont-register"),
    "/symptoms/": lambda: changelist(Symptom),
}


def hidden_editor_links(html: str) -> list[str]:
    """The admin addresses of the links (or paragraphs holding one) that only editors are shown."""
    found = re.findall(r'<a[^>]*href="([^"]+)"[^>]*data-editor-only hidden', html)
    found += re.findall(r'<p[^>]*data-editor-only hidden><a href="([^"]+)"', html)
    return found


@pytest.mark.parametrize("url", PAGES)
def test_every_public_page_links_editors_to_the_form_of_what_it_shows(client, admin_client, url):
    links = hidden_editor_links(client.get(url).content.decode())
    assert PAGES[url]() in links
    for link in links:
        assert link.startswith("/admin/")
        assert admin_client.get(link).status_code == HTTPStatus.OK, link


def test_each_warning_on_the_list_has_its_own_edit_link(client):
    links = hidden_editor_links(client.get("/warnings/").content.decode())
    assert {change(WarningCode, code=304), change(WarningCode, code=399)} <= set(links)
    assert len(links) == WarningCode.objects.count() + 1


@pytest.mark.parametrize("url", ["/codes/486/", "/symptoms/phone-wont-register/", "/warnings/"])
def test_an_editor_and_a_reader_get_the_same_cached_bytes(page_cache, editor, client, url):
    client.get("/admin/")  # sets the editor cookie, as signing in does
    assert client.cookies["sipref_editor"].value == "1"
    pages = []
    for first, second in ((Client(), client), (client, Client())):  # whoever fills the cache, the other reads it
        cache.clear()
        pages += [first.get(url), second.get(url)]
    assert len({page.content for page in pages}) == 1
    assert len({page["ETag"] for page in pages}) == 1
    # Nothing on the page depends on who asks, so no cache is told to keep a copy per visitor.
    assert "cookie" not in pages[1].get("Vary", "").lower()
