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
    assert assignment["lessons"] == ["middle-01-reading-tables"]


def test_csv_and_table(run):
    rows = list(csv.DictReader(io.StringIO(run("--format", "csv", "--lang", "en"))))
    assert {r["id"] for r in rows} >= {"middle-01-reading-tables", "middle-01-screen-time"}
    assert all(r["title"] and r["minutes"] for r in rows)
    table = run("--lang", "zh")
    assert "素养 课程目录" in table and "middle-01-screen-time" in table
