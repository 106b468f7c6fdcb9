"""Instant formative checks for lessons: ``check``, ``hint`` and ``solution``.

Questions are declared next to the lesson in ``checks.yaml`` (learntools-style: the
expected answer, the anticipated mistakes with their own feedback, graded hints and a
worked solution, each in every language). The library does the comparing and the
talking, so every lesson answers a learner in the same voice, and a wrong answer that a
teacher foresaw gets the explanation the teacher wrote for it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import i18n

KINDS = ("value", "number", "choice", "set", "sequence", "text")
_questions: dict[str, Question] = {}
_hint_level: dict[str, int] = {}


@dataclass
class Question:
    """One declared question. ``answer`` and texts may be ``{lang: …}`` mappings."""

    id: str
    kind: str
    answer: Any
    hints: list[Any] = field(default_factory=list)
    solution: Any = None
    explain: Any = None
    wrong: list[dict[str, Any]] = field(default_factory=list)
    tolerance: float = 1e-6
    options: Any = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(i18n.t("check.bad_kind", id=self.id, kind=self.kind,
                                    kinds=", ".join(KINDS)))
        if not self.hints or self.solution is None:
            raise ValueError(i18n.t("check.incomplete", id=self.id))


@dataclass
class CheckResult:
    """What ``check`` found; shows itself as coloured feedback and is truthy when right."""

    question: str
    status: str  # correct | wrong | anticipated | unanswered | type
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def __bool__(self) -> bool:
        return self.correct

    def _repr_markdown_(self) -> str:
        icon = {"correct": "✅", "unanswered": "✏️"}.get(self.status, "❌")
        return f"{icon} {self.message}"

    def __repr__(self) -> str:
        return f"{self._repr_markdown_()}"


def register(question: Question) -> Question:
    _questions[question.id] = question
    _hint_level.pop(question.id, None)
    return question


def load(path: str | Path = "checks.yaml") -> list[str]:
    """Register every question declared in a lesson's YAML file; return their ids."""
    data = yaml.safe_load(Path(path).read_text("utf-8")) or {}
    for qid, spec in data.items():
        register(Question(id=qid, **spec))
    return list(data)


def question(qid: str) -> Question:
    if qid not in _questions:
        raise KeyError(i18n.t("check.unknown", id=qid))
    return _questions[qid]


# ---------------------------------------------------------------- comparing answers
def _is_unanswered(answer: Any) -> bool:
    return answer is Ellipsis or answer is None or (isinstance(answer, str) and not answer.strip())


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if not math.isnan(number) else None


def _norm_text(value: Any) -> str:
    return " ".join(str(value).strip().lower().split())


def _as_list(value: Any) -> list[Any] | None:
    if isinstance(value, (str, bytes, Mapping)):
        return None
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (Sequence, set, frozenset)):
        return list(value)
    return None


def _same(kind: str, answer: Any, expected: Any, tol: float) -> bool:
    """Does ``answer`` match ``expected`` for this kind of question?"""
    if kind == "number":
        if isinstance(answer, str):
            return False  # "12.5" in quotes is text; _type_slip names the slip
        a, e = _as_number(answer), _as_number(expected)
        return a is not None and e is not None and math.isclose(a, e, rel_tol=0, abs_tol=tol)
    if kind in ("text", "choice"):
        options = expected if isinstance(expected, list) else [expected]
        return _norm_text(answer) in {_norm_text(o) for o in options}
    if kind in ("set", "sequence"):
        got = _as_list(answer)
        if got is None:
            return False
        want = list(expected)
        if kind == "set":
            return sorted(map(_norm_text, got)) == sorted(map(_norm_text, want))
        return [_norm_text(x) for x in got] == [_norm_text(x) for x in want]
    return answer == expected or _norm_text(answer) == _norm_text(expected)


def _type_slip(q: Question, answer: Any, lang: str) -> str | None:
    """Name the likely slip when the answer is the wrong kind of thing."""
    if q.kind == "number":
        if isinstance(answer, str) and _as_number(answer) is not None:
            return i18n.t("check.number_in_quotes", lang)
        if hasattr(answer, "shape") and getattr(answer, "ndim", 0) >= 1:
            return i18n.t("check.got_column", lang)
        if _as_number(answer) is None:
            return i18n.t("check.want_number", lang, got=type(answer).__name__)
    if q.kind in ("set", "sequence") and _as_list(answer) is None:
        return i18n.t("check.want_list", lang, got=type(answer).__name__)
    return None


def _words(key: str, widget: bool) -> str:
    """A widget's learner clicks, never types or runs: its own wording of ``key``
    ("choose an answer", "press 💡") where the catalogue has one."""
    return f"check.widget.{key.removeprefix('check.')}" if widget else key


def evaluate(qid: str, answer: Any, lang: str | None = None, widget: bool = False
             ) -> CheckResult:
    """Judge an answer without displaying anything (tests and widgets use this).

    ``widget``: the answer came from a widget, so the advice speaks of buttons."""
    lang = i18n.normalise_lang(lang) if lang else i18n.get_lang()
    q = question(qid)
    if _is_unanswered(answer):
        return CheckResult(qid, "unanswered", i18n.t(_words("check.unanswered", widget), lang))
    expected = i18n.pick(q.answer, lang)
    if _same(q.kind, answer, expected, q.tolerance):
        praise = i18n.t("check.correct", lang)
        extra = i18n.pick(q.explain, lang) if q.explain else ""
        return CheckResult(qid, "correct", f"{praise} {extra}".strip())
    for slip in q.wrong:
        if _same(q.kind, answer, i18n.pick(slip["answer"], lang), q.tolerance):
            return CheckResult(qid, "anticipated", i18n.pick(slip["feedback"], lang))
    slip_msg = _type_slip(q, answer, lang)
    if slip_msg:
        return CheckResult(qid, "type", slip_msg)
    return CheckResult(qid, "wrong", i18n.t(_words("check.wrong", widget), lang, id=qid))


def check(qid: str, answer: Any) -> CheckResult:
    """Check a learner's answer; the result displays itself as feedback."""
    return evaluate(qid, answer)


@dataclass
class Text:
    """Markdown text that displays itself (hints and solutions)."""

    text: str

    def _repr_markdown_(self) -> str:
        return self.text

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


def hint(qid: str, level: int | None = None, widget: bool = False) -> Text:
    """The next hint for a question (a nudge first, then more), or a given level (1-based)."""
    q = question(qid)
    lang = i18n.get_lang()
    if level is None:
        level = _hint_level.get(qid, 0) + 1
        _hint_level[qid] = min(level, len(q.hints))
    if level > len(q.hints):
        return Text(i18n.t(_words("check.no_more_hints", widget), lang, id=qid))
    prefix = i18n.t("check.hint_prefix", lang, n=level, total=len(q.hints))
    return Text(f"💡 **{prefix}** {i18n.pick(q.hints[level - 1], lang)}")


def solution(qid: str) -> Text:
    """The worked solution, to read after trying."""
    q = question(qid)
    lang = i18n.get_lang()
    return Text(f"📖 **{i18n.t('check.solution_prefix', lang)}**\n\n{i18n.pick(q.solution, lang)}")


def help_buttons(qid: str) -> Any:
    """'💡 Hint' (the next hint at each click, a nudge first) and '📖 Solution' buttons.

    Young learners should not have to type ``hint("…")``; every primary answer box carries
    these. The box exposes ``hint_button``, ``solution_button`` and ``out`` for tests.
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    hint_button = widgets.Button(description=i18n.t("check.hint_button"))
    solution_button = widgets.Button(description=i18n.t("check.solution_button"))
    out = widgets.Output()

    def show_text(text: Any) -> None:
        out.clear_output()
        with out:
            display(Markdown(str(text)))

    hint_button.on_click(lambda _: show_text(hint(qid, widget=True)))
    solution_button.on_click(lambda _: show_text(solution(qid)))
    box = widgets.VBox([widgets.HBox([hint_button, solution_button]), out])
    box.hint_button, box.solution_button, box.out = hint_button, solution_button, out
    return box


def _judge(box: Any, out: Any, qid: str, answer: Any) -> None:
    """A check widget's button: judge the answer, keep it on ``box.result``, show it."""
    from IPython.display import Markdown, display

    box.result = evaluate(qid, answer, widget=True)
    out.clear_output()
    with out:
        display(Markdown(box.result._repr_markdown_()))


def choice_widget(qid: str, options: Sequence[Any] | None = None, help: bool = False) -> Any:
    """Radio buttons and a 'check' button for a multiple-choice question.

    Options are taken from the question's declaration (``options: {zh: […], en: […]}``)
    unless given. The box keeps its last result in ``.result`` so tests can drive it.
    """
    import ipywidgets as widgets

    q = question(qid)
    labels = list(options if options is not None else i18n.pick(q.options, None) or [])
    radio = widgets.RadioButtons(options=labels, value=None, layout={"width": "max-content"})
    button = widgets.Button(description=i18n.t("check.button"), button_style="primary",
                            icon="check")
    out = widgets.Output()
    box = widgets.VBox([radio, button, out])
    box.result = None

    button.on_click(lambda _: _judge(box, out, qid, radio.value))
    box.radio, box.button = radio, button
    if help:
        box.help = help_buttons(qid)
        box.children = (*box.children, box.help)
    return box


def text_widget(qid: str, help: bool = True, label: Any = None) -> Any:
    """A labelled text box and a 'check' button for a typed answer (Enter checks too).

    Where typing is the skill being taught, the app view still needs no code cell: the
    learner types into the box. The box keeps its last result in ``.result``; ``.text``,
    ``.button`` and ``.out`` are exposed for tests.
    """
    import ipywidgets as widgets

    question(qid)  # an unknown id fails now, where the lesson is written
    description = i18n.pick(label, None) if label else i18n.t("check.answer_label")
    text = widgets.Text(description=description, placeholder=i18n.t("check.type_here"),
                        style={"description_width": "initial"},
                        layout={"width": "min(32em, 100%)"})
    button = widgets.Button(description=i18n.t("check.button"), button_style="primary",
                            icon="check")
    out = widgets.Output()
    box = widgets.VBox([widgets.HBox([text, button]), out])
    box.result = None

    button.on_click(lambda _: _judge(box, out, qid, text.value))
    text.on_submit(lambda _: _judge(box, out, qid, text.value))
    box.text, box.button, box.out = text, button, out
    if help:
        box.help = help_buttons(qid)
        box.children = (*box.children, box.help)
    return box


def note_box(label: Any = None, placeholder: Any = None, rows: int = 4) -> Any:
    """A labelled text area for a written reflection that is not checked.

    Replaces "double-click the cell below and write": the words stay in the learner's
    kernel (nothing is sent or saved), which is what a reflection to share aloud needs.
    ``.area`` is the text area.
    """
    import ipywidgets as widgets

    description = i18n.pick(label, None) if label else i18n.t("check.note_label")
    hint_text = i18n.pick(placeholder, None) if placeholder else i18n.t("check.type_here")
    area = widgets.Textarea(description=description, placeholder=hint_text, rows=rows,
                            style={"description_width": "initial"},
                            layout={"width": "min(40em, 100%)"})
    box = widgets.VBox([area])
    box.area = area
    return box
