"""Reference pages that answer at a glance: Q.850 defaults and the jump box, a source's citations by code, the cheat
sheet without a cut sentence."""

import html
import re
from http import HTTPStatus

import pytest

from codes.models import Citation, ResponseCode
from codes.models.mapping import CAUSES_WITHOUT_STATUS
from codes.reference_pages import INSTEAD_OF_A_STATUS, SHARED_NOTE_MIN, typed_cause

pytestmark = pytest.mark.django_db


def rfc3398_cells(page: str) -> dict[str, str]:
    """Each row's first cell (its number) and its RFC 3398 cell, tags removed."""
    cells = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", page, re.DOTALL):
        if found := re.search(r'data-label="RFC 3398">(.*?)</td>', row, re.DOTALL):
            number = re.search(r">(\d+)<", row)[1]
            cells[number] = " ".join(html.unescape(re.sub(r"<[^>]+>", "", found[1])).split())
    return cells


@pytest.fixture
def q850_page(client):
    return client.get("/q850/").content.decode()


def test_no_rfc3398_cell_is_left_blank(q850_page):
    cells = rfc3398_cells(q850_page)
    assert len(cells) > 100  # both tables
    assert all(cells.values()), [number for number, text in cells.items() if not text]


def test_a_cause_rfc3398_does_not_list_shows_the_default_response(q850_page):
    cells = rfc3398_cells(q850_page)
    assert cells["4"] == "500 (default, §7.2.4.1)"
    assert cells["16"] == "none: a BYE or CANCEL clears the call (§7.2.4.1)"
    assert cells["44"] == "none: the gateway tries another circuit (§7.2.4.1)"
    assert cells["17"] == "486"  # a listed cause keeps its row


def test_a_response_rfc3398_does_not_list_shows_the_default_cause(q850_page):
    cells = rfc3398_cells(q850_page)
    assert cells["409"] == "31 Normal, unspecified (default, §8.2.6.1)"
    assert cells["487"] == "none: it answers the gateway's own CANCEL (§8.2.6.1)"
    assert cells["200"] == "none: not a failure response"
    assert cells["486"] == "17 User busy"


def test_the_defaults_are_the_ones_the_decoder_checks_against():
    assert set(INSTEAD_OF_A_STATUS) == CAUSES_WITHOUT_STATUS


def test_the_q850_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(4):
        client.get("/q850/")


@pytest.mark.parametrize("typed", ["17", " 17 ", "cause 17", "cause=17", "Q.850;cause=17", "q850 17"])
def test_the_jump_box_goes_to_the_cause(client, typed):
    response = client.get("/q850/", {"cause": typed})
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"] == "/q850/17/"


def test_the_jump_box_says_what_is_wrong(client):
    bad = client.get("/q850/", {"cause": "busy<x>"})
    assert bad.status_code == HTTPStatus.BAD_REQUEST
    page = bad.content.decode()
    assert "“busy&lt;x&gt;” is not a cause number: type one from 0 to 127, like 17." in page
    assert 'aria-invalid="true" aria-describedby="jump-error"' in page and 'value="busy&lt;x&gt;"' in page
    missing = client.get("/q850/", {"cause": "10"})
    assert missing.status_code == HTTPStatus.NOT_FOUND
    assert "No cause 10 in the table below." in missing.content.decode()
    assert client.get("/q850/", {"cause": ""})["Location"] == "/q850/"


def test_typed_cause_reads_only_a_number():
    assert typed_cause("Q.850;cause=127") == 127
    assert typed_cause("1234") is None and typed_cause("cause") is None and typed_cause("17 busy") is None


def test_a_source_lists_each_code_once_with_its_sections(client):
    page = client.get("/sources/rfc3261/").content.decode()
    cited = Citation.objects.filter(source__slug="rfc3261")
    codes = set(cited.values_list("code__code", flat=True))
    for number in codes:
        assert page.count(f'<span class="code-number">{number}</span>') <= 2, number  # the entry, and its notes
    entry = re.search(r'<span class="code-number">486</span> Busy Here</a>:(.*?)</li>\s*<li class', page, re.DOTALL)[1]
    assert "Defines <a" in entry and "§21.4.24" in entry and "Registers <a" in entry and "§27.4" in entry
    assert "§13.3.1.3</a>: A callee that cannot take more calls" in entry


def test_a_note_many_codes_share_is_said_once(client):
    page = client.get("/sources/rfc3261/").content.decode()
    note = "Creates the IANA response code registry, seeded from Section 21."
    sharing = Citation.objects.filter(source__slug="rfc3261", note=note).count()
    assert sharing >= SHARED_NOTE_MIN
    assert page.count(note) == 1
    assert f"for {sharing} of these codes: {note}" in " ".join(page.split())


def test_a_source_page_groups_the_notes_that_cite_it_by_code(client):
    page = client.get("/sources/rfc3261/").content.decode()
    notes = page[page.index("Troubleshooting notes that cite it"):]
    assert notes.count('<span class="code-number">481</span>') == 1
    assert notes.count('<a href="/codes/481/#note-') >= 3


def test_the_source_page_reads_a_fixed_number_of_queries(client, django_assert_num_queries):
    with django_assert_num_queries(3):
        client.get("/sources/rfc3261/")


def test_the_cheat_sheet_cuts_no_sentence(client):
    page = client.get("/cheatsheet/").content.decode()
    sheet = page[page.index('<div class="cheatsheet">'):page.index("</main>")]  # what prints
    assert "…" not in sheet and "..." not in sheet
    for code in ResponseCode.objects.common():
        assert html.escape(code.summary) in sheet, code.code
