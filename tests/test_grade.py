"""``suyang grade``: the same scores as nbgrader on honest work, no unearned marks for
tampering, isolation of broken hand-ins, corrupted input, and kill-and-resume."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbg import ROOT, copy_course, hand_in, make_course, nbgrader, scores

from suyang import references
from suyang.grade import grade

A = "middle-01-screen-time"
SPEC = references.load_spec(ROOT, A)
NB = SPEC["notebook"]
SOLUTION = SPEC["submissions"]["solution"]["expected"]
TESTS = [k for k, v in SOLUTION.items() if v != references.MANUAL]


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A released zh course; each test copies it."""
    course = make_course(tmp_path_factory.mktemp("base"), A, "zh")
    nbgrader(course, "generate_assignment", A, "--force")
    return course


@pytest.fixture
def course(released, tmp_path):
    return copy_course(released, tmp_path / "course")


def notebooks(course):
    source = nbformat.read(course / "source" / A / f"{NB}.ipynb", 4)
    release = nbformat.read(course / "release" / A / f"{NB}.ipynb", 4)
    return source, release


def submit(course, student, nb_or_text):
    target = course / "submitted" / student / A / f"{NB}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb_or_text, (str, bytes)):
        target.write_bytes(nb_or_text if isinstance(nb_or_text, bytes) else
                           nb_or_text.encode("utf-8"))
    else:
        nbformat.write(nb_or_text, target)
    return target


def answers(course, student, **cells):
    source, release = notebooks(course)
    submit(course, student, references.materialise(release, source, cells))


# ------------------------------------------------------------- nbgrader's tools on suyang's output
def test_nbgrader_tools_work_on_suyang_output_and_regrading_is_idempotent(tmp_path):
    """Per-assignment parity with nbgrader lives in test_assignments.py; here, nbgrader's
    export and feedback read what suyang wrote, and a second run skips every hand-in."""
    course = make_course(tmp_path, A, "zh")
    nbgrader(course, "generate_assignment", A, "--force")
    students = hand_in(course, A, SPEC)
    report = grade(course, A, jobs=2)
    assert {r.student for r in report.results} == set(students)
    assert all(r.status == "graded" for r in report.results), report.results
    for student in students:
        assert (course / "autograded" / student / A / f"{NB}.ipynb").is_file()
    nbgrader(course, "export", "--to", str(course / "grades.csv"))
    rows = (course / "grades.csv").read_text("utf-8").splitlines()
    assert len(rows) == len(students) + 1
    nbgrader(course, "generate_feedback", A, "--force")
    assert (course / "feedback" / "solution" / A / f"{NB}.html").is_file()
    again = grade(course, A, jobs=2)
    assert all(r.status == "skipped" for r in again.results)
    for student in students:
        assert scores(course, A, NB, student) == SPEC["submissions"][student]["expected"]


# ------------------------------------------------------------------ the tamper corpus
WRONG = {  # wrong answers for every question; an attack tries to make them pass
    "q2-answer": "weekday_mean = 1.0",
    "q3-answer": "suspect = 'S01'",
    "q4-answer": "clean = survey.head(39)\nweekend_median = 1.0",
    "q5-answer": "ax.bar(['a'], [1]); ax.set_title('t'); ax.set_xlabel('x'); ax.set_ylabel('y')",
}
PATCH_GRADERS = """
import suyang.graders as g
for name in ("assert_number", "assert_equal", "assert_frame", "assert_chart", "assert_type",
             "assert_sequence", "require"):
    setattr(g, name, lambda *a, **k: None)
"""
ATTACKS = {
    "patch-graders-module": PATCH_GRADERS + "n_students = 'lots'",
    "rebind-helper-names": "assert_type = require = assert_chart = lambda *a, **k: 0\n"
                           "n_students = 'lots'",
    "patch-builtins": "import builtins\nbuiltins.isinstance = lambda *a: True\n"
                      "builtins.len = lambda *a: 0\nn_students = 'lots'",
    "patch-math-isclose": "import math\nmath.isclose = lambda *a, **k: True\n"
                          "n_students = 12345",
    "patch-pandas": "import pandas as pd\npd.isna = lambda *a: True\n"
                    "pd.DataFrame.__len__ = lambda self: 39\nn_students = 12345",
    "hide-tracebacks": "ip = get_ipython()\nip.showtraceback = lambda *a, **k: None\n"
                       "ip._showtraceback = lambda *a, **k: None\nn_students = 12345",
    "ast-transformer": "import ast\nclass Gut(ast.NodeTransformer):\n"
                       "    def visit_Module(self, node):\n"
                       "        node.body = []\n        return node\n"
                       "get_ipython().ast_transformers.append(Gut())\nn_students = 12345",
    "input-transformer": "get_ipython().input_transformers_cleanup.append(lambda lines: [])\n"
                         "n_students = 12345",
    "pre-run-hook": "def again(*a):\n" + "\n".join("    " + ln for ln in
                                                  PATCH_GRADERS.strip().splitlines()) +
                    "\nget_ipython().events.register('pre_run_cell', again)\n"
                    "n_students = 12345",
    "fake-sys-modules": "import sys, types\nfake = types.ModuleType('suyang.graders')\n"
                        "fake.__getattr__ = lambda name: (lambda *a, **k: None)\n"
                        "sys.modules['suyang.graders'] = fake\nn_students = 12345",
    "lying-string": "class Liar(str):\n    def __ne__(self, other): return False\n"
                    "    def __eq__(self, other): return True\n"
                    "    def strip(self): return self\n    def upper(self): return self\n"
                    "n_students = 40",
    "background-thread": "import threading, time, suyang.graders as g\n"
                         "def keep():\n    while True:\n"
                         "        g.assert_number = g.assert_equal = lambda *a, **k: None\n"
                         "        time.sleep(0.0005)\n"
                         "threading.Thread(target=keep, daemon=True).start()\n"
                         "n_students = 12345",
    "settrace": "import sys\ndef tracer(frame, event, arg):\n"
                "    if event == 'exception': frame.f_locals.clear()\n    return tracer\n"
                "sys.settrace(tracer)\nn_students = 12345",
    "forge-worker-pipe": "import os, json\n"
                         "for fd in range(3, 64):\n    try:\n"
                         "        os.write(fd, (json.dumps({'seq': 1, 'mac': 'x', 'payload':"
                         " json.dumps({'done': True})}) + '\\n').encode())\n"
                         "    except OSError:\n        pass\nn_students = 12345",
    "exit-before-tests": "import os\nn_students = 12345\nos._exit(0)",
    "ignore-timeouts": "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\n"
                       "n_students = 12345",
}


def _lying_answers():
    return {"q3-answer": "class Liar(str):\n    def __ne__(self, o): return False\n"
                         "    def __eq__(self, o): return True\n"
                         "    def strip(self): return self\n    def upper(self): return self\n"
                         "suspect = Liar('nobody')"}


def test_tamper_corpus_gets_no_unearned_marks(course):
    assert len(ATTACKS) >= 15
    for name, code in ATTACKS.items():
        cells = {**WRONG, "q1-answer": code}
        if name == "lying-string":
            cells.update(_lying_answers())
        answers(course, f"attack-{name}", **cells)
    # a metadata attack: pre-filled outputs, a gutted test cell worth 100 points
    source, release = notebooks(course)
    nb = references.materialise(release, source, {**WRONG, "q1-answer": "n_students = 1"})
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "q2-test":
            cell.source = "pass"
            meta["points"] = 100
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ok")]
        if meta.get("grade_id") == "q3-test":
            cell.cell_type = "markdown"
            cell.pop("outputs", None)
            cell.pop("execution_count", None)
    submit(course, "attack-notebook-metadata", nb)
    answers(course, "honest-solution", **references.solution_answers(source))
    report = grade(course, A, jobs=2)
    by_student = {r.student: r for r in report.results}
    unearned = {}
    for student in by_student:
        if not student.startswith("attack-"):
            continue
        got = scores(course, A, NB, student, raw=True)
        gained = {k: v for k, v in got.items() if k in TESTS and v and k != "q1-test"}
        if got.get("q1-test") and "lying-string" not in student:
            gained["q1-test"] = got["q1-test"]
        if gained:
            unearned[student] = gained
    assert not unearned, unearned
    # every in-notebook attack is flagged for the teacher's review (a lying str subclass is
    # simply defeated: the helpers compare plain built-in values)
    for name in set(ATTACKS) - {"lying-string"}:
        result = by_student[f"attack-{name}"]
        assert result.flags, name
        assert result.status == "flagged", (name, result.status)
    # and the honest student in the same batch keeps every mark
    assert scores(course, A, NB, "honest-solution") == SOLUTION
    assert by_student["honest-solution"].status == "graded"
    assert by_student["honest-solution"].flags == []


# ------------------------------------------------------------------ isolation
def test_isolation_each_failure_costs_only_its_own_cells(course, tmp_path):
    source, _ = notebooks(course)
    solution = references.solution_answers(source)
    gradebook = course / "gradebook.db"
    secret = course / "source" / A / f"{NB}.ipynb"
    cases = {
        "infinite-loop": "n_students = len(survey)\nwhile True:\n    pass",
        "swallowed-timeout": "n_students = len(survey)\nwhile True:\n    try:\n"
                             "        while True: pass\n    except BaseException:\n        pass",
        "memory-hog": "n_students = len(survey)\nblocks = [bytearray(10**8) for _ in range(200)]",
        "interpreter-crash": "n_students = len(survey)\nimport ctypes\nctypes.string_at(0)",
        "sys-exit": "n_students = len(survey)\nimport sys\nsys.exit(1)",
        "stray-process": "n_students = len(survey)\nimport os, time\nif os.fork() == 0:\n"
                         "    time.sleep(600)\n    os._exit(0)",
        "read-gradebook": f"n_students = len(survey)\nopen({str(gradebook)!r}, 'rb').read()",
        "read-source": f"n_students = len(survey)\nopen({str(secret)!r}).read()",
        "read-other-handin": "n_students = len(survey)\nopen("
                             f"{str(course / 'submitted' / 'honest' / A / (NB + '.ipynb'))!r}"
                             ").read()",
        "write-outside": f"n_students = len(survey)\nopen({str(tmp_path / 'pwned.txt')!r},"
                         " 'w').write('x')",
        "network": "n_students = len(survey)\nimport socket\n"
                   "socket.create_connection(('127.0.0.1', 22), timeout=2)",
        "run-program": "n_students = len(survey)\nimport subprocess\n"
                       "subprocess.run(['/bin/true'], check=True)",
    }
    answers(course, "honest", **solution)
    for name, code in cases.items():
        answers(course, name, **{**solution, "q1-answer": code})
    from suyang.sandbox import Limits

    report = grade(course, A, jobs=2, limits=Limits(cell_timeout=3, notebook_timeout=60,
                                                    memory_mb=512))
    results = {r.student: r for r in report.results}
    assert scores(course, A, NB, "honest") == SOLUTION
    for name in cases:
        got = scores(course, A, NB, name, raw=True)
        # the broken cell shows its error; every other answer still earns its marks
        later = {k: v for k, v in got.items() if k in TESTS and k != "q1-test"}
        assert later == {k: v for k, v in SOLUTION.items() if k in TESTS and k != "q1-test"}, \
            (name, got)
        assert results[name].status in ("graded", "flagged")
        graded = nbformat.read(course / "autograded" / name / A / f"{NB}.ipynb", 4)
        cell = next(c for c in graded.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") == "q1-answer")
        if name != "stray-process":  # forking is allowed; the child is killed afterwards
            assert any(o.output_type == "error" for o in cell.outputs), name
    assert not (tmp_path / "pwned.txt").exists()
    for name in ("read-gradebook", "read-source", "read-other-handin", "write-outside",
                 "network", "run-program"):
        text = (course / "autograded" / name / A / f"{NB}.ipynb").read_text("utf-8")
        assert "PermissionError" in text or "Permission denied" in text, name
        assert scores(course, A, NB, name, raw=True)["q1-test"] == 1  # the value was right
    leftovers = subprocess.run(["pgrep", "-f", "time.sleep\\(600\\)"], capture_output=True)
    assert leftovers.stdout.strip() == b""


# ------------------------------------------------------------------ corrupted input
def test_corrupted_hand_ins_are_reported_and_kept(course):
    source, release = notebooks(course)
    good = references.materialise(release, source, references.solution_answers(source))
    text = nbformat.writes(good)
    submit(course, "not-json", text[: len(text) // 2])
    submit(course, "binary-junk", os.urandom(2000))
    v3 = nbformat.v3.new_notebook()
    submit(course, "nbformat-v3", nbformat.v3.writes_json(v3) if hasattr(nbformat.v3, "writes_json")
           else json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {},
                            "worksheets": [{"cells": []}]}))
    raw = json.loads(text)
    for cell in raw["cells"]:
        cell.pop("outputs", None)
        cell.pop("execution_count", None)
        cell.pop("id", None)
    submit(course, "other-editor", json.dumps(raw))
    submit(course, "no-cells", json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}}))
    submit(course, "enormous", text.replace('"metadata": {', '"metadata": {"junk": "' +
                                            "x" * 25_000_000 + '", ', 1))
    report = grade(course, A, jobs=2)
    results = {r.student: r for r in report.results}
    assert set(results) == {"not-json", "binary-junk", "nbformat-v3", "other-editor",
                            "no-cells", "enormous"}
    for name in ("not-json", "binary-junk", "enormous"):
        assert results[name].status == "failed" and results[name].notes, name
        assert (course / "submitted" / name / A / f"{NB}.ipynb").is_file()  # never deleted
    assert scores(course, A, NB, "other-editor") == SOLUTION  # graded as far as possible
    for name in results:  # every hand-in has its row in the gradebook
        got = scores(course, A, NB, name)
        assert set(got) == set(SOLUTION), name
    before = {name: scores(course, A, NB, name) for name in results}
    again = grade(course, A, jobs=2)  # idempotent: nothing changed, nothing re-graded
    assert again.count("skipped") == 6
    assert {name: scores(course, A, NB, name) for name in results} == before


# ------------------------------------------------------------------ kill -9 and resume
def test_kill_nine_mid_run_then_resume(course):
    source, _ = notebooks(course)
    solution = references.solution_answers(source)
    for i in range(16):
        answers(course, f"s{i:02d}", **solution)
    env = {**os.environ, "PYTHONUTF8": "1"}
    proc = subprocess.Popen([str(Path(sys.executable).parent / "suyang"), "grade", A,
                             "--course", str(course), "--jobs", "2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline:
        done = list((course / "autograded").glob(f"*/{A}/.suyang-graded.json")) \
            if (course / "autograded").is_dir() else []
        if len(done) >= 3:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(course / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    report = grade(course, A, jobs=2)
    assert len(report.results) == 16
    for i in range(16):
        result = report.results[i]
        assert scores(course, A, NB, f"s{i:02d}") == SOLUTION, (result.status, result.notes)
    assert report.count("skipped") >= 1


def test_marker_cut_short_by_a_kill_means_grade_again_not_zero(course):
    """A run killed while writing its "graded" marker leaves an empty or half-written
    file; the next run must grade that hand-in again, never score it 0."""
    source, _ = notebooks(course)
    answers(course, "s00", **references.solution_answers(source))
    answers(course, "s01", **references.solution_answers(source))
    grade(course, A, jobs=1)
    autograded = course / "autograded"
    (autograded / "s00" / A / ".suyang-graded.json").write_text("", "utf-8")
    (autograded / "s01" / A / ".suyang-graded.json").write_text('{"digest": "ab', "utf-8")
    report = grade(course, A, jobs=1)
    assert [r.status for r in report.results] == ["graded", "graded"], report.results
    for student in ("s00", "s01"):
        assert scores(course, A, NB, student) == SOLUTION
