"""No input breaks the site: generated requests across every URL pattern and query parameter."""

from urllib.parse import quote

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

PROBE = "<x-probe>"  # text that must never come back as raw markup
PATHS = [
    "/", "/codes/", "/codes/{code}/", "/codes/{code}.json", "/{code}", "/{code}/", "/classes/{klass}/",
    "/sources/", "/sources/{slug}/", "/symptoms/", "/symptoms/{slug}/", "/q850/", "/q850/{cause}/", "/warnings/",
    "/search/", "/cheatsheet/", "/decode/", "/api/decode/", "/api/codes/", "/api/codes/{code}/", "/api/search/", "/api/q850/", "/sitemap.xml",
    "/robots.txt", "/opensearch.xml", "/favicon.ico", "/admin/login/", "/{anything}",
]
PARAMETERS = ["q", "class", "status", "sender", "method", "topic", "source", "common", "page", "example"]

odd_numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["0", "000", "099", "100", "486", "699", "700", "1e999", "-1", "4.86", "NaN", "0x1E6", "٤٨٦"]),
)
tricky_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["../../etc/passwd", "%2e%2e%2f", "%252e", "%00", "//", "\\", "' OR 1=1 --", PROBE,
                     '"><script>alert(1)</script>', "📞", "שלום", "\u202e", "\x00", " ", "a" * 12_000]),
)
segment = st.one_of(odd_numbers, tricky_text, st.sampled_from(["4xx", "9xx", "rfc3261", "phone-wont-register"]))
parameter_value = st.one_of(odd_numbers, tricky_text, st.booleans().map(str), st.just(""))
parameters = st.dictionaries(
    st.one_of(st.sampled_from(PARAMETERS), st.text(min_size=1, max_size=12)), parameter_value, max_size=5
)


def build_path(template: str, value: str) -> str:
    for name in ("code", "klass", "slug", "cause", "anything"):
        template = template.replace("{" + name + "}", quote(value, safe="") or "x")
    return template


def test_no_request_gets_a_server_error_or_reflects_markup():
    client = Client(raise_request_exception=False)
    seen = []

    @settings(max_examples=2000, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(template=st.sampled_from(PATHS), value=segment, query=parameters, probe_in=st.booleans())
    def request(template, value, query, probe_in):
        if probe_in:
            query = {**query, "q": PROBE}
        path = build_path(template, value)
        response = client.get(path, query)
        seen.append((path, response.status_code))
        assert response.status_code < 500, (path, query, response.status_code)
        body = response.content.decode("utf-8", "replace")
        assert PROBE not in body, (path, query)

    request()
    assert len(seen) >= 2000
    assert {status for _, status in seen} >= {200, 400, 404}
