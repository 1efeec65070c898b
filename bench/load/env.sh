# The benchmark server's environment: production settings on loopback without TLS, a
# private Redis for the cache and throttles, throttles out of the way, the bare view on.
# Sourced by run.sh; source it yourself to profile (bench/load/profile.py) against the
# same database: `source bench/load/env.sh && .venv/bin/python bench/load/profile.py`.
BENCH_WORK=${BENCH_WORK:-/tmp/kith-bench}
mkdir -p "$BENCH_WORK/static" "$BENCH_WORK/media"
export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kith_bench}
# A key per machine, so tokens minted by one process verify in another.
export SECRET_KEY=${BENCH_SECRET_KEY:-kith-load-benchmark-only-key-$(cat /etc/machine-id 2>/dev/null)-never-use-in-production}
export REDIS_URL="redis://127.0.0.1:${BENCH_REDIS_PORT:-6391}/0"
export SECURE_SSL_REDIRECT=0 ALLOWED_HOSTS=127.0.0.1,localhost,testserver
export BENCH_BARE_VIEW=1 JWT_ACCESS_MINUTES=60
# Throttles stay on (their cache round trips are part of every request) but never bite.
# Per-second rates: DRF keeps each client's request times of the last period, and one
# benchmark user sending ~10^5 requests a minute would make that history (read and
# written on every request) far longer than any real user's.
export THROTTLE_RATE_AUTH=100000/s THROTTLE_RATE_USER=100000/s
export THROTTLE_RATE_ANON=100000/s THROTTLE_RATE_MESSAGES=100000/s
export STATIC_ROOT="$BENCH_WORK/static" MEDIA_ROOT="$BENCH_WORK/media"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
# gunicorn workers: cores + 1. PostgreSQL, Redis and wrk share the two cores here, so
# the usual 2 * cores + 1 (config/gunicorn.conf.py's default, for a server whose
# database lives elsewhere) only adds context switches.
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-$(($(nproc) + 1))}
export GUNICORN_ACCESS_LOG=${GUNICORN_ACCESS_LOG:-$BENCH_WORK/access.log}
export BENCH_URL="http://127.0.0.1:${BENCH_PORT:-8077}"
export BENCH_FIXTURES=${BENCH_FIXTURES:-/tmp/kith-bench-fixtures.json}
