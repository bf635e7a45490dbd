"""Calendars: read_ics (iCalendar in) and Plan.to_ics (iCalendar out).

Three layers: precise tests on small calendars written here; a corpus of
real-world files (tests/data/calendars/, see its README) each of which must
read cleanly or raise ProblemError; and calendars broken at random by
hypothesis, which may only do the same.
"""

from __future__ import annotations

import datetime as dt
import textwrap
import warnings
from pathlib import Path

import pytest
from checker import parse_session
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import edited_lines

import stacker
from stacker import Commitment, Problem, ProblemError, read_ics
from stacker.readers import CalendarWarning

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "calendars"
TIMETABLE = ROOT / "examples" / "timetable.ics"
CORPUS_FILES = sorted(CORPUS.rglob("*.ics"))

BERLIN_ZONE = """\
BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def ics(*events: str, head: str = "") -> bytes:
    """A calendar with these events (property lines; UID and DTSTAMP added when missing), CRLF line ends."""
    parts = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//stacker tests//EN", head.strip()]
    for number, event in enumerate(events, 1):
        body = textwrap.dedent(event).strip()
        if "UID:" not in body:
            body = f"UID:event{number}@stacker.test\n{body}"
        if "DTSTAMP:" not in body:
            body += "\nDTSTAMP:20260801T000000Z"
        parts += ["BEGIN:VEVENT", body, "END:VEVENT"]
    parts.append("END:VCALENDAR")
    return ("\n".join(p for p in parts if p) + "\n").replace("\n", "\r\n").encode("utf-8")


def week(data: bytes | Path, **options) -> dict[str, tuple[str, ...]]:
    """``{id: sessions}`` of what read_ics reads (notes go to ``options['notes']`` or are dropped)."""
    options.setdefault("notes", [])
    return {c.id: c.sessions for c in read_ics(data, **options)}


def intervals(commitments) -> set[tuple[str, int, int]]:
    """(id, start, end) of every session, parsed by the test checker's own parser."""
    return {(c.id, s, e) for c in commitments for text in c.sessions for s, e in parse_session(text)}


def errors_of(data, **options) -> list[str]:
    with pytest.raises(ProblemError) as info:
        read_ics(data, **options)
    return info.value.errors


# --- weekly classes ---------------------------------------------------------------


def test_weekly_classes_with_byday_become_sessions() -> None:
    data = ics(
        """
        SUMMARY:MATH 201
        DTSTART:20260907T090000
        DTEND:20260907T095000
        RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR
        """,
        """
        SUMMARY:STAT 210
        DTSTART:20260908T131500
        DURATION:PT1H15M
        RRULE:FREQ=WEEKLY;BYDAY=TU,TH;INTERVAL=1
        """,
    )
    commitments = read_ics(data, kind="class", week_of=dt.date(2026, 10, 7), notes=[])
    assert commitments == [
        Commitment("MATH 201", ["Mon,Wed,Fri 09:00-09:50"]),
        Commitment("STAT 210", ["Tue,Thu 13:15-14:30"]),
    ]
    assert read_ics(data, kind="volunteer", notes=[])[0].kind == "volunteer"


UNTIL_AND_COUNT = ics(
    """
    SUMMARY:Short course
    DTSTART:20260907T100000
    DTEND:20260907T120000
    RRULE:FREQ=WEEKLY;BYDAY=MO,TH;UNTIL=20260917T235959
    """,
    """
    SUMMARY:Workshop
    DTSTART:20260908T140000
    DTEND:20260908T150000
    RRULE:FREQ=WEEKLY;BYDAY=TU,FR;COUNT=3
    """,
)


@pytest.mark.parametrize(
    ("monday", "expected"),
    [
        (dt.date(2026, 9, 7), {"Short course": ("Mon,Thu 10:00-12:00",), "Workshop": ("Tue,Fri 14:00-15:00",)}),
        (dt.date(2026, 9, 14), {"Short course": ("Mon,Thu 10:00-12:00",), "Workshop": ("Tue 14:00-15:00",)}),
        (dt.date(2026, 9, 21), {}),  # UNTIL and COUNT both over
    ],
)
def test_until_and_count(monday: dt.date, expected: dict) -> None:
    notes: list[str] = []
    assert week(UNTIL_AND_COUNT, week_of=monday, notes=notes) == expected
    assert bool(notes) == (not expected)  # an empty week says so
    if not expected:
        assert notes == [f"<calendar bytes>: no event with a time of day read in the week of {monday}"]


def test_exdate_removes_the_day_in_the_chosen_week() -> None:
    data = ics(
        """
        SUMMARY:MATH 201
        DTSTART:20260907T090000
        DTEND:20260907T095000
        RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR
        EXDATE:20260914T090000,20260916T090000
        """
    )
    assert week(data, week_of="2026-09-14") == {"MATH 201": ("Fri 09:00-09:50",)}
    assert week(data, week_of="2026-09-21") == {"MATH 201": ("Mon,Wed,Fri 09:00-09:50",)}


def test_week_of_is_any_day_of_the_week() -> None:
    data = ics("SUMMARY:A\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY")
    for day in (dt.date(2026, 9, 14), dt.date(2026, 9, 20), dt.datetime(2026, 9, 17, 23, 59), "2026-09-16"):
        assert week(data, week_of=day) == {"A": ("Mon 09:00-10:00",)}


def test_single_events_in_and_out_of_the_week() -> None:
    data = ics(
        "SUMMARY:Lecture\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO",
        "SUMMARY:Midterm\nDTSTART:20261015T183000\nDTEND:20261015T200000",
    )
    assert week(data, week_of="2026-10-12") == {"Lecture": ("Mon 09:00-10:00",), "Midterm": ("Thu 18:30-20:00",)}
    assert week(data, week_of="2026-10-19") == {"Lecture": ("Mon 09:00-10:00",)}
    assert week(data) == {"Lecture": ("Mon 09:00-10:00",)}  # the default week is a week of the recurring events


def test_all_day_events_are_ignored_with_a_note() -> None:
    data = ics(
        "SUMMARY:Lecture\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,TU",
        "SUMMARY:Labor Day\nUID:holiday@x\nDTSTART;VALUE=DATE:20260907\nDTEND;VALUE=DATE:20260908",
        "SUMMARY:Later holiday\nDTSTART;VALUE=DATE:20261126",
    )
    notes: list[str] = []
    assert week(data, week_of="2026-09-07", notes=notes) == {"Lecture": ("Mon,Tue 09:00-10:00",)}
    assert notes == ["<calendar bytes>: event 'Labor Day' (UID holiday@x): all-day event on 2026-09-07, not read"]
    with pytest.warns(CalendarWarning, match="all-day event on 2026-09-07, not read"):
        read_ics(data, week_of="2026-09-07")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a week without notes warns nothing
        read_ics(data, week_of="2026-09-14")
    only_all_day = ics("SUMMARY:Holiday\nDTSTART;VALUE=DATE:20260907")
    assert errors_of(only_all_day) == [
        "<calendar bytes>: nothing to read: the calendar has no events with a time of day (all-day events are not read)"
    ]


def test_default_week_skips_a_partial_first_week_and_holidays() -> None:
    # The term starts on a Wednesday; Monday 2026-09-07 is a holiday (EXDATE); the lab starts in week 2.
    data = ics(
        """
        SUMMARY:MATH 201
        DTSTART:20260902T090000
        DTEND:20260902T095000
        RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR
        EXDATE:20260907T090000
        """,
        "SUMMARY:Lab\nDTSTART:20260910T140000\nDTEND:20260910T170000\nRRULE:FREQ=WEEKLY;BYDAY=TH",
    )
    assert week(data) == {"MATH 201": ("Mon,Wed,Fri 09:00-09:50",), "Lab": ("Thu 14:00-17:00",)}
    assert week(data) == week(data, week_of="2026-09-14")


def test_rules_not_repeating_every_week_are_read_as_in_the_chosen_week() -> None:
    data = ics(
        "SUMMARY:Class\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:Lab\nUID:lab@x\nDTSTART:20260908T140000\nDTEND:20260908T160000\nRRULE:FREQ=WEEKLY;INTERVAL=2",
        "SUMMARY:Club\nDTSTART:20260903T180000\nDTEND:20260903T190000\nRRULE:FREQ=MONTHLY;BYDAY=1TH",
        "SUMMARY:Pings\nDTSTART:20260907T000000\nDTEND:20260907T000500\nRRULE:FREQ=MINUTELY",
    )
    notes: list[str] = []
    assert week(data, week_of="2026-09-07", notes=notes) == {"Class": ("Mon 09:00-10:00",), "Lab": ("Tue 14:00-16:00",)}
    assert notes == [
        "<calendar bytes>: event 'Pings' (UID event4@stacker.test): repeats minutely (RRULE FREQ); not a weekly event, ignored",
        (
            "<calendar bytes>: event 'Lab' (UID lab@x): repeats but not every week (RRULE FREQ=WEEKLY;INTERVAL=2); "
            "read as it is in the week of 2026-09-07"
        ),
    ]
    assert week(data, week_of="2026-09-14") == {"Class": ("Mon 09:00-10:00",)}
    assert week(data, week_of="2026-09-21") == {"Class": ("Mon 09:00-10:00",), "Lab": ("Tue 14:00-16:00",)}
    assert week(data, week_of="2026-10-01") == {"Class": ("Mon 09:00-10:00",), "Club": ("Thu 18:00-19:00",)}


def test_events_past_midnight() -> None:
    data = ics(
        "SUMMARY:Night desk\nDTSTART:20260911T220000\nDTEND:20260912T020000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:Late show\nDTSTART:20260913T230000\nDURATION:PT2H\nRRULE:FREQ=WEEKLY",
        "SUMMARY:Whole day\nDTSTART:20260908T000000\nDTEND:20260909T000000\nRRULE:FREQ=WEEKLY",
    )
    commitments = read_ics(data, week_of="2026-09-14", notes=[])
    assert {c.id: c.sessions for c in commitments} == {
        "Whole day": ("Tue 00:00-24:00",),
        "Night desk": ("Fri 22:00-02:00",),
        "Late show": ("Sun 23:00-01:00",),  # Sunday night runs into Monday morning
    }
    assert intervals(commitments) >= {("Late show", 6 * 1440 + 23 * 60, 7 * 1440 + 60)}


def test_a_24_hour_event_from_the_middle_of_a_day_is_two_sessions() -> None:
    data = ics("SUMMARY:Shift\nDTSTART:20260911T100000\nDTEND:20260912T100000\nRRULE:FREQ=WEEKLY")
    commitments = read_ics(data, week_of="2026-09-14", notes=[])
    assert [c.sessions for c in commitments] == [("Fri 10:00-24:00", "Sat 00:00-10:00")]
    assert intervals(commitments) == {("Shift", 4 * 1440 + 600, 5 * 1440), ("Shift", 5 * 1440, 5 * 1440 + 600)}


def test_control_characters_in_a_summary_are_read_as_spaces() -> None:
    data = ics("SUMMARY:Math\x1b[31m Lab\\nB\nDTSTART:20260911T100000\nDTEND:20260911T110000\nRRULE:FREQ=WEEKLY")
    assert week(data, week_of="2026-09-14") == {"Math [31m Lab B": ("Fri 10:00-11:00",)}


def test_same_summary_is_one_commitment_unless_its_times_clash() -> None:
    data = ics(
        "SUMMARY:MATH 201\nDTSTART:20260907T090000\nDTEND:20260907T095000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE",
        "SUMMARY:MATH 201\nDTSTART:20260911T140000\nDTEND:20260911T145000\nRRULE:FREQ=WEEKLY;BYDAY=FR",
        "SUMMARY:CS 100\nDTSTART:20260907T100000\nDTEND:20260907T110000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:CS 100\nDTSTART:20260907T103000\nDTEND:20260907T113000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:CS 100 (2)\nDTSTART:20260908T100000\nDTEND:20260908T110000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:  \nDTSTART:20260909T200000\nDTEND:20260909T210000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:Gym\nDTSTART:20260910T070000\nDTEND:20260910T080000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:Gym\nDTSTART:20260910T070000\nDTEND:20260910T080000\nRRULE:FREQ=WEEKLY",  # exported twice
    )
    notes: list[str] = []
    assert week(data, week_of="2026-09-14", notes=notes) == {
        "MATH 201": ("Mon,Wed 09:00-09:50", "Fri 14:00-14:50"),
        "CS 100": ("Mon 10:00-11:00",),
        "CS 100 (3)": ("Mon 10:30-11:30",),  # 'CS 100 (2)' is taken by an event of that name
        "CS 100 (2)": ("Tue 10:00-11:00",),
        "(no title)": ("Wed 20:00-21:00",),
        "Gym": ("Thu 07:00-08:00",),
    }
    assert notes == ["<calendar bytes>: 'Gym' on Thu 07:00-08:00 is in the calendar twice, read once"]


def test_moved_and_cancelled_occurrences() -> None:
    data = ics(
        """
        UID:series@x
        SUMMARY:Seminar
        DTSTART:20260907T100000
        DTEND:20260907T110000
        RRULE:FREQ=WEEKLY;BYDAY=MO,WE
        """,
        """
        UID:series@x
        RECURRENCE-ID:20260914T100000
        SUMMARY:Seminar
        DTSTART:20260915T160000
        DTEND:20260915T170000
        """,
        """
        UID:series@x
        RECURRENCE-ID:20260916T100000
        SUMMARY:Seminar
        STATUS:CANCELLED
        DTSTART:20260916T100000
        DTEND:20260916T110000
        """,
    )
    assert week(data, week_of="2026-09-14") == {"Seminar": ("Tue 16:00-17:00",)}
    assert week(data, week_of="2026-09-21") == {"Seminar": ("Mon,Wed 10:00-11:00",)}


# --- time zones -------------------------------------------------------------------


def test_events_in_other_zones_are_converted_to_the_students_zone() -> None:
    data = ics(
        "SUMMARY:Class\nDTSTART;TZID=America/New_York:20261012T090000\nDTEND;TZID=America/New_York:20261012T100000"
        "\nRRULE:FREQ=WEEKLY",
        "SUMMARY:London call\nDTSTART;TZID=Europe/London:20261014T150000\nDTEND;TZID=Europe/London:20261014T170000",
        "SUMMARY:UTC event\nDTSTART:20261015T120000Z\nDTEND:20261015T130000Z",
        "SUMMARY:Floating\nDTSTART:20261016T080000\nDTEND:20261016T090000",
        head="X-WR-TIMEZONE:America/New_York",
    )
    assert week(data, week_of="2026-10-12") == {  # the calendar's zone (X-WR-TIMEZONE), EDT = UTC-4
        "Class": ("Mon 09:00-10:00",),
        "London call": ("Wed 10:00-12:00",),  # 15:00 BST = 14:00 UTC
        "UTC event": ("Thu 08:00-09:00",),
        "Floating": ("Fri 08:00-09:00",),  # floating times are in the calendar's zone
    }
    assert week(data, week_of="2026-10-12", tz="Asia/Tokyo") == {  # JST = UTC+9
        "Class": ("Mon 22:00-23:00",),
        "London call": ("Wed 23:00-01:00",),
        "UTC event": ("Thu 21:00-22:00",),
        "Floating": ("Fri 21:00-22:00",),
    }
    assert week(data, week_of="2026-10-12", tz=dt.UTC)["Class"] == ("Mon 13:00-14:00",)


def test_default_zone_is_the_first_events_zone_else_floating() -> None:
    zoned = ics(
        "SUMMARY:A\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:B\nDTSTART;TZID=Europe/Berlin:20260908T090000\nDTEND;TZID=Europe/Berlin:20260908T100000",
        "SUMMARY:C\nDTSTART;TZID=Asia/Kolkata:20260909T133000\nDTEND;TZID=Asia/Kolkata:20260909T143000",
    )
    assert week(zoned, week_of="2026-09-07") == {
        "A": ("Mon 09:00-10:00",),  # floating: as written
        "B": ("Tue 09:00-10:00",),  # the student's zone: Berlin, the first zone in the file
        "C": ("Wed 10:00-11:00",),  # 13:30 IST = 08:00 UTC = 10:00 CEST
    }
    utc_only = ics("SUMMARY:U\nDTSTART:20260907T090000Z\nDTEND:20260907T100000Z\nRRULE:FREQ=WEEKLY")
    assert week(utc_only) == {"U": ("Mon 09:00-10:00",)}
    assert week(utc_only, tz="America/Los_Angeles") == {"U": ("Mon 02:00-03:00",)}


BERLIN_CLASSES = ics(
    "SUMMARY:Lecture\nDTSTART;TZID=Europe/Berlin:20260302T090000\nDTEND;TZID=Europe/Berlin:20260302T103000"
    "\nRRULE:FREQ=WEEKLY;BYDAY=MO,FR",
    "SUMMARY:Choir\nDTSTART;TZID=Europe/Berlin:20260301T100000\nDTEND;TZID=Europe/Berlin:20260301T110000"
    "\nRRULE:FREQ=WEEKLY",
    head="X-WR-TIMEZONE:Europe/Berlin\n" + BERLIN_ZONE,
)


@pytest.mark.parametrize(
    ("monday", "tz", "lecture", "choir"),
    [
        # In Berlin the classes keep their clock times through the change (Sunday 2026-03-29, 02:00 -> 03:00).
        ("2026-03-23", None, "Mon,Fri 09:00-10:30", "Sun 10:00-11:00"),
        ("2026-03-30", None, "Mon,Fri 09:00-10:30", "Sun 10:00-11:00"),
        # In UTC the week of the change is concrete: Monday and Friday still CET, Sunday already CEST.
        ("2026-03-23", "UTC", "Mon,Fri 08:00-09:30", "Sun 08:00-09:00"),
        ("2026-03-30", "UTC", "Mon,Fri 07:00-08:30", "Sun 08:00-09:00"),
        # New York changes on 2026-03-08, three weeks before Berlin: the gap is 5 hours, not 6, in between.
        ("2026-03-02", "America/New_York", "Mon,Fri 03:00-04:30", "Sun 05:00-06:00"),
        ("2026-03-16", "America/New_York", "Mon,Fri 04:00-05:30", "Sun 05:00-06:00"),
        ("2026-03-30", "America/New_York", "Mon,Fri 03:00-04:30", "Sun 04:00-05:00"),
    ],
)
def test_daylight_saving_time_is_handled_by_the_concrete_week(
    monday: str, tz: str | None, lecture: str, choir: str
) -> None:
    assert week(BERLIN_CLASSES, week_of=monday, tz=tz) == {"Lecture": (lecture,), "Choir": (choir,)}


def test_windows_zone_names_and_custom_vtimezones() -> None:
    data = ics(
        'SUMMARY:Outlook\nDTSTART;TZID="W. Europe Standard Time":20260907T083000\n'
        'DTEND;TZID="W. Europe Standard Time":20260907T100000\nRRULE:FREQ=WEEKLY;BYDAY=MO,WE',
        "SUMMARY:Custom\nDTSTART;TZID=My Zone:20260908T120000\nDTEND;TZID=My Zone:20260908T130000",
        head="BEGIN:VTIMEZONE\nTZID:My Zone\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0300\n"
        "TZOFFSETTO:+0300\nEND:STANDARD\nEND:VTIMEZONE",
    )
    assert week(data, week_of="2026-09-07") == {
        "Outlook": ("Mon,Wed 08:30-10:00",),  # the student's zone: the first event's
        "Custom": ("Tue 11:00-12:00",),  # 12:00 at +03:00 = 11:00 CEST
    }


# --- what is read as what -----------------------------------------------------------


def test_zero_and_overlong_events_are_left_out_with_a_note() -> None:
    data = ics(
        "SUMMARY:Class\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY",
        "SUMMARY:Reminder\nDTSTART:20260908T090000",
        "SUMMARY:Conference\nDTSTART:20260909T090000\nDTEND:20260911T170000",
    )
    notes: list[str] = []
    assert week(data, week_of="2026-09-07", notes=notes) == {"Class": ("Mon 09:00-10:00",)}
    assert notes == [
        (
            "<calendar bytes>: event 'Reminder' (UID event2@stacker.test): on Tue 2026-09-08 09:00 it has no duration, "
            "not read"
        ),
        (
            "<calendar bytes>: event 'Conference' (UID event3@stacker.test): on Wed 2026-09-09 09:00 it lasts more "
            "than a day (56 h), not read"
        ),
    ]


def test_paths_bytes_and_the_example_timetable(tmp_path: Path) -> None:
    expected = {
        "MATH 201": ("Mon,Wed,Fri 09:00-09:50",),
        "ECON 101": ("Mon,Wed 13:00-14:15",),
        "CS 220": ("Tue,Thu 10:30-11:45",),
        "STAT 210": ("Tue,Thu 14:00-15:15",),
        "CHEM 110 Lab": ("Wed 15:00-17:50",),
        "ENGL 105": ("Fri 10:00-11:50",),
    }
    assert week(TIMETABLE) == expected  # the week of 2026-09-14: the first full week with the lab
    assert week(str(TIMETABLE)) == week(TIMETABLE.read_bytes()) == expected
    assert list(week(TIMETABLE)) == list(expected)  # by first session in the week
    notes: list[str] = []
    labor_day = week(TIMETABLE, week_of="2026-09-07", notes=notes)
    assert labor_day["MATH 201"] == ("Wed,Fri 09:00-09:50",) and "ECON 101" in labor_day  # EXDATE on Monday
    assert notes == [
        (
            f"{TIMETABLE}: event 'Labor Day - no classes' (UID 2026FA-HOLIDAY-LABORDAY@portal.example.edu): "
            "all-day event on 2026-09-07, not read"
        )
    ]
    assert week(TIMETABLE, week_of="2026-10-12")["MATH 201 Midterm"] == ("Thu 18:30-20:00",)
    # America/New_York classes seen from Berlin in the week the clocks differ by 5 hours (EU changed, US not yet)
    assert week(TIMETABLE, week_of="2026-10-26", tz="Europe/Berlin")["MATH 201"] == ("Mon,Wed,Fri 14:00-14:50",)
    assert week(TIMETABLE, week_of="2026-11-02", tz="Europe/Berlin")["MATH 201"] == ("Mon,Wed,Fri 15:00-15:50",)
    problem = Problem(commitments=read_ics(TIMETABLE))
    assert stacker.solve(problem).status is stacker.Status.OPTIMAL


# --- bad files and bad parameters -----------------------------------------------------

GOOD_EVENT = "SUMMARY:Class\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "<calendar bytes>: not a calendar: the file is empty"),
        (b"  \r\n\r\n", "<calendar bytes>: not a calendar: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "<calendar bytes>: not a calendar: it is a binary file"),
        (b"id,kind,sessions\nA,class,Mon 09:00-10:00\n", "it must start with BEGIN:VCALENDAR, not 'id,kind,sessions'"),
        (ics(GOOD_EVENT)[:120], "<calendar bytes>: not a complete calendar: there is no END:VCALENDAR (truncated?)"),
        (
            b"BEGIN:VCALENDAR\r\nthis is not a calendar\r\nEND:VCALENDAR\r\n",
            "<calendar bytes>: not a valid iCalendar file",
        ),
        (ics(GOOD_EVENT).replace(b"DTSTART:", b"DTSTART"), "DTSTART: missing"),  # read as a property 'DTSTART2026...'
        (ics(GOOD_EVENT).replace(b"END:VEVENT\r\n", b""), "<calendar bytes>: not a valid iCalendar file"),
        (
            ics(GOOD_EVENT).replace(b"20260907T090000", b"2026-09-07 09:00"),
            "event 'Class' (UID event1@stacker.test): DTSTART: cannot read it",
        ),
        (
            ics(GOOD_EVENT.replace("DTSTART:20260907T090000\n", "")),
            "event 'Class' (UID event1@stacker.test): DTSTART: missing",
        ),
        (
            ics(GOOD_EVENT.replace("DTSTART:", "DTSTART;TZID=Mars/Olympus_Mons:")),
            "event 'Class' (UID event1@stacker.test): DTSTART: unknown time zone 'Mars/Olympus_Mons'",
        ),
        (ics(GOOD_EVENT, head="X-WR-TIMEZONE:Atlantis/Capital"), "X-WR-TIMEZONE: unknown time zone 'Atlantis/Capital'"),
        (
            ics(GOOD_EVENT.replace("WEEKLY", "FORTNIGHTLY")),
            "event 'Class' (UID event1@stacker.test): RRULE: cannot read it",
        ),
        (
            ics(GOOD_EVENT.replace("WEEKLY", "WEEKLY;BYDAY=XX")),
            "event 'Class' (UID event1@stacker.test): RRULE: cannot read it",
        ),
        (ics(GOOD_EVENT + "\nDTSTART:20260908T090000"), "DTSTART: given 2 times; an event has at most one"),
        (ics(GOOD_EVENT, head="CALSCALE:JULIAN"), "CALSCALE: only GREGORIAN calendars can be read, got 'JULIAN'"),
        (
            b"BEGIN:VEVENT\r\nDTSTART:20260907T090000\r\nEND:VEVENT\r\n",
            "must start with BEGIN:VCALENDAR, not 'BEGIN:VEVENT'",
        ),
        (ics(), "<calendar bytes>: nothing to read: the calendar has no events"),
    ],
)
def test_unusable_calendars_raise_problem_error(data: bytes, expected: str) -> None:
    messages = errors_of(data)
    assert any(expected in message for message in messages), messages
    assert all(message.startswith("<calendar bytes>: ") for message in messages)


def test_errors_name_the_file_and_every_bad_event(tmp_path: Path) -> None:
    path = tmp_path / "timetable.ics"
    path.write_bytes(
        ics(
            GOOD_EVENT,
            "SUMMARY:No start\nUID:a@x\nDTEND:20260907T100000",
            "UID:b@x\nDTSTART;TZID=Nowhere/Land:20260907T090000",
            "DTSTART:20260907T0900",
        )
    )
    assert errors_of(path) == [
        f"{path}: event 'No start' (UID a@x): DTSTART: missing; an event needs a start",
        (
            f"{path}: event with UID b@x: DTSTART: unknown time zone 'Nowhere/Land' "
            "(no VTIMEZONE for it in the file and not a known zone name)"
        ),
        (
            f"{path}: event with UID event4@stacker.test: DTSTART: cannot read it: "
            "Expected datetime, date, or time. Got: '20260907T0900'"
        ),
    ]
    missing = tmp_path / "nope.ics"
    (message,) = errors_of(missing)
    assert message.startswith(f"{missing}: cannot read the file: No such file or directory")
    (message,) = errors_of(ics(GOOD_EVENT).decode())
    assert message.startswith("<calendar text>: cannot read the file") and "pass bytes" in message


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"kind": "lecture"}, "The 'kind' parameter of read_ics must be one of class, volunteer, other. Got 'lecture'"),
        ({"week_of": "next week"}, "The 'week_of' parameter of read_ics must be a date"),
        ({"week_of": 20260907}, "The 'week_of' parameter of read_ics must be a date"),
        ({"tz": "Mars/Base"}, "The 'tz' parameter of read_ics must be a time zone name"),
        ({"tz": 5}, "The 'tz' parameter of read_ics must be a time zone name"),
        ({"week_of": dt.date(9999, 12, 30)}, "is too close to year 1 or 9999"),
    ],
)
def test_bad_parameters(options: dict, expected: str) -> None:
    (message,) = errors_of(ics(GOOD_EVENT), **options)
    assert expected in message
    with pytest.raises(ProblemError, match="'path_or_bytes' parameter of read_ics must be a file name or bytes"):
        read_ics(42)


# --- the corpus -----------------------------------------------------------------------

# A few corpus files with what they must give: {id: sessions} (default week) or a piece of the error.
CORPUS_EXPECTED = {
    "icalendar/alarm_google_future.ics": {"event with alarms": ("Fri 19:15-20:00",)},  # UTC, X-WR-TIMEZONE London
    "icalendar/timezone_same_start.ics": {"Test 4": ("Fri 12:00-12:30",)},  # Exchange, Windows zone names
    "icalendar/alarm_thunderbird_future.ics": {"event with alarms": ("Wed 15:00-16:00",)},
    "icalendar/issue_313_globally_unique_tzid.ics": {
        "libical / Evolution globally unique TZID": ("Sun 14:00-15:00",),
        "vendor prefix in front of a multi-part Olson name": ("Sun 19:00-20:00",),
        "Mozilla Lightning globally unique TZID": ("Sun 20:00-21:00",),
    },
    "icalendar/broken_dtstart.ics": "event with UID test-123: DTSTART: cannot read it",
    "icalendar/issue_722_missing_VTIMEZONE_custom.ics": "DTSTART: unknown time zone 'CUSTOM_tzid'",
    "icalendar/pacific_fiji.ics": "DTSTART: given 2 times",
    "icalendar/small_bad_calendar.ics": "there is no END:VCALENDAR (truncated?)",
    "icalendar/fuzz_testcase_0_char_in_component_name.ics": "it is a binary file",
    "icalendar/empty.ics": "nothing to read: the calendar has no events",
    "icalendar/event_with_recurrence.ics": "must start with BEGIN:VCALENDAR, not 'BEGIN:VEVENT'",
    "stacker/apple_calendar_style.ics": {
        "Econometrics": ("Mon,Thu 10:00-11:00",),
        "Volunteering - hospital radio": ("Wed 15:00-17:00",),
    },
    "stacker/outlook_desktop_style.ics": {
        "Lineare Algebra": ("Mon,Wed 08:30-10:00",),
        "Ehrenamt Tafel": ("Tue 18:00-20:00",),
        "Call with Seattle team": ("Thu 18:00-19:00",),  # 09:00 Pacific = 18:00 in Berlin
    },
    "stacker/google_calendar_style.ics": {
        "BIOS 201": ("Mon,Wed 09:30-10:45",),
        "Chem tutoring (online)": ("Tue 14:00-15:30",),  # 20:00 UTC = 14:00 CST
    },
    "stacker/thunderbird_style.ics": {
        "Seminar Datenbanken": ("Fri 10:00-11:30",),
        "Nachtschicht Bibliothek": ("Sat 22:00-02:00",),
    },
}


def test_corpus_is_there() -> None:
    assert len(CORPUS_FILES) >= 50
    assert (CORPUS / "README.md").is_file() and (CORPUS / "icalendar" / "LICENSE").is_file()
    for name in CORPUS_EXPECTED:
        assert (CORPUS / name).is_file(), name


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: str(p.relative_to(CORPUS)))
def test_corpus_file_reads_cleanly_or_raises_problem_error(path: Path) -> None:
    notes: list[str] = []
    try:
        commitments = read_ics(path, notes=notes)
    except ProblemError as error:
        assert error.errors and all(message.startswith(f"{path}: ") for message in error.errors), error.errors
        result: object = "\n".join(error.errors)
    else:
        assert all(isinstance(c, Commitment) and c.kind == "class" for c in commitments)
        assert all(note.startswith(f"{path}: ") for note in notes)
        Problem(commitments=commitments)  # unique ids, sessions that do not clash within a commitment
        result = {c.id: c.sessions for c in commitments}
    expected = CORPUS_EXPECTED.get(str(path.relative_to(CORPUS)))
    if isinstance(expected, dict):
        assert result == expected
    elif isinstance(expected, str):
        assert isinstance(result, str) and expected in result, result


# --- broken at random ---------------------------------------------------------------------

SEEDS = [TIMETABLE.read_bytes(), (CORPUS / "stacker" / "apple_calendar_style.ics").read_bytes()]
TOKENS = [b"", b"0", b"99", b"T", b"Z", b";", b":", b",", b"=", b"\r\n", b"\r\n ", b"\xff", b"\x00", b"TZID=Nowhere/Land",
          b"VALUE=DATE", b"FREQ=SECONDLY", b"FREQ=MONTHLY", b"INTERVAL=0", b"COUNT=0", b"BYDAY=XX", b"99991231T235959",
          b"00010101T000000", b"-PT1H", b"BEGIN:VEVENT", b"END:VEVENT", b"END:VTIMEZONE", b"STATUS:CANCELLED"]  # fmt: skip


@st.composite
def broken_bytes(draw) -> bytes:
    """A valid calendar with a few random byte edits: flips, cuts, insertions, truncation."""
    data = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        edit = draw(st.sampled_from(["flip", "delete", "insert", "truncate"]))
        if edit == "flip":
            data[at] = draw(st.integers(0, 255))
        elif edit == "delete":
            del data[at : at + draw(st.integers(1, 40))]
        elif edit == "insert":
            data[at:at] = draw(st.binary(max_size=12) | st.sampled_from(TOKENS))
        else:
            del data[at:]
    return bytes(data)


@st.composite
def broken_lines(draw) -> bytes:
    """A valid calendar with a few content lines replaced, dropped, repeated or edited."""
    return draw(edited_lines(draw(st.sampled_from(SEEDS)), TOKENS))


def read_or_problem(data: bytes) -> None:
    notes: list[str] = []
    try:
        commitments = read_ics(data, notes=notes)
    except ProblemError as error:
        assert error.errors and all(message.startswith("<calendar bytes>: ") for message in error.errors)
    else:
        Problem(commitments=commitments)


FUZZ = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


@FUZZ
@given(broken_bytes())
def test_randomly_broken_bytes_give_problem_error_or_a_week(data: bytes) -> None:
    read_or_problem(data)


@FUZZ
@given(broken_lines())
def test_randomly_broken_lines_give_problem_error_or_a_week(data: bytes) -> None:
    read_or_problem(data)


# --- to_ics -----------------------------------------------------------------------------


# --- calendars that would hang or blow up ---------------------------------------------


@pytest.mark.parametrize("interval", ["0", "-1"])
def test_a_rule_with_interval_0_is_refused_before_expanding(interval: str) -> None:
    data = ics(f"SUMMARY:Class\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY;INTERVAL={interval}")
    [message] = errors_of(data, week_of="2026-09-14")
    assert message == (
        f"<calendar bytes>: event 'Class' (UID event1@stacker.test): RRULE: INTERVAL must be a whole number "
        f"of 1 or more, got {int(interval)}"
    )


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24))) + ";BYMINUTE=" + ",".join(map(str, range(10))),
        "FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=" + ",".join(map(str, range(60))) + ";BYSECOND=0,1,2,3,4,5",
    ],
)
def test_a_rule_expanding_to_more_than_a_timetable_is_refused_quickly(rule: str) -> None:
    import time

    data = ics(f"SUMMARY:Class\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:{rule}")
    start = time.perf_counter()
    [message] = errors_of(data)
    assert time.perf_counter() - start < 1
    assert "too many occurrences for a timetable" in message and "at most 100 a week" in message
    assert "event 'Class' (UID event1@stacker.test)" in message


def test_too_many_events_are_refused_before_parsing() -> None:
    import time

    event = "UID:same@stacker.test\nSUMMARY:Class\nDTSTART:20260907T090000\nDTEND:20260907T100000"
    data = ics(*[event] * 10_000)
    start = time.perf_counter()
    assert errors_of(data) == [
        "<calendar bytes>: too many events for a timetable: 10000 (at most 1000); "
        "export only the term's classes, or the weeks you need"
    ]
    assert time.perf_counter() - start < 1


def test_copies_of_events_at_one_time_are_one_commitment() -> None:
    event = "SUMMARY:Class\nDTSTART:20260907T090000\nDTEND:20260907T100000\nRRULE:FREQ=WEEKLY"
    notes: list[str] = []
    assert week(ics(*[event] * 60), week_of="2026-09-14", notes=notes) == {"Class": ("Mon 09:00-10:00",)}
    assert notes == ["<calendar bytes>: 'Class' on Mon 09:00-10:00 is in the calendar twice, read once"]
