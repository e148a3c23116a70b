"""Search quality and speed, measured in one run.

    .venv/bin/python bench/search.py [--queries tests/data/search-sample.json] [--scale 100] [--rounds 5]

Quality: hit@1, hit@3 and mean reciprocal rank of the expected codes over a query file
(a JSON list of {"q": query, "any": [codes]}). Speed: in-process latency, median and 95th
percentile, of the engine (parse and rank) on the bundled content and on `scale` times as
much synthetic content, and of the whole search() call (with its database reads) on the
bundled content. It uses a throwaway SQLite database and touches nothing else.
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


def quality(queries: list[dict]) -> dict:
    from codes.search import search

    ranks = []
    for item in queries:
        codes = [result.code.code for result in search(item["q"]).results]
        ranks.append(next((position for position, code in enumerate(codes, 1) if code in item["any"]), None))
    found = len(queries) or 1
    return {
        "queries": len(queries),
        "hit@1": sum(1 for r in ranks if r == 1) / found,
        "hit@3": sum(1 for r in ranks if r and r <= 3) / found,
        "mrr": sum(1 / r for r in ranks if r) / found,
        "misses": [q["q"] for q, r in zip(queries, ranks, strict=True) if not r or r > 3],
    }


def synthetic(content, scale: int, seed: int = 7):
    """`scale` times the documents: each real one plus perturbed copies drawn from the same vocabulary."""
    from codes.search.documents import Content
    from codes.search.index import Document, Field

    rng = random.Random(seed)
    vocabulary = [word for doc in content.codes for f in doc.fields for word in f.text.split()]
    documents, phrases = list(content.codes), dict(content.phrases)
    for copy in range(1, scale):
        for doc in content.codes:
            fields = []
            for f in doc.fields:
                text = f.text.split()
                rng.shuffle(text)
                text = [rng.choice(vocabulary) if rng.random() < 0.25 else word for word in text]
                fields.append(Field(f.label, f.weight, " ".join(text)))
            key = f"{doc.key}-{copy}"
            documents.append(Document(key, fields))
            phrases[key] = content.phrases.get(doc.key, [])
    return Content(documents, content.symptoms, phrases, content.causes, content.synonyms)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=ROOT / "tests" / "data" / "search-sample.json")
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    queries = json.loads(args.queries.read_text())
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from codes.search import engine, search
        from codes.search.engine import check_length, parse, rank
        from codes.search.index import Index

        texts = [item["q"] for item in queries]
        scores = quality(queries)
        current = engine()

        def engine_only(content, index):
            return lambda text: rank(parse(check_length(text), content, index), content, index, limit=20)

        start = time.perf_counter()
        big = synthetic(current.content, args.scale)
        big_index = Index(big.codes)
        build_seconds = time.perf_counter() - start
        rows = {
            "engine, bundled content": latency(engine_only(current.content, current.codes), texts, args.rounds),
            f"engine, {args.scale}x content": latency(engine_only(big, big_index), texts, args.rounds),
            "search(), bundled content": latency(search, texts, args.rounds),
        }
    print(f"Queries: {args.queries.name} ({scores['queries']})")
    print(f"hit@1 {scores['hit@1']:.0%}   hit@3 {scores['hit@3']:.0%}   MRR {scores['mrr']:.3f}")
    for miss in scores["misses"]:
        print(f"  not in the top 3: {miss}")
    print(f"Documents: {len(current.content.codes)} bundled, {len(big.codes)} at {args.scale}x (index built in {build_seconds:.1f} s)")
    print(f"{'latency':<28}{'median':>10}{'p95':>10}")
    for name, row in rows.items():
        print(f"{name:<28}{row['median_ms']:>8.2f}ms{row['p95_ms']:>8.2f}ms")


if __name__ == "__main__":
    main()
