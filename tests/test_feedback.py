"""Feedback pages from a real nbgrader course, in both languages: the gradebook's scores,
plain-words explanations of failed checks, the teacher's comments, never a hidden test,
and a clear page for a notebook that could not be graded."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess

import nbformat
import pytest
from click.testing import CliRunner
from nbg import NBGRADER, ROOT, make_course, nbgrader
from nbgrader.api import Gradebook

from suyang import feedback, i18n, references
from suyang.cli import main
from suyang.lint import HIDDEN_BEGIN, HIDDEN_END

A = "middle-01-screen-time"
NB = "screen-time"
GRADED = ("solution", "quotes-and-sum", "untouched")
COMMENT = {"zh": "两点都说到了，很好！下次把中位数 149 分钟也写进去。",
           "en": "Good: you named both problems. Next time give the median, 149 minutes, too."}


def _hand_in(course, student: str, data: bytes) -> None:
    target = course / "submitted" / student / A / f"{NB}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


@pytest.fixture(scope="module", params=["zh", "en"])
def graded(request, tmp_path_factory):
    """A course in one language: three reference hand-ins autograded, one broken one."""
    lang = request.param
    course = make_course(tmp_path_factory.mktemp(f"feedback-{lang}"), A, lang)
    nbgrader(course, "generate_assignment", A, "--force")
    spec = references.load_spec(ROOT, A)
    source = nbformat.read(course / "source" / A / f"{NB}.ipynb", 4)
    release = nbformat.read(course / "release" / A / f"{NB}.ipynb", 4)
    for student in GRADED:
        nb = references.materialise(release, source, spec["submissions"][student]["answers"])
        _hand_in(course, student, nbformat.writes(nb).encode())
    _hand_in(course, "broken", nbformat.writes(release).encode()[:3000])
    # suyang collect keeps a hand-in it could not read in archive/, not in submitted/
    rejected = course / "archive" / A / "rejected" / "20240408-101500-rejected.ipynb"
    rejected.parent.mkdir(parents=True)
    rejected.write_bytes(b"not a notebook")
    # nbgrader grades the others and exits non-zero because of the broken notebook
    subprocess.run([*NBGRADER, "autograde", A, "--create", "--force"], cwd=course,
                   env={**os.environ, "PYTHONUTF8": "1"}, capture_output=True, timeout=900)
    assert not (course / "autograded" / "broken" / A / f"{NB}.ipynb").exists()
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        comment = gb.find_comment("q6-newsletter", NB, A, "quotes-and-sum")
        comment.manual_comment = COMMENT[lang]
        grade = gb.find_grade("q6-newsletter", NB, A, "solution")
        grade.manual_score, grade.needs_manual_grade = 2.0, False
        gb.db.commit()
    return lang, course


def _page(course, student: str) -> str:
    return (course / "feedback" / student / A / f"{NB}.html").read_text("utf-8")


def _text(page: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_pages_show_the_gradebook_scores(graded):
    lang, course = graded
    written = feedback.generate_feedback(course, A, lang=lang)
    assert sorted(p.parent.parent.name for p in written) == sorted([*GRADED, "broken",
                                                                     "rejected"])
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in GRADED:
            page = _page(course, student)
            sub = gb.find_submission_notebook(NB, A, student)
            total = re.search(r'class="total" data-score="([\d.]+)" data-max="([\d.]+)"', page)
            assert (float(total[1]), float(total[2])) == (sub.score, sub.max_score)
            rows = {m[1]: (float(m[2]), float(m[3])) for m in re.finditer(
                r'data-grade-id="([^"]+)" data-score="([\d.]+)" data-max="([\d.]+)"', page)}
            assert rows == {g.name: (g.score, g.max_score) for g in sub.grades}
            shown = i18n.t("feedback.total", lang, score=feedback.points(sub.score),
                           max=feedback.points(sub.max_score))
            assert shown in _text(page)


def test_a_failed_check_is_explained_in_plain_words(graded):
    lang, course = graded
    feedback.generate_feedback(course, A, students=["quotes-and-sum"], lang=lang)
    text = _text(_page(course, "quotes-and-sum"))
    what = i18n.tr(lang, zh="人数", en="The number of students")
    assert i18n.t("grade.number_in_quotes", lang, what=what, got="'40'") in text
    assert 'n_students = "40"' in text  # the student's own answer
    assert "Traceback" not in text and "AssertionError" not in text


def _hidden_lines() -> set[str]:
    nb = nbformat.read(ROOT / "assignments" / A / f"{NB}.ipynb", 4)
    lines, inside = set(), False
    for cell in nb.cells:
        for line in cell.source.splitlines():
            if line.strip() in (HIDDEN_BEGIN, HIDDEN_END):
                inside = line.strip() == HIDDEN_BEGIN
            elif inside and line.strip():
                lines.add(line.strip())
    return lines


def test_no_hidden_test_source_appears(graded):
    lang, course = graded
    hidden = _hidden_lines()
    assert len(hidden) > 10
    for path in feedback.generate_feedback(course, A, lang=lang):
        page = path.read_text("utf-8")
        text = _text(page)
        leaked = [line for line in hidden if line in page or line in text]
        assert not leaked, (path, leaked)
        assert "HIDDEN TESTS" not in page and 'require("' not in text


def test_teacher_comment_and_written_answers_awaiting_the_teacher(graded):
    lang, course = graded
    feedback.generate_feedback(course, A, lang=lang)
    waiting = _text(_page(course, "quotes-and-sum"))
    assert COMMENT[lang] in waiting
    assert i18n.t("feedback.pending", lang) in waiting
    marked = _text(_page(course, "solution"))
    assert i18n.t("feedback.pending", lang) not in marked  # the teacher has marked it
    assert COMMENT[lang] not in marked
    assert i18n.t("feedback.no_answer", lang) in _text(_page(course, "untouched"))


def test_a_notebook_that_failed_to_grade_gets_a_page_saying_so(graded):
    lang, course = graded
    feedback.generate_feedback(course, A, lang=lang)
    for student in ("broken", "rejected"):
        assert i18n.t("feedback.not_graded.title", lang) in _text(_page(course, student))
        assert "data-score" not in _page(course, student)
    feedback.generate_feedback(course, A, students=["absent"], lang=lang)
    assert i18n.t("feedback.not_handed_in.title", lang) in _text(_page(course, "absent"))


def test_pages_are_self_contained_and_accessible(graded):
    lang, course = graded
    feedback.generate_feedback(course, A, students=["solution"], lang=lang)
    page = _page(course, "solution")
    assert f'<html lang="{feedback.HTML_LANG[lang]}">' in page
    assert "<style>" in page and "font-size: 19px" in page
    assert "<script" not in page and 'src="http' not in page and "<link" not in page
    images = re.findall(r'<img src="(data:image/png;base64,[^"]+)" alt="([^"]*)"', page)
    assert images and all(alt.strip() for _, alt in images)  # the student's chart


def test_language_follows_the_course_then_the_notebook(graded, monkeypatch):
    lang, course = graded
    other = "en" if lang == "zh" else "zh"
    monkeypatch.setenv("SUYANG_LANG", other)
    feedback.generate_feedback(course, A, students=["solution"])
    assert f'<html lang="{feedback.HTML_LANG[lang]}">' in _page(course, "solution")
    state = course / ".suyang" / "course.json"
    state.parent.mkdir(exist_ok=True)
    state.write_text(json.dumps({"lang": other}), "utf-8")
    try:
        feedback.generate_feedback(course, A, students=["solution"])
        assert f'<html lang="{feedback.HTML_LANG[other]}">' in _page(course, "solution")
    finally:
        state.unlink()


def test_the_feedback_command(graded):
    lang, course = graded
    result = CliRunner().invoke(main, ["feedback", A, "--course", str(course),
                                       "--student", "solution", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert i18n.t("feedback.written", lang, count=1, out=course / "feedback") in result.output
    bad = CliRunner().invoke(main, ["feedback", "no-such-assignment", "--course", str(course)])
    assert bad.exit_code != 0


def test_other_errors_get_a_friendly_line_without_the_traceback():
    cell = nbformat.v4.new_code_cell("x = _secret_check()")
    cell.outputs = [nbformat.v4.new_output("error", ename="ZeroDivisionError",
                                           evalue="division by zero in _secret_check",
                                           traceback=["_secret_check() line 3"])]
    message = feedback.check_message(cell, "en")
    assert message == i18n.t("feedback.check_error", "en", name="ZeroDivisionError")
    assert "_secret_check" not in message
    cell.outputs[0].ename, cell.outputs[0].evalue = "AssertionError", ""
    assert feedback.check_message(cell, "zh") == i18n.t("feedback.check_failed_plain", "zh")


def test_chinese_names_read_family_name_first():
    class Student:
        first_name, last_name = "", "李梓阳"

    assert feedback.display_name(Student(), "2024080101") == "李梓阳"
    Student.first_name, Student.last_name = "梓阳", "李"
    assert feedback.display_name(Student(), "x") == "李梓阳"
    Student.first_name, Student.last_name = "Ada", "Lovelace"
    assert feedback.display_name(Student(), "x") == "Ada Lovelace"
    assert feedback.display_name(None, "2024080101") == "2024080101"
