"""Pages come from the cache until the content changes; conditional requests get 304s."""

import json
import os
import subprocess
import sys
from http import HTTPStatus
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import override_settings
from django.test.signals import template_rendered
from django.test.utils import CaptureQueriesContext
from django.urls import path

from codes.loader import load_bundled
from codes.models import LoadedBundle, ResponseCode, TroubleshootingNote

ROOT = Path(__file__).resolve().parent.parent


def renders(client, url, **headers) -> tuple[int, bytes]:
    rendered = []

    def count(**kwargs):
        rendered.append(kwargs)

    template_rendered.connect(count)
    try:
        response = client.get(url, headers=headers)
    finally:
        template_rendered.disconnect(count)
    return len(rendered), response


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/codes/", "/codes/?class=4", "/codes/486/", "/api/codes/486/", "/q850/",
                                 "/symptoms/phone-wont-register/"])
def test_a_page_is_built_once_then_served_from_the_cache(client, page_cache, django_assert_num_queries, url):
    first = client.get(url)
    with django_assert_num_queries(0):  # the content version is held by the process
        rendered, second = renders(client, url)
    assert rendered == 0
    assert second.status_code == HTTPStatus.OK and second.content == first.content


@pytest.mark.django_db
def test_an_edit_shows_in_the_next_request(client, page_cache):
    assert b"Zebra" not in client.get("/codes/486/").content
    code = ResponseCode.objects.get(code=486)
    code.summary = "Zebra crossing."
    code.save()
    assert b"Zebra crossing." in client.get("/codes/486/").content
    assert b"Zebra crossing." in client.get("/api/codes/486/").content


@pytest.mark.django_db
def test_a_fixture_load_shows_in_the_next_request(client, page_cache, tmp_path):
    import shutil

    from codes.bundled import FIXTURE_DIR

    client.get("/codes/486/")
    shutil.copytree(FIXTURE_DIR, tmp_path / "bundle")
    codes = json.loads((tmp_path / "bundle" / "codes.json").read_text())
    next(row for row in codes if row["fields"]["code"] == 486)["fields"]["summary"] = "From a new bundle."
    (tmp_path / "bundle" / "codes.json").write_text(json.dumps(codes))
    LoadedBundle.objects.all().delete()
    load_bundled(tmp_path / "bundle", update=True)
    assert b"From a new bundle." in client.get("/codes/486/").content


def database_url() -> str:
    config = connection.settings_dict
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{config['NAME']}"
    return f"postgres://{config['USER']}:{config['PASSWORD']}@{config['HOST']}:{config['PORT']}/{config['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_an_edit_made_by_another_process_shows_once_the_held_version_expires(client, page_cache, load_content):
    first = client.get("/codes/486/")
    assert b"Edited elsewhere" not in first.content
    edit = "from codes.models import ResponseCode; c = ResponseCode.objects.get(code=486); c.summary = 'Edited elsewhere.'; c.save()"
    env = {"DATABASE_URL": database_url(), "DJANGO_DEBUG": "1", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", edit], cwd=ROOT, env=env, check=True)
    # Still the version read before the edit, for VERSION_SECONDS (the page itself may be built again: a shared
    # Redis may have been emptied by another test meanwhile).
    assert client.get("/codes/486/")["Last-Modified"] == first["Last-Modified"]
    with override_settings(VERSION_SECONDS=0):  # as if the hold had run out
        assert b"Edited elsewhere." in client.get("/codes/486/").content


SERVE_ELSEWHERE = """
from django.test import Client
from django.test.signals import template_rendered
from django.urls import path
rendered = []
template_rendered.connect(lambda **kwargs: rendered.append(1))
response = Client().get('/codes/486/')
print(response.status_code, len(rendered), response['ETag'])
"""


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (.ci/with-redis)")
@pytest.mark.django_db(transaction=True)
def test_with_redis_a_page_built_by_one_process_is_served_by_another(client, page_cache, load_content):
    first = client.get("/codes/486/")
    env = {"DATABASE_URL": database_url(), "REDIS_URL": os.environ["REDIS_URL"], "DJANGO_DEBUG": "1",
           "DJANGO_ALLOWED_HOSTS": "testserver", "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", SERVE_ELSEWHERE], cwd=ROOT,
                            env=env, check=True, capture_output=True, text=True)
    assert result.stdout.split() == ["200", "0", first["ETag"]]


@pytest.mark.django_db
def test_conditional_requests_get_304(client, page_cache):
    first = client.get("/codes/486/")
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    same = client.get("/codes/486/", headers={"If-None-Match": first["ETag"]})
    assert same.status_code == HTTPStatus.NOT_MODIFIED and same.content == b""
    unchanged = client.get("/codes/486/", headers={"If-Modified-Since": first["Last-Modified"]})
    assert unchanged.status_code == HTTPStatus.NOT_MODIFIED
    code = ResponseCode.objects.get(code=486)
    code.save()  # saved but unchanged: the page is the same, so still a 304
    assert client.get("/codes/486/", headers={"If-None-Match": first["ETag"]}).status_code == HTTPStatus.NOT_MODIFIED
    code.summary += " Changed."
    code.save()
    assert client.get("/codes/486/", headers={"If-None-Match": first["ETag"]}).status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_validators_follow_the_http_rules(client, page_cache):
    first = client.get("/codes/486/")
    etag, modified = first["ETag"], first["Last-Modified"]
    listed = client.get("/codes/486/", headers={"If-None-Match": f'"other", W/{etag}'})
    assert listed.status_code == HTTPStatus.NOT_MODIFIED
    assert listed["ETag"] == etag and "s-maxage=60" in listed["Cache-Control"] and "Content-Type" not in listed
    # If-None-Match decides when both are sent (RFC 9110 §13.2.2)
    both = client.get("/codes/486/", headers={"If-None-Match": '"other"', "If-Modified-Since": modified})
    assert both.status_code == HTTPStatus.OK
    older = client.get("/codes/486/", headers={"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert older.status_code == HTTPStatus.OK and older.content == first.content
    nonsense = client.get("/codes/486/", headers={"If-Modified-Since": "yesterday"})
    assert nonsense.status_code == HTTPStatus.OK


@pytest.mark.django_db
def test_cache_control_lets_a_cdn_hold_pages_briefly(client, page_cache):
    response = client.get("/codes/486/", headers={"Accept-Encoding": "gzip"})
    control = response["Cache-Control"]
    assert "public" in control and "s-maxage=60" in control and "max-age=0" in control
    assert "Accept-Encoding" in response["Vary"] and response["Content-Encoding"] == "gzip"


@pytest.mark.django_db
def test_gzip_and_plain_answers_are_cached_apart(client, page_cache):
    plain = client.get("/codes/486/")
    zipped = client.get("/codes/486/", headers={"Accept-Encoding": "gzip"})
    again = client.get("/codes/486/")
    assert "Content-Encoding" not in plain and zipped["Content-Encoding"] == "gzip"
    assert again.content == plain.content


built = []


def by_language(request):
    built.append(request.headers.get("Accept-Language"))
    response = HttpResponse(f"answer for {request.headers.get('Accept-Language', 'anyone')}")
    response["Vary"] = "Accept-Language"
    return response


urlpatterns = [path("by-language/", by_language)]


@pytest.mark.django_db
@pytest.mark.urls(__name__)
def test_any_header_a_response_varies_on_keeps_its_variants_apart(client, page_cache):
    """The cache follows the Vary a response sends, so a header added later cannot get the wrong variant."""
    built.clear()
    assert client.get("/by-language/", headers={"Accept-Language": "fr"}).content == b"answer for fr"
    assert client.get("/by-language/", headers={"Accept-Language": "de"}).content == b"answer for de"
    assert client.get("/by-language/", headers={"Accept-Language": "fr"}).content == b"answer for fr"
    assert built == ["fr", "de"], "the second French request was served from the cache"


@pytest.mark.django_db
def test_the_admin_and_error_pages_are_never_shared(admin_client, client, page_cache, django_assert_max_num_queries):
    admin_client.get("/admin/codes/responsecode/")
    rendered, _ = renders(admin_client, "/admin/codes/responsecode/")
    assert rendered > 0
    client.get("/codes/499/")
    rendered, response = renders(client, "/codes/499/")
    assert rendered > 0 and response.status_code == HTTPStatus.NOT_FOUND


@pytest.mark.django_db
def test_the_cache_can_be_switched_off(client):
    with override_settings(PAGE_CACHE=False):
        client.get("/codes/486/")
        rendered, _ = renders(client, "/codes/486/")
    assert rendered > 0


@pytest.mark.django_db
def test_a_loaddata_by_hand_shows_in_the_next_request_and_changes_the_version_once(client, page_cache, tmp_path):
    client.get("/codes/486/")
    fixture = tmp_path / "aliases.json"
    fixture.write_text(json.dumps([
        {"model": "codes.alias", "fields": {"code": [486], "phrase": phrase, "note": "Loaded by hand."}}
        for phrase in ("Line Engaged", "Subscriber Busy")
    ]))
    with CaptureQueriesContext(connection) as queries:
        call_command("loaddata", fixture, verbosity=0)
    bumps = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "contentversion" in q["sql"]]
    assert len(bumps) == 1
    page = client.get("/codes/486/").content
    assert b"Line Engaged" in page and b"Subscriber Busy" in page


@pytest.mark.django_db
def test_deleting_many_rows_shows_in_the_next_request_and_changes_the_version_once(client, page_cache):
    assert b"busy-though-free" in client.get("/codes/486/").content
    with CaptureQueriesContext(connection) as queries:
        TroubleshootingNote.objects.filter(code__code=486).delete()
    bumps = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and "contentversion" in q["sql"]]
    assert len(bumps) == 1
    assert b"busy-though-free" not in client.get("/codes/486/").content
