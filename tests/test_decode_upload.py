"""Capture files through the page and the API: decoded dialog by dialog, refused clearly when
too big or not a capture, and never written to disk, logged or cached."""

from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.files import uploadedfile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from codes.decode.capture import read_capture
from codes.decode.upload import MAX_CAPTURE

pytestmark = pytest.mark.django_db
CAPTURES = Path(__file__).resolve().parent / "data" / "captures"


def capture(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (CAPTURES / name).read_bytes(), content_type="application/vnd.tcpdump.pcap")


def test_an_uploaded_capture_leads_with_its_verdict_and_a_timed_ladder(client):
    response = client.post("/decode/", {"capture": capture("answered.pcap")})
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Call answered (200 OK), ended by BYE from the caller after 0.2 s" in html
    assert "Frame 1 · from 127.0.0.1:" in html and " over UDP" in html
    assert html.count('class="arrow__time"') == 6 and "+0.000 s" in html
    assert "no-store" in response["Cache-Control"]


def test_the_api_takes_a_capture_in_a_multipart_field_named_capture(client):
    response = client.post("/api/decode/", {"capture": capture("busy_tcp.pcap")})
    assert response.status_code == HTTPStatus.OK
    dialog, = response.json()["dialogs"]
    assert dialog["outcome"] == "failed" and dialog["summary"].startswith("Call failed: 486 Busy Here from 127.0.0.1:")
    first = dialog["messages"][0]
    assert first["title"].startswith("INVITE ") and first["transport"] == "TCP" and first["frame"] >= 1
    assert first["source"]["address"] == "127.0.0.1" and isinstance(first["source"]["port"], int)
    assert first["time"] > 1.7e9 and first["relative_time"] == 0
    assert dialog["messages"][-1]["relative_time"] > 0


def test_several_calls_in_one_capture_are_three_dialogs(client):
    dialogs = client.post("/api/decode/", {"capture": capture("calls.pcapng")}).json()["dialogs"]
    assert [d["outcome"] for d in dialogs] == ["answered", "failed", "answered"]
    assert len({d["call_id"] for d in dialogs}) == 3


@pytest.mark.parametrize("url", ["/decode/", "/api/decode/"])
def test_a_file_that_is_not_a_capture_is_a_400_that_says_so(client, url):
    upload = SimpleUploadedFile("notes.txt", b"SIP/2.0 486 Busy Here\r\n", content_type="text/plain")
    response = client.post(url, {"capture": upload})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "not a packet capture the decoder can read" in response.content.decode()


@pytest.mark.parametrize("url", ["/decode/", "/api/decode/"])
def test_a_capture_over_10_mb_is_a_413_that_says_how_to_cut_it_down(client, url):
    big = SimpleUploadedFile("big.pcap", (CAPTURES / "answered_rtp.pcap").read_bytes().ljust(MAX_CAPTURE + 1, b"\0"))
    response = client.post(url, {"capture": big})
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    text = response.content.decode()
    assert "up to 10 MB" in text and "tshark -r big.pcap -Y sip -w small.pcap" in text and "editcap" in text


def test_a_body_far_over_the_limit_is_refused_before_it_is_read(client):
    response = client.generic("POST", "/api/decode/", b"x", content_type="multipart/form-data; boundary=x",
                              CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert response.status_code == HTTPStatus.REQUEST_ENTITY_TOO_LARGE
    assert "That capture is 50.0 MB" in response.json()["error"]


@pytest.mark.parametrize("url", ["/decode/", "/api/decode/"])
def test_an_upload_never_touches_the_disk(client, settings, monkeypatch, url):
    """Django writes uploads over FILE_UPLOAD_MAX_MEMORY_SIZE to a temporary file; the decoder's never do."""
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    written = []
    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__",
                        lambda self, *args, **kwargs: written.append(args) or pytest.fail("written to disk"))
    response = client.post(url, {"capture": capture("answered_rtp.pcap")})
    assert response.status_code == HTTPStatus.OK and b"Call answered" in response.content
    assert written == []


def test_a_paste_and_a_capture_at_once_ask_for_one_of_them(client):
    response = client.post("/decode/", {"text": "SIP/2.0 486 Busy Here", "capture": capture("busy_nano.pcap")})
    assert response.status_code == HTTPStatus.BAD_REQUEST
    assert "Decode one thing at a time" in response.content.decode()


def test_the_page_still_needs_its_csrf_token_for_an_upload():
    browser = Client(enforce_csrf_checks=True)
    token = browser.get("/decode/").context["csrf_token"]
    assert browser.post("/decode/", {"capture": capture("busy_nano.pcap")}).status_code == HTTPStatus.FORBIDDEN
    accepted = browser.post("/decode/", {"capture": capture("busy_nano.pcap"), "csrfmiddlewaretoken": token})
    assert accepted.status_code == HTTPStatus.OK and b"Call failed: 486 Busy Here" in accepted.content


def test_nothing_from_a_capture_is_logged(client, caplog):
    with caplog.at_level("DEBUG"):
        client.post("/decode/", {"capture": capture("register_sll2.pcap")})
        client.post("/decode/", {"text": "x", "capture": capture("register_sll2.pcap")})  # refused, still not logged
        client.post("/api/decode/", {"capture": capture("register_sll2.pcap")})
    messages, _ = read_capture((CAPTURES / "register_sll2.pcap").read_bytes())
    call_id = messages[0].header("Call-ID").value
    assert call_id and call_id not in caplog.text
    assert "REGISTER" not in caplog.text and "Digest" not in caplog.text
