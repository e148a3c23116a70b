"""Hypercorn's settings for the site, as sipref/serve.py starts it for `make run` and in production
(README, "Deploying"):

    python -m sipref.serve --bind 0.0.0.0:8000 --workers 4

Django stays synchronous. In each worker process an event loop reads every request whole (its
headers, then its body, into memory) and only then runs Django on it (sipref/asgi.py), so a client
that sends half a request, or its body one byte at a time, holds a connection and nothing else.
gunicorn's sync workers read the request themselves: two connections that sent half a request
stopped the site until gunicorn's 30-second timeout, and its gthread worker still gives each
connection's reading a thread. The command line's --bind and --workers override the defaults below.
"""

bind = ["127.0.0.1:8000"]
workers = 2
# uvloop's event loop, not asyncio's own: it took a quarter less CPU per cached page here (README, "Deploying").
worker_class = "uvloop"

# A connection that has sent no whole request within this many seconds (one opened and left idle,
# or sending its headers slowly) is closed; so is a kept-alive one left unused.
keep_alive_timeout = 5
# A request body that stops arriving for this long is given up.
read_timeout = 30
# Connections waiting to be accepted in a burst (hypercorn's default of 100 drops the rest for a second).
backlog = 2048
# In-flight requests may finish when the server is stopped or restarted.
graceful_timeout = 10

accesslog = "-"
# gunicorn's format: the address, the time, the request line with its query string, status, size, referrer, agent.
access_log_format = '%(h)s %(l)s %(l)s %(t)s "%(R)s" %(s)s %(b)s "%(f)s" "%(a)s"'
errorlog = "-"
include_server_header = False
