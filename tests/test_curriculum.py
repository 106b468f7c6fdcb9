"""The curriculum as a whole: enough lessons per track, every literacy dimension and every
compulsory-education IT module covered, a sensible order, and nothing written twice."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from suyang import standards
from suyang.catalog import entries
from suyang.notebooks import cell_lang

ROOT = Path(__file__).resolve().parents[1]
LESSONS = [e for e in entries(ROOT) if e["kind"] == "lesson"]
MINIMUM = {"primary": 7, "middle": 9}
STAGE_2_TO_4 = [c for c in standards.codes() if re.match(r"CN-CS2022-S[234]-", c)]
CJK = re.compile(r"[\u4e00-\u9fff]")


def by_level(level: str) -> list[dict]:
    return [e for e in LESSONS if e["level"] == level]


@pytest.mark.parametrize("level", sorted(MINIMUM))
def test_each_track_has_enough_lessons_covering_all_nine_dimensions(level):
    lessons = by_level(level)
    assert len(lessons) >= MINIMUM[level], [e["id"] for e in lessons]
    covered = {d for e in lessons for d in e["literacy"]}
    assert covered == set(standards.literacy_keys()), set(standards.literacy_keys()) - covered


def test_every_compulsory_module_from_stage_2_to_4_is_taught():
    assert len(STAGE_2_TO_4) == 10
    taught = {c for e in LESSONS if e["level"] in MINIMUM for c in e["standards"]}
    missing = [c for c in STAGE_2_TO_4 if c not in taught]
    assert not missing, missing


@pytest.mark.parametrize("lesson", LESSONS, ids=[e["id"] for e in LESSONS])
def test_lesson_metadata_plan_and_length(lesson):
    for field in ("id", "level", "grades", "title", "minutes", "objectives", "literacy",
                  "standards", "prerequisites", "datasets"):
        assert lesson[field] is not None, field
    assert 2 <= len(lesson["objectives"]["zh"]) <= 4
    if lesson["level"] in MINIMUM:
        assert 40 <= lesson["minutes"] <= 45
    plan = ROOT / Path(lesson["path"]).parent / "plan.md"
    text = plan.read_text("utf-8")
    assert CJK.search(text) and re.search(r"[A-Za-z]{4,} [A-Za-z]{3,}", text), plan
    assert len(text) > 1500, "a lesson plan has timings, what to say, misconceptions …"


def test_prerequisites_come_first_in_the_catalogue():
    order = [e["id"] for e in LESSONS]
    for e in LESSONS:
        for prereq in e["prerequisites"]:
            assert prereq in order, (e["id"], prereq)
            assert order.index(prereq) < order.index(e["id"]), (e["id"], prereq)


def _cells(path: str, kind: str) -> list[str]:
    nb = nbformat.read(ROOT / path, as_version=4)
    return [c.source.strip() for c in nb.cells
            if c.cell_type == kind and not (kind == "code" and cell_lang(c))]


def test_no_two_lessons_share_a_code_cell_or_an_explanation():
    seen: dict[str, list[str]] = defaultdict(list)
    for e in LESSONS:
        for src in _cells(e["path"], "code"):
            lines = [ln for ln in src.splitlines() if ln.strip()
                     and not ln.lstrip().startswith(("import ", "from ", "#"))]
            if len(lines) >= 3:
                seen["code:" + "\n".join(lines)].append(e["id"])
        for src in _cells(e["path"], "markdown"):
            if len(src) >= 160:
                seen["md:" + src].append(e["id"])
    shared = {k[:80]: v for k, v in seen.items() if len(set(v)) > 1}
    assert not shared, shared
