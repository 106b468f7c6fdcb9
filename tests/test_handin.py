"""The app view's 交作业 button without a browser: what it writes into the notebook, and
how it submits through a real nbgrader exchange in both of nbgrader's folder layouts
(the browser tests, and the school hub's, press the button itself)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from suyang import handin, i18n

COURSE, ASSIGNMENT, NB = "c3-1", "safe-online", "safe-online.ipynb"


def _notebook(path: Path) -> Path:
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 上网安全"),
        nbformat.v4.new_code_cell(
            'q1 = choose("q1", {"a": "告诉他", "b": "不告诉"})  # 你的答案'),
        nbformat.v4.new_code_cell('q2 = choose_many("q2", {"a": "甲", "b": "乙", "c": "丙"})'),
    ])
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_clicked_answers_are_written_into_their_cells_and_a_second_press_replaces(tmp_path):
    path = _notebook(tmp_path / NB)
    assert handin.record(path, {"q1": "b", "q2": ["a", "c"]}) == (2, False)
    cells = nbformat.read(path, 4).cells
    assert cells[1].source == ('q1 = choose("q1", {"a": "告诉他", "b": "不告诉"}, answer="b")'
                               "  # 你的答案")
    assert cells[2].source.endswith('answer=["a", "c"])')
    assert handin.MARKER in nbformat.read(path, 4).metadata["suyang"]
    assert handin.record(path, {"q1": "a"}) == (2, True)  # replaced, and says so
    assert 'answer="a"' in nbformat.read(path, 4).cells[1].source
    assert not list(tmp_path.glob(".*.handin"))  # the temporary file was renamed into place


def test_words_typed_in_the_app_go_into_the_written_answer_cell(tmp_path):
    path = _notebook(tmp_path / NB)
    nb = nbformat.read(path, 4)
    written = nbformat.v4.new_markdown_cell(handin.PLACEHOLDER)
    written.metadata["nbgrader"] = {"grade": True, "solution": True, "grade_id": "q9-address",
                                    "points": 2, "locked": False, "schema_version": 3}
    nb.cells.append(written)
    nbformat.write(nb, path)
    assert handin.record(path, {}, {"q9-address": "   "}) == (0, False)  # blank is nothing
    assert handin.record(path, {"q1": "a"}, {"q9-address": " 我不会告诉他。\n"}) == (2, False)
    cell = nbformat.read(path, 4).cells[-1]
    assert cell.source == "我不会告诉他。" and cell.metadata["nbgrader"]["grade_id"] == "q9-address"


def test_nothing_answered_leaves_the_file_as_it_was(tmp_path):
    path = _notebook(tmp_path / NB)
    before = path.read_bytes()
    assert handin.record(path, {"q1": None, "q2": []}) == (0, False)
    assert path.read_bytes() == before


def _exchange(tmp_path: Path, monkeypatch, includes_course: bool) -> Path:
    """A real nbgrader exchange with the assignment released, as a student's Jupyter
    config on the school hub sees it (or on a one-course server, without the course)."""
    exchange = tmp_path / "exchange"
    (exchange / COURSE / "inbound").mkdir(parents=True)
    (exchange / COURSE / "outbound" / ASSIGNMENT).mkdir(parents=True)
    _notebook(exchange / COURSE / "outbound" / ASSIGNMENT / NB)
    config = tmp_path / "jupyter"
    config.mkdir()
    (config / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.Exchange.root = {str(exchange)!r}\n"
        f"c.CourseDirectory.course_id = {COURSE!r}\n"
        f"c.Exchange.path_includes_course = {includes_course}\n"
        f"c.Exchange.cache = {str(tmp_path / 'cache')!r}\n", "utf-8")
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(config))
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", str(config))
    monkeypatch.setenv("JUPYTERHUB_USER", "s2024001")
    return exchange


@pytest.mark.parametrize("includes_course", [True, False])
def test_the_button_submits_through_the_exchange_in_either_layout(
        tmp_path, monkeypatch, includes_course):
    exchange = _exchange(tmp_path, monkeypatch, includes_course)
    home = tmp_path / "home"
    folder = home / COURSE / ASSIGNMENT if includes_course else home / ASSIGNMENT
    path = _notebook(folder / NB)
    handin.record(path, {"q1": "b"})
    assert handin.submit_to_exchange(path) is True
    [sent] = (exchange / COURSE / "inbound").iterdir()
    assert f"+{ASSIGNMENT}+" in sent.name  # <student>+<assignment>+<time>, as nbgrader names it
    assert 'answer="b"' in nbformat.read(sent / NB, 4).cells[1].source


def test_a_refused_submission_is_said_and_the_work_stays(tmp_path, monkeypatch):
    exchange = _exchange(tmp_path, monkeypatch, True)
    (exchange / COURSE / "inbound").rmdir()  # the teacher's exchange is not set up
    path = _notebook(tmp_path / "home" / COURSE / ASSIGNMENT / NB)
    monkeypatch.setattr(handin, "notebook_file", lambda: path)
    monkeypatch.setattr(handin.answers, "_pending", {"q1": "a"})
    before = i18n.get_lang()
    i18n.set_lang("zh")
    try:
        said = handin._hand_in_now()
    finally:
        i18n.set_lang(before)
    assert said.startswith("✔ 已交") and i18n.t("handin.not_sent") in said
    assert 'answer="a"' in nbformat.read(path, 4).cells[1].source


def test_without_an_exchange_nothing_is_submitted(tmp_path, monkeypatch):
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    assert handin.submit_to_exchange(_notebook(tmp_path / NB)) is None
