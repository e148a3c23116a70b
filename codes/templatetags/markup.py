"""Editors write long text in Markdown; readers get HTML with nothing executable left in it."""

from functools import lru_cache

import markdown as md
import nh3
from django import template
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "br", "a", "em", "strong", "code", "pre", "ul", "ol", "li", "blockquote"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


@lru_cache(maxsize=8192)
def render(text: str) -> str:
    """Markdown to HTML, then cleaned: only the tags above, links only to web or mail addresses.

    Remembered by the text itself, so an edited text is simply a new entry: nothing to invalidate."""
    html = md.markdown(text or "", output_format="html")
    return nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer",
    )


@register.filter
def markdown(text: str) -> SafeString:
    return mark_safe(render(text))


@register.filter
def markdown_inline(text: str) -> SafeString:
    """For one line inside a list item or a sentence: the same, without the paragraph around it."""
    html = render(text)
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return mark_safe(html)
