"""Telling a typing slip from a word the reference does not use.

A word the content does not hold may still be good English ("sorry", "able", "mail"): searching
for a content word one letter away ("worry", "table", "email") would only add noise, and
suggesting it would correct what was spelled right. An English word list tells the two apart:
wordfreq's frequency table, installed from PyPI with the project's requirements. A British
spelling ("unauthorised") is English too, and is searched as the American one the content uses.
"""

import re
from functools import lru_cache

from wordfreq import zipf_frequency

# How common (on wordfreq's Zipf scale: 3 is once per million words) a word must be to count as
# English. Below it are the misspellings common enough to be listed ("recieved" is 2.7), and words
# rarer than any a person types here.
ENGLISH_ZIPF = 3.0
# Below this a word is unknown to the list, so a correction may be suggested for it.
UNKNOWN_ZIPF = 1.5
BRITISH = [
    (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
    (re.compile(r"our$"), "or"),
    (re.compile(r"ll(ed|ing)$"), r"l\1"),
    (re.compile(r"tre$"), "ter"),
    (re.compile(r"ogue$"), "og"),
]


@lru_cache(maxsize=20_000)
def frequency(word: str) -> float:
    return zipf_frequency(word, "en")


def is_english(word: str) -> bool:
    return frequency(word) >= ENGLISH_ZIPF


def is_unknown(word: str) -> bool:
    return frequency(word) < UNKNOWN_ZIPF


def american(word: str) -> str | None:
    """The American spelling of a British one, if `word` looks like one."""
    for pattern, replacement in BRITISH:
        if pattern.search(word):
            return pattern.sub(replacement, word)
    return None


def warm_up() -> None:
    """Load the word list now, not during someone's first search."""
    frequency("warm")
