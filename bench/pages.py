"""Pages against a static file of the same size, served as `make run` serves them, in one run.

    .venv/bin/python bench/pages.py [--seconds 12] [--connections 8]

Starts the site with `make run` (hypercorn, production settings) and drives it with wrk from a
second process on loopback: a static file as big as the code page (the baseline: what a
static site would do on this server), the home page, a filtered list, a code page, a search
and the JSON detail; then what no cache can serve, each request asking a query never asked
before (bench/new_queries.lua): a search page, the search JSON, and the list filtered by what a
filter box holds mid-word. Then again with the page cache off (SIPREF_PAGE_CACHE=0). Prints
requests per second, median and 99th-percentile latency, and each page's throughput as a
share of the baseline. The machine is shared and its speed drifts by half within a minute, and
the two workers share out wrk's connections unevenly (seven on one worker, some runs), so
each row is measured in three short runs, in three rounds over all the rows, each run just after
a run of the static file, and its figures are the medians of those runs: its share the median of
the three shares, each taken against the static run just before it. Each row is warmed first by
a second of the same load, so that every worker has built its search index and cached the page
(new queries do not push it out: a search is stored only at its second ask). Then it checks
issue 18's targets against the run, and says of any errors what kind they were; the server's
log of each run is kept. Needs Debian's wrk (installed if missing).
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

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
LOGS = Path(tempfile.gettempdir()) / "sipref-bench-pages"
# Each row is measured in this many short runs: each one opens its connections anew, which the server's workers
# share out unevenly (README, "Speed"), and the medians even that out.
SEGMENTS = 3


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


def warm(wrk: str, url: str, connections: int, queries: tuple[str, str] | None = None) -> None:
    """A second of the same load first, so that every worker has built its search index and the page (and cached
    it, when the cache is on); new queries warm with queries the measured segments do not ask."""
    if queries is None:
        run_wrk(wrk, url, 1, connections)
    else:
        run_wrk(wrk, url, 2, connections, GENERATOR, *queries, "warm")


def load(wrk: str, url: str, seconds: int, connections: int, queries: tuple[str, str] | None = None,
         segment: int = 0) -> dict:
    if queries is None:
        out, split = run_wrk(wrk, url, seconds, connections)
    else:
        out, split = run_wrk(wrk, url, seconds, connections, GENERATOR, *queries, str(segment))
    # wrk reports answers other than 2xx and 3xx in one count, and each kind of socket error apart.
    kinds = Counter({"status 4xx or 5xx": sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))})
    kinds.update({kind: int(n) for kind, n in re.findall(r"(connect|read|write|timeout) (\d+)", out)})
    try:
        return {
            "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)\s*$", out, re.MULTILINE).group(1)),
            "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)\s*$", out, re.MULTILINE).group(1)),
            "errors": +kinds,
            "split": split,
        }
    except AttributeError:
        sys.exit(f"Could not read wrk's report for {url}:\n{out}")


def run_wrk(wrk: str, url: str, seconds: int, connections: int, script: Path | None = None,
            *args: str) -> tuple[str, str]:
    """wrk's report, and how its connections were shared out among the server's workers half-way through."""
    command = [wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    command += ["-s", str(script), url, "--", *args] if script else [url]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as running:
        time.sleep(seconds / 2)
        split = connection_split(urlsplit(url).port)
        out, err = running.communicate()
    if running.returncode:
        sys.exit(f"wrk failed for {url}:\n{err}")
    return out, split


def connection_split(port: int) -> str:
    """The established connections to `port` per worker process (`make run`'s WORKERS), most first: "5/3", or
    "8/0" with all eight on one worker; "?" where `ss` cannot say."""
    if shutil.which("ss") is None:
        return "?"
    found = subprocess.run(["ss", "-tnpH", "state", "established", f"( sport = :{port} )"],
                           check=False, capture_output=True, text=True).stdout
    per_worker = sorted(Counter(re.findall(r"pid=(\d+)", found)).values(), reverse=True)
    per_worker += [0] * (int(os.environ.get("WORKERS", "2")) - len(per_worker))
    return "/".join(map(str, per_worker)) if any(per_worker) else "?"


def measure(wrk: str, port: int, seconds: int, connections: int, log: Path, **env) -> dict:
    """Every row SEGMENTS times, in rounds over all the rows, each run just after a run of the static file: a slow
    minute then costs several rows one run each rather than one row all of its runs. A row's figures are the
    medians of its runs', its share the median of its runs' shares. The server's log goes to `log`."""
    with log.open("w") as output:
        server = start(port, output, **env)
    try:
        base = f"http://127.0.0.1:{port}"
        static = f"{base}/static/{BASELINE}"
        rows = [(name, base + path, None) for name, path in PAGES.items()]
        rows += [(name, base + "/", queries) for name, queries in NEW_QUERIES.items()]
        row_seconds, static_seconds = run_seconds(seconds)
        warm(wrk, static, connections)
        runs, baselines = {name: [] for name, _, _ in rows}, []
        for segment in range(SEGMENTS):
            for name, url, queries in rows:
                if segment == 0:
                    warm(wrk, url, connections, queries)
                baselines.append(load(wrk, static, static_seconds, connections))
                result = load(wrk, url, row_seconds, connections, queries, segment)
                runs[name].append({**result, "share": result["rps"] / baselines[-1]["rps"]})
    finally:
        stop(server)
    speeds = sorted(baseline["rps"] for baseline in baselines)
    static_row = {**median_of(baselines), "share": 1.0, "spread": (speeds[0], speeds[-1])}
    return {"static file": static_row, **{name: median_of(found) for name, found in runs.items()}}


def run_seconds(seconds: int) -> tuple[int, int]:
    """How long each of a row's runs lasts, and each static run before it, for `seconds` a row."""
    return -(-seconds // SEGMENTS), max(seconds // SEGMENTS // 2, 1)


def median_of(segments: list[dict]) -> dict:
    """Each figure's median over the segments (errors summed, by kind; each run's connection split listed)."""
    figures = {key: statistics.median(segment[key] for segment in segments)
               for key in segments[0] if key not in ("errors", "split")}
    return {**figures, "errors": sum((segment["errors"] for segment in segments), Counter()),
            "splits": [segment["split"] for segment in segments]}


def verdicts(runs: dict[str, dict]) -> list[tuple[bool, str]]:
    """Issue 18's targets, checked against the run with the page cache on (what `make run` serves); errors
    against both."""
    checks, cached = [], runs["cached"]
    for name, against in [("search, new query each request", "search"),
                          ("JSON search, new query each request", "JSON detail")]:
        row, share = cached[name], cached[name]["share"]
        checks.append((share >= 0.25, f"{name}: {share:.0%} of static (target 25%)"))
        times = row["p99"] / cached[against]["p99"]
        splits = f"connections per worker, run by run: {' '.join(row['splits'])} against {' '.join(cached[against]['splits'])}"
        checks.append((times <= 3, f"{name}: p99 {times:.1f}x the cached {against}'s (target 3x at most; {splits})"))
    for name in PAGES:
        share = cached[name]["share"]
        checks.append((share >= 0.70, f"{name}, cached: {share:.0%} of static (target 70%)"))
    errors = [(label, name, row["errors"]) for label, run in runs.items() for name, row in run.items() if row["errors"]]
    found = "; ".join(f"{name} ({label}): {', '.join(f'{kind} {n}' for kind, n in kinds.items())}"
                      for label, name, kinds in errors)
    checks.append((not errors, f"errors: {found or 'none'}"))
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
    parser.add_argument("--seconds", type=int, default=12, help="per row, shared among its runs")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    wrk = ensure_wrk()
    LOGS.mkdir(exist_ok=True)
    size = write_baseline(args.port)
    try:
        runs = {
            "cached": measure(wrk, args.port, args.seconds, args.connections, LOGS / "cached.log"),
            "uncached": measure(wrk, args.port, args.seconds, args.connections, LOGS / "uncached.log",
                                SIPREF_PAGE_CACHE="0"),
        }
    finally:
        (ROOT / "staticfiles" / BASELINE).unlink(missing_ok=True)
    row_seconds, static_seconds = run_seconds(args.seconds)
    print(f"wrk -t1 -c{args.connections}; each row {SEGMENTS} runs of {row_seconds} s, each after {static_seconds} s of"
          f" the baseline: a {size:,}-byte static file (the size of /codes/486/). Medians of the runs.")
    print(f"{'':<38}{'cached':>38}   {'uncached':>38}")
    print(f"{'':<38}" + f"{'req/s':>9}{'share':>8}{'p50 ms':>9}{'p99 ms':>9}{'err':>5}   " * 2)
    for name in ["static file", *PAGES, *NEW_QUERIES]:
        row = ""
        for run in runs.values():
            result, share = run[name], run[name]["share"]
            errors = result["errors"].total()
            row += f"{result['rps']:>9.0f}{share:>8.0%}{result['p50']:>9.2f}{result['p99']:>9.2f}{errors:>5}   "
        print(f"{name:<38}{row}")
    spreads = "; ".join(f"{label} {run['static file']['spread'][0]:,.0f} to {run['static file']['spread'][1]:,.0f}"
                        for label, run in runs.items())
    print(f"Each share is of the static file measured just before ({spreads} req/s); its row is the median.")
    for met, text in verdicts(runs):
        print(f"{'met    ' if met else 'NOT MET'}  {text}")
    print(f"The server's log of each run, every request with its status: {LOGS}/")


if __name__ == "__main__":
    main()
