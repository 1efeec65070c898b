"""Property tests: the solver against a brute-force oracle on small random instances."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.solver import Problem, Window, check_meetings, grid_slots, solve
from tests.scheduling import oracle

TIMEZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Tehran",
    "Asia/Kathmandu",
    "Australia/Lord_Howe",  # 30-minute DST shifts
    "America/Santiago",  # DST changes at midnight
]
# Days around DST changes of those zones in 2031, and ordinary days.
DATES = [
    date(2031, 3, 30),
    date(2031, 10, 26),
    date(2031, 3, 9),
    date(2031, 11, 2),
    date(2031, 4, 6),
    date(2031, 10, 5),
    date(2031, 9, 7),
    date(2031, 4, 5),
    date(2031, 6, 15),
]
MINUTES = [15, 20, 30, 30, 45, 60, 90]

settings.register_profile(
    "kith", deadline=None, max_examples=120, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def problems(draw) -> Problem:
    tz_name = draw(st.sampled_from(TIMEZONES))
    first = draw(st.sampled_from(DATES)) + timedelta(days=draw(st.integers(-1, 0)))
    last = first + timedelta(days=draw(st.integers(0, 1)))
    origin = datetime.combine(first, time(), tzinfo=ZoneInfo(tz_name)).astimezone(UTC)
    span = int((last - first).days + 1) * 24 * 4  # quarter hours in the range

    # Everything happens in an 8-hour stretch, often the early morning when clocks change.
    focus = draw(st.one_of(st.integers(0, 12), st.integers(0, span - 24)))

    def moment(quarter: int) -> datetime:
        return origin + timedelta(minutes=15 * quarter)

    def windows(min_size: int, max_size: int) -> list[Window]:
        out = []
        for _ in range(draw(st.integers(min_size, max_size))):
            start = focus + draw(st.integers(-2, 14))
            length = draw(st.integers(2, 24))
            out.append(Window(moment(start), moment(start + length), draw(st.integers(1, 3))))
        return out

    def busy(max_size: int) -> list[tuple[datetime, datetime]]:
        out = []
        for _ in range(draw(st.integers(0, max_size))):
            start = focus + draw(st.integers(0, 30))
            out.append((moment(start), moment(start + draw(st.integers(0, 6)))))
        return out

    invitees = draw(st.integers(0, 7))
    return Problem(
        start_date=first,
        end_date=last,
        meeting_minutes=draw(st.sampled_from(MINUTES)),
        timezone=tz_name,
        owner_windows=windows(1, 4),
        invitee_windows={
            100 + i: windows(*draw(st.sampled_from([(1, 2), (1, 3), (1, 1), (0, 0)])))
            for i in range(invitees)
        },
        owner_busy=busy(1),
        invitee_busy={100 + i: busy(1) for i in range(invitees)},
        avoid_event_conflicts=draw(st.booleans()),
    )


@settings(settings.get_profile("kith"))
@given(problems())
def test_the_solver_is_as_good_as_exhaustive_search(problem):
    solution = solve(problem)
    count, total, neg_ranks = oracle.best(problem)

    assert len(solution.meetings) == count
    assert solution.preference_total == total
    slots, edges, _ = oracle.candidates(problem)
    used = sorted({s for per in edges.values() for s in per})
    index_of = {slot: i for i, slot in enumerate(slots)}
    ranks = {s: r for r, s in enumerate(used)}
    chosen = [index_of[(m.start, m.end)] for m in solution.meetings]
    # The tie rule: among optimal schedules, the earliest candidate slots.
    assert -sum(ranks[s] for s in chosen) == neg_ranks


@settings(settings.get_profile("kith"))
@given(problems())
def test_every_meeting_obeys_the_rule_and_every_absence_is_explained(problem):
    solution = solve(problem)
    slots, edges, _ = oracle.candidates(problem)
    index_of = {slot: i for i, slot in enumerate(slots)}

    invitees = [m.invitee for m in solution.meetings]
    assert len(set(invitees)) == len(invitees)
    assert len({m.start for m in solution.meetings}) == len(solution.meetings)
    for meeting in solution.meetings:
        slot = index_of[(meeting.start, meeting.end)]
        assert edges[meeting.invitee][slot] == meeting.preference_score
    unscheduled = dict(solution.unscheduled)
    assert set(unscheduled) | set(invitees) == set(problem.invitee_windows)
    assert not set(unscheduled) & set(invitees)
    for uid, why in unscheduled.items():
        assert why == oracle.reason(problem, uid)
    # A generated schedule passes the manual schedule's checks unchanged.
    checked, errors = check_meetings(
        problem, [(m.invitee, m.start, m.end) for m in solution.meetings]
    )
    assert errors == {}
    assert tuple(checked) == solution.meetings


@settings(settings.get_profile("kith"))
@given(problems())
def test_the_answer_does_not_depend_on_the_input_order(problem):
    reordered = Problem(
        start_date=problem.start_date,
        end_date=problem.end_date,
        meeting_minutes=problem.meeting_minutes,
        timezone=problem.timezone,
        owner_windows=list(reversed(problem.owner_windows)),
        invitee_windows={
            uid: list(reversed(ws)) for uid, ws in reversed(problem.invitee_windows.items())
        },
        owner_busy=list(reversed(problem.owner_busy)),
        invitee_busy=dict(reversed(problem.invitee_busy.items())),
        avoid_event_conflicts=problem.avoid_event_conflicts,
    )

    assert solve(reordered) == solve(problem)


@settings(deadline=None, max_examples=200)
@given(
    st.sampled_from(TIMEZONES + ["Pacific/Chatham", "America/St_Johns", "Africa/Casablanca"]),
    st.sampled_from(DATES),
    st.integers(5, 480),
)
def test_the_grid_is_the_wall_clock_grid_of_each_day(tz_name, day, minutes):
    tz = ZoneInfo(tz_name)
    slots = grid_slots(day, day + timedelta(days=1), minutes, tz_name)

    assert slots == oracle.grid(Problem(day, day + timedelta(days=1), minutes, tz_name, [], {}))
    for (start, end), following in zip(slots, slots[1:] + [None], strict=True):
        assert end - start == timedelta(minutes=minutes)  # real duration
        local_start, local_end = start.astimezone(tz), end.astimezone(tz)
        since_midnight = local_start.hour * 60 + local_start.minute
        assert since_midnight % minutes == 0
        assert local_start.second == local_start.microsecond == 0
        # Never across midnight: the end is on the same day or exactly the next midnight.
        assert local_end.date() == local_start.date() or local_end.time() == time()
        if following is not None:
            assert end <= following[0]
