"""A brute-force oracle for the schedule rule of API.md §5, written independently of
``scheduling.solver`` (plain datetimes, no numpy, exhaustive search). Small inputs only.
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from scheduling.solver import Problem


def _first_instant(wall: datetime, tz: ZoneInfo) -> datetime | None:
    """The earliest real instant at which the wall clock shows ``wall``, or None."""
    found = []
    for fold in (0, 1):
        instant = wall.replace(tzinfo=tz, fold=fold).astimezone(UTC)
        if instant.astimezone(tz).replace(tzinfo=None) == wall:
            found.append(instant)
    return min(found) if found else None


def grid(problem: Problem) -> list[tuple[datetime, datetime]]:
    tz = ZoneInfo(problem.timezone)
    length = timedelta(minutes=problem.meeting_minutes)
    slots = []
    day = problem.start_date
    while day <= problem.end_date:
        midnight = datetime.combine(day, time())
        wall = midnight
        while wall + length <= midnight + timedelta(days=1):
            start = _first_instant(wall, tz)
            if start is not None:
                end_wall = (start + length).astimezone(tz).replace(tzinfo=None)
                if end_wall == wall + length:
                    slots.append((start, start + length))
            wall += length
        day += timedelta(days=1)
    return sorted(slots)


def _pref(windows, start, end) -> int:
    return max((w.preference for w in windows if w.start <= start and end <= w.end), default=0)


def _busy(spans, start, end) -> bool:
    return any(b_start < end and b_end > start for b_start, b_end in spans)


def candidates(problem: Problem):
    """``{invitee: {slot index: weight}}``, plus per invitee (fits anywhere, has windows)."""
    slots = grid(problem)
    edges, fits = {}, {}
    for uid in sorted(problem.invitee_windows):
        edges[uid], fits[uid] = {}, False
        for index, (start, end) in enumerate(slots):
            owner = _pref(problem.owner_windows, start, end)
            mine = _pref(problem.invitee_windows[uid], start, end)
            if not owner or not mine:
                continue
            fits[uid] = True
            if problem.avoid_event_conflicts and (
                _busy(problem.owner_busy, start, end)
                or _busy(problem.invitee_busy.get(uid, ()), start, end)
            ):
                continue
            edges[uid][index] = owner + mine
    return slots, edges, fits


def best(problem: Problem) -> tuple[int, int, int]:
    """Lexicographic best (count, preference total, -sum of candidate-slot ranks) over
    every assignment: a dynamic programme over the slots in time order whose state is
    the set of invitees already met (exhaustive, exponential in the invitees)."""
    _, edges, _ = candidates(problem)
    used_slots = sorted({s for per in edges.values() for s in per})
    people = sorted(edges)
    # best value reachable for each set (bitmask) of invitees met so far
    states: dict[int, tuple[int, int, int]] = {0: (0, 0, 0)}
    for rank, slot in enumerate(used_slots):
        following = dict(states)  # the slot stays empty
        for met, (count, total, ranks) in states.items():
            for bit, uid in enumerate(people):
                weight = edges[uid].get(slot)
                if weight is None or met & (1 << bit):
                    continue
                value = (count + 1, total + weight, ranks - rank)
                key = met | (1 << bit)
                if key not in following or following[key] < value:
                    following[key] = value
        states = following
    return max(states.values())


def reason(problem: Problem, uid: int) -> str:
    _, edges, fits = candidates(problem)
    if not problem.invitee_windows[uid]:
        return "no_availability"
    if not fits[uid]:
        return "no_overlap_with_owner"
    if not edges[uid]:
        return "busy"
    return "conflict"
