"""``suyang lint``: the kit passes, and a corpus of broken notebooks fails with located
messages, one distinct fault per notebook."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from suyang import i18n
from suyang.cli import main
from suyang.lint import lint

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = ROOT / "assignments" / "middle-01-screen-time" / "screen-time.ipynb"


def test_the_kit_passes_lint():
    problems = lint(root=ROOT)
    assert problems == [], "\n".join(map(str, problems))


def test_cli_lint_exit_codes(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["lint", "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output


# ------------------------------------------------------------------ the broken corpus
def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _first_md(nb, lang):
    return next(c for c in nb.cells if c.cell_type == "markdown"
                and f"lang-{lang}" in c.metadata.get("tags", []))


def f_outputs(nb):
    cell = _cell(nb, "q1-answer")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="40\n")]
    cell.execution_count = 3
    return "lint.outputs", nb.cells.index(cell)


def f_duplicate_grade_id(nb):
    cell = _cell(nb, "q2-test")
    cell.metadata["nbgrader"]["grade_id"] = "q1-test"
    return "lint.duplicate_grade_id", nb.cells.index(cell)


def f_no_points(nb):
    cell = _cell(nb, "q3-test")
    del cell.metadata["nbgrader"]["points"]
    return "lint.points", nb.cells.index(cell)


def f_unbalanced_solution(nb):
    cell = _cell(nb, "q2-answer")
    cell.source = cell.source.replace("### END SOLUTION", "")
    return "lint.solution_begin_without_end", nb.cells.index(cell)


def f_hidden_in_answer_cell(nb):
    cell = _cell(nb, "q3-answer")
    cell.source += "\n### BEGIN HIDDEN TESTS\nassert suspect\n### END HIDDEN TESTS"
    return "lint.hidden_outside", nb.cells.index(cell)


def f_unpaired_language(nb):
    cell = _first_md(nb, "en")
    index = nb.cells.index(cell)
    del nb.cells[index]
    return "lint.lang_unpaired", index - 1


def f_untagged_prose(nb):
    cell = _first_md(nb, "zh")
    index = nb.cells.index(cell)
    cell.metadata["tags"] = []
    nb.cells.pop(index + 1)  # drop its English partner too, so only the prose rule fires
    return "lint.untagged_prose", index


def f_unknown_code(nb):
    nb.metadata["suyang"]["standards"].append("CN-CS2099-S9-magic")
    return "lint.unknown_code", None


def f_missing_field(nb):
    del nb.metadata["suyang"]["minutes"]
    return "lint.schema", None


def f_bad_literacy(nb):
    nb.metadata["suyang"]["literacy"] = ["use", "coding"]
    return "lint.schema", None


def f_unknown_dataset(nb):
    nb.metadata["suyang"]["datasets"].append("city_secrets")
    return "lint.unknown_dataset", None


def f_id_mismatch(nb):
    nb.metadata["suyang"]["id"] = "middle-02-something-else"
    return "lint.id_mismatch", None


def f_objectives_count(nb):
    nb.metadata["suyang"]["objectives"]["en"].pop()
    return "lint.objectives_count", None


def f_no_digcomp(nb):
    nb.metadata["suyang"]["standards"] = ["CN-CS2022-S4-internet"]
    return "lint.need_digcomp", None


def f_grades_outside_level(nb):
    nb.metadata["suyang"]["grades"] = [7, 11]
    return "lint.grades_level", None


def f_undeclared_dataset(nb):
    nb.metadata["suyang"]["datasets"] = []
    return "lint.dataset_undeclared", None


def f_grade_unassessed(nb):
    cell = _cell(nb, "q2-test")
    del cell.metadata["suyang"]
    return "lint.grade_unassessed", nb.cells.index(cell)


def f_objective_out_of_range(nb):
    cell = _cell(nb, "q1-test")
    cell.metadata["suyang"]["objective"] = "middle-01-reading-tables/9"
    return "lint.objective_out_of_range", nb.cells.index(cell)


def f_objective_lesson_unlisted(nb):
    cell = _cell(nb, "q3-test")
    cell.metadata["suyang"]["objective"] = "middle-03-packets-and-routes/1"
    return "lint.objective_lesson_unlisted", nb.cells.index(cell)


def f_grade_literacy_undeclared(nb):
    cell = _cell(nb, "q3-test")
    cell.metadata["suyang"]["literacy"] = ["safety"]
    return "lint.grade_literacy_undeclared", nb.cells.index(cell)


def f_literacy_unassessed(nb):
    nb.metadata["suyang"]["literacy"].append("share")
    return "lint.literacy_unassessed", None


def f_points_not_round(nb):
    _cell(nb, "q1-test").metadata["nbgrader"]["points"] = 2
    return "lint.points_not_round", None


def f_answer_given_away(nb):
    cell = nbformat.v4.new_code_cell('q9 = choose("q9", {"a": "A", "b": "B"}, answer="b")',
                                     metadata={"suyang": {"answer": "q9"}})
    index = nb.cells.index(_cell(nb, "q1-answer"))
    nb.cells.insert(index, cell)
    return "lint.answer_given_away", index


def f_answer_in_nbgrader_cell(nb):
    cell = _cell(nb, "q1-answer")
    cell.metadata["suyang"] = {"answer": "n_students"}
    return "lint.answer_is_nbgrader", nb.cells.index(cell)


FAULTS = [f_outputs, f_duplicate_grade_id, f_no_points, f_unbalanced_solution,
          f_hidden_in_answer_cell, f_unpaired_language, f_untagged_prose, f_unknown_code,
          f_missing_field, f_bad_literacy, f_unknown_dataset, f_id_mismatch,
          f_objectives_count, f_no_digcomp, f_grades_outside_level, f_undeclared_dataset,
          f_grade_unassessed, f_objective_out_of_range, f_objective_lesson_unlisted,
          f_grade_literacy_undeclared, f_literacy_unassessed, f_points_not_round,
          f_answer_given_away, f_answer_in_nbgrader_cell]


def _kit_with(tmp_path: Path) -> Path:
    """A one-assignment copy of the kit, with the lessons it assesses."""
    target = tmp_path / "assignments" / "middle-01-screen-time" / "screen-time.ipynb"
    target.parent.mkdir(parents=True)
    shutil.copy(ASSIGNMENT, target)
    for folder in ("middle/01-reading-tables", "middle/02-averages-and-charts"):
        shutil.copytree(ROOT / "curriculum" / folder, tmp_path / "curriculum" / folder)
    return target


@pytest.mark.parametrize("fault", FAULTS, ids=[f.__name__[2:] for f in FAULTS])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_fault_is_found_and_located(fault, lang, tmp_path):
    path = _kit_with(tmp_path)
    nb = nbformat.read(path, as_version=4)
    key, cell_index = fault(nb)
    nbformat.write(nb, path)
    i18n.set_lang(lang)
    try:
        problems = lint([path])
    finally:
        i18n.set_lang(None)
    assert problems, f"{fault.__name__} went unnoticed"
    template = i18n.catalogue(lang)[key]
    stem = template.split("{")[0] or template.split("}")[-1][:6]
    hits = [p for p in problems if stem.strip() in p.message]
    assert hits, f"expected {key}: got {[str(p) for p in problems]}"
    assert all(p.path.endswith("screen-time.ipynb") for p in hits)
    if cell_index is not None:
        located = [p for p in hits if p.cell == cell_index + 1]  # 1-based, as teachers count
        assert located, [str(p) for p in hits]
        label = f"第 {cell_index + 1} 个单元格" if lang == "zh" else f"cell {cell_index + 1}"
        assert label in str(located[0])


def test_the_corpus_has_at_least_twenty_distinct_faults():
    keys = set()
    for fault in FAULTS:
        nb = nbformat.read(ASSIGNMENT, as_version=4)
        keys.add(fault(nb)[0])
    assert len(keys) >= 20


def test_unreadable_notebook_is_reported_not_crashed(tmp_path):
    path = _kit_with(tmp_path)
    path.write_text('{"cells": [ this is not json', "utf-8")
    problems = lint([path])
    assert len(problems) == 1 and problems[0].path.endswith("screen-time.ipynb")
    assert "JSON" in problems[0].message or "json" in problems[0].message.lower() or \
        "读取" in problems[0].message


def test_duplicate_ids_across_notebooks(tmp_path):
    path = _kit_with(tmp_path)
    twin = path.parent.parent / "middle-02-screen-time" / "screen-time.ipynb"
    twin.parent.mkdir()
    shutil.copy(path, twin)
    messages = [str(p) for p in lint([tmp_path / "assignments"])]
    assert any("middle-01-screen-time" in m and ("已被" in m or "already" in m)
               for m in messages), messages


def test_cli_lint_fails_with_located_messages(tmp_path):
    path = _kit_with(tmp_path)
    nb = json.loads(path.read_text("utf-8"))
    nb["metadata"]["suyang"]["standards"] = ["Nope-1"]
    path.write_text(json.dumps(nb), "utf-8")
    result = CliRunner().invoke(main, ["lint", "--lang", "en", str(path)])
    assert result.exit_code == 1
    assert "screen-time.ipynb" in result.output and "Nope-1" in result.output
