"""A code page read at a glance: its contents, its neighbours, its history, its call flow and
example message, and where to send a correction."""

import re
from http import HTTPStatus

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from codes.models import ResponseCode

from .forms import form_data

pytestmark = pytest.mark.django_db

EXCHANGE = """INVITE sip:bob@biloxi.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1
From: <sip:alice@atlanta.example.com>;tag=a1
To: <sip:bob@biloxi.example.com>
Call-ID: ex-486@192.0.2.10
CSeq: 1 INVITE
Content-Length: 0

SIP/2.0 486 Busy Here
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1
From: <sip:alice@atlanta.example.com>;tag=a1
To: <sip:bob@biloxi.example.com>;tag=b2
Call-ID: ex-486@192.0.2.10
CSeq: 1 INVITE
Reason: Q.850;cause=17;text="User busy"
Content-Length: 0

ACK sip:bob@biloxi.example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1
From: <sip:alice@atlanta.example.com>;tag=a1
To: <sip:bob@biloxi.example.com>;tag=b2
Call-ID: ex-486@192.0.2.10
CSeq: 1 ACK
Content-Length: 0
"""


def page(client, code: int) -> str:
    response = client.get(f"/codes/{code}/")
    assert response.status_code == HTTPStatus.OK
    return response.content.decode()


def test_every_entry_in_the_table_of_contents_lands_on_its_heading(client):
    for code in (486, 100, 503):
        html = page(client, code)
        toc = html[html.index('aria-label="On this page"'):html.index("</nav>", html.index('aria-label="On this page"'))]
        anchors = re.findall(r'href="#([\w-]+)"', toc)
        assert anchors[0] in ("meaning", "flow") and anchors[-1] == "specs"
        for anchor in anchors:
            assert re.search(rf'<h2 id="{anchor}">', html), (code, anchor)


def test_previous_and_next_codes_are_linked(client):
    html = page(client, 486)
    before, after = (ResponseCode.objects.filter(code__lt=486).order_by("-code").first(),
                     ResponseCode.objects.filter(code__gt=486).order_by("code").first())
    assert f'rel="prev" href="/codes/{before.code}/"' in html and f'rel="next" href="/codes/{after.code}/"' in html
    first = ResponseCode.objects.order_by("code").first()
    assert 'rel="prev"' not in page(client, first.code)


def test_the_page_says_when_an_editor_last_changed_its_content(client, editor):
    assert "Content last changed" not in page(client, 486)
    note = ResponseCode.objects.get(code=486).notes.first()
    url = reverse("admin:codes_troubleshootingnote_change", args=[note.pk])
    data = form_data(client.get(url))
    data["symptom"] = "An editor's better wording"
    assert client.post(url, data).status_code == HTTPStatus.FOUND
    html = page(client, 486)
    assert re.search(r'Content last changed on <time datetime="\d{4}-\d\d-\d\dT', html)
    assert "Content last changed" not in page(client, 487), "another code's edit is not this one's"


def test_a_correction_goes_to_the_configured_address_naming_the_code(client, settings):
    settings.CORRECTIONS_URL = "mailto:corrections@sipref.example"
    html = page(client, 486)
    assert 'href="mailto:corrections@sipref.example?subject=Correction%20to%20486%20Busy%20Here' in html
    settings.CORRECTIONS_URL = "https://tracker.example/new?title=Correction+to+{code}"
    assert 'href="https://tracker.example/new?title=Correction+to+486"' in page(client, 486)


def test_signed_in_editors_get_a_cookie_that_shows_them_edit_links(client):
    User.objects.create_user("ada", password="a-long-enough-password", is_staff=True)
    assert "sipref_editor" not in client.cookies
    client.post("/admin/login/", {"username": "ada", "password": "a-long-enough-password"})
    assert client.cookies["sipref_editor"].value == "1"
    html = page(client, 486)
    code = ResponseCode.objects.get(code=486)
    assert f'href="/admin/codes/responsecode/{code.pk}/change/" data-editor-only hidden' in html
    public = client.get("/codes/486/")
    assert "Cookie" not in public.get("Vary", ""), "the page does not depend on who asks, so it can be cached"
    client.post("/admin/logout/")
    assert client.cookies["sipref_editor"].value == ""


def test_a_typical_call_flow_is_drawn_with_its_example_message_annotated(client):
    code = ResponseCode.objects.get(code=486)
    code.example_exchange = EXCHANGE
    code.example_notes = "Reason: the Q.850 cause a gateway adds: 17, user busy (RFC 3326)."
    code.save()
    html = page(client, 486)
    flow = html[html.index('id="flow"'):html.index('id="example"')]
    assert [re.sub(r"<[^>]+>", "", label).strip() for label in re.findall(r'class="arrow__body">(.*?)</span><span', flow)] == [
        "INVITE", "486 Busy Here ● this response", "ACK"]
    assert 'href="/decode/?code=486"' in flow
    example = html[html.index('id="example"'):html.index('id="troubleshooting"')]
    assert "<mark>Reason: Q.850;cause=17;text=&quot;User busy&quot;</mark>" in example
    assert "<dt><code>Reason</code></dt><dd>the Q.850 cause a gateway adds" in example
    assert "ACK sip:" not in example, "the example message is the 486 alone"
    decoded = client.get("/decode/?code=486").content.decode()
    assert "Example: the typical exchange around 486 Busy Here" in decoded and "Call failed: 486 Busy Here" in decoded


def test_no_code_repeats_its_retry_policy_as_its_advice():
    for code in ResponseCode.objects.all():
        label = code.get_retry_policy_display().lower()
        advice = code.retry_advice.strip().rstrip(".").lower()
        assert not advice or advice not in label, code.code
