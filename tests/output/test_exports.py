"""Plans written out (stacker/output/exports.py): ``Plan.to_csv`` and ``Plan.to_json`` round trips."""

from __future__ import annotations

import io
import json

import pandas as pd

import stacker


def test_to_csv_round_trip(example_plan, tmp_path):
    text = example_plan.to_csv()
    assert text.splitlines()[0] == "id,kind,day,start,end,hours"
    assert len(text.splitlines()) == len(example_plan.blocks) + 1
    back = pd.read_csv(io.StringIO(text), dtype={"id": str, "kind": str, "day": str, "start": str, "end": str})
    assert back.to_dict(orient="records") == example_plan.to_frame().to_dict(orient="records")
    assert example_plan.to_csv(tmp_path / "plan.csv") is None
    assert (tmp_path / "plan.csv").read_text(encoding="utf-8") == text


def test_to_json_round_trip(example_plan, tmp_path):
    text = example_plan.to_json()
    assert text == json.dumps(example_plan.to_dict(), indent=2)
    assert json.loads(text) == example_plan.to_dict()
    assert example_plan.to_json(tmp_path / "plan.json") is None
    assert json.loads((tmp_path / "plan.json").read_text(encoding="utf-8")) == example_plan.to_dict()


def test_to_csv_of_a_plan_without_blocks():
    plan = stacker.solve(stacker.Problem())
    assert plan.to_csv() == "id,kind,day,start,end,hours\n"
    assert json.loads(plan.to_json())["blocks"] == []
