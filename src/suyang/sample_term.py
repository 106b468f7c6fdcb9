"""The rest of the sample class's term: three more assignments and the teacher's marks.

One assignment shows a teacher how grading works; a class report needs a term. This
module gives the SIMULATED sample class (``suyang.sample_class``, same seed, same
students) the other middle-school assignments: each student has a fixed "ability",
and for each assignment hands in the reference submission (``graders/<id>/
submissions.yaml``) that ability makes likely: strong students mostly the full solution,
others the realistic wrong answers, a few hand in late or not at all. The written
answers get simulated teacher marks that follow the same ability, so the report has
something to say about every literacy dimension.

Because every hand-in is a reference submission, the score of every grade cell is known
in advance: ``expected.json`` (key ``term``) records them, and the tests check the
report's figures against values computed from it independently.

``python -m suyang.sample_term OUT`` writes ``OUT/handins-<assignment>.zip`` and
``OUT/teacher_marks.csv`` and adds ``term`` to ``OUT/expected.json``;
``python -m suyang.sample_term --apply-marks COURSE OUT/teacher_marks.csv`` enters the
marks into a course's gradebook as a teacher would in the formgrader.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import random
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from . import references
from .notebooks import find_root
from .sample_class import (
    ASSIGNMENT,
    DEFAULT_SEED,
    DUE,
    TZ,
    make_roster,
    notebook_bytes,
    release_notebook,
)

TERM = ("middle-02-smart-classroom", "middle-03-scam-filter", "middle-04-leaves-and-steps")
WEEKS_APART = 2
P_MISSING, P_LATE = 0.06, 0.08
NOISE = 0.8  # how much a student's day-to-day form varies around their ability


def due_dates() -> dict[str, datetime]:
    """Each term assignment is due two weeks after the one before (local time, +08:00)."""
    return {a: DUE + timedelta(weeks=WEEKS_APART * (i + 1)) for i, a in enumerate(TERM)}


def _phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def _auto_total(expected: dict[str, Any]) -> float:
    return sum(v for v in expected.values() if v != references.MANUAL)


def _pick(spec: dict[str, Any], form: float) -> str:
    """The reference submission a student of this form hands in: the better the form,
    the better the submission (ordered by autograded score, the solution last)."""
    ranked = sorted((name for name in spec["submissions"] if name != "untouched"),
                    key=lambda n: (_auto_total(spec["submissions"][n]["expected"]),
                                   n == "solution", n))
    u = _phi(form)
    return ranked[min(int(u * len(ranked)), len(ranked) - 1)]


def _marks(spec: dict[str, Any], name: str, points: dict[str, float], form: float,
           rng: random.Random) -> dict[str, float]:
    """Simulated teacher marks for the written answers awaiting the teacher."""
    marks = {}
    for grade_id, value in spec["submissions"][name]["expected"].items():
        if value == references.MANUAL:
            top = points[grade_id]
            share = _phi(form + rng.gauss(0, 0.5))
            marks[grade_id] = float(min(top, max(0, round(share * top))))
    return marks


def _first_assignment_marks(expected: dict[str, Any], ability: dict[str, float],
                            rng: random.Random) -> list[dict[str, Any]]:
    """Teacher marks for the sample class's first assignment's written answers."""
    rows = []
    points = expected.get("max_points") or {}
    for sid, rec in sorted((expected.get("students") or {}).items()):
        for grade_id, value in (rec.get("expected") or {}).items():
            if value == references.MANUAL:
                share = _phi(ability.get(sid, 0.0) + rng.gauss(0, 0.5))
                score = float(min(points[grade_id], max(0, round(share * points[grade_id]))))
                rows.append({"assignment": ASSIGNMENT, "student_id": sid,
                             "grade_id": grade_id, "score": score})
    return rows


def make_term(out_dir: Path, seed: int = DEFAULT_SEED, lang: str = "zh",
              root: Path | None = None) -> dict[str, Any]:
    """Write the term's hand-in zips and teacher marks; return the ``term`` record."""
    root = root or find_root()
    out_dir = Path(out_dir)
    students = make_roster(random.Random(seed))  # the same roster as the sample class
    rng = random.Random(seed + 1)
    ability = {s.id: rng.gauss(0, 1) for s in students}
    record: dict[str, Any] = {}
    marks_rows: list[dict[str, Any]] = []
    for assignment, due in due_dates().items():
        spec = references.load_spec(root, assignment)
        release, source = release_notebook(root, lang, assignment, spec["notebook"])
        points = {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
                  for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")}
        entries: list[tuple[str, bytes, datetime]] = []
        handed: dict[str, Any] = {}
        missing: list[str] = []
        for s in students:
            if rng.random() < P_MISSING:
                missing.append(s.id)
                continue
            form = ability[s.id] + rng.gauss(0, NOISE)
            name = _pick(spec, form)
            late = rng.random() < P_LATE
            when = due + (timedelta(hours=rng.randint(2, 60)) if late
                          else -timedelta(hours=rng.randint(3, 150)))
            nb = references.materialise(release, source, spec["submissions"][name]["answers"])
            entries.append((f"{s.id}_{s.name}.ipynb", notebook_bytes(nb), when))
            marks = _marks(spec, name, points, form, rng)
            handed[s.id] = {"submission": name, "late": late,
                            "submitted_at": when.isoformat() + TZ,
                            "expected": spec["submissions"][name]["expected"],
                            "teacher_marks": marks}
            marks_rows += [{"assignment": assignment, "student_id": s.id, "grade_id": g,
                            "score": m} for g, m in marks.items()]
        zip_path = out_dir / f"handins-{assignment}.zip"
        with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as zf:
            for file_name, data, when in sorted(entries):
                info = zipfile.ZipInfo(file_name, when.timetuple()[:6])
                info.flag_bits |= 0x800  # UTF-8 names, as a modern LMS writes them
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, data)
        record[assignment] = {"notebook": spec["notebook"], "due": due.isoformat() + TZ,
                              "max_points": points, "students": handed,
                              "missing": missing, "zip": zip_path.name}
    expected_path = out_dir / "expected.json"
    expected = json.loads(expected_path.read_text("utf-8")) if expected_path.is_file() else {}
    marks_rows = _first_assignment_marks(expected, ability, rng) + marks_rows
    with open(out_dir / "teacher_marks.csv", "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["assignment", "student_id", "grade_id", "score"])
        writer.writeheader()
        writer.writerows(marks_rows)
    expected["term"] = record
    expected_path.write_text(json.dumps(expected, ensure_ascii=False, indent=1,
                                        sort_keys=True) + "\n", "utf-8")
    return record


def apply_marks(course: Path, marks_csv: Path) -> int:
    """Enter teacher marks (assignment, student_id, grade_id, score) into the gradebook,
    as the formgrader would; returns how many grades were set."""
    from nbgrader.api import Gradebook

    rows = list(csv.DictReader(open(marks_csv, encoding="utf-8")))
    count = 0
    with Gradebook(f"sqlite:///{Path(course) / 'gradebook.db'}") as gb:
        for row in rows:
            assignment = gb.find_assignment(row["assignment"])
            for nb in assignment.notebooks:
                try:
                    grade = gb.find_grade(row["grade_id"], nb.name, row["assignment"],
                                          row["student_id"])
                except Exception:  # not in this notebook, or the student's hand-in is absent
                    continue
                grade.manual_score = float(row["score"])
                grade.needs_manual_grade = False
                count += 1
        gb.db.commit()
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m suyang.sample_term",
                                     description="The sample class's term (SIMULATED).")
    parser.add_argument("out", type=Path, help="the sample class folder, or a course with "
                                               "--apply-marks")
    parser.add_argument("marks", type=Path, nargs="?", help="teacher_marks.csv")
    parser.add_argument("--apply-marks", action="store_true",
                        help="enter teacher_marks.csv into the course's gradebook")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    args = parser.parse_args(argv)
    if args.apply_marks:
        print(apply_marks(args.out, args.marks))
        return
    for assignment, rec in make_term(args.out, args.seed, args.lang).items():
        print(f"{args.out / rec['zip']}: {len(rec['students'])} hand-ins, "
              f"{len(rec['missing'])} missing ({assignment})")


if __name__ == "__main__":
    main()
