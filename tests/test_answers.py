"""Click-to-answer widgets: the answer is recorded in the cell's own source, so it
survives saving and re-execution. The rewrite is tested on its own, through a real
kernel's ``set_next_input`` payload, and in grading mode (no widgets at all)."""

from __future__ import annotations

import pytest

from suyang import answers, i18n
from suyang.answers import format_value, recorded_answers, rewrite_source


@pytest.mark.parametrize("source, value, expected", [
    ('q1 = choose("q1", {"a": "三只", "b": "四只"})',
     "b", 'q1 = choose("q1", {"a": "三只", "b": "四只"}, answer="b")'),
    ('q1 = choose("q1", {"a": "三只", "b": "四只"}, answer="a")  # 点一个',
     "b", 'q1 = choose("q1", {"a": "三只", "b": "四只"}, answer="b")  # 点一个'),
    ('q3 = number("q3", 0, 20)', 7, 'q3 = number("q3", 0, 20, answer=7)'),
    ('q2 = choose_many("q2", {\n    "a": "姓名",\n    "b": "爱好",\n})',
     ["a"], 'q2 = choose_many("q2", {\n    "a": "姓名",\n    "b": "爱好",\n}, answer=["a"])'),
    ('q4 = grid("q4", 2, 3)', ["010", "111"], 'q4 = grid("q4", 2, 3, answer=["010", "111"])'),
    ('x = answers.order("q5", {"b": "乙", "a": "甲"},)\nprint(x)', ["a", "b"],
     'x = answers.order("q5", {"b": "乙", "a": "甲"}, answer=["a", "b"])\nprint(x)'),
])
def test_rewrite_adds_or_replaces_only_the_answer(source, value, expected):
    assert rewrite_source(source, source.split('"')[1], value) == expected
    assert recorded_answers(expected) == {source.split('"')[1]: value}


def test_rewrite_leaves_other_questions_and_broken_cells_alone():
    two = 'a = choose("q1", ["x", "y"])\nb = choose("q2", ["x", "y"])'
    assert rewrite_source(two, "q2", "y") == \
        'a = choose("q1", ["x", "y"])\nb = choose("q2", ["x", "y"], answer="y")'
    assert rewrite_source("q1 = choose(", "q1", "a") is None
    assert rewrite_source('q1 = choose("q9", ["a"])', "q1", "a") is None
    assert recorded_answers("q1 = choose(") == {}


def test_values_are_written_as_a_pupil_can_read_them():
    assert format_value("四只") == '"四只"'
    assert format_value(3) == "3" and format_value(2.5) == "2.5"
    assert format_value(["a", 1]) == '["a", 1]'
    with pytest.raises(TypeError):
        format_value({"a": 1})


def test_grading_mode_returns_the_recorded_answer_without_widgets(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    i18n.set_lang("zh")
    assert answers.choose("q1", {"a": "三只", "b": "四只"}, answer="b") == "b"
    assert "四只" in capsys.readouterr().out
    assert answers.choose("q1", {"a": "三只", "b": "四只"}) is None
    assert answers.number("q3", 0, 20, answer=7) == 7
    assert answers.grid("q4", 1, 2, answer=["01"]) == ["01"]


def test_require_answer_says_what_to_do_next(monkeypatch):
    monkeypatch.setattr(answers, "_pending", {})
    i18n.set_lang("en")
    with pytest.raises(AssertionError, match="No variable called `q1`"):
        answers.require_answer("q1", {})
    with pytest.raises(AssertionError, match="no answer yet"):
        answers.require_answer("q1", {"q1": None})
    answers._pending["q1"] = "b"
    with pytest.raises(AssertionError, match="not recorded yet"):
        answers.require_answer("q1", {"q1": None})
    assert answers.require_answer("q1", {"q1": "b"}) == "b"
    i18n.set_lang("zh")
    with pytest.raises(AssertionError, match="还没有记下来"):
        answers.require_answer("q1", {"q1": None})


def test_a_real_kernel_rewrites_the_cell_after_a_click():
    """The payload JupyterLab applies to the running cell (replace=True): first run shows
    the widget and records nothing; after a click the second run records the answer;
    the rewritten cell, run again, keeps it and asks for no further rewrite."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        cell = ('from suyang.answers import choose\n'
                'q1 = choose("q1", {"a": "三只", "b": "四只"})  # 点一个')

        def run(code):
            reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: None)
            assert reply["content"]["status"] == "ok", reply["content"]
            return reply["content"].get("payload", [])

        assert run(cell) == []
        # what the widget's observer does when the pupil clicks "四只"
        run('import suyang.answers as _a\n'
            '_a._pending["q1"] = "b"')
        payload = run(cell)
        assert payload == [{"source": "set_next_input", "replace": True, "text":
                            'from suyang.answers import choose\n'
                            'q1 = choose("q1", {"a": "三只", "b": "四只"}, answer="b")  # 点一个'}]
        assert run(payload[0]["text"]) == []
        run("assert q1 == 'b'")
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_explain_shows_what_each_chosen_option_means():
    """``explain=`` says under the widget, once chosen, whether that choice was safe and why
    (the seniors self-check); in grading mode nothing changes."""
    i18n.set_lang("en")
    labels = {"a": "Send half", "b": "Hang up", "c": "Read the code"}
    why = {"a": {"zh": "⚠️ 不稳妥", "en": "⚠️ Not safe: money sent is gone"},
           "b": "✅ Safe: real police never ask for money", "c": {"zh": "⚠️", "en": "⚠️ No <codes>"}}
    assert answers._why_html(None, labels, why) == ""
    one = answers._why_html("a", labels, why)
    assert "Send half" in one and "money sent is gone" in one and "Hang up" not in one
    many = answers._why_html(["c", "b"], labels, why)
    assert many.index("Hang up") < many.index("Read the code") and "&lt;codes&gt;" in many
    import ipywidgets as widgets

    seen, inner = [], {}

    def plain(start, changed):  # stands for the radio buttons: keeps how to report a choice
        inner["changed"] = changed
        return widgets.Label("options")

    build = answers._explained(plain, labels, why)
    box = build(None, seen.append)
    assert box.why.value == ""
    inner["changed"]("b")  # the learner chooses b
    assert seen == ["b"] and "Safe: real police" in box.why.value
    assert answers._explained(plain, labels, None) is plain


def test_explain_is_silent_when_grading(monkeypatch, capsys):
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    i18n.set_lang("zh")
    assert answers.choose("q1", {"a": "三只", "b": "四只"}, answer="b",
                          explain={"b": "✅ 对"}) == "b"
    assert answers.choose_many("q2", {"a": "甲", "b": "乙"}, answer=["a"],
                               explain={"a": "⚠️"}) == ["a"]
    assert "✅" not in capsys.readouterr().out


def test_current_is_the_latest_click_else_the_recorded_answer(monkeypatch):
    monkeypatch.setattr(answers, "_pending", {})
    assert answers.current("q1", {}) is None
    assert answers.current("q1", {"q1": "a"}) == "a"
    answers._pending["q1"] = "c"
    assert answers.current("q1", {"q1": "a"}) == "c"
