"""Every lesson runs in each language view in a real kernel: no error output, no missing
glyphs, every chart shown with alt text, and its widgets driven from code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from nbrun import GLYPH_WARNING, ROOT, run_view

LESSONS = sorted((ROOT / "curriculum").glob("*/*/*.ipynb"))
IMG = re.compile(r"<img\b[^>]*>")

# Per lesson: code run after the lesson in the same kernel, each cell printing one JSON
# value, and the values the lesson must compute. Widgets are driven, not just displayed.
DRIVE: dict[str, list[tuple[str, object]]] = {
    "middle-01-reading-tables": [
        ("import json\nthreshold_slider.value = 15\n"
         "print(json.dumps([last_result['warm_days'], warm_days_explorer.result]))", [7, 7]),
        ("threshold_slider.value = 18\nprint(json.dumps(last_result['warm_days']))", 1),
        ("column_picker.value = 'rain_mm'\nr = last_result['column']\n"
         "print(json.dumps([r['label'], r['max'], r['min'], r['missing']]))",
         {"zh": ["降水量 (mm)", 17.2, 0.0, 1], "en": ["Rainfall (mm)", 17.2, 0.0, 1]}),
        ("column_picker.value = 'aqi'\nprint(json.dumps(last_result['column']['mean']))", 65.4),
        ("source_quiz.radio.value = source_quiz.radio.options[1]\nsource_quiz.button.click()\n"
         "print(json.dumps(source_quiz.result.status))", "correct"),
        ("noodles_quiz.radio.value = noodles_quiz.radio.options[0]\nnoodles_quiz.button.click()\n"
         "print(json.dumps(noodles_quiz.result.status))", "anticipated"),
        ("print(json.dumps([days_warmer_than(10), days_warmer_than(20)]))", [21, 0]),
    ],
}


def _id(path: Path) -> str:
    return f"{path.parts[-3]}-{path.parent.name}"


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("lesson", LESSONS, ids=[_id(p) for p in LESSONS])
def test_lesson_runs_clean_and_its_widgets_respond(lesson, lang, tmp_path):
    drive = DRIVE.get(_id(lesson), [])
    run = run_view(lesson.relative_to(ROOT), lang, tmp_path, extra=[c for c, _ in drive])
    assert run.errors() == []
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
