"""Pages against a static file of the same size, served as `make run` serves them, in one run.

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 8]

Starts the site with `make run` (hypercorn, production settings) and drives it with wrk from a
second process on loopback: a static file as big as the code page (the baseline: what a
static site would do on this server), the home page, a filtered list, a code page, a search
and the JSON detail; then what no cache can serve, each request asking a query never asked
before (bench/new_queries.lua): a search page, the search JSON, and the list filtered by what a
filter box holds mid-word. Then again with the page cache off (SIPREF_PAGE_CACHE=0). Prints
requests per second, median and 99th-percentile latency, and each page's throughput as a
share of the baseline. The machine is shared and its speed drifts by half within a minute, so
the baseline is measured again just before each page and each share is taken against that
measurement; the static file's row shows the median of them. Then it checks issue 18's targets
against the run. Every row is warmed first by a second of the same load, so that each worker
process has built its search index and cached the page before the measured run. Needs Debian's
wrk (installed if missing).
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = "bench-baseline.html"
PAGES = {
    "home": "/",
    "filtered list": "/codes/?class=4&q=busy",
    "code page": "/codes/486/",
    # A page of results: "phone won't register" names a guide, and the search goes straight to it (a redirect).
    "search": "/search/?q=no+audio+after+answer",
    "JSON detail": "/api/codes/486/",
}
# Rows where every request asks something new: the path the query is appended to, and which queries.
NEW_QUERIES = {
    "search, new query each request": ("/search/?q=", "words"),
    "JSON search, new query each request": ("/api/search/?q=", "words"),
    "filtered list, new query each request": ("/codes/?q=", "prefixes"),
}
GENERATOR = ROOT / "bench" / "new_queries.lua"


def ensure_wrk() -> str:
    if found := shutil.which("wrk"):
        return found
    if os.geteuid() == 0:
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)
        return shutil.which("wrk")
    sys.exit("This benchmark needs Debian's wrk: sudo apt-get install wrk")


def start(port: int, output=subprocess.DEVNULL, **env) -> subprocess.Popen:
    """`make run` on `port`, its output (the server's log) sent to `output`."""
    server = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=ROOT, env={**os.environ, **env},
                              stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    stop(server)
    sys.exit("The site did not start; run `make run` by hand to see why.")


def stop(server: subprocess.Popen) -> None:
    """As Ctrl-C stops `make run`: SIGINT, which hypercorn's workers ignore and its main process answers by
    shutting them down in order. A SIGTERM to the whole group kills the workers outright instead, and hypercorn's
    main process has been seen to hang for good after that."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def fetch(url: str) -> bytes:
    return urllib.request.urlopen(url, timeout=10).read()


def milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def load(wrk: str, url: str, seconds: int, connections: int, queries: tuple[str, str] | None = None) -> dict:
    if queries is None:
        # Warm every worker: its search index built, the page built (and cached, when the cache is on).
        run_wrk(wrk, url, 1, connections)
        out = run_wrk(wrk, url, seconds, connections)
    else:
        # Warm every worker's search index with queries the measured run does not ask.
        run_wrk(wrk, url, 2, connections, GENERATOR, *queries, "warm")
        out = run_wrk(wrk, url, seconds, connections, GENERATOR, *queries)
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    try:
        return {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)\s*$", out, re.MULTILINE).group(1)),
            "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)\s*$", out, re.MULTILINE).group(1)),
            "errors": errors,
        }
    except AttributeError:
        sys.exit(f"Could not read wrk's report for {url}:\n{out}")


def run_wrk(wrk: str, url: str, seconds: int, connections: int, script: Path | None = None, *args: str) -> str:
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(script), url, "--", *args] if script else [url]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def measure(wrk: str, port: int, seconds: int, connections: int, **env) -> dict:
    server = start(port, **env)
    try:
        base = f"http://127.0.0.1:{port}"
        rows = [(name, base + path, None) for name, path in PAGES.items()]
        rows += [(name, base + "/", queries) for name, queries in NEW_QUERIES.items()]
        results, baselines = {}, []
        for name, url, queries in rows:
            baselines.append(load(wrk, f"{base}/static/{BASELINE}", max(seconds // 2, 1), connections))
            results[name] = {**load(wrk, url, seconds, connections, queries), "baseline": baselines[-1]["rps"]}
    finally:
        stop(server)
    ranked = sorted(baselines, key=lambda baseline: baseline["rps"])
    middle = ranked[len(ranked) // 2]
    static = {**middle, "baseline": middle["rps"], "spread": (ranked[0]["rps"], ranked[-1]["rps"]),
              "errors": sum(baseline["errors"] for baseline in baselines)}
    return {"static file": static, **results}


def verdicts(cached: dict) -> list[tuple[bool, str]]:
    """Issue 18's targets, checked against the run with the page cache on (what `make run` serves)."""
    checks = []
    for name, against in [("search, new query each request", "search"),
                          ("JSON search, new query each request", "JSON detail")]:
        row, share = cached[name], cached[name]["rps"] / cached[name]["baseline"]
        checks.append((share >= 0.25, f"{name}: {share:.0%} of static (target 25%)"))
        times = row["p99"] / cached[against]["p99"]
        checks.append((times <= 3, f"{name}: p99 {times:.1f}x the cached {against}'s (target 3x at most)"))
    for name in PAGES:
        share = cached[name]["rps"] / cached[name]["baseline"]
        checks.append((share >= 0.70, f"{name}, cached: {share:.0%} of static (target 70%)"))
    errors = sum(row["errors"] for row in cached.values())
    checks.append((errors == 0, f"{errors} errors"))
    return checks


def write_baseline(port: int) -> int:
    """A static file exactly as big as the code page, placed where whitenoise will find it on the next start."""
    server = start(port)
    try:
        size = len(fetch(f"http://127.0.0.1:{port}/codes/486/"))
    finally:
        stop(server)
    (ROOT / "staticfiles").mkdir(exist_ok=True)
    (ROOT / "staticfiles" / BASELINE).write_text("<!doctype html><title>x</title>" + "x" * (size - 31))
    return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    wrk = ensure_wrk()
    size = write_baseline(args.port)
    try:
        runs = {
            "cached": measure(wrk, args.port, args.seconds, args.connections),
            "uncached": measure(wrk, args.port, args.seconds, args.connections, SIPREF_PAGE_CACHE="0"),
        }
    finally:
        (ROOT / "staticfiles" / BASELINE).unlink(missing_ok=True)
    print(f"wrk -t1 -c{args.connections} -d{args.seconds}s per row; baseline: a {size:,}-byte static file"
          " (the size of /codes/486/)")
    print(f"{'':<38}{'cached':>38}   {'uncached':>38}")
    print(f"{'':<38}" + f"{'req/s':>9}{'share':>8}{'p50 ms':>9}{'p99 ms':>9}{'err':>5}   " * 2)
    for name in ["static file", *PAGES, *NEW_QUERIES]:
        row = ""
        for run in runs.values():
            result, share = run[name], run[name]["rps"] / run[name]["baseline"]
            row += f"{result['rps']:>9.0f}{share:>8.0%}{result['p50']:>9.2f}{result['p99']:>9.2f}{result['errors']:>5}   "
        print(f"{name:<38}{row}")
    spreads = "; ".join(f"{label} {low:,.0f} to {high:,.0f}" for label, (low, high) in
                        ((label, run["static file"]["spread"]) for label, run in runs.items()))
    print(f"Shares are of the static file measured just before each row ({spreads} req/s); its row is the median.")
    for met, text in verdicts(runs["cached"]):
        print(f"{'met    ' if met else 'NOT MET'}  {text}")


if __name__ == "__main__":
    main()
