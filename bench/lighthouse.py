"""Lighthouse scores for the home, list and code pages, served exactly as `make run` serves them.

    .venv/bin/python bench/lighthouse.py [--port 8765]

Needs Node and npm (Lighthouse is fetched with npx on first use) and Debian's chromium.
Prints the four category scores (performance, accessibility, best practices, SEO) per page.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.8.2"  # the last major that runs on Node 20
PAGES = {"home": "/", "list": "/codes/", "code": "/codes/486/"}
CHROME_FLAGS = ("--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update "
                "--disable-sync --no-first-run --disable-quic --disable-dev-shm-usage")
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def start_site(port: int) -> subprocess.Popen:
    server = subprocess.Popen(["make", "run", f"PORT={port}"], cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
            return server
        except OSError:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    sys.exit("The site did not start; try `make run` by hand to see why.")


def scores(url: str) -> dict[str, int]:
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        subprocess.run(
            ["npx", "--yes", LIGHTHOUSE, url, "--quiet", "--output=json", f"--output-path={report.name}",
             f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
            check=True, env={**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")},
        )
        categories = json.load(report)["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    server = start_site(args.port)
    try:
        results = {name: scores(f"http://127.0.0.1:{args.port}{path}") for name, path in PAGES.items()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
    print(f"{'page':<8}" + "".join(f"{name:>16}" for name in CATEGORIES))
    for name, row in results.items():
        print(f"{name:<8}" + "".join(f"{row[c]:>16}" for c in CATEGORIES))


if __name__ == "__main__":
    main()
