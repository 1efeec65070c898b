"""CPU time of the benchmark's server processes, read from /proc (Linux).

The machine is CPU-bound under the benchmark, so an endpoint's requests/s follow the CPU
each request costs across the processes that serve it: the gunicorn workers, the
PostgreSQL backends, Redis. ``drive.py`` takes a :func:`snapshot` before and after each
wrk run and prints each group's CPU milliseconds per request.
"""

import os
from collections import Counter
from pathlib import Path

GROUPS = ("gunicorn", "postgres", "redis")
_TICKS = os.sysconf("SC_CLK_TCK")


def _group(pid: str) -> str | None:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return None
    for group in GROUPS:
        if group.encode() in command:
            return group
    return None


def snapshot() -> dict[str, tuple[str, float]]:
    """``{pid: (group, CPU seconds so far)}`` of the server processes."""
    found = {}
    for pid in filter(str.isdigit, os.listdir("/proc")):
        group = _group(pid)
        if group is None:
            continue
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        found[pid] = (group, (int(fields[11]) + int(fields[12])) / _TICKS)  # utime + stime
    return found


def spent(before: dict, after: dict) -> Counter:
    """CPU seconds each group spent between two snapshots (processes that started in
    between count from zero)."""
    seconds: Counter = Counter()
    for pid, (group, total) in after.items():
        seconds[group] += total - before.get(pid, (group, 0.0))[1]
    return seconds
