"""The compiled stemmer search uses gives the stems of Snowball's own pure-Python English stemmer, so results rank
as they did: over every word of the content and the test data, and the pairs of them a query joins up."""

import random
import re
from pathlib import Path

from snowballstemmer.english_stemmer import EnglishStemmer

from codes.search.text import _stemmer

ROOT = Path(__file__).resolve().parent.parent


def test_the_compiled_stemmer_stems_as_snowballs_own():
    words = set()
    for path in [*ROOT.glob("fixtures/**/*.json"), *ROOT.glob("tests/data/**/*.json"), ROOT / "bench" / "new_queries.lua"]:
        words |= set(re.findall(r"[a-z]+", path.read_text(errors="replace").lower()))
    assert len(words) > 3000
    listed = sorted(words)
    joined = {pick.choice(listed) + pick.choice(listed) for pick in [random.Random(18)] for _ in range(20_000)}
    reference = EnglishStemmer()
    differ = [word for word in sorted(words | joined) if _stemmer.stemWord(word) != reference.stemWord(word)]
    assert differ == []
