"""The documentation's Python examples run, and print what the documentation shows.

Every ```python block of the files below runs, in order, in one namespace per
file, in a temporary folder holding a copy of examples/ (so that the files the
examples write land there). A python block followed directly by a plain ```
block must print exactly that block's text; as in a notebook, a block that
ends in an expression shows its value (its ``repr``). Blocks that only show a signature
are marked ```text in the documentation and are not run.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
import shutil
from pathlib import Path

import matplotlib
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = [
    "README.md",
    "docs/whatif.md",
    "docs/calendars.md",
    "docs/tables-and-plots.md",
    "docs/platform.md",
    "docs/term.md",
    "docs/rules.md",
]  # the docs with python examples
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.S | re.M)


def blocks(path: Path) -> list[tuple[str, str, int]]:
    """``(language, text, line)`` of each fenced block, in order."""
    text = path.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 1) for m in FENCE.finditer(text)]


def examples(path: Path) -> list[tuple[str, str | None, int]]:
    """``(code, expected output or None, line)`` of each python block."""
    found = blocks(path)
    out = []
    for k, (language, text, line) in enumerate(found):
        if language == "python":
            after = found[k + 1] if k + 1 < len(found) else None
            adjacent = after is not None and after[0] == "" and _adjacent(path, line, text, after[2])
            out.append((text, after[1] if adjacent else None, line))
    return out


def _adjacent(path: Path, line: int, text: str, next_line: int) -> bool:
    """Whether the next block starts right after this one ends (nothing but blank lines between)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = line + text.count("\n") + 1  # the closing fence's line (1-based)
    return all(not lines[i].strip() for i in range(end, next_line - 1))


def _tidy(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines())


def run(code: str, name: str, namespace: dict) -> None:
    """Run a block as a notebook cell: a last expression's value is shown."""
    tree = ast.parse(code, name)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, name, "exec"), namespace)
    if last is not None:
        value = eval(compile(ast.Expression(last.value), name, "eval"), namespace)
        if value is not None:
            print(repr(value))


@pytest.mark.parametrize("doc", DOCS)
def test_the_examples_run_and_print_what_the_documentation_shows(doc: str, tmp_path, monkeypatch) -> None:
    found = examples(ROOT / doc)
    assert found, f"{doc} has no python examples"
    matplotlib.use("Agg")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {"__name__": "__docs__"}
    for code, expected, line in found:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed), pd.option_context("display.width", 250, "display.max_columns", None):
            run(code, f"{doc}:{line}", namespace)
        if expected is not None:
            assert _tidy(printed.getvalue()) == _tidy(expected), f"{doc}:{line} prints something else"
