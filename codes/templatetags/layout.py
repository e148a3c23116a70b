"""The addresses every page's layout links to, worked out once per process.

Reversed afresh on each page, the layout's links took about half of its rendering time (bench/code_page_cost.py,
"base layout alone"), and they only change with the script prefix the site is served under. A tag rather than a
context processor, so that error pages rendered without a request (400, 500, CSRF) have them too.
"""

from functools import lru_cache

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

LINKED = ("home", "list", "symptoms", "q850", "warnings", "decode", "search", "cheatsheet", "sources", "api-list",
          "opensearch")


@lru_cache(maxsize=4)
def addresses(prefix: str) -> dict[str, str]:
    # reverse() puts the prefix in front itself; the argument only keys the cache.
    return {name.replace("-", "_"): reverse(f"codes:{name}") for name in LINKED}


@register.simple_tag
def layout_links() -> dict[str, str]:
    """`{% layout_links as links %}`, then `{{ links.list }}` is `{% url 'codes:list' %}`."""
    return addresses(get_script_prefix())
