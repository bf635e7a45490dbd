"""Many problems at once: :func:`solve_many` over any ``concurrent.futures`` executor, and :class:`Failure`.

Above :mod:`stacker.solve` in the path the data takes: it reads problems
(:mod:`stacker.readers`) and solves them (:func:`stacker.solve`) in workers,
one module per idea: ``many`` (the batch), ``task`` (what a worker runs),
``executors`` (serial, the local pool, telling a lost task), ``results``
(the JSON-lines file) and ``failure``.
"""

from .failure import Failure
from .many import solve_many

__all__ = ["Failure", "solve_many"]
