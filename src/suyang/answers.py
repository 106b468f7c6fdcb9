"""Widget answers that survive saving the notebook and its re-execution by the grader.

A primary pupil answers by clicking, but a widget's state lives in the browser: when
nbgrader (or ``suyang grade``) re-runs the saved notebook, every widget is created again
with its default and the click is gone. So the confirmed answer is written into the
notebook itself, as source code in the answer cell:

1. The released answer cell holds one call, e.g. ``q1 = choose("q1", {...})``. Running
   it shows the widget and defines ``q1 = None``.
2. The pupil clicks an option. The widget says: "now run this cell once more".
3. Running the cell again sees the new choice and rewrites the cell's own source through
   IPython's ``set_next_input(replace=True)`` payload (JupyterLab replaces the cell's
   text), so it now reads ``q1 = choose("q1", {...}, answer="b")`` and ``q1 == "b"``.
4. The pupil saves. Re-executed by the grader, the call returns ``"b"`` with no widget
   and no browser: the answer is the code.

A pupil therefore never types; a teacher can read every answer in the hand-in; and a
pupil who clicked but forgot step 3 is told so by the visible test
(:func:`require_answer`).
"""

from __future__ import annotations

import ast
import html
import json
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from . import i18n

ANSWER_FUNCTIONS = ("choose", "choose_many", "number", "grid", "order")
Options = Mapping[str, str] | Sequence[str]

# A pupil's latest click per question, in this kernel: it becomes the recorded answer
# at the next run of the answer cell.
_pending: dict[str, Any] = {}


# ------------------------------------------------------------------ recording in source
def format_value(value: Any) -> str:
    """Python source for an answer value, as a pupil can read it ("b", 7, ["a", "c"])."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    raise TypeError(f"cannot record an answer of type {type(value).__name__}")


def _offset(lines: list[str], lineno: int, col: int) -> int:
    """Character offset of an ast (1-based line, utf-8 byte column) position."""
    line = lines[lineno - 1]
    return sum(len(x) for x in lines[:lineno - 1]) + len(line.encode("utf-8")[:col].decode("utf-8"))


def _answer_call(tree: ast.AST, qid: str) -> ast.Call | None:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        first = node.args[0]
        if name in ANSWER_FUNCTIONS and isinstance(first, ast.Constant) and first.value == qid:
            return node
    return None


def rewrite_source(source: str, qid: str, value: Any) -> str | None:
    """``source`` with the answer call for ``qid`` carrying ``answer=value``.

    Only the ``answer=`` argument changes (added or replaced); the rest of the cell,
    comments included, is kept. ``None`` when the cell holds no such call.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    call = _answer_call(tree, qid)
    if call is None:
        return None
    lines = source.splitlines(keepends=True)
    text = format_value(value)
    for kw in call.keywords:
        if kw.arg == "answer":
            start = _offset(lines, kw.value.lineno, kw.value.col_offset)
            end = _offset(lines, kw.value.end_lineno or kw.value.lineno,
                          kw.value.end_col_offset or 0)
            return source[:start] + text + source[end:]
    close = _offset(lines, call.end_lineno or call.lineno, call.end_col_offset or 0) - 1
    inside = source[:close].rstrip()
    sep = " " if inside.endswith(",") else ", "
    return inside + sep + f"answer={text}" + source[close:]


def recorded_answers(source: str) -> dict[str, Any]:
    """{question id: recorded answer} of every answer call in a cell's source."""
    found: dict[str, Any] = {}
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return found
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in ANSWER_FUNCTIONS:
                continue
            for kw in node.keywords:
                if kw.arg == "answer":
                    try:
                        found[str(node.args[0].value)] = ast.literal_eval(kw.value)
                    except ValueError:
                        pass
    return found


def _grading() -> bool:
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def in_app_view() -> bool:
    """Is this kernel behind the app view (Voilà)? Its kernels get Voilà's variables.

    There no cell is run a second time: a click is the answer, and the "交作业 / Hand in"
    button (:mod:`suyang.handin`) records every answer in the notebook at once.
    """
    return "VOILA_BASE_URL" in os.environ or "VOILA_KERNEL_ID" in os.environ


def _say(key: str, **values: Any) -> str:
    """A message in the words of the view the learner is in (app or notebook)."""
    app_key = key.replace("answers.", "answers.app.", 1)
    if in_app_view() and i18n.has(app_key):
        return i18n.t(app_key, **values)
    return i18n.t(key, **values)


def _shell() -> Any:
    ip = sys.modules.get("IPython")
    return ip.get_ipython() if ip is not None else None


def _record(qid: str, value: Any) -> bool:
    """Rewrite the running cell so that it carries ``value``; False outside a notebook."""
    shell = _shell()
    if shell is None or not hasattr(shell, "set_next_input"):
        return False
    raw = shell.history_manager.input_hist_raw[-1] if shell.history_manager else ""
    new = rewrite_source(raw, qid, value)
    if new is None:
        return False
    if new != raw:
        shell.set_next_input(new, replace=True)
    return True


# ------------------------------------------------------------------ the shared flow
def _labels(options: Options) -> dict[str, str]:
    if isinstance(options, Mapping):
        return {str(k): str(v) for k, v in options.items()}
    return {str(v): str(v) for v in options}


def _show_value(value: Any, labels: Mapping[str, str] | None) -> str:
    if labels is None:
        return format_value(value) if not isinstance(value, str) else value
    if isinstance(value, list):
        return "、".join(labels.get(v, v) for v in value) if i18n.get_lang() == "zh" \
            else ", ".join(labels.get(v, v) for v in value)
    return labels.get(value, str(value))


def _ask(qid: str, answer: Any, build: Callable[[Any, Callable[[Any], None]], Any],
         labels: Mapping[str, str] | None = None) -> Any:
    """Show the widget (or not, when grading) and return the answer in force."""
    if _grading():
        # re-executed by a grader: the recorded answer is the answer; no browser, no widget
        print(i18n.t("answers.graded", id=qid,
                     value=_show_value(answer, labels) if answer is not None
                     else i18n.t("answers.none")))
        return answer
    recorded = answer
    note = ""
    if qid in _pending and _pending[qid] != answer:
        if _record(qid, _pending[qid]):
            recorded = _pending[qid]
            note = i18n.t("answers.recorded", value=_show_value(recorded, labels))
    elif answer is not None:
        note = _say("answers.kept", value=_show_value(answer, labels))
    else:
        note = _say("answers.how")
    import ipywidgets as widgets
    from IPython.display import display

    status = widgets.HTML(f"<b>{note}</b>")

    def changed(value: Any) -> None:
        _pending[qid] = value
        if value == recorded:
            status.value = f"<b>{_say('answers.kept', value=_show_value(value, labels))}</b>"
        else:
            status.value = "<b>" + _say("answers.run_again",
                                        value=_show_value(value, labels)) + "</b>"

    start = _pending.get(qid, recorded)
    box = widgets.VBox([build(start, changed), status])
    box.status = status
    display(box)
    return recorded


# ------------------------------------------------------------------ the widgets
Explain = Mapping[str, Any] | None


def _why_html(value: Any, labels: Mapping[str, str], explain: Mapping[str, Any]) -> str:
    """What each chosen option means (safe or not, and why), in the view's language."""
    chosen = value if isinstance(value, list) else [] if value is None else [value]
    parts = [f"<p style=\"margin:0.3em 0\"><b>{html.escape(labels.get(k, k))}</b><br>"
             f"{html.escape(i18n.pick(explain[k], None))}</p>"
             for k in labels if k in chosen and k in explain]
    if not parts:
        return ""
    return ('<div role="status" style="border-left:6px solid #0072B2;padding:0.2em 0.8em;'
            'margin:0.4em 0;font-size:1.15em;line-height:1.5;max-width:44em">'
            + "".join(parts) + "</div>")


def _explained(build: Callable[[Any, Callable[[Any], None]], Any], labels: Mapping[str, str],
               explain: Explain) -> Callable[[Any, Callable[[Any], None]], Any]:
    """``build`` with the explanation of the chosen option(s) shown under the widget.

    It appears as soon as an option is chosen (and when the cell runs with an answer
    already recorded), so a learner hears at once whether that choice was safe and why.
    """
    if not explain:
        return build
    import ipywidgets as widgets

    def wrapped(start: Any, changed: Callable[[Any], None]) -> Any:
        why = widgets.HTML(_why_html(start, labels, explain))

        def on_change(value: Any) -> None:
            why.value = _why_html(value, labels, explain)
            changed(value)

        box = widgets.VBox([build(start, on_change), why])
        box.why = why
        return box

    return wrapped


def choose(qid: str, options: Options, answer: str | None = None, explain: Explain = None
           ) -> str | None:
    """One answer out of a few. ``options`` maps a short key to the label a pupil sees;
    the key is what is recorded, so the answer is the same in every language.

    ``explain`` (optional) maps an option's key to what choosing it means, e.g. "⚠️ Not
    safe: …" (a string or ``{zh: …, en: …}``); it is shown under the widget once chosen.
    """
    labels = _labels(options)
    import ipywidgets as widgets

    def build(start: Any, changed: Callable[[Any], None]) -> Any:
        pairs = [(label, key) for key, label in labels.items()]
        short = max(len(label) for label in labels.values()) <= 12
        cls = widgets.ToggleButtons if short else widgets.RadioButtons
        w = cls(options=pairs, value=start if start in labels else None,
                layout={"width": "max-content"})
        w.observe(lambda ch: changed(ch["new"]), names="value")
        return w

    return _ask(qid, answer, _explained(build, labels, explain), labels)


def choose_many(qid: str, options: Options, answer: Sequence[str] | None = None,
                explain: Explain = None) -> list[str] | None:
    """Every option that applies (tick boxes); recorded as keys in the options' order.

    ``explain`` works as in :func:`choose`: each ticked option's explanation is shown."""
    labels = _labels(options)
    import ipywidgets as widgets

    def build(start: Any, changed: Callable[[Any], None]) -> Any:
        chosen = set(start or [])
        boxes = {k: widgets.Checkbox(value=k in chosen, description=v, indent=False)
                 for k, v in labels.items()}

        def tick(_: Any) -> None:
            changed([k for k, b in boxes.items() if b.value])

        for b in boxes.values():
            b.observe(tick, names="value")
        return widgets.VBox(list(boxes.values()))

    return _ask(qid, list(answer) if answer is not None else None,
                _explained(build, labels, explain), labels)


def number(qid: str, low: int, high: int, answer: int | None = None, step: int = 1
           ) -> int | None:
    """A whole number on a slider, confirmed with a button (so ``low`` itself can be chosen)."""
    import ipywidgets as widgets

    def build(start: Any, changed: Callable[[Any], None]) -> Any:
        slider = widgets.IntSlider(value=start if start is not None else low, min=low,
                                   max=high, step=step, continuous_update=False)
        ok = widgets.Button(description=i18n.t("answers.this_one"), icon="check")
        slider.observe(lambda ch: changed(ch["new"]), names="value")
        ok.on_click(lambda _: changed(slider.value))
        return widgets.HBox([slider, ok])

    return _ask(qid, answer, build)


def grid(qid: str, rows: int, cols: int, answer: Sequence[str] | None = None
         ) -> list[str] | None:
    """A picture of squares to click on and off, recorded as rows of 0s and 1s."""
    import ipywidgets as widgets

    def build(start: Any, changed: Callable[[Any], None]) -> Any:
        cells = [[widgets.ToggleButton(value=bool(start) and start[r][c] == "1",
                                       layout={"width": "2.4em", "height": "2.4em"})
                  for c in range(cols)] for r in range(rows)]

        def paint(b: Any) -> None:  # black squares, as in the pixel lesson's drawing grid
            b.style.button_color = "black" if b.value else "white"

        def flip(_: Any) -> None:
            for row in cells:
                for b in row:
                    paint(b)
            changed(["".join("1" if b.value else "0" for b in row) for row in cells])

        for row in cells:
            for b in row:
                b.layout.border = "1px solid #888"
                paint(b)
                b.observe(flip, names="value")
        return widgets.VBox([widgets.HBox(row) for row in cells])

    return _ask(qid, list(answer) if answer is not None else None, build)


def order(qid: str, items: Options, answer: Sequence[str] | None = None) -> list[str] | None:
    """Put steps in order by clicking them one after another; '↺' starts again."""
    labels = _labels(items)
    import ipywidgets as widgets

    def build(start: Any, changed: Callable[[Any], None]) -> Any:
        picked: list[str] = list(start or [])
        shown = widgets.HTML()
        buttons = {k: widgets.Button(description=v, layout={"width": "max-content"})
                   for k, v in labels.items()}

        def refresh() -> None:
            for k, b in buttons.items():
                b.disabled = k in picked
            shown.value = " → ".join(f"{i}. {labels[k]}" for i, k in enumerate(picked, 1))

        def pick(key: str) -> None:
            picked.append(key)
            refresh()
            if len(picked) == len(labels):
                changed(list(picked))

        def reset(_: Any) -> None:
            picked.clear()
            refresh()

        for k, b in buttons.items():
            b.on_click(lambda _, k=k: pick(k))
        again = widgets.Button(description="↺", tooltip=i18n.t("answers.reset"))
        again.on_click(reset)
        refresh()
        return widgets.VBox([widgets.HBox([*buttons.values(), again]), shown])

    return _ask(qid, list(answer) if answer is not None else None, build, labels)


def current(qid: str, namespace: Mapping[str, Any] | None = None) -> Any:
    """The answer to ``qid`` as it stands: the learner's latest click in this kernel, else
    the answer recorded in the notebook (``None`` if neither). For a volunteer's tally,
    which must count clicks in the app view too, where no cell is run a second time."""
    ns = namespace if namespace is not None else sys._getframe(1).f_globals
    return _pending.get(qid, ns.get(qid))


# ------------------------------------------------------------------ in test cells
def require_answer(name: str, namespace: Mapping[str, Any] | None = None) -> Any:
    """The recorded answer to question ``name``, or a failure that says what to do next:
    run the answer cell, choose something, or run it again to record the click."""
    from .graders import fail, require

    ns = namespace if namespace is not None else sys._getframe(1).f_globals
    value = require(name, ns)
    if value is None or value == []:
        if name in _pending and _pending[name] not in (None, []):
            fail("answers.clicked_not_recorded", name=name)
        fail("answers.app.not_answered" if in_app_view() else "answers.not_answered",
             name=name)
    return value
