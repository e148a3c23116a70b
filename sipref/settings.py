"""Settings for sipref. Everything that differs between a laptop and production comes
from the environment; README.md ("Configuration") lists the variables."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, *, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    return value in {"1", "true", "yes", "on"}


def env_list(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", default=False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only"
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
else:
    missing = [
        name
        for name, value in (("DJANGO_SECRET_KEY", SECRET_KEY), ("DJANGO_ALLOWED_HOSTS", ALLOWED_HOSTS))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"sipref will not start with DEBUG off and no {' or '.join(missing)}. "
            "Set it in the environment (`make run` does this for a local run), "
            "or set DJANGO_DEBUG=1 on a development machine."
        )
    if "*" in ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name the site's hosts, not '*'.")

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "codes.apps.EditorsAdminConfig",  # django.contrib.admin, with the editors' site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "reversion",
    "axes",
    "codes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "codes.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside the page cache, so that a search answered from the cache is counted too.
    "codes.workspace.unfound.UnfoundSearchMiddleware",
    "codes.cache.PageCacheMiddleware",
    "codes.search.current.StaleSearchMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "codes.middleware.EditorCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "codes.write_failures.SignInWriteFailureMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin sign-in: after five failures for one username from one address, that username waits 15 minutes
# there (other editors, and the same one elsewhere, still sign in); after 50 from one address, whatever
# usernames they tried, the whole address waits (codes/signin.py). A success clears the username's count.
AXES_FAILURE_LIMIT = 5
SIGNIN_ADDRESS_FAILURE_LIMIT = 50
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "codes.signin.SignInHandler"
AXES_RESET_ON_SUCCESS = True
# The client's address, for lockouts and rate limits: behind a proxy, the request header it appends the
# address to, as Django names it (HTTP_X_FORWARDED_FOR); its last address is taken. Unset: the peer's.
CLIENT_IP_HEADER = os.environ.get("SIPREF_CLIENT_IP_HEADER", "").strip()
AXES_CLIENT_IP_CALLABLE = "codes.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_VERBOSE = False

ROOT_URLCONF = "sipref.urls"
WSGI_APPLICATION = "sipref.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "sipref.templates.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers never wait for writers (WAL); a writer waits up to 20 s for another to finish
    # instead of failing, and takes the write lock when its transaction starts, so two
    # editors saving at once are served one after the other.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

# Local memory by default (each process keeps its own copy of the pages); Redis when REDIS_URL is
# set, shared by every worker and machine. Keys carry the content version, so either is always fresh.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 5000}}
}


def redis_cache(url: str) -> dict:
    """Short timeouts: a Redis that is down or hung costs one request half a second at most, after which
    codes/cache.py leaves it alone for PAGE_CACHE_RETRY_SECONDS and serves pages without it."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
    }


if REDIS_URL := os.environ.get("REDIS_URL"):
    CACHES["default"] = redis_cache(REDIS_URL)
PAGE_CACHE = env_bool("SIPREF_PAGE_CACHE", default=True)
# After an edit, searches use the previous index while a background thread builds the next (codes/search/current.py).
SEARCH_INDEX_IN_BACKGROUND = True
# Once built, each process's shared search index is frozen out of the garbage collector's passes (codes/search/current.py).
SEARCH_INDEX_FROZEN = True
# While edits come faster than this, readers' pages move to the newest content once per this many seconds
# (codes/page_version.py); editors always see the newest.
PAGE_VERSION_SPACING = float(os.environ.get("SIPREF_PAGE_VERSION_SPACING", "5"))
PAGE_CACHE_SECONDS = 24 * 60 * 60  # an entry outlives its content version by at most a day
CDN_SECONDS = 60  # how long a CDN may serve a page without asking again
# How long each process trusts the content version it read last: an edit made in another process shows within it.
VERSION_SECONDS = float(os.environ.get("SIPREF_VERSION_SECONDS", "1"))
PAGE_CACHE_RETRY_SECONDS = 5  # after a cache error, pages are served without the cache for this long
# Searches that found nothing are counted in each process's memory and written out this often
# (0: only when the editors' start page is opened).
UNFOUND_FLUSH_SECONDS = 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "sipref.storage.StaticFilesStorage"},
}

# Each client (its address, as codes/client_address.py reads it) may decode this many pastes or captures a
# minute, the page and the JSON together: one costs up to 0.6 s of CPU. Counted in the cache above (so per
# process without Redis); if the cache fails, the decode goes ahead (codes/decode/throttle.py).
DECODES_PER_MINUTE = int(os.environ.get("SIPREF_DECODES_PER_MINUTE", "30"))
RATELIMIT_IP_META_KEY = "codes.client_address.client_address"
RATELIMIT_FAIL_OPEN = True

# HTTPS is on by default whenever DEBUG is off; `make run` turns it off for plain
# HTTP on loopback. Behind a TLS-terminating proxy, set DJANGO_PROXY_SSL_HEADER=1.
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
if env_bool("DJANGO_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Scripts, styles and everything else come from this site only: no inline script or style.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Where readers send corrections: a URL ("{code}" is replaced by the code), or a mailto: address.
CORRECTIONS_URL = os.environ.get("SIPREF_CORRECTIONS_URL") or (
    f"mailto:{os.environ.get('SIPREF_CORRECTIONS_EMAIL') or 'corrections@' + (ALLOWED_HOSTS or ['localhost'])[0]}"
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line_warning": {"()": "codes.log.OneLineWarning"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # One line per search-index rebuild: how often edits cost each process one (bench/edits.py counts them).
    "loggers": {
        "codes.search": {"level": "INFO"},
        # A request for a host not in ALLOWED_HOSTS gets the 400 page and one warning line, not a traceback.
        "django.security.DisallowedHost": {"filters": ["one_line_warning"]},
    },
}
