"""Races for the PostgreSQL tests: calls in threads released together by a barrier."""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def run_together(count: int, action: Callable[[int], Any], *, catch=()) -> list:
    """Run ``action(index)`` for each index below ``count``, each in its own thread and
    database connection (closed when it ends), all released at once by a barrier, and
    return their results in index order. An exception of a type in ``catch`` is
    returned as a result; any other is raised here once every thread has ended."""
    barrier = threading.Barrier(count)
    results: list = [None] * count
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = action(index)
        except catch as error:
            results[index] = error
        except BaseException as error:  # raised by the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


def run_each_together(*calls: Callable[[], Any], catch=()) -> list:
    """``run_together`` of different calls: each in its own thread, results in order."""
    return run_together(len(calls), lambda index: calls[index](), catch=catch)
