"""``suyang new``: skeletons that pass lint as they are, and an assignment skeleton that
nbgrader and ``suyang grade`` grade end to end with the scores its graders/ folder states
(the workshop's authoring session starts from it)."""

from __future__ import annotations

import shutil

import nbformat
import pytest
from click.testing import CliRunner
from nbg import ROOT, grade_both, hand_in, make_course, nbgrader, scores

from suyang import references
from suyang.cli import main
from suyang.lint import lint
from suyang.new import NewError, new_assignment, new_lesson

LEVELS = ("primary", "middle", "high", "vocational", "seniors")


@pytest.fixture
def kit(tmp_path):
    """A teacher's copy of the kit: its lessons, no assignments yet."""
    root = tmp_path / "kit"
    shutil.copytree(ROOT / "curriculum", root / "curriculum")
    return root


@pytest.mark.parametrize("level", LEVELS)
def test_skeletons_pass_lint_as_they_are(kit, level):
    lesson = new_lesson(kit, level, "my-topic")
    assignment = new_assignment(kit, level, "my-quiz")
    assert lint([lesson, assignment], root=kit) == []
    assert (lesson.parent / "checks.yaml").is_file() and (lesson.parent / "plan.md").is_file()
    folder = assignment.parent.name
    assert (kit / "graders" / folder / "submissions.yaml").is_file()
    assert (kit / "graders" / folder / "rubric.yaml").is_file()
    nb = nbformat.read(lesson, 4)
    assert nb.metadata["suyang"]["id"] == f"{level}-{lesson.parent.name}"
    assert nb.metadata["suyang"].get("large_print", False) == (level == "seniors")


def test_numbers_follow_the_kit_and_bad_requests_say_why(kit):
    first = new_assignment(kit, "middle", "quiz-one")
    second = new_assignment(kit, "middle", "quiz-two")
    assert first.parent.name == "middle-01-quiz-one"
    assert second.parent.name == "middle-02-quiz-two"
    lessons = sorted(p.name for p in (kit / "curriculum" / "middle").iterdir())
    assert new_lesson(kit, "middle", "extra").parent.name == \
        f"{int(lessons[-1][:2]) + 1:02d}-extra"
    with pytest.raises(NewError, match="slug"):
        new_lesson(kit, "middle", "My Topic")
    with pytest.raises(NewError, match="level"):
        new_assignment(kit, "college", "x")
    with pytest.raises(NewError, match="no lesson"):
        new_assignment(kit, "middle", "x", lesson="middle-99-nothing")


def test_cli_creates_and_reports(kit):
    result = CliRunner().invoke(main, ["new", "assignment", "--level", "high", "--slug",
                                       "first-try", "--root", str(kit), "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "high-01-first-try" in result.output and "suyang lint" in result.output
    bad = CliRunner().invoke(main, ["new", "lesson", "--level", "high", "--slug", "A B",
                                    "--root", str(kit), "--lang", "en"])
    assert bad.exit_code != 0 and "slug" in bad.output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_assignment_skeleton_is_graded_end_to_end(kit, tmp_path, lang):
    path = new_assignment(kit, "middle", "my-quiz")
    assignment = path.parent.name
    spec = references.load_spec(kit, assignment)
    course = make_course(tmp_path, assignment, lang, root=kit)
    nbgrader(course, "generate_assignment", assignment, "--force")
    released = (course / "release" / assignment / f"{spec['notebook']}.ipynb").read_text()
    assert "BEGIN HIDDEN TESTS" not in released and "_assert_number(by_car, 7" not in released
    students = hand_in(course, assignment, spec)
    twin, report = grade_both(course, assignment, tmp_path / "twin", jobs=1)
    assert all(r.status == "graded" for r in report.results), report.results
    for student in students:
        want = spec["submissions"][student]["expected"]
        assert scores(course, assignment, spec["notebook"], student) == want, student
        assert scores(twin, assignment, spec["notebook"], student) == want, student
