"""Every assignment, end to end, in each language view.

Release with ``nbgrader generate_assignment``; hand in every reference submission of
``graders/<assignment>/submissions.yaml``; grade the same hand-ins with the real
``nbgrader autograde`` and with ``suyang grade`` (each in its own copy of the course);
assert each grade cell's expected score with both. Then check the release as a student
gets it: no hidden test left in it, and every visible test fails on the untouched
notebook with a message in the student's language that says what to do.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml
from nbclient import NotebookClient
from nbg import ROOT, grade_both, hand_in, make_course, nbgrader, scores

from suyang import references
from suyang.answers import _answer_call
from suyang.lint import HIDDEN_BEGIN, HIDDEN_END, SOLUTION_BEGIN, SOLUTION_END

ASSIGNMENTS = sorted(p.parent.name for p in (ROOT / "graders").glob("*/submissions.yaml"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def _source(assignment: str) -> tuple[Path, nbformat.NotebookNode, dict]:
    spec = references.load_spec(ROOT, assignment)
    path = ROOT / "assignments" / assignment / f"{spec['notebook']}.ipynb"
    return path, nbformat.read(path, 4), spec


def _grade_cells(nb: nbformat.NotebookNode) -> dict[str, dict]:
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")}


def _auto_total(got: dict) -> float:
    return sum(v for v in got.values() if v != references.MANUAL)


def _region(source: str, begin: str, end: str) -> list[str]:
    lines, inside = [], False
    for line in source.splitlines():
        if line.strip() == begin:
            inside = True
        elif line.strip() == end:
            inside = False
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


# ------------------------------------------------------------------ without a kernel
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_set_is_complete(assignment):
    """Solution, untouched, ≥ 3 wrong answers; every grade cell has an expected score;
    every written answer has a rubric with score levels and an exemplar."""
    _, nb, spec = _source(assignment)
    cells = _grade_cells(nb)
    subs = spec["submissions"]
    assert {"solution", "untouched"} <= set(subs)
    wrong = [s for s in subs if s not in ("solution", "untouched")]
    assert len(wrong) >= 3, f"{assignment}: only {len(wrong)} wrong/partial submissions"
    answer_ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells
                  if c.metadata.get("nbgrader", {}).get("solution")}
    answer_ids |= {(c.metadata.get("suyang") or {}).get("answer") for c in nb.cells}
    answer_ids.discard(None)
    for name, sub in subs.items():
        assert set(sub["expected"]) == set(cells), (assignment, name)
        assert sub["description"]["zh"] and sub["description"]["en"], (assignment, name)
        if isinstance(sub["answers"], dict):
            assert set(sub["answers"]) <= answer_ids, (assignment, name,
                                                       set(sub["answers"]) - answer_ids)
    manual = {g: m for g, m in cells.items() if m.get("solution")}
    for grade_id, meta in cells.items():
        want = references.MANUAL if meta.get("solution") else meta["points"]
        assert subs["solution"]["expected"][grade_id] == want, (assignment, grade_id)
    assert spec["total_points"] == sum(m["points"] for m in cells.values())
    assert spec["total_points"] % 5 == 0
    if nb.metadata["suyang"]["level"] != "seniors":
        assert manual, f"{assignment}: no written answer for the teacher to mark"
    rubric_path = ROOT / "graders" / assignment / "rubric.yaml"
    rubric = yaml.safe_load(rubric_path.read_text("utf-8"))["cells"] if manual else {}
    for grade_id, meta in manual.items():
        entry = rubric[grade_id]
        assert entry["points"] == meta["points"]
        levels = sorted(level["score"] for level in entry["levels"])
        assert levels[0] == 0 and levels[-1] == meta["points"] and len(levels) >= 3
        assert all(level["zh"] and level["en"] for level in entry["levels"])
        assert len(entry["exemplar"]["zh"]) > 40 and len(entry["exemplar"]["en"]) > 60


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_teacher_view_states_time_and_what_each_question_assesses(assignment):
    _, nb, _ = _source(assignment)
    meta = nb.metadata["suyang"]
    assert 10 <= meta["minutes"] <= 90
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            assessed = cell.metadata["suyang"]
            assert assessed["objective"] and assessed["literacy"]
    if meta["level"] == "primary":  # no child types more than one line of code
        for cell in nb.cells:
            nbg = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and nbg.get("solution"):
                typed = _region(cell.source, SOLUTION_BEGIN, SOLUTION_END)
                assert len(typed) <= 1, (assignment, nbg["grade_id"], typed)


# ------------------------------------------------------------------ with nbgrader and suyang
def _visible_failures(release: Path) -> dict[int, dict]:
    """Run the released notebook as a student would (untouched, all cells, real kernel)."""
    nb = nbformat.read(release, 4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(release.parent)}}).execute()
    out = {}
    for i, cell in enumerate(nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
            errors = [o for o in cell.outputs if o.output_type == "error"]
            out[i] = {"id": meta["grade_id"], "error": errors[0] if errors else None}
    return out


@pytest.fixture(scope="module", params=["zh", "en"])
def lang(request):
    return request.param


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_end_to_end_by_nbgrader_and_suyang(assignment, lang, tmp_path):
    path, master, spec = _source(assignment)
    name = spec["notebook"]
    course = make_course(tmp_path, assignment, lang)
    nbgrader(course, "generate_assignment", assignment, "--force")
    release = course / "release" / assignment / f"{name}.ipynb"
    source = nbformat.read(course / "source" / assignment / f"{name}.ipynb", 4)
    released = nbformat.read(release, 4)

    # hidden tests and solutions are absent from what students get
    text = release.read_text("utf-8")
    assert HIDDEN_BEGIN not in text and SOLUTION_BEGIN not in text
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in released.cells}
    for cell in source.cells:
        hidden = _region(cell.source, HIDDEN_BEGIN, HIDDEN_END)
        if hidden:
            out = by_id[cell.metadata["nbgrader"]["grade_id"]].source.splitlines()
            visible = {ln.strip() for ln in cell.source.split(HIDDEN_BEGIN)[0].splitlines()}
            leaked = [ln for ln in hidden if ln not in visible and ln in map(str.strip, out)]
            assert not leaked, (assignment, lang, leaked)
    for cell in released.cells:  # click-to-answer cells carry no answer
        qid = (cell.metadata.get("suyang") or {}).get("answer")
        if qid:
            call = _answer_call(__import__("ast").parse(cell.source), qid)
            assert call is not None and not any(k.arg == "answer" for k in call.keywords)

    # every visible test fails on the untouched release, with a message to act on
    for found in _visible_failures(release).values():
        err = found["error"]
        assert err is not None, f"{assignment} [{lang}] {found['id']}: passes untouched"
        assert err.ename == "AssertionError", (assignment, lang, found["id"], err.ename,
                                               err.evalue)
        assert len(err.evalue) >= (10 if lang == "zh" else 20), (found["id"], err.evalue)
        assert bool(CJK.search(err.evalue)) == (lang == "zh"), (found["id"], err.evalue)

    # the same hand-ins, graded by nbgrader and by suyang, in two copies of the course
    students = hand_in(course, assignment, spec)
    twin, report = grade_both(course, assignment, tmp_path / f"twin-{lang}")
    assert all(r.status == "graded" for r in report.results), report.results
    mismatches = {}
    for student in students:
        want = spec["submissions"][student]["expected"]
        for tool, where in (("nbgrader", course), ("suyang", twin)):
            got = scores(where, assignment, name, student)
            if got != want:
                mismatches[f"{tool}:{student}"] = {"expected": want, "got": got}
    assert not mismatches, mismatches

    full = _auto_total(spec["submissions"]["solution"]["expected"])
    assert _auto_total(scores(course, assignment, name, "solution")) == full > 0
    assert all(v == 0 for v in scores(course, assignment, name, "untouched", raw=True).values())
    for student in students:
        if student not in ("solution", "untouched"):
            total = _auto_total(scores(course, assignment, name, student))
            assert 0 < total < full, (assignment, student, total, full)
