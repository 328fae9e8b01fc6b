"""gunicorn settings for production: `gunicorn -c gunicorn.conf.py tracker.wsgi`.

Every value can be changed from the environment (README, "Production"). The access log goes to
stdout with each request's X-Request-ID (the id the error pages and Django's log lines show);
gunicorn's own messages and Django's log go to stderr."""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# Threads let a worker keep answering while one request waits on a slow database.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "20"))
keepalive = 5
# Recycle workers now and then so that a slow leak cannot grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Requests the TLS proxy on this machine forwards; its X-Forwarded-* headers are trusted only from it.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s ua="%(a)s"'
# Debug stays off unless DJANGO_DEBUG=1 is set (tracker/wsgi.py); this makes it so for any app path.
raw_env = [] if "DJANGO_DEBUG" in os.environ else ["DJANGO_DEBUG=0"]
