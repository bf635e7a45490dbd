"""``stacker.solve_many`` and ``stacker solve-many`` on real executors: this process, a local process pool and a
Dask ``LocalCluster`` (one per module), with a worker really killed mid-batch.

Every plan is checked by the independent checker and compared with the plan solving the problem alone gives
(``to_dict()`` equal but for ``solve_time``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from checker import assert_plan_is_feasible
from dying import KillsItsWorker

import stacker
from benchmarks.generate import generate
from stacker import Failure, Plan, ProblemError, solve_many

ROOT = Path(__file__).resolve().parent.parent
WEEKS = 8  # small generated student weeks: 20-83 gigs, a third flexible; each solves in a few hundredths of a second


def comparable(plan: Plan | dict) -> dict:
    data = plan.to_dict() if isinstance(plan, Plan) else dict(plan)
    data.pop("solve_time")
    return data


@pytest.fixture(scope="module")
def weeks() -> list[stacker.Problem]:
    return [generate(20 + 9 * i, 0.3, seed=i) for i in range(WEEKS)]


@pytest.fixture(scope="module")
def alone(weeks) -> list[dict]:
    """Each week's plan solved on its own, as solve_many must find it."""
    return [comparable(stacker.solve(problem, workers=1)) for problem in weeks]


@pytest.fixture(scope="module")
def cluster():
    """A real 2-worker Dask cluster of processes, started once for this module.

    ``allowed-failures`` 0: Dask gives up on a task at the first worker it kills (by default it tries it on three
    more workers first), so that the killed-worker test kills two workers, not eight.
    """
    pytest.importorskip("distributed")
    import dask
    from distributed import Client, LocalCluster

    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        local = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
        client = Client(local)
    yield client
    client.close()
    local.close()


def executor_of(kind: str, request):
    if kind == "dask":
        return request.getfixturevalue("cluster").get_executor()
    return {"serial": "serial", "pool": 2}[kind]


def check_plans(problems, answers, expected) -> None:
    for problem, answer, want in zip(problems, answers, expected):
        assert isinstance(answer, Plan), answer
        assert_plan_is_feasible(problem, answer)
        assert comparable(answer) == want


@pytest.mark.parametrize("kind", ["serial", "pool", "dask"])
def test_the_same_plans_as_one_by_one_on_every_executor(kind, weeks, alone, request) -> None:
    answers = solve_many(weeks, executor=executor_of(kind, request), chunksize=3)
    assert isinstance(answers, list) and len(answers) == len(weeks)
    check_plans(weeks, answers, alone)


def test_a_mapping_of_problems_paths_and_dicts_gives_a_dict_in_the_same_order(weeks, alone) -> None:
    example = stacker.load(ROOT / "examples" / "week.json")
    problems = {
        "zoe": weeks[0],
        7: str(ROOT / "examples" / "week.json"),
        "ann": stacker.problem_to_dict(weeks[1]),
        "folder": ROOT / "examples",
    }
    answers = solve_many(problems, executor="serial")
    assert list(answers) == ["zoe", 7, "ann", "folder"]
    check_plans([weeks[0], weeks[1]], [answers["zoe"], answers["ann"]], alone[:2])
    assert comparable(answers[7]) == comparable(stacker.solve(example, workers=1))
    assert_plan_is_feasible(example, answers[7])
    assert_plan_is_feasible(answers["folder"].problem, answers["folder"])


def test_a_bad_problem_becomes_a_failure_naming_its_key_and_the_batch_goes_on(weeks, alone, tmp_path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"gigs": [{"id": "g1", "pay_rate": -3, "sessions": ["Mon 09:00-10:00"]}]}')
    problems = {"good": weeks[0], "bad file": bad, "missing": tmp_path / "nope.json", "bad dict": {"limits": 3}}
    answers = solve_many(problems, executor=2)
    check_plans([weeks[0]], [answers["good"]], alone[:1])
    for key in ("bad file", "missing", "bad dict"):
        failure = answers[key]
        assert isinstance(failure, Failure) and failure.key == key and failure.error == "ProblemError"
    assert "g1" in answers["bad file"].message and "pay_rate" in answers["bad file"].message
    assert "nope.json" in answers["missing"].message
    assert answers["bad dict"].to_dict() == {
        "key": "bad dict",
        "error": "ProblemError",
        "message": answers["bad dict"].message,
    }


def killer(problem: stacker.Problem) -> KillsItsWorker:
    return KillsItsWorker(problem.commitments, problem.gigs, problem.limits, problem.weights)


@pytest.mark.parametrize("kind", ["pool", "dask"])
def test_a_worker_killed_mid_batch_loses_no_finished_result(kind, weeks, alone, tmp_path, request) -> None:
    doomed = 5
    problems = [killer(p) if i == doomed else p for i, p in enumerate(weeks)]
    assert comparable(stacker.solve(problems[doomed], workers=1)) == alone[doomed]  # solved here it is a good problem
    out = tmp_path / "results.jsonl"
    answers = solve_many(problems, executor=executor_of(kind, request), chunksize=2, results=out)
    failure = answers[doomed]
    assert isinstance(failure, Failure) and failure.key == doomed and failure.error == "WorkerDied", failure
    assert {"pool": "BrokenProcessPool", "dask": "KilledWorker"}[kind] in failure.message  # the process really died
    rest = [i for i in range(WEEKS) if i != doomed]
    check_plans([weeks[i] for i in rest], [answers[i] for i in rest], [alone[i] for i in rest])
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(line["key"] for line in lines) == list(range(WEEKS))  # each problem once, the killer included
    for line in lines:
        if line["key"] == doomed:
            assert line["failure"] == failure.to_dict()
        else:
            assert comparable(line["plan"]) == alone[line["key"]]


def test_a_pool_of_the_callers_that_breaks_leaves_the_rest_unsolved_and_unwritten(weeks, alone, tmp_path) -> None:
    problems = {i: killer(p) if i == 1 else p for i, p in enumerate(weeks[:4])}
    out = tmp_path / "results.jsonl"
    with ProcessPoolExecutor(1) as pool:
        answers = solve_many(problems, executor=pool, chunksize=1, results=out)
    assert comparable(answers[0]) == alone[0]
    for key in (1, 2, 3):
        assert isinstance(answers[key], Failure) and answers[key].error == "ExecutorBroken", answers[key]
    written = [json.loads(line)["key"] for line in out.read_text().splitlines()]
    assert written == [0]  # a rerun solves the rest
    again = solve_many({i: p for i, p in problems.items() if i != 1}, executor="serial", results=out)
    assert comparable(again[0]) == alone[0] and isinstance(again[0], dict)  # read back, not solved again
    check_plans(weeks[2:4], [again[2], again[3]], alone[2:4])


def test_a_results_file_resumed_after_a_crash_solves_only_what_is_left(weeks, alone, tmp_path) -> None:
    names = {f"student {i}": p for i, p in enumerate(weeks[:6])}
    out = tmp_path / "results.jsonl"
    solve_many(names, executor="serial", results=out)
    lines = out.read_text().splitlines(keepends=True)
    assert len(lines) == 6
    out.write_text("".join(lines[:3]) + lines[3][:40])  # stopped while writing the fourth line
    answers = solve_many(names, executor="serial", results=out)
    solved_now = [key for key, answer in answers.items() if isinstance(answer, Plan)]
    assert solved_now == ["student 3", "student 4", "student 5"]
    for i, (key, answer) in enumerate(answers.items()):
        assert comparable(answer) == alone[i], key  # the first three as the dicts written, the rest solved again
    final = [json.loads(line) for line in out.read_text().splitlines()]  # the torn line was cut off
    assert [line["key"] for line in final] == list(names)
    assert solve_many(names, executor="serial", results=out) == {
        key: json.loads(line)["plan"] for key, line in zip(names, out.read_text().splitlines())
    }


def test_a_stored_failure_comes_back_as_a_failure_and_is_not_solved_again(tmp_path) -> None:
    out = tmp_path / "results.jsonl"
    first = solve_many({"x": {"gigs": 1}}, executor="serial", results=out)
    assert solve_many({"x": {"gigs": 1}}, executor="serial", results=out) == first
    assert len(out.read_text().splitlines()) == 1


def test_a_file_that_is_not_a_results_file_is_an_error_before_solving(weeks, tmp_path) -> None:
    out = tmp_path / "notes.jsonl"
    out.write_text('{"key": 0, "plan": {}}\nnot json\n{"key": [1], "plan": {}}\n')
    with pytest.raises(ProblemError) as caught:
        solve_many(weeks[:1], executor="serial", results=out)
    assert [message.split(" (")[0] for message in caught.value.errors] == [
        f"results file {str(out)!r}: line 2: not a results line",
        f"results file {str(out)!r}: line 3: not a results line",
    ]
    assert out.read_text().count("\n") == 3  # untouched


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (
            {"executor": "threads"},
            "The 'executor' parameter of solve_many must be None, 'serial', a number of processes or an Executor. Got 'threads' instead.",
        ),
        ({"executor": 0}, "The 'executor' parameter of solve_many must be an int in [1, 1024]. Got 0 instead."),
        ({"chunksize": 0}, "The 'chunksize' parameter of solve_many must be an int >= 1 or None. Got 0 instead."),
        ({"time_limit": -1}, "The 'time_limit' parameter of solve_many must be a float >= 0 or None. Got -1 instead."),
        ({"seed": 1.5}, "The 'seed' parameter of solve_many must be an int in [0, 2147483647]. Got 1.5 instead."),
        ({"progress": "yes"}, "The 'progress' parameter of solve_many must be True, False or None. Got 'yes' instead."),
        ({"results": 3}, "The 'results' parameter of solve_many must be the path of a file or None. Got 3 instead."),
        ({"results": "."}, "The 'results' parameter of solve_many is a folder: '.'. Give a file name."),
        (
            {"results": "no/such/folder/r.jsonl"},
            "The 'results' parameter of solve_many is in a folder that does not exist: 'no/such/folder'.",
        ),
    ],
)
def test_bad_parameters_are_errors_before_solving(arguments, message, weeks) -> None:
    with pytest.raises(ProblemError) as caught:
        solve_many(weeks[:1], **arguments)
    assert str(caught.value) == message


def test_every_bad_item_and_key_is_reported_at_once(weeks) -> None:
    with pytest.raises(ProblemError) as caught:
        solve_many({"a": weeks[0], ("b",): weeks[1], "c": 42, "d": ""})
    assert caught.value.errors == [
        "The 'problems' parameter of solve_many: key ('b',) (tuple) must be a text or an integer (it is written as JSON)",
        "The 'problems' parameter of solve_many: problem 'c': must be a Problem, a path or a dict in the file format. Got 42",
        "The 'problems' parameter of solve_many: problem 'd': must be a Problem, a path or a dict in the file format. Got ''",
    ]
    with pytest.raises(ProblemError, match=r"must be a list or a mapping of problems\. Got Problem instead"):
        solve_many(weeks[0])


def test_progress_shows_a_bar_with_the_failures_so_far(weeks, capsys) -> None:
    solve_many([weeks[0], {"gigs": 1}], executor="serial", progress=True)
    bar = capsys.readouterr().err
    assert "solve_many" in bar and "2/2" in bar and "failed=1" in bar


def test_the_tasks_in_flight_follow_the_executors_size(cluster) -> None:
    from stacker.batch.executors import Serial, concurrency

    cluster.wait_for_workers(2, timeout=60)  # a worker killed by an earlier test may still be restarting
    assert concurrency(cluster.get_executor()) == 2  # the cluster's threads, not this machine's CPUs
    with ProcessPoolExecutor(3) as pool:
        assert concurrency(pool) == 3
    assert concurrency(Serial()) == 1


def test_chunks_are_automatic_and_large_problems_go_alone(weeks) -> None:
    from stacker.batch.many import _chunks

    todo = [(i, weeks[0]) for i in range(100)]
    assert [len(c) for c in _chunks(todo, None, 2)] == [13] * 7 + [9]  # ceil(100 / (4 * 2)) = 13
    assert [len(c) for c in _chunks(todo, None, 64)] == [1] * 100
    assert [len(c) for c in _chunks(todo[:40], None, 1)] == [10] * 4
    assert [len(c) for c in _chunks(todo * 10, None, 1)] == [16] * 62 + [8]  # at most 16 to a task
    big = generate(1_000, seed=1)
    mixed = [(k, big if k == 3 else weeks[0]) for k in range(8)]  # automatic: ceil(8 / 4) = 2 to a task
    assert [[k for k, _ in c] for c in _chunks(mixed, None, 1)] == [[0, 1], [2], [3], [4, 5], [6, 7]]
    assert [[k for k, _ in c] for c in _chunks(mixed, 3, 1)] == [[0, 1, 2], [3, 4, 5], [6, 7]]


def test_a_task_is_named_without_hashing_its_problems(weeks, monkeypatch) -> None:
    """Dask names a task by tokenizing its arguments: a chunk says its own name, new for each task."""
    from dask.base import normalize_token, tokenize

    from stacker.batch.task import Chunk

    pairs = [(0, weeks[0]), (1, weeks[1])]
    first, again = Chunk(pairs), Chunk(pairs)
    assert list(first) == pairs
    assert tokenize(first) == tokenize(first) != tokenize(again)  # a task tried again never gets the lost one's name
    monkeypatch.setitem(normalize_token._lookup, stacker.Problem, lambda _: pytest.fail("a problem was hashed"))
    with pytest.raises(pytest.fail.Exception, match="hashed"):
        tokenize(pairs)  # what Dask would do with the bare pairs
    tokenize(Chunk(pairs))


# --- the command line ------------------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    return subprocess.run(
        [sys.executable, "-m", "stacker", "solve-many", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


@pytest.fixture
def students(tmp_path) -> Path:
    """A folder of problems: two problem files, a problem folder, a note that is not a problem."""
    folder = tmp_path / "students"
    (folder / "cleo").mkdir(parents=True)
    (folder / "ann.json").write_text((ROOT / "examples" / "week.json").read_text())
    (folder / "bob.toml").write_text((ROOT / "examples" / "week.toml").read_text())
    for name in ("timetable.ics", "gigs.csv", "limits.toml"):
        (folder / "cleo" / name).write_bytes((ROOT / "examples" / name).read_bytes())
    (folder / "README.md").write_text("the office's notes")
    return folder


def test_cli_solves_a_folder_of_problems_and_a_file(students, tmp_path) -> None:
    out = tmp_path / "results.jsonl"
    done = run(str(students), "examples/week.json", "--out", str(out), "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("4 problems: 4 solved, 0 failed; ")
    assert f"note: skipped {students / 'README.md'}" in done.stderr
    lines = {json.loads(line)["key"]: json.loads(line)["plan"] for line in out.read_text().splitlines()}
    assert sorted(lines) == sorted(
        [str(students / "ann.json"), str(students / "bob.toml"), str(students / "cleo"), "examples/week.json"]
    )
    for key, plan in lines.items():
        problem = stacker.load_folder(key) if Path(key).is_dir() else stacker.load(ROOT / key)
        assert plan["gigs"] == stacker.solve(problem).to_dict()["gigs"]
    again = run(str(students), "examples/week.json", "--out", str(out))
    assert again.returncode == 0 and "4 solved, 0 failed (4 from an earlier run)" in again.stdout


def test_cli_reports_a_bad_file_and_exits_1_without_a_traceback(students, tmp_path) -> None:
    (students / "dan.json").write_text('{"gigs": [{"id": "g1"}]}')
    out = tmp_path / "results.jsonl"
    done = run(str(students), "--out", str(out), "--workers", "1")
    assert done.returncode == 1
    assert "4 problems: 3 solved, 1 failed" in done.stdout
    assert f"stacker: failed: {students / 'dan.json'}: ProblemError: " in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["examples/week.json"], "the following arguments are required: --out"),
        (["no/such.json", "--out", "r.jsonl"], "argument PATH: 'no/such.json' does not exist"),
        (
            ["examples/week.json", "examples/week.json", "--out", "r.jsonl"],
            "argument PATH: 'examples/week.json' is given twice",
        ),
        (["examples/week.json", "--out", "examples"], "argument --out: 'examples' is a folder; give a file name"),
        (
            ["examples/week.json", "--out", "r.jsonl", "--workers", "2", "--scheduler", "tcp://x:1"],
            "argument --scheduler: not allowed with argument --workers",
        ),
        (
            ["examples/week.json", "--out", "r.jsonl", "--workers", "0"],
            "argument --workers: must be from 1 to 1024, got '0'",
        ),
        (
            ["benchmarks", "--out", "r.jsonl"],
            "argument PATH: 'benchmarks' is a folder without problem files or problem folders",
        ),
    ],
)
def test_cli_usage_errors_exit_2(args, message) -> None:
    done = run(*args)
    assert done.returncode == 2 and message in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_cli_solves_on_a_dask_scheduler(cluster, tmp_path) -> None:
    out = tmp_path / "results.jsonl"
    done = run(
        "examples/week.json",
        "examples/week.toml",
        "--out",
        str(out),
        "--scheduler",
        cluster.scheduler_info()["address"],
    )
    assert done.returncode == 0, done.stderr
    assert "2 problems: 2 solved, 0 failed" in done.stdout


def test_cli_without_dask_says_how_to_install_it(tmp_path) -> None:
    code = "import sys; sys.modules['distributed'] = None; from stacker.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            code,
            "solve-many",
            "examples/week.json",
            "--out",
            str(tmp_path / "r.jsonl"),
            "--scheduler",
            "tcp://127.0.0.1:1",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        timeout=120,
    )
    assert done.returncode == 1 and "--scheduler needs Dask: pip install 'gig-stacker[dask]'" in done.stderr


def test_cli_stopped_by_ctrl_c_keeps_what_it_finished_and_a_rerun_solves_the_rest(tmp_path) -> None:
    from benchmarks.problem_files import write_json

    folder = tmp_path / "students"
    folder.mkdir()
    for i in range(24):
        write_json(generate(200, 0.3, seed=i), folder / f"s{i:02d}.json")
    out = tmp_path / "results.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    argv = [sys.executable, "-m", "stacker", "solve-many", str(folder), "--out", str(out), "--workers", "1"]
    child = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    while child.poll() is None and not (out.exists() and out.read_text()):
        time.sleep(0.02)
    child.send_signal(signal.SIGINT)
    _, stderr = child.communicate(timeout=120)
    assert child.returncode == 130, stderr
    assert "interrupted (Ctrl-C): the problems finished are in" in stderr and "Traceback" not in stderr
    kept = [json.loads(line)["key"] for line in out.read_text().splitlines()]  # every line whole
    assert 0 < len(kept) < 24
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"24 problems: 24 solved, 0 failed ({len(kept)} from an earlier run)" in done.stdout
    keys = [json.loads(line)["key"] for line in out.read_text().splitlines()]
    assert sorted(keys) == sorted(str(folder / f"s{i:02d}.json") for i in range(24))


def test_a_plan_comes_back_with_the_callers_problem_and_a_path_with_its_own(weeks, alone) -> None:
    """Plans cross back without their problem (the caller has it) and get the caller's very Problem back."""
    path = ROOT / "examples" / "week.json"
    answers = solve_many([weeks[0], weeks[1], str(path)], executor=2, chunksize=2)
    assert answers[0].problem is weeks[0] and answers[1].problem is weeks[1]
    assert answers[2].problem == stacker.load(path)  # read by the worker: it comes back with the plan
    check_plans(weeks[:2], answers[:2], alone[:2])


def test_a_term_plan_is_detached_and_attached_whole() -> None:
    import pickle

    from stacker.batch.task import attached, detached

    term = stacker.Term("2027-03-01", "2027-03-14")
    gig = stacker.Gig("g1", sessions=("Mon 09:00-11:00",), pay_rate=20)
    problem = stacker.Problem([], [gig], term=term)
    plan = stacker.solve(problem)
    light = pickle.loads(pickle.dumps(detached(plan)))
    assert light.problem is None and all(week.problem is None for week in light.weeks)
    back = attached(light, problem)
    assert back.problem is problem and all(week.problem is problem for week in back.weeks)
    assert back.to_dict() == plan.to_dict()
    assert len(pickle.dumps(detached(plan))) < len(pickle.dumps(plan))
