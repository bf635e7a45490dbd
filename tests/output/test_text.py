"""The text of a plan (stacker/output/text.py, ``stacker.render``): the week grid and the summary, on plans
built by hand.
"""

from __future__ import annotations

import re

from checker import assert_plan_is_feasible

import stacker
from stacker import Commitment, Gig, Problem, render
from stacker.plan import Block, ChosenGig, Plan, Status, Totals
from stacker.problem.week import DAYS, parse_intervals


def _blocks(ident: str, kind: str, *texts: str) -> list[Block]:
    return [Block(ident, kind, start, end) for text in texts for start, end in parse_intervals(text)]


def _plan(blocks: list[Block], gigs: tuple[ChosenGig, ...] = (), status: Status = Status.OPTIMAL) -> Plan:
    blocks = sorted(blocks, key=lambda b: (b.start, b.end, b.id))
    work = sum(g.hours for g in gigs)
    return Plan(
        status=status,
        objective=sum(g.value for g in gigs),
        bound=sum(g.value for g in gigs),
        gigs=gigs,
        blocks=tuple(blocks),
        totals=Totals(hours=sum(b.hours for b in blocks), work_hours=work, pay=0.0, value=0.0),
        excluded=(),
        reasons=(),
        solve_time=0.0,
        problem=stacker.Problem(),
    )


def grid_cells(text: str) -> dict[tuple[str, str], str]:
    """Parse a week grid into ``{(time, day): cell}`` for the non-empty cells."""
    lines = text.splitlines()
    header = next(i for i, line in enumerate(lines) if line.split() == list(DAYS))
    columns = [lines[header].index(day) for day in DAYS]
    cells = {}
    for line in lines[header + 1 :]:
        if line.strip() == "...":
            continue
        if not re.match(r"\d\d:\d\d", line):
            break
        time = line[:5]
        for day, col, nxt in zip(DAYS, columns, [*columns[1:], None]):
            cell = line[col:nxt].strip()
            if cell:
                cells[(time, day)] = cell
    return cells


def test_week_grid_block_past_midnight_goes_on_next_day() -> None:
    plan = _plan(_blocks("MATH", "class", "Fri 09:00-09:50") + _blocks("night", "gig", "Fri 22:00-02:00"))
    text = render.week_grid(plan)
    cells = grid_cells(text)
    assert cells[("09:00", "Fri")] == "#MATH"
    assert cells[("09:30", "Fri")] == "#"
    assert cells[("22:00", "Fri")] == "*night"
    assert cells[("22:30", "Fri")] == cells[("23:30", "Fri")] == "*"
    assert cells[("00:00", "Sat")] == "*night"  # the part after midnight, labelled in its own column
    assert cells[("01:30", "Sat")] == "*"
    assert ("02:00", "Sat") not in cells and ("00:00", "Fri") not in cells
    # only hours with blocks get rows; the gaps are one "..." row each
    times = [line[:5] for line in text.splitlines()[2:] if line.strip() != "..."]
    assert times == ["00:00", "00:30", "01:00", "01:30", "09:00", "09:30", "22:00", "22:30", "23:00", "23:30"]
    assert text.count("  ...") == 2


def test_week_grid_sunday_night_wraps_to_monday() -> None:
    plan = _plan(_blocks("late", "gig", "Sun 23:00-01:30") + _blocks("Choir", "other", "Sun 20:00-21:00"))
    cells = grid_cells(render.week_grid(plan))
    assert cells[("23:00", "Sun")] == "*late" and cells[("23:30", "Sun")] == "*"
    assert cells[("00:00", "Mon")] == "*late"
    assert cells[("01:00", "Mon")] == "*"
    assert ("01:30", "Mon") not in cells
    assert cells[("20:00", "Sun")] == "=Choir" and cells[("20:30", "Sun")] == "="
    assert not any(day == "Sat" for _, day in cells)


def test_week_grid_partial_cells_overlaps_and_empty_week() -> None:
    # a block that ends inside a cell shares it with the next one, which is labelled there
    plan = _plan(_blocks("A", "class", "Tue 09:00-09:50") + _blocks("g", "gig", "Tue 09:50-11:00"))
    cells = grid_cells(render.week_grid(plan))
    assert cells[("09:30", "Tue")] == "*g" and cells[("10:30", "Tue")] == "*"
    # commitments that clash (an infeasible plan) are marked
    clash = _plan(
        _blocks("A", "class", "Mon 09:00-11:00") + _blocks("B", "volunteer", "Mon 10:00-12:00"),
        status=Status.INFEASIBLE,
    )
    text = render.week_grid(clash)
    assert "! overlap" in text and grid_cells(text)[("10:00", "Mon")] == "!~B"
    assert "nothing scheduled" in render.week_grid(_plan([]))


def test_week_grid_lines_fit_a_terminal() -> None:
    every_day = _blocks("a-very-long-commitment-name", "class", "Mon-Sun 08:00-20:00")
    text = render.week_grid(_plan(every_day))
    assert max(len(line) for line in text.splitlines()) <= 80


def test_summary_lists_gigs_totals_and_gap() -> None:
    gig = ChosenGig("tutor", "Math tutor", 4.0, 88.0, 149.0, 0.9, True, True)
    plan = _plan(_blocks("tutor", "gig", "Tue,Thu 18:00-20:00"), (gig,), status=Status.FEASIBLE)
    plan = Plan(**{**plan.__dict__, "bound": 160.0})
    text = render.summary(plan)
    assert "Status: feasible" in text
    assert "Gap: 11.00" in text
    row = next(line for line in text.splitlines() if line.strip().startswith("tutor"))
    assert row.split() == ["tutor", "Math", "tutor", "4.00", "88.00", "0.90", "yes", "149.00"]
    assert "Tue, 2.00 h" in text or "Thu, 2.00 h" in text  # busiest day


def test_week_grid_lists_ids_cut_to_fit() -> None:
    plan = _plan(
        _blocks("stats-consult", "gig", "Mon 10:00-11:00") + _blocks("Food bank", "volunteer", "Sat 09:00-10:00")
    )
    text = render.week_grid(plan)
    assert grid_cells(text)[("10:00", "Mon")] == "*stats-co"
    assert text.splitlines()[-1] == "Ids cut to fit: stats-co = stats-consult, Food ban = Food bank"
    wide = render.week_grid(plan, width=14)
    assert grid_cells(wide)[("10:00", "Mon")] == "*stats-consult" and "cut to fit" not in wide


def test_ids_cut_to_the_same_label_get_distinct_numbered_labels():
    classes = [
        Commitment("INF 101 Algorithmen", sessions=["Mon 09:00-10:30"]),
        Commitment("INF 101 Übung", sessions=["Tue 09:00-10:30"]),
    ]
    problem = Problem(commitments=classes, gigs=[Gig("tutor", pay_rate=20, sessions=["Wed 09:00-10:00"])])
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    grid = stacker.render.week_grid(plan)
    assert "09:00 #INF 10~1 #INF 10~2 *tutor" in grid
    assert "Ids cut to fit: INF 10~1 = INF 101 Algorithmen, INF 10~2 = INF 101 Übung" in grid


def test_short_labels_are_distinct_and_short():
    from stacker.output.text import short_labels

    ids = ["abcdefgh1", "abcdefgh2", "abcdef~1", "x", "abcdefgh1"]
    labels = short_labels(ids, 8)
    assert set(labels) == set(ids)
    assert len(set(labels.values())) == len(labels)
    assert all(len(label) <= 8 for label in labels.values())
    assert labels["x"] == "x" and labels["abcdef~1"] == "abcdef~1"
