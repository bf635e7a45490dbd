"""``read_ics(path, term=...)``: a timetable's real occurrences in a term, from calendars written with icalendar.

Every calendar here is written with the ``icalendar`` package and read back
from a file. What stacker reads is compared with the calendar's occurrences
as ``recurring-ical-events`` expands them directly (:func:`truth`, no stacker
code), through the independent term checker's own expansion of the
commitments (``term_checker.occurrences``); the problem is then solved and
the plan checked, so the plan's class blocks are the calendar's occurrences.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import edited_lines
from term_checker import TermCalendar, assert_term_plan_is_feasible, occurrences

import stacker
from stacker import Break, Commitment, Gig, Limits, Problem, ProblemError, Term, read_ics

NY = zoneinfo.ZoneInfo("America/New_York")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
UTC = dt.UTC
DAY = 1440
# Four weeks of March 2027 in New York: clocks go forward on Sunday 14 March, inside the term.
TERM = Term(
    "2027-03-01", "2027-03-28", timezone="America/New_York", breaks=[Break("Break", "2027-03-22", "2027-03-26")]
)


def at(day: str, time: str, zone: dt.tzinfo | None = NY) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=zone)


def event(summary: str, start: dt.datetime | dt.date, end: dt.datetime | dt.date, **properties) -> icalendar.Event:
    """A VEVENT; ``rrule`` a dict, ``exdate``/``rdate`` lists, ``uid`` and ``recurrence_id`` as named."""
    item = icalendar.Event()
    item.add("uid", properties.pop("uid", f"{uuid.uuid4()}@stacker.test"))
    item.add("dtstamp", dt.datetime(2027, 1, 1, tzinfo=UTC))
    item.add("summary", summary)
    item.add("dtstart", start)
    item.add("dtend", end)
    for name, value in properties.items():
        item.add(name.replace("_", "-"), value)
    return item


def write(tmp_path: Path, *events: icalendar.Event, name: str = "timetable.ics") -> Path:
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//stacker tests//term//EN")
    calendar.add("version", "2.0")
    for item in events:
        calendar.add_component(item)
    calendar.add_missing_timezones()  # VTIMEZONE components for the zones used, as calendar apps write them
    path = tmp_path / name
    path.write_bytes(calendar.to_ical())
    return path


def truth(path: Path, term: Term = TERM, kind: str = "class") -> dict[str, list[tuple[int, int]]]:
    """The calendar's timed occurrences starting on the term's days, by SUMMARY, as term minutes.

    Straight from recurring-ical-events and zoneinfo: wall-clock times in the
    term's zone; a class's occurrences of recurring events on break days are
    not there (classes do not meet in breaks); an occurrence given twice is there once.
    """
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    zone = zoneinfo.ZoneInfo(term.timezone)
    monday = term.start - dt.timedelta(days=term.start.weekday())
    begin = dt.datetime.combine(term.start, dt.time()) - dt.timedelta(days=2)
    end = dt.datetime.combine(term.end, dt.time()) + dt.timedelta(days=3)
    recurring = {str(e["UID"]) for e in calendar.walk("VEVENT") if "RRULE" in e or "RDATE" in e or "RECURRENCE-ID" in e}
    out: dict[str, list[tuple[int, int]]] = {}
    for item in recurring_ical_events.of(calendar).between(begin, end):
        start, finish = item.start, item.end
        if not isinstance(start, dt.datetime) or str(item.get("STATUS", "")).upper() == "CANCELLED":
            continue
        start, finish = (t.astimezone(zone).replace(tzinfo=None) for t in (start, finish))
        if start.date() not in term:
            continue
        if kind == "class" and str(item["UID"]) in recurring and term.is_break(start.date()):
            continue
        minute = (start.date() - monday).days * DAY + start.hour * 60 + start.minute
        out.setdefault(str(item["SUMMARY"]), []).append((minute, minute + round((finish - start).total_seconds() / 60)))
    return {key: sorted(set(value)) for key, value in out.items()}  # the same event exported twice: once


def read(path: Path, term: Term = TERM, kind: str = "class") -> tuple[list[Commitment], list[str]]:
    """What stacker reads; checked against :func:`truth` and by solving with the independent checker."""
    notes: list[str] = []
    commitments = read_ics(path, kind=kind, term=term, notes=notes)
    cal = TermCalendar(Problem(commitments, term=term))
    assert {c.id: occurrences(cal, c) for c in commitments} == truth(path, term, kind)
    problem = Problem(
        commitments,
        [Gig("desk", pay_rate=15, min_hours=2, max_hours=6, windows=["Mon-Sun 06:00-23:00"], min_block=60)],
        limits=Limits(max_work_hours=6),
        term=term,
    )
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)  # the class blocks are exactly the occurrences: absent on skips, breaks
    assert plan.gig_ids == ["desk"]
    return commitments, notes


def by_id(commitments: list[Commitment]) -> dict[str, Commitment]:
    return {c.id: c for c in commitments}


# --- each kind of recurrence -----------------------------------------------------------


def test_a_weekly_rule_is_weekly_sessions_with_exdate_as_skip(tmp_path):
    path = write(
        tmp_path,
        event("MATH 201", at("2027-01-11", "09:00"), at("2027-01-11", "09:50"),
              rrule={"freq": "weekly", "byday": ["MO", "WE", "FR"], "until": at("2027-05-01", "00:00", UTC)},
              exdate=[at("2027-03-03", "09:00"), at("2027-03-12", "09:00")]),
    )  # fmt: skip
    (math,), notes = read(path)
    assert math == Commitment("MATH 201", ["Mon,Wed,Fri 09:00-09:50"], skip=["2027-03-03", "2027-03-12"])
    assert notes == [
        f"{path}: 3 occurrences in the break 'Break' (2027-03-22..2027-03-26) not read, "
        "as classes do not meet in breaks: 'MATH 201'"
    ]


def test_until_and_count_end_the_weekly_sessions(tmp_path):
    path = write(
        tmp_path,
        event("LAB", at("2027-02-02", "14:00"), at("2027-02-02", "16:00"),
              rrule={"freq": "weekly", "until": at("2027-03-09", "23:59")}),
        event("SEMINAR", at("2027-03-09", "10:00"), at("2027-03-09", "11:00"), rrule={"freq": "weekly", "count": 2}),
        event("OLD", at("2026-09-01", "10:00"), at("2026-09-01", "11:00"),
              rrule={"freq": "weekly", "until": at("2026-12-01", "00:00")}),
    )  # fmt: skip
    commitments, _ = read(path)
    assert commitments == [
        Commitment("LAB", ["Tue 14:00-16:00"], end="2027-03-09"),
        Commitment("SEMINAR", ["Tue 10:00-11:00"], start="2027-03-09"),
    ]  # OLD ended before the term: not read. SEMINAR has no end: its only Tuesday after 16 March is in the break


def test_every_other_week_monthly_and_rdate_are_dated_sessions(tmp_path):
    path = write(
        tmp_path,
        event("CHEM lab", at("2027-02-17", "14:00"), at("2027-02-17", "16:50"),
              rrule={"freq": "weekly", "interval": 2, "byday": "WE"}),
        event("Club", at("2027-01-05", "18:00"), at("2027-01-05", "19:00"), rrule={"freq": "monthly", "byday": "1TU"}),
        event("Review", at("2027-03-05", "15:00"), at("2027-03-05", "16:30"),
              rdate=[at("2027-03-12", "15:00"), at("2027-03-26", "15:00"), at("2027-04-02", "15:00")]),
    )  # fmt: skip
    commitments, _ = read(path)
    assert by_id(commitments) == {
        "CHEM lab": Commitment("CHEM lab", ["2027-03-03 14:00-16:50", "2027-03-17 14:00-16:50"]),
        "Club": Commitment("Club", ["2027-03-02 18:00-19:00"]),
        "Review": Commitment("Review", ["2027-03-05 15:00-16:30", "2027-03-12 15:00-16:30"]),
    }  # the review on 26 March is in the break (an RDATE is a recurrence); 2 April is after the term


def test_a_one_off_exam_is_a_dated_session_even_in_a_break(tmp_path):
    path = write(
        tmp_path,
        event("MATH 201 midterm", at("2027-03-03", "19:00"), at("2027-03-03", "21:00")),
        event("Makeup exam", at("2027-03-23", "10:00"), at("2027-03-23", "12:00")),
    )
    commitments, notes = read(path)
    assert commitments == [
        Commitment("MATH 201 midterm", ["2027-03-03 19:00-21:00"]),
        Commitment("Makeup exam", ["2027-03-23 10:00-12:00"]),
    ]
    assert notes == []


def test_a_moved_occurrence_is_skipped_and_dated(tmp_path):
    uid = "econ@stacker.test"
    path = write(
        tmp_path,
        event("ECON 101", at("2027-02-01", "13:00"), at("2027-02-01", "14:15"), uid=uid,
              rrule={"freq": "weekly", "byday": ["MO", "WE"], "until": at("2027-04-30", "00:00")}),
        event("ECON 101", at("2027-03-12", "13:00"), at("2027-03-12", "14:15"), uid=uid,
              recurrence_id=at("2027-03-10", "13:00")),
        event("ECON 101", at("2027-03-15", "13:00"), at("2027-03-15", "14:15"), uid=uid,
              recurrence_id=at("2027-03-15", "13:00"), status="CANCELLED"),
    )  # fmt: skip
    (econ,), _ = read(path)
    assert econ == Commitment(
        "ECON 101", ["Mon,Wed 13:00-14:15", "2027-03-12 13:00-14:15"], skip=["2027-03-10", "2027-03-15"]
    )


# --- time zones ------------------------------------------------------------------------


def test_a_class_at_nine_stays_at_nine_across_the_change_to_summer_time(tmp_path):
    path = write(
        tmp_path,
        event(
            "MATH 201", at("2027-03-01", "09:00"), at("2027-03-01", "09:50"), rrule={"freq": "weekly", "byday": "MO"}
        ),
    )
    (math,), _ = read(path)
    assert math == Commitment("MATH 201", ["Mon 09:00-09:50"])  # 14:00 UTC before 14 March, 13:00 UTC after


def test_events_in_another_zone_are_converted_to_the_terms(tmp_path):
    path = write(
        tmp_path,
        # 15:00 in Berlin is 09:00 in New York, except from 14 to 28 March (Europe changes its clocks on the 28th)
        event("Seminar", at("2027-03-01", "15:00", BERLIN), at("2027-03-01", "16:30", BERLIN),
              rrule={"freq": "weekly", "byday": "MO"}),
        # a UTC event: 14:00 UTC is 09:00 in winter and 10:00 in summer time
        event("Call", at("2027-03-02", "14:00", UTC), at("2027-03-02", "14:30", UTC),
              rrule={"freq": "weekly", "byday": "TU", "count": 3}),
    )  # fmt: skip
    commitments, _ = read(path)
    assert by_id(commitments)["Seminar"] == Commitment(
        "Seminar", ["Mon 09:00-10:30", "2027-03-15 10:00-11:30"], end="2027-03-08"
    )  # on 15 March it is at 10:00 in New York; 22 March is in the break
    assert by_id(commitments)["Call"] == Commitment(
        "Call", ["Tue 09:00-09:30", "2027-03-16 10:00-10:30"], end="2027-03-09"
    )


def test_the_terms_zone_or_tz(tmp_path):
    path = write(tmp_path, event("Class", at("2027-03-01", "09:00"), at("2027-03-01", "10:00")))
    berlin = Term("2027-03-01", "2027-03-07", timezone="Europe/Berlin")
    assert read_ics(path, term=berlin)[0].sessions == ("2027-03-01 15:00-16:00",)
    no_zone = Term("2027-03-01", "2027-03-07")
    assert read_ics(path, term=no_zone, tz="Europe/Berlin")[0].sessions == ("2027-03-01 15:00-16:00",)
    assert read_ics(path, term=no_zone)[0].sessions == ("2027-03-01 09:00-10:00",)  # the calendar's own zone


# --- the edges ---------------------------------------------------------------------------


def test_events_outside_the_term_are_not_read(tmp_path):
    path = write(
        tmp_path,
        event("Before", at("2027-02-28", "10:00"), at("2027-02-28", "11:00")),
        event("After", at("2027-03-29", "10:00"), at("2027-03-29", "11:00")),
        event("Inside", at("2027-03-02", "10:00"), at("2027-03-02", "11:00")),
        event("Late night before", at("2027-02-28", "23:00"), at("2027-03-01", "01:00")),
        event("Last night", at("2027-03-28", "23:00"), at("2027-03-29", "01:00")),
    )
    commitments, notes = read(path)
    assert commitments == [
        Commitment("Inside", ["2027-03-02 10:00-11:00"]),
        Commitment("Last night", ["2027-03-28 23:00-01:00"]),  # it starts in the term: read, past midnight
    ]  # one that starts the day before the term is not read, even its part after midnight
    assert notes == []


def test_past_midnight_weekly_and_dated(tmp_path):
    path = write(
        tmp_path,
        event("Night shift", at("2027-03-05", "22:00"), at("2027-03-06", "02:00"), rrule={"freq": "weekly"}),
        event("Sunday late", at("2027-03-07", "23:00"), at("2027-03-08", "01:00"), rrule={"freq": "weekly", "count": 2}),
    )  # fmt: skip
    commitments, _ = read(path, kind="volunteer")
    assert by_id(commitments) == {
        "Night shift": Commitment("Night shift", ["Fri 22:00-02:00"], kind="volunteer"),
        "Sunday late": Commitment("Sunday late", ["Sun 23:00-01:00"], kind="volunteer",
                                  end="2027-03-14"),
    }  # fmt: skip


def test_all_day_events_and_events_longer_than_a_day_are_notes(tmp_path):
    path = write(
        tmp_path,
        event("Holiday", dt.date(2027, 3, 8), dt.date(2027, 3, 9), rrule={"freq": "weekly", "count": 2}),
        event("Field trip", at("2027-03-05", "18:00"), at("2027-03-07", "12:00")),
        event("Nothing", at("2027-03-03", "10:00"), at("2027-03-03", "10:00")),
        event("Class", at("2027-03-02", "10:00"), at("2027-03-02", "11:00")),
    )
    notes: list[str] = []
    commitments = read_ics(path, term=TERM, notes=notes)
    assert commitments == [Commitment("Class", ["2027-03-02 10:00-11:00"])]
    assert [note.split(": ", 1)[1].split(" (UID ")[0] + note.split(")", 1)[1] for note in notes] == [
        "event 'Field trip': on Fri 2027-03-05 18:00 it lasts more than a day (42 h), not read",
        "event 'Nothing': on Wed 2027-03-03 10:00 it has no duration, not read",
        "event 'Holiday': all-day event on 2027-03-08, 2027-03-15, not read",
    ]
    problem = Problem(commitments, term=TERM)
    assert_term_plan_is_feasible(problem, stacker.solve(problem))


def test_a_class_in_a_break_is_not_read_but_volunteering_is(tmp_path):
    path = write(
        tmp_path, event("Shift", at("2027-03-01", "08:00"), at("2027-03-01", "10:00"), rrule={"freq": "weekly"})
    )
    (shift,), notes = read(path, kind="volunteer")
    assert shift == Commitment("Shift", ["Mon 08:00-10:00"], kind="volunteer") and notes == []
    (lecture,), notes = read(path)
    assert lecture == Commitment("Shift", ["Mon 08:00-10:00"])  # the break's Monday: no class, by the term's rule
    assert len(notes) == 1 and "1 occurrence in the break 'Break'" in notes[0]


def test_clashing_events_with_one_summary_are_numbered_and_duplicates_read_once(tmp_path):
    path = write(
        tmp_path,
        event("CS 100", at("2027-03-01", "09:00"), at("2027-03-01", "10:00"), rrule={"freq": "weekly"}),
        event("CS 100", at("2027-03-01", "09:30"), at("2027-03-01", "10:30"), rrule={"freq": "weekly"}),
        event("CS 100", at("2027-03-03", "09:00"), at("2027-03-03", "10:00")),
        event("CS 100", at("2027-03-03", "09:00"), at("2027-03-03", "10:00")),
    )
    notes: list[str] = []
    commitments = read_ics(path, term=TERM, notes=notes)
    assert commitments == [
        Commitment("CS 100", ["Mon 09:00-10:00", "2027-03-03 09:00-10:00"]),
        Commitment("CS 100 (2)", ["Mon 09:30-10:30"]),
    ]
    assert f"{path}: 'CS 100' on 2027-03-03 09:00-10:00 is in the calendar twice, read once" in notes


# --- the example folder's timetable, and the limits on hostile files ------------------------


def test_the_example_timetable_over_its_term():
    folder = Path(__file__).resolve().parents[2] / "examples" / "term-folder"
    term = stacker.load_folder(folder, notes=[]).term
    commitments, notes = read(folder / "timetable.ics", term=term)
    classes = by_id(commitments)
    assert classes["MATH 201"] == Commitment("MATH 201", ["Mon,Wed,Fri 09:00-09:50"], end="2027-04-30",
                                             skip=["2027-01-18"])  # fmt: skip
    assert classes["ECON 101"].sessions == ("Mon,Wed 13:00-14:15", "2027-02-19 13:00-14:15")
    assert classes["Digital Humanities seminar"].sessions == ("Thu 12:00-13:30", "2027-03-25 13:00-14:30")
    assert len(classes["CHEM 110 Lab"].sessions) == 7 and classes["MATH 201 final"].sessions == (
        "2027-05-05 08:30-11:30",
    )
    assert any("all-day event on 2027-01-18" in note for note in notes)


def errors_of(data: bytes | Path, **options) -> list[str]:
    with pytest.raises(ProblemError) as info:
        read_ics(data, **options)
    return info.value.errors


def test_bad_parameters_with_a_term(tmp_path):
    path = write(tmp_path, event("Class", at("2027-03-01", "09:00"), at("2027-03-01", "10:00")))
    assert errors_of(path, term=TERM, week_of="2027-03-01") == [
        "The 'week_of' parameter of read_ics must be left out when a term is given (the term says which days). "
        "Got '2027-03-01' instead."
    ]
    assert errors_of(path, term=TERM, tz="Europe/Berlin") == [
        "The 'tz' parameter of read_ics must be left out or the term's timezone 'America/New_York'. "
        "Got 'Europe/Berlin' instead."
    ]
    assert errors_of(path, term="2027-03-01") == [
        "The 'term' parameter of read_ics must be a stacker.Term. Got '2027-03-01' instead."
    ]
    assert read_ics(path, term=TERM, tz="America/New_York")[0].sessions == ("2027-03-01 09:00-10:00",)


def test_the_limits_on_hostile_files_hold_over_a_term(tmp_path):
    zero = write(tmp_path, event("Loop", at("2027-03-01", "09:00"), at("2027-03-01", "10:00"),
                                 rrule={"freq": "weekly", "interval": 0}), name="zero.ics")  # fmt: skip
    assert errors_of(zero, term=TERM) == [
        f"{zero}: event 'Loop' (UID "
        + errors_of(zero, term=TERM)[0].split("(UID ")[1].split(")")[0]
        + "): RRULE: INTERVAL must be a whole number of 1 or more, got 0"
    ]
    busy = write(tmp_path, event("Busy", at("2027-03-01", "09:00"), at("2027-03-01", "09:01"),
                                 rrule={"freq": "daily", "byminute": list(range(60))}), name="busy.ics")  # fmt: skip
    assert "too many occurrences for a timetable" in errors_of(busy, term=TERM)[0]
    year = Term("2027-01-01", "2029-12-31")  # 100 a week would allow over 15,000; 5,000 in all is the most
    weekly = write(tmp_path, *[event(f"C{i}", at("2027-01-04", f"{8 + i // 6:02d}:{i % 6 * 10:02d}"),
                                     at("2027-01-04", f"{8 + i // 6:02d}:{i % 6 * 10 + 5:02d}"),
                                     rrule={"freq": "daily"}) for i in range(12)], name="weekly.ics")  # fmt: skip
    assert "at most 100 a week and 5,000 in all" in errors_of(weekly, term=year)[0]
    many = b"BEGIN:VCALENDAR\r\n" + b"BEGIN:VEVENT\r\nEND:VEVENT\r\n" * 1001 + b"END:VCALENDAR\r\n"
    assert errors_of(many, term=TERM) == [
        "<calendar bytes>: too many events for a timetable: 1001 (at most 1000); "
        "export only the term's classes, or the weeks you need"
    ]


# --- random timetables: what is read is what happens --------------------------------------

ZONES = (NY, BERLIN, UTC, zoneinfo.ZoneInfo("America/Los_Angeles"))


@st.composite
def timetables(draw) -> tuple[list[icalendar.Event], Term]:
    """Up to 5 events over a term of 2-6 weeks around March's clock changes: weekly or every-other-week
    rules (BYDAY, UNTIL or COUNT, EXDATE, RDATE, a moved or cancelled occurrence) and one-offs, in 4 zones."""
    start = dt.date(2027, 2, 22) + dt.timedelta(days=draw(st.integers(0, 20)))
    end = start + dt.timedelta(days=draw(st.integers(7, 41)))
    breaks = []
    if draw(st.booleans()):
        first = start + dt.timedelta(days=draw(st.integers(0, (end - start).days)))
        breaks = [Break("Break", first, min(end, first + dt.timedelta(days=draw(st.integers(0, 8)))))]
    term = Term(start, end, timezone=draw(st.sampled_from(["America/New_York", "Europe/London"])), breaks=breaks)
    events = []
    for index in range(draw(st.integers(1, 5))):
        zone = draw(st.sampled_from(ZONES))
        day = start + dt.timedelta(days=draw(st.integers(-10, 20)))
        begin = dt.datetime.combine(day, dt.time(draw(st.integers(6, 21)), draw(st.sampled_from([0, 30]))), zone)
        length = dt.timedelta(minutes=draw(st.sampled_from([50, 75, 120, 240])))
        summary = draw(st.sampled_from(["A", "B", "C"])) + str(index % 2)
        uid = f"e{index}@stacker.test"
        shape = draw(st.sampled_from(["weekly", "biweekly", "once"]))
        if shape == "once":
            events.append(event(summary, begin, begin + length, uid=uid))
            continue
        rule: dict = {"freq": "weekly", "interval": 2 if shape == "biweekly" else 1}
        if draw(st.booleans()):
            rule["byday"] = draw(st.lists(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA"]), min_size=1, max_size=3,
                                          unique=True))  # fmt: skip
            rule["byday"] = [begin.strftime("%a")[:2].upper(), *rule["byday"]]
            rule["byday"] = list(dict.fromkeys(rule["byday"]))
        if draw(st.booleans()):
            rule["count"] = draw(st.integers(1, 12))
        properties: dict = {"rrule": rule}
        weeks = draw(st.lists(st.integers(0, 6), max_size=2, unique=True))
        if weeks:
            properties["exdate"] = [begin + dt.timedelta(weeks=w) for w in weeks]
        if draw(st.booleans()):
            properties["rdate"] = [begin + dt.timedelta(days=draw(st.integers(1, 30)), hours=1)]
        events.append(event(summary, begin, begin + length, uid=uid, **properties))
        if draw(st.booleans()):  # one occurrence moved by a day (or cancelled)
            moved = begin + dt.timedelta(weeks=draw(st.integers(1, 5)))
            extra = {"status": "CANCELLED"} if draw(st.booleans()) else {}
            shift = dt.timedelta(days=1, hours=draw(st.integers(-2, 2)))
            events.append(event(summary, moved + shift, moved + shift + length, uid=uid, recurrence_id=moved, **extra))
    return events, term


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(timetables(), st.sampled_from(["class", "volunteer"]))
def test_random_timetables_are_read_as_they_happen(tmp_path, drawn, kind):
    events, term = drawn
    path = write(tmp_path, *events)
    commitments = read_ics(path, kind=kind, term=term, notes=[])
    cal = TermCalendar(
        Problem(commitments, term=term) if commitments else Problem([Commitment("x", ["Mon 00:00-00:01"])], term=term)
    )
    read: dict[str, list[tuple[int, int]]] = {}
    for c in commitments:  # 'A0 (2)', a section clashing with 'A0', is A0 in the calendar
        read.setdefault(re.sub(r" \(\d+\)$", "", c.id), []).extend(occurrences(cal, c))
    assert {key: sorted(value) for key, value in read.items()} == truth(path, term, kind)


# --- real-world and broken calendars over a term: read cleanly or a ProblemError --------------

CORPUS = Path(__file__).resolve().parents[1] / "data" / "calendars"
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "term-folder" / "timetable.ics"


def read_or_problem(data: bytes | Path, term: Term) -> list[Commitment]:
    """Commitments that make a problem with the term, or a ProblemError whose every message names the file."""
    label = "<calendar bytes>" if isinstance(data, bytes) else str(data)
    try:
        commitments = read_ics(data, term=term, notes=[])
    except ProblemError as error:
        assert error.errors and all(message.startswith(f"{label}: ") for message in error.errors), error.errors
        return []
    Problem(commitments, term=term)  # unique ids, no clash within a commitment, every date inside the term
    return commitments


@pytest.mark.parametrize("path", sorted(CORPUS.rglob("*.ics")), ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_over_a_term_reads_cleanly_or_raises_problem_error(path: Path) -> None:
    starts = re.findall(rb"DTSTART[^:\r\n]*:(\d{8})", path.read_bytes())
    days = [day for day in (_day(text) for text in starts) if day is not None and 1900 < day.year < 2100]
    first = min(days, default=dt.date(2026, 9, 7))
    read_or_problem(path, Term(first, first + dt.timedelta(weeks=26), breaks=[Break("B", first, first)]))


def _day(text: bytes) -> dt.date | None:
    try:
        return dt.datetime.strptime(text.decode(), "%Y%m%d").date()
    except ValueError:
        return None


TOKENS = [b"", b"0", b"T", b"Z", b";", b":", b",", b"\r\n ", b"\xff", b"TZID=Nowhere/Land", b"VALUE=DATE",
          b"FREQ=SECONDLY", b"FREQ=MONTHLY", b"INTERVAL=0", b"INTERVAL=2", b"COUNT=0", b"BYDAY=XX", b"99991231T235959",
          b"00010101T000000", b"-PT1H", b"PT30H", b"BEGIN:VEVENT", b"END:VEVENT", b"STATUS:CANCELLED",
          b"RECURRENCE-ID;TZID=America/New_York:20270217T130000", b"RDATE:20270301T100000"]  # fmt: skip


@st.composite
def broken_timetables(draw) -> bytes:
    """The example term timetable with a few content lines replaced, dropped, repeated or edited."""
    return draw(edited_lines(EXAMPLE.read_bytes(), TOKENS))


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(broken_timetables())
def test_randomly_broken_timetables_over_a_term_give_problem_error_or_commitments(data: bytes) -> None:
    spring = Term("2027-01-11", "2027-05-09", "America/New_York", [Break("Spring break", "2027-03-13", "2027-03-21")])
    read_or_problem(data, spring)


def test_a_week_plan_written_as_ics_reads_back_over_its_term_as_the_same_weekly_blocks(tmp_path):
    problem = Problem(
        [Commitment("MATH 201", ["Mon,Wed 09:00-09:50"]), Commitment("Night", ["Fri 22:00-02:00"], kind="other")],
        [Gig("tutor", pay_rate=20, sessions=["Tue,Thu 18:00-20:00"]), Gig("desk", pay_rate=15, hours=4,
                                                                          windows=["Sat 10:00-18:00"])],
    )  # fmt: skip
    plan = stacker.solve(problem)
    term = Term("2027-03-01", "2027-03-28", timezone="Europe/Berlin")
    plan.to_ics(tmp_path / "week.ics", term.start, term.end, tz=zoneinfo.ZoneInfo("Europe/Berlin"))
    back = read_ics(tmp_path / "week.ics", kind="other", term=term)
    week = read_ics(tmp_path / "week.ics", kind="other", week_of=term.start)  # the plan's blocks (docs/calendars.md)
    assert sorted(back, key=lambda c: c.id) == sorted(week, key=lambda c: c.id)  # weekly, every week of the term
    assert {c.id for c in back} == {"MATH 201", "Night", "tutor", "desk"}
