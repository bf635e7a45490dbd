"""The ``stacker`` command line.

``stacker solve PATH`` reads a problem file, solves it and prints the plan:
a readable summary and a week grid (:mod:`stacker.render`), or with
``--json`` exactly ``json.dumps(plan.to_dict(), indent=2)``.

Exit status: 0 when a plan was printed, whatever its status (an infeasible
problem is an answer, not a failure: the plan says why); 1 when the input is
bad (each :class:`~stacker.errors.ProblemError` message goes to stderr, no
traceback); 2 for a usage error (argparse's convention); 130 on Ctrl-C.

Each subcommand is a ``_add_<name>`` function that declares its arguments
and a ``_run_<name>`` function that does the work and returns the exit code.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence

from . import __version__
from .errors import ProblemError
from .io import load
from .plan import Plan
from .render import summary, week_grid
from .solve import solve

PROG = "stacker"

EXIT_OK = 0
EXIT_BAD_INPUT = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

GRID_WIDTH = 9  # characters per day column of the week grid, at least

_EXIT_STATUS = """\
exit status:
  0  a plan was printed, whatever its status (infeasible and unknown
     included: check "status" and "reasons")
  1  bad input: the file cannot be read or the problem in it is invalid
     (every problem found is listed on stderr)
  2  usage error (unknown option, missing argument, bad option value)"""

_MAIN_EPILOG = f"""\
examples:
  stacker solve examples/week.json                 the plan as tables and a week grid
  stacker solve week.toml --json > plan.json       the plan as JSON
  stacker solve week.json --time-limit 10 --seed 1
  stacker solve --help                             every option of solve

{_EXIT_STATUS}"""

_SOLVE_EPILOG = f"""\
examples:
  stacker solve examples/week.json
  stacker solve week.toml --json > plan.json
  stacker solve week.json --time-limit 10        best plan found in 10 s
  stacker solve week.json --seed 3 --workers 4   another deterministic search

The same file, seed and workers give the same plan on every run (unless a
time limit cuts the search short). Among plans of equal value stacker takes
the one with the fewest gig hours.

{_EXIT_STATUS}"""


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
    return parser


def _add_solve(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "solve",
        help="solve a problem file and print the plan",
        description="Solve the problem in PATH and print the plan: status, chosen gigs,\n"
        "totals, excluded gigs and a week grid.",
        epilog=_SOLVE_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", metavar="PATH", help="problem file (.json or .toml)")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the plan as JSON (the shape of Plan.to_dict()) instead of text",
    )
    parser.add_argument(
        "--time-limit",
        type=_non_negative_float,
        default=None,
        metavar="SECONDS",
        help="stop after SECONDS with the best plan found so far (status 'feasible'); default: no limit",
    )
    parser.add_argument(
        "--seed", type=_non_negative_int, default=0, metavar="N", help="random seed of the solver (default 0)"
    )
    parser.add_argument("--workers", type=_positive_int, default=None, metavar="N", help="solver threads (default 1)")
    parser.set_defaults(run=_run_solve)


def _run_solve(args: argparse.Namespace) -> int:
    problem = load(args.path)
    plan = solve(problem, time_limit=args.time_limit, seed=args.seed, workers=args.workers)
    _write(_plan_json(plan) if args.json else summary(plan) + "\n" + week_grid(plan, width=_grid_width(plan)))
    return EXIT_OK


def _grid_width(plan: Plan) -> int:
    """Day columns as wide as the longest id needs, within the terminal (80 columns when piped)."""
    columns = shutil.get_terminal_size().columns
    longest = max((len(block.id) + 1 for block in plan.blocks), default=0)
    return max(GRID_WIDTH, min(longest, (columns - 12) // 7))


def _plan_json(plan: Plan) -> str:
    return json.dumps(plan.to_dict(), indent=2) + "\n"


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()


def _non_negative_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a number of seconds, got {text!r}") from None
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"must be a finite number >= 0, got {text!r}")
    return value


def _int(text: str, lowest: int) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"must be a whole number, got {text!r}") from None
    if value < lowest:
        raise argparse.ArgumentTypeError(f"must be >= {lowest}, got {text!r}")
    return value


def _non_negative_int(text: str) -> int:
    return _int(text, 0)


def _positive_int(text: str) -> int:
    return _int(text, 1)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``stacker`` command with ``argv`` (default ``sys.argv[1:]``).

    Returns
    -------
    int
        The exit status (see the module docstring); argparse itself exits
        with 2 on a usage error and 0 after ``--help`` or ``--version``.
    """
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ProblemError as error:
        for message in error.errors:
            print(f"{PROG}: error: {message}", file=sys.stderr)
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
