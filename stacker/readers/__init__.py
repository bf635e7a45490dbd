"""Reading problems from what users have: dicts, JSON and TOML files, DataFrames, CSV and XLSX gig
lists, iCalendar timetables, and folders of such files.

Every reader checks its input and reports every problem at once in one
:class:`~stacker.ProblemError` naming the file, the item and the field.
Readers import :mod:`stacker.problem` and :mod:`stacker.errors` only.
"""

from .folder import load_folder
from .frames import problem_from_frames
from .ical import CalendarWarning, read_ics
from .mapping import load, problem_from_dict, problem_to_dict
from .spreadsheet import read_gigs

__all__ = [
    "CalendarWarning",
    "load",
    "load_folder",
    "problem_from_dict",
    "problem_from_frames",
    "problem_to_dict",
    "read_gigs",
    "read_ics",
]
