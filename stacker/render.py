"""``stacker.render``: the text the command line prints, kept at this public name.

The functions live in :mod:`stacker.output.text`; this module only re-exports
them, so that ``import stacker.render`` and ``stacker.render.summary(plan)``
keep working.
"""

from .output.text import status_text, summary, table, week_grid

__all__ = ["status_text", "summary", "table", "week_grid"]
