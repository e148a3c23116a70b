"""The test suite's settings: production's (DEBUG off), with what a test run needs set here,
so that `make test`, a bare `pytest` and an editor's test runner all run alike."""

import os
import tempfile
from pathlib import Path

for name, value in {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "insecure-key-for-tests-only",
    "DJANGO_ALLOWED_HOSTS": "testserver,localhost,127.0.0.1",
    "DJANGO_HTTPS": "0",
}.items():
    os.environ.setdefault(name, value)

from sipref.settings import *

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file per test run (xdist's workers share their run's id and add their own suffix), in the
    # temporary folder: two runs at once, say an editor's and `make test`, never share a database.
    run = os.environ.get("PYTEST_XDIST_TESTRUNUID") or str(os.getpid())
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"sipref-test-{run}.sqlite3")}

# Static files are read from the source folders, so a fresh clone needs no collectstatic.
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
# Most tests look at how a page was made (its context, its queries); tests/test_cache.py turns the cache on.
PAGE_CACHE = False
# A stale search index is rebuilt in the searching thread, as the tests expect: a background build could read the
# database while a transactional test empties it. tests/test_search_current.py tests the background builds.
SEARCH_INDEX_IN_BACKGROUND = False
# A full collection per index build would cost the suite more than it saves; tests/test_search_current.py freezes.
SEARCH_INDEX_FROZEN = False
# Every edit shows in the next page at once, as the tests of the page cache expect; tests/test_page_version.py
# tests the spacing.
PAGE_VERSION_SPACING = 0
# Hashing a password the slow way buys nothing in a test.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# No writer thread: tests write the counts of searches that found nothing themselves (codes/workspace/unfound.py).
UNFOUND_FLUSH_SECONDS = 0
# Every request reads the content version: a transactional test's flush puts the old one back without a signal,
# which a held version would not see. The tests of the hold turn it on.
VERSION_SECONDS = 0
# Tests decode far more often than a person; tests/test_throttle.py turns the limit on.
RATELIMIT_ENABLE = False
