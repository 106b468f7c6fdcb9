"""Instant checks: every declared question accepts its answer in each language and meets
each anticipated mistake with the feedback written for it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from suyang import check, i18n

ROOT = Path(__file__).resolve().parents[1]
CHECK_FILES = sorted((ROOT / "curriculum").glob("*/*/checks.yaml"))
CASES = [(f, qid) for f in CHECK_FILES for qid in yaml.safe_load(f.read_text("utf-8"))]


def test_every_lesson_declares_at_least_three_checks():
    lessons = sorted((ROOT / "curriculum").glob("*/*/*.ipynb"))
    assert lessons, "no lessons found"
    for nb in lessons:
        checks = nb.parent / "checks.yaml"
        assert checks.is_file(), f"{nb} has no checks.yaml"
        assert len(yaml.safe_load(checks.read_text("utf-8"))) >= 3, nb


@pytest.mark.parametrize("path,qid", CASES, ids=[f"{p.parent.name}:{q}" for p, q in CASES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_right_answer_accepted_and_typical_mistakes_get_their_feedback(path, qid, lang):
    check.load(path)
    q = check.question(qid)
    right = i18n.pick(q.answer, lang)
    if q.kind in ("choice", "text") and isinstance(right, list):
        right = right[0]
    result = check.evaluate(qid, right, lang)
    assert result.correct, result.message
    assert q.wrong, f"{qid}: declare at least one anticipated wrong answer"
    for slip in q.wrong:
        result = check.evaluate(qid, i18n.pick(slip["answer"], lang), lang)
        assert result.status == "anticipated", (slip, result)
        assert result.message == i18n.pick(slip["feedback"], lang)
    assert check.evaluate(qid, ..., lang).status == "unanswered"
    # hints come in order, then say they have run out; the solution is in the language
    i18n.set_lang(lang)
    try:
        check.register(q)  # resets the hint counter
        for n in range(1, len(q.hints) + 1):
            assert i18n.pick(q.hints[n - 1], lang) in str(check.hint(qid))
        assert "solution(" in str(check.hint(qid))
        assert i18n.pick(q.solution, lang).strip()[:20] in str(check.solution(qid))
    finally:
        i18n.set_lang(None)


def _q(**kw):
    base = {"id": "q", "kind": "number", "answer": 12.5, "hints": ["h"], "solution": "s"}
    return check.register(check.Question(**{**base, **kw}))


def test_number_slips_are_named():
    _q(tolerance=0.05)
    assert check.evaluate("q", 12.52, "en").correct
    assert check.evaluate("q", "12.5", "en").status == "type"
    assert "quotes" in check.evaluate("q", "12.5", "en").message
    import pandas as pd

    assert ".mean()" in check.evaluate("q", pd.Series([1.0, 2.0]), "en").message
    assert check.evaluate("q", 13, "zh").status == "wrong"


def test_set_sequence_and_text_kinds():
    _q(kind="set", answer=["a", "b"])
    assert check.evaluate("q", ["b", "a"], "en").correct
    assert check.evaluate("q", "ab", "en").status == "type"
    _q(kind="sequence", answer=[1, 2, 3])
    assert not check.evaluate("q", [3, 2, 1], "en").correct
    _q(kind="text", answer={"zh": ["周四", "星期四"], "en": ["Thu", "Thursday"]})
    assert check.evaluate("q", " thursday ", "en").correct
    assert check.evaluate("q", "星期四", "zh").correct


def test_declarations_are_validated():
    with pytest.raises(ValueError):
        check.Question(id="bad", kind="guess", answer=1, hints=["h"], solution="s")
    with pytest.raises(ValueError):
        check.Question(id="bad", kind="number", answer=1, hints=[], solution="s")


def test_unknown_question_tells_what_to_do():
    i18n.set_lang("en")
    try:
        with pytest.raises(KeyError, match="setup"):
            check.evaluate("never-declared", 1)
    finally:
        i18n.set_lang(None)


def test_choice_widget_records_its_result():
    check.register(check.Question(id="w", kind="choice", answer={"zh": "柱形图", "en": "Bar"},
                                  options={"zh": ["柱形图", "饼图"], "en": ["Bar", "Pie"]},
                                  hints=["h"], solution="s"))
    i18n.set_lang("zh")
    try:
        box = check.choice_widget("w")
        assert list(box.radio.options) == ["柱形图", "饼图"]
        box.radio.value = "饼图"
        box.button.click()
        assert box.result.status == "wrong"
        box.radio.value = "柱形图"
        box.button.click()
        assert box.result.correct
    finally:
        i18n.set_lang(None)
