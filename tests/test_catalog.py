"""``suyang catalog``: every notebook with all of its metadata, in three formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from suyang.catalog import FIELDS
from suyang.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)

    def invoke(*args):
        result = CliRunner().invoke(main, ["catalog", *args])
        assert result.exit_code == 0, result.output
        return result.output
    return invoke


def test_json_lists_lesson_and_assignment_with_all_metadata(run):
    rows = json.loads(run("--format", "json"))
    kinds = {r["kind"] for r in rows}
    assert kinds == {"lesson", "assignment"}
    ids = {r["id"] for r in rows}
    assert {"middle-01-reading-tables", "middle-01-screen-time"} <= ids
    for row in rows:
        for field in ("kind", "path", *FIELDS):
            assert row.get(field) is not None, (row["path"], field)
        assert (ROOT / row["path"]).is_file()
        assert set(row["title"]) >= {"zh", "en"}
        assert len(row["objectives"]["zh"]) == len(row["objectives"]["en"])
    assignment = next(r for r in rows if r["id"] == "middle-01-screen-time")
    assert assignment["points"] == 10
    assert assignment["lessons"] == ["middle-01-reading-tables", "middle-02-averages-and-charts"]
    assert {q["grade_id"]: q["objective"] for q in assignment["questions"]}["q2-test"] == \
        "middle-02-averages-and-charts/1"


def test_csv_and_table(run):
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv", "--lang", "en"))))
    assert {r["id"] for r in rows} >= {"middle-01-reading-tables", "middle-01-screen-time"}
    assert all(r["title"] and r["minutes"] for r in rows)
    table = run("--lang", "zh")
    assert "素养 课程目录" in table and "middle-01-screen-time" in table


def test_every_track_has_its_graded_assignments(run):
    """≥ 3 primary, 4 middle, 5 high, 3 vocational and 1 seniors self-check, each listed
    with its points, minutes and the lesson objectives its questions assess."""
    rows = [r for r in json.loads(run("--format", "json")) if r["kind"] == "assignment"]
    per_level = {}
    for r in rows:
        per_level[r["level"]] = per_level.get(r["level"], 0) + 1
    assert len(rows) >= 16, per_level
    for level, least in {"primary": 3, "middle": 4, "high": 5, "vocational": 3,
                         "seniors": 1}.items():
        assert per_level.get(level, 0) >= least, per_level
    for r in rows:
        assert r["points"] > 0 and r["points"] % 5 == 0 and r["minutes"] > 0, r["id"]
        assert r["assessed"], r["id"]
        for q in r["questions"]:
            assert q["objective_text"]["zh"] and q["objective_text"]["en"], (r["id"], q)
            assert q["literacy"], (r["id"], q)
        assert sum(q["points"] for q in r["questions"]) == r["points"]
    table = run("--assignments", "--lang", "en")
    for r in rows:
        assert r["id"] in table
    assert "Lesson objective assessed" in table and "teacher" in table
