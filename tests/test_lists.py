"""The code list's addresses and history, the class pages, and the 404 page, as a reader meets them."""

import re
from html import unescape
from http import HTTPStatus

import pytest
from django.test import override_settings

from codes.models import ResponseCode

from .test_weight import test_page_weight_stays_within_budget as weigh

pytestmark = pytest.mark.django_db
ROW = re.compile(r'<tr class="in-class-\d"([^>]*)><td><a href="/codes/\d+/"><span class="code-number">(\d+)<')


def rows(page: str) -> list[str]:
    """The code numbers of the rows a reader sees, in order (the list hides those its filters leave out)."""
    return [number for attributes, number in ROW.findall(page) if not re.search(r"\bhidden\b", attributes)]


def every_row(page: str) -> dict[str, str]:
    """Every row's code and attributes, hidden or not."""
    return {number: attributes for attributes, number in ROW.findall(page)}


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


def test_the_list_holds_every_row_and_hides_those_the_filters_leave_out(client):
    """The browser filters the rows already on the page; a reader without scripts sees the server's choice."""
    page = client.get("/codes/?class=4&q=busy").content.decode()
    assert len(every_row(page)) == ResponseCode.objects.count()
    assert rows(page) == ["486"]
    assert "htmx" not in page and "js/code-filter.js" in page and "data-live-filter" in page


def test_each_row_carries_what_the_filters_test(client):
    every = every_row(client.get("/codes/").content.decode())
    facets = re.search(r'data-filter="([^"]*)"', every["486"]).group(1).split()
    assert {"class=4", "status=standard", "common=on", "method=INVITE", "sender=uas"} <= set(facets)
    assert any(facet.startswith("topic=") for facet in facets) and "source=rfc3261" in facets
    # The text box matches aliases too, which the row does not show.
    named = ResponseCode.objects.filter(aliases__isnull=False).distinct()
    assert named.count() > 10
    for code in named:
        aliases = unescape(re.search(r'data-aliases="([^"]*)"', every[str(code.code)]).group(1)).split("|")
        assert aliases == list(code.aliases.values_list("phrase", flat=True))


def choices(client) -> list[tuple[str, str]]:
    """Every choice of every filter but the text box, as (parameter, value)."""
    form = client.get("/codes/").context["filter"].form
    found = [("common", "on")]
    for name, field in form.fields.items():
        if name not in ("q", "common"):
            found += [(name, str(value)) for value, _ in field.choices if str(value)]
    return found


def test_the_rows_a_choice_keeps_in_the_browser_are_the_rows_the_server_keeps(client):
    """For every class, status, sender, method, topic, source and "common": the rows whose data-filter names the
    choice are exactly those the server's filter shows, so filtering in the browser shows what a link shows."""
    every = every_row(client.get("/codes/").content.decode())
    tested = 0
    for name, value in choices(client):
        in_browser = [code for code, attributes in every.items() if f" {name}={value} " in
                      " " + re.search(r'data-filter="([^"]*)"', attributes).group(1) + " "]
        assert in_browser == rows(client.get("/codes/", {name: value}).content.decode()), (name, value)
        tested += 1
    assert tested > 40


def test_the_folded_filters_say_how_many_are_set(client):
    assert 'Filters (<span id="filter-count">0</span>)' in client.get("/codes/").content.decode()
    page = client.get("/codes/?class=4&q=busy&common=on").content.decode()
    assert 'Filters (<span id="filter-count">3</span>)' in page


@override_settings(PAGE_CACHE=True)
def test_the_page_cache_keeps_redirects_out_and_the_json_takes_empty_fields(client):
    for _ in range(2):
        assert client.get("/codes/?q=&class=4").status_code == HTTPStatus.FOUND
    data = client.get("/api/codes/?q=&class=4&status=").json()
    assert data["count"] == len(rows(client.get("/codes/?class=4").content.decode())) > 0
    assert all(code["class"] == 4 for code in data["results"])


def test_rows_carry_their_class_colour_and_say_the_class_in_words(client):
    page = client.get("/codes/").content.decode()
    assert '<td><a href="/codes/486/"><span class="code-number">486</span> Busy Here</a>' in page
    assert 'class="in-class-4"' in re.search(r"<tr[^>]*><td><a href=\"/codes/486/\"", page).group(0)
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
