"""The address a request came from, as sign-in lockouts (and rate limits) count it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """The last address in the configured proxy header, or else the connection's own address.

    Only the last one: the trusted proxy appends the address it saw, and anything before it is whatever the
    client chose to send. With no header configured, a client's header is never read, so it cannot be spoofed.
    """
    if header := settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(header, "").split(",")[-1].strip()
        if is_address(forwarded):
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
