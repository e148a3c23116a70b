"""Pages against a static file of the same size, served as `make run` serves them, in one run.

    .venv/bin/python bench/pages.py [--seconds 10] [--connections 8]

Starts the site with `make run` (hypercorn, production settings) and drives it with wrk from a
second process on loopback: a static file as big as the code page (the baseline: what a
static site would do on this server), the home page, a filtered list, a code page, a search
and the JSON detail; then what no cache can serve, each request asking a query never asked
before (bench/new_queries.lua): a search page, the search JSON, and the list filtered by what a
filter box holds mid-word. Then again with the page cache off (SIPREF_PAGE_CACHE=0). Prints
requests per second, median and 99th-percentile latency, and each page's throughput as a
share of the baseline measured in the same run. Needs Debian's wrk (installed if missing).
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
        fetch(url)  # warm: build the page (and cache it, when the cache is on)
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
        results = {"static file": load(wrk, f"{base}/static/{BASELINE}", seconds, connections)}
        for name, path in PAGES.items():
            results[name] = load(wrk, base + path, seconds, connections)
        for name, queries in NEW_QUERIES.items():
            results[name] = load(wrk, base + "/", seconds, connections, queries)
    finally:
        stop(server)
    return results


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
            result, share = run[name], run[name]["rps"] / run["static file"]["rps"]
            row += f"{result['rps']:>9.0f}{share:>8.0%}{result['p50']:>9.2f}{result['p99']:>9.2f}{result['errors']:>5}   "
        print(f"{name:<38}{row}")


if __name__ == "__main__":
    main()
