"""What hypercorn's workers serve, as `python -m sipref.serve` starts them (README, "Deploying").

Django stays synchronous. Hypercorn's event loop reads each request whole, headers and body, as before; then a
read (GET or HEAD) runs Django's WSGI handler right there, in the loop's own thread, and any other request is
handed to a thread. The response goes back through the loop either way.

Hypercorn's own WSGI support runs every request in a thread, and that thread then waits on the loop twice more,
once for the response's status and once for its body. On this shared 2-core machine those hand-offs cost a cached
page about a quarter of its throughput and set the 99th percentile of new searches (README, "Speed"). Django's
ASGI handler hands every synchronous middleware and view to a thread and back, which is worse.

A read runs to its end before the loop does anything else, so no other request ever uses the thread's database
connection midway through it. That is what Django's guard against synchronous database calls inside an event loop
protects against, so the guard is turned off in this process (DJANGO_ALLOW_ASYNC_UNSAFE). Everything else (an
editor's save, which may wait up to 20 s for SQLite's write lock; a 10 MB capture decoded) runs in a thread, so
the loop goes on reading and answering while it waits.
"""

import asyncio
import os

# The WSGI environ exactly as hypercorn's own WSGI support builds it from the request.
from hypercorn.app_wrappers import InvalidPathError, _build_environ

from sipref.wsgi import application as django

# Read on every database call: reads run Django in the loop's thread, one at a time (above).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

# Answered in the loop's own thread: reads, which wait on nothing but the database's reads and the cache.
READS = frozenset({"GET", "HEAD"})
# A body is held in memory whole before Django sees it. The decoder refuses captures over 10 MB with its own
# explanation; past this, the request is refused here.
MAX_BODY = 16 * 1024 * 1024
TOO_LARGE = b"The request's body is over 16 MB, more than this site reads.\n"

type Response = tuple[int, list[tuple[bytes, bytes]], bytes]


def respond(environ: dict) -> Response:
    """Django's answer to one request, whole: its status, its headers and its body."""
    started = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info=None) -> None:
        started[:] = [int(status.split(" ", 1)[0]),
                      [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]]

    body = django(environ, start_response)
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return started[0], started[1], content


async def application(scope: dict, receive, send) -> None:
    if scope["type"] == "lifespan":
        await lifespan(receive, send)
        return
    if scope["type"] != "http":  # a WebSocket: the site has none
        return
    body = bytearray()
    while True:
        message = await receive()
        body += message.get("body", b"")
        if len(body) > MAX_BODY:
            await answer(send, 413, [(b"content-type", b"text/plain; charset=utf-8")], TOO_LARGE)
            return
        if not message.get("more_body"):
            break
    try:
        environ = _build_environ(scope, bytes(body))
    except InvalidPathError:  # a path outside the root path the site is mounted at
        await answer(send, 404, [], b"")
        return
    if scope["method"] in READS:
        response = respond(environ)
    else:
        response = await asyncio.get_running_loop().run_in_executor(None, respond, environ)
    await answer(send, *response)


async def answer(send, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def lifespan(receive, send) -> None:
    """Nothing to start or stop beyond what importing the site did (sipref/wsgi.py)."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
