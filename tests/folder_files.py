"""Input files of a student's week folder (timetable, gigs, limits, commitments), shared by the
folder reader's tests (tests/readers/test_folder.py) and the command line's (tests/test_cli.py)."""

from __future__ import annotations

import textwrap
from pathlib import Path

# Two weekly classes, floating times (no time zone), every week of a term around the dates used below.
TIMETABLE = textwrap.dedent(
    """\
    BEGIN:VCALENDAR
    VERSION:2.0
    PRODID:-//stacker tests//timetable//EN
    BEGIN:VEVENT
    UID:math201@stacker.test
    DTSTAMP:20260801T000000Z
    DTSTART:20260907T090000
    DTEND:20260907T095000
    RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;UNTIL=20271231T235959
    SUMMARY:MATH 201
    END:VEVENT
    BEGIN:VEVENT
    UID:stat210@stacker.test
    DTSTAMP:20260801T000000Z
    DTSTART:20260908T100000
    DTEND:20260908T111500
    RRULE:FREQ=WEEKLY;BYDAY=TU,TH;UNTIL=20271231T235959
    SUMMARY:STAT 210
    END:VEVENT
    END:VCALENDAR
    """
).replace("\n", "\r\n")


GIGS_CSV = textwrap.dedent(
    """\
    id,title,pay_rate,weekly_pay,relevance,mentor,sessions,hours,windows
    tutor,Math tutor,22,,0.9,yes,"Tue,Thu 18:00-20:00",,
    clash,Clashing gig,30,,0,no,Mon 09:00-10:00,,
    social,Social media,18,,0.6,no,,6,Mon-Fri 12:00-17:00
    night,Night desk,,150,0.1,no,Fri 22:00-02:00,,
    """
)


LIMITS_TOML = textwrap.dedent(
    """\
    [limits]
    max_hours = 40
    max_work_hours = 12

    [weights]
    mentor_value = 30
    """
)


COMMITMENTS_CSV = textwrap.dedent(
    """\
    id,kind,sessions,counts_toward_cap
    Food bank,volunteer,Sat 09:00-12:00,no
    Choir,other,Sun 18:00-19:30; Wed 19:00-20:00,yes
    """
)


def make_folder(path: Path, **files: str) -> Path:
    """A folder with the given files (name -> text); ``gigs_csv="..."`` is written as ``gigs.csv``."""
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        name = name.replace("_", ".", 1) if "." not in name else name
        (path / name).write_text(text, encoding="utf-8")
    return path


ALL_DAY = "BEGIN:VEVENT\r\nUID:holiday@stacker.test\r\nDTSTAMP:20260801T000000Z\r\nDTSTART;VALUE=DATE:20260907\r\nSUMMARY:Labor Day\r\nEND:VEVENT\r\n"
