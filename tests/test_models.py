import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from codes.models import RelatedCode, ResponseClass, ResponseCode, RetryPolicy, Source

pytestmark = pytest.mark.django_db


def make_code(code: int, **fields) -> ResponseCode:
    defaults = {"reason_phrase": "Test", "response_class_id": code // 100, "summary": "x", "retry_policy": RetryPolicy.STOP}
    return ResponseCode.objects.create(code=code, **{**defaults, **fields})


@pytest.mark.parametrize("code", [99, 700, 0, 1000])
def test_database_rejects_codes_outside_100_to_699(code):
    ResponseClass.objects.get_or_create(number=code // 100 if 1 <= code // 100 <= 6 else 4)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_code(code, response_class_id=4)


def test_database_rejects_a_second_row_for_the_same_code():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_code(486)


def test_database_rejects_a_code_filed_under_the_wrong_class():
    with pytest.raises(IntegrityError), transaction.atomic():
        make_code(499, response_class_id=5)


def test_an_unregistered_code_in_range_can_be_added_to_its_class():
    code = make_code(499)
    assert code.response_class.label == "4xx"
    assert str(code) == "499 Test"
    assert code.get_absolute_url() == "/codes/499/"


def test_common_codes_come_most_common_first():
    ranks = list(ResponseCode.objects.common().values_list("common_rank", flat=True))
    assert ranks == sorted(ranks)
    assert ResponseCode.objects.common().first().code == 200


def test_in_class_returns_only_that_class():
    codes = ResponseCode.objects.in_class(6).values_list("code", flat=True)
    assert sorted(codes) == [600, 603, 604, 606, 607, 608]


def test_rfc_sections_link_to_the_rfc_editors_anchors():
    rfc = Source.objects.get(slug="rfc3261")
    assert rfc.section_url("21.4.24") == "https://www.rfc-editor.org/rfc/rfc3261.html#section-21.4.24"
    assert rfc.section_url("B.27") == "https://www.rfc-editor.org/rfc/rfc3261.html#appendix-B.27"
    assert rfc.section_url("") == "https://www.rfc-editor.org/rfc/rfc3261.html"


def test_vendor_sources_link_to_the_page_itself():
    vendor = Source.objects.get(slug="2talk-sip-error-codes")
    assert vendor.section_url("anything") == vendor.url


def test_related_codes_read_from_either_side():
    busy_here = ResponseCode.objects.get(code=486)
    busy_everywhere = ResponseCode.objects.get(code=600)
    assert busy_everywhere in [other for other, _ in busy_here.related_codes()]
    assert busy_here in [other for other, _ in busy_everywhere.related_codes()]


def test_a_pair_already_explained_from_the_other_side_is_refused():
    mirrored = RelatedCode(
        code=ResponseCode.objects.get(code=600), other=ResponseCode.objects.get(code=486), difference="x"
    )
    with pytest.raises(ValidationError):
        mirrored.full_clean()


def test_a_code_cannot_be_related_to_itself():
    busy = ResponseCode.objects.get(code=486)
    with pytest.raises(IntegrityError), transaction.atomic():
        RelatedCode.objects.create(code=busy, other=busy, difference="x")
