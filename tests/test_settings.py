"""Settings come from the environment, and production refuses to start half-configured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**base, **env}, capture_output=True, text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"DJANGO_ALLOWED_HOSTS": "example.org"}, "DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "s" * 50}, "DJANGO_ALLOWED_HOSTS"),
        ({}, "DJANGO_SECRET_KEY or DJANGO_ALLOWED_HOSTS"),
    ],
)
def test_production_refuses_to_start_without_a_secret_key_or_hosts(env, missing):
    result = run_check(**env)
    assert result.returncode != 0
    assert f"sipref will not start with DEBUG off and no {missing}" in result.stderr


def test_production_refuses_a_wildcard_host():
    result = run_check(DJANGO_SECRET_KEY="s" * 50, DJANGO_ALLOWED_HOSTS="*")
    assert result.returncode != 0 and "not '*'" in result.stderr


def test_production_starts_when_configured():
    assert run_check(DJANGO_SECRET_KEY="s" * 50, DJANGO_ALLOWED_HOSTS="example.org").returncode == 0


def test_development_needs_no_configuration():
    assert run_check(DJANGO_DEBUG="1").returncode == 0


def development_output(code: str, **env) -> str:
    """What `code` prints under development settings with `env` added to a clean environment."""
    base = {key: value for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "SIPREF_"))}
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT,
                            env={**base, "DJANGO_DEBUG": "1", **env}, capture_output=True, text=True, check=True)
    return result.stdout


def development_setting(code: str, **env) -> list[str]:
    return development_output(code, **env).split()


DATABASE = ("import json; from django.conf import settings; d = settings.DATABASES['default'];"
            " print(json.dumps([d['ENGINE'], d['OPTIONS'], d['CONN_MAX_AGE']]))")
SQLITE_OPTIONS = {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE",
                  "timeout": 20}


def database(**env) -> list:
    return json.loads(development_output(DATABASE, **env))


def test_sqlite_readers_never_wait_and_writers_queue():
    assert database() == ["django.db.backends.sqlite3", SQLITE_OPTIONS, 60]


def test_postgresql_from_database_url_gets_none_of_sqlites_options():
    printed = database(DATABASE_URL="postgres://u:p@db.example:5433/sipref", DJANGO_CONN_MAX_AGE="0")
    assert printed == ["django.db.backends.postgresql", {}, 0]


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="journal modes are SQLite's")
def test_the_test_database_runs_in_wal_mode():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)


CACHE = "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c.get('LOCATION', '-'), settings.PAGE_CACHE)"


def test_pages_are_cached_in_local_memory_by_default():
    assert development_setting(CACHE) == ["django.core.cache.backends.locmem.LocMemCache", "-", "True"]


def test_redis_url_selects_redis_and_the_page_cache_can_be_switched_off():
    printed = development_setting(CACHE, REDIS_URL="redis://cache.example:6380/2", SIPREF_PAGE_CACHE="0")
    assert printed == ["django.core.cache.backends.redis.RedisCache", "redis://cache.example:6380/2", "False"]
