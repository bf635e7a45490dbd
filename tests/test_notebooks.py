"""The notebooks in notebooks/ run top to bottom, and are stored stripped.

Each notebook is executed with nbclient in a fresh kernel run by this very
interpreter (``sys.executable``: a kernel from another Python would test
nothing), with ``notebooks/`` as its working directory and ``MPLBACKEND=Agg``.
A failing cell fails the test with the cell's source and error.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import nbclient
import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient.exceptions import CellExecutionError, CellTimeoutError

import stacker

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
EXPECTED = ("week.ipynb", "what-if.ipynb", "benchmarks.ipynb", "market.ipynb", "term.ipynb")
CELL_TIMEOUT = 120  # seconds per cell; the slowest cell (the Pareto front) takes about 5 s
KERNEL = "stacker-test-python"


def notebook_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("*.ipynb"))


class ThisPythonSpecs(KernelSpecManager):
    """One kernel spec: ipykernel run by the interpreter running the tests."""

    def find_kernel_specs(self) -> dict[str, str]:
        return {KERNEL: str(NOTEBOOKS)}

    def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
        return KernelSpec(
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            display_name=f"Python ({sys.executable})",
            language="python",
            resource_dir=str(NOTEBOOKS),
        )


# Run first in every kernel: the notebook must be run by this interpreter, with this stacker.
CHECK_KERNEL = f"""
import sys, stacker
assert sys.executable == {sys.executable!r}, sys.executable
assert sys.prefix == {sys.prefix!r}, sys.prefix
assert stacker.__file__ == {stacker.__file__!r}, stacker.__file__
"""


def test_the_notebooks_are_there():
    names = [p.name for p in notebook_paths()]
    for name in EXPECTED:
        assert name in names


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_notebook_is_stripped(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.nbformat == 4
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert cell.get("outputs") == [], f"{path.name} cell {index} has outputs: clear them before committing"
        assert cell.get("execution_count") is None, f"{path.name} cell {index} has an execution count"
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert "widgets" not in raw.get("metadata", {}), f"{path.name} holds widget state"


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda p: p.name)
def test_notebook_runs(path, monkeypatch):
    # The kernel inherits this environment: a headless matplotlib, and the same stacker as this test
    # (the repository's, when it is not installed in the interpreter).
    monkeypatch.setenv("MPLBACKEND", "Agg")
    package_parent = str(Path(stacker.__file__).resolve().parent.parent)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
    monkeypatch.delenv("JUPYTER_PLATFORM_DIRS", raising=False)

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(CHECK_KERNEL))
    km = AsyncKernelManager(kernel_name=KERNEL, kernel_spec_manager=ThisPythonSpecs())
    client = nbclient.NotebookClient(
        nb,
        km=km,
        timeout=CELL_TIMEOUT,
        allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOKS)}},  # the kernel's working directory
    )
    failure = None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as error:
        failure = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # the traceback without terminal colours
    if failure is not None:
        pytest.fail(f"{path.name}: a cell failed:\n{failure}", pytrace=False)
