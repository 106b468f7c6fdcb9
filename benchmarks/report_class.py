"""Report on a large course: 10 assignments x 200 students (SIMULATED), with
`suyang report`, and, in the same run on the same course, `nbgrader export` (the CSV a
teacher would otherwise start from in a spreadsheet). Prints both times and the ratio.

    python benchmarks/report_class.py [--students 200] [--assignments 10]

The course is made with `suyang course init` (every assignment released by nbgrader);
hand-ins are entered with nbgrader's own Gradebook API, scored with a seeded model of
ability, and each gets an autograded notebook with the failure messages of its failed
test cells, as `suyang grade` leaves them. Building the course takes a few minutes; only
the report and the export are timed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PREFERRED = ["middle-01-screen-time", "middle-02-smart-classroom", "middle-03-scam-filter",
             "middle-04-leaves-and-steps", "high-01-clean-and-group", "high-02-relationships",
             "high-03-clusters-and-chance", "high-04-text-and-secrets",
             "high-05-fair-and-private", "vocational-01-shop-report"]


def env() -> dict[str, str]:
    e = {**os.environ, "PYTHONUTF8": "1"}
    e["PATH"] = str(Path(sys.executable).parent) + os.pathsep + e.get("PATH", "")
    return e


def make_course(base: Path, students: int, assignments: list[str]) -> Path:
    from suyang.course import init_course

    roster = base / "roster.csv"
    rows = ["student_id,name"] + [f"S{i:04d},Student {i:04d}" for i in range(1, students + 1)]
    roster.write_text("\n".join(rows) + "\n", "utf-8")
    course = base / "course"
    init_course(course, assignments=assignments, lang="zh", roster=roster, kit=ROOT)
    return course


def _phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def fill_gradebook(course: Path, assignments: list[str], students: int, seed: int = 7
                   ) -> None:
    """One submission per student and assignment (a few missing), scored by ability."""
    from nbgrader.api import Gradebook

    rng = random.Random(seed)
    ability = {f"S{i:04d}": rng.gauss(0, 1) for i in range(1, students + 1)}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for a in assignments:
            for sid in ability:
                if rng.random() < 0.04:
                    continue
                gb.add_submission(a, sid)
    with sqlite3.connect(course / "gradebook.db") as conn:
        rows = conn.execute("""
            SELECT g.id, sa.student_id, gc.max_score FROM grade g
            JOIN submitted_notebook sn ON g.notebook_id = sn.id
            JOIN submitted_assignment sa ON sn.assignment_id = sa.id
            JOIN grade_cells gc ON g.cell_id = gc.id""").fetchall()
        updates = []
        for grade_id, sid, max_score in rows:
            p = _phi(ability[sid] + rng.gauss(0, 0.8) + 0.4)
            score = float(max_score) if rng.random() < p else float(round(
                rng.random() * max_score * 0.5))
            updates.append((score, grade_id))
        conn.executemany("UPDATE grade SET auto_score = ?, manual_score = ?, "
                         "needs_manual_grade = 0 WHERE id = ?",
                         [(s, s, g) for s, g in updates])


def write_autograded(course: Path, assignments: list[str], seed: int = 11) -> int:
    """An autograded notebook per hand-in, with an explained failure in some test cells."""
    rng = random.Random(seed)
    messages = ["人数应为 {e}，你的结果是 {g}。", "平均数应为 {e}，你的结果是 {g}。",
                "没有找到变量 `answer`：请确认你运行了写答案的单元格。"]
    count = 0
    with sqlite3.connect(course / "gradebook.db") as conn:
        pairs = conn.execute("""SELECT sa.student_id, a.name FROM submitted_assignment sa
                                JOIN assignment a ON sa.assignment_id = a.id""").fetchall()
    releases = {}
    for a in assignments:
        path = next((course / "release" / a).glob("*.ipynb"))
        releases[a] = (path.name, json.loads(path.read_text("utf-8")))
    for sid, a in pairs:
        name, nb = releases[a]
        nb = json.loads(json.dumps(nb))
        for cell in nb["cells"]:
            meta = cell.get("metadata", {}).get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution") and rng.random() < 0.35:
                text = rng.choice(messages).format(e=rng.randint(1, 50), g=rng.randint(1, 50))
                cell["outputs"] = [{"output_type": "error", "ename": "AssertionError",
                                    "evalue": text, "traceback": []}]
        target = course / "autograded" / sid / a / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(nb, ensure_ascii=False), "utf-8")
        count += 1
    return count


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--assignments", type=int, default=10)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT / "src"))
    from suyang.report import report

    assignments = PREFERRED[:args.assignments]
    with tempfile.TemporaryDirectory(prefix="suyang-report-bench-") as tmp:
        base = Path(tmp)
        t0 = time.perf_counter()
        course = make_course(base, args.students, assignments)
        fill_gradebook(course, assignments, args.students)
        notebooks = write_autograded(course, assignments)
        setup = time.perf_counter() - t0
        ours = timed(lambda: report(course, out=base / "report", lang="zh"))
        anonymous = timed(lambda: report(course, out=base / "anon", lang="zh",
                                         anonymised=True))
        export = timed(lambda: subprocess.run(
            [sys.executable, "-m", "nbgrader", "export", "--to", str(base / "grades.csv")],
            cwd=course, env=env(), check=True, capture_output=True))
        figures = len(list((base / "report" / "figures").glob("*.png")))
        print(f"course: {args.assignments} assignments x {args.students} students, "
              f"{notebooks} autograded notebooks (set up in {setup:.0f} s)")
        print(f"nbgrader export (CSV only):       {export:6.1f} s")
        print(f"suyang report (HTML, {figures} charts, CSV): {ours:6.1f} s "
              f"({ours / export:.2f}x the export's time)")
        print(f"suyang report --anonymise:        {anonymous:6.1f} s")
        print("target: under 30 s on 2 cores:", "met" if ours < 30 else "NOT met")


if __name__ == "__main__":
    main()
