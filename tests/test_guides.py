"""Symptom guides at a glance: grouped by what the person sees, each with its sources and its
classic case drawn and ready for the decoder."""

from http import HTTPStatus

import pytest

from codes.models import Source, Symptom, SymptomCitation, SymptomGroup

pytestmark = pytest.mark.django_db

DROP = """INVITE sip:bob@biloxi.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-7
From: <sip:alice@atlanta.example.com>;tag=a7
To: <sip:bob@biloxi.example.com>
Call-ID: drop-32@192.0.2.10
CSeq: 1 INVITE
Content-Length: 0

SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-7
From: <sip:alice@atlanta.example.com>;tag=a7
To: <sip:bob@biloxi.example.com>;tag=b7
Call-ID: drop-32@192.0.2.10
CSeq: 1 INVITE
Content-Length: 0

BYE sip:alice@192.0.2.10 SIP/2.0
Via: SIP/2.0/UDP 198.51.100.20:5060;branch=z9hG4bK-8
From: <sip:bob@biloxi.example.com>;tag=b7
To: <sip:alice@atlanta.example.com>;tag=a7
Call-ID: drop-32@192.0.2.10
CSeq: 1 BYE
Content-Length: 0
"""


def test_the_guides_are_grouped_by_what_the_person_sees(client):
    Symptom.objects.filter(slug="phone-wont-register").update(group=SymptomGroup.REGISTRATION)
    html = client.get("/symptoms/").content.decode()
    headings = [label for value, label in SymptomGroup.choices if Symptom.objects.filter(group=value).exists()]
    positions = [html.index(f">{label}</h2>") for label in headings]
    assert positions == sorted(positions) and "Cannot register" in headings
    register = html[html.index(">Cannot register</h2>"):]
    assert register.index('href="/symptoms/phone-wont-register/"') < register.index("</section>")
    assert 'class="code-chip in-class-4" href="/codes/401/"' in register


def test_a_guide_cites_its_sources_and_draws_its_classic_case(client):
    guide = Symptom.objects.get(slug="call-drops-after-30-seconds")
    guide.example_exchange = DROP
    guide.save()
    SymptomCitation.objects.get_or_create(symptom=guide, source=Source.objects.get(slug="rfc3261"), section="13.3.1.4")
    response = client.get(guide.get_absolute_url())
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert html.index('id="checks"') < html.index('id="classic-case"') < html.index('id="sources"')
    assert 'href="https://www.rfc-editor.org/rfc/rfc3261.html#section-13.3.1.4">RFC 3261 §13.3.1.4</a>' in html
    assert html.count('class="arrow__body"') == 3 and 'href="/decode/?symptom=call-drops-after-30-seconds"' in html
    decoded = client.get("/decode/?symptom=call-drops-after-30-seconds").content.decode()
    assert "Example: the classic case of “Call drops after about 30 seconds”" in decoded
    assert "Call answered (200 OK), ended by BYE from the callee" in decoded


def test_a_guide_without_a_classic_case_draws_nothing_and_still_points_to_the_decoder(client):
    guide = Symptom.objects.exclude(example_exchange__gt="").first()
    assert guide is not None
    html = client.get(guide.get_absolute_url()).content.decode()
    assert 'id="classic-case"' not in html and 'href="/decode/"' in html
