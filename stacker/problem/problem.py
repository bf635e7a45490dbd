"""The problem: a student's commitments, candidate gigs, limits, weights and pinned gigs.

Immutable and validated when made; variants through :meth:`Problem.replace` and the helpers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import ProblemError
from .hints import closest
from .items import Commitment, Gig, Limits, Weights, _as_tuple, _Checker, _replace, place_of
from .ranges import MAX_POOL_VALUE, WEEK_HOURS, pool_value
from .rules import Rules
from .table import GigTable
from .term import Term, check_problem


@dataclass(frozen=True)
class Problem:
    """One student's week: what is fixed, what could be taken, and the caps.

    Parameters
    ----------
    commitments
        Fixed commitments (classes, volunteering, ...), kept by every plan.
    gigs
        The candidate gigs: ``Gig`` objects, or a :class:`~stacker.GigTable`
        (columns, e.g. from :meth:`GigTable.from_columns`). Either way the
        problem holds them as a ``GigTable``: a read-only sequence of
        ``Gig`` (``len``, indexing, iteration, ``==`` with a tuple of gigs)
        that is also what the presolve reads (:attr:`table`).
    limits, weights
        Caps and objective weights; defaults as documented in each class.
    require, forbid
        Ids of gigs every plan must take, and of gigs no plan may take. A
        required gig that cannot fit makes the problem infeasible, with a
        reason. A forbidden gig is reported as excluded.
    rules
        The student's own :class:`~stacker.Rules` (quiet hours, days off,
        forbidden gig fields, a most number of gigs; see ``docs/rules.md``).
    term
        A :class:`~stacker.Term` to plan whole (dated weeks, breaks,
        projects; see ``docs/term.md``); None (the default) plans one week
        that repeats.

    Problems are immutable: :meth:`replace` and the helpers below
    (:meth:`add_gig`, :meth:`drop_commitment`, :meth:`with_limits`,
    :meth:`with_rules`, :meth:`requiring`, ...) return changed copies, validated again.
    """

    commitments: tuple[Commitment, ...] = ()
    gigs: GigTable = field(default_factory=lambda: GigTable.from_gigs(()))
    limits: Limits = field(default_factory=Limits)
    weights: Weights = field(default_factory=Weights)
    require: tuple[str, ...] = ()
    forbid: tuple[str, ...] = ()
    term: Term | None = None
    rules: Rules = field(default_factory=Rules)

    if TYPE_CHECKING:  # the generated __init__, as type checkers should see it: held as tuples and a GigTable

        def __init__(
            self,
            commitments: Iterable[Commitment] = (),
            gigs: Iterable[Gig] = (),  # Gig objects or a GigTable
            limits: Limits = ...,
            weights: Weights = ...,
            require: Sequence[str] = (),
            forbid: Sequence[str] = (),
            term: Term | None = None,
            rules: Rules = ...,
        ) -> None: ...

    def __post_init__(self) -> None:
        object.__setattr__(self, "commitments", _as_tuple(self.commitments))
        check = _Checker("problem")
        if not isinstance(self.gigs, GigTable):  # Gig objects: kept, with their columns beside them
            gigs = _as_tuple(self.gigs)
            _check_items(check, "gigs", gigs, Gig)
            if not check.errors:
                object.__setattr__(self, "gigs", GigTable.from_gigs(gigs))
        _check_items(check, "commitments", self.commitments, Commitment)
        if not isinstance(self.limits, Limits):
            check.fail("limits", f"must be a Limits, got {type(self.limits).__name__}")
        if not isinstance(self.weights, Weights):
            check.fail("weights", f"must be a Weights, got {type(self.weights).__name__}")
        if not isinstance(self.rules, Rules):
            check.fail("rules", f"must be a Rules, got {type(self.rules).__name__}")
        else:
            check.errors += _rule_date_errors(self.rules, self.term)
            if not check.errors:
                check.errors += _travel_errors(self)
        check.raise_if_any()
        check.errors += check_problem(self)
        check.raise_if_any()
        self._check_pool_value(check)
        gig_ids = self.gigs.ids
        object.__setattr__(self, "require", _as_tuple(self.require))
        object.__setattr__(self, "forbid", _as_tuple(self.forbid))
        commitment_ids = [c.id for c in self.commitments]
        distinct = len(set(commitment_ids).union(gig_ids)) == len(commitment_ids) + len(gig_ids)
        if distinct and not self.require and not self.forbid:
            return  # the common case, without a dict of every id
        seen: dict[str, str] = {}
        for kind, item_ids in (("commitment", commitment_ids), ("gig", gig_ids)):
            for item_id in item_ids:
                if item_id in seen:
                    check.errors.append(f"{kind} {item_id!r}: id: duplicate; a {seen[item_id]} has the same id")
                seen.setdefault(item_id, kind)
        check.raise_if_any()
        self._check_pins(check, seen, gig_ids)
        check.raise_if_any()

    def _check_pool_value(self, check: _Checker) -> None:
        """All gigs together, each at its most hours, worth at most ``MAX_POOL_VALUE`` (see :mod:`.ranges`)."""
        table = self.gigs
        if not len(table):
            return
        weights = self.weights
        hourly = weights.hourly_value(table.hourly_pay, table.relevance, table.growth)
        weekly = weights.weekly_value(table.flat_pay, table.mentor) + weights.taken_value(table.conversion)
        if pool_value(float(WEEK_HOURS), hourly, weekly) <= MAX_POOL_VALUE:
            return  # every gig a whole week is not too much: the usual case, without each shape's hours
        most_hours = np.array([shape.hour_range[1] for shape in table.shapes], dtype=np.float64)[table.shape]
        total = pool_value(most_hours, hourly, weekly)
        if total > MAX_POOL_VALUE:
            check.fail(
                "gigs",
                f"together worth up to {total:.3g} a week (each at its most hours, with the weights), "
                f"more than stacker's integer model holds exactly ({MAX_POOL_VALUE:g}); "
                "use smaller units of money or fewer gigs",
            )
            check.raise_if_any()

    def _check_pins(self, check: _Checker, seen: dict[str, str], gig_ids: list[str]) -> None:
        """The ids in ``require`` and ``forbid`` must be gigs', each listed once, none in both."""
        for name in ("require", "forbid"):
            counted: set[str] = set()
            for gig_id in getattr(self, name):
                if not isinstance(gig_id, str):
                    check.fail(name, f"gig ids must be text, got {gig_id!r} ({type(gig_id).__name__})")
                elif seen.get(gig_id) != "gig":
                    what = "is a commitment, not a gig" if gig_id in seen else "is not the id of any gig"
                    close = closest(gig_id, gig_ids)
                    hint = f"; did you mean {close!r}?" if close and gig_id not in seen else ""
                    check.fail(name, f"{gig_id!r} {what}{hint}")
                elif gig_id in counted:
                    check.fail(name, f"{gig_id!r} is listed twice")
                else:
                    counted.add(gig_id)
        texts = [{i for i in getattr(self, name) if isinstance(i, str)} for name in ("require", "forbid")]
        for gig_id in sorted(texts[0] & texts[1]):
            check.fail("require", f"{gig_id!r} is also in forbid; a gig cannot be both")

    @functools.cached_property
    def places(self) -> tuple[str, ...]:
        """The places the commitments and gigs are at (their non-remote ``location``), in order of first use."""
        locations = [c.location for c in self.commitments] + list(self.gigs.locations or ())
        places = (place_of(location) for location in dict.fromkeys(locations))  # each distinct text once
        return tuple(place for place in places if place is not None)

    @property
    def table(self) -> GigTable:
        """The gigs as columns (:class:`~stacker.GigTable`), what the presolve reads: ``self.gigs`` itself."""
        return self.gigs

    def gig(self, gig_id: str) -> Gig:
        """The gig with this id."""
        try:
            return self.gigs[self.gigs.ids.index(gig_id)]
        except ValueError:
            raise KeyError(gig_id) from None

    def replace(self, **changes: Any) -> Problem:
        """A copy with some fields changed (validated again).

        Raises
        ------
        ProblemError
            For an unknown field (``problem: gig: unknown field; did you mean
            'gigs'?``) or a bad value.
        """
        return _replace(self, "problem", changes)

    def add_gig(self, *gigs: Gig) -> Problem:
        """A copy with these gigs added to the pool."""
        return self.replace(gigs=(*self.gigs, *gigs))

    def drop_gig(self, *gig_ids: str) -> Problem:
        """A copy without these gigs (and without them in ``require`` and ``forbid``)."""
        self._known(gig_ids, self.gigs.ids, "gig")
        dropped = set(gig_ids)
        return self.replace(
            gigs=self.gigs.take([i for i, gig_id in enumerate(self.gigs.ids) if gig_id not in dropped]),
            require=tuple(i for i in self.require if i not in gig_ids),
            forbid=tuple(i for i in self.forbid if i not in gig_ids),
        )

    def add_commitment(self, *commitments: Commitment) -> Problem:
        """A copy with these commitments added."""
        return self.replace(commitments=self.commitments + commitments)

    def drop_commitment(self, *commitment_ids: str) -> Problem:
        """A copy without these commitments, e.g. to see the week without a class."""
        self._known(commitment_ids, [c.id for c in self.commitments], "commitment")
        return self.replace(commitments=tuple(c for c in self.commitments if c.id not in commitment_ids))

    def with_limits(self, **changes: Any) -> Problem:
        """A copy with some limits changed, e.g. ``with_limits(max_hours=45)``."""
        return self.replace(limits=self.limits.replace(**changes))

    def with_weights(self, **changes: Any) -> Problem:
        """A copy with some weights changed, e.g. ``with_weights(relevance_value=20)``."""
        return self.replace(weights=self.weights.replace(**changes))

    def with_rules(self, **changes: Any) -> Problem:
        """A copy with some rules changed, e.g. ``with_rules(days_off=["Sun"])``."""
        return self.replace(rules=self.rules.replace(**changes))

    def requiring(self, *gig_ids: str) -> Problem:
        """A copy that also requires these gigs (no longer forbidding them)."""
        new = tuple(i for i in gig_ids if i not in self.require)
        return self.replace(require=self.require + new, forbid=tuple(i for i in self.forbid if i not in gig_ids))

    def forbidding(self, *gig_ids: str) -> Problem:
        """A copy that also forbids these gigs (no longer requiring them)."""
        new = tuple(i for i in gig_ids if i not in self.forbid)
        return self.replace(forbid=self.forbid + new, require=tuple(i for i in self.require if i not in gig_ids))

    @staticmethod
    def _known(ids: tuple[str, ...], item_ids: Iterable[str], kind: str) -> None:
        known = set(item_ids)
        errors = []
        for item_id in ids:
            if item_id not in known:
                close = closest(item_id, sorted(known))
                hint = f"; did you mean {close!r}?" if close else ""
                errors.append(f"{kind} {item_id!r}: id: there is no such {kind} to drop{hint}")
        if errors:
            raise ProblemError(errors)


def _rule_date_errors(rules: Rules, term: Term | None) -> list[str]:
    """Dated days off need a term, and must lie inside it."""
    if term is None or not isinstance(term, Term):
        return [
            f"rules: days_off: {day.isoformat()!r} is a date; needs a term (give the problem a term, "
            "or name a day like 'Sun')"
            for day in rules.dates_off
        ]
    return [
        f"rules: days_off: {day.isoformat()!r} is outside the term ({term.start} to {term.end})"
        for day in rules.dates_off
        if not term.start <= day <= term.end
    ]


def _travel_errors(problem: Problem) -> list[str]:
    """A place in ``rules.travel`` that no item uses but is like one that is (a typo)."""
    rules = problem.rules
    used = problem.places
    errors = []
    for place in rules.travel_places:
        if place not in used and (close := closest(place, used)) is not None:
            errors.append(
                f"rules: travel: {place!r} is not the location of any commitment or gig; did you mean {close!r}?"
            )
    return errors


def _check_items(check: _Checker, name: str, items: Iterable[Any], kind: type) -> None:
    for position, item in enumerate(items):
        if not isinstance(item, kind):
            check.fail(name, f"item {position} must be a {kind.__name__}, got {type(item).__name__}")
