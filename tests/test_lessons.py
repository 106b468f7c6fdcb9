"""Every lesson runs in each language view in a real kernel: no error output, no missing
glyphs, every chart shown with alt text, and its widgets driven from code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from nbrun import GLYPH_WARNING, ROOT, run_view

LESSONS = sorted((ROOT / "curriculum").glob("*/*/*.ipynb"))
IMG = re.compile(r"<img\b[^>]*>")

DRIVE_DIR = ROOT / "tests" / "lessons"  # per lesson: <id>.yaml, steps that drive its widgets


def drive_steps(lesson_id: str) -> list[tuple[str, object]]:
    """The lesson's widget-driving steps: code run after the lesson, and what it prints."""
    path = DRIVE_DIR / f"{lesson_id}.yaml"
    if not path.is_file():
        return []
    steps = yaml.safe_load(path.read_text("utf-8")) or []
    return [("import json\n" + s["code"], s["expect"]) for s in steps]


def test_every_lesson_drives_its_widgets():
    for lesson in LESSONS:
        assert drive_steps(_id(lesson)), f"{_id(lesson)}: add tests/lessons/{_id(lesson)}.yaml"


def _id(path: Path) -> str:
    return f"{path.parts[-3]}-{path.parent.name}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("lesson", LESSONS, ids=[_id(p) for p in LESSONS])
def test_lesson_runs_clean_and_its_widgets_respond(lesson, lang, tmp_path):
    drive = drive_steps(_id(lesson))
    run = run_view(lesson.relative_to(ROOT), lang, tmp_path, extra=[c for c, _ in drive])
    assert run.errors() == []
    assert run.callback_errors == [], "a widget callback raised (see its Output widget)"
    assert GLYPH_WARNING not in run.stderr()
    outputs = [o for c in run.nb.cells for o in c.get("outputs", [])]
    bare_images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert not bare_images, "a chart was shown without alt text: use suyang.plotting.show"
    images = [tag for o in outputs for tag in IMG.findall(o.get("data", {}).get("text/html", ""))]
    assert images, "a lesson should show at least one chart"
    for tag in images:
        assert re.search(r'alt="[^"]{8,}"', tag), tag[:120]
    for index, (_, expected) in enumerate(drive):
        value = run.value(index)
        if isinstance(expected, dict) and lang in expected:
            expected = expected[lang]
        assert value == expected, (drive[index][0], value, expected)
