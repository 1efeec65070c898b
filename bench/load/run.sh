#!/usr/bin/env bash
# Load benchmark (`make bench`): benchmark-sized demo data in PostgreSQL, gunicorn with
# production settings on loopback, wrk against the key endpoints and a bare Django
# JSON view, one table at the end. Loopback traffic only; a few minutes in all.
#
# Environment (defaults):
#   BENCH_DATABASE_URL  postgres://postgres@127.0.0.1:5432/kith_bench (dropped and refilled)
#   BENCH_SCALE         3000   load_demo --scale: contacts, jobs, events, messages per demo user
#   BENCH_KEEP_DB       0      1 reuses the database as it is (skips drop and load_demo)
#   BENCH_PORT          8077   gunicorn port on 127.0.0.1
#   BENCH_REDIS_PORT    6391   a private redis-server for the cache and throttles
#   BENCH_CONNECTIONS 8, BENCH_THREADS 2, BENCH_DURATION 10, BENCH_WARMUP 2 (see drive.py)
#   BENCH_ONLY          e.g. 2,4: only those endpoints (numbered as in drive.py) and the bare view
#   WEB_CONCURRENCY     gunicorn workers (default: cores + 1, see env.sh)
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=.venv/bin
export PYTHONDONTWRITEBYTECODE=1

step() { printf '\n=== %s ===\n' "$*" >&2; }

# --- tools and services ---------------------------------------------------------
command -v wrk >/dev/null || (apt-get update && apt-get install -y wrk)
command -v redis-server >/dev/null || (apt-get update && apt-get install -y redis-server)
if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

REDIS_PORT=${BENCH_REDIS_PORT:-6391}
redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no \
  --loglevel warning >"$work/redis.log" 2>&1 &
pids+=($!)

# --- the server's environment (production settings, loopback, no TLS) ---------------
export BENCH_WORK="$work"
source bench/load/env.sh
PORT=${BENCH_PORT:-8077}

# --- data -----------------------------------------------------------------------------
db_name=${DATABASE_URL##*/}
db_admin=${DATABASE_URL%/*}/postgres
if [ "${BENCH_KEEP_DB:-0}" != 1 ]; then
  step "database $db_name (fresh), load_demo --scale ${BENCH_SCALE:-3000}"
  psql -q "$db_admin" -c "DROP DATABASE IF EXISTS $db_name WITH (FORCE)" >/dev/null
  psql -q "$db_admin" -c "CREATE DATABASE $db_name" >/dev/null
  $BIN/python manage.py migrate --noinput -v 0
  time $BIN/python manage.py load_demo --scale "${BENCH_SCALE:-3000}" >/dev/null
  psql -q "$DATABASE_URL" -c "VACUUM ANALYZE" >/dev/null
fi
step "benchmark fixtures (8 calendars of 200 invitees, tokens)"
mkdir -p "$(dirname "$BENCH_FIXTURES")"
$BIN/python bench/load/setup_data.py >"$BENCH_FIXTURES"

# --- server -----------------------------------------------------------------------
step "gunicorn on $BENCH_URL"
GUNICORN_BIND="127.0.0.1:$PORT" $BIN/gunicorn -c config/gunicorn.conf.py config.wsgi \
  >"$work/gunicorn.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do
  curl -fsS "$BENCH_URL/api/v1/health/" >/dev/null 2>&1 && break
  sleep 0.5
done
curl -fsS "$BENCH_URL/bench/bare/" >/dev/null || { tail -n 40 "$work/gunicorn.log"; exit 1; }

# --- load -----------------------------------------------------------------------------
step "wrk against each endpoint"
$BIN/python bench/load/drive.py "$BENCH_FIXTURES"
