"""The page's own absolute address, for the canonical link and Open Graph."""

from django import template
from django.core.exceptions import DisallowedHost

register = template.Library()


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's address on the host it was asked for, which ALLOWED_HOSTS has vouched for.

    Empty when the request named a host the site does not serve: only the 400 page is rendered then, and
    it must render (asking for the host again would raise inside the error page and turn the 400 into a 500).
    """
    request = context.get("request")
    if request is None:
        return ""
    try:
        return f"{request.scheme}://{request.get_host()}{request.path}"
    except DisallowedHost:
        return ""
