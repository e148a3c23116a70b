"""Settings come from the environment, and production refuses to start half-configured."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
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


def development_setting(code: str, **env) -> list[str]:
    """What `code` prints under development settings with `env` added to a clean environment."""
    base = {key: value for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "SIPREF_"))}
    result = subprocess.run([sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT,
                            env={**base, "DJANGO_DEBUG": "1", **env}, capture_output=True, text=True, check=True)
    return result.stdout.split()


def test_database_url_selects_postgresql():
    code = "from django.conf import settings; d = settings.DATABASES['default']; print(d['ENGINE'], d['NAME'], d['HOST'], d['PORT'])"
    printed = development_setting(code, DATABASE_URL="postgres://u:p@db.example:5433/sipref")
    assert printed == ["django.db.backends.postgresql", "sipref", "db.example", "5433"]


CACHE = "from django.conf import settings; c = settings.CACHES['default']; print(c['BACKEND'], c.get('LOCATION', '-'), settings.PAGE_CACHE)"


def test_pages_are_cached_in_local_memory_by_default():
    assert development_setting(CACHE) == ["django.core.cache.backends.locmem.LocMemCache", "-", "True"]


def test_redis_url_selects_redis_and_the_page_cache_can_be_switched_off():
    printed = development_setting(CACHE, REDIS_URL="redis://cache.example:6380/2", SIPREF_PAGE_CACHE="0")
    assert printed == ["django.core.cache.backends.redis.RedisCache", "redis://cache.example:6380/2", "False"]
