"""Turning text into search terms: words, contractions, stems and stop words."""

import re
import unicodedata
from functools import lru_cache

import Stemmer

WORD = re.compile(r"[^\W_]+")
HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")
COMBINING_MARK = re.compile(r"[\u0300-\u036f]")
CONTRACTIONS = [
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\b(\w+)n't\b"), r"\1 not"),
]
# Function words carry no meaning here. Negations and direction words stay: "not found",
# "no audio", "hang up" and "drops out" depend on them. So do "here" and "everywhere",
# which tell 486 Busy Here from 600 Busy Everywhere. The filler of forum titles and issue
# reports ("even though", "always returns", "any help") goes too.
STOP_WORDS = frozenset(
    ["a", "about", "after", "again", "all", "also", "although", "always", "am", "an", "and", "any", "anyone",
     "are", "as", "at", "back", "be", "because", "been", "before", "being", "but", "by", "can", "could", "did",
     "do", "does", "doing", "during", "each", "even", "every", "for", "from", "further", "get", "gets",
     "getting", "got", "had", "has", "have", "having", "he", "hello", "help", "her", "hers", "hi", "him",
     "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just", "like", "me", "my", "myself",
     "of", "on", "once", "or", "other", "our", "ours", "ourselves", "please", "same", "she", "should", "so",
     "some", "someone", "sometimes", "still", "such", "than", "thanks", "that", "the", "their", "theirs",
     "them", "then", "there", "these", "they", "this", "those", "though", "through", "to", "too", "very",
     "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with",
     "without", "would", "you", "your", "yours", "yourself", "return", "returns", "returned", "returning",
     "result", "results", "seems", "anything", "something"]
)
# Words the stemmer would merge with another term: "sips" is a URI scheme, not the plural of "sip".
UNSTEMMED = frozenset(["sips", "tel", "cps", "ims", "sdp", "rtp", "srtp", "tls", "wss", "pstn", "isdn"])

# Snowball's English stemmer compiled (PyStemmer): 0.2 µs a word, where the pure-Python snowballstemmer took 50. Most
# words come from stem()'s cache, but each search joins its words in pairs ("ring back" is also "ringback") and
# those are new words nearly every time (tests/test_stemming.py checks the two agree).
_stemmer = Stemmer.Stemmer("english")


def normalize(text: str) -> str:
    """Lower case, accents folded, typographic apostrophes straightened, contractions expanded."""
    text = text.lower().replace("’", "'")
    if not text.isascii():
        text = COMBINING_MARK.sub("", unicodedata.normalize("NFKD", text))
    for pattern, replacement in CONTRACTIONS:
        text = pattern.sub(replacement, text)
    return text


def words(text: str) -> list[str]:
    """The words of already normalized text, in order, single letters dropped."""
    return [word for word in WORD.findall(text) if len(word) > 1 or word.isdigit()]


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    return word if word.isdigit() or word in UNSTEMMED else _stemmer.stemWord(word)


def terms(text: str) -> list[str]:
    """Stems of the meaningful words, in order; a hyphenated word also counts joined up."""
    text = normalize(text)
    found = [stem(word) for word in words(text) if word not in STOP_WORDS]
    found += [stem(compound.replace("-", "")) for compound in HYPHENATED.findall(text)]
    return found


def phrase(text: str) -> str:
    """Text reduced to its words, for comparing whole phrases: “Busy-Here!” is “busy here”."""
    return " ".join(words(normalize(text)))

