"""The "交作业 / Hand in" button of the app view: every click becomes the hand-in.

In JupyterLab a pupil's click is recorded by running the answer cell once more, which
rewrites the cell's source (:mod:`suyang.answers`), and saving keeps it. In the app view
(Voilà) no cell is run twice and nothing is saved, so this button does both at once: it
reads the notebook the page was made from, writes each clicked answer into its answer
cell exactly as ``answers`` would (``q1 = choose("q1", {...}, answer="b")``), and writes
the file back in place, whole (a temporary file, then a rename). The notebook on disk is
then what a pupil would have saved in JupyterLab, so nbgrader's submit, the hub's
exchange and ``suyang collect`` take it unchanged, and it grades the same.

Where the notebook is an nbgrader assignment fetched from a course's exchange (the school
hub), the button also submits it, as the Assignments panel's Submit would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

import nbformat

from . import answers, i18n

MARKER = "handed_in"  # in the notebook's suyang metadata: when it was last handed in
PLACEHOLDER = "YOUR ANSWER HERE"  # nbgrader's text in an unanswered written-answer cell
_written: dict[str, str] = {}  # grade id -> the words typed in the app view, this kernel


def notebook_file() -> Path | None:
    """The notebook behind this app-view page: Voilà runs the kernel in the notebook's
    folder and gives the page's path as SCRIPT_NAME (``…/voila/render/<path>``)."""
    script = urllib.parse.unquote(os.environ.get("SCRIPT_NAME", ""))
    name = script.rsplit("/", 1)[-1]
    if not name.endswith(".ipynb"):
        return None
    path = Path.cwd() / name
    return path if path.is_file() else None


def _grade_id(cell: Any) -> str | None:
    return (cell.metadata.get("nbgrader") or {}).get("grade_id")


def _written_answer(cell: Any) -> bool:
    """A written (teacher-marked) answer cell: nbgrader's markdown solution cell."""
    meta = cell.metadata.get("nbgrader") or {}
    return cell.cell_type == "markdown" and bool(meta.get("solution"))


def _has_words(cell: Any) -> bool:
    return cell.source.strip() not in ("", PLACEHOLDER)


def record(path: Path, clicked: dict[str, Any],
           written: dict[str, str] | None = None) -> tuple[int, bool]:
    """Write the clicked answers, and the words typed for written answers, into the
    notebook at ``path``.

    Returns (how many questions now carry an answer, whether it replaced an earlier
    hand-in). Only the ``answer=`` argument of each answer call changes, and only the
    text of each written-answer cell (where the pupil would have typed in JupyterLab).
    """
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if _written_answer(cell) and (written or {}).get(_grade_id(cell) or "", "").strip():
            cell.source = written[_grade_id(cell)].strip()
        if cell.cell_type != "code":
            continue
        for qid, value in clicked.items():
            if value is None or value == []:
                continue
            new = answers.rewrite_source(cell.source, qid, value)
            if new is not None:
                cell.source = new
    answered = sum(1 for c in nb.cells if c.cell_type == "code"
                   for v in answers.recorded_answers(c.source).values()
                   if v is not None and v != [])
    answered += sum(1 for c in nb.cells if _written_answer(c) and _has_words(c))
    if answered == 0:
        return 0, False  # nothing to hand in: the file is left as it was
    meta = nb.metadata.setdefault("suyang", {})
    again = MARKER in meta
    meta[MARKER] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    partial = path.with_name(f".{path.name}.handin")
    nbformat.write(nb, partial)
    os.replace(partial, path)
    return answered, again


def submit_to_exchange(path: Path) -> bool | None:
    """Submit the assignment folder through nbgrader's exchange when there is one (a
    fetched assignment on the school hub): True when sent, False when the exchange
    refused it, None where there is no exchange (Binder, a PC).

    nbgrader looks for ``<assignment>`` under ``Exchange.assignment_dir``, or for
    ``<course>/<assignment>`` when the exchange keeps courses apart
    (``path_includes_course``, as the school hub does); both layouts are tried, each
    with nbgrader's own rules, so the kit need not read the exchange's settings itself.
    """
    folder = path.parent
    if not os.environ.get("JUPYTERHUB_USER"):
        return None
    tries = [[f"--Exchange.assignment_dir={folder.parent}"],
             [f"--Exchange.assignment_dir={folder.parent.parent}",
              f"--course={folder.parent.name}"]]
    for extra in tries:
        try:
            done = subprocess.run([sys.executable, "-m", "nbgrader", "submit", folder.name,
                                   *extra], cwd=folder.parent, capture_output=True,
                                  text=True, timeout=120)
        except (OSError, subprocess.SubprocessError):
            return False
        if done.returncode == 0:
            return True
    return False


last_box: Any = None  # the button shown last in this kernel (for tests)


def write_here(grade_id: str, rows: int = 4) -> None:
    """A box to type a written answer in, in the app view, where a pupil cannot type in
    a notebook cell. The words go into the written-answer cell ``grade_id`` when 交作业
    is pressed, exactly where the notebook view has the pupil type them, so the teacher
    marks them in the formgrader as any other. It opens with what was handed in last.

    In the notebook view, and while grading, it shows nothing: the cell itself is the box.
    """
    if answers._grading() or not answers.in_app_view():
        return None
    import ipywidgets as widgets
    from IPython.display import display

    area = widgets.Textarea(value=_handed_in_words(grade_id),
                            description=i18n.t("handin.write_label"),
                            placeholder=i18n.t("handin.write_placeholder"), rows=rows,
                            style={"description_width": "initial"},
                            layout={"width": "min(40em, 100%)"})
    if area.value:
        _written[grade_id] = area.value
    area.observe(lambda change: _written.__setitem__(grade_id, change["new"]), "value")
    area.add_class("suyang-write-here")
    display(area)
    return None


def _handed_in_words(grade_id: str) -> str:
    """The words in the written-answer cell as the file holds them now ('' if none)."""
    path = notebook_file()
    if path is None:
        return ""
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return ""
    for cell in nb.cells:
        if _written_answer(cell) and _grade_id(cell) == grade_id and _has_words(cell):
            return cell.source
    return ""


def hand_in() -> None:
    """The button, at the end of an assignment. In the notebook view it says how to hand
    in there; while grading it shows nothing (a grader has no pupil to talk to).

    It displays itself and returns nothing, so the cell ``hand_in()`` shows it once."""
    global last_box
    from IPython.display import Markdown, display

    if answers._grading():
        return None
    if not answers.in_app_view():
        display(Markdown(i18n.t("handin.notebook_view")))
        return None
    import ipywidgets as widgets

    button = widgets.Button(description=i18n.t("handin.button"), button_style="success",
                            layout={"width": "max-content", "height": "auto"})
    status = widgets.HTML(f"<p>{i18n.t('handin.ask')}</p>")
    status.add_class("suyang-handin-status")

    def press(_: Any) -> None:
        status.value = f"<p role=\"status\">{_hand_in_now()}</p>"

    button.on_click(press)
    box = widgets.VBox([status, button])
    box.button, box.status = button, status
    display(box)
    last_box = box
    return None


def _hand_in_now() -> str:
    """Record and (where there is an exchange) submit; the sentence for the learner."""
    clicked = dict(answers._pending)
    path = notebook_file()
    if path is None:
        return i18n.t("handin.failed", reason=i18n.t("handin.no_notebook"))
    try:
        count, again = record(path, clicked, dict(_written))
    except (OSError, ValueError) as exc:
        return i18n.t("handin.failed", reason=type(exc).__name__)
    if count == 0:
        return i18n.t("handin.none")
    when = time.strftime("%H:%M")
    said = i18n.t("handin.replaced" if again else "handin.done", time=when, count=count)
    sent = submit_to_exchange(path)
    if sent is not None:
        said += " " + i18n.t("handin.sent" if sent else "handin.not_sent")
    return said
