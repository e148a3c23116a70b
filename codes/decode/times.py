"""When a tool says a message was sent: the time printed with it, as a number of seconds.

Seconds since the epoch when the line gives a date (read as UTC: only the gaps between messages
matter), otherwise seconds since midnight."""

import re
from datetime import UTC, datetime

DATE_TIME = re.compile(
    r"(?P<year>\d{4})[-/](?P<month>\d{2})[-/](?P<day>\d{2})[ T]"
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:[.,:](?P<fraction>\d{1,9}))?"
)
TIME = re.compile(r"(?<![\d:.])(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?(?![\d:])")


def of_day(match: re.Match) -> float:
    fraction = match["fraction"] or ""
    seconds = int(match["hour"]) * 3600 + int(match["minute"]) * 60 + int(match["second"])
    return seconds + (int(fraction) / 10 ** len(fraction) if fraction else 0.0)


def moment(text: str, *, at: str = "") -> float | None:
    """The time in `text` (a tool's line, or the part of a log line before a message).

    `at` is a time of day the tool printed for the message itself (FreeSWITCH's `at 10:15:02.123`):
    it wins over the line's own time, on the line's date when there is one."""
    dated = DATE_TIME.search(text)
    clock = TIME.fullmatch(at) if at else None
    clock = clock or dated or TIME.search(text)
    if clock is None:
        return None
    if dated is None:
        return of_day(clock)
    try:
        midnight = datetime(int(dated["year"]), int(dated["month"]), int(dated["day"]), tzinfo=UTC)
    except ValueError:  # 2026-13-45 is not a date: keep the time of day alone
        return of_day(clock)
    return midnight.timestamp() + of_day(clock)
