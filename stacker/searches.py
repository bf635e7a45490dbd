"""One small interface over a week and a term, for the questions asked of a plan.

The what-if analysis (:mod:`stacker.analysis`) and ``solve(priorities=...)``
ask the same things of either kind of problem: prepare it once, solve it
again and again with an objective of weighted criteria, with a gig assumed
taken, with a criterion held at least at some level, with earlier answers
ruled out (not dominated, or different in some gigs), and turn an answer
into a plan (:func:`stacker.answers.plan_of`, apart so that this module
never imports the plans, which import the analysis).

:func:`kind_of` gives a :class:`WeekKind` (the week's
:class:`~stacker.cpsat.search.Search`, plans :class:`~stacker.plan.Plan`)
or a :class:`TermKind` (:class:`~stacker.cpsat.term_search.TermSearch`,
plans :class:`~stacker.termplan.TermPlan`); both have the methods of
:class:`Kind`, and their searches the same methods too (``solve``,
``criteria``, ``add_at_least``, ``add_not_dominated``, ``add_differs``).
"""

from __future__ import annotations

from typing import Any, Protocol

from .problem.problem import Problem
from .solution import chosen_minutes, hint_choice


class Kind(Protocol):
    """What the analysis needs of a prepared problem, week or term."""

    problem: Problem

    @property
    def feasible(self) -> bool:
        """False when the presolve already proved that there is no plan."""
        ...

    @property
    def excluded(self) -> dict[str, str]:
        """Gigs no plan can take, with the reason."""
        ...

    def search(self, *, seed: int = 0, workers: int = 1) -> Any:
        """A new search (its ``solve(objective, time_limit=, assume=)`` returns an answer with ``has_plan``)."""
        ...

    def take(self, gig_id: str) -> Any:
        """What ``search.solve(assume=[...])`` takes to force ``gig_id`` in."""
        ...

    def hint(self, search: Any, plan: Any) -> None:
        """Start ``search``'s next solve from ``plan`` (a plan of this or a close problem)."""
        ...

    def hours(self, answer: Any) -> dict[str, float]:
        """Hours of each gig an answer takes (over the week or the term), by id."""
        ...


class WeekKind:
    """A week: :func:`~stacker.presolve.prepare.prepare` (no dominance) and :class:`~stacker.cpsat.search.Search`."""

    def __init__(self, problem: Problem):
        from .presolve.prepare import prepare

        self.problem = problem
        self.prepared = prepare(problem, dominance=False)
        self._position = {int(g): ("fixed", k) for k, g in enumerate(self.prepared.fixed)}
        self._position |= {flex.gig: ("flexible", f) for f, flex in enumerate(self.prepared.flexible)}

    @property
    def feasible(self) -> bool:
        return bool(self.prepared.feasible)

    @property
    def excluded(self) -> dict[str, str]:
        return dict(self.prepared.excluded)

    def search(self, *, seed: int = 0, workers: int = 1) -> Any:
        from .cpsat.search import Search

        return Search(self.prepared, seed=seed, workers=workers)

    def take(self, gig_id: str) -> tuple[str, int]:
        return self._position[self.problem.table.ids.index(gig_id)]

    def hint(self, search: Any, plan: Any) -> None:
        search.hint(*hint_choice(self.prepared, plan))

    def hours(self, answer: Any) -> dict[str, float]:
        ids = self.prepared.table.ids
        return {ids[i]: m / 60 for i, m in chosen_minutes(self.prepared, answer).items()}


class TermKind:
    """A term: :func:`~stacker.presolve.term.prepare_term` and :class:`~stacker.cpsat.term_search.TermSearch`."""

    def __init__(self, problem: Problem):
        from .presolve.term import prepare_term

        self.problem = problem
        self.prepared = prepare_term(problem)
        self._index = {c.gig.id: i for i, c in enumerate(self.prepared.candidates)}

    @property
    def feasible(self) -> bool:
        return not self.prepared.reasons

    @property
    def excluded(self) -> dict[str, str]:
        return dict(self.prepared.excluded)

    def search(self, *, seed: int = 0, workers: int = 1) -> Any:
        from .cpsat.term_search import TermSearch

        return TermSearch(self.prepared, seed=seed, workers=workers)

    def take(self, gig_id: str) -> int:
        return self._index[gig_id]

    def hint(self, search: Any, plan: Any) -> None:
        """Start from a :class:`~stacker.termplan.TermPlan`'s gigs and their hours in each week."""
        calendar = self.prepared.calendar
        taken, steps = [], {}
        for gig in plan.gigs:
            index = self._index.get(gig.id)
            if index is None:
                continue
            taken.append(index)
            candidate = self.prepared.candidates[index]
            if candidate.kind != "fixed":
                steps[index] = {
                    calendar.day(monday) // 7: round(hours * 60 / candidate.grid) for monday, hours in gig.weeks.items()
                }
        search.hint(taken, steps)

    def hours(self, answer: Any) -> dict[str, float]:
        from .cpsat.term_search import minutes

        return {self.prepared.candidates[i].gig.id: minutes(self.prepared, answer, i) / 60 for i in answer.taken}


def kind_of(problem: Problem) -> WeekKind | TermKind:
    """The problem prepared behind the interface of its kind (a term when it has one)."""
    return TermKind(problem) if problem.term is not None else WeekKind(problem)
