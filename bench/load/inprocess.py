"""Time each benchmarked endpoint in-process: CPU and wall time per request.

    source bench/load/env.sh   # with the bench Redis running (see profile.py)
    .venv/bin/python bench/load/inprocess.py

A steadier companion to ``drive.py`` on a shared machine: each request goes through the
whole Django stack via the test client (no HTTP server, no wrk), and the best of five
rounds is kept, so other processes on the machine disturb the numbers less. Prints the
process CPU time and wall time (which includes database waits) per request.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import drive  # noqa: E402  (sets Django up)
from django.test import Client  # noqa: E402

from accounts.authentication import tokens_for  # noqa: E402
from accounts.models import User  # noqa: E402

ROUNDS = 5


def requests_for(endpoint: drive.Endpoint) -> int:
    if endpoint.method == "POST":
        return 2 if "login" in endpoint.name else 5
    return 40


def measure(endpoint: drive.Endpoint, token: str) -> tuple[float, float]:
    """Best-of-rounds (cpu ms, wall ms) per request."""
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if endpoint.auth else {}

    def call(index: int):
        path = endpoint.paths[index % len(endpoint.paths)]
        if endpoint.method == "POST":
            body = json.dumps(endpoint.body or {})
            return client.post(path, body, content_type="application/json", **headers)
        return client.get(path, **headers)

    for index in range(3):
        assert call(index).status_code < 400
    count = requests_for(endpoint)
    best_cpu = best_wall = float("inf")
    for _ in range(ROUNDS):
        cpu, wall = time.process_time(), time.perf_counter()
        for index in range(count):
            call(index)
        best_cpu = min(best_cpu, (time.process_time() - cpu) / count * 1000)
        best_wall = min(best_wall, (time.perf_counter() - wall) / count * 1000)
    return best_cpu, best_wall


def main() -> None:
    fixtures = json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text())
    token = tokens_for(User.objects.get(username="alice"))["access"]
    print("| endpoint | CPU ms/request | wall ms/request |")
    print("|---|---:|---:|")
    items = drive.endpoints(fixtures)
    if drive.ONLY:  # e.g. BENCH_ONLY=2,4 (numbered as in drive.py); the bare view always
        wanted = {int(n) for n in drive.ONLY.split(",")} | {0}
        items = [e for n, e in enumerate(items) if n in wanted]
    for endpoint in items:
        cpu, wall = measure(endpoint, token)
        print(f"| {endpoint.name} | {cpu:.2f} | {wall:.2f} |")


if __name__ == "__main__":
    main()
