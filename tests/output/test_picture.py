"""The week picture: plan.plot() draws one rectangle per block, labels that never overlap, a summary title."""

from __future__ import annotations

import io
import itertools
import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from checker import assert_plan_is_feasible
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

import stacker
from stacker import Commitment, Gig, Limits, Problem
from stacker.output.colors import GIG_COLORS, KIND_COLORS
from stacker.output.picture import plot_plan
from stacker.problem.week import pieces

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def solved(problem: Problem) -> stacker.Plan:
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    return plan


def crowded_problem(seed: int = 1) -> Problem:
    """Every day 07:00-23:00 packed with 15- to 90-minute blocks, long and short ids, all kinds."""
    rng = random.Random(seed)
    names = ["x", "lab", "tutoring-session", "very-long-identifier-for-a-gig", "QA", "help desk", "reading-group"]
    commitments, gigs = [], []
    for d, day in enumerate(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]):
        start, k = 7 * 60 + rng.choice([0, 15, 30]), 0
        while True:
            end = start + rng.choice([15, 15, 30, 30, 45, 60, 90])
            if end > 23 * 60:
                break
            session = f"{day} {start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"
            ident = f"{rng.choice(names)}-{d}{k}"
            if k % 3 == 0:
                commitments.append(Commitment(ident, [session], kind=rng.choice(["class", "volunteer", "other"])))
            else:
                gigs.append(Gig(ident, pay_rate=rng.randint(12, 30), relevance=rng.random(), sessions=[session]))
            k += 1
            start = end + rng.choice([0, 0, 15, 30])
    return Problem(commitments, gigs, Limits(max_hours=168))


def rectangles(ax) -> list[Rectangle]:
    return [patch for patch in ax.patches if isinstance(patch, Rectangle)]


def labels(ax) -> list:
    return [text for text in ax.texts if text.get_text()]


def overlap(a, b, tol: float = 0.0) -> bool:
    return a.x0 < b.x1 - tol and b.x0 < a.x1 - tol and a.y0 < b.y1 - tol and b.y0 < a.y1 - tol


def inside(inner, outer, tol: float = 0.5) -> bool:
    return (
        inner.x0 >= outer.x0 - tol and inner.x1 <= outer.x1 + tol and inner.y0 >= outer.y0 - tol
        and inner.y1 <= outer.y1 + tol
    )  # fmt: skip


def assert_readable(fig: Figure, plan: stacker.Plan, ax=None) -> None:
    """One rectangle per block piece; no two rectangles or labels overlap; each label inside its block."""
    ax = ax or fig.axes[0]
    renderer = fig.canvas.get_renderer()
    rects = rectangles(ax)
    expected = sorted(b.id for b in plan.blocks for _ in pieces(b.start, b.end))
    assert sorted(r.get_gid() for r in rects) == expected
    boxes = [r.get_window_extent(renderer) for r in rects]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not overlap(a, b, tol=0.5), (a, b)
    texts = labels(ax)
    extents = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(extents):
        for j, b in enumerate(extents[i + 1 :], i + 1):
            assert not overlap(a, b), f"labels overlap: {texts[i].get_text()!r} and {texts[j].get_text()!r}"
    for text, extent in zip(texts, extents):
        gid = text.get_gid() or ""
        if gid.startswith("label:"):
            homes = [box for r, box in zip(rects, boxes) if r.get_gid() == gid[len("label:") :]]
            assert any(inside(extent, home) for home in homes), f"label {text.get_text()!r} leaves its block"
    # every short code used in a block is explained in the legend
    legend = ax.get_legend()
    entries = [t.get_text() for t in legend.get_texts()] if legend else []
    for text in texts:
        code = text.get_text().lstrip("\u2026")
        if re.fullmatch(r"[GC]\d+", code):
            ident = text.get_gid()[len("label:") :]
            assert any(entry.startswith(f"{code} = {ident}") for entry in entries), (code, ident, entries)


@pytest.fixture(scope="module")
def week_plan(example_plan) -> stacker.Plan:
    return example_plan  # solved once for the session, checked by the checker (tests/conftest.py)


@pytest.fixture(scope="module")
def crowded_plan() -> stacker.Plan:
    plan = solved(crowded_problem())
    assert len(plan.blocks) > 100
    return plan


def test_example_week_picture(week_plan):
    fig = week_plan.plot()
    assert isinstance(fig, Figure)
    assert_readable(fig, week_plan)
    ax = fig.axes[0]
    title = ax.get_title(loc="left")
    totals = week_plan.totals
    assert "optimal" in title
    for part in (f"pay {totals.pay:.2f}", f"value {totals.value:.2f}", f"work {totals.work_hours:.1f} h",
                 f"hours {totals.hours:.1f} h", f"{len(week_plan.gigs)} gigs"):  # fmt: skip
        assert part in title, part
    # every block labelled with its id and hours on this roomy week
    texts = " ".join(t.get_text() for t in labels(ax))
    for block in week_plan.blocks:
        assert block.id in texts
    assert "50 min" in texts and "2 h" in texts
    # colours: commitments by kind, each gig its own
    faces = {r.get_gid(): to_hex(r.get_facecolor()) for r in rectangles(ax)}
    for commitment in week_plan.problem.commitments:
        assert faces[commitment.id] == KIND_COLORS[commitment.kind]
    gig_faces = [faces[g.id] for g in week_plan.gigs]
    assert len(set(gig_faces)) == len(gig_faces)
    assert not set(gig_faces) & set(KIND_COLORS.values())
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    assert buffer.getvalue().startswith(b"\x89PNG")


def test_block_past_midnight_goes_on_in_the_next_day_column(week_plan):
    fig = week_plan.plot()
    ax = fig.axes[0]
    night = [r for r in rectangles(ax) if r.get_gid() == "night-lounge"]  # Fri 22:00-02:00
    assert len(night) == 2
    friday, saturday = sorted(night, key=lambda r: r.get_x())
    assert 4 < friday.get_x() < 5 and 5 < saturday.get_x() < 6
    assert saturday.get_y() == 0  # the top of Saturday: 00:00 is the earliest hour shown
    assert ax.get_yticklabels()[0].get_text() == "00:00"
    assert any(t.get_text().startswith("\u2026 night-lounge") for t in labels(ax))  # the part that goes on


def test_sunday_night_wraps_to_monday():
    problem = Problem(gigs=[Gig("monitor", pay_rate=17, sessions=["Sun 23:00-01:00"])])
    plan = solved(problem)
    fig = plan.plot()
    assert_readable(fig, plan)
    xs = sorted(r.get_x() for r in rectangles(fig.axes[0]))
    assert 0 < xs[0] < 1 and 6 < xs[1] < 7


def test_empty_hours_are_hidden():
    problem = Problem(
        commitments=[Commitment("MATH 201", ["Mon 09:30-10:20"])],
        gigs=[Gig("tutor", pay_rate=20, sessions=["Tue 14:00-15:00"])],
    )
    plan = solved(problem)
    fig = plan.plot()
    ax = fig.axes[0]
    assert_readable(fig, plan)
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks[0] == "09:00" and ticks[-1] == "15:00"
    assert "12:00" not in ticks  # 11:00-14:00 is empty: cut out
    assert ax.get_ylim() == pytest.approx((2 + 0.6 + 1, 0))  # 09-11, a thin band, 14-15
    assert "no blocks 11:00-14:00" in [t.get_text() for t in ax.texts]


def test_crowded_week_labels_never_overlap(crowded_plan):
    fig = crowded_plan.plot()
    assert_readable(fig, crowded_plan)
    labelled = {t.get_gid() for t in labels(fig.axes[0])}
    assert len(labelled) >= 0.95 * len(crowded_plan.blocks)  # shrunk or abbreviated, but nearly all labelled


def test_crowded_week_in_a_small_axes(crowded_plan):
    fig = Figure(figsize=(7, 5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    assert crowded_plan.plot(ax=ax) is fig
    assert_readable(fig, crowded_plan, ax)
    assert any(re.fullmatch(r"\u2026?[GC]\d+", t.get_text()) for t in labels(ax))  # abbreviated in the legend
    ticks = [t for t in ax.get_yticklabels() if t.get_text()]
    renderer = fig.canvas.get_renderer()
    extents = [t.get_window_extent(renderer) for t in ticks]
    assert not any(overlap(a, b) for a, b in itertools.pairwise(extents))


def test_infeasible_plan_draws_clashing_commitments_side_by_side():
    problem = Problem(
        commitments=[
            Commitment("MATH 201", ["Mon 09:00-10:30"]),
            Commitment("BIO 110", ["Mon 10:00-11:00"]),
            Commitment("Choir", ["Mon 10:15-10:45"], kind="other"),
        ]
    )
    plan = stacker.solve(problem)
    assert plan.status is stacker.Status.INFEASIBLE
    assert_plan_is_feasible(problem, plan)  # the checker's infeasibility check
    fig = plan.plot()
    assert_readable(fig, plan)
    ax = fig.axes[0]
    assert "infeasible" in ax.get_title(loc="left") and "clashes" in ax.get_title(loc="left")
    assert {to_hex(r.get_edgecolor()) for r in rectangles(ax)} == {"#d62728"}


def test_plan_without_blocks():
    plan = solved(Problem())
    fig = plan.plot()
    assert rectangles(fig.axes[0]) == []
    assert "nothing scheduled" in [t.get_text() for t in fig.axes[0].texts]


def test_more_gigs_than_colours_cycle():
    days = ["Mon", "Tue", "Wed", "Thu", "Fri"]
    gigs = [
        Gig(f"g{i}", pay_rate=10 + i, sessions=[f"{days[i % 5]} {8 + i // 5:02d}:00-{8 + i // 5:02d}:45"])
        for i in range(len(GIG_COLORS) + 3)
    ]
    problem = Problem(gigs=gigs, limits=Limits(max_hours=168))
    plan = solved(problem)
    fig = plot_plan(plan)
    assert_readable(fig, plan)
    faces = {r.get_gid(): to_hex(r.get_facecolor()) for r in rectangles(fig.axes[0])}
    assert faces["g0"] == faces[f"g{len(GIG_COLORS)}"] == GIG_COLORS[0]


def test_draws_into_any_figure_and_never_uses_pyplot(tmp_path, week_plan):
    fig = Figure(figsize=(9, 7))  # no canvas attached: a renderer is made for measuring
    ax = fig.add_subplot()
    assert plot_plan(week_plan, ax) is fig
    fig.savefig(tmp_path / "week.png")
    assert (tmp_path / "week.png").read_bytes().startswith(b"\x89PNG")
    script = (
        "import sys, stacker\n"
        f"plan = stacker.solve(stacker.load({str(EXAMPLES / 'week.json')!r}))\n"
        f"plan.plot().savefig({str(tmp_path / 'sub.png')!r})\n"
        "assert 'matplotlib.pyplot' not in sys.modules\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "MPLBACKEND")}
    root = str(EXAMPLES.parent)
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    subprocess.run([sys.executable, "-c", script], check=True, env=env, cwd=tmp_path, timeout=60)
    assert (tmp_path / "sub.png").read_bytes().startswith(b"\x89PNG")


def test_day_labels_say_what_does_not_count_toward_the_caps():
    problem = Problem(
        commitments=[
            Commitment("MATH 201", sessions=["Mon 09:00-10:30"]),
            Commitment("Food bank", kind="volunteer", counts_toward_cap=False, sessions=["Sat 09:00-12:00"]),
        ],
        gigs=[Gig("tutor", pay_rate=20, sessions=["Mon 18:00-19:00"])],
    )
    plan = solved(problem)
    labels = [tick.get_text() for tick in plot_plan(plan).axes[0].get_xticklabels()]
    assert labels[0] == "Mon\n2.5 h"  # the class and the gig count
    assert labels[5] == "Sat\n0.0 h\n+3.0 h not counted"
    assert labels[6] == "Sun"
