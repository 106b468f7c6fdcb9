"""Part 2 of the curriculum: high school, vocational and seniors tracks."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from suyang.catalog import entries

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [e for e in entries(ROOT) if e["kind"] == "lesson"]
MINIMUM = {"high": 9, "vocational": 6, "seniors": 4}
TRACKS = ["primary", "middle", "high", "vocational", "seniors"]


@pytest.mark.parametrize("level", sorted(MINIMUM))
def test_enough_lessons_and_six_dimensions(level):
    lessons = [e for e in LESSONS if e["level"] == level]
    assert len(lessons) >= MINIMUM[level], [e["id"] for e in lessons]
    covered = {d for e in lessons for d in e["literacy"]}
    assert len(covered) >= 6, covered


@pytest.mark.parametrize("level", TRACKS)
def test_safety_and_ethics_in_every_track(level):
    covered = {d for e in LESSONS if e["level"] == level for d in e["literacy"]}
    assert {"safety", "ethics"} <= covered, covered


SENIORS = [e for e in LESSONS if e["level"] == "seniors"]


@pytest.mark.parametrize("lesson", SENIORS, ids=[e["id"] for e in SENIORS])
def test_seniors_lessons_are_large_print_and_need_no_typing(lesson):
    assert lesson.get("large_print") is True
    nb = nbformat.read(ROOT / lesson["path"], as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    assert any("large_print=True" in src for src in code[:3])
    assert not any("= ..." in src or "(...)" in src or ", ...)" in src for src in code), \
        "a seniors lesson asks for no typed answers"
