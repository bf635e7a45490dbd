"""One colour scheme (stacker/output/colors.py): the week picture and the term picture draw each kind of item alike.

A gig keeps its colour from the term picture in each of its weeks' pictures (even where it is not the week's
first gig), a commitment has its kind's colour in both, and both pictures render to PNG.
"""

from __future__ import annotations

from checker import assert_plan_is_feasible
from matplotlib.colors import to_hex
from term_checker import assert_term_plan_is_feasible

import stacker
from stacker import Commitment, Gig, Problem, Term
from stacker.output.colors import GIG_COLORS, KIND_COLORS, gig_colors, item_colors

PNG = b"\x89PNG\r\n\x1a\n"
COMMITMENTS = [
    Commitment("MATH", ["Mon 09:00-10:00"]),
    Commitment("food bank", ["Sat 09:00-12:00"], kind="volunteer", counts_toward_cap=True),
]
GIGS = [
    Gig("late", pay_rate=30, sessions=["Tue 18:00-20:00"], start="2027-03-08"),  # the second week only
    Gig("tutor", pay_rate=20, sessions=["Wed 18:00-20:00"]),
    Gig("desk", pay_rate=15, hours=3, windows=["Thu 09:00-17:00"]),
]


def _faces(ax, strip: bool = False) -> dict[str, str]:
    """Each block's (or, ``strip``, bar segment's: the gid before ``|``) face colour by gid."""
    out = {}
    for patch in ax.patches:
        gid = patch.get_gid() or ""
        if gid and (not strip or "|" in gid) and not gid.startswith(("cap:", "break|")):
            out[gid.split("|")[0] if strip else gid] = to_hex(patch.get_facecolor())
    return out


def test_the_lookups():
    assert gig_colors(["a", "b"]) == {"a": GIG_COLORS[0], "b": GIG_COLORS[1]}
    colors = item_colors(
        ["a"], [("a", "gig"), ("MATH", "class"), ("shelter", "volunteer"), ("bus", "travel"), ("odd", "party")]
    )
    assert colors == {"a": GIG_COLORS[0], "MATH": KIND_COLORS["class"], "shelter": KIND_COLORS["volunteer"],
                      "bus": KIND_COLORS["travel"], "odd": GIG_COLORS[4]}  # fmt: skip  # a kind with no colour of its own: the next gig colour
    assert not set(GIG_COLORS) & set(KIND_COLORS.values())


def test_the_term_and_its_weeks_share_the_colours(tmp_path):
    problem = Problem(commitments=COMMITMENTS, gigs=GIGS, term=Term("2027-03-01", "2027-03-14"))
    plan = stacker.solve(problem)
    assert_term_plan_is_feasible(problem, plan)
    assert plan.gig_ids == ["late", "tutor", "desk"]
    expected = {"late": GIG_COLORS[0], "tutor": GIG_COLORS[1], "desk": GIG_COLORS[2],
                "MATH": KIND_COLORS["class"], "food bank": KIND_COLORS["volunteer"]}  # fmt: skip
    term = plan.plot()
    faces = _faces(term.axes[0], strip=True)
    assert {k: v for k, v in faces.items() if not k.startswith("commitments")} == {
        g: expected[g] for g in ("late", "tutor", "desk")
    }
    assert faces["commitments:class"] == expected["MATH"] and faces["commitments:volunteer"] == expected["food bank"]
    term.savefig(tmp_path / "term.png")
    assert (tmp_path / "term.png").read_bytes().startswith(PNG)
    first = plan.weeks[0]
    assert [g.id for g in first.gigs] == ["tutor", "desk"]  # 'late' starts in the second week
    for i, week in enumerate(plan.weeks):
        figure = week.plot()
        assert _faces(figure.axes[0]) == {b.id: expected[b.id] for b in week.blocks}
        figure.savefig(tmp_path / f"week{i}.png")
        assert (tmp_path / f"week{i}.png").read_bytes().startswith(PNG)
    assert _faces(stacker.output.plot_plan(first).axes[0])["tutor"] == expected["tutor"]  # the week given directly


def test_a_week_plan_colours_its_gigs_in_its_order():
    problem = Problem(commitments=COMMITMENTS, gigs=GIGS[1:])
    plan = stacker.solve(problem)
    assert_plan_is_feasible(problem, plan)
    faces = _faces(plan.plot().axes[0])
    assert faces == {b.id: item_colors(plan.gig_ids, [(b.id, b.kind)])[b.id] for b in plan.blocks}
    assert faces["tutor"] == GIG_COLORS[plan.gig_ids.index("tutor")] and faces["MATH"] == KIND_COLORS["class"]
