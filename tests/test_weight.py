"""Each page type, with the stylesheet and scripts it loads, weighs at most 30 KB compressed."""

import gzip
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db
BUDGET = 30 * 1024
PAGES = ["/", "/codes/", "/codes/?class=4&q=busy", "/codes/486/", "/codes/503/", "/classes/4xx/", "/symptoms/",
         "/symptoms/phone-wont-register/", "/search/?q=busy+here", "/q850/", "/q850/21/", "/warnings/", "/sources/",
         "/sources/rfc3261/", "/cheatsheet/", "/codes/499/", "/decode/", "/decode/?example=challenge"]
ASSET = re.compile(r'<(?:link rel="stylesheet"|script) [^>]*(?:href|src)="/static/([^"]+)"')


def compressed_asset_size(name: str) -> int:
    """What whitenoise serves: the file gzipped at level 9 by collectstatic."""
    return len(gzip.compress(open(finders.find(name), "rb").read(), compresslevel=9))


@pytest.mark.parametrize("url", PAGES)
def test_page_weight_stays_within_budget(client, url):
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    html = gzip.decompress(response.content).decode()
    assets = ASSET.findall(html)
    assert "css/site.css" in assets
    weight = len(response.content) + sum(compressed_asset_size(name) for name in assets)
    assert weight <= BUDGET, f"{url}: {weight} bytes ({len(response.content)} HTML, assets {assets})"


def test_no_web_fonts():
    css = Path(finders.find("css/site.css")).read_text()
    assert "@font-face" not in css and "@import" not in css
    assert "system-ui" in css
