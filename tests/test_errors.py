"""No traceback reaches a learner: a failed check or an error in their code is a calm box
in their language, while the cell still ends in an ``error`` output that nbgrader scores 0.

The kernel tests run notebooks in real kernels (nbclient), as JupyterLab and Voilà run
them; two browser tests look at the same cells in JupyterLab and in Voilà.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.utils import determine_grade

from suyang import errors, feedback, graders, i18n

TRACEBACK_TEXT = re.compile(r'Traceback|File "|\.py\b')
ERROR_MIME = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'

SETUP = "import suyang\nfrom suyang import graders\nsuyang.setup({lang!r})"
CELLS = {  # name: code that fails the way a learner's cell fails
    "check": "graders.assert_number(125, 12.5, what={'zh': '平均气温', 'en': 'The mean'})",
    "answer": "from suyang.answers import require_answer\nq1 = None\nrequire_answer('q1')",
    "name": "print(temprature)",
    "syntax": "if 3 > 2\n    print('yes')",
    "key": "import pandas as pd\npd.DataFrame({'score': [1, 2]})['scores']",
    "passes": "graders.assert_number(12.5, 12.5)",
}


def _notebook(folder: Path, level: str, lang: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["suyang"] = {"level": level, "lang": lang}
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3 (ipykernel)"}
    nb.cells = [nbformat.v4.new_code_cell(SETUP.format(lang=lang))]
    for name, code in CELLS.items():
        cell = nbformat.v4.new_code_cell(code)
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": name, "points": 2,
                                     "solution": False, "locked": True,
                                     "schema_version": 3}
        cell.metadata["tags"] = ["raises-exception"]
        nb.cells.append(cell)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lesson.ipynb"
    nbformat.write(nb, path)
    return path


def _run(path: Path) -> dict[str, nbformat.NotebookNode]:
    """Execute in a real kernel in the notebook's folder; {cell name: executed cell}."""
    nb = nbformat.read(path, 4)
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return dict(zip(["setup", *CELLS], nb.cells, strict=True))


def _seen(cell: nbformat.NotebookNode) -> str:
    """What JupyterLab and Voilà can show of a cell's outputs: display text and HTML,
    streams, and an error's traceback (an error's evalue shows only without one)."""
    parts = []
    for out in cell.outputs:
        if out.output_type == "error":
            parts.append("\n".join(out.traceback) or f"{out.ename}: {out.evalue}")
        elif out.output_type == "stream":
            parts.append(out.text)
        else:
            parts += [str(out.data.get(m, "")) for m in ("text/html", "text/plain")]
    return "\n".join(parts)


def _boxes(cell: nbformat.NotebookNode) -> list[str]:
    return [o.data["text/html"] for o in cell.outputs
            if o.output_type == "display_data" and "suyang-error" in o.data.get("text/html", "")]


def _error(cell: nbformat.NotebookNode) -> nbformat.NotebookNode:
    found = [o for o in cell.outputs if o.output_type == "error"]
    assert len(found) == 1, cell.outputs
    return found[0]


@pytest.fixture(autouse=True)
def _not_grading(monkeypatch):
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv("SUYANG_LEVEL", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)


# ------------------------------------------------------------------ in real kernels
def test_a_primary_pupil_sees_boxes_and_no_traceback(tmp_path):
    """The level comes from the notebook's own metadata (the folder names no level)."""
    cells = _run(_notebook(tmp_path / "lesson", "primary", "zh"))
    i18n.set_lang("zh")
    try:
        want = {
            "check": "平均气温应为 12.5，你的结果是 125。",
            "answer": i18n.t("answers.not_answered", name="q1"),
            "name": "找不到名字 `temprature`",
            "syntax": "第 1 行的写法 Python 看不懂",
            "key": "找不到 'scores'",
        }
    finally:
        i18n.set_lang(None)
    for name, sentence in want.items():
        cell = cells[name]
        seen = _seen(cell)
        boxes = _boxes(cell)
        assert len(boxes) == 1, (name, cell.outputs)
        assert sentence.replace("`", "") in re.sub(r"</?code>", "", boxes[0]), (name, boxes)
        assert "<details" not in boxes[0], name  # a pupil gets the sentence only
        assert not TRACEBACK_TEXT.search(seen), (name, seen)
        assert "Error" not in seen.replace("suyang-error", ""), (name, seen)
        error = _error(cell)  # the cell still failed, as nbgrader sees it
        assert len(error.traceback) == 1 and sentence in error.traceback[0], error.traceback
        assert determine_grade(cell) == (0, 2), name
    assert determine_grade(cells["passes"]) == (2, 2)
    assert cells["passes"].outputs == []


def test_a_middle_schooler_gets_the_sentence_and_a_folded_traceback(tmp_path):
    cells = _run(_notebook(tmp_path / "lesson", "middle", "en"))
    for name, sentence, raw in (("name", "Python doesn't know the name", "NameError"),
                                ("syntax", "Python can't read line 1", "SyntaxError"),
                                ("key", "There is no 'scores'", "KeyError")):
        (box,) = _boxes(cells[name])
        folded = box.split("<details", 1)
        assert sentence in folded[0] and len(folded) == 2, box
        assert "Show Python's full error report" in folded[1]
        assert raw in folded[1], folded[1]  # Python's own report, folded below
        assert "\x1b[" not in box  # colour codes stripped
        assert _error(cells[name]).ename == raw
        assert determine_grade(cells[name]) == (0, 2)
    # a failed check is the check's message only: its traceback is the test's code
    (box,) = _boxes(cells["check"])
    assert "The mean should be 12.5; yours is 125." in box and "<details" not in box
    error = _error(cells["check"])
    assert error.ename == "AssertionError"  # as nbgrader and the kit's feedback expect
    assert error.evalue.startswith("The mean should be 12.5")
    assert feedback.check_message(cells["check"], "en") == error.evalue
    assert determine_grade(cells["check"]) == (0, 2)


def test_graders_see_the_kernel_as_before(tmp_path, monkeypatch):
    """Under nbgrader's autograde (and suyang grade) setup installs nothing: no box, the
    usual error outputs; a kit check still reads as its one sentence."""
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    cells = _run(_notebook(tmp_path / "lesson", "primary", "zh"))
    for name in ("check", "answer", "name", "syntax", "key"):
        assert _boxes(cells[name]) == [], name
        assert determine_grade(cells[name]) == (0, 2), name
    check = _error(cells["check"])
    assert check.ename == "AssertionError" and check.traceback == [check.evalue]
    assert "Traceback" in "\n".join(_error(cells["name"]).traceback)


# ------------------------------------------------------------------ without a kernel
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_failed_check_is_an_assertion_error_that_renders_as_its_sentence(lang):
    i18n.set_lang(lang)
    try:
        with pytest.raises(AssertionError) as caught:
            graders.assert_equal(3, 4)
    finally:
        i18n.set_lang(None)
    err = caught.value
    assert isinstance(err, graders.CheckFailed) and type(err).__name__ == "AssertionError"
    assert err._render_traceback_() == [str(err)] and str(err)


def test_sentences_name_the_slip_in_both_languages():
    def caught(code: str) -> BaseException:
        try:
            exec(compile(code, "<cell>", "exec"), {})
        except BaseException as err:  # noqa: BLE001
            return err
        raise AssertionError("no error")

    cases = {"x = undefined_name": ("undefined_name", NameError),
             "{'a': 1}['b']": ("'b'", KeyError),
             "'text'.uper()": ("uper", AttributeError),
             "1 / 0": ("0", ZeroDivisionError),
             "open('missing.csv')": ("missing.csv", FileNotFoundError),
             "import not_a_module_anywhere": ("not_a_module_anywhere", ModuleNotFoundError)}
    for lang in ("zh", "en"):
        i18n.set_lang(lang)
        try:
            for code, (shown, kind) in cases.items():
                err = caught(code)
                assert isinstance(err, kind)
                text = errors.sentence(type(err), err)
                assert shown in text and not TRACEBACK_TEXT.search(text), (lang, code, text)
            syntax = errors.sentence(SyntaxError, SyntaxError("bad", ("<cell>", 3, 1, "x")))
            assert "3" in syntax
            other = errors.sentence(LookupError, LookupError("x"))
            assert "LookupError" in other
        finally:
            i18n.set_lang(None)


def test_the_box_escapes_what_it_shows():
    bundle = errors.box("check", "<script>alert(1)</script> `x`")
    assert "<script>alert" not in bundle["text/html"]
    assert "<code>x</code>" in bundle["text/html"]
    assert bundle["text/plain"].endswith("<script>alert(1)</script> `x`")


def test_the_level_comes_from_setup_the_notebook_or_its_folder(tmp_path, monkeypatch):
    plain = tmp_path / "somewhere"
    plain.mkdir()
    assert errors.detect_level(folder=plain) == errors.DEFAULT_LEVEL == "middle"
    assert errors.detect_level(folder=plain, large_print=True) == "seniors"
    path_only = tmp_path / "build" / "curriculum" / "primary" / "02-pixel-pictures"
    path_only.mkdir(parents=True)
    assert errors.detect_level(folder=path_only) == "primary"
    assert errors.detect_level(folder=tmp_path / "primary-01-fruit-day") == "primary"
    _notebook(plain, "seniors", "zh")
    assert errors.detect_level(folder=plain) == "seniors"  # the notebook's metadata
    assert errors.detect_level("high", folder=plain) == "high"  # setup(level=...) wins
    monkeypatch.setenv("SUYANG_LEVEL", "vocational")
    assert errors.detect_level(folder=plain) == "vocational"
    assert errors.detect_level("primary", folder=plain) == "primary"
    with pytest.raises(ValueError, match="primary"):
        errors.detect_level("kindergarten")


# ------------------------------------------------------------------ in a browser
def _browser_notebook(folder: Path) -> Path:
    """A primary page: a failed check, a learner's NameError, and a button whose check
    fails inside an Output widget (how lessons and the app view check answers)."""
    path = _notebook(folder, "primary", "zh")
    nb = nbformat.read(path, 4)
    nb.cells = nb.cells[:4] + [nbformat.v4.new_code_cell(
        "import ipywidgets as widgets\nfrom IPython.display import display\n"
        "button = widgets.Button(description='检查答案')\nout = widgets.Output()\n"
        "def on_click(_):\n    out.clear_output()\n    with out:\n"
        "        graders.assert_equal('猫', '狗', what='你的答案')\n"
        "button.on_click(on_click)\ndisplay(button, out)"),
        nbformat.v4.new_markdown_cell("页面的最后一段")]
    nbformat.write(nb, path)
    return path


def _look(page, boxes: int) -> dict:
    """What the page shows, once each box's error output (sent just after it) is in."""
    stderr = page.locator(ERROR_MIME)
    deadline = time.time() + 10
    while time.time() < deadline and stderr.count() < boxes:
        page.wait_for_timeout(100)
    return {"text": page.locator("body").inner_text(),
            "boxes": page.locator(".suyang-error").count(),
            "visible_errors": [stderr.nth(i).inner_text() for i in range(stderr.count())
                               if stderr.nth(i).is_visible()],
            "hidden_errors": stderr.count()}


def _assert_calm(look: dict, boxes: int) -> None:
    assert look["boxes"] == boxes, look
    assert look["visible_errors"] == [], look
    assert look["hidden_errors"] >= boxes, look  # the error outputs exist, unseen
    assert not TRACEBACK_TEXT.search(look["text"]), look["text"]
    for sentence in ("平均气温应为 12.5", "找不到名字 temprature", "你的答案应为 '狗'"):
        assert sentence in look["text"], (sentence, look["text"])


def test_jupyterlab_shows_the_boxes_and_no_red_traceback(tmp_path):
    sys.path.insert(0, str(Path(__file__).parent))
    from browser import chromium_page, jupyter_lab, need_browser, run_all_cells

    need_browser()
    root = tmp_path / "root"
    path = _browser_notebook(root / "lesson")
    with jupyter_lab(root, "zh") as (base, token), chromium_page("zh-CN") as page:
        page.goto(f"{base}/lab/tree/lesson/{path.name}?token={token}")
        run_all_cells(page, "zh")
        button = page.locator("button.jupyter-button", has_text="检查答案")
        button.wait_for(timeout=60_000)
        button.click()
        page.locator(".suyang-error", has_text="你的答案应为").wait_for(timeout=10_000)
        _assert_calm(_look(page, 4), boxes=4)


def test_voila_shows_the_boxes_and_hides_its_error_text(tmp_path):
    """Voilà (its lab template, errors allowed so the page goes on, tracebacks off)."""
    sys.path.insert(0, str(Path(__file__).parent))
    from browser import chromium_page, free_port, need_browser, stop_process, wait_for_http

    need_browser()
    path = _browser_notebook(tmp_path / "lesson")
    # the lab template with every labextension, whatever the environment's voila.json says
    (path.parent / "voila.json").write_text(json.dumps({"VoilaConfiguration": {
        "template": "lab", "show_tracebacks": False, "extension_allowlist": []}}), "utf-8")
    port = free_port()
    log_path = tmp_path / "voila.log"
    env = {k: v for k, v in os.environ.items() if k != "NBGRADER_EXECUTION"}
    with open(log_path, "w") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "voila", path.name, "--no-browser", f"--port={port}",
             "--Voila.ip=127.0.0.1", "--VoilaExecutor.allow_errors=True"],
            cwd=path.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_for_http(f"http://127.0.0.1:{port}/voila/static/voila.js", proc, log_path)
            with chromium_page("zh-CN") as page:
                page.goto(f"http://127.0.0.1:{port}/", timeout=120_000)
                page.get_by_text("页面的最后一段").wait_for(timeout=120_000)
                button = page.locator("button.jupyter-button", has_text="检查答案")
                button.wait_for(timeout=60_000)
                time.sleep(0.5)
                button.click()
                page.locator(".suyang-error", has_text="你的答案应为").wait_for(timeout=10_000)
                look = _look(page, 4)
        finally:
            stop_process(proc)
    _assert_calm(look, boxes=4)
