"""The ``stacker`` command line.

``stacker solve PATH`` reads a problem file (``.json`` or ``.toml``) or a
folder (:func:`stacker.load_folder`: ``timetable.ics``, ``commitments.*``,
``gigs.csv``, ``limits.toml``), solves it and prints the plan: a readable
summary and a week grid (:mod:`stacker.render`), or with ``--json`` exactly
``json.dumps(plan.to_dict(), indent=2)``. ``--csv``, ``--ics`` and ``--png``
write the plan to files as well. ``stacker validate PATH`` reads the input
and reports every problem in it. ``stacker solve-many PATH... --out
RESULTS`` solves many problems in parallel (:func:`stacker.solve_many`),
appending each result to a JSON-lines file; run again, it solves only what
is not in the file yet.

Progress of the search (each better plan's value and the bound) goes to
stderr when stderr is a terminal, or with ``--progress``. Ctrl-C during the
search stops it and the best plan found so far is printed and written as
usual; stacker then exits with 130 (128 + SIGINT, what Python and shells use
for "stopped by Ctrl-C"), so that a script can tell a stopped search from a
finished one.

Exit status: 0 when a plan was printed, whatever its status (an infeasible
problem is an answer, not a failure: the plan says why), or when validate
finds no problem; 1 when the input is bad (each
:class:`~stacker.errors.ProblemError` message goes to stderr, no traceback)
or an output file cannot be written; 2 for a usage error (argparse's
convention); 130 on Ctrl-C. ``solve-many``: 0 when every problem has a
plan, 1 when some failed (each listed on stderr) or the batch could not
start (a bad results file, no Dask, no scheduler at the address).

Each subcommand is a ``_add_<name>`` function that declares its arguments
and a ``_run_<name>`` function that does the work and returns the exit code;
``_check_<name>`` rejects option combinations argparse cannot express.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import shutil
import signal
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any, Self, TextIO

from ._parameters import MAX_SEED, MAX_WORKERS
from ._version import __version__
from .batch import Failure, solve_many
from .batch.results import read_results
from .errors import ProblemError
from .output.exports import json_text
from .output.text import summary, week_grid
from .plan import Plan
from .problem.problem import Problem
from .readers.folder import FILES, load_folder
from .readers.ical import calendar_zone
from .readers.mapping import load
from .solution import Status
from .solve import solve
from .termplan import TermPlan, TermWeek, week_index

PROG = "stacker"

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

GRID_WIDTH = 9  # characters per day column of the week grid, at least
TERM_WEEKS = 15  # default length of the term --ics repeats the week over
PROGRESS_EVERY = 0.5  # seconds between two progress lines, at least
MAX_PROCESSES = 1024  # solve-many --workers: processes of the local pool
DASK_TIMEOUT = 10  # seconds to connect to a Dask scheduler

_EXIT_STATUS = """\
exit status:
  0    a plan was printed, whatever its status (infeasible and unknown
       included: check "status" and "reasons"); validate: no problem found
  1    bad input: the file or folder cannot be read or the problem in it is
       invalid (every problem found is listed on stderr); or an output file
       cannot be written
  2    usage error (unknown option, missing argument, bad option value)
  130  Ctrl-C: the best plan found so far was still printed and written"""

_MAIN_EPILOG = f"""\
examples:
  stacker solve examples/week.json                 the plan as tables and a week grid
  stacker solve my-week/                           a folder: timetable.ics, gigs.csv, limits.toml
  stacker solve week.toml --json > plan.json       the plan as JSON
  stacker solve my-week/ --png week.png --ics week.ics
  stacker validate my-week/                        list every problem in the input
  stacker solve-many students/ --out results.jsonl  every student's week, in parallel
  stacker solve --help                             every option of solve

{_EXIT_STATUS}"""

_INPUT = """\
PATH is a problem file (.json or .toml) or a folder with
  timetable.ics                    weekly classes, exported from a calendar
  commitments.json|toml|csv        more commitments (volunteering, ...)
  gigs.csv (or gigs.xlsx)          the candidate gigs, one per row
                                   (or gigs.json|toml, as in a problem file)
  limits.toml                      [limits] and [weights] (optional)
  term.toml                        [term]: plan a whole term (optional)
(each file optional, but at least a timetable, commitments or gigs)."""

_SOLVE_EPILOG = f"""\
{_INPUT}

examples:
  stacker solve examples/week.json
  stacker solve my-week/                          a folder (see above)
  stacker solve week.toml --json > plan.json
  stacker solve my-week/ --png week.png           also draw the week
  stacker solve my-week/ --csv week.csv           also write the blocks as CSV
  stacker solve my-week/ --ics week.ics --term-start 2026-09-07 --term-end 2026-12-18
  stacker solve my-week/ -q --png week.png        only write the picture
  stacker solve week.json --time-limit 10         best plan found in 10 s
  stacker solve week.json --seed 3 --workers 4    another deterministic search
  stacker solve big.json --progress 2> progress.log
  stacker solve my-week/ --explain                also say why each other gig was left out

Progress (each better plan's value and the bound) is shown on stderr when it
is a terminal, or with --progress. Ctrl-C stops the search: the best plan
found so far is printed and written, and stacker exits with 130.

The same input, seed and workers give the same plan on every run (unless a
time limit or Ctrl-C cuts the search short). Among plans of equal value
stacker takes the one with the fewest gig hours.

{_EXIT_STATUS}"""

_VALIDATE_EPILOG = f"""\
{_INPUT}

examples:
  stacker validate examples/week.json
  stacker validate my-week/
  stacker validate week.toml 2> problems.txt

Prints "ok: N commitments, M gigs" on stdout when the input is good. Otherwise
every problem found is listed on stderr, one per line ("stacker: error: "
and the message, which starts with the file's name), followed by a count, and
the exit status is 1. Nothing is solved. Notes about what the timetable
reader left out (all-day events, ...) go to stderr as "stacker: note: ...".

exit status:
  0  the input is good
  1  the input has problems (each listed on stderr)
  2  usage error"""

_SOLVE_MANY_EPILOG = """\
Each PATH is a problem file (.json or .toml), a problem folder (one holding
timetable.ics, commitments.*, gigs.* or limits.toml: see stacker solve
--help), or a folder of problems: any other folder, whose problem files and
problem folders (one level down, by name) are the problems; other entries are
skipped with a note. Each problem's key in the results file is its path as
given (for a folder of problems, the folder as given joined with the name).

Each finished problem is appended to RESULTS at once, as one JSON line
{"key": PATH, "plan": {...}} (the shape of stacker solve --json) or
{"key": PATH, "failure": {"key", "error", "message"}}. Run the same command
again (stopped by Ctrl-C, a crash, a reboot): only the problems not in
RESULTS are solved. To try failed problems again, delete their lines.

examples:
  stacker solve-many students/ --out results.jsonl
  stacker solve-many a.json b.toml my-week/ --out results.jsonl --time-limit 10
  stacker solve-many students/ --out results.jsonl --workers 4
  stacker solve-many students/ --out results.jsonl --scheduler tcp://10.0.0.5:8786

exit status:
  0    every problem has a plan (whatever its status: infeasible is an answer)
  1    some problems failed (each listed on stderr: key, error, message), or
       the batch could not start (a bad results file, no Dask for
       --scheduler, no scheduler at the address)
  2    usage error (unknown option, missing argument, a PATH that does not
       exist, a folder without problems)
  130  Ctrl-C: what finished is in RESULTS; run again to solve the rest"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``stacker`` command, with every subcommand."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Plan a student's week: stack paid micro-internships (gigs) around\n"
        "classes and volunteering, for the most value without clashes and under\n"
        "the hour caps.",
        epilog=_MAIN_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _add_solve(commands)
    _add_validate(commands)
    _add_solve_many(commands)
    return parser


def _add_solve(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "solve",
        help="solve a problem file or folder and print the plan",
        description="Solve the problem in PATH and print the plan: status, chosen gigs,\n"
        "totals, excluded gigs and a week grid.",
        epilog=_SOLVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", metavar="PATH", help="problem file (.json or .toml) or folder (see below)")
    shown = parser.add_argument_group("what to print (stdout)").add_mutually_exclusive_group()
    shown.add_argument(
        "--json",
        action="store_true",
        help="print the plan as JSON (the shape of Plan.to_dict()) instead of text",
    )
    shown.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing on stdout, only write the files asked for (needs --csv, --ics or --png); "
        "no progress unless --progress",
    )
    parser.add_argument(
        "--week",
        type=_date,
        metavar="DATE",
        help="for a problem with a term: print the grid of the week (Monday to Sunday) that holds DATE, "
        "YYYY-MM-DD, instead of the term's summary (not with --json); --png then draws that week",
    )
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also say why each gig left out is not in the plan and what forcing it in would cost "
        "(stacker.explain; with --json, under the key 'explanations')",
    )
    files = parser.add_argument_group("files to write (besides what is printed)")
    files.add_argument("--csv", metavar="OUT", help="write the plan's blocks as CSV (Plan.to_csv)")
    files.add_argument(
        "--ics",
        metavar="OUT",
        help="write the plan's gigs as an iCalendar file of weekly events over the term (Plan.to_ics), "
        "to import into any calendar; in the time zone of the folder's timetable.ics when it has one",
    )
    files.add_argument(
        "--ics-commitments",
        action="store_true",
        help="with --ics, write the commitments too (left out by default: importing the classes again into "
        "the calendar they came from would show them twice)",
    )
    files.add_argument(
        "--term-start",
        type=_date,
        metavar="DATE",
        help="first day of the term for --ics, YYYY-MM-DD (default: the coming Monday, today if it is one)",
    )
    files.add_argument(
        "--term-end",
        type=_date,
        metavar="DATE",
        help=f"last day of the term for --ics, YYYY-MM-DD (default: {TERM_WEEKS} weeks after the start)",
    )
    files.add_argument(
        "--png",
        metavar="OUT",
        help="draw the week (Plan.plot) into a picture; the format follows the ending of OUT "
        "(.png, .svg, .pdf, .jpg, ...; PNG when there is none, e.g. /dev/stdout)",
    )
    search = _search_group(
        parser, "stop after SECONDS with the best plan found so far (status 'feasible'); default: no limit"
    )
    search.add_argument(
        "--workers", type=_workers, default=None, metavar="N", help=f"solver threads, 1 to {MAX_WORKERS} (default 1)"
    )
    search.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show each better plan's value and the bound on stderr (default: only when stderr is a terminal)",
    )
    parser.set_defaults(run=_run_solve, check=_check_solve, parser=parser)


def _search_group(parser: argparse.ArgumentParser, time_limit_help: str) -> argparse._ArgumentGroup:
    """The "search" options both solving commands take: --time-limit and --seed."""
    search = parser.add_argument_group("search")
    search.add_argument("--time-limit", type=_non_negative_float, default=None, metavar="SECONDS", help=time_limit_help)
    search.add_argument("--seed", type=_seed, default=0, metavar="N", help="random seed of the solver (default 0)")
    return search


def _add_validate(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "validate",
        help="check a problem file or folder and list every problem in it",
        description="Read the problem in PATH and report every problem in it at once,\nwithout solving.",
        epilog=_VALIDATE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", metavar="PATH", help="problem file (.json or .toml) or folder (see below)")
    parser.set_defaults(run=_run_validate, check=None, parser=parser)


def _add_solve_many(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "solve-many",
        help="solve many problems in parallel into a results file (JSON lines)",
        description="Solve every problem in the PATHs, in parallel, appending each result to a\n"
        "JSON-lines file; print how many were solved and list the failures.",
        epilog=_SOLVE_MANY_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="problem files, problem folders, folders of problems")
    parser.add_argument("--out", required=True, metavar="RESULTS", help="the results file (JSON lines), appended to")
    where = parser.add_argument_group("where to solve").add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_processes,
        default=None,
        metavar="N",
        help="processes of the local pool (default: one per CPU); each solves with one thread",
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="solve on a Dask cluster: the address of its scheduler, e.g. tcp://10.0.0.5:8786 "
        "(needs pip install 'gig-stacker[dask]')",
    )
    _search_group(parser, "seconds per problem (status 'feasible' when it stops a search); default: no limit")
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: only when stderr is a terminal)",
    )
    parser.set_defaults(run=_run_solve_many, check=_check_solve_many, parser=parser)


# --- solve -------------------------------------------------------------------


def _check_solve(args: argparse.Namespace) -> str | None:
    """A usage error in the combination of options, or None."""
    for option in ("csv", "ics", "png"):
        if getattr(args, option) == "":
            return f"argument --{option}: the file name is empty"
    outputs = {option: getattr(args, option) for option in ("csv", "ics", "png") if getattr(args, option)}
    if args.quiet and not outputs:
        return "argument -q/--quiet: nothing would be shown or written; add --csv, --ics or --png"
    if args.week is not None and args.json:
        return "argument --week: not allowed with argument --json (--week prints one week's grid)"
    args.term_dates = bool(args.term_start or args.term_end)  # given (a term problem has its own dates)
    if not args.ics and (args.term_start or args.term_end):
        return "argument --term-start/--term-end: only used with --ics"
    if not args.ics and args.ics_commitments:
        return "argument --ics-commitments: only used with --ics"
    if args.ics:
        args.term_start = args.term_start or coming_monday()
        args.term_end = args.term_end or args.term_start + dt.timedelta(weeks=TERM_WEEKS)
        if args.term_end < args.term_start:
            return f"argument --term-end: {args.term_end} is before the term start {args.term_start}"
    inputs = {_resolved(path) for path in _input_files(Path(args.path))}
    seen: dict[Path, str] = {}
    for option, out in outputs.items():
        target = Path(out)
        where = target.parent
        if target.is_dir():
            return f"argument --{option}: {out!r} is a folder; give a file name"
        if not where.is_dir():
            return f"argument --{option}: folder {str(where)!r} does not exist"
        if _resolved(target) in inputs:
            return f"argument --{option}: {out!r} is an input file; writing it would overwrite the input"
        if _resolved(target) in seen:
            return f"argument --{option}: {out!r} is also the file of --{seen[_resolved(target)]}"
        seen[_resolved(target)] = option
    if args.png and _picture_format(Path(args.png)) is None:
        known = ", ".join(f".{name}" for name in sorted(_picture_formats()))
        return f"argument --png: cannot draw a {Path(args.png).suffix!r} picture; use a file name ending in {known}"
    return None


def coming_monday(today: dt.date | None = None) -> dt.date:
    """The default term start for ``--ics``: today if it is a Monday, else the next Monday."""
    today = today or dt.date.today()
    return today + dt.timedelta(days=-today.weekday() % 7)


def _input_files(path: Path) -> list[Path]:
    """The files reading ``path`` may use (a folder's known files), so that no output overwrites one."""
    if not path.is_dir():
        return [path]
    names = {name for names in FILES.values() for name in names}
    return [entry for entry in path.iterdir() if entry.name.lower() in names]


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:  # pragma: no cover - e.g. a symlink loop
        return path.absolute()


def _run_solve(args: argparse.Namespace) -> int:
    notes: list[str] = []
    problem = read_problem(args.path, notes)
    if not args.quiet:
        _print_notes(notes)
    if problem.term is not None:
        return _run_term(args, problem)
    if getattr(args, "week", None) is not None:
        raise ProblemError("--week: only for a problem with a term (this one plans one week that repeats)")
    show_progress = args.progress if args.progress is not None else (not args.quiet and _is_terminal(sys.stderr))
    progress = None
    if show_progress:
        progress = ProgressPrinter(sys.stderr)
        _note(
            f"solving {_count(len(problem.gigs), 'gig')} around {_count(len(problem.commitments), 'commitment')}; "
            "Ctrl-C stops with the best plan found so far"
        )
    with CtrlC() as ctrl_c:
        plan = solve(problem, time_limit=args.time_limit, seed=args.seed, workers=args.workers, progress=progress)
        ctrl_c.defer = True  # the plan is made: a Ctrl-C from now on lets it be printed and written whole
        why = _explanations(problem, plan) if args.explain else None
        code = _write_files(plan, args)  # first: the files are written even if stdout is closed early (| head)
        if args.json:
            _write(_plan_json(plan, why))
        elif not args.quiet:
            _write(summary(plan) + "\n" + week_grid(plan, width=_grid_width(plan)) + _explanation_text(why))
    if plan.interrupted and plan.status is Status.FEASIBLE:
        gap = f" (gap {plan.gap:.2f})" if plan.gap is not None else ""
        _note(f"interrupted (Ctrl-C): the plan is the best found so far{gap}")
    elif plan.interrupted and plan.status is Status.UNKNOWN:
        _note("interrupted (Ctrl-C) before any plan was found")
    elif plan.interrupted or ctrl_c.pressed:
        _note("interrupted (Ctrl-C) after the search had ended; the plan is complete")
    return EXIT_INTERRUPTED if plan.interrupted or ctrl_c.pressed else code


def _run_term(args: argparse.Namespace, problem: Problem) -> int:
    """``stacker solve`` on a problem with a term: the plan as text (or one week's grid with ``--week``) or
    ``--json``, ``--explain``, and the files ``--csv``, ``--ics`` (dated events in the term's zone), ``--png``
    (the term at a glance, or the week of ``--week``)."""
    if args.ics and getattr(args, "term_dates", False):
        raise ProblemError("--term-start/--term-end: a problem with a term writes --ics over its own dates")
    from .output.term_text import term_summary

    assert problem.term is not None
    # a date outside the term: an error before solving
    week = None if args.week is None else week_index(problem.term, args.week, "--week")
    plan = solve(problem, time_limit=args.time_limit, seed=args.seed, workers=args.workers)
    assert isinstance(plan, TermPlan)
    why = _explanations(problem, plan) if args.explain else None
    week_plan = None if week is None else plan.weeks[week].as_plan()
    shown: TermPlan | TermWeek = plan if week is None else plan.weeks[week]
    writers: list[tuple[str, str, Callable[[Path], object]]] = []
    if args.csv:
        writers.append(("--csv", args.csv, lambda path: path.write_text(plan.to_csv(), encoding="utf-8")))
    if args.ics:
        writers.append(("--ics", args.ics, lambda path: plan.to_ics(path, commitments=args.ics_commitments)))
    if args.png:
        picture_format = _picture_format(Path(args.png)) or "png"  # checked by _check_solve
        writers.append(("--png", args.png, lambda path: _save_png(shown, path, picture_format)))
    code = _write_all(writers, args)
    if args.json:
        data = plan.to_dict()
        _write(json_text(data if why is None else data | {"explanations": why}) + "\n")
    elif not args.quiet and week is not None and week_plan is not None:
        _write(_week_heading(plan.weeks[week]) + week_grid(week_plan, width=_grid_width(week_plan)))
    elif not args.quiet:
        _write(term_summary(plan) + _diagnosis_text(problem, plan) + _explanation_text(why))
    return code


def _week_heading(week: TermWeek) -> str:
    """The lines above ``--week``'s grid: the week's dates, whether a break week, its totals and caps, its gigs."""
    caps = ", ".join(f"{name} {value:g}" for name, value in week.limits.items() if value is not None)
    kind = "break week" if week.is_break else "week"
    gigs = ", ".join(f"{gig.id} {gig.hours:g} h" for gig in week.gigs)
    return (
        f"{kind.capitalize()} of {week.start} to {week.start + dt.timedelta(days=6)}: hours {week.hours:.2f}, "
        f"work hours {week.work_hours:.2f}, pay {week.pay:.2f}; caps: {caps or 'none'}\n"
        f"gigs: {gigs or 'none'}\n\n"
    )


class CtrlC:
    """SIGINT handling of ``stacker solve``, as a context manager.

    Until the plan is made, Ctrl-C raises KeyboardInterrupt as usual: while
    the input is read and the model built (there is no plan yet), and during
    the search, where :func:`stacker.solve` turns it into the best plan so
    far. Once ``defer`` is set (the plan is made), Ctrl-C is only recorded in
    ``pressed``, so that the plan is printed and written whole. Nothing
    changes when SIGINT is ignored (a job started in the background) or
    outside the main thread.
    """

    def __init__(self) -> None:
        self.pressed = False
        self.defer = False
        self._previous: Callable[[int, FrameType | None], Any] | int | None = None  # the handler to restore

    def __enter__(self) -> Self:
        main = threading.current_thread() is threading.main_thread()
        if main and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        self.defer = True
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.pressed = True
        if not self.defer:
            raise KeyboardInterrupt


def read_problem(path: str | Path, notes: list[str] | None = None) -> Problem:
    """The problem in a file (:func:`stacker.load`) or a folder (:func:`stacker.load_folder`, with its ``notes``)."""
    return load_folder(path, notes=notes) if Path(path).is_dir() else load(path)


class ProgressPrinter:
    """A ``progress(value, bound)`` callback for :func:`stacker.solve` that prints lines like

    ``stacker: progress: value 7574.00, bound 7600.00, gap 26.00 (0.3%), 4.7 s``

    to ``stream``, at most one every ``every`` seconds (the first at once).
    Called from the solver's thread; a failing write is ignored so that it
    can never break the search.
    """

    def __init__(self, stream: TextIO, every: float = PROGRESS_EVERY, clock: Callable[[], float] = time.monotonic):
        self.stream, self.every, self.clock = stream, every, clock
        self.started = clock()
        self.last: float | None = None

    def __call__(self, value: float, bound: float) -> None:
        now = self.clock()
        if self.last is not None and now - self.last < self.every:
            return
        self.last = now
        gap = max(bound - value, 0.0)
        share = f" ({gap / abs(bound):.1%})" if bound else ""
        line = (
            f"{PROG}: progress: value {value:.2f}, bound {bound:.2f}, gap {gap:.2f}{share}, {now - self.started:.1f} s"
        )
        with contextlib.suppress(Exception):  # a closed or broken stderr must not stop the solver
            self.stream.write(line + "\n")
            self.stream.flush()


def _timetable_zone(args: argparse.Namespace) -> Any:
    """The time zone of the input folder's timetable.ics (None: none, or floating times: the calendar app's zone)."""
    timetable = Path(args.path) / "timetable.ics"
    if not Path(args.path).is_dir() or not timetable.is_file():
        return None
    try:
        return calendar_zone(timetable)
    except ProblemError:  # it was read for the plan already; a problem with it is reported there
        return None


def _write_files(plan: Plan, args: argparse.Namespace) -> int:
    """Write the files asked for; each one appears whole or not at all. Returns the exit status."""
    writers: list[tuple[str, str, Callable[[Path], object]]] = []
    if args.csv:
        writers.append(("--csv", args.csv, lambda path: path.write_text(plan.to_csv(), encoding="utf-8")))
    if args.ics:
        zone = _timetable_zone(args)

        def write_ics(path: Path) -> None:
            plan.to_ics(path, args.term_start, args.term_end, commitments=args.ics_commitments, tz=zone)

        writers.append(("--ics", args.ics, write_ics))
    if args.png:
        picture_format = _picture_format(Path(args.png)) or "png"  # checked by _check_solve
        writers.append(("--png", args.png, lambda path: _save_png(plan, path, picture_format)))
    return _write_all(writers, args)


def _write_all(writers: list[tuple[str, str, Callable[[Path], object]]], args: argparse.Namespace) -> int:
    """Run each ``(option, file, write)``; each file appears whole or not at all. Returns the exit status."""
    code = EXIT_OK
    for option, out, write in writers:
        try:
            _write_whole(Path(out), write)
        except OSError as error:
            reason = error.strerror or str(error)
            print(f"{PROG}: error: {option}: cannot write {out}: {reason}", file=sys.stderr)
            code = EXIT_BAD_INPUT
            continue
        if not args.quiet:
            _note(f"wrote {out}")
    return code


def _save_png(plan: Plan | TermPlan | TermWeek, path: Path, picture_format: str) -> None:
    figure = plan.plot()
    figure.savefig(path, format=picture_format)


def _picture_formats() -> set[str]:
    """The picture formats matplotlib writes (png, svg, pdf, jpg, ...)."""
    from matplotlib.backend_bases import FigureCanvasBase

    return set(FigureCanvasBase.get_supported_filetypes())


def _picture_format(path: Path) -> str | None:
    """The format the file name asks for (PNG without an ending), or None when matplotlib cannot write it."""
    ending = path.suffix.lower().lstrip(".")
    if not ending:
        return "png"
    return ending if ending in _picture_formats() else None


def _write_whole(target: Path, write: Callable[[Path], object]) -> None:
    """Write the file ``target`` names, whole or not at all, even on Ctrl-C.

    A symlink is followed (its target is written, the link stays). A regular
    file (or a new one) is written into a temporary file beside it and
    renamed into place. A device or a FIFO (``/dev/stdout``, a pipe) cannot
    be replaced: it is written directly.
    """
    real = Path(os.path.realpath(target))
    if real.exists() and not real.is_file():
        write(real)
        return
    temporary = real.with_name(f".{real.stem}.{os.getpid()}.tmp{real.suffix}")
    try:
        write(temporary)
        os.replace(temporary, real)
    finally:
        temporary.unlink(missing_ok=True)


def _grid_width(plan: Plan) -> int:
    """Day columns as wide as the longest id needs, within the terminal (80 columns when piped)."""
    columns = shutil.get_terminal_size().columns
    longest = max((len(block.id) + 1 for block in plan.blocks), default=0)
    return max(GRID_WIDTH, min(longest, (columns - 12) // 7))


def _plan_json(plan: Plan, why: list[dict] | None = None) -> str:
    data = plan.to_dict() if why is None else plan.to_dict() | {"explanations": why}
    return json_text(data) + "\n"


def _explanations(problem: Problem, plan: Plan) -> list[dict] | None:
    """One ``{gig, fits, cost, reason, displaces}`` per gig left out (None without a plan)."""
    if not plan.status.has_plan:
        return None
    from .analysis.explain import explain

    frame = explain(problem, plan).gigs
    return [
        {
            "gig": row["gig"],
            "fits": bool(row["fits"]),
            "cost": None if row["cost"] != row["cost"] else float(row["cost"]),  # NaN: it cannot fit
            "reason": row["reason"],
            "displaces": list(row["displaces"]),
        }
        for row in frame.to_dict("records")
    ]


def _diagnosis_text(problem: Problem, plan: Any) -> str:
    """For an infeasible term: its minimal conflict and the fixes (``stacker.diagnose``), else nothing."""
    if plan.status is not Status.INFEASIBLE:
        return ""
    from .analysis.diagnose import diagnose

    return f"\nWhy (stacker.diagnose): {diagnose(problem).why()}\n"


def _explanation_text(why: list[dict] | None) -> str:
    if not why:
        return ""
    lines = ["", "Why not chosen (cost of forcing it in):"]
    lines += [f"  {item['gig']}: {item['reason']}" for item in why]
    return "\n".join(lines) + "\n"


# --- validate ----------------------------------------------------------------


def _run_validate(args: argparse.Namespace) -> int:
    notes: list[str] = []
    try:
        problem = read_problem(args.path, notes)
    except ProblemError as error:
        _print_errors(error)
        print(f"{PROG}: {args.path}: {_count(len(error.errors), 'problem')} found", file=sys.stderr)
        return EXIT_BAD_INPUT
    _print_notes(notes)
    _write(f"ok: {_count(len(problem.commitments), 'commitment')}, {_count(len(problem.gigs), 'gig')}\n")
    return EXIT_OK


# --- solve-many --------------------------------------------------------------

PROBLEM_ENDINGS = (".json", ".toml")  # what a problem file's name ends with, in a folder of problems


def _check_solve_many(args: argparse.Namespace) -> str | None:
    """A usage error, or None; sets ``args.problems`` (key -> path) and ``args.skipped`` (entries left out)."""
    out = Path(args.out)
    if not args.out or out.is_dir():
        return f"argument --out: {args.out!r} is a folder; give a file name"
    if not out.absolute().parent.is_dir():
        return f"argument --out: folder {str(out.parent)!r} does not exist"
    args.problems, args.skipped = {}, []
    for given in args.paths:
        path = Path(given)
        if not path.exists():
            return f"argument PATH: {given!r} does not exist"
        found = problem_paths(given, args.skipped)
        if not found:
            return f"argument PATH: {given!r} is a folder without problem files or problem folders"
        for key in found:
            if key in args.problems or _resolved(Path(key)) == _resolved(out):
                what = "the results file" if _resolved(Path(key)) == _resolved(out) else "given twice"
                return f"argument PATH: {key!r} is {what}"
            args.problems[key] = key
    return None


def problem_paths(given: str, skipped: list[str]) -> list[str]:
    """The problems a PATH of ``solve-many`` stands for, as paths that are their keys.

    A file is a problem file; a folder holding one of the files
    :func:`stacker.load_folder` reads is a problem folder; any other folder is
    a folder of problems: its ``.json`` and ``.toml`` files and its problem
    folders, by name. Its other entries are appended to ``skipped``.
    """
    path = Path(given)
    if not path.is_dir() or _is_problem_folder(path):
        return [given]
    found: list[str] = []
    for entry in sorted(path.iterdir(), key=lambda entry: entry.name):
        key = os.path.join(given, entry.name)
        problem = entry.is_file() and entry.suffix.lower() in PROBLEM_ENDINGS
        (found if problem or (entry.is_dir() and _is_problem_folder(entry)) else skipped).append(key)
    return found


def _is_problem_folder(path: Path) -> bool:
    names = {name for names in FILES.values() for name in names}
    return any(entry.name.lower() in names for entry in path.iterdir())


def _run_solve_many(args: argparse.Namespace) -> int:
    for key in args.skipped:
        _note(f"note: skipped {key}: not a problem file (.json, .toml) or a problem folder")
    earlier = set(read_results(Path(args.out))[0]) & set(args.problems)
    progress = args.progress if args.progress is not None else _is_terminal(sys.stderr)
    started = time.monotonic()
    with contextlib.ExitStack() as stack:
        executor: Any = args.workers
        if args.scheduler:
            client = _dask_client(args.scheduler)
            if client is None:
                return EXIT_BAD_INPUT
            executor = stack.enter_context(client).get_executor()
        try:
            answers = solve_many(
                args.problems,
                executor=executor,
                time_limit=args.time_limit,
                seed=args.seed,
                progress=progress,
                results=args.out,
            )
        except KeyboardInterrupt:
            _note(f"interrupted (Ctrl-C): the problems finished are in {args.out}; run again to solve the rest")
            return EXIT_INTERRUPTED
    assert isinstance(answers, dict)
    failures = [answer for answer in answers.values() if isinstance(answer, Failure)]
    for failure in failures:
        for line in failure.message.splitlines() or [""]:
            print(f"{PROG}: failed: {failure.key}: {failure.error}: {line}", file=sys.stderr)
    before = f" ({len(earlier)} from an earlier run)" if earlier else ""
    _write(
        f"{_count(len(answers), 'problem')}: {len(answers) - len(failures)} solved, {len(failures)} failed{before}; "
        f"{time.monotonic() - started:.1f} s; results in {args.out}\n"
    )
    return EXIT_BAD_INPUT if failures else EXIT_OK


def _dask_client(address: str) -> Any:
    """A Dask client connected to the scheduler at ``address``, or None (the reason printed)."""
    try:
        from distributed import Client
    except ImportError:
        print(f"{PROG}: error: --scheduler needs Dask: pip install 'gig-stacker[dask]'", file=sys.stderr)
        return None
    try:
        return Client(address, timeout=DASK_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as error:
        print(f"{PROG}: error: --scheduler: cannot connect to {address}: {error}", file=sys.stderr)
        return None


# --- helpers -----------------------------------------------------------------


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _note(text: str) -> None:
    print(f"{PROG}: {text}", file=sys.stderr, flush=True)


def _print_notes(notes: list[str]) -> None:
    for message in notes:
        _note(f"note: {message}")


def _print_errors(error: ProblemError) -> None:
    for message in error.errors:
        print(f"{PROG}: error: {message}", file=sys.stderr)


def _write(text: str, chunk: int = 2048) -> None:
    """Print ``text`` on stdout in pieces smaller than its buffer.

    One big ``write`` to a pipe loses the rest of the text when a signal
    (Ctrl-C, which :class:`CtrlC` defers while a plan is printed) arrives
    while the pipe is full (seen with CPython 3.11: the buffered writer drops
    what the interrupted system call had not written); small pieces go
    through the buffer, which retries.
    """
    for start in range(0, len(text), chunk):
        sys.stdout.write(text[start : start + chunk])
    sys.stdout.flush()


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a date YYYY-MM-DD, got {text!r}") from None


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text!r}")
    return value


def _int(text: str, lowest: int, highest: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if not lowest <= value <= highest:
        raise argparse.ArgumentTypeError(f"must be from {lowest} to {highest}, got {text!r}")
    return value


def _seed(text: str) -> int:
    return _int(text, 0, MAX_SEED)


def _workers(text: str) -> int:
    return _int(text, 1, MAX_WORKERS)


def _processes(text: str) -> int:
    return _int(text, 1, MAX_PROCESSES)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``stacker`` command with ``argv`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status (see the module docstring); argparse itself exits
        with 2 on a usage error and 0 after ``--help`` or ``--version``.
    """
    args, unknown = build_parser().parse_known_args(argv)
    if unknown:  # reported with the usage of the subcommand they were given to, not the top level's
        args.parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    if args.check is not None:
        problem = args.check(args)
        if problem is not None:
            args.parser.error(problem)  # exits with 2
    try:
        return args.run(args)
    except ProblemError as error:
        _print_errors(error)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # the reader went away (``stacker solve x | head``): not an error;
        # point stdout at devnull so that the flush at exit does not fail
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
