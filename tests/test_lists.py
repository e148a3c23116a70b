"""The code list's addresses and history, the class pages, and the 404 page, as a reader meets them."""

import re
from http import HTTPStatus

import pytest
from django.test import override_settings

from codes.models import ResponseCode

from .test_weight import test_page_weight_stays_within_budget as weigh

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def rows(page: str) -> list[str]:
    """The code numbers of the table's rows, in order."""
    return re.findall(r'<tr class="in-class-\d"><td><a href="/codes/\d+/"><span class="code-number">(\d+)<', page)


def test_every_code_is_on_one_page(client):
    page = client.get("/codes/").content.decode()
    assert len(rows(page)) == ResponseCode.objects.count() == 78
    assert 'class="pagination"' not in page


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("?q=&class=4&status=&sender=&method=&topic=&source=", "/codes/?class=4"),
        ("?q=&class=&status=&sender=&method=&topic=&source=", "/codes/"),
        ("?q=busy&class=&status=standard", "/codes/?q=busy&status=standard"),
        ("?status=standard&page=1&q=%20", "/codes/?status=standard&page=1"),
        ("?method=INVITE&method=&utm_source=mail", "/codes/?method=INVITE&utm_source=mail"),
    ],
)
def test_a_form_sent_without_javascript_lands_on_an_address_with_only_the_set_filters(client, query, clean):
    response = client.get("/codes/" + query)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == clean
    assert client.get(clean).status_code == HTTPStatus.OK


def test_an_address_with_only_set_filters_is_served_as_it_is(client):
    assert client.get("/codes/?class=4&q=busy").status_code == HTTPStatus.OK


def test_live_filtering_pushes_the_address_without_the_empty_fields(client):
    response = client.get("/codes/?q=busy&class=&status=", headers=HTMX)
    assert response.status_code == HTTPStatus.OK
    assert response["HX-Push-Url"] == "/codes/?q=busy"
    assert "HX-Current-URL" in response["Vary"]
    cleared = client.get("/codes/?q=&class=", headers=HTMX)
    assert cleared["HX-Push-Url"] == "/codes/"


def test_live_filtering_adds_no_history_entry_when_the_filters_did_not_change(client):
    """A search box fires `change` on blur after its `input`: the same filters again must not add a Back step."""
    same = {**HTMX, "HX-Current-URL": "http://testserver/codes/?q=busy"}
    assert client.get("/codes/?q=busy&class=", headers=same)["HX-Push-Url"] == "false"
    moved = {**HTMX, "HX-Current-URL": "http://testserver/codes/?q=bus"}
    assert client.get("/codes/?q=busy&class=", headers=moved)["HX-Push-Url"] == "/codes/?q=busy"


def test_a_history_restore_renders_the_controls_with_the_filters_of_the_address(client):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    page = client.get("/codes/?q=busy&class=6", headers=headers).content.decode()
    assert '<input type="search" name="q" value="busy"' in page
    assert '<option value="6" selected>6xx Global failure</option>' in page
    assert "HX-Push-Url" not in client.get("/codes/?q=busy", headers=headers)
    assert rows(page) == ["600"]


def test_htmx_keeps_no_history_snapshots_of_its_own(client):
    """Snapshots hold the controls as first rendered, not as last set: Back must ask the server instead."""
    page = client.get("/codes/").content.decode()
    assert '"historyCacheSize":0' in page
    assert "<div hx-history-elt>" in page  # only the list is restored, so the header's scripts keep working


def test_the_folded_filters_say_how_many_are_set(client):
    assert 'Filters (<span id="filter-count">0</span>)' in client.get("/codes/").content.decode()
    page = client.get("/codes/?class=4&q=busy&common=on").content.decode()
    assert 'Filters (<span id="filter-count">3</span>)' in page
    partial = client.get("/codes/?class=4", headers=HTMX).content.decode()
    assert '<span id="filter-count" hx-swap-oob="innerHTML">1</span>' in partial


@override_settings(PAGE_CACHE=True)
def test_the_page_cache_keeps_redirects_out_and_the_json_takes_empty_fields(client):
    for _ in range(2):
        assert client.get("/codes/?q=&class=4").status_code == HTTPStatus.FOUND
    data = client.get("/api/codes/?q=&class=4&status=").json()
    assert data["count"] == len(rows(client.get("/codes/?class=4").content.decode())) > 0
    assert all(code["class"] == 4 for code in data["results"])


def test_rows_carry_their_class_colour_and_say_the_class_in_words(client):
    page = client.get("/codes/").content.decode()
    assert '<tr class="in-class-4"><td><a href="/codes/486/"><span class="code-number">486</span> Busy Here</a>' in page
    assert '<th scope="col">Class</th>' in page and "<td>4xx Request failure</td>" in page


def test_a_class_page_drops_the_class_column(client):
    page = client.get("/classes/4xx/").content.decode()
    assert '<th scope="col">Class</th>' not in page and "4xx Request failure</td>" not in page
    assert len(rows(page)) == ResponseCode.objects.in_class(4).count()
    assert '<a href="/classes/">Classes</a>' in page  # the breadcrumb leads to all six


def test_the_classes_page_lists_the_six_with_their_codes(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        response = client.get("/classes/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    for number, name in [(1, "Provisional"), (4, "Request failure"), (6, "Global failure")]:
        assert f'<a href="/classes/{number}xx/"><span class="code-number">{number}xx</span> {name}</a>' in page
    assert "48 codes:" in page and "3 codes:" in page
    assert '<a class="code-chip" href="/codes/486/" title="Busy Here">486</a>' in page


def test_the_classes_page_is_in_the_sitemap(client):
    assert "http://testserver/classes/</loc>" in client.get("/sitemap.xml").content.decode()


@pytest.mark.parametrize("url", ["/no-such-page/", "/codes/abc/", "/sources/no-such-source/", "/symptoms/nothing/"])
def test_the_404_page_names_the_address_but_no_internals(client, url):
    response = client.get(url)
    assert response.status_code == HTTPStatus.NOT_FOUND
    page = response.content.decode()
    assert "Resolver404" not in page and "matching the query" not in page and "No Source" not in page
    assert f"There is no page at <code class=\"long-path\">{url}</code>" in page
    assert "three digits, from 100 to 699" in page


@pytest.mark.parametrize("url", ["/classes/", "/no-such-page/"])
def test_the_new_pages_stay_within_the_weight_budget(client, url):
    weigh(client, url)
