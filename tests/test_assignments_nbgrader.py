"""Every assignment, end to end with the real nbgrader, in each language view:
release with ``nbgrader generate_assignment``, hand in every reference submission, grade
with ``nbgrader autograde``, and assert each grade cell's expected score exactly."""

from __future__ import annotations

import nbformat
import pytest
from nbg import ROOT, hand_in, make_course, nbgrader, scores

from suyang import references

ASSIGNMENTS = sorted(p.parent.name for p in (ROOT / "graders").glob("*/submissions.yaml"))


@pytest.fixture(scope="module", params=["zh", "en"])
def lang(request):
    return request.param


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_reference_submissions_score_exactly(assignment, lang, tmp_path):
    spec = references.load_spec(ROOT, assignment)
    course = make_course(tmp_path, assignment, lang)
    nbgrader(course, "generate_assignment", assignment, "--force")
    release = course / "release" / assignment / f"{spec['notebook']}.ipynb"
    released = release.read_text("utf-8")
    assert "### BEGIN HIDDEN TESTS" not in released and "BEGIN SOLUTION" not in released
    students = hand_in(course, assignment, spec)
    nbgrader(course, "autograde", assignment, "--create", "--force")
    mismatches = {}
    for student in students:
        got = scores(course, assignment, spec["notebook"], student)
        want = spec["submissions"][student]["expected"]
        if got != want:
            mismatches[student] = {"expected": want, "got": got}
    assert not mismatches, mismatches
    # the solution earns every autograded point; the untouched release earns none
    sol = scores(course, assignment, spec["notebook"], "solution")
    auto_total = sum(v for v in sol.values() if v != references.MANUAL)
    nb = nbformat.read(ROOT / "assignments" / assignment / f"{spec['notebook']}.ipynb", 4)
    manual = sum(c.metadata["nbgrader"]["points"] for c in nb.cells
                 if c.metadata.get("nbgrader", {}).get("grade")
                 and c.metadata["nbgrader"].get("solution"))
    assert auto_total + manual == spec["total_points"]
    untouched = scores(course, assignment, spec["notebook"], "untouched")
    assert all(v == 0 for v in untouched.values())
