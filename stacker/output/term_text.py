"""A term plan as text: the status, the chosen gigs (with project due dates and the weeks each is worked),
one row per week (hours, work hours, pay, caps in force) and the totals."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..termplan import TermPlan

_CAPS = (("max_hours", "h"), ("max_work_hours", "work"), ("max_day_hours", "day"), ("max_fortnight_work_hours", "2wk"))


def term_summary(plan: TermPlan) -> str:
    """The plan of a term for people (what ``stacker solve term.json`` prints)."""
    lines = [f"status: {plan.status.value}"]
    if plan.objective is not None:
        gap = f" (bound {plan.bound:.2f})" if plan.bound is not None and plan.gap else ""
        lines.append(f"value: {plan.objective:.2f}{gap}")
    lines += [f"  {reason}" for reason in plan.reasons]
    if plan.gigs:
        lines.append("gigs:")
    for gig in plan.gigs:
        due = f", due {gig.due}" if gig.due else ""
        weeks = ", ".join(f"{monday:%m-%d} {hours:g} h" for monday, hours in gig.weeks.items())
        lines.append(f"  {gig.id} ({gig.kind}{due}): {gig.hours:g} h, pay {gig.pay:.2f}, value {gig.value:.2f}")
        lines.append(f"    weeks: {weeks}")
    if plan.status.has_plan:
        lines.append("weeks:")
        for week in plan.weeks:
            caps = " ".join(f"{short} {week.limits[name]:g}" for name, short in _CAPS if week.limits[name] is not None)
            mark = " break" if week.is_break else ""
            lines.append(
                f"  {week.start}{mark:6} hours {week.hours:6.2f}  work {week.work_hours:6.2f}  "
                f"pay {week.pay:8.2f}  caps: {caps or 'none'}"
            )
        t = plan.totals
        lines.append(
            f"totals: hours {t.hours:.2f}, work hours {t.work_hours:.2f}, pay {t.pay:.2f}, value {t.value:.2f}"
        )
    if len(plan.excluded):
        lines.append("excluded:")
        lines += [f"  {e.id}: {e.reason}" for e in plan.excluded]
    return "\n".join(lines) + "\n"
