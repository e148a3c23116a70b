"""The test suite's settings: production's (DEBUG off), with what a test run needs set here,
so that `make test`, a bare `pytest` and an editor's test runner all run alike."""

import os

for name, value in {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "insecure-key-for-tests-only",
    "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "DJANGO_HTTPS": "0",
}.items():
    os.environ.setdefault(name, value)

from sipref.settings import *

# Static files are read from the source folders, so a fresh clone needs no collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Most tests look at how a page was made (its context, its queries); tests/test_cache.py turns the cache on.
PAGE_CACHE = False
# Hashing a password the slow way buys nothing in a test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
