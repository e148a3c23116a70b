"""Where a new search's time goes, measured in-process in one run.

    .venv/bin/python bench/search_page_cost.py [--rounds 1500]

Calls the site's WSGI application with production settings, as bench/code_page_cost.py does, and prints median
times: a trivial page (the fixed cost of Django's request cycle and middleware); a search page answered from the
page cache; a search page and the search JSON asked with a query never asked before (the words
bench/new_queries.lua asks, three at a time, a new query each round), compressed as a browser asks; and the parts
of a new search page: the search, marking its results' titles and snippets, and the
template. The server around it (hypercorn, about half a millisecond a request here) is not included.
Then the garbage collector's share of 6,000 more new search pages: the mean CPU time its passes cost a page,
and its longest passes, which stall whatever requests are queued on the worker: over the young objects, and
full ones over everything not frozen. CPU time, so that another process taking the core mid-pass does not count.
"""

import argparse
import gc
import itertools
import random
import re
import tempfile
import time
from pathlib import Path

from code_page_cost import get as page_cost_get
from code_page_cost import median_ms, setup_django

ROOT = Path(__file__).resolve().parent.parent
CACHED = "q=no+audio+after+answer"


def queries() -> list[str]:
    """Every three distinct words of bench/new_queries.lua's list, in a fixed shuffle."""
    words = re.findall(r'"([a-z]+)"', (ROOT / "bench" / "new_queries.lua").read_text().split("local WORDS")[1]
                       .split("}")[0])
    found = ["+".join(three) for three in itertools.permutations(words, 3)]
    random.Random(18).shuffle(found)
    return found


def get(path: str, query: str = "") -> bytes:
    """As a browser asks: compressed."""
    return page_cost_get(path, query, HTTP_ACCEPT_ENCODING="gzip, deflate, br")


def measure(rounds: int) -> list[tuple[str, float]]:
    from django.template.loader import get_template
    from django.test import RequestFactory, override_settings

    from codes.search import search

    asked = iter(queries())

    def new(path: str):
        return lambda: get(path, "q=" + next(asked))

    rows = [("trivial page (robots.txt)", median_ms(lambda: get("/robots.txt"), rounds))]
    with override_settings(PAGE_CACHE=True):
        rows += [
            ("search page, from the page cache", median_ms(lambda: get("/search/", CACHED), rounds)),
            ("search page, new query", median_ms(new("/search/"), rounds)),
            ("search JSON, new query", median_ms(new("/api/search/"), rounds)),
        ]
        collected = collector(new("/search/"), pages=6000)
    texts = [next(asked).replace("+", " ") for _ in range(rounds + 20)]
    outcomes = [search(text) for text in texts]
    marked = iter(outcomes)
    requests = [RequestFactory().get("/search/", {"q": text}, HTTP_HOST="127.0.0.1") for text in texts]
    page, rendered = get_template("codes/search.html"), iter(zip(texts, outcomes, requests))

    def render():
        text, outcome, request = next(rendered)
        page.render({"query": text, "outcome": outcome}, request)

    searched = iter([next(asked).replace("+", " ") for _ in range(rounds + 20)])
    rows += [
        ("  search() alone", median_ms(lambda: search(next(searched)), rounds)),
        ("  marking its results' titles and snippets", median_ms(
            lambda: [(result.name_html, result.snippet.html) for result in next(marked).listed], rounds)),
        ("  the template, results marked already", median_ms(render, rounds)),
    ]
    return rows + collected


def collector(action, pages: int) -> list[tuple[str, float]]:
    """The collector's passes while `action` runs `pages` times: their mean cost per run, and the longest of the
    passes over the young objects and of the full ones (over everything not frozen)."""
    young, full, started = [], [], []

    def timed(phase, info):
        if phase == "start":
            started.append(time.thread_time())
        else:
            (full if info["generation"] == 2 else young).append(time.thread_time() - started.pop())

    # As a worker that has been serving a while: one full pass done, which untracks what it can.
    gc.collect()
    gc.callbacks.append(timed)
    try:
        for _ in range(pages):
            action()
    finally:
        gc.callbacks.remove(timed)
    return [
        ("garbage collector, per new search page (mean)", sum(young + full) * 1000 / pages),
        (f"  the longest of its {len(young)} young passes", max(young, default=0.0) * 1000),
        (f"  the longest of its {len(full)} full passes", max(full, default=0.0) * 1000),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        rows = measure(args.rounds)
    print(f"median of {args.rounds} in-process runs, production settings")
    for name, ms in rows:
        print(f"{name:<48}{ms:>8.2f} ms")


if __name__ == "__main__":
    main()
