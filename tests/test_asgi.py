"""sipref/asgi.py as hypercorn calls it: pages as Django makes them, reads answered in the event loop's own thread
and everything else in a thread, so a save that waits holds up no reader."""

import asyncio
import json
import threading
import time

import pytest

from sipref import asgi

pytestmark = pytest.mark.django_db


def scope(method: str, path: str, query: bytes = b"", root_path: str = "") -> dict:
    return {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
            "path": path, "raw_path": path.encode(), "query_string": query, "root_path": root_path,
            "headers": [(b"host", b"testserver")], "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8000)}


async def call(request: dict, chunks=(b"",)) -> dict:
    """What the application sends back for `request`, its body arriving in `chunks`."""
    incoming = [{"type": "http.request", "body": chunk, "more_body": n < len(chunks) - 1}
                for n, chunk in enumerate(chunks)]
    sent = []

    async def receive():
        return incoming.pop(0)

    async def send(message):
        sent.append(message)

    await asgi.application(request, receive, send)
    start, body = sent
    return {"status": start["status"], "headers": dict(start["headers"]), "body": body["body"],
            "read": len(chunks) - len(incoming)}


def test_a_page_is_django_s_own(client):
    answered = asyncio.run(call(scope("GET", "/codes/486/")))
    django = client.get("/codes/486/")
    assert answered["status"] == 200 and answered["body"] == django.content
    assert b"Busy Here" in answered["body"]
    assert answered["headers"][b"content-type"] == b"text/html; charset=utf-8"


def test_the_query_string_reaches_the_search():
    answered = json.loads(asyncio.run(call(scope("GET", "/api/search/", b"q=busy+here")))["body"])
    assert answered["query"] == "busy here" and answered["results"][0]["title"] == "486 Busy Here"


def test_a_path_outside_the_sites_root_path_is_not_found():
    assert asyncio.run(call(scope("GET", "/codes/486/", root_path="/ref")))["status"] == 404


def test_a_body_over_16_mb_is_refused_with_a_reason_without_reading_the_rest():
    megabyte = b"x" * (1024 * 1024)
    answered = asyncio.run(call(scope("POST", "/api/decode/"), [megabyte] * 20))
    assert answered["status"] == 413
    assert answered["body"] == b"The request's body is over 16 MB, more than this site reads.\n"
    assert answered["read"] == 17


def test_a_save_that_waits_holds_up_no_read(monkeypatch):
    """An editor's save may wait up to 20 s for SQLite's write lock. It waits in a thread; reads go on in the loop's
    own thread meanwhile, which is where they are answered fastest."""
    read_answered, seen = threading.Event(), {}

    def site(environ, start_response):
        seen[environ["REQUEST_METHOD"]] = threading.get_ident()
        if environ["REQUEST_METHOD"] == "POST":
            seen["read answered meanwhile"] = read_answered.wait(5)
        else:
            read_answered.set()
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"ok"]

    monkeypatch.setattr(asgi, "django", site)

    async def both():
        saving = asyncio.create_task(call(scope("POST", "/admin/codes/responsecode/486/change/")))
        await asyncio.sleep(0.05)  # the save is under way, waiting
        read = await call(scope("GET", "/codes/486/"))
        return threading.get_ident(), read, await saving

    started = time.monotonic()
    loop_thread, read, saved = asyncio.run(both())
    assert read["status"] == saved["status"] == 200 and time.monotonic() - started < 4
    assert seen["read answered meanwhile"]
    assert seen["GET"] == loop_thread != seen["POST"]


def test_the_servers_start_and_stop_are_acknowledged():
    messages, sent = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}], []

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message["type"])

    asyncio.run(asgi.application({"type": "lifespan"}, receive, send))
    assert sent == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
