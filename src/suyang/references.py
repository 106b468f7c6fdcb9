"""Reference submissions: the answers a teacher sees, with the scores they must get.

``graders/<assignment>/submissions.yaml`` lists, per reference submission, its answers
(code or text per answer cell, by nbgrader ``grade_id``; for a click-to-answer cell, the
clicked value by its question id) and the exact expected score of every grade cell.
Answers are stored rather than whole notebooks so a reworded prompt never invalidates
them: :func:`materialise` writes them into the released student
notebook, exactly where a student would type.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import yaml

from .answers import rewrite_source
from .lint import SOLUTION_BEGIN, SOLUTION_END

MANUAL = "manual"  # expected score of a written answer awaiting the teacher


def spec_path(root: Path, assignment: str) -> Path:
    return root / "graders" / assignment / "submissions.yaml"


def load_spec(root: Path, assignment: str) -> dict[str, Any]:
    """The parsed submissions.yaml of an assignment."""
    return yaml.safe_load(spec_path(root, assignment).read_text("utf-8"))


def _without_markers(source: str) -> str:
    lines = [ln for ln in source.splitlines() if ln.strip() not in (SOLUTION_BEGIN, SOLUTION_END)]
    return "\n".join(lines)


def solution_answers(source_nb: nbformat.NotebookNode) -> dict[str, str]:
    """The instructor's solution of every answer cell, as a student would have typed it."""
    answers = {}
    for cell in source_nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = _without_markers(cell.source)
    return answers


def _fill(release_cell: nbformat.NotebookNode, source_cell: nbformat.NotebookNode | None,
          answer: str) -> str:
    """The released cell with its solution region replaced by ``answer``.

    Code outside the region (scaffolding the student was given) is kept, as it would be
    when a student replaces only the ``raise NotImplementedError()`` stub.
    """
    if release_cell.cell_type == "markdown" or source_cell is None:
        return answer
    src = source_cell.source.splitlines()
    if SOLUTION_BEGIN not in [s.strip() for s in src]:
        return answer
    begin = [s.strip() for s in src].index(SOLUTION_BEGIN)
    end = [s.strip() for s in src].index(SOLUTION_END)
    before, after = src[:begin], src[end + 1:]
    answer_lines = answer.splitlines()
    # the solution text already holds the scaffolding when it came from solution_answers
    if answer_lines[:len(before)] == before and (not after or answer_lines[-len(after):] == after):
        return answer
    return "\n".join([*before, *answer_lines, *after])


def materialise(release_nb: nbformat.NotebookNode, source_nb: nbformat.NotebookNode,
                answers: dict[str, str] | str) -> nbformat.NotebookNode:
    """A copy of the released notebook with the given answers typed in."""
    if answers == "solution":
        answers = solution_answers(source_nb)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in source_nb.cells}
    nb = nbformat.from_dict(release_nb)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        qid = (cell.metadata.get("suyang") or {}).get("answer")
        if grade_id in answers:
            cell.source = _fill(cell, by_id.get(grade_id), answers[grade_id])
        elif qid in answers:
            # the same rewrite the kernel does when a pupil clicks and runs the cell again
            new = rewrite_source(cell.source, qid, answers[qid])
            if new is None:
                raise ValueError(f"cell for {qid!r} holds no answer call")
            cell.source = new
    return nb
