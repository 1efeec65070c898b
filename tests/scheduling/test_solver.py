"""The solver on hand-made cases: the greedy trap, reasons, events, DST, ties, checks."""

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from scheduling.solver import (
    Problem,
    Reason,
    ScheduledMeeting,
    Window,
    check_meetings,
    explain,
    grid_slots,
    solve,
)

DAY = date(2031, 3, 3)
BERLIN = ZoneInfo("Europe/Berlin")


def utc(hour: int, minute: int = 0, day: int = 3) -> datetime:
    return datetime(2031, 3, day, hour, minute, tzinfo=UTC)


def problem(owner, invitees, *, minutes=60, busy=(), invitee_busy=None, avoid=True, **kw):
    return Problem(
        start_date=kw.pop("start_date", DAY),
        end_date=kw.pop("end_date", DAY),
        meeting_minutes=minutes,
        timezone=kw.pop("timezone", "UTC"),
        owner_windows=owner,
        invitee_windows=invitees,
        owner_busy=busy,
        invitee_busy=invitee_busy or {},
        avoid_event_conflicts=avoid,
    )


def test_it_meets_everyone_where_a_greedy_pass_would_not():
    # Owner free 09-10 and 11-12; X free 08-13 and prefers it; Y free only 09-10. A
    # greedy pass gives 09-10 to X (higher preference) and leaves Y out.
    x, y = 1, 2
    p = problem(
        owner=[Window(utc(9), utc(10), 2), Window(utc(11), utc(12), 2)],
        invitees={x: [Window(utc(8), utc(13), 3)], y: [Window(utc(9), utc(10), 1)]},
    )

    solution = solve(p)

    assert solution.meetings == (
        ScheduledMeeting(y, utc(9), utc(10), owner_preference=2, invitee_preference=1),
        ScheduledMeeting(x, utc(11), utc(12), owner_preference=2, invitee_preference=3),
    )
    assert solution.unscheduled == ()
    assert solution.preference_total == 8


def test_more_invitees_beat_more_preference():
    # By preference alone A at 9 (3) and C at 10 (3) win: 4 + 4 = 8. Meeting all three
    # (B at 9, A at 10, C at 11, all preference 1) totals 6, but meets one more.
    a, b, c = 1, 2, 3
    p = problem(
        owner=[Window(utc(9), utc(12), 1)],
        invitees={
            a: [Window(utc(9), utc(10), 3), Window(utc(10), utc(11), 1)],
            b: [Window(utc(9), utc(10), 1)],
            c: [Window(utc(10), utc(11), 3), Window(utc(11), utc(12), 1)],
        },
    )

    solution = solve(p)

    assert [(m.invitee, m.start) for m in solution.meetings] == [
        (b, utc(9)),
        (a, utc(10)),
        (c, utc(11)),
    ]
    assert solution.preference_total == 6


def test_among_equal_counts_it_maximises_preference():
    p = problem(
        owner=[Window(utc(9), utc(10), 1), Window(utc(10), utc(11), 3)],
        invitees={
            1: [Window(utc(9), utc(10), 3), Window(utc(10), utc(11), 1)],
            2: [Window(utc(9), utc(11), 2)],
        },
    )

    solution = solve(p)

    # 1 at 9 (1 + 3) and 2 at 10 (3 + 2) = 9 beats the swap (3 + 1) + (1 + 2) = 7.
    assert [(m.invitee, m.start) for m in solution.meetings] == [(1, utc(9)), (2, utc(10))]
    assert solution.preference_total == 9


def test_ties_go_to_the_earliest_slots():
    p = problem(
        owner=[Window(utc(8), utc(18), 2)],
        invitees={7: [Window(utc(8), utc(18), 2)], 3: [Window(utc(8), utc(18), 2)]},
    )

    solution = solve(p)

    assert [m.start for m in solution.meetings] == [utc(8), utc(9)]


def test_every_reason_is_given():
    p = problem(
        owner=[Window(utc(9), utc(10), 2), Window(utc(14), utc(15), 2)],
        invitees={
            1: [],
            2: [Window(utc(11), utc(13), 3)],
            3: [Window(utc(14), utc(15), 3)],
            4: [Window(utc(9), utc(10), 3)],
            5: [Window(utc(9), utc(10), 1)],
            6: [Window(utc(9), utc(9, 30), 3)],  # too short for a 60-minute slot
        },
        invitee_busy={3: [(utc(14, 30), utc(14, 45))]},
    )

    solution = solve(p)

    assert [m.invitee for m in solution.meetings] == [4]
    assert dict(solution.unscheduled) == {
        1: Reason.NO_AVAILABILITY,
        2: Reason.NO_OVERLAP_WITH_OWNER,
        3: Reason.BUSY,
        5: Reason.CONFLICT,
        6: Reason.NO_OVERLAP_WITH_OWNER,
    }
    assert explain(p, {4}) == solution.unscheduled


def test_the_owners_events_block_slots_and_can_be_ignored():
    owner = [Window(utc(9), utc(11), 2)]
    invitees = {1: [Window(utc(9), utc(11), 2)]}
    busy = [(utc(8), utc(9, 30)), (utc(10, 59), utc(10, 59))]  # the point event is inside

    assert solve(problem(owner, invitees, busy=busy)).unscheduled == ((1, Reason.BUSY),)
    ignored = solve(problem(owner, invitees, busy=busy, avoid=False))
    assert [m.start for m in ignored.meetings] == [utc(9)]


def test_an_event_touching_a_slot_does_not_block_it():
    p = problem(
        owner=[Window(utc(9), utc(10), 2)],
        invitees={1: [Window(utc(9), utc(10), 2)]},
        busy=[(utc(8), utc(9)), (utc(10), utc(11))],
    )

    assert [m.start for m in solve(p).meetings] == [utc(9)]


def test_a_slot_must_lie_inside_one_window_not_two_touching_ones():
    p = problem(
        owner=[Window(utc(9), utc(9, 30), 2), Window(utc(9, 30), utc(10), 2)],
        invitees={1: [Window(utc(9), utc(10), 2)]},
    )

    assert solve(p).unscheduled == ((1, Reason.NO_OVERLAP_WITH_OWNER),)


def test_overlapping_windows_count_with_their_best_preference():
    p = problem(
        owner=[Window(utc(9), utc(11), 1), Window(utc(9), utc(10), 3)],
        invitees={1: [Window(utc(9), utc(10), 1), Window(utc(8), utc(12), 2)]},
    )

    (meeting,) = solve(p).meetings
    assert (meeting.start, meeting.owner_preference, meeting.invitee_preference) == (utc(9), 3, 2)


def test_an_empty_problem_has_an_empty_solution():
    solution = solve(problem([], {}))

    assert solution.meetings == solution.unscheduled == ()
    assert solution.preference_total == 0


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="naive"):
        solve(problem([Window(datetime(2031, 3, 3, 9), datetime(2031, 3, 3, 10), 1)], {}))


# --- the grid -------------------------------------------------------------------------


def test_the_grid_counts_from_local_midnight_and_never_crosses_it():
    slots = grid_slots(DAY, DAY, 50, "Asia/Tehran")

    assert len(slots) == 28  # 28 x 50 = 1400 minutes; a 29th would cross midnight
    tehran = ZoneInfo("Asia/Tehran")
    assert slots[0][0].astimezone(tehran).strftime("%H:%M") == "00:00"
    assert slots[-1][0].astimezone(tehran).strftime("%H:%M") == "22:30"
    assert slots[-1][1].astimezone(tehran).strftime("%H:%M") == "23:20"


def test_a_slot_may_end_exactly_at_midnight():
    slots = grid_slots(DAY, DAY, 480, "UTC")

    assert slots == [(utc(0), utc(8)), (utc(8), utc(16)), (utc(16), utc(0, day=4))]


def local(slots, tz=BERLIN) -> list[str]:
    return [
        f"{s.astimezone(tz):%H:%M}-{e.astimezone(tz):%H:%M}" for s, e in slots
    ]  # fmt: skip


def test_spring_forward_drops_the_missing_hour():
    # 30 March 2031, Berlin: 02:00 CET jumps to 03:00 CEST.
    slots = grid_slots(date(2031, 3, 30), date(2031, 3, 30), 30, "Europe/Berlin")

    labels = local(slots)
    assert "01:00-01:30" in labels
    assert "03:00-03:30" in labels
    assert not any(label.startswith(("01:30", "02:00", "02:30")) for label in labels)
    assert len(slots) == 45
    assert all(e - s == timedelta(minutes=30) for s, e in slots)


def test_fall_back_keeps_the_first_pass_and_real_durations():
    # 26 October 2031, Berlin: 03:00 CEST falls back to 02:00 CET.
    slots = grid_slots(date(2031, 10, 26), date(2031, 10, 26), 60, "Europe/Berlin")

    labels = local(slots)
    assert "01:00-02:00" in labels
    assert "03:00-04:00" in labels
    # 02:00-03:00 would last two real hours from the first 02:00: no candidate.
    assert not any(label.startswith("02:00") for label in labels)
    assert all(e - s == timedelta(hours=1) for s, e in slots)
    assert len(slots) == 23


def test_a_schedule_across_spring_forward_has_real_half_hours():
    day = date(2031, 3, 30)
    berlin = lambda h, m=0: datetime(2031, 3, 30, h, m, tzinfo=BERLIN)  # noqa: E731
    p = problem(
        owner=[Window(berlin(1), berlin(4), 2)],
        invitees={i: [Window(berlin(1), berlin(4), 2)] for i in range(1, 6)},
        minutes=30,
        start_date=day,
        end_date=day,
        timezone="Europe/Berlin",
    )

    solution = solve(p)

    # 01:00 CET to 04:00 CEST is two real hours; the grid holds 01:00, 03:00, 03:30.
    assert local((m.start, m.end) for m in solution.meetings) == [
        "01:00-01:30",
        "03:00-03:30",
        "03:30-04:00",
    ]
    assert [why for _, why in solution.unscheduled] == [Reason.CONFLICT, Reason.CONFLICT]


def test_lord_howe_half_hour_fall_back():
    # 6 April 2031, Lord Howe: 02:00 (+11) falls back to 01:30 (+10:30).
    slots = grid_slots(date(2031, 4, 6), date(2031, 4, 6), 30, "Australia/Lord_Howe")

    labels = local(slots, ZoneInfo("Australia/Lord_Howe"))
    assert "01:00-01:30" in labels
    assert "01:30-02:00" not in labels  # would last an hour of real time
    assert "02:00-02:30" in labels
    assert all(e - s == timedelta(minutes=30) for s, e in slots)


# --- manual schedules -----------------------------------------------------------------


def test_check_meetings_explains_every_broken_rule():
    p = problem(
        owner=[Window(utc(9), utc(12), 2)],
        invitees={1: [Window(utc(9), utc(12), 3)], 2: [Window(utc(9), utc(10), 1)], 3: []},
        invitee_busy={1: [(utc(11), utc(11, 30))]},
    )

    meetings, errors = check_meetings(
        p,
        [
            (1, utc(9), utc(10)),  # fine
            (1, utc(10), utc(11)),  # second meeting of invitee 1
            (2, utc(9), utc(10)),  # slot already used
            (9, utc(10), utc(11)),  # not an invitee
            (3, utc(10), utc(11)),  # outside the invitee's availability
            (2, utc(9, 30), utc(10, 30)),  # off the grid
            (2, utc(10), utc(10, 30)),  # wrong length
            (2, utc(13), utc(14)),  # outside the owner's availability
            (1, utc(11), utc(12)),  # busy
        ],
    )

    assert meetings == [ScheduledMeeting(1, utc(9), utc(10), 2, 3)]
    assert set(errors) == {1, 2, 3, 4, 5, 6, 7, 8}
    assert "already has a meeting" in errors[1]["user"][0]
    assert "already uses this slot" in errors[2]["start"][0]
    assert "Not an invitee" in errors[3]["user"][0]
    assert "invitee's availabilities" in errors[4]["start"][0]
    assert "grid" in errors[5]["start"][0]
    assert "60 minutes" in errors[6]["end"][0]
    assert "owner's availabilities" in errors[7]["start"][0]
    assert "event of the invitee" in errors[8]["start"][0]


def test_check_meetings_names_the_owners_events():
    p = problem(
        owner=[Window(utc(9), utc(10), 2)],
        invitees={1: [Window(utc(9), utc(10), 3)]},
        busy=[(utc(9), utc(9, 5))],
    )

    _, errors = check_meetings(p, [(1, utc(9), utc(10))])

    assert "event of the owner" in errors[0]["start"][0]


def test_a_large_instance_is_solved_and_consistent():
    owner = [Window(utc(8, day=d), utc(18, day=d), 1 + d % 3) for d in range(1, 31)]
    invitees = {}
    for uid in range(1, 401):
        days = [1 + (uid * 7 + k) % 30 for k in range(3)]
        hour = 8 + uid % 9
        invitees[uid] = [
            Window(utc(hour, day=d), utc(hour + 2, day=d), 1 + (uid + k) % 3)
            for k, d in enumerate(days)
        ]
    p = problem(
        owner, invitees, minutes=30, start_date=date(2031, 3, 1), end_date=date(2031, 3, 30)
    )

    solution = solve(p)

    assert len(solution.meetings) + len(solution.unscheduled) == 400
    assert len({m.start for m in solution.meetings}) == len(solution.meetings)
    _, errors = check_meetings(p, [(m.invitee, m.start, m.end) for m in solution.meetings])
    assert errors == {}


def test_the_solver_imports_nothing_of_django():
    code = (
        "import sys; import scheduling.solver; "
        "sys.exit(any(m == 'django' or m.startswith('django.') for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]

    result = subprocess.run([sys.executable, "-c", code], cwd=root, check=False)  # noqa: S603

    assert result.returncode == 0
