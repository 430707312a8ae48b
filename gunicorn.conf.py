"""gunicorn settings for Meetings: `make serve`, or `gunicorn -c gunicorn.conf.py` (README, "Production").

Every setting can be overridden on the command line or with GUNICORN_CMD_ARGS. The access
log's lines go through the app's redactor: no capability token (however the path is
written) and no client address, unless MEETINGS_LOG_CLIENT_ADDRESSES=true.
"""

import os


def _cores() -> int:
    """The cores this process may run on (a container's or taskset's share), else the machine's."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


wsgi_app = "meetings:create_app()"
bind = os.environ.get("MEETINGS_BIND", "127.0.0.1:8000")
#: sync workers, one request each at a time: 2 per core and one more (a worker waiting on the
#: database leaves its core to another), at most 8 so a big machine does not open more
#: database connections than a small PostgreSQL accepts. MEETINGS_WORKERS sets the number.
workers = int(os.environ.get("MEETINGS_WORKERS") or min(2 * _cores() + 1, 8))
accesslog = os.environ.get("MEETINGS_ACCESS_LOG", "-")
errorlog = os.environ.get("MEETINGS_ERROR_LOG", "-")
#: gunicorn's default without the referrer (a page's address); %(h)s is blanked by the app
#: unless the operator opts in to logging client addresses
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(a)s"'
#: `kill -HUP <pid>` reloads gracefully: new workers start with the code and settings on disk,
#: then the old ones finish their requests and exit. The app is loaded in each worker, not
#: in the master, so a reload takes new code too.
pidfile = os.environ.get("MEETINGS_PID_FILE") or None
