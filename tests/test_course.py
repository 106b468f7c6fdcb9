"""``suyang course init``: a ready nbgrader course from the kit, rosters as schools save
them (GBK, UTF-8 with BOM, Chinese headers), gradebook filled through nbgrader's own API,
and re-runs that never undo a teacher's edits."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook

from suyang.cli import main
from suyang.course import (
    CourseError,
    KitAssignment,
    RosterError,
    init_course,
    load_course,
    read_roster,
    select_assignments,
)
from suyang.notebooks import cell_lang

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "middle-01-screen-time"
NOTEBOOK = "screen-time"
# every middle-school assignment of the kit: what `course init --level middle` takes
MIDDLE = sorted(p.name for p in (ROOT / "assignments").glob("middle-*") if p.is_dir())
KIT_SOURCE = ROOT / "assignments" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"

GBK_ROSTER = "学号,姓名,班级\r\n007,张三,八年级1班\r\n2024002,欧阳娜娜,八年级1班\r\n"
BOM_ROSTER = "student_id,name\n0101,李雷\n0102,韩梅梅\n"


def _write_gbk(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("gbk"))
    return path


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes (the gradebook aside: sqlite rewrites it)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != "gradebook.db"}


def _prose(lang: str) -> list[str]:
    """The kit notebook's markdown written for one language."""
    nb = nbformat.read(KIT_SOURCE, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown" and cell_lang(c) == lang]


def _gradebook_students(course: Path) -> dict[str, tuple[str, str]]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {s.id: (s.last_name, s.first_name) for s in gb.students}


# --------------------------------------------------------------------------- rosters


def test_gbk_roster_with_chinese_headers_keeps_leading_zeros(tmp_path):
    roster = read_roster(_write_gbk(tmp_path / "r.csv", GBK_ROSTER))
    assert [(e.student_id, e.name) for e in roster] == [("007", "张三"), ("2024002", "欧阳娜娜")]
    assert roster[0].extra == {"class": "八年级1班"}


def test_utf8_bom_roster(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(BOM_ROSTER.encode("utf-8-sig"))
    assert [(e.student_id, e.name, e.extra) for e in read_roster(path)] == \
        [("0101", "李雷", {}), ("0102", "韩梅梅", {})]


@pytest.mark.parametrize("text, key_words", [
    ("", {"zh": "空的", "en": "empty"}),
    ("学号,名称\n1,张三\n", {"zh": "缺少列", "en": "lacks the column"}),
    ("学号,姓名\n1,张三\n1,李四\n", {"zh": "重复", "en": "more than once"}),
    ("学号,姓名\n1,\n", {"zh": "为空", "en": "empty student id or name"}),
    ("学号,姓名\n../x,张三\n", {"zh": "文件夹名", "en": "folder name"}),
])
def test_roster_errors_are_clear_in_both_languages(tmp_path, text, key_words):
    path = _write_gbk(tmp_path / "bad.csv", text)
    for lang, words in key_words.items():
        with pytest.raises(RosterError, match=words):
            read_roster(path, lang)


def test_a_missing_roster_file_is_a_clear_error(tmp_path):
    with pytest.raises(RosterError, match="找不到名单文件"):
        read_roster(tmp_path / "nope.csv", "zh")


# --------------------------------------------------------------------------- selection


def _kit(*specs: tuple[str, str]) -> dict[str, KitAssignment]:
    return {aid: KitAssignment(aid, level, ()) for aid, level in specs}


def test_selection_by_level_ids_or_all():
    kit = _kit(("middle-01-a", "middle"), ("middle-02-b", "middle"), ("high-01-c", "high"))
    assert select_assignments(kit, None, None) == list(kit)
    assert select_assignments(kit, "middle", None) == ["middle-01-a", "middle-02-b"]
    assert select_assignments(kit, None, ["high-01-c"]) == ["high-01-c"]
    assert select_assignments(kit, "high", ["middle-02-b"]) == ["middle-02-b", "high-01-c"]
    with pytest.raises(CourseError, match="middle-01-a"):
        select_assignments(kit, None, ["nope"], "en")
    with pytest.raises(CourseError, match="primary"):
        select_assignments(kit, "kindergarten", None, "en")
    with pytest.raises(CourseError, match="seniors"):
        select_assignments(kit, "seniors", None, "en")


def test_the_kit_offers_its_assignment_by_level():
    from suyang.course import kit_assignments

    kit = kit_assignments(ROOT)
    assert kit[ASSIGNMENT].level == "middle"
    assert ASSIGNMENT in select_assignments(kit, "middle", None)


# --------------------------------------------------------------------------- a zh course


@pytest.fixture(scope="module")
def zh_course(tmp_path_factory):
    """A Chinese course made from a GBK roster, as a teacher on a Windows PC would."""
    tmp = tmp_path_factory.mktemp("zh")
    roster = _write_gbk(tmp / "名单.csv", GBK_ROSTER)
    course = tmp / "八年级信息科技"
    report = init_course(course, level="middle", lang="zh", roster=roster, kit=ROOT)
    return course, report


def test_config_points_at_the_course(zh_course):
    course, report = zh_course
    text = (course / "nbgrader_config.py").read_text("utf-8")
    assert f"c.CourseDirectory.root = {str(course.resolve())!r}" in text
    assert "c.CourseDirectory.course_id = '八年级信息科技'" in text
    assert "c.ExecutePreprocessor.timeout = 120" in text
    assert "Exchange" not in text  # the exchange stays at nbgrader's default
    assert "nbgrader_config.py" in report.created


def test_source_is_rendered_in_the_course_language(zh_course):
    course, _ = zh_course
    nb = nbformat.read(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    sources = [c.source for c in nb.cells]
    assert not any(en in sources for en in _prose("en"))
    assert all(zh in sources for zh in _prose("zh"))
    assert not any(t.startswith("lang-") for c in nb.cells for t in c.metadata.get("tags", []))
    assert nb.metadata["suyang"]["lang"] == "zh"


def test_students_are_in_the_gradebook_with_chinese_names(zh_course):
    course, report = zh_course
    assert _gradebook_students(course) == {"007": ("张三", ""), "2024002": ("欧阳娜娜", "")}
    assert sorted(report.names("added", "student")) == ["007", "2024002"]
    assert (course / "roster.csv").read_text("utf-8") == \
        "student_id,name,class\n007,张三,八年级1班\n2024002,欧阳娜娜,八年级1班\n"


def test_assignment_is_released_with_every_grade_cell_in_the_gradebook(zh_course):
    course, report = zh_course
    source = nbformat.read(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    want = {c.metadata["nbgrader"]["grade_id"] for c in source.cells
            if c.metadata.get("nbgrader", {}).get("grade")}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        notebook = gb.find_notebook(NOTEBOOK, ASSIGNMENT)
        assert {g.name for g in notebook.grade_cells} == want
        assert gb.find_assignment(ASSIGNMENT).max_score == pytest.approx(10)
    released = (course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb").read_text("utf-8")
    assert "BEGIN SOLUTION" not in released
    assert report.names("added", "assignment") == MIDDLE


def test_course_remembers_its_settings(zh_course):
    course, _ = zh_course
    state = json.loads((course / ".suyang" / "course.json").read_text("utf-8"))
    assert state == {"lang": "zh", "level": "middle", "assignments": MIDDLE,
                     "kit_version": "0.1.0"}
    loaded = load_course(course / "source" / ASSIGNMENT)  # found from a folder inside
    assert loaded.root == course.resolve()
    assert loaded.lang == "zh" and loaded.assignments == MIDDLE
    assert loaded.student_ids == ["007", "2024002"]
    assert loaded.notebook_names(ASSIGNMENT) == [NOTEBOOK]
    assert loaded.db_url == f"sqlite:///{course.resolve() / 'gradebook.db'}"
    assert loaded.course_id == "八年级信息科技"


def test_the_report_is_a_table_in_the_course_language(zh_course):
    _, report = zh_course
    table = report.table()
    assert "已创建" in table and "作业源文件" in table and "2 名" in table
    assert "created" not in table


def test_not_a_course_is_a_clear_error(tmp_path):
    with pytest.raises(CourseError, match="course init"):
        load_course(tmp_path)


# --------------------------------------------------------------------------- re-running


def test_rerun_keeps_teacher_edits_and_adds_new_students(tmp_path):
    roster = _write_gbk(tmp_path / "r.csv", GBK_ROSTER)
    course = tmp_path / "course"
    init_course(course, lang="zh", roster=roster, kit=ROOT)
    config = course / "nbgrader_config.py"
    config.write_text(config.read_text("utf-8") + "c.Exchange.timezone = 'Asia/Shanghai'\n",
                      "utf-8")
    source = course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = nbformat.read(source, as_version=4)
    nb.cells[0].source = "# 老师改过的标题"
    nbformat.write(nb, source)
    before = _files(course)

    # the school's new list: one new student, and a different spelling for a known one
    _write_gbk(roster, GBK_ROSTER + "2024003,司马光,八年级1班\r\n")
    roster.write_bytes(roster.read_bytes().replace("张三".encode("gbk"), "张叁".encode("gbk")))
    report = init_course(course, roster=roster, kit=ROOT)

    after = _files(course)
    assert set(before) <= set(after)  # nothing deleted
    for kept in ("nbgrader_config.py", f"source/{ASSIGNMENT}/{NOTEBOOK}.ipynb",
                 f"release/{ASSIGNMENT}/{NOTEBOOK}.ipynb"):
        assert after[kept] == before[kept], kept
    assert "nbgrader_config.py" in report.kept
    assert ("source", f"source/{ASSIGNMENT}/{NOTEBOOK}.ipynb", "kept_differs") in \
        [(r.kind, r.name, r.status) for r in report.rows]
    assert report.names("added") == ["2024003"]
    assert _gradebook_students(course) == {"007": ("张三", ""), "2024002": ("欧阳娜娜", ""),
                                           "2024003": ("司马光", "")}
    assert [e.name for e in load_course(course).roster] == ["张三", "欧阳娜娜", "司马光"]

    # a third run with nothing new changes nothing at all
    again = init_course(course, kit=ROOT)
    assert again.created == [] and again.added == []
    assert _files(course) == after


def test_a_course_keeps_its_language(tmp_path):
    course = tmp_path / "c"
    init_course(course, lang="zh", kit=ROOT)
    with pytest.raises(CourseError, match="zh"):
        init_course(course, lang="en", kit=ROOT)


def test_a_moved_course_is_detected(tmp_path):
    course = tmp_path / "c"
    course.mkdir()
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.root = '/somewhere/else'\n", "utf-8")
    with pytest.raises(CourseError, match="/somewhere/else"):
        init_course(course, lang="en", kit=ROOT)
    assert not (course / "source").exists()


# --------------------------------------------------------------------------- the command


def test_cli_makes_an_english_course_from_a_bom_roster(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_bytes(BOM_ROSTER.encode("utf-8-sig"))
    course = tmp_path / "Class 8A"
    result = CliRunner().invoke(main, ["course", "init", str(course), "--lang", "en",
                                       "--assignments", ASSIGNMENT, "--roster", str(roster)])
    assert result.exit_code == 0, result.output
    assert "created" in result.output and "2: 0101, 0102" in result.output
    assert _gradebook_students(course) == {"0101": ("李雷", ""), "0102": ("韩梅梅", "")}
    nb = nbformat.read(course / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    sources = [c.source for c in nb.cells]
    assert not any(zh in sources for zh in _prose("zh"))
    assert "c.CourseDirectory.course_id = 'Class-8A'" in \
        (course / "nbgrader_config.py").read_text("utf-8")


def test_cli_reports_a_bad_roster_without_a_traceback(tmp_path):
    roster = _write_gbk(tmp_path / "r.csv", "学号,名称\n1,张三\n")
    result = CliRunner().invoke(main, ["course", "init", str(tmp_path / "c"), "--lang", "zh",
                                       "--roster", str(roster)])
    assert result.exit_code != 0
    assert "缺少列" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "c").exists()
