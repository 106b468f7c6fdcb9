"""Grade a synthetic class of 50 hand-ins with `nbgrader autograde` and with `suyang grade`,
in the same run, on the same course, and print both times, the ratio and whether every
grade cell got the same score.

    python benchmarks/grade_class.py [--students 50] [--lang zh] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "middle-01-screen-time"


def make_course(base: Path, name: str, lang: str) -> Path:
    """An nbgrader course with the kit's assignment released (one per grader)."""
    from suyang.build import build_one
    from suyang.notebooks import NotebookRef

    course = base / name
    course.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course)!r}\n"
        "c.CourseDirectory.course_id = 'bench'\n", "utf-8")
    for nb in sorted((ROOT / "assignments" / ASSIGNMENT).glob("*.ipynb")):
        build_one(NotebookRef(ROOT, nb.relative_to(ROOT)), lang, course / "_views")
    (course / "source").mkdir()
    (course / "_views" / "assignments" / ASSIGNMENT).rename(course / "source" / ASSIGNMENT)
    nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    return course


def nbgrader(course: Path, *args: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course,
                          capture_output=True, text=True, env=env())
    if proc.returncode:
        sys.exit(f"nbgrader {' '.join(args)} failed:\n{proc.stderr[-3000:]}")


def env() -> dict[str, str]:
    bin_dir = str(Path(sys.executable).parent)
    return {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}


def hand_in(course: Path, students: int) -> None:
    """Hand-ins cycling through the reference submissions (right, wrong, untouched …)."""
    from suyang import references

    spec = references.load_spec(ROOT, ASSIGNMENT)
    name = spec["notebook"]
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{name}.ipynb", 4)
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{name}.ipynb", 4)
    kinds = list(spec["submissions"].values())
    for i in range(students):
        nb = references.materialise(release, source, kinds[i % len(kinds)]["answers"])
        target = course / "submitted" / f"s{i:03d}" / ASSIGNMENT / f"{name}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)


def scores(course: Path) -> dict[tuple[str, str], float | None]:
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for sub in gb.assignment_submissions(ASSIGNMENT):
            for nb in sub.notebooks:
                for g in nb.grades:
                    out[(sub.student.id, g.name)] = g.score
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    os.environ["PATH"] = env()["PATH"]
    base = Path(tempfile.mkdtemp(prefix="suyang-bench-"))
    try:
        plain = make_course(base, "nbgrader", args.lang)
        fast = make_course(base, "suyang", args.lang)
        hand_in(plain, args.students)
        hand_in(fast, args.students)
        t0 = time.perf_counter()
        nbgrader(plain, "autograde", ASSIGNMENT, "--create")
        t_nbgrader = time.perf_counter() - t0
        from suyang.grade import grade

        t0 = time.perf_counter()
        report = grade(fast, ASSIGNMENT, jobs=args.jobs, lang=args.lang)
        t_suyang = time.perf_counter() - t0
        a, b = scores(plain), scores(fast)
        same = a == b and len(a) == args.students * 7
        print(f"submissions:        {args.students}")
        print(f"cores:              {os.cpu_count()}")
        print(f"nbgrader autograde: {t_nbgrader:.1f} s")
        print(f"suyang grade:       {t_suyang:.1f} s  (confinement: {report.confinement})")
        print(f"ratio:              {t_nbgrader / t_suyang:.1f}x faster")
        print(f"scores identical:   {'yes' if same else 'NO'} ({len(a)} grade cells)")
        if not same:
            diff = {k: (a.get(k), b.get(k)) for k in set(a) | set(b) if a.get(k) != b.get(k)}
            print("differences:", dict(list(diff.items())[:10]))
            sys.exit(1)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
