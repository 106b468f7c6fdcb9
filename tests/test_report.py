"""``suyang report`` on the sample class's term (the ``make demo`` data), checked against
figures computed here independently: from ``expected.json`` (what each simulated student
handed in and what every grade cell must score), the teacher's marks, and the kit's own
assignment notebooks, never from the gradebook the report reads."""

from __future__ import annotations

import csv
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from browser import chromium_page, jupyter_lab, need_browser, run_all_cells, save_screenshot
from nbg import ROOT

from suyang import references
from suyang.report import UPPER_LOWER, discrimination, failure_pattern
from suyang.sample_class import ASSIGNMENT, make_sample_class
from suyang.sample_term import TERM, apply_marks, due_dates, make_term

BIN = Path(sys.executable).parent
ALL = (ASSIGNMENT, *TERM)


def _run(*args: str, cwd: Path | None = None) -> str:
    env = {**os.environ, "PYTHONUTF8": "1", "SUYANG_LANG": "zh"}
    proc = subprocess.run([str(BIN / args[0]), *args[1:]], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.fixture(scope="module")
def term(tmp_path_factory):
    """The make demo pipeline: sample class and term, course, collect, grade, marks."""
    base = tmp_path_factory.mktemp("term")
    sample = base / "sample"
    make_sample_class(sample, root=ROOT)
    make_term(sample, root=ROOT)
    course = base / "course"
    _run("suyang", "course", "init", str(course), "--roster", str(sample / "roster.csv"),
         "--assignments", ",".join(ALL), "--lang", "zh")
    # ISO 8601 with the offset: nbgrader reads "22:00:00 +0800" as 800 *seconds* ahead
    dues = {ASSIGNMENT: "2024-04-08T22:00:00+08:00"}
    dues.update({a: d.strftime("%Y-%m-%dT%H:%M:%S+08:00") for a, d in due_dates().items()})
    for a in ALL:
        _run("nbgrader", "db", "assignment", "add", a, f"--duedate={dues[a]}", cwd=course)
        zip_name = "handins.zip" if a == ASSIGNMENT else f"handins-{a}.zip"
        _run("suyang", "collect", str(sample / zip_name), "--assignment", a, "--course",
             str(course), "--tz", "Asia/Shanghai")
        _run("suyang", "grade", a, "--course", str(course))
    _run("suyang", "feedback", ASSIGNMENT, "--course", str(course))
    assert apply_marks(course, sample / "teacher_marks.csv") > 0
    expected = json.loads((sample / "expected.json").read_text("utf-8"))
    out = base / "report"
    _run("suyang", "report", "--course", str(course), "--out", str(out))
    anon = base / "report-anonymous"
    _run("suyang", "report", "--course", str(course), "--out", str(anon), "--anonymise")
    return {"course": course, "sample": sample, "expected": expected, "out": out,
            "anon": anon}


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "tables" / f"{name}.csv", encoding="utf-8-sig",
                       dtype={"student_id": str})


def _truth(term) -> pd.DataFrame:
    """Every (student, assignment, grade cell) score as it must be, from expected.json
    and the teacher's marks; written answers still awaiting the teacher are left out."""
    e = term["expected"]
    marks = {(r["assignment"], r["student_id"], r["grade_id"]): float(r["score"])
             for r in csv.DictReader(open(term["sample"] / "teacher_marks.csv",
                                          encoding="utf-8"))}
    records = [(ASSIGNMENT, sid, rec["expected"]) for sid, rec in e["students"].items()
               if rec.get("expected")]
    for a in TERM:
        records += [(a, sid, rec["expected"]) for sid, rec in e["term"][a]["students"].items()]
    rows = []
    for a, sid, exp in records:
        spec_points = _points(a)
        for grade_id, value in exp.items():
            if value == references.MANUAL:
                if (a, sid, grade_id) not in marks:
                    continue
                value = marks[(a, sid, grade_id)]
            rows.append({"assignment": a, "student_id": sid, "grade_id": grade_id,
                         "score": float(value), "max_score": spec_points[grade_id]})
    return pd.DataFrame(rows)


def _source(assignment: str) -> nbformat.NotebookNode:
    spec = references.load_spec(ROOT, assignment)
    return nbformat.read(ROOT / "assignments" / assignment / f"{spec['notebook']}.ipynb", 4)


def _points(assignment: str) -> dict[str, float]:
    return {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"]["points"])
            for c in _source(assignment).cells if c.metadata.get("nbgrader", {}).get("grade")}


def _assessed(assignment: str) -> dict[str, dict]:
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["suyang"]
            for c in _source(assignment).cells if c.metadata.get("nbgrader", {}).get("grade")}


def test_success_rates_and_discrimination_match_independent_figures(term):
    truth = _truth(term)
    items = _table(term["out"], "items")
    assert set(items["assignment"]) == set(ALL)
    checked = 0
    for (a, gid), group in truth.groupby(["assignment", "grade_id"]):
        row = items[(items["assignment"] == a) & (items["grade_id"] == gid)].iloc[0]
        frac = group["score"] / group["max_score"]
        assert row["graded"] == len(group), (a, gid)
        assert row["success_rate"] == pytest.approx(frac.mean()), (a, gid)
        assert row["full_marks_rate"] == pytest.approx((frac >= 1).mean()), (a, gid)
        totals = truth[truth["assignment"] == a].groupby("student_id").apply(
            lambda g: 100 * g["score"].sum() / g["max_score"].sum(), include_groups=False)
        d = discrimination(frac.to_numpy(), totals.reindex(group["student_id"]).to_numpy(),
                           list(group["student_id"]))
        assert row["discrimination"] == pytest.approx(d, nan_ok=True), (a, gid)
        checked += 1
    assert checked == len(items) >= 25
    # the index is the textbook one: top 27 % minus bottom 27 %
    assert discrimination([1, 1, 0, 0, 0, 0, 0, 1], [90, 80, 10, 20, 30, 40, 50, 95],
                          list("abcdefgh")) == 1.0
    assert UPPER_LOWER == 0.27


def test_mastery_per_dimension_and_objective_match_independent_figures(term):
    truth = _truth(term)
    by_dim: dict[str, list[float]] = {}
    by_obj: dict[str, list[float]] = {}
    for r in truth.itertuples():
        meta = _assessed(r.assignment)[r.grade_id]
        for dim in meta["literacy"]:
            by_dim.setdefault(dim, [0.0, 0.0])
            by_dim[dim][0] += r.score
            by_dim[dim][1] += r.max_score
        by_obj.setdefault(meta["objective"], [0.0, 0.0])
        by_obj[meta["objective"]][0] += r.score
        by_obj[meta["objective"]][1] += r.max_score
    dims = _table(term["out"], "dimensions").set_index("literacy")
    assert set(dims.index) == set(by_dim)
    for dim, (got, possible) in by_dim.items():
        assert dims.loc[dim, "mastery"] == pytest.approx(got / possible), dim
    objectives = _table(term["out"], "objectives").set_index("objective")
    assert set(objectives.index) == set(by_obj)
    for objective, (got, possible) in by_obj.items():
        assert objectives.loc[objective, "mastery"] == pytest.approx(got / possible), objective
    assert objectives["objective_text"].str.len().min() > 8  # the lesson's own words


def test_failure_messages_are_counted_per_question(term):
    truth = _truth(term)
    failures = _table(term["out"], "failures")
    manual = {(a, g) for a in ALL for g, m in _assessed(a).items()
              if _source_cell_is_manual(a, g)}
    for (a, gid), group in truth.groupby(["assignment", "grade_id"]):
        if (a, gid) in manual:
            continue
        failed = int((group["score"] < group["max_score"]).sum())
        counted = failures[(failures["assignment"] == a) & (failures["grade_id"] == gid)]
        assert int(counted["count"].sum()) == failed, (a, gid)
    # a pattern groups the same mistake made with different values
    assert failure_pattern("人数应为 40，你的结果是 '40'。") == "人数应为 #，你的结果是 '…'。"
    assert failure_pattern("The mean should be 12.5; yours is 125.") == \
        failure_pattern("The mean should be 12.5; yours is 3.75.")


def _source_cell_is_manual(assignment: str, grade_id: str) -> bool:
    return any(c.metadata.get("nbgrader", {}).get("grade_id") == grade_id
               and c.metadata["nbgrader"].get("solution") for c in _source(assignment).cells)


def test_missing_unreadable_and_late_hand_ins(term):
    e = term["expected"]
    overview = _table(term["out"], "assignments").set_index("assignment")
    categories = [rec["category"] for rec in e["students"].values()]
    assert overview.loc[ASSIGNMENT, "missing"] == categories.count("missing")
    assert overview.loc[ASSIGNMENT, "unreadable"] == categories.count("broken")
    assert overview.loc[ASSIGNMENT, "late"] == categories.count("late")
    for a in TERM:
        rec = e["term"][a]
        assert overview.loc[a, "missing"] == len(rec["missing"])
        assert overview.loc[a, "hand_ins"] == len(rec["students"])
        assert overview.loc[a, "late"] == sum(s["late"] for s in rec["students"].values())
    missing = _table(term["out"], "missing")
    listed = set(missing.loc[missing["assignment"] == ASSIGNMENT, "student_id"])
    assert listed == {sid for sid, rec in e["students"].items()
                      if rec["category"] in ("missing", "broken")}


def test_summary_speaks_plainly_in_the_course_language(term):
    lines = json.loads((term["out"] / "summary.json").read_text("utf-8"))["summary"]
    text = "\n".join(lines)
    assert lines[0].startswith("36 名学生，4 份作业")
    assert "需要重讲" in text or "没有掌握率低于" in text
    assert "没有交" in text and "打不开" in text and "最常见的错误" in text


def test_students_table_has_progress_and_dimensions_to_work_on(term):
    students = _table(term["out"], "students")
    assert len(students) == 36
    truth = _truth(term)
    one = truth[truth["assignment"] == TERM[0]].groupby("student_id").apply(
        lambda g: 100 * g["score"].sum() / g["max_score"].sum(), include_groups=False)
    got = students.set_index("student_id")[TERM[0]]
    for sid, value in one.items():
        assert got[sid] == pytest.approx(value), sid
    assert students["work_on"].fillna("").str.len().gt(0).any()


def test_anonymised_report_holds_no_name_or_id(term):
    roster = (term["sample"] / "roster.csv").read_bytes().decode("gbk").splitlines()[1:]
    people = [tuple(line.split(",")[:2]) for line in roster if line]
    files = [p for p in term["anon"].rglob("*") if p.is_file()]
    assert any(p.suffix == ".csv" for p in files) and (term["anon"] / "report.html").is_file()
    assert not (term["anon"] / "tables" / "students.csv").exists()
    for path in files:
        if path.suffix == ".png":
            continue
        text = path.read_text("utf-8-sig")
        for sid, name in people:
            assert sid not in text, (path.name, sid)
            assert name not in text, (path.name, name)
    missing = _table(term["anon"], "missing")
    assert missing["student_id"].str.match(r"学生-[0-9A-F]{4,}$").all()
    # stable: the same pseudonyms on a second run
    again = term["anon"].parent / "again"
    _run("suyang", "report", "--course", str(term["course"]), "--out", str(again),
         "--anonymise")
    assert list(_table(again, "missing")["student_id"]) == list(missing["student_id"])
    html = (term["anon"] / "report.html").read_text("utf-8")
    assert "匿名版" in html and "http://" not in html and "https://" not in html


def test_report_opens_in_chromium_without_errors_and_every_image_has_alt_text(term):
    need_browser()
    counts = {}
    for folder in (term["out"], term["anon"]):
        with chromium_page("zh-CN") as page:
            page.goto((folder / "report.html").as_uri())
            page.wait_for_load_state("load")
            images = page.evaluate("[...document.images].map(i => [i.alt, i.naturalWidth])")
            assert len(images) >= 8
            assert all(alt.strip() and width > 100 for alt, width in images), images
            assert not page.console_errors, page.console_errors
            assert "班级数字素养报告" in page.title()
            counts[folder] = len(images)
    # the same charts are written as PNG files beside the page
    assert len(list((term["out"] / "figures").glob("*.png"))) == counts[term["out"]]


def test_dashboard_notebook_explores_the_same_data(term, monkeypatch):
    """The teachers' dashboard notebook runs in a real kernel; driving its dropdowns shows
    the report's own figures, and 'hide names' leaves no name on screen."""
    from nbclient import NotebookClient

    monkeypatch.setenv("SUYANG_COURSE", str(term["course"]))
    path = ROOT / "teacher_guide" / "dashboard" / "class-dashboard.ipynb"
    nb = nbformat.read(path, 4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json\n"
        f"board.assignment.value = {TERM[0]!r}\n"
        "board.dimension.value = 'safety'\n"
        "board.student.index = 0\n"
        "seen = {k: getattr(board, 'out_' + k).value for k in "
        "('summary', 'assignment', 'dimension', 'student')}\n"
        "seen['names'] = [o[0] for o in board.student.options]\n"
        "board.hide_names.value = True\n"
        "seen['hidden'] = {k: getattr(board, 'out_' + k).value for k in "
        "('summary', 'assignment', 'dimension', 'student')}\n"
        "seen['hidden_names'] = [o[0] for o in board.student.options]\n"
        "print(json.dumps(seen, ensure_ascii=False))"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    seen = json.loads(nb.cells[-1].outputs[0]["text"].strip().splitlines()[-1])
    roster = (term["sample"] / "roster.csv").read_bytes().decode("gbk").splitlines()[1:]
    names = [line.split(",")[1] for line in roster if line]
    assert seen["names"] == names
    items = _table(term["out"], "items")
    first = items[items["assignment"] == TERM[0]].iloc[0]
    assert first["grade_id"] in seen["assignment"]
    assert f"{100 * first['success_rate']:.0f}%" in seen["assignment"]
    dims = _table(term["out"], "dimensions").set_index("literacy")
    assert f"{100 * dims.loc['safety', 'mastery']:.0f}%" in seen["dimension"]
    assert names[0] not in seen["hidden"]["student"]
    assert all(n.startswith("学生-") for n in seen["hidden_names"])
    for text in seen["hidden"].values():
        assert not any(name in text for name in names)


def test_readme_shows_a_figure_of_the_report_with_alt_text():
    readme = (ROOT / "README.md").read_text("utf-8")
    images = re.findall(r"!\[([^\]]+)\]\((docs/images/report-[a-z-]+\.png)\)", readme)
    assert images, "the README should show a figure of the class report"
    for alt, path in images:
        assert len(alt) > 30 and (ROOT / path).stat().st_size > 10_000


def test_english_report_of_a_chinese_course(term):
    out = term["out"].parent / "report-en"
    _run("suyang", "report", "--course", str(term["course"]), "--out", str(out), "--lang", "en")
    lines = json.loads((out / "summary.json").read_text("utf-8"))["summary"]
    assert lines[0].startswith("36 students, 4 assignments")
    html = (out / "report.html").read_text("utf-8")
    assert "<html lang='en'>" in html and "Class digital-literacy report" in html
    objectives = _table(out, "objectives")
    assert not objectives["objective_text"].str.contains(r"[\u4e00-\u9fff]").any()
    dims = _table(out, "dimensions")
    assert set(dims["name"]) <= {"Access", "Create", "Use", "Evaluate", "Interact", "Share",
                                 "Innovate", "Safety", "Ethics"}


def test_screenshots_for_the_teacher_guide(term, tmp_path, monkeypatch):
    """The guide's grading walkthrough shows what a teacher really sees: a feedback page,
    the report, and the dashboard running in JupyterLab (taken here, in Chromium)."""
    need_browser()
    feedback = sorted((term["course"] / "feedback").rglob("*.html"))[2]
    with chromium_page("zh-CN") as page:
        page.goto(feedback.as_uri())
        page.wait_for_load_state("load")
        shot = save_screenshot(page, "grading-feedback")
        page.goto((term["out"] / "report.html").as_uri())
        page.wait_for_load_state("load")
        save_screenshot(page, "grading-report")
        page.locator("h3").first.scroll_into_view_if_needed()
        save_screenshot(page, "grading-report-items")
        assert not page.console_errors, page.console_errors
    assert shot.stat().st_size > 20_000
    monkeypatch.setenv("SUYANG_COURSE", str(term["course"]))
    lab_root = tmp_path / "lab"
    lab_root.mkdir()
    import shutil

    shutil.copy(ROOT / "teacher_guide" / "dashboard" / "class-dashboard.ipynb", lab_root)
    from suyang.build import build_one
    from suyang.notebooks import NotebookRef

    lesson = build_one(NotebookRef(ROOT, Path("curriculum/middle/02-averages-and-charts/"
                                              "averages-and-charts.ipynb")), "zh", lab_root)
    lesson_url = lesson.relative_to(lab_root).as_posix()
    with jupyter_lab(lab_root, lang="zh") as (base, token), chromium_page("zh-CN") as page:
        page.goto(f"{base}/lab/tree/class-dashboard.ipynb?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        run_all_cells(page, "zh")
        page.wait_for_selector(".widget-tab", timeout=120_000)
        page.locator(".widget-tab .lm-TabBar-tab").nth(1).click()  # by assignment
        page.locator(".widget-tab").first.scroll_into_view_if_needed()
        page.wait_for_timeout(1000)
        path = save_screenshot(page, "dashboard")
        assert page.locator(".widget-tab").count() >= 1
        page.goto(f"{base}/lab/tree/{lesson_url}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=120_000)
        for _attempt in range(3):  # the lesson's opening cells, Shift+Enter as a teacher would
            page.locator(".jp-Notebook .jp-Cell").first.click()
            for _ in range(6):
                page.keyboard.press("Shift+Enter")
                page.wait_for_timeout(400)
            if not page.eval_on_selector_all(
                    ".jp-Notebook .jp-CodeCell .jp-InputArea-prompt",
                    "els => els.every(e => e.textContent.trim() === '[ ]:')"):
                break
        page.wait_for_timeout(3000)
        page.eval_on_selector_all(".jp-NotebookPanel-notebook, .jp-WindowedPanel-outer",
                                  "els => els.forEach(e => e.scrollTop = 0)")
        lesson_shot = save_screenshot(page, "lab-lesson")
    assert lesson_shot.stat().st_size > 20_000
    assert path.stat().st_size > 20_000


def test_report_names_objectives_without_the_kit(term, tmp_path):
    """On a school server the kit's lessons may not be there: course init kept the words
    of every assessed objective in the course folder."""
    kept = json.loads((term["course"] / ".suyang" / "objectives.json").read_text("utf-8"))
    assert "middle-01-reading-tables/2" in kept
    out = tmp_path / "elsewhere"
    env_root = os.environ.pop("SUYANG_ROOT", None)
    try:
        _run("suyang", "report", "--course", str(term["course"]), "--out", str(out),
             cwd=tmp_path)
    finally:
        if env_root:
            os.environ["SUYANG_ROOT"] = env_root
    objectives = _table(out, "objectives")
    assert (objectives["objective_text"] != objectives["objective"]).all()
