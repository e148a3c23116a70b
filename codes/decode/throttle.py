"""How often one client may decode. A paste or a capture costs up to 0.6 s of CPU, so a script
posting in a loop could keep every worker busy; each client gets settings.DECODES_PER_MINUTE
decodes (the page and the JSON together), counted by django-ratelimit in the Django cache.

The client is its address as codes/client_address.py reads it (behind a proxy, the address the
proxy appended), an IPv6 client its /64. The limit must never take the decoder down with it:
if the cache fails (Redis down or hung), the decode goes ahead, and while the page cache's breaker
holds (codes/breaker.py) no decode waits on Redis; one warning line per outage.

django-ratelimit is used as a library, not an installed app: its system check refuses a local-memory
cache (each process counting on its own, which the README accepts) and warns on Django's own Redis
backend, whose counters are atomic all the same. Its 4.1 release names Django 4.2 as the newest it was
tested with; tests/test_throttle.py runs it on this Django.
"""

import logging
from functools import partial

from django.conf import settings
from django_ratelimit.core import get_usage

from ..breaker import BREAKER

logger = logging.getLogger(__name__)


def seconds_to_wait(request) -> int | None:
    """Counts this decode; None while the client is within its rate, else the seconds until it may decode again."""
    count = partial(get_usage, request, group="decode", key="ip", rate=f"{settings.DECODES_PER_MINUTE}/m",
                    increment=True)
    try:
        # Through the page cache's breaker: while Redis is down or hung, no decode waits for its timeout.
        usage = BREAKER.call(count)
    except Exception as error:  # noqa: BLE001 - whatever the cache raises, decoding goes on
        logger.warning("Decode rate not checked: %s: %s", type(error).__name__, error)
        return None
    if usage is None or not usage["should_limit"]:
        return None
    return max(usage["time_left"], 1)


def rate_limited_message(seconds: int) -> str:
    return (f"This address has decoded {settings.DECODES_PER_MINUTE} pastes or captures this minute, the most "
            f"sipref allows. Try again in {seconds} second{'s' if seconds != 1 else ''}.")
