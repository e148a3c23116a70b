"""Where an uncached code page's time goes, measured in-process in one run.

    .venv/bin/python bench/code_page_cost.py [--code 486] [--rounds 300]

Calls the site's WSGI application with production settings and the page cache off, on a throwaway
SQLite database loaded with the bundled content, and prints the median time of: a static file
through whitenoise; a trivial page (the fixed cost of Django's request cycle and middleware); the
whole code page; its ORM fetch, the same SQL run straight on the cursor, and one text column of
one row read through the ORM (the least a page stored pre-assembled would cost); its template rendered
from the fetched models and from the same values copied into plain dicts (checked to give the same
HTML); and the base layout alone. It runs `collectstatic` first, as `make run` does.
"""

import argparse
import functools
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from django.db.models import QuerySet

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="sipref.settings", DJANGO_DEBUG="0", DJANGO_SECRET_KEY="bench-only-" + "x" * 40,
        DJANGO_ALLOWED_HOSTS="127.0.0.1", DJANGO_HTTPS="0", SIPREF_PAGE_CACHE="0",
        DATABASE_URL=f"sqlite:///{database}",
    )
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("loadcontent", verbosity=0, stdout=io.StringIO())
    call_command("collectstatic", interactive=False, verbosity=0)


def median_ms(action, rounds: int) -> float:
    for _ in range(20):
        action()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


@functools.cache
def application():
    from django.core.wsgi import get_wsgi_application

    return get_wsgi_application()


def get(path: str, query: str = "", **headers: str) -> bytes:
    """One GET through the whole WSGI stack, as the server would make it; `headers` as WSGI names them."""
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.input": io.BytesIO(), "wsgi.url_scheme": "http", **headers,
    }
    statuses = []
    body = b"".join(application()(environ, lambda status, headers, exc_info=None: statuses.append(status)))
    if not statuses[0].startswith("200"):
        sys.exit(f"{path}?{query} answered {statuses[0]}" if query else f"{path} answered {statuses[0]}")
    return body


class Recorder:
    """Stands in for a model while the template renders once, noting each value the template reads."""

    def __init__(self, obj):
        self.obj, self.seen = obj, {}

    def __getitem__(self, key):
        raise KeyError(key)  # the template language then reads the attribute

    def __getattr__(self, name):
        if name in self.seen:
            return self.seen[name]
        value = getattr(self.obj, name)
        if callable(value) and not getattr(value, "do_not_call_in_templates", False):
            value = value()
        self.seen[name] = recorded(value)
        return self.seen[name]

    def __str__(self):
        return str(self.obj)


class Plain(dict):
    """The values a template read from one model, as a dict; prints as the model did."""

    def __init__(self, values: dict, text: str):
        super().__init__(values)
        self.text = text

    def __str__(self):
        return self.text

    def __bool__(self):
        return True


def recorded(value):
    """A value as the template will meet it again: plain values as they are, rows as Recorders."""
    if isinstance(value, (str, int, float, type(None))):
        return value
    if isinstance(value, tuple):
        return tuple(map(recorded, value))
    if isinstance(value, dict):
        return {key: recorded(item) for key, item in value.items()}
    if isinstance(value, (list, QuerySet)):
        return [*map(recorded, value)]
    return Recorder(value)


def plain(value):
    if isinstance(value, Recorder):
        return Plain({name: plain(seen) for name, seen in value.seen.items()}, str(value.obj))
    if isinstance(value, (list, tuple)):
        return type(value)(map(plain, value))
    if isinstance(value, dict) and not isinstance(value, Plain):
        return {key: plain(item) for key, item in value.items()}
    return value


def measure(code: int, rounds: int) -> list[tuple[str, float]]:
    from django.db import connection
    from django.template.loader import get_template
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from codes.models import ResponseCode

    request = RequestFactory().get(f"/codes/{code}/", HTTP_HOST="127.0.0.1")
    page, layout = get_template("codes/code_detail.html"), get_template("base.html")
    with CaptureQueriesContext(connection) as queries:
        model = ResponseCode.objects.for_page().get(code=code)
    recorder = Recorder(model)
    from_models = page.render({"code": model}, request)
    if page.render({"code": recorder}, request) != from_models:
        sys.exit("The recording changed the page; the plain-values timing would not compare like with like.")
    values = plain(recorder)
    if page.render({"code": values}, request) != from_models:
        sys.exit("The plain values do not give the same page.")
    statements = [query["sql"] for query in queries.captured_queries]
    one_text = ResponseCode.objects.values_list("description", flat=True).filter(code=code)  # a stored page's least

    def run_sql():
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()

    return [
        ("static file, through whitenoise", median_ms(lambda: get("/static/favicon.svg"), rounds)),
        ("trivial page (robots.txt)", median_ms(lambda: get("/robots.txt"), rounds)),
        (f"whole code page /codes/{code}/", median_ms(lambda: get(f"/codes/{code}/"), rounds)),
        (f"  ORM fetch ({len(statements)} queries)", median_ms(lambda: ResponseCode.objects.for_page().get(code=code), rounds)),
        ("  the same SQL, straight on the cursor", median_ms(run_sql, rounds)),
        ("  one text column of one row, through the ORM", median_ms(lambda: one_text.get(), rounds)),
        ("  template, from the models", median_ms(lambda: page.render({"code": model}, request), rounds)),
        ("  template, from plain values", median_ms(lambda: page.render({"code": values}, request), rounds)),
        ("  base layout alone", median_ms(lambda: layout.render({}, request), rounds)),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", type=int, default=486)
    parser.add_argument("--rounds", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        rows = measure(args.code, args.rounds)
    print(f"median of {args.rounds} in-process runs, page cache off, production settings")
    for name, ms in rows:
        print(f"{name:<48}{ms:>8.2f} ms")


if __name__ == "__main__":
    main()
