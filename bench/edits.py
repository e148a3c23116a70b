"""Readers' throughput and latency with and without an editor saving once a second, in one run.

    .venv/bin/python bench/edits.py [--seconds 15] [--connections 8] [--port 8141]

Starts the site as `make run` does (bench/pages.py's helpers: its server, production settings) on a
throwaway SQLite database, signs an editor in to the admin, and drives wrk from a second process
over a mix of what readers ask for: code pages, searches, the list, the home page and the JSON.
Twice: with no edits, then with the editor saving a troubleshooting note through the admin's form
once a second (a GET of the form and its POST, as a browser does). Prints requests per second,
median, 99th-percentile and worst latency, errors, the saves made and the search-index rebuilds
each server process logged during the run. Needs Debian's wrk (installed if missing).
"""

import argparse
import http.cookiejar
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import ensure_wrk, milliseconds, start, stop
from tests.forms import form_data

READS = [
    *(f"/codes/{code}/" for code in (486, 404, 503, 401, 488, 408, 603, 480, 183, 200)),
    *(f"/search/?q={urllib.parse.quote_plus(q)}" for q in (
        "phone won't register", "one way audio", "call drops after 30 seconds", "busy", "codec mismatch")),
    "/codes/", "/codes/?class=4", "/", "/api/codes/486/", "/api/search/?q=forbidden",
]
NOTE = ("486", "busy-though-free")  # the note the editor saves: its code and slug
EDITOR = ("bench-editor", "a-long-enough-password-for-the-bench")
REBUILT = re.compile(r"Search index rebuilt in [\d.]+ s \(process (\d+)\)")

WRK_SCRIPT = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""

SETUP = f"""
from django.contrib.auth.models import Group, User
from codes.models import TroubleshootingNote
user = User.objects.create_user({EDITOR[0]!r}, password={EDITOR[1]!r}, is_staff=True)
user.groups.add(Group.objects.get(name="Editors"))
print(TroubleshootingNote.objects.get(code__code={NOTE[0]}, slug={NOTE[1]!r}).pk)
"""


def manage(env: dict, *args: str) -> str:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, check=True).stdout


class Editor:
    """An editor signed in to the admin through its login form, saving one note again and again."""

    def __init__(self, base: str, note: int):
        self.base, self.url = base, f"{base}/admin/codes/troubleshootingnote/{note}/change/"
        self.browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        login = f"{base}/admin/login/?next=/admin/"
        data = form_data(self.get(login), "login-form")
        self.post(login, {**data, "username": EDITOR[0], "password": EDITOR[1]}, expect="/admin/")
        self.saves, self.timings = 0, []

    def get(self, url: str) -> SimpleNamespace:
        return SimpleNamespace(content=self.browser.open(url, timeout=30).read())

    def post(self, url: str, data: dict, *, expect: str) -> None:
        with self.browser.open(url, urllib.parse.urlencode(data).encode(), timeout=30) as response:
            if not response.url.startswith(self.base + expect):
                sys.exit(f"The admin did not accept the form at {url}: ended at {response.url}")

    def save(self, symptom: str = "") -> None:
        """Open the note's form and save it with a new symptom, as an editor does."""
        started = time.perf_counter()
        data = form_data(self.get(self.url))
        data["symptom"] = symptom or f"Busy though the callee's phone is free (bench save {self.saves})"
        self.post(self.url, data, expect="/admin/codes/troubleshootingnote/")
        self.saves += 1
        self.timings.append(time.perf_counter() - started)


def edit_every_second(editor: Editor, stop_at: float) -> None:
    while (now := time.monotonic()) < stop_at:
        editor.save()
        time.sleep(max(0.0, 1.0 - (time.monotonic() - now)))


def read_load(wrk: str, base: str, script: Path, seconds: int, connections: int) -> dict:
    out = subprocess.run([wrk, "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency",
                          "-s", str(script), base], capture_output=True, text=True, check=True).stdout
    errors = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", out))
    errors += sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": milliseconds(re.search(r"^\s+50%\s+(\S+)\s*$", out, re.MULTILINE).group(1)),
        "p99": milliseconds(re.search(r"^\s+99%\s+(\S+)\s*$", out, re.MULTILINE).group(1)),
        "max": milliseconds(re.search(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)", out, re.MULTILINE).group(1)),
        "errors": errors,
    }


def rebuilds(log: Path, since: int) -> dict[str, int]:
    """Search-index rebuilds per server process logged after byte `since` of the log."""
    with log.open("rb") as file:
        file.seek(since)
        found = REBUILT.findall(file.read().decode(errors="replace"))
    return {pid: found.count(pid) for pid in sorted(set(found))}


def server_cpu(group: int) -> float:
    """CPU seconds used so far by the server's processes (process group `group`): its work, however busy the
    machine is."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone meanwhile
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])  # user and system time
    return ticks / os.sysconf("SC_CLK_TCK")


def run(wrk: str, server: int, script: Path, log: Path, args, editor: Editor | None) -> dict:
    base = f"http://127.0.0.1:{args.port}"
    for path in READS:  # warm: every page cached and the index built in every process, as in steady use
        for _ in range(4):
            urllib.request.urlopen(base + path, timeout=30).read()
    since, saves, cpu = log.stat().st_size, editor.saves if editor else 0, server_cpu(server)
    if editor:
        edits = threading.Thread(target=edit_every_second, args=(editor, time.monotonic() + args.seconds))
        edits.start()
    result = read_load(wrk, base, script, args.seconds, args.connections)
    result["cpu ms"] = 1000 * (server_cpu(server) - cpu) / (result["rps"] * args.seconds)
    if editor:
        edits.join()
        result["saves"] = editor.saves - saves
        result["save ms"] = 1000 * max(editor.timings[saves:], default=0)
    result["rebuilds"] = rebuilds(log, since)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8141)
    args = parser.parse_args()
    wrk = ensure_wrk()
    with tempfile.TemporaryDirectory(prefix="sipref-bench-edits-") as folder:
        folder = Path(folder)
        env = {"DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}"}
        script, log = folder / "reads.lua", folder / "server.log"
        script.write_text(WRK_SCRIPT % ", ".join(f'"{path}"' for path in READS))
        with log.open("wb") as output:
            server = start(args.port, output, **env)
            try:
                note = int(manage({**env, "DJANGO_DEBUG": "1"}, "shell", "-c", SETUP).split()[-1])
                editor = Editor(f"http://127.0.0.1:{args.port}", note)
                runs = {"no edits": run(wrk, server.pid, script, log, args, None),
                        "a save a second": run(wrk, server.pid, script, log, args, editor)}
            finally:
                stop(server)
    report(runs, args)


def report(runs: dict, args) -> None:
    print(f"wrk -t1 -c{args.connections} -d{args.seconds}s over {len(READS)} addresses in turn"
          " (code pages, searches, lists, home, JSON)")
    print("cpu ms: the server's CPU time per read (saves included), however busy the machine is")
    print(f"{'':<18}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}{'err':>5}{'cpu ms':>8}{'saves':>7}"
          f"{'slowest save ms':>17}   search-index rebuilds per process")
    for name, result in runs.items():
        print(f"{name:<18}{result['rps']:>8.0f}{result['p50']:>9.2f}{result['p99']:>9.2f}{result['max']:>9.0f}"
              f"{result['errors']:>5}{result['cpu ms']:>8.2f}{result.get('saves', 0):>7}"
              f"{result.get('save ms', 0):>17.0f}   {result['rebuilds'] or 'none'}")


if __name__ == "__main__":
    main()
