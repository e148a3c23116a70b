"""The cached search page and new searches, in alternating runs on one server, each run printed.

    .venv/bin/python bench/search_pairs.py [PAIRS]

bench/pages.py gives each row the medians of its runs; this shows the runs themselves. Each run opens wrk's eight
connections afresh, and the kernel shares them out between the two workers' sockets by a hash of each, each run
splitting them differently: a run with most of them on one worker gets less throughput, cached or not, and a p99
ratio between the two rows then says more about the split than about the pages. Each run's split (connections
per worker, half-way through it) is printed with it.
"""

import sys

from pages import PAGES, ensure_wrk, load, start, stop, warm

PORT = 8798


def main() -> None:
    pairs = int(sys.argv[1]) if len(sys.argv) > 1 else 6
    wrk, base = ensure_wrk(), f"http://127.0.0.1:{PORT}"
    cached, new = base + PAGES["search"], ("/search/?q=", "words")
    server = start(PORT)
    try:
        warm(wrk, cached, 8)
        warm(wrk, base + "/", 8, new)
        for pair in range(pairs):
            page = load(wrk, cached, 4, 8)
            fresh = load(wrk, base + "/", 4, 8, new, pair % 8)
            print(f"cached search {page['rps']:6.0f} req/s, p99 {page['p99']:6.2f} ms, split {page['split']:>3} | "
                  f"new searches {fresh['rps']:6.0f} req/s, p99 {fresh['p99']:6.2f} ms, split {fresh['split']:>3} | "
                  f"p99 ratio {fresh['p99'] / page['p99']:.1f}", flush=True)
    finally:
        stop(server)


if __name__ == "__main__":
    main()
