"""gunicorn settings for Meetings: `gunicorn -c gunicorn.conf.py` (the README says which to change).

Every setting can be overridden on the command line or with GUNICORN_CMD_ARGS. The access
log's lines go through the app's redactor: no capability token (however the path is
written) and no client address, unless MEETINGS_LOG_CLIENT_ADDRESSES=true.
"""

import os

wsgi_app = "meetings:create_app()"
bind = os.environ.get("MEETINGS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MEETINGS_WORKERS", "2"))
accesslog = os.environ.get("MEETINGS_ACCESS_LOG", "-")
errorlog = os.environ.get("MEETINGS_ERROR_LOG", "-")
#: gunicorn's default without the referrer (a page's address); %(h)s is blanked by the app
#: unless the operator opts in to logging client addresses
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(a)s"'
