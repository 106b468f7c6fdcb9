"""A throwaway nbgrader course for tests: release an assignment, hand in reference
submissions, autograde with the real ``nbgrader`` command, read the gradebook."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import nbformat
from nbgrader.api import Gradebook

from suyang import references
from suyang.build import BOTH, build_one
from suyang.notebooks import NotebookRef

ROOT = Path(__file__).resolve().parents[1]
NBGRADER = [sys.executable, "-m", "nbgrader"]


def make_course(tmp: Path, assignment: str, lang: str, root: Path = ROOT) -> Path:
    """A course folder with config and the assignment's source rendered in ``lang``
    (from the kit at ``root``: the repository, or a teacher's copy)."""
    course = tmp / f"course-{lang}"
    course.mkdir(parents=True, exist_ok=True)
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'suyang-tests'\n"
        "c.ExecutePreprocessor.timeout = 120\n", "utf-8")
    folder = root / "assignments" / assignment
    for nb in sorted(folder.glob("*.ipynb")):
        build_one(NotebookRef(root, nb.relative_to(root)), lang, course / "source_tmp",
                  view=BOTH)  # as `suyang course init` writes it: both views' cells
    src = course / "source" / assignment
    src.parent.mkdir(parents=True, exist_ok=True)
    if src.exists():
        import shutil
        shutil.rmtree(src)
    (course / "source_tmp" / "assignments" / assignment).rename(src)
    return course


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONUTF8": "1"}
    proc = subprocess.run([*NBGRADER, *args], cwd=course, env=env, capture_output=True,
                          text=True, timeout=900)
    if proc.returncode != 0:
        raise AssertionError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")
    return proc


def hand_in(course: Path, assignment: str, spec: dict[str, Any]) -> list[str]:
    """Write every reference submission into submitted/<name>/; return the names."""
    name = spec["notebook"]
    source = nbformat.read(course / "source" / assignment / f"{name}.ipynb", as_version=4)
    release = nbformat.read(course / "release" / assignment / f"{name}.ipynb", as_version=4)
    students = []
    for student, sub in spec["submissions"].items():
        nb = references.materialise(release, source, sub["answers"])
        target = course / "submitted" / student / assignment / f"{name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        students.append(student)
    return students


def scores(course: Path, assignment: str, notebook: str, student: str,
           raw: bool = False) -> dict[str, Any]:
    """{grade_id: score, or 'manual' for a cell awaiting the teacher (unless ``raw``)}."""
    out: dict[str, Any] = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(notebook, assignment, student)
        for grade in nb.grades:
            manual = grade.needs_manual_grade and not raw
            out[grade.name] = references.MANUAL if manual else grade.score
    return out


def copy_course(course: Path, target: Path) -> Path:
    """A copy of a course folder whose nbgrader config points at the copy."""
    import shutil

    shutil.copytree(course, target)
    cfg = target / "nbgrader_config.py"
    cfg.write_text(cfg.read_text("utf-8").replace(str(course), str(target)), "utf-8")
    return target


def grade_both(course: Path, assignment: str, twin: Path, jobs: int = 2) -> tuple[Path, Any]:
    """Grade the hand-ins of ``course`` twice: ``nbgrader autograde`` in the course itself
    and ``suyang grade`` in a copy at ``twin``; returns (twin, suyang's report)."""
    from suyang.grade import grade

    copy_course(course, twin)
    nbgrader(course, "autograde", assignment, "--create", "--force")
    return twin, grade(twin, assignment, jobs=jobs)
