"""Profile one benchmarked endpoint in-process with pyinstrument.

    source bench/load/env.sh
    .venv/bin/python bench/load/profile.py [ENDPOINT-NUMBER|all] [REQUESTS]

Uses the database and fixtures of the last ``make bench`` (``BENCH_FIXTURES``; the
token is minted afresh). Each request goes through the whole Django stack (middleware,
DRF, renderer) via the test client; the printed profile covers ``REQUESTS`` requests
(default 200) after 20 warm-up ones, with the mean time per request.
``PROFILE_MODE``: ``tree`` (default, library frames folded), ``all`` (every frame),
``self`` or ``total`` (a flat list of functions by their own or their total time).
The cache and throttles use the bench Redis, so start one first:
``redis-server --port 6391 --save '' &``.
"""

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import drive  # noqa: E402  (sets Django up)
from django.test import Client  # noqa: E402
from pyinstrument import Profiler  # noqa: E402

from accounts.authentication import tokens_for  # noqa: E402
from accounts.models import User  # noqa: E402


def call(client: Client, endpoint: drive.Endpoint, headers: dict, index: int):
    path = endpoint.paths[index % len(endpoint.paths)]
    if endpoint.method == "POST":
        body = json.dumps(endpoint.body or {})
        return client.post(path, body, content_type="application/json", **headers)
    return client.get(path, **headers)


def profile(endpoint: drive.Endpoint, token: str, requests: int) -> None:
    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if endpoint.auth else {}
    for i in range(20):
        response = call(client, endpoint, headers, i)
        assert response.status_code < 400, response.content[:300]
    profiler = Profiler(interval=0.0002)
    started = time.perf_counter()
    with profiler:
        for i in range(requests):
            call(client, endpoint, headers, i)
    per_request = (time.perf_counter() - started) / requests * 1000
    print(f"\n##### {endpoint.name}: {per_request:.2f} ms per request (profiled)")
    mode = os.environ.get("PROFILE_MODE", "tree")
    print(
        profiler.output_text(
            unicode=True,
            show_all=mode == "all",
            flat=mode in ("self", "total"),
            flat_time="total" if mode == "total" else "self",
        )
    )


def main() -> None:
    fixtures = json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text())
    token = tokens_for(User.objects.get(username="alice"))["access"]
    items = drive.endpoints(fixtures)
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    requests = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    chosen = items if which == "all" else [items[int(which)]]
    for endpoint in chosen:
        profile(endpoint, token, requests)


if __name__ == "__main__":
    main()
