"""Count the CPU instructions the app spends per request on each benchmarked endpoint.

    source bench/load/env.sh   # with the bench Redis running (see profile.py)
    .venv/bin/python bench/load/instructions.py [ENDPOINT-NUMBER ...]

On a shared, noisy machine CPU times swing by a third from run to run; instruction
counts do not. Each endpoint (numbered as in ``drive.py``; default: the bare view and
every list) runs in-process through the whole WSGI stack (middleware, DRF, the query,
the renderer) under valgrind's callgrind, twice: with ``FEW`` and with ``MANY`` requests
after the same warm-up. The difference divided by ``MANY - FEW`` is what one request
costs in the app's process, start-up left out. PostgreSQL's and Redis's own work is not
in it (they are other processes); system calls count only their user-space side.
About a minute per endpoint; valgrind comes from the system packages.
"""

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

FEW, MANY = 10, 60
WARM_UP = 20
HERE = Path(__file__).resolve().parent


def count(endpoint: int, requests: int) -> int:
    """Instructions of a whole run of ``requests`` requests, start-up included."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--inner",
        str(endpoint),
        str(requests),
    ]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or found is None:
        raise SystemExit(f"endpoint {endpoint}: valgrind run failed:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def inner(number: int, requests: int) -> None:
    """Under valgrind: warm up, then ``requests`` requests of endpoint ``number``."""
    sys.path.insert(0, str(HERE))
    import drive  # sets Django up
    from django.core.wsgi import get_wsgi_application

    from accounts.authentication import tokens_for
    from accounts.models import User

    application = get_wsgi_application()
    endpoint = drive.endpoints(json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text()))[number]
    token = tokens_for(User.objects.get(username="alice"))["access"] if endpoint.auth else None
    body = json.dumps(endpoint.body or {}).encode() if endpoint.method == "POST" else b""

    def call(index: int) -> None:
        path, _, query = endpoint.paths[index % len(endpoint.paths)].partition("?")
        environ = {
            "REQUEST_METHOD": endpoint.method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8077",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1:8077",
            "HTTP_ACCEPT": "application/json",
            "CONTENT_TYPE": "application/json",
            "CONTENT_LENGTH": str(len(body)),
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.url_scheme": "http",
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        if token:
            environ["HTTP_AUTHORIZATION"] = f"Bearer {token}"
        statuses = []
        response = application(environ, lambda status, headers, *_: statuses.append(status))
        b"".join(response)
        response.close()
        if not statuses[0].startswith("2"):
            raise SystemExit(f"{endpoint.name}: HTTP {statuses[0]}")

    for index in range(WARM_UP + requests):
        call(index)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--inner":
        inner(int(sys.argv[2]), int(sys.argv[3]))
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("needs valgrind (apt-get install valgrind)")
    sys.path.insert(0, str(HERE))
    import drive

    items = drive.endpoints(json.loads(Path(os.environ["BENCH_FIXTURES"]).read_text()))
    wanted = [int(n) for n in sys.argv[1:]] or [
        n for n, e in enumerate(items) if n == 0 or e.is_list
    ]
    print(f"| endpoint | M instructions per request ({MANY} - {FEW} requests) |")
    print("|---|---:|")
    for number in wanted:
        per_request = (count(number, MANY) - count(number, FEW)) / (MANY - FEW)
        print(f"| {items[number].name} | {per_request / 1e6:.2f} |", flush=True)


if __name__ == "__main__":
    main()
