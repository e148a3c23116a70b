import html
import re
from http import HTTPStatus

import pytest

from codes.models import Symptom

pytestmark = pytest.mark.django_db

# The guides support agents need, by the slug of their page.
REQUIRED = [
    "phone-wont-register",
    "calls-fail-straight-away",
    "busy-tone-callee-free",
    "call-rings-forever",
    "caller-hung-up-before-answer",
    "call-drops-after-30-seconds",
    "no-audio-one-way-audio",
    "calls-rejected-as-spam",
    "call-transfer-fails",
    "call-forwarding-loops",
    "sip-trunk-down-or-overloaded",
    "codec-or-media-mismatch",
]


def test_the_guides_support_agents_need_exist_and_are_complete():
    slugs = set(Symptom.objects.values_list("slug", flat=True))
    assert set(REQUIRED) <= slugs
    for symptom in Symptom.objects.prefetch_related("symptom_codes"):
        assert symptom.summary and len(symptom.check_list) >= 5 and len(symptom.phrasing_list) >= 3, symptom
        assert symptom.symptom_codes.exists() and all(sc.explanation for sc in symptom.symptom_codes.all()), symptom


def test_symptom_index_lists_every_guide_with_its_codes(client):
    response = client.get("/symptoms/")
    assert response.status_code == HTTPStatus.OK
    page = response.content.decode()
    assert "Phone won&#x27;t register" in page and 'href="/symptoms/phone-wont-register/"' in page
    assert 'href="/codes/401/" aria-label="401 Unauthorized"><span class="code-number">401</span></a>' in page


def test_symptom_page_gives_checks_in_order_and_the_codes_that_fit(client):
    response = client.get("/symptoms/phone-wont-register/")
    assert response.status_code == HTTPStatus.OK
    symptom = response.context["symptom"]
    page = response.content.decode()
    assert "<ol class=\"checks\">" in page
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert symptom.check_list[0] in text
    codes = [sc.code.code for sc in symptom.symptom_codes.all()]
    assert codes[0] == 401 and page.index("/codes/401/") < page.index("/codes/403/")


def test_the_30_second_drop_guide_points_at_the_missing_ack(client):
    page = client.get("/symptoms/call-drops-after-30-seconds/").content.decode()
    assert "ACK" in page and "/codes/200/" in page


def test_code_page_links_back_to_its_symptom_guides(client):
    page = client.get("/codes/487/").content.decode()
    assert 'href="/symptoms/caller-hung-up-before-answer/"' in page


def test_unknown_symptom_is_not_found(client):
    assert client.get("/symptoms/no-such-thing/").status_code == HTTPStatus.NOT_FOUND


def test_symptom_pages_have_fixed_query_counts(client, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get("/symptoms/")
    with django_assert_num_queries(3):  # the guide, its codes, its citations
        client.get("/symptoms/phone-wont-register/")
