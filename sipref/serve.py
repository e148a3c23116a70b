"""How `make run` and production start the site (README, "Deploying"):

    python -m sipref.serve --bind 0.0.0.0:8000 --workers 4

Hypercorn's workers, with sipref/serving.py's settings, serving sipref/asgi.py; but each worker listens on a socket
of its own rather than all on one. On one shared socket, whichever worker wakes first takes every connection
waiting, and under the few kept-alive connections of a load test or a proxy's upstream pool that put most of them
on one worker: 60 runs of wrk's eight connections asking new searches were split 5/3 12 times, 6/2 20, 7/1 21 and
8/0 7, leaving one core idle while the other's queue set every reader's wait. With a socket per worker
(SO_REUSEPORT) the kernel shares connections out by a hash of their addresses and ports: of 55 runs, 4/4 16
times, 5/3 25, 6/2 9 and 7/1 5. A worker binds its socket only once it has loaded the site, so no connection
waits on one still starting.

Stop it with SIGINT or SIGTERM to this process: it tells the workers, which finish what they are answering.
When a worker dies, the others are stopped too and the exit status says so, for systemd to restart the site.
"""

import argparse
import signal
import socket
import sys
from multiprocessing import get_context
from multiprocessing.connection import wait
from pathlib import Path

from hypercorn.asyncio.run import uvloop_worker
from hypercorn.config import Config

SETTINGS = Path(__file__).with_name("serving.py")
APPLICATION = "sipref.asgi:application"


def config_from(argv: list[str] | None) -> Config:
    parser = argparse.ArgumentParser(prog="python -m sipref.serve",
                                     description="Serves the site with hypercorn, a listening socket per worker.")
    parser.add_argument("--bind", action="append", metavar="HOST:PORT",
                        help="the address to listen on; more than one --bind for more (default: serving.py's)")
    parser.add_argument("--workers", type=int, metavar="N", help="worker processes (default: serving.py's)")
    args = parser.parse_args(argv)
    config = Config.from_pyfile(SETTINGS)
    config.application_path = APPLICATION
    config.bind = args.bind or config.bind
    config.workers = config.workers if args.workers is None else args.workers
    if config.workers < 1:
        parser.error(f"--workers {config.workers}: at least one")
    for address in config.bind:
        if address.startswith(("unix:", "fd://")) or not address.rpartition(":")[2].isdigit():
            parser.error(f"--bind {address}: give a HOST:PORT; each worker binds the address itself")
    return config


def address_in_use(config: Config) -> str | None:
    """The first of the addresses something already listens on, another copy of the site included: a socket bound
    without SO_REUSEPORT is refused while any other socket listens there."""
    for address in config.bind:
        host, port = address.rsplit(":", 1)
        host = host.strip("[]")
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((host, int(port)))
            except OSError:
                return address
    return None


def serve(config: Config) -> int:
    if taken := address_in_use(config):
        print(f"{taken} is in use already: is the site running there? (Pick another with PORT= or --bind.)",
              file=sys.stderr)
        return 1
    context = get_context("spawn")
    stopping = context.Event()
    # The workers inherit SIGINT ignored (Ctrl-C reaches the whole process group): this process tells them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    workers = [context.Process(target=uvloop_worker, kwargs={"config": config, "shutdown_event": stopping})
               for _ in range(config.workers)]
    for worker in workers:
        worker.start()
    for name in ("SIGINT", "SIGTERM"):
        signal.signal(getattr(signal, name), lambda *_: stopping.set())
    ended = wait([worker.sentinel for worker in workers])  # until one stops: asked to, or dead
    for worker in workers:
        if worker.sentinel in ended and not stopping.is_set():
            worker.join()  # its sentinel closes a moment before its exit status can be read
            print(f"Worker {worker.pid} stopped (exit status {worker.exitcode}): stopping the site.", file=sys.stderr)
    stopping.set()
    for worker in workers:
        worker.join(config.graceful_timeout + 5)
        if worker.is_alive():
            worker.terminate()
            worker.join()
    return 1 if any(worker.exitcode for worker in workers) else 0


def main(argv: list[str] | None = None) -> int:
    return serve(config_from(argv))


if __name__ == "__main__":
    sys.exit(main())
