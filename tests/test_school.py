"""The school runbook's own commands that need no root: login names from a roster, the
plan a dry run prints, gradebook backup and restore (nothing lost, bad archives refused),
and the first copy of the lessons into a home that keeps a student's edits."""

from __future__ import annotations

import io
import os
import re
import sqlite3
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from nbgrader.api import Gradebook

from suyang.cli import main
from suyang.school import (
    SchoolError,
    account_name,
    backup,
    new_password,
    plan_class,
    restore,
    seed_home,
)


def roster(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text("学号,姓名\n" + rows, "utf-8-sig")
    return path


def test_login_names_are_ones_linux_and_nbgrader_accept():
    assert account_name("li_ming") == "li_ming"
    assert account_name("ZhangSan") == "zhangsan"
    assert account_name("2024031") == "s2024031"  # a student number alone is not a login
    assert account_name("2024.031") == "s2024031"
    assert re.fullmatch(r"[a-hj-km-np-z]{4}-[2-9]{4}", new_password())


def test_plan_names_every_account_and_writes_nothing(tmp_path):
    plan = plan_class(roster(tmp_path, "2024001,李明\n2024002,王芳\n"), "c7-3", "wanglaoshi",
                      home_root=tmp_path / "home", exists=lambda name: name == "s2024002")
    assert [(a.name, a.real_name, a.existed) for a in plan.students] == [
        ("s2024001", "李明", False), ("s2024002", "王芳", True)]
    assert plan.teacher.name == "wanglaoshi" and plan.course == tmp_path / "home" / \
        "wanglaoshi" / "c7-3"
    assert not (tmp_path / "home").exists()


@pytest.mark.parametrize("lang, words", [("zh", "同一个登录名"), ("en", "the same login")])
def test_two_ids_that_would_share_a_login_stop_the_import(tmp_path, lang, words):
    with pytest.raises(SchoolError) as err:
        plan_class(roster(tmp_path, "A01,李明\na01,王芳\n"), "c7-3", "t1", lang=lang,
                   exists=lambda _: False)
    assert words in str(err.value) and "a01" in str(err.value)


def test_bad_class_id_and_teacher_name_are_explained(tmp_path):
    path = roster(tmp_path, "2024001,李明\n")
    with pytest.raises(SchoolError, match="c7-3"):
        plan_class(path, "7-3", "t1", lang="zh")
    with pytest.raises(SchoolError, match="login"):
        plan_class(path, "c7-3", "Wang Laoshi", lang="en")


def test_dry_run_prints_the_plan_in_the_teachers_language(tmp_path):
    path = roster(tmp_path, "2024001,李明\n2024002,王芳\n")
    result = CliRunner().invoke(main, ["school", "add-class", str(path), "--class", "c7-3",
                                       "--teacher", "nobody-here-t1", "--dry-run",
                                       "--home-root", str(tmp_path / "home"), "--lang", "zh"])
    assert result.exit_code == 0, result.output
    assert "学生 2 人" in result.output and "s2024001" in result.output
    assert result.output.count("新建") == 3
    assert not (tmp_path / "home").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may create accounts")
def test_creating_accounts_without_root_says_how(tmp_path):
    path = roster(tmp_path, "2024001,李明\n")
    result = CliRunner().invoke(main, ["school", "add-class", str(path), "--class", "c7-3",
                                       "--teacher", "nobody-here-t1", "--lang", "en",
                                       "--home-root", str(tmp_path / "home")])
    assert result.exit_code == 1 and "sudo" in result.output


# ------------------------------------------------------------------- backup and restore
def make_course(folder: Path) -> Path:
    """A small real course: nbgrader gradebook with two students and a grade."""
    folder.mkdir(parents=True)
    (folder / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(folder)!r}\n", "utf-8")
    with Gradebook(f"sqlite:///{folder / 'gradebook.db'}") as gb:
        gb.add_assignment("a1")
        gb.add_student("s2024001", first_name="明", last_name="李")
        gb.add_student("s2024002", first_name="芳", last_name="王")
    hand_in = folder / "submitted" / "s2024001" / "a1" / "answers.ipynb"
    hand_in.parent.mkdir(parents=True)
    hand_in.write_text('{"cells": []}', "utf-8")
    (folder / "source" / "a1").mkdir(parents=True)
    (folder / "source" / "a1" / "a1.ipynb").write_text("{}", "utf-8")
    return folder


def students(course: Path) -> list[str]:
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return sorted(s.id for s in gb.students)


def test_backup_then_restore_gives_back_the_gradebook_and_keeps_the_newer_course(tmp_path):
    course = make_course(tmp_path / "c7-3")
    archive = backup(course, tmp_path / "backups" / "c7-3.tar.gz")
    # after the backup: a student removed by mistake, a new hand-in arrives
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        gb.remove_student("s2024002")
    late = course / "submitted" / "s2024002" / "a1" / "answers.ipynb"
    late.parent.mkdir(parents=True)
    late.write_text("{}", "utf-8")
    aside = restore(archive, course)
    assert students(course) == ["s2024001", "s2024002"]
    assert (course / "submitted" / "s2024001" / "a1" / "answers.ipynb").read_text() == \
        '{"cells": []}'
    # nothing is deleted: the course as it was before the restore is kept aside, whole
    assert aside is not None and aside.name.startswith("c7-3.before-restore-")
    assert (aside / "submitted" / "s2024002" / "a1" / "answers.ipynb").is_file()
    assert students(aside) == ["s2024001"]


def test_restore_into_another_folder_points_the_config_there(tmp_path):
    archive = backup(make_course(tmp_path / "old" / "c7-3"), tmp_path / "b.tar.gz")
    target = tmp_path / "new-server" / "c7-3"
    target.parent.mkdir()
    assert restore(archive, target) is None
    assert repr(str(target.resolve())) in (target / "nbgrader_config.py").read_text()
    with sqlite3.connect(target / "gradebook.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def _tar(path: Path, members: dict[str, bytes]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("kind, words", [
    ("not-a-tar", "不是 suyang 的课程备份"),
    ("no-gradebook", "不是 suyang 的课程备份"),
    ("escape", "不安全"),
    ("damaged-db", "已损坏"),
])
def test_a_bad_archive_is_refused_and_the_course_is_untouched(tmp_path, kind, words):
    course = make_course(tmp_path / "c7-3")
    before = sorted(p.relative_to(course) for p in course.rglob("*"))
    bad = tmp_path / "bad.tar.gz"
    if kind == "not-a-tar":
        bad.write_bytes(b"PK\x03\x04 a zip, not a backup")
    elif kind == "no-gradebook":
        _tar(bad, {"source/a1/a1.ipynb": b"{}"})
    elif kind == "escape":
        _tar(bad, {"gradebook.db": b"", "../../etc/evil": b"x"})
    else:
        _tar(bad, {"gradebook.db": b"SQLite format 3\x00" + b"\x00" * 84 + b"garbage" * 200})
    with pytest.raises(SchoolError) as err:
        restore(bad, course, lang="zh")
    assert words in str(err.value)
    assert sorted(p.relative_to(course) for p in course.rglob("*")) == before
    assert students(course) == ["s2024001", "s2024002"]
    assert not list(tmp_path.glob("c7-3.before-restore-*"))


def test_backup_of_a_folder_without_gradebook_is_explained(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SchoolError, match="gradebook"):
        backup(tmp_path / "empty", tmp_path / "x.tar.gz", lang="en")
    assert not (tmp_path / "x.tar.gz").exists()


def test_backup_and_restore_commands(tmp_path):
    course = make_course(tmp_path / "c7-3")
    runner = CliRunner()
    out = runner.invoke(main, ["school", "backup", str(course), "--out",
                               str(tmp_path / "b.tar.gz"), "--lang", "zh"])
    assert out.exit_code == 0 and "已备份到" in out.output
    back = runner.invoke(main, ["school", "restore", str(tmp_path / "b.tar.gz"), str(course),
                                "--lang", "zh"])
    assert back.exit_code == 0 and "已恢复到" in back.output and "没有删除" in back.output


# ------------------------------------------------------------------------ a new home
def test_seeding_a_home_copies_new_lessons_and_keeps_a_students_edits(tmp_path):
    views = tmp_path / "views"
    (views / "curriculum" / "primary").mkdir(parents=True)
    (views / "index.ipynb").write_text("index v1", "utf-8")
    (views / "curriculum" / "primary" / "a.ipynb").write_text("lesson a v1", "utf-8")
    home = tmp_path / "home"
    home.mkdir()
    uid, gid = os.getuid(), os.getgid()
    first = seed_home(home, views, uid, gid)
    assert sorted(p.relative_to(home).as_posix() for p in first) == [
        "suyang/curriculum/primary/a.ipynb", "suyang/index.ipynb"]
    (home / "suyang" / "curriculum" / "primary" / "a.ipynb").write_text("my answers", "utf-8")
    # an upgrade: lesson a changes, lesson b is new
    (views / "curriculum" / "primary" / "a.ipynb").write_text("lesson a v2", "utf-8")
    (views / "curriculum" / "primary" / "b.ipynb").write_text("lesson b", "utf-8")
    second = seed_home(home, views, uid, gid)
    assert [p.name for p in second] == ["b.ipynb"]
    assert (home / "suyang" / "curriculum" / "primary" / "a.ipynb").read_text() == "my answers"


def test_a_primary_or_seniors_class_opens_at_the_app_view(tmp_path):
    from suyang.school import CLASS_FILE, start_url, student_settings

    home = tmp_path / "home"
    assert start_url(home) == "/lab/tree/suyang/index.ipynb"  # no class file yet
    for level, url in (("primary", "/voila/render/suyang/app/index.ipynb"),
                       ("seniors", "/voila/render/suyang/app/index.ipynb"),
                       ("middle", "/lab/tree/suyang/index.ipynb"),
                       (None, "/lab/tree/suyang/index.ipynb")):
        files = student_settings("s2024001", "c3-1", level)
        (home / CLASS_FILE).parent.mkdir(parents=True, exist_ok=True)
        (home / CLASS_FILE).write_text(files[CLASS_FILE], "utf-8")
        assert start_url(home) == url, level
    (home / CLASS_FILE).write_text("not json", "utf-8")
    assert start_url(home) == "/lab/tree/suyang/index.ipynb"


def test_a_seeded_index_links_the_app_view_at_its_owners_address(tmp_path):
    import pwd

    views = tmp_path / "views"
    views.mkdir()
    (views / "index.ipynb").write_text(
        "[作为应用打开](/user/{user}/voila/render/suyang/app/curriculum/x.ipynb)", "utf-8")
    home = tmp_path / "home"
    home.mkdir()
    seed_home(home, views, os.getuid(), os.getgid())
    owner = pwd.getpwuid(os.getuid()).pw_name
    text = (home / "suyang" / "index.ipynb").read_text("utf-8")
    assert f"(/user/{owner}/voila/render/suyang/app/curriculum/x.ipynb)" in text
    assert "{user}" not in text and "{user}" in (views / "index.ipynb").read_text("utf-8")
