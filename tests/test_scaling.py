"""The number of SQL queries a page makes does not grow when the content grows tenfold."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from codes.models import (
    Alias,
    Citation,
    Direction,
    Q850Cause,
    Q850Mapping,
    RelatedCode,
    ResponseCode,
    Source,
    Symptom,
    SymptomCode,
    TroubleshootingNote,
)

pytestmark = pytest.mark.django_db
PAGES = ["/", "/codes/", "/codes/?class=4&status=standard", "/codes/?q=busy", "/codes/486/", "/classes/4xx/",
         "/symptoms/", "/symptoms/phone-wont-register/", "/q850/", "/q850/17/", "/warnings/", "/sources/",
         "/sources/rfc3261/", "/search/?q=busy+here", "/cheatsheet/", "/api/codes/", "/api/codes/486/", "/api/q850/",
         "/sitemap.xml"]


def queries(client, url) -> int:
    """Queries of a warm request: the search index is rebuilt once after a change, not per request."""
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200, url
    return len(captured)


def grow_tenfold():
    """Nine more of everything that hangs off a code, a symptom or a cause."""
    codes = list(ResponseCode.objects.all())
    sources = [Source.objects.create(slug=f"extra-{n}", kind="vendor", name=f"Extra {n}", title=f"Extra source {n}",
                                     url=f"https://example.org/{n}") for n in range(9)]
    source = Source.objects.get(slug="field-practice")
    TroubleshootingNote.objects.bulk_create([
        TroubleshootingNote(code=code, slug=f"extra-{n}", symptom=f"Extra symptom {n} busy", causes="A cause\nAnother",
                            checks="A check\nAnother", context="any", source=source, position=10 + n)
        for code in codes for n in range(9)])
    Alias.objects.bulk_create([Alias(code=code, phrase=f"Extra phrase {n}") for code in codes for n in range(9)])
    Citation.objects.bulk_create([Citation(code=code, source=extra, section="", role="describes")
                                  for code in codes for extra in sources])
    RelatedCode.objects.bulk_create([RelatedCode(code=code, other=codes[(i + n + 1) % len(codes)], difference="x")
                                     for i, code in enumerate(codes) for n in range(5)], ignore_conflicts=True)
    for n in range(9):
        for symptom in list(Symptom.objects.filter(slug__in=["phone-wont-register", "call-drops-after-30-seconds"])):
            copy = Symptom.objects.create(slug=f"{symptom.slug}-{n}", title=f"{symptom.title} {n}",
                                          summary=symptom.summary, checks=symptom.checks, position=100 + n)
            SymptomCode.objects.bulk_create([SymptomCode(symptom=copy, code=code, explanation="x") for code in codes[:20]])
    Q850Mapping.objects.bulk_create([
        Q850Mapping(direction=Direction.TO_SIP, cause=cause, code=codes[cause.number % len(codes)], source=extra)
        for cause in Q850Cause.objects.all() for extra in sources])


def test_queries_per_page_do_not_grow_with_the_data(client):
    before = {url: queries(client, url) for url in PAGES}
    grow_tenfold()
    after = {url: queries(client, url) for url in PAGES}
    assert TroubleshootingNote.objects.count() >= 10 * ResponseCode.objects.count()
    assert after == before
