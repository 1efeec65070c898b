"""The one-on-one schedule solver (API.md §5, "Schedule rule"). Pure: no Django here.

Input: the calendar's settings, the owner's and every invitee's availabilities
(windows with a preference 1..3) and, when ``avoid_event_conflicts`` is on, their busy
intervals (events). Output: meetings (one per invitee at most, one per grid slot at
most) plus a reason for every invitee left out.

How a schedule is chosen
------------------------
1. **Grid.** Slots last ``meeting_minutes`` and start every ``meeting_minutes`` of local
   wall-clock time counted from each local midnight in the calendar's timezone. A slot
   whose wall-clock end would pass the next midnight is dropped. Across DST changes a
   wall-clock start that does not exist (spring forward) is dropped, an ambiguous one
   (fall back) means its first occurrence, and a slot is kept only when, ``meeting_minutes``
   of real time after its start, the wall clock shows start + ``meeting_minutes``; so every
   kept slot lasts exactly ``meeting_minutes`` of real time and no two kept slots overlap.
2. **Candidates.** An (invitee, slot) pair is a candidate when the slot lies wholly inside
   one owner window and wholly inside one of the invitee's windows (its preference is
   the highest such window's, should windows overlap) and, with ``avoid_event_conflicts``,
   overlaps no busy interval of the owner or of that invitee. Its weight is owner
   preference + invitee preference (2..6).
3. **Assignment.** A maximum-weight bipartite matching (invitees x slots) whose edge weight
   is ``A + weight * B + earliness`` with ``A`` and ``B`` large enough that the objective is
   lexicographic: (1) as many invitees as possible, (2) the largest preference total,
   (3) the earliest slots (the smallest sum of the slots' ranks among candidate slots).
   It is solved exactly with SciPy's sparse LAPJVsp
   (:func:`scipy.sparse.csgraph.min_weight_full_bipartite_matching`) on the candidate
   edges only, plus one private "unmatched" column per invitee so a full matching always
   exists. Level (3) is dropped only if the scaled weights would no longer be exact in
   a float64 (instances far beyond a calendar's size); levels (1) and (2) always hold.
   Remaining ties are broken by the canonical order of the input (invitees by id, slots
   by time), so the same input always gives the same schedule.
4. **Reasons** for an invitee without a meeting: ``no_availability`` (gave no window),
   ``no_overlap_with_owner`` (no grid slot fits inside both), ``busy`` (every fitting slot
   overlaps an event), ``conflict`` (had candidate slots, all better used by others; in a
   maximum matching a left-out invitee's candidate slots are all taken).

Times are handled as integer microseconds since the Unix epoch inside; inputs and
outputs are aware ``datetime`` objects (outputs in UTC).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from zoneinfo import ZoneInfo

import numpy as np
from scipy.sparse import csr_array
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

__all__ = [
    "Problem",
    "Reason",
    "ScheduledMeeting",
    "Solution",
    "Window",
    "check_meetings",
    "explain",
    "grid_slots",
    "solve",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
# Scaled weights must stay exact integers in a float64 (LAPJVsp works in doubles).
_EXACT_LIMIT = 2**50


class Reason(StrEnum):
    """Why an invitee has no meeting."""

    NO_AVAILABILITY = "no_availability"
    NO_OVERLAP_WITH_OWNER = "no_overlap_with_owner"
    BUSY = "busy"
    CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class Window:
    """An availability: ``[start, end)`` (aware datetimes) with a preference 1..3."""

    start: datetime
    end: datetime
    preference: int = 1


@dataclass(frozen=True)
class Problem:
    """Everything the solver looks at.

    ``invitee_windows`` has one key per invitee (user id), an empty sequence for an
    invitee who gave no availability. Busy intervals are ``(start, end)`` pairs; they
    only count when ``avoid_event_conflicts`` is on.
    """

    start_date: date
    end_date: date
    meeting_minutes: int
    timezone: str
    owner_windows: Sequence[Window]
    invitee_windows: Mapping[int, Sequence[Window]]
    owner_busy: Sequence[tuple[datetime, datetime]] = ()
    invitee_busy: Mapping[int, Sequence[tuple[datetime, datetime]]] = field(default_factory=dict)
    avoid_event_conflicts: bool = True


@dataclass(frozen=True, slots=True)
class ScheduledMeeting:
    """One meeting of the owner with ``invitee`` (a user id)."""

    invitee: int
    start: datetime
    end: datetime
    owner_preference: int
    invitee_preference: int

    @property
    def preference_score(self) -> int:
        return self.owner_preference + self.invitee_preference


@dataclass(frozen=True)
class Solution:
    """Meetings by start time and the reasons of the invitees left out (by id)."""

    meetings: tuple[ScheduledMeeting, ...]
    unscheduled: tuple[tuple[int, Reason], ...]

    @property
    def preference_total(self) -> int:
        return sum(m.preference_score for m in self.meetings)


# --- time helpers ---------------------------------------------------------------------


def _us(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the solver")
    return (moment - _EPOCH) // _US


def _from_us(value: int) -> datetime:
    return _EPOCH + timedelta(microseconds=int(value))


@lru_cache(maxsize=32)
def _grid_us(start_date: date, end_date: date, minutes: int, tz_name: str) -> tuple:
    """The grid as two sorted int64 arrays of slot starts and ends (µs since epoch)."""
    tz = ZoneInfo(tz_name)
    step = timedelta(minutes=minutes)
    per_day = (24 * 60) // minutes
    starts: list[int] = []
    day = start_date
    while day <= end_date:
        midnight = datetime.combine(day, time())
        for k in range(per_day):
            wall = midnight + k * step
            begin = wall.replace(tzinfo=tz).astimezone(UTC)  # fold=0: first occurrence
            if begin.astimezone(tz).replace(tzinfo=None) != wall:
                continue  # does not exist (skipped by a spring-forward change)
            if (begin + step).astimezone(tz).replace(tzinfo=None) != wall + step:
                continue  # a DST change inside: its real length differs from its wall length
            starts.append(_us(begin))
        day += timedelta(days=1)
    start_arr = np.array(starts, dtype=np.int64)
    start_arr.sort()
    end_arr = start_arr + minutes * 60_000_000
    start_arr.setflags(write=False)
    end_arr.setflags(write=False)
    return start_arr, end_arr


def grid_slots(
    start_date: date, end_date: date, meeting_minutes: int, timezone: str
) -> list[tuple[datetime, datetime]]:
    """Every grid slot of a calendar as ``(start, end)`` in UTC, in time order."""
    starts, ends = _grid_us(start_date, end_date, meeting_minutes, timezone)
    return [(_from_us(s), _from_us(e)) for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]


# --- candidates -----------------------------------------------------------------------


def _spans(pairs: Sequence) -> tuple[np.ndarray, np.ndarray]:
    starts = np.fromiter((_us(p[0]) for p in pairs), dtype=np.int64, count=len(pairs))
    ends = np.fromiter((_us(p[1]) for p in pairs), dtype=np.int64, count=len(pairs))
    return starts, ends


def _expand(lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges ``[lo[i], hi[i])``: (index i, position) for every position in them."""
    counts = np.maximum(hi - lo, 0)
    total = int(counts.sum())
    owner = np.repeat(np.arange(len(lo)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    return owner, np.repeat(lo, counts) + offsets


def _inside(slot_starts, slot_ends, w_starts, w_ends):
    """(window index, slot index) for every slot lying wholly inside a window."""
    lo = np.searchsorted(slot_starts, w_starts, side="left")
    hi = np.searchsorted(slot_ends, w_ends, side="right")
    return _expand(lo, hi)


def _overlapping(slot_starts, slot_ends, b_starts, b_ends):
    """(interval index, slot index) for every slot overlapping an interval."""
    lo = np.searchsorted(slot_ends, b_starts, side="right")
    hi = np.searchsorted(slot_starts, b_ends, side="left")
    return _expand(lo, hi)


@dataclass
class _Candidates:
    """The grid, the owner's preference per slot and the invitee x slot edges."""

    ids: list[int]  # invitee user ids, ascending; row r is ids[r]
    slot_starts: np.ndarray
    slot_ends: np.ndarray
    owner_pref: np.ndarray  # per slot, 0 when no owner window holds it
    owner_busy: np.ndarray  # per slot
    has_windows: np.ndarray  # per row
    fits: np.ndarray  # per row: number of slots inside both (busy or not)
    rows: np.ndarray  # per edge (candidate: fits and not busy)
    slots: np.ndarray
    invitee_pref: np.ndarray
    keys: np.ndarray  # per edge: row * n_slots + slot, ascending
    # Edges that fit but are busy, kept to explain why a manual meeting is refused.
    busy_rows: np.ndarray
    busy_slots: np.ndarray
    busy_by_owner: np.ndarray

    def edge(self, row: int, slot: int) -> int | None:
        """Index of the candidate edge (row, slot), or None."""
        key = row * max(len(self.slot_starts), 1) + slot
        at = int(np.searchsorted(self.keys, key))
        return at if at < len(self.keys) and self.keys[at] == key else None


def _owner_slots(problem: Problem, slot_starts, slot_ends) -> tuple[np.ndarray, np.ndarray]:
    """Per slot: the owner's preference (0 outside their windows) and whether busy."""
    owner_pref = np.zeros(len(slot_starts), dtype=np.int64)
    if problem.owner_windows:
        w_starts, w_ends = _spans([(w.start, w.end) for w in problem.owner_windows])
        prefs = np.array([w.preference for w in problem.owner_windows], dtype=np.int64)
        win, slot = _inside(slot_starts, slot_ends, w_starts, w_ends)
        np.maximum.at(owner_pref, slot, prefs[win])
    owner_busy = np.zeros(len(slot_starts), dtype=bool)
    if problem.avoid_event_conflicts and problem.owner_busy:
        b_starts, b_ends = _spans(problem.owner_busy)
        owner_busy[_overlapping(slot_starts, slot_ends, b_starts, b_ends)[1]] = True
    return owner_pref, owner_busy


def _invitee_edges(problem: Problem, ids: list[int], slot_starts, slot_ends, owner_pref):
    """Every (row, slot) inside an invitee window and an owner window, once, with the
    invitee's best preference; sorted by ``key = row * n_slots + slot``."""
    row_of = {uid: r for r, uid in enumerate(ids)}
    flat = [(row_of[uid], w) for uid in ids for w in problem.invitee_windows[uid]]
    has_windows = np.zeros(len(ids), dtype=bool)
    if not flat:
        empty = np.zeros(0, dtype=np.int64)
        return has_windows, empty, empty, empty, empty
    w_rows = np.array([r for r, _ in flat], dtype=np.int64)
    w_starts, w_ends = _spans([(w.start, w.end) for _, w in flat])
    prefs = np.array([w.preference for _, w in flat], dtype=np.int64)
    has_windows[w_rows] = True
    win, slot = _inside(slot_starts, slot_ends, w_starts, w_ends)
    rows, pref = w_rows[win], prefs[win]
    keep = owner_pref[slot] > 0
    rows, slot, pref = rows[keep], slot[keep], pref[keep]
    keys = rows * max(len(slot_starts), 1) + slot
    order = np.lexsort((-pref, keys))  # by key, best preference first
    keys, rows, slot, pref = keys[order], rows[order], slot[order], pref[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return has_windows, keys[first], rows[first], slot[first], pref[first]


def _invitee_busy(problem: Problem, ids: list[int], slot_starts, slot_ends, keys) -> np.ndarray:
    """Per edge (by key): whether the invitee has an event overlapping its slot."""
    busy = np.zeros(len(keys), dtype=bool)
    if not (problem.avoid_event_conflicts and problem.invitee_busy):
        return busy
    row_of = {uid: r for r, uid in enumerate(ids)}
    flat = [
        (row_of[uid], span)
        for uid, spans in sorted(problem.invitee_busy.items())
        if uid in row_of
        for span in spans
    ]
    if flat:
        b_rows = np.array([r for r, _ in flat], dtype=np.int64)
        b_starts, b_ends = _spans([span for _, span in flat])
        which, b_slot = _overlapping(slot_starts, slot_ends, b_starts, b_ends)
        busy |= np.isin(keys, b_rows[which] * max(len(slot_starts), 1) + b_slot)
    return busy


def _candidates(problem: Problem) -> _Candidates:
    if not 1 <= problem.meeting_minutes <= 24 * 60:
        raise ValueError("meeting_minutes must be between 1 and 1440")
    slot_starts, slot_ends = _grid_us(
        problem.start_date, problem.end_date, problem.meeting_minutes, problem.timezone
    )
    ids = sorted(problem.invitee_windows)
    owner_pref, owner_busy = _owner_slots(problem, slot_starts, slot_ends)
    has_windows, keys, rows, slot, pref = _invitee_edges(
        problem, ids, slot_starts, slot_ends, owner_pref
    )
    busy_by_owner = owner_busy[slot]
    busy = busy_by_owner | _invitee_busy(problem, ids, slot_starts, slot_ends, keys)
    return _Candidates(
        ids=ids,
        slot_starts=slot_starts,
        slot_ends=slot_ends,
        owner_pref=owner_pref,
        owner_busy=owner_busy,
        has_windows=has_windows,
        fits=np.bincount(rows, minlength=len(ids)),
        rows=rows[~busy],
        slots=slot[~busy],
        invitee_pref=pref[~busy],
        keys=keys[~busy],
        busy_rows=rows[busy],
        busy_slots=slot[busy],
        busy_by_owner=busy_by_owner[busy],
    )


def _reason(cand: _Candidates, row: int, candidate_count: int) -> Reason:
    if not cand.has_windows[row]:
        return Reason.NO_AVAILABILITY
    if cand.fits[row] == 0:
        return Reason.NO_OVERLAP_WITH_OWNER
    if candidate_count == 0:
        return Reason.BUSY
    return Reason.CONFLICT


# --- the assignment -------------------------------------------------------------------


def _match(n_rows: int, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray, n_cols: int):
    """Lexicographic max (matched count, weight total, earliness) over the edges.

    Returns ``(rows, cols)`` of the matched edges. Each row also gets a private dummy
    column of weight 1 so that a full matching of the rows always exists; dummies in
    the answer mean "unmatched".
    """
    k = min(n_rows, n_cols)
    tie = (n_cols - cols).astype(np.int64)  # earlier column, larger bonus
    scale = k * n_cols + 1  # > any sum of tie bonuses over a matching
    big = 6 * k * scale + k * n_cols + n_rows + 1  # > any sum of the lower levels
    if k * (big + 6 * scale + n_cols) + n_rows >= _EXACT_LIMIT:
        tie = np.zeros_like(tie)
        scale = 1
        big = 6 * k + n_rows + 1
    data = (big + weights * scale + tie).astype(np.float64)
    all_rows = np.concatenate([rows, np.arange(n_rows)])
    all_cols = np.concatenate([cols, n_cols + np.arange(n_rows)])
    all_data = np.concatenate([data, np.ones(n_rows)])
    graph = csr_array((all_data, (all_rows, all_cols)), shape=(n_rows, n_cols + n_rows))
    r_ind, c_ind = min_weight_full_bipartite_matching(graph, maximize=True)
    real = c_ind < n_cols
    return r_ind[real], c_ind[real]


def solve(problem: Problem) -> Solution:
    """The optimal schedule of ``problem`` (see the module docstring for the rule)."""
    cand = _candidates(problem)
    per_row = np.bincount(cand.rows, minlength=len(cand.ids))
    matched_rows = np.zeros(0, dtype=np.int64)
    matched_slots = np.zeros(0, dtype=np.int64)
    if len(cand.rows):
        # Compact: only invitees with a candidate and slots used by some edge.
        row_ids, row_idx = np.unique(cand.rows, return_inverse=True)
        col_ids, col_idx = np.unique(cand.slots, return_inverse=True)
        weights = cand.owner_pref[cand.slots] + cand.invitee_pref
        r, c = _match(len(row_ids), row_idx, col_idx, weights, len(col_ids))
        matched_rows, matched_slots = row_ids[r], col_ids[c]

    meetings = sorted(
        (
            ScheduledMeeting(
                invitee=cand.ids[int(r)],
                start=_from_us(cand.slot_starts[s]),
                end=_from_us(cand.slot_ends[s]),
                owner_preference=int(cand.owner_pref[s]),
                invitee_preference=int(cand.invitee_pref[cand.edge(int(r), int(s))]),
            )
            for r, s in zip(matched_rows.tolist(), matched_slots.tolist(), strict=True)
        ),
        key=lambda m: (m.start, m.invitee),
    )
    matched = set(matched_rows.tolist())
    unscheduled = tuple(
        (uid, _reason(cand, r, int(per_row[r])))
        for r, uid in enumerate(cand.ids)
        if r not in matched
    )
    return Solution(meetings=tuple(meetings), unscheduled=unscheduled)


def explain(problem: Problem, scheduled: set[int]) -> tuple[tuple[int, Reason], ...]:
    """Reasons for every invitee of ``problem`` not in ``scheduled`` (ids), by id.

    The reasons depend on the invitee alone (not on who else was placed), so a stored
    or manual schedule is explained the same way a freshly solved one is.
    """
    cand = _candidates(problem)
    per_row = np.bincount(cand.rows, minlength=len(cand.ids))
    return tuple(
        (uid, _reason(cand, r, int(per_row[r])))
        for r, uid in enumerate(cand.ids)
        if uid not in scheduled
    )


# --- validation of a manual schedule ----------------------------------------------------


def _slot_error(
    problem: Problem, cand: _Candidates, row: int | None, start: datetime, end: datetime,
    slot_of: dict[int, int], taken: set[int], busy_edges: dict,
) -> tuple[int | None, dict[str, list[str]]]:  # fmt: skip
    """The grid slot of a proposed meeting and what is wrong with its time, if anything."""
    minutes = problem.meeting_minutes
    slot = slot_of.get(_us(start))
    if slot is None:
        return None, {"start": [
            f"Not a start of the calendar's grid ({minutes}-minute slots counted "
            f"from midnight in {problem.timezone}, inside the calendar's dates)."
        ]}  # fmt: skip
    if _us(end) != int(cand.slot_ends[slot]):
        expected = _from_us(cand.slot_ends[slot]).isoformat()
        return slot, {"end": [f"A meeting lasts {minutes} minutes: it must end at {expected}."]}
    if slot in taken:
        return slot, {"start": ["Another meeting of this schedule already uses this slot."]}
    if cand.owner_pref[slot] == 0:
        return slot, {"start": ["The slot is not inside one of the owner's availabilities."]}
    if row is not None and cand.edge(row, slot) is None:
        if (row, slot) in busy_edges:
            whose = "the owner" if busy_edges[(row, slot)] else "the invitee"
            return slot, {"start": [f"The slot overlaps an event of {whose}."]}
        return slot, {"start": ["The slot is not inside one of the invitee's availabilities."]}
    return slot, {}


def check_meetings(
    problem: Problem, proposed: Sequence[tuple[int, datetime, datetime]]
) -> tuple[list[ScheduledMeeting], dict[int, dict[str, list[str]]]]:
    """Validate ``(invitee, start, end)`` meetings by the rules a generated one obeys.

    Returns the meetings (with their preferences) and the errors by position in
    ``proposed`` and field (``user``, ``start``, ``end``); no errors means valid. A
    refused meeting does not count as taking its invitee or slot.
    """
    cand = _candidates(problem)
    slot_of = {int(s): i for i, s in enumerate(cand.slot_starts.tolist())}
    row_of = {uid: r for r, uid in enumerate(cand.ids)}
    busy_edges = {
        (int(r), int(s)): bool(by_owner)
        for r, s, by_owner in zip(cand.busy_rows, cand.busy_slots, cand.busy_by_owner, strict=True)
    }
    seen_users: set[int] = set()
    seen_slots: set[int] = set()
    meetings: list[ScheduledMeeting] = []
    errors: dict[int, dict[str, list[str]]] = {}

    for index, (uid, start, end) in enumerate(proposed):
        row = row_of.get(uid)
        slot, found = _slot_error(problem, cand, row, start, end, slot_of, seen_slots, busy_edges)
        if row is None:
            found["user"] = ["Not an invitee of this calendar."]
        elif uid in seen_users:
            found["user"] = ["This invitee already has a meeting in this schedule."]
        if found:
            errors[index] = found
            continue
        seen_users.add(uid)
        seen_slots.add(slot)
        meetings.append(
            ScheduledMeeting(
                invitee=uid,
                start=_from_us(cand.slot_starts[slot]),
                end=_from_us(cand.slot_ends[slot]),
                owner_preference=int(cand.owner_pref[slot]),
                invitee_preference=int(cand.invitee_pref[cand.edge(row, slot)]),
            )
        )
    meetings.sort(key=lambda m: (m.start, m.invitee))
    return meetings, errors
