"""Aliases and search synonyms that nothing uses.

An alias is used twice over: search reads it as one of the code's names, and the decoder recognises a status
line that sends it instead of the registry's phrase. Both compare it with the reason phrase first and take
the first alias that fits, case and spacing aside. So an alias that, case and spacing aside, is the code's
reason phrase or an earlier alias of the same code is never reached by either; the page only shows it twice.

A synonym is used only by search, which adds the words it means to a query that says its phrase. It does
nothing when its phrase has no word to match, when none of the words it means occurs in any code, cause,
warning or guide (adding them finds nothing), or when every word it means is already one of the phrase's own
words, as search reads them (the query has them anyway, at full weight).
"""

from dataclasses import dataclass

from ..models import Alias, SearchSynonym
from ..search import engine
from ..search.text import phrase, terms


@dataclass(frozen=True)
class Unused:
    row: Alias | SearchSynonym
    why: str


def said_as(text: str) -> str:
    """How the decoder compares phrases: case and spacing aside."""
    return " ".join(text.split()).casefold()


def unused_aliases() -> list[Unused]:
    found = []
    seen: dict[tuple[int, str], str] = {}
    for alias in Alias.objects.select_related("code").order_by("code__code", "pk"):
        said = said_as(alias.phrase)
        if said == said_as(alias.code.reason_phrase):
            found.append(Unused(alias, "the same as the code's reason phrase"))
        elif (earlier := seen.get((alias.code_id, said))) is not None:
            found.append(Unused(alias, f"the same as its alias “{earlier}”"))
        else:
            seen[(alias.code_id, said)] = alias.phrase
    return found


def unused_synonyms() -> list[Unused]:
    known = engine().index.postings
    found = []
    for synonym in SearchSynonym.objects.all():
        if why := synonym_flaw(synonym, known):
            found.append(Unused(synonym, why))
    return found


def synonym_flaw(synonym: SearchSynonym, known) -> str:
    means = set(terms(synonym.means))
    if not phrase(synonym.phrase):
        return "its phrase has no word a query can match"
    if not means:
        return "it means no word search looks for"
    if means <= set(terms(synonym.phrase)):
        return f"search already reads what it means in its phrase (both give “{' '.join(sorted(means))}”)"
    if not any(term in known for term in means):
        return "none of the words it means is in any code, cause, warning or guide"
    return ""
