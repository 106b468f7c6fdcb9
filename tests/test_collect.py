"""``suyang collect``: hand-ins as teachers really get them (LMS and chat-group zips with
GBK or UTF-8 names, junk, nested folders, duplicates, strangers, hostile members) end up
in nbgrader's ``submitted/`` layout, and nothing is lost, overwritten or written outside."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import parse_utc

from suyang import collect as collect_mod
from suyang.cli import main
from suyang.collect import (
    CollectError,
    Matcher,
    collect,
    member_name,
    nbgrader_timestamp,
    safe_name,
)
from suyang.course import RosterEntry, init_course, write_roster

ROOT = Path(__file__).resolve().parents[1]
A = "middle-01-screen-time"
NB = "screen-time"
ROSTER = [("2024001", "张三"), ("2024002", "李四"), ("2024003", "王芳"), ("2024004", "王芳"),
          ("2024005", "Li Lei"), ("0042", "欧阳娜娜"), ("2024006", "赵六")]
T1, T2, T3 = (2024, 4, 1, 9, 0, 0), (2024, 4, 2, 10, 30, 0), (2024, 4, 3, 21, 15, 58)


# --------------------------------------------------------------------------- helpers


def notebook(marker: str) -> bytes:
    """A small valid notebook whose first cell says who made it (to tell versions apart)."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(marker)])
    return nbformat.writes(nb).encode("utf-8")


def marker(path: Path) -> str:
    source = json.loads(path.read_text("utf-8"))["cells"][0]["source"]
    return "".join(source) if isinstance(source, list) else source


class GbkInfo(zipfile.ZipInfo):
    """A member named the way Windows' "Send to > Compressed folder" names it: GBK bytes,
    no UTF-8 flag. ``filename`` holds those bytes as CP437, which is what readers see."""

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's name)
        return self.filename.encode("cp437"), self.flag_bits & ~0x800


def make_zip(path: Path, members: list[tuple]) -> Path:
    """members: (name, data, date_time[, 'gbk' | 'symlink'])."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, when, *kind in members:
            if kind == ["gbk"]:
                info = GbkInfo(name.encode("gbk").decode("cp437"), date_time=when)
            else:
                info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            if kind == ["symlink"]:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zf.writestr(info, data)
    return path


def make_course(tmp: Path, lang: str = "zh") -> Path:
    """A course folder as ``course init`` leaves it (without the gradebook, not needed here)."""
    course = tmp / "course"
    (course / ".suyang").mkdir(parents=True)
    (course / ".suyang" / "course.json").write_text(json.dumps(
        {"lang": lang, "level": "middle", "assignments": [A], "kit_version": "0.1.0"}), "utf-8")
    (course / "nbgrader_config.py").write_text(
        f"c = get_config()\nc.CourseDirectory.root = {str(course.resolve())!r}\n", "utf-8")
    write_roster([RosterEntry(i, n) for i, n in ROSTER], course / "roster.csv")
    (course / "source" / A).mkdir(parents=True)
    (course / "source" / A / f"{NB}.ipynb").write_bytes(notebook("source"))
    return course


def tree(folder: Path) -> dict[str, bytes]:
    """Every file (and symlink) under ``folder`` with its bytes."""
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_symlink():
            out[p.relative_to(folder).as_posix()] = b"-> " + os.readlink(p).encode()
        elif p.is_file():
            out[p.relative_to(folder).as_posix()] = p.read_bytes()
    return out


def submitted(course: Path) -> dict[str, str]:
    """{student id: marker of the submitted notebook}."""
    return {p.parts[-3]: marker(p)
            for p in sorted((course / "submitted").glob(f"*/{A}/{NB}.ipynb"))}


def local(date_time: tuple) -> datetime:
    return datetime(*date_time).astimezone()


@pytest.fixture
def course(tmp_path):
    return make_course(tmp_path)


# --------------------------------------------------------------------------- names


def test_gbk_member_names_are_really_written_without_the_utf8_flag(tmp_path):
    path = make_zip(tmp_path / "h.zip", [("张三/作业.ipynb", b"{}", T1, "gbk"),
                                        ("李四/作业.ipynb", b"{}", T1)])
    raw = path.read_bytes()
    assert "张三/作业.ipynb".encode("gbk") in raw and "李四/作业.ipynb".encode() in raw
    with zipfile.ZipFile(path) as zf:
        gbk, utf8 = zf.infolist()
    assert not gbk.flag_bits & 0x800 and utf8.flag_bits & 0x800
    assert gbk.filename != "张三/作业.ipynb"  # Python reads it as CP437 mojibake
    assert member_name(gbk) == "张三/作业.ipynb" and member_name(utf8) == "李四/作业.ipynb"


def test_utf8_names_without_the_flag_are_decoded_too():
    info = zipfile.ZipInfo("王芳.ipynb".encode().decode("cp437"))
    assert member_name(info) == "王芳.ipynb"


@pytest.mark.parametrize("text", ["../../evil.ipynb", "/etc/passwd", "C:\\x\\y.ipynb", "..",
                                  "a/b\\c:d*?.ipynb", "", "CON.ipynb"])
def test_safe_names_are_single_harmless_components(text):
    name = safe_name(text)
    assert name and "/" not in name and "\\" not in name and ":" not in name
    assert name not in (".", "..") and not name.startswith(".")
    assert not name.upper().startswith("CON.")


def test_safe_names_keep_chinese_and_stay_short():
    assert safe_name("张三_2024001_屏幕时间作业(1).ipynb") == "张三_2024001_屏幕时间作业(1).ipynb"
    long = safe_name("很长" * 200 + ".ipynb")
    assert long.endswith(".ipynb") and len(long.encode()) <= 180


def test_the_deepest_name_wins_and_assignment_words_are_ignored():
    roster = [RosterEntry("01", "张三"), RosterEntry("03", "李四"), RosterEntry("04", "王五")]
    match = Matcher(roster, [A, NB]).match
    assert match(("2024-03-01 作业", "张三.ipynb")) == {"01"}
    assert match((A, "李四", f"{NB}.ipynb")) == {"03"}
    assert match((f"{A}.ipynb",)) == set()  # '01' inside the assignment's id is no student
    assert match(("03-04.ipynb",)) == {"03", "04"}


# --------------------------------------------------------------------------- a real batch


def test_utf8_and_gbk_names_nested_folders_junk_and_matching(course, tmp_path):
    zpath = make_zip(tmp_path / "下载.zip", [
        ("作业/2024001_张三/screen-time.ipynb", notebook("张三"), T1),
        ("作业/2024001_张三/data.csv", b"a,b\n", T1),
        ("作业/2024001_张三/.ipynb_checkpoints/screen-time-checkpoint.ipynb", notebook("x"), T1),
        ("李四-屏幕时间作业.ipynb", notebook("李四"), T2, "gbk"),
        ("0042.ipynb", notebook("欧阳"), T2),
        ("li_lei final.ipynb", notebook("Li Lei"), T3),
        ("__MACOSX/作业/2024001_张三/._screen-time.ipynb", b"\x00\x05\x16\x07", T1),
        ("作业/.DS_Store", b"Bud1", T1),
        ("作业/Thumbs.db", b"x", T1),
        ("desktop.ini", b"[x]", T1, "gbk"),
        ("作业/", b"", T1),
    ])
    report = collect(zpath, A, course)

    assert submitted(course) == {"2024001": "张三", "2024002": "李四", "0042": "欧阳",
                                 "2024005": "Li Lei"}
    by = report.by_student()
    assert by["2024002"].source == "李四-屏幕时间作业.ipynb"
    assert by["2024002"].name == "李四" and by["2024002"].status == "new"
    stamp = (course / "submitted" / "2024002" / A / "timestamp.txt").read_text().strip()
    assert parse_utc(stamp) == local(T2).astimezone(UTC).replace(tzinfo=None)
    assert {s.source for s in report.junk} == {
        "作业/2024001_张三/.ipynb_checkpoints/screen-time-checkpoint.ipynb",
        "__MACOSX/作业/2024001_张三/._screen-time.ipynb", "作业/.DS_Store", "作业/Thumbs.db",
        "desktop.ini"}
    assert [(s.source, s.reason) for s in report.skipped] == \
        [("作业/2024001_张三/data.csv", "other")]
    assert report.missing == ["2024003", "2024004", "2024006"]
    assert report.unmatched == [] and report.unsafe == [] and report.duplicates == []
    # the table speaks the course's language
    table = report.table()
    assert "已收取" in table and "未交作业（3 人）" in table and "2024003 王芳" in table


def test_nbgrader_reads_the_timestamp(course, tmp_path):
    collect(make_zip(tmp_path / "h.zip", [("张三.ipynb", notebook("张三"), T3)]), A, course)
    coursedir = CourseDirectory(root=str(course))
    when = coursedir.get_existing_timestamp(str(course / "submitted" / "2024001" / A))
    assert when == local(T3).astimezone(UTC).replace(tzinfo=None)
    assert nbgrader_timestamp(datetime(2024, 4, 1, 1, 2, 3, tzinfo=UTC)) == \
        "2024-04-01 01:02:03.000000 UTC"


def test_duplicates_keep_the_latest_and_archive_every_version(course, tmp_path):
    zpath = make_zip(tmp_path / "h.zip", [
        ("张三/screen-time.ipynb", notebook("v2"), T2),
        ("张三_屏幕时间作业.ipynb", notebook("v3"), T3, "gbk"),
        ("2024001.ipynb", notebook("v1"), T1),
    ])
    report = collect(zpath, A, course)
    assert submitted(course) == {"2024001": "v3"}
    assert report.by_student()["2024001"].versions == 3
    archive = course / "archive" / A / "2024001"
    names = sorted(p.name for p in archive.iterdir())
    assert names == [f"{local(T1):%Y%m%d-%H%M%S}-2024001.ipynb",
                     f"{local(T2):%Y%m%d-%H%M%S}-screen-time.ipynb",
                     f"{local(T3):%Y%m%d-%H%M%S}-张三_屏幕时间作业.ipynb"]
    assert [marker(archive / n) for n in names] == ["v1", "v2", "v3"]
    assert [(d.source, d.archived_as.split("/")[-1]) for d in report.duplicates] == \
        [("2024001.ipynb", names[0]), ("张三/screen-time.ipynb", names[1])]


def test_unknown_and_ambiguous_names_are_saved_and_reported(course, tmp_path):
    zpath = make_zip(tmp_path / "h.zip", [
        ("王芳.ipynb", notebook("哪个王芳"), T1, "gbk"),
        ("王芳_2024004.ipynb", notebook("王芳4"), T1),
        ("陌生人/作业.ipynb", notebook("陌生人"), T1),
    ])
    report = collect(zpath, A, course)
    assert submitted(course) == {"2024004": "王芳4"}
    got = {u.source: (u.reason, u.candidates, u.saved_as) for u in report.unmatched}
    assert got == {
        "王芳.ipynb": ("ambiguous", ["2024003", "2024004"], f"unmatched/{A}/王芳.ipynb"),
        "陌生人/作业.ipynb": ("unknown", [], f"unmatched/{A}/陌生人_作业.ipynb"),
    }
    assert marker(course / "unmatched" / A / "王芳.ipynb") == "哪个王芳"
    assert marker(course / "unmatched" / A / "陌生人_作业.ipynb") == "陌生人"
    table = report.table()
    assert "可能属于多名学生" in table and "名单中找不到这名学生" in table


def test_broken_notebooks_are_archived_and_reported_not_submitted(course, tmp_path):
    zpath = make_zip(tmp_path / "h.zip", [
        ("张三.ipynb", notebook("good"), T1),
        ("张三-new.ipynb", notebook("good")[:50], T2),  # truncated upload
        ("李四.ipynb", b"not json", T1),
    ])
    report = collect(zpath, A, course)
    assert submitted(course) == {"2024001": "good"}
    assert sorted(a.student_id for a in report.invalid) == ["2024001", "2024002"]
    assert all((course / a.archived_as).is_file() for a in report.invalid)
    assert "2024002" not in report.missing  # handed in, just not a usable notebook


# --------------------------------------------------------------------------- hostile input


def _outside(tmp_path: Path, course: Path) -> dict[str, bytes]:
    return {k: v for k, v in tree(tmp_path).items() if not k.startswith("course/")}


def test_traversal_absolute_and_symlink_members_write_nothing_outside(course, tmp_path,
                                                                      monkeypatch):
    work = tmp_path / "inbox" / "deep"
    work.mkdir(parents=True)
    monkeypatch.chdir(work)
    zpath = make_zip(tmp_path / "inbox" / "evil.zip", [
        ("../../evil.ipynb", notebook("evil"), T1),
        ("../../course/submitted/2024002/" + A + "/screen-time.ipynb", notebook("evil"), T1),
        ("/tmp/abs-张三.ipynb", notebook("evil"), T1),
        ("C:/Users/张三.ipynb", notebook("evil"), T1),
        ("..\\..\\evil2-张三.ipynb", notebook("evil"), T1, "gbk"),
        ("张三/link.ipynb", b"/etc/passwd", T1, "symlink"),
        ("2024006.ipynb", notebook("ok"), T1),
    ])
    before_outside = _outside(tmp_path, course)
    report = collect(zpath, A, course)
    assert _outside(tmp_path, course) == before_outside
    assert not Path("/tmp/abs-张三.ipynb").exists()
    assert sorted((s.source, s.reason) for s in report.unsafe) == sorted([
        ("../../evil.ipynb", "traversal"),
        (f"../../course/submitted/2024002/{A}/screen-time.ipynb", "traversal"),
        ("/tmp/abs-张三.ipynb", "absolute"), ("C:/Users/张三.ipynb", "absolute"),
        ("../../evil2-张三.ipynb", "traversal"), ("张三/link.ipynb", "symlink")])
    assert submitted(course) == {"2024006": "ok"}
    written = [k for k in tree(course) if "evil" in k or "link" in k]
    assert written == []
    assert not any(marker(p) == "evil" for p in course.rglob("*.ipynb"))


def test_directory_input_does_not_follow_symlinks(course, tmp_path):
    inbox = tmp_path / "U盘"
    (inbox / "七年级" / "张三").mkdir(parents=True)
    (inbox / "七年级" / "张三" / "我的作业.ipynb").write_bytes(notebook("张三"))
    os.utime(inbox / "七年级" / "张三" / "我的作业.ipynb", (1712000000, 1712000000))
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "screen-time.ipynb").write_bytes(notebook("secret"))
    (inbox / "李四.ipynb").symlink_to(secret / "screen-time.ipynb")
    (inbox / "王芳_2024003").symlink_to(secret, target_is_directory=True)
    (inbox / "Thumbs.db").write_bytes(b"x")
    before_outside = _outside(tmp_path, course)

    report = collect(inbox, A, course)
    assert submitted(course) == {"2024001": "张三"}
    assert sorted((s.source, s.reason) for s in report.unsafe) == \
        [("李四.ipynb", "symlink"), ("王芳_2024003/", "symlink")]
    assert [s.source for s in report.junk] == ["Thumbs.db"]
    stamp = (course / "submitted" / "2024001" / A / "timestamp.txt").read_text().strip()
    assert parse_utc(stamp) == datetime(2024, 4, 1, 19, 33, 20)  # the file's mtime, in UTC
    assert _outside(tmp_path, course) == before_outside
    assert "secret" not in json.dumps(list(tree(course)))


def test_a_single_notebook_from_a_chat_group(course, tmp_path):
    handed = tmp_path / "微信" / "欧阳娜娜 的作业.ipynb"
    handed.parent.mkdir()
    handed.write_bytes(notebook("欧阳"))
    report = collect(handed, A, course)
    assert submitted(course) == {"0042": "欧阳"}
    assert report.collected[0].source == "欧阳娜娜 的作业.ipynb"


def test_a_corrupt_zip_is_a_clear_error(course, tmp_path):
    good = make_zip(tmp_path / "good.zip", [("张三.ipynb", notebook("x"), T1)])
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(good.read_bytes()[:-30])
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"PK\x03\x04 this is not really a zip")
    for bad in (truncated, garbage):
        with pytest.raises(CollectError, match="不是完整的 zip"):
            collect(bad, A, course)
    assert not (course / "submitted").exists()


def test_an_empty_zip_is_a_clear_error(course, tmp_path):
    empty = make_zip(tmp_path / "empty.zip", [])
    with pytest.raises(CollectError, match="什么都没有"):
        collect(empty, A, course)


def test_zip_bomb_members_are_refused(course, tmp_path, monkeypatch):
    monkeypatch.setattr(collect_mod, "MAX_NOTEBOOK_BYTES", 10_000)
    bomb = notebook("x" * 1_000_000)
    zpath = make_zip(tmp_path / "bomb.zip", [("张三.ipynb", bomb, T1),
                                            ("李四.ipynb", notebook("ok"), T1)])
    assert zpath.stat().st_size < 20_000  # highly compressed: only the header tells
    report = collect(zpath, A, course)
    assert [(s.source, s.reason) for s in report.skipped] == [("张三.ipynb", "too_big")]
    assert submitted(course) == {"2024002": "ok"}
    assert not (course / "archive" / A / "2024001").exists()


def test_an_unknown_assignment_is_a_clear_error(course, tmp_path):
    zpath = make_zip(tmp_path / "h.zip", [("张三.ipynb", notebook("x"), T1)])
    with pytest.raises(CollectError, match="high-09-nope"):
        collect(zpath, "high-09-nope", course)


# --------------------------------------------------------------------------- re-collecting


def test_recollect_is_idempotent_and_never_deletes(course, tmp_path):
    first = make_zip(tmp_path / "first.zip", [
        ("张三.ipynb", notebook("张三 v1"), T2),
        ("李四.ipynb", notebook("李四 v2"), T2),
        ("陌生人.ipynb", notebook("?"), T2),
    ])
    collect(first, A, course)
    snapshot = tree(course)
    again = collect(first, A, course)
    assert tree(course) == snapshot
    assert {c.status for c in again.collected} == {"unchanged"}

    second = make_zip(tmp_path / "second.zip", [
        ("张三.ipynb", notebook("张三 v2"), T3),   # newer: replaces, old one archived
        ("李四.ipynb", notebook("李四 v1"), T1),   # older: archived only
    ])
    report = collect(second, A, course)
    statuses = {c.student_id: c.status for c in report.collected}
    assert statuses == {"2024001": "replaced", "2024002": "kept_existing"}
    assert submitted(course) == {"2024001": "张三 v2", "2024002": "李四 v2"}
    now = tree(course)
    assert set(snapshot) <= set(now)  # no file ever disappears
    kept = {marker(p) for p in (course / "archive" / A).rglob("*.ipynb")}
    assert {"张三 v1", "张三 v2", "李四 v1", "李四 v2"} <= kept
    stamp = (course / "submitted" / "2024001" / A / "timestamp.txt").read_text().strip()
    assert parse_utc(stamp) == local(T3).astimezone(UTC).replace(tzinfo=None)
    # and collecting the second zip again changes nothing either
    collect(second, A, course)
    assert tree(course) == now


def test_zip_times_follow_the_class_time_zone(course, tmp_path):
    zpath = make_zip(tmp_path / "h.zip", [("张三.ipynb", notebook("x"), (2024, 4, 8, 21, 58, 0))])
    report = collect(zpath, A, course, tz="Asia/Shanghai")
    stamp = (course / "submitted" / "2024001" / A / "timestamp.txt").read_text().strip()
    assert stamp == "2024-04-08 13:58:00.000000 UTC"
    assert report.collected[0].handed_in.utcoffset().total_seconds() == 8 * 3600


# --------------------------------------------------------------------------- the command


def test_cli_collects_into_a_course_made_by_course_init(tmp_path, monkeypatch):
    roster = tmp_path / "roster.csv"
    roster.write_bytes("学号,姓名\n2024001,张三\n2024002,李四\n".encode("gbk"))
    course = tmp_path / "class"
    init_course(course, lang="en", roster=roster, assignments=[A], kit=ROOT)
    release = (course / "release" / A / f"{NB}.ipynb").read_bytes()
    zpath = make_zip(tmp_path / "h.zip", [("作业/张三/screen-time.ipynb", release, T1, "gbk")])
    monkeypatch.chdir(course)
    result = CliRunner().invoke(main, ["collect", str(zpath), "--assignment", A])
    assert result.exit_code == 0, result.output
    assert "collected" in result.output and "No hand-in (1): 2024002 李四" in result.output
    assert (course / "submitted" / "2024001" / A / f"{NB}.ipynb").read_bytes() == release
    bad = CliRunner().invoke(main, ["collect", str(zpath), "-a", "nope"])
    assert bad.exit_code != 0 and "no assignment 'nope'" in bad.output
