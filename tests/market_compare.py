"""What every assignment a market test gets must satisfy, whatever checks its plans (week or term checker)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def check_assignment(students: dict, openings: dict, result: Any, feasible: Callable[[Any, Any], None]) -> None:
    """Every student's plan through ``feasible(problem, plan)`` (an independent checker), no gig given to more
    students than its openings, ``openings_used`` those counts, and the objective the sum of the plans' values."""
    assert set(result.plans) == set(students)
    takers: dict[str, int] = {}
    for name, plan in result.plans.items():
        feasible(students[name], plan)
        for gig in plan.gigs:
            takers[gig.id] = takers.get(gig.id, 0) + 1
    assert takers == result.openings_used
    for gig_id, count in takers.items():
        assert count <= openings.get(gig_id, 1), f"gig {gig_id} taken by {count}"
    assert abs(result.objective - sum(p.objective for p in result.plans.values())) < 1e-6
