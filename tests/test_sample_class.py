"""The bundled sample class: reproducible to the byte, as messy as a real class's hand-ins,
and its expected.json right about the scores the real nbgrader gives."""

from __future__ import annotations

import json
import re
import zipfile
from datetime import datetime

import nbformat
import pytest
from nbg import ROOT, make_course, nbgrader, scores

from suyang import sample_class
from suyang.sample_class import CATEGORIES, make_sample_class

FILES = ("roster.csv", "handins.zip", "expected.json", "README.md")


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return make_sample_class(tmp_path_factory.mktemp("sample") / "a", root=ROOT)


def entry_name(info: zipfile.ZipInfo) -> str:
    """An entry's real name: flagged UTF-8, else the GBK bytes zipfile read as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    return info.filename.encode("cp437").decode("gbk")


def entries(sample) -> dict[str, zipfile.ZipInfo]:
    with zipfile.ZipFile(sample.handins) as zf:
        return {entry_name(i): i for i in zf.infolist()}


def read_entry(sample, name: str) -> bytes:
    with zipfile.ZipFile(sample.handins) as zf:
        return zf.read(entries(sample)[name])


def test_same_seed_same_bytes(sample, tmp_path):
    again = make_sample_class(tmp_path / "b", root=ROOT)
    for name in FILES:
        assert (sample.out_dir / name).read_bytes() == (again.out_dir / name).read_bytes(), name
    other = make_sample_class(tmp_path / "c", seed=7, root=ROOT)
    assert other.roster.read_bytes() != sample.roster.read_bytes()


def test_roster_is_a_gbk_excel_export_of_a_simulated_class(sample):
    data = sample.roster.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    lines = data.decode("gbk").split("\r\n")
    assert lines[0] == "student_id,name,class" and lines[-1] == ""
    rows = [line.split(",") for line in lines[1:-1]]
    assert len(rows) >= 30
    ids, names = [r[0] for r in rows], [r[1] for r in rows]
    assert all(re.fullmatch(r"20240801\d\d", i) for i in ids) and ids[0] == "2024080101"
    assert len(set(names)) == len(names)
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n) for n in names)
    assert {r[2] for r in rows} == {sample_class.CLASS_NAME}
    readme = sample.readme.read_text("utf-8")
    assert "模拟数据" in readme and "Simulated" in readme and "20240401" in readme


def test_roster_reads_as_a_course_roster(sample):
    course = pytest.importorskip("suyang.course")
    roster = course.read_roster(sample.roster)
    assert [e.student_id for e in roster] == [s.id for s in sample.students]
    assert [e.name for e in roster] == [s.name for s in sample.students]


def test_the_zip_is_as_messy_as_a_real_class(sample):
    infos = entries(sample)
    record = json.loads(sample.expected.read_text("utf-8"))
    gbk = [n for n, i in infos.items() if not i.flag_bits & 0x800 and not n.isascii()]
    utf8 = [n for n, i in infos.items() if i.flag_bits & 0x800]
    assert gbk and utf8
    assert any(n.startswith("__MACOSX/") for n in infos)
    assert set(record["junk"]) <= set(infos)
    roster_names = {s.name for s in sample.students}
    for student in record["students"].values():
        assert all(f in infos for f in student["files"])
    dup = [s for s in record["students"].values() if s["category"] == "duplicate"]
    assert len(dup) == 1 and len(dup[0]["files"]) == 2
    older, newer = (infos[f] for f in dup[0]["files"])
    assert older.date_time < newer.date_time
    unknown = record["unmatched"][0]
    assert unknown["category"] == "unknown-name" and unknown["file"] in infos
    assert unknown["name"] not in roster_names and unknown["file"] in gbk
    styles = {"named": r".+_20240801\d\d_.+\.ipynb", "id": r"20240801\d\d\.ipynb",
              "folder": r"[^/_]+/screen-time\.ipynb"}
    for style, pattern in styles.items():
        assert any(re.fullmatch(pattern, n) for n in infos), style


def test_expected_json_covers_every_category(sample):
    record = json.loads(sample.expected.read_text("utf-8"))
    assert record["simulated"] is True and record["seed"] == 20240401
    seen = {s["category"] for s in record["students"].values()}
    seen |= {u["category"] for u in record["unmatched"]}
    assert seen == set(CATEGORIES)
    due = datetime.fromisoformat(record["due"])
    infos = entries(sample)
    for sid, student in record["students"].items():
        assert student["name"] == next(s.name for s in sample.students if s.id == sid)
        if student["category"] == "missing":
            assert not student["files"] and student["expected"] is None
            continue
        when = datetime(*infos[student["files"][-1]].date_time, tzinfo=due.tzinfo)
        assert (when > due) == (student["category"] == "late") == student["late"]
        gradable = student["category"] != "broken"
        assert (student["expected"] is not None) == gradable
        if gradable:
            assert set(student["expected"]) == set(record["max_points"])


def test_broken_hand_ins_are_broken_and_the_rest_are_notebooks(sample):
    record = json.loads(sample.expected.read_text("utf-8"))
    kinds = set()
    for student in record["students"].values():
        for name in student["files"]:
            data = read_entry(sample, name)
            if student["category"] == "broken":
                with pytest.raises(ValueError):
                    json.loads(data)
                kinds.add(student["answers"])
            else:
                nb = nbformat.reads(data.decode("utf-8"), as_version=4)
                assert nb.metadata["suyang"]["lang"] == "zh"
    assert kinds == {"invalid-json", "truncated"}


def _covering(record: dict) -> dict[str, tuple[str, dict]]:
    """A few hand-ins that between them use every invented answer the sample class holds.

    The answers of submissions.yaml are scored by test_assignments_nbgrader already.
    """
    candidates = {sid: (s["files"][-1], s["expected"], s) for sid, s in record["students"].items()
                  if s["expected"] is not None}
    unknown = record["unmatched"][0]
    candidates["unknown-name"] = (unknown["file"], unknown["expected"], unknown)

    def features(s: dict) -> set:
        # written answers all await the teacher: only 'left blank' or not matters here
        choices = {(c, o if c != "q6-newsletter" or o == "blank" else "written")
                   for c, o in (s.get("choices") or {}).items()}
        return choices  # submissions.yaml's own answer sets: test_assignments_nbgrader

    todo = set().union(*(features(c[2]) for c in candidates.values()))
    chosen = {}
    while todo:
        sid = max(sorted(candidates), key=lambda k: len(features(candidates[k][2]) & todo))
        todo -= features(candidates[sid][2])
        chosen[sid] = candidates.pop(sid)[:2]
    return chosen


def test_expected_scores_are_what_nbgrader_gives(sample, tmp_path):
    record = json.loads(sample.expected.read_text("utf-8"))
    chosen = _covering(record)
    assert 5 <= len(chosen) <= 12
    course = make_course(tmp_path, sample_class.ASSIGNMENT, record["lang"])
    nbgrader(course, "generate_assignment", sample_class.ASSIGNMENT, "--force")
    for sid, (name, _) in chosen.items():
        target = course / "submitted" / sid / sample_class.ASSIGNMENT / "screen-time.ipynb"
        target.parent.mkdir(parents=True)
        target.write_bytes(read_entry(sample, name))
    nbgrader(course, "autograde", sample_class.ASSIGNMENT, "--create", "--force")
    wrong = {sid: (want, got) for sid, (_, want) in chosen.items()
             if (got := scores(course, sample_class.ASSIGNMENT, "screen-time", sid)) != want}
    assert not wrong, wrong
