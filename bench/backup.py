"""How long each way of backing up a live SQLite database holds up an editor's save.

    .venv/bin/python bench/backup.py [--megabytes 200] [--rounds 3]

Copies db.sqlite3 (run `make run` once first) to a throwaway file, pads it with a filler table to
the size asked for, and sets it up as production does (WAL, synchronous=NORMAL). A writer thread
then commits one small row every 5 ms with BEGIN IMMEDIATE, as the site's saves do, while each of
SQLite's online backup API (in one step, as `manage.py backup` calls it) and `VACUUM INTO` copies
the database. Prints, per method, the copy's median time, the writer's commits during the copy, and
the slowest commit during the copy against the slowest commit with no copy running.
"""

import argparse
import sqlite3
import statistics
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def open_like_production(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=20, isolation_level=None, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=NORMAL")
    return connection


def make_database(folder: Path, megabytes: int) -> Path:
    path = folder / "live.sqlite3"
    with sqlite3.connect(ROOT / "db.sqlite3") as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    connection = open_like_production(path)
    connection.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, body BLOB)")
    connection.execute("CREATE TABLE edits (id INTEGER PRIMARY KEY, at REAL)")
    connection.execute("BEGIN")
    connection.executemany("INSERT INTO filler (body) VALUES (randomblob(4000))", [()] * (megabytes * 256))
    connection.execute("COMMIT")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return path


class Writer(threading.Thread):
    """Commits a row every 5 ms and records how long each commit took, start to finish."""

    def __init__(self, path: Path):
        super().__init__(daemon=True)
        self.connection = open_like_production(path)
        self.commits: list[tuple[float, float]] = []  # (finished at, seconds taken)
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            started = time.perf_counter()
            self.connection.execute("BEGIN IMMEDIATE")
            self.connection.execute("INSERT INTO edits (at) VALUES (?)", (started,))
            self.connection.execute("COMMIT")
            finished = time.perf_counter()
            self.commits.append((finished, finished - started))
            time.sleep(0.005)

    def slowest(self, start: float, end: float) -> tuple[int, float]:
        during = [taken for finished, taken in self.commits if start <= finished <= end + 0.5]
        return len(during), max(during, default=0.0)


def backup_api(source: Path, target: Path) -> None:
    with sqlite3.connect(source, timeout=20) as live, sqlite3.connect(target) as copy:
        live.backup(copy)
    copy.close()
    live.close()


def vacuum_into(source: Path, target: Path) -> None:
    live = sqlite3.connect(source, timeout=20)
    live.execute("VACUUM INTO ?", (str(target),))
    live.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        live = make_database(folder, args.megabytes)
        print(f"database: {live.stat().st_size / 1e6:.0f} MB")
        writer = Writer(live)
        writer.start()
        time.sleep(1)
        _, idle_worst = writer.slowest(0, time.perf_counter())
        print(f"no copy running: slowest commit {idle_worst * 1000:.1f} ms")
        for name, method in (("backup API", backup_api), ("VACUUM INTO", vacuum_into)):
            times, commits, worst = [], [], []
            for round_ in range(args.rounds):
                target = folder / f"{name.replace(' ', '-')}-{round_}.sqlite3"
                start = time.perf_counter()
                method(live, target)
                end = time.perf_counter()
                count, slowest = writer.slowest(start, end)
                times.append(end - start)
                commits.append(count)
                worst.append(slowest)
                target.unlink()
                time.sleep(0.5)
            print(f"{name}: copy {statistics.median(times):.2f} s, commits during the copy "
                  f"{min(commits)}–{max(commits)}, slowest commit {max(worst) * 1000:.1f} ms")
        writer.stop.set()
        writer.join()


if __name__ == "__main__":
    main()
