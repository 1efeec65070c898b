"""gunicorn settings: ``gunicorn -c config/gunicorn.conf.py config.wsgi``.

Sync workers (the API is request/response over a pooled database connection); the
worker count follows the cores unless WEB_CONCURRENCY says otherwise. Put any reverse
proxy in front; it must set X-Forwarded-Proto.
"""

import gc
import multiprocessing
import os

# One BLAS thread per worker (the schedule solver's scipy): a sync worker serves one
# request at a time, and OpenBLAS's own threads per worker only add wake-ups. Set before
# the application (and numpy) is loaded.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Workers are recycled now and then (a guard against slow leaks); with the application
# loaded once in the master (``preload_app``) a new worker is a fork, not a fresh import
# of Django, so recycling costs milliseconds instead of a second of CPU.
preload_app = True
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "50000"))
max_requests_jitter = max_requests // 10
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")


def when_ready(server):
    """The application is loaded (``preload_app``): move its objects out of the garbage
    collector's sight before the workers fork, so that no worker's collection walks the
    ~150,000 objects of Django and the app (a pause of tens of milliseconds every few
    hundred requests) and the pages they live on stay shared between workers."""
    gc.collect()
    gc.freeze()
