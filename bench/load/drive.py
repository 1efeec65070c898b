"""Drive the key endpoints of a running server with wrk and print one table.

    python bench/load/drive.py FIXTURES.json

Run by ``bench/load/run.sh`` (``make bench``) with the server's environment, once the
server answers on ``BENCH_URL``. For each endpoint it runs wrk for a short warm-up and
then for ``BENCH_DURATION`` seconds at ``BENCH_CONNECTIONS`` connections, counts the SQL
queries of one request in-process (the Django test client on the same database and
settings, under ``CaptureQueriesContext``), and prints requests/s, p50/p99 latency,
queries per request and the ratio of its requests/s to the bare Django JSON view's.
"""

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

import django  # noqa: E402

django.setup()

import server_cpu as cpu  # noqa: E402  (bench/load/server_cpu.py)
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

HERE = Path(__file__).resolve().parent
URL = os.environ.get("BENCH_URL", "http://127.0.0.1:8077")
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
THREADS = int(os.environ.get("BENCH_THREADS", "2"))
DURATION = int(os.environ.get("BENCH_DURATION", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
# Comma-separated endpoint numbers (0 = the bare view) to run only those; default all.
ONLY = os.environ.get("BENCH_ONLY", "")

# Targets of the list endpoints (ratio of requests/s to the bare view; p99 in ms).
TARGET_RATIO, FLOOR_RATIO, TARGET_P99_MS = 0.25, 0.15, 100


@dataclass
class Endpoint:
    name: str
    paths: list[str]
    method: str = "GET"
    body: dict | None = None
    auth: bool = True
    is_list: bool = False
    result: dict = field(default_factory=dict)


def endpoints(fx: dict) -> list[Endpoint]:
    """The benchmarked requests, the bare baseline first."""
    return [
        Endpoint("bare Django JSON view", ["/bench/bare/"], auth=False),
        Endpoint("POST /auth/login/", ["/api/v1/auth/login/"], "POST", fx["login"], auth=False),
        Endpoint("GET /contacts/?page=20", ["/api/v1/contacts/?page=20"], is_list=True),
        Endpoint(
            "GET /events/month/",
            [f"/api/v1/events/month/?year={fx['year']}&month={fx['month']}"],
            is_list=True,
        ),
        Endpoint(
            "GET /jobs/?category&min_rating&ordering=-average_rating",
            [f"/api/v1/jobs/?category={fx['job_category']}&min_rating=2&ordering=-average_rating"],
            is_list=True,
        ),
        Endpoint("GET /conversations/", ["/api/v1/conversations/"], is_list=True),
        Endpoint(
            "GET /conversations/{id}/messages/",
            [f"/api/v1/conversations/{fx['conversation']}/messages/"],
            is_list=True,
        ),
        Endpoint(
            "POST /calendars/{id}/schedule/ (200 invitees)",
            [f"/api/v1/calendars/{pk}/schedule/" for pk in fx["calendars"]],
            "POST",
        ),
    ]


def count_queries(endpoint: Endpoint, token: str) -> int:
    """SQL queries of one request in the steady state (after one warm-up request, which
    also caches the user snapshot), made in-process on the same database."""
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if endpoint.auth else {}
    path = endpoint.paths[0]

    def call():
        if endpoint.method == "POST":
            body = json.dumps(endpoint.body or {})
            return client.post(path, body, content_type="application/json", **headers)
        return client.get(path, **headers)

    call()
    with CaptureQueriesContext(connection) as queries:
        response = call()
    if response.status_code >= 400:
        raise SystemExit(f"{endpoint.name}: HTTP {response.status_code} {response.content[:300]}")
    return len(queries)


def wrk(endpoint: Endpoint, token: str, seconds: int) -> dict:
    env = {
        **os.environ,
        "BENCH_METHOD": endpoint.method,
        "BENCH_PATHS": " ".join(endpoint.paths),
        "BENCH_BODY": json.dumps(endpoint.body) if endpoint.body else "",
        "BENCH_TOKEN": token if endpoint.auth else "",
    }
    command = [
        "wrk",
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(HERE / "request.lua"),
        URL,
    ]
    before = cpu.snapshot()
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    used = cpu.spent(before, cpu.snapshot())
    match = re.search(r"^BENCH_RESULT (\{.*\})$", output, re.MULTILINE)
    if match is None:
        raise SystemExit(f"{endpoint.name}: no result from wrk:\n{output}")
    result = json.loads(match.group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["cpu_ms"] = {g: 1000 * used[g] / max(result["requests"], 1) for g in cpu.GROUPS}
    return result


def verdict(endpoint: Endpoint, ratio: float) -> str:
    if not endpoint.is_list:
        return "-"
    if ratio >= TARGET_RATIO and endpoint.result["p99_us"] / 1000 < TARGET_P99_MS:
        return "meets"
    if ratio >= FLOOR_RATIO:
        return "below target"
    return "BELOW FLOOR"


def table(items: list[Endpoint]) -> str:
    bare = items[0].result["rps"]
    lines = [
        "| endpoint | req/s | p50 ms | p99 ms | queries | CPU ms/request: app, PostgreSQL, "
        "Redis | ratio to bare | list target |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for e in items:
        r = e.result
        ratio = r["rps"] / bare
        errors = ""
        if r["non_2xx"] or r["socket_errors"]:
            errors = f" ({r['non_2xx']} non-2xx, {r['socket_errors']} socket errors)"
        lines.append(
            f"| {e.name}{errors} | {r['rps']:.0f} | {r['p50_us'] / 1000:.1f} | "
            f"{r['p99_us'] / 1000:.1f} | {r['queries']} | {_cpu(r['cpu_ms'])} | {ratio:.2f} | "
            f"{verdict(e, ratio)} |"
        )
    return "\n".join(lines)


def _cpu(ms: dict) -> str:
    return ", ".join(f"{ms[group]:.2f}" for group in cpu.GROUPS)


def main() -> None:
    fixtures = json.loads(Path(sys.argv[1]).read_text())
    token = fixtures["token"]
    items = endpoints(fixtures)
    if ONLY:
        wanted = {int(n) for n in ONLY.split(",")} | {0}  # the bare view is the baseline
        items = [e for n, e in enumerate(items) if n in wanted]
    for endpoint in items:
        queries = count_queries(endpoint, token)
        if WARMUP:
            wrk(endpoint, token, WARMUP)
        endpoint.result = {**wrk(endpoint, token, DURATION), "queries": queries}
        print(f"  {endpoint.name}: {endpoint.result['rps']:.0f} req/s", file=sys.stderr)
    print(
        f"\n{CONNECTIONS} connections, {THREADS} wrk threads, {DURATION} s per endpoint, "
        f"server {URL} ({os.environ.get('WEB_CONCURRENCY', 'default')} gunicorn workers)\n"
    )
    print(table(items))


if __name__ == "__main__":
    main()
