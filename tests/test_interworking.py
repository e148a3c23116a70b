"""Q.850 causes, their mappings to SIP in both directions, and Warning codes."""

from http import HTTPStatus

import pytest

from codes.models import Direction, Q850Cause, Q850Mapping, WarningCode

pytestmark = pytest.mark.django_db


def rfc3398(direction: str) -> set[tuple[int, int]]:
    rows = Q850Mapping.objects.filter(direction=direction, source__slug="rfc3398")
    return set(rows.values_list("cause__number", "code__code"))


def test_every_q850_cause_is_present_with_a_name_and_description():
    causes = Q850Cause.objects.all()
    assert {1, 16, 17, 18, 19, 21, 27, 28, 31, 34, 38, 41, 42, 102, 111, 127} <= set(causes.values_list("number", flat=True))
    assert all(cause.name and cause.description for cause in causes)
    assert Q850Cause.objects.get(number=17).name == "User busy"


def test_rfc3398_cause_to_sip_table():
    rows = rfc3398(Direction.TO_SIP)
    for pair in [(1, 404), (17, 486), (18, 408), (19, 480), (20, 480), (21, 403), (22, 410), (22, 301), (27, 502),
                 (28, 484), (31, 480), (34, 503), (38, 503), (102, 504), (127, 500)]:
        assert pair in rows, pair
    assert not any(cause == 16 for cause, _ in rows)  # normal clearing becomes BYE or CANCEL, not a response


def test_rfc3398_sip_to_cause_table():
    rows = {code: cause for cause, code in rfc3398(Direction.TO_CAUSE)}
    assert rows[486] == 17 and rows[603] == 21 and rows[404] == 1 and rows[503] == 41 and rows[408] == 102
    assert rows[505] == 127  # printed as "504 Version Not Supported" in the RFC
    assert 487 not in rows


def test_488_and_606_map_by_the_warning_header():
    for code in (488, 606):
        rows = Q850Mapping.objects.filter(direction=Direction.TO_CAUSE, source__slug="rfc3398", code__code=code)
        assert set(rows.values_list("cause__number", flat=True)) == {31, 65}
        assert all("Warning" in row.condition for row in rows)


def test_stacks_are_shown_where_they_differ_from_the_rfc():
    groups = {g.source.slug: g for g in Q850Cause.objects.get(number=21).mappings_by_source(Direction.TO_SIP)}
    assert [m.code.code for m in groups["rfc3398"].mappings] == [403] and not groups["rfc3398"].differs
    assert [m.code.code for m in groups["freeswitch-mod-sofia"].mappings] == [603]
    assert groups["freeswitch-mod-sofia"].differs and not groups["asterisk-chan-pjsip"].differs


def test_code_page_shows_the_mapping_both_ways(client):
    page = client.get("/codes/486/").content.decode()
    assert "ISDN and Q.850 interworking" in page
    assert "486 becomes this Q.850 cause" in page and "These Q.850 causes become 486" in page
    assert 'href="/q850/17/">cause 17</a> User busy' in page


def test_q850_index_explains_the_reason_header_and_lists_both_tables(client):
    response = client.get("/q850/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Reason: Q.850;cause=17" in page and "rfc3326.html#section-2" in page
    assert 'id="cause-17"' in page and "SIP responses and the cause they become" in page
    assert "FreeSWITCH mod_sofia:" in page  # a row where a stack differs


def test_cause_page(client):
    page = client.get("/q850/21/").content.decode()
    assert "Cause 21: Call rejected" in page and "Reason: Q.850;cause=21" in page
    assert "differs from RFC 3398" in page


@pytest.mark.parametrize("url", ["/q850/200/", "/q850/4000/", "/q850/abc/", "/q850/15/"])
def test_undefined_causes_are_not_found(client, url):
    assert client.get(url).status_code == HTTPStatus.NOT_FOUND


def test_api_code_detail_carries_the_mapping(client):
    q850 = client.get("/api/codes/486/").json()["q850"]
    assert any(row["cause"] == 17 and row["source"] == "RFC 3398" for row in q850["to_sip"])
    assert any(row["cause"] == 17 and row["source"] == "RFC 3398" for row in q850["to_cause"])


def test_api_q850_lists_causes_with_their_mappings(client):
    data = client.get("/api/q850/").json()
    assert [cause["cause"] for cause in data["results"]] == list(Q850Cause.objects.values_list("number", flat=True))
    assert data["count"] == Q850Cause.objects.count()
    busy = next(cause for cause in data["results"] if cause["cause"] == 17)
    assert busy["name"] == "User busy" and busy["class"] == "Normal event"
    for direction, key in ((Direction.TO_SIP, "to_sip"), (Direction.TO_CAUSE, "to_cause")):
        stored = Q850Mapping.objects.filter(cause__number=17, direction=direction)
        assert [(row["code"], row["source"]) for row in busy[key]] == [(m.code.code, m.source.name) for m in stored]
    assert (486, "RFC 3398") in [(row["code"], row["source"]) for row in busy["to_sip"]]


def test_every_warning_code_is_listed_with_its_source(client):
    codes = set(WarningCode.objects.values_list("code", flat=True))
    assert {300, 301, 302, 303, 304, 305, 306, 307, 330, 331, 370, 399} <= codes  # RFC 3261 §20.43
    assert {308, 380, 381} <= codes  # later registrations
    page = client.get("/warnings/").content.decode()
    assert 'id="warning-304"' in page and "Media type not available" in page
    assert "rfc3261.html#section-20.43" in page


def test_media_warnings_point_at_the_responses_they_accompany(client):
    assert set(WarningCode.objects.get(code=304).typical_codes.values_list("code", flat=True)) >= {488, 606}
    assert "Warning: 304" in client.get("/codes/488/").content.decode()
