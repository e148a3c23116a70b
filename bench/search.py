"""Search quality and speed, measured in one run.

    .venv/bin/python bench/search.py [--queries FILE ...] [--scale 100] [--rounds 5]

Quality, per query file (a JSON list of {"q": query, "any": [right answers], "source": where it
came from}): hit@1, hit@3 and mean reciprocal rank of the first right answer. A right answer is a
code (486) or a cause, warning, guide or class ("cause 16", "warning 304", "symptom
phone-wont-register", "class 4"), as results are ranked together; "codes only" ranks the code
results alone against the expected codes. By default the files are the ones tuned on
(search-sample, search-extra, search-public) and the held-out one (search-heldout), which
nothing was tuned on. Speed: in-process latency, median and 95th percentile, of the engine
(parse and rank) on the bundled content and on `scale` times as much synthetic content, and of
the whole search() call on the bundled content. It uses a throwaway SQLite database and touches
nothing else.
"""

import argparse
import io
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(database: Path) -> None:
    os.environ.update(DJANGO_SETTINGS_MODULE="sipref.settings", DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{database}")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("loadcontent", verbosity=0, stdout=io.StringIO())


def first_right(keys: list, right: list) -> int | None:
    return next((position for position, key in enumerate(keys, 1) if key in right), None)


def quality(queries: list[dict]) -> dict:
    from codes.search import search

    ranks, code_ranks = [], []
    for item in queries:
        results = search(item["q"]).results
        ranks.append(first_right([result.record.key for result in results], item["any"]))
        if codes := [key for key in item["any"] if isinstance(key, int)]:
            code_ranks.append(first_right([r.record.key for r in results if r.kind == "code"], codes))
    return {
        "queries": len(queries),
        "long": sum(1 for item in queries if len(item["q"].split()) >= 8),
        **measures(ranks),
        "codes only": measures(code_ranks),
        "misses": [q["q"] for q, r in zip(queries, ranks, strict=True) if not r or r > 1],
    }


def measures(ranks: list) -> dict:
    found = len(ranks) or 1
    return {
        "hit@1": sum(1 for r in ranks if r == 1) / found,
        "hit@3": sum(1 for r in ranks if r and r <= 3) / found,
        "mrr": sum(1 / r for r in ranks if r) / found,
    }


def synthetic(content, scale: int, seed: int = 7):
    """`scale` times the documents: each real one plus perturbed copies drawn from the same vocabulary."""
    from codes.search.documents import Content
    from codes.search.index import Document, Field

    rng = random.Random(seed)
    vocabulary = [word for doc in content.documents for f in doc.fields for word in f.text.split()]
    documents, records, phrases = list(content.documents), dict(content.records), dict(content.phrases)
    for copy in range(1, scale):
        for doc in content.documents:
            fields = []
            for f in doc.fields:
                text = f.text.split()
                rng.shuffle(text)
                text = [rng.choice(vocabulary) if rng.random() < 0.25 else word for word in text]
                fields.append(Field(f.label, f.weight, " ".join(text)))
            key = f"{doc.key}-{copy}"
            documents.append(Document(key, fields))
            records[key] = content.records[doc.key]
            phrases[key] = content.phrases.get(doc.key, [])
    return Content(documents, records, phrases, content.causes, content.synonyms, content.guides)


def latency(function, queries: list[str], rounds: int) -> dict:
    for text in queries:
        function(text)  # warm up
    times = []
    for _ in range(rounds):
        for text in queries:
            start = time.perf_counter()
            function(text)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {"median_ms": statistics.median(times), "p95_ms": times[int(len(times) * 0.95) - 1], "runs": len(times)}


DEFAULT_FILES = ["search-sample.json", "search-extra.json", "search-public.json", "search-heldout.json"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, nargs="+", default=[ROOT / "tests" / "data" / n for n in DEFAULT_FILES])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    sets = {path.name: json.loads(path.read_text()) for path in args.queries}
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from codes.search import engine, search
        from codes.search.engine import check_length, parse, rank
        from codes.search.index import Index

        texts = [item["q"] for queries in sets.values() for item in queries]
        scores = {name: quality(queries) for name, queries in sets.items()}
        current = engine()

        def engine_only(content, index):
            return lambda text: rank(parse(check_length(text), content, index), content, index, limit=20)

        start = time.perf_counter()
        big = synthetic(current.content, args.scale) if args.scale > 1 else current.content
        big_index = Index(big.documents)
        build_seconds = time.perf_counter() - start
        rows = {
            "engine, bundled content": latency(engine_only(current.content, current.index), texts, args.rounds),
            f"engine, {args.scale}x content": latency(engine_only(big, big_index), texts, args.rounds),
            "search(), bundled content": latency(search, texts, args.rounds),
        }
    report(scores, rows, len(current.content.documents), len(big.documents), args.scale, build_seconds)


def report(scores, rows, documents, big, scale, build_seconds) -> None:
    print(f"{'query file':<22}{'queries':>8}{'long':>6}{'hit@1':>7}{'hit@3':>7}{'MRR':>7}   codes only: hit@1 hit@3 MRR")
    for name, s in scores.items():
        c = s["codes only"]
        print(f"{name:<22}{s['queries']:>8}{s['long']:>6}{s['hit@1']:>7.0%}{s['hit@3']:>7.0%}{s['mrr']:>7.3f}"
              f"               {c['hit@1']:>4.0%} {c['hit@3']:>4.0%} {c['mrr']:.3f}")
    for name, s in scores.items():
        for miss in s["misses"]:
            print(f"  not first ({name}): {miss}")
    print(f"Documents: {documents} bundled, {big} at {scale}x (index built in {build_seconds:.1f} s)")
    print(f"{'latency':<28}{'median':>10}{'p95':>10}")
    for name, row in rows.items():
        print(f"{name:<28}{row['median_ms']:>8.2f}ms{row['p95_ms']:>8.2f}ms")


if __name__ == "__main__":
    main()
