"""The decoder's sentences, read from wording.toml, and the helpers that put numbers into words."""

import tomllib
from pathlib import Path

WORDING = tomllib.loads(Path(__file__).with_name("wording.toml").read_text(encoding="utf-8"))


def say(key: str, **values) -> str:
    """The sentence at a dotted key, filled in: say("status.not_standard", code=305, status="deprecated")."""
    sentence = WORDING
    for part in key.split("."):
        sentence = sentence[part]
    return sentence.format(**values)


def or_list(numbers: set[int]) -> str:
    """{480, 486, 600} → "480, 486 or 600"."""
    ordered = [str(n) for n in sorted(numbers)]
    return ordered[0] if len(ordered) == 1 else ", ".join(ordered[:-1]) + " or " + ordered[-1]


def duration(seconds: int) -> str:
    """120 → "2 minutes"; in the largest unit that divides it, or seconds."""
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size and seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"
