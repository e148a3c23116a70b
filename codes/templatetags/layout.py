"""The addresses every page's layout links to, worked out once per process.

Reversed afresh on each page, the layout's links took about half of its rendering time (bench/code_page_cost.py,
"base layout alone"), and they only change with the script prefix the site is served under and the URLconf. A tag
rather than a context processor, so that error pages rendered without a request (400, 500, CSRF) have them too.
"""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()

LINKED = ("home", "list", "symptoms", "q850", "warnings", "decode", "search", "cheatsheet", "sources", "api-list",
          "opensearch")


@lru_cache(maxsize=8)
def addresses(prefix: str, urlconf: str) -> dict[str, str]:
    # reverse() reads the prefix and the URLconf itself; the arguments only key the cache.
    return {name.replace("-", "_"): reverse(f"codes:{name}", urlconf=urlconf) for name in LINKED}


@register.simple_tag
def layout_links() -> dict[str, str]:
    """`{% layout_links as links %}`, then `{{ links.list }}` is `{% url 'codes:list' %}`."""
    return addresses(get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
