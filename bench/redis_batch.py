"""Redis round trip of an authenticated read: a redis-py pipeline against common.cache.Batch.

Every authenticated read sends four commands in one round trip: the user snapshot's
``MGET`` and the per-user throttle's ``INCR``, ``EXPIRE`` and ``GET``. This sends those
four commands both ways, many times, and prints the client's CPU time per round trip
(best of five rounds; process CPU, so it includes the socket system calls but not the
Redis server's time).

    .venv/bin/python bench/redis_batch.py [--url redis://127.0.0.1:6379/15] [--rounds 20000]

Under valgrind (``valgrind --tool=callgrind``) the same script counts instructions, which
a busy machine does not disturb.
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="redis://127.0.0.1:6379/15")
    parser.add_argument("--rounds", type=int, default=20000)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django
    from django.conf import settings

    django.setup()
    settings.CACHES = {
        "default": {
            "BACKEND": "common.cache.RedisCache",
            "LOCATION": args.url,
            "KEY_PREFIX": f"kith-bench-{os.getpid()}",
        }
    }
    from django.core.cache import caches

    from common.cache import Batch

    cache = caches["default"]
    client = cache._cache.get_client(write=True)
    snapshot, generation = cache.make_key("user:1"), cache.make_key("user:1:gen")
    current, previous = cache.make_key("hits:1:2"), cache.make_key("hits:1:1")

    def pipeline() -> list:
        pipe = client.pipeline(transaction=False)
        pipe.mget([snapshot, generation])
        pipe.incr(current)
        pipe.expire(current, 120)
        pipe.get(previous)
        return pipe.execute()

    def batch() -> list:
        sent = Batch(cache)
        lookup = sent.add(("MGET", snapshot, generation))
        hits = sent.add(("INCR", current), ("EXPIRE", current, 120), ("GET", previous))
        sent.run()
        return lookup() + hits()

    print(f"Redis {args.url}, {args.rounds} round trips of 4 commands per measurement")
    results = {}
    for name, send in [("redis-py pipeline", pipeline), ("common.cache.Batch", batch)] * 2:
        for _ in range(200):
            send()
        best = float("inf")
        for _ in range(5):
            started = time.process_time()
            for _ in range(args.rounds // 5):
                send()
            best = min(best, (time.process_time() - started) / (args.rounds // 5))
        results[name] = min(results.get(name, best), best)
    for name, seconds in results.items():
        print(f"  {name:<20} {seconds * 1e6:7.1f} µs client CPU per round trip")
    client.delete(current, previous)


if __name__ == "__main__":
    main()
