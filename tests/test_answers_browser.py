"""A pupil's clicks survive saving and re-grading: proven in a real browser.

JupyterLab serves a released nbgrader notebook with every kind of click-to-answer widget;
headless Chromium clicks the answers, runs each answer cell again (which rewrites the
cell's source through the kernel's set_next_input payload), and saves with Ctrl+S. The
notebook saved on disk is then graded by ``nbgrader autograde`` and by ``suyang grade``:
every click must count, because the grader re-creates every widget with its default.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import nbformat
from browser import chromium_page, jupyter_lab, need_browser, save_screenshot
from nbformat.v4 import new_code_cell, new_notebook
from nbg import grade_both, nbgrader, scores

from suyang.answers import recorded_answers

A = "widget-check"
QUESTIONS = {  # question id: (answer cell source, the answer the browser will click)
    "q1": ('q1 = choose("q1", {"a": "three", "b": "four", "c": "five"})', "b"),
    "q2": ('q2 = choose_many("q2", {"name": "my name", "colour": "favourite colour", '
           '"address": "home address"})', ["name", "address"]),
    "q3": ('q3 = number("q3", 0, 10)', 3),
    "q4": ('q4 = grid("q4", 2, 3)', ["010", "111"]),
    "q5": ('q5 = order("q5", {"wash": "wash hands", "eat": "eat", "dry": "dry hands"})',
           ["wash", "dry", "eat"]),
}


def _nbg(grade_id: str, **kw) -> dict:
    return {"nbgrader": {"grade_id": grade_id, "schema_version": 3, "locked": True,
                         "solution": False, "grade": False, **kw}}


def _source_notebook() -> nbformat.NotebookNode:
    cells = [new_code_cell("import suyang\nsuyang.setup('en')", metadata=_nbg("setup")),
             new_code_cell("from suyang.answers import choose, choose_many, grid, number, "
                           "order, require_answer\nfrom suyang.graders import assert_equal",
                           metadata=_nbg("imports"))]
    for qid, (source, want) in QUESTIONS.items():
        cells.append(new_code_cell(source, metadata={"suyang": {"answer": qid}}))
        cells.append(new_code_cell(
            f"{qid} = require_answer({qid!r})\n### BEGIN HIDDEN TESTS\n"
            f"assert_equal({qid}, {want!r})\n### END HIDDEN TESTS",
            metadata=_nbg(f"{qid}-test", grade=True, locked=False, points=1)))
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def _course(tmp: Path) -> Path:
    course = tmp / "course"
    (course / "source" / A).mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'suyang-tests'\n", "utf-8")
    nbformat.write(_source_notebook(), course / "source" / A / f"{A}.ipynb")
    nbgrader(course, "generate_assignment", A, "--force")
    return course


class Lab:
    """The few JupyterLab gestures a pupil makes, by cell number."""

    def __init__(self, page):
        self.page = page

    def cell(self, i: int):
        return self.page.locator(".jp-Notebook .jp-Cell").nth(i)

    def prompt(self, i: int) -> str:
        return self.cell(i).locator(".jp-InputPrompt").inner_text()

    def run(self, i: int) -> None:
        """Select cell i (command mode) and press Ctrl+Enter; wait until it has run."""
        before = self.prompt(i)
        for _attempt in range(3):  # a key pressed while the kernel starts can be lost
            self.cell(i).locator(".jp-InputPrompt").click()
            self.page.keyboard.press("Control+Enter")
            deadline = time.time() + 30
            while time.time() < deadline:
                now = self.prompt(i)
                if re.search(r"\[\d+\]", now) and now != before:
                    return
                self.page.wait_for_timeout(100)
        raise AssertionError(f"cell {i} did not run: prompt {self.prompt(i)!r}")

    def source(self, i: int) -> str:
        return self.cell(i).locator(".cm-content").inner_text()

    def output(self, i: int) -> str:
        return self.cell(i).locator(".jp-OutputArea").inner_text()


def _click_answers(page, qid: str, cell) -> None:
    cell = cell.locator(".jp-OutputArea")
    if qid == "q1":
        cell.locator("button.widget-toggle-button", has_text="four").click()
    elif qid == "q2":
        cell.get_by_text("my name", exact=True).click()
        cell.get_by_text("home address", exact=True).click()
    elif qid == "q3":
        cell.locator(".noUi-handle").first.focus()
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
        cell.locator("button", has_text="This one").click()
    elif qid == "q4":
        squares = cell.locator("button.widget-toggle-button")
        for k in (1, 3, 4, 5):  # 010 / 111
            squares.nth(k).click()
    elif qid == "q5":
        for label in ("wash hands", "dry hands", "eat"):
            cell.locator("button", has_text=label).first.click()
    page.wait_for_timeout(300)  # let the widget's message reach the kernel


def test_clicked_answers_survive_save_and_regrading(tmp_path):
    need_browser()
    course = _course(tmp_path)
    root = tmp_path / "lab"
    root.mkdir()
    shutil.copy(course / "release" / A / f"{A}.ipynb", root / f"{A}.ipynb")
    saved = root / f"{A}.ipynb"
    with jupyter_lab(root) as (base, token), chromium_page() as page:
        page.goto(f"{base}/lab/tree/{A}.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=120_000)
        lab = Lab(page)
        lab.run(0)
        lab.run(1)
        for n, qid in enumerate(QUESTIONS):
            answer_cell, test_cell = 2 + 2 * n, 3 + 2 * n
            lab.run(answer_cell)
            assert "run this cell once more" in lab.output(answer_cell)
            _click_answers(page, qid, lab.cell(answer_cell))
            assert "run this cell once more" in lab.output(answer_cell)
            if qid == "q1":  # clicked but not yet recorded: the visible test says so
                lab.run(test_cell)
                assert "not recorded yet" in lab.output(test_cell)
            lab.run(answer_cell)  # records the click in the cell's own source
            assert "answer=" in lab.source(answer_cell), lab.source(answer_cell)
            assert "Answer recorded" in lab.output(answer_cell)
            if qid == "q1":  # for the teacher guide: a click answer, recorded
                lab.cell(answer_cell).scroll_into_view_if_needed()
                save_screenshot(page, "lab-click-answer")
            lab.run(test_cell)
            assert "Error" not in lab.output(test_cell), lab.output(test_cell)
        page.locator(".jp-Notebook").click()
        page.keyboard.press("Control+s")
        deadline = time.time() + 30
        while time.time() < deadline and "answer=" not in saved.read_text("utf-8"):
            page.wait_for_timeout(200)
        assert not page.console_errors, page.console_errors

    nb = nbformat.read(saved, 4)
    recorded = {}
    for cell in nb.cells:
        recorded.update(recorded_answers(cell.source))
    assert recorded == {qid: want for qid, (_, want) in QUESTIONS.items()}

    # graded from the saved file: nbgrader and suyang re-run it with fresh widgets
    target = course / "submitted" / "pupil" / A / f"{A}.ipynb"
    target.parent.mkdir(parents=True)
    shutil.copy(saved, target)
    twin, report = grade_both(course, A, tmp_path / "twin", jobs=1)
    assert [r.status for r in report.results] == ["graded"]
    full = {f"{qid}-test": 1 for qid in QUESTIONS}
    assert scores(course, A, A, "pupil") == full
    assert scores(twin, A, A, "pupil") == full

