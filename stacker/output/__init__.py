"""What plans look like to people and other programs.

- :mod:`.text`: the summary and the week grid the command line prints.
- :mod:`.picture`: the week as a calendar picture; the Pareto front.
- :mod:`.exports`: CSV, JSON and iCalendar files.

Output reads plans (imported only for type hints) and never imports :mod:`stacker.analysis`
or :mod:`stacker.cli`.
"""

from .exports import plan_to_csv, plan_to_ics, plan_to_json
from .picture import plot_pareto, plot_plan
from .text import summary, week_grid

__all__ = ["plan_to_csv", "plan_to_ics", "plan_to_json", "plot_pareto", "plot_plan", "summary", "week_grid"]
