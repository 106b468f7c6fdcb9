"""The app view (Voilà) in a real browser: one server for both languages, a learner's
steps (click, drag, type) read from ``tests/lessons/app/<id>.yaml``, and what a page must
never show (code, error boxes, console errors, accessibility violations).

Also a command for whoever writes a lesson:
``python tests/appview.py primary-04-plant-watering --lang zh`` serves the app build,
runs the lesson's steps in Chromium, prints what failed and saves a screenshot in
``build/artefacts/app/``.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from browser import free_port, stop_process, wait_for_http  # noqa: E402

STEPS_DIR = HERE / "lessons" / "app"
ARTEFACTS = ROOT / "build" / "artefacts" / "app"
WAIT_MS = 10_000
LOAD_MS = 120_000
# what a learner must never be told in the app view: to run, edit or uncomment a cell
RUN_OR_EDIT = re.compile(
    r"运行.{0,8}[格单]|Shift\s*\+\s*Enter|(删掉|去掉|删除|去除).{0,6}#|"
    r"\brun\s+(the|this|that|next|each|every|these|all)\b.{0,20}\bcells?\b|\brun\s+it\b|"
    r"\buncomment|双击|double[- ]click|改.{0,4}代码|(change|edit)\s+the\s+code",
    re.IGNORECASE)


def lesson_steps(lesson_id: str) -> list[dict[str, Any]]:
    path = STEPS_DIR / f"{lesson_id}.yaml"
    if not path.is_file():
        return []
    return yaml.safe_load(path.read_text("utf-8")) or []


def pick(value: Any, lang: str) -> Any:
    if isinstance(value, dict) and lang in value:
        return value[lang]
    return value


@dataclass
class AppServer:
    """A Jupyter server with Voilà's server extension over both languages' builds."""

    base: str
    token: str
    views: Path

    def url(self, lang: str, path: str) -> str:
        return self.render_url(f"{lang}/app/{path}")

    def render_url(self, path: str) -> str:
        """The app view of any notebook under the server's root."""
        return f"{self.base}/voila/render/{path}?token={self.token}"

    def notebook_path(self, lang: str, lesson_id: str) -> str:
        if lesson_id == "index":
            return "index.ipynb"
        level, _, rest = lesson_id.partition("-")
        folder = self.views / lang / "app" / "curriculum" / level / rest
        if not folder.is_dir():
            folder = self.views / lang / "app" / "assignments" / lesson_id
        notebook = next(folder.glob("*.ipynb"))
        return notebook.relative_to(self.views / lang / "app").as_posix()


def build_views(views: Path) -> None:
    """Both languages' builds (notebook and app) and the kit's Voilà settings, in ``views``."""
    from suyang import app
    from suyang.build import build

    for lang in ("zh", "en"):
        build(lang, views / lang, ROOT, app_url=f"/voila/render/{lang}/app/")
    # into this environment, as `suyang app` does: Voilà merges voila.json from every
    # Jupyter config folder with the environment's own last, so a private copy would lose
    app.install()


@contextmanager
def app_server(views: Path) -> Iterator[AppServer]:
    """Serve ``views`` (made by :func:`build_views`) on loopback."""
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ,
           "JUPYTER_RUNTIME_DIR": str(views / f"runtime-{port}"),
           "JUPYTERLAB_SETTINGS_DIR": str(views / "lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(views / "lab-workspaces")}
    for name in ("NBGRADER_EXECUTION", "JUPYTERHUB_SERVICE_PREFIX", "SCRIPT_NAME"):
        env.pop(name, None)
    log_path = views / f"server-{port}.log"
    log = open(log_path, "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={views}", "--allow-root"],
        cwd=views, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/api/status?token={token}", proc, log_path)
        yield AppServer(base, token, views)
    finally:
        stop_process(proc)
        log.close()


@contextmanager
def browser() -> Iterator[Any]:
    """One headless Debian Chromium for many pages."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                      args=["--no-sandbox", "--disable-dev-shm-usage"])
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class AppPage:
    """One lesson open in the app view, with what its page logged."""

    page: Any
    lang: str
    console_errors: list[str] = field(default_factory=list)

    # ------------------------------------------------------------------ what is on it
    def code_editors(self) -> int:
        return self.page.locator(".jp-InputArea-editor, .cm-editor, .CodeMirror").count()

    def error_outputs(self) -> list[str]:
        """Error or stderr outputs (hidden from learners by CSS, but they must not exist)."""
        loc = self.page.locator('[data-mime-type="application/vnd.jupyter.stderr"]')
        return [loc.nth(i).text_content() or "" for i in range(loc.count())]

    def trouble_notice(self) -> bool:
        return self.page.locator("#suyang-trouble:not([hidden])").count() > 0

    def text(self) -> str:
        return self.page.locator("#rendered_cells").inner_text()

    def axe_serious(self) -> list[str]:
        """axe-core's critical and serious violations on the page."""
        from axe_playwright_python.sync_playwright import Axe

        results = Axe().run(self.page)
        return [f"{v['id']} ({v['impact']}): {v['help']} — "
                + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:4])
                for v in results.response["violations"]
                if v.get("impact") in ("critical", "serious")]

    # --------------------------------------------------------------- a learner's hands
    def _nth(self, locator: Any, step: dict[str, Any]) -> Any:
        n = int(step.get("nth", 0))
        try:  # widgets are drawn after the page: give the one wanted time to appear
            locator.nth(n).wait_for(state="attached", timeout=WAIT_MS)
        except Exception:  # noqa: BLE001 - counted and reported just below
            pass
        count = locator.count()
        assert count > n, f"{step}: found {count} match(es)"
        return locator.nth(n)

    def _widget(self, kind_selector: str, label: str, step: dict[str, Any]) -> Any:
        widgets = self.page.locator(kind_selector).filter(
            has=self.page.locator(".widget-label", has_text=label))
        return self._nth(widgets, step)

    def do(self, step: dict[str, Any]) -> None:
        """Perform one step with real input events only: clicks, drags and keys."""
        page, lang = self.page, self.lang
        if "click" in step:
            name = str(pick(step["click"], lang))
            # exact: true when one label is part of another ("转发" in "不转发")
            text = re.compile(rf"^\s*{re.escape(name)}\s*$") if step.get("exact") else name
            buttons = page.locator("button.jupyter-button, .widget-toggle-button",
                                   has_text=text)
            target = self._nth(buttons, step)
            target.scroll_into_view_if_needed()
            target.click()
        elif "choose" in step:
            name = str(pick(step["choose"], lang))
            options = page.locator(".widget-radio-box label, .widget-checkbox label",
                                   has_text=name)
            target = self._nth(options, step)
            target.scroll_into_view_if_needed()
            target.click()
        elif "slide" in step:
            self._slide(str(pick(step["slide"], lang)), float(step["value"]), step)
        elif "type" in step:
            widget = self._widget(".widget-text, .widget-textarea, .widget-password",
                                  str(pick(step["type"], lang)), step)
            field_ = widget.locator("input, textarea").first
            field_.scroll_into_view_if_needed()
            field_.click()
            field_.press("Control+a")
            field_.press_sequentially(str(pick(step["text"], lang)), delay=10)
            if field_.evaluate("e => e.tagName") == "INPUT" and step.get("enter", True):
                field_.press("Enter")
        elif "select" in step:
            widget = self._widget(".widget-dropdown", str(pick(step["select"], lang)), step)
            widget.locator("select").select_option(label=str(pick(step["option"], lang)))
        else:
            raise AssertionError(f"unknown step {step}")

    def _slide(self, label: str, value: float, step: dict[str, Any]) -> None:
        """Drag a slider's handle with the mouse to ``value``, then settle it with keys."""
        widget = self._widget(".widget-slider", label, step)
        widget.scroll_into_view_if_needed()
        handle = widget.locator(".noUi-handle").first
        low = float(handle.get_attribute("aria-valuemin"))
        high = float(handle.get_attribute("aria-valuemax"))
        track = widget.locator(".noUi-target, .slider").first.bounding_box()
        box = handle.bounding_box()
        fraction = (value - low) / (high - low) if high > low else 0
        x = track["x"] + fraction * track["width"]
        mouse = self.page.mouse
        mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        mouse.down()
        mouse.move(x, box["y"] + box["height"] / 2, steps=8)
        mouse.up()
        # a pixel can be a step off: the arrow keys (a keyboard user's way) finish it
        for _ in range(200):
            now = float(handle.get_attribute("aria-valuenow"))
            if abs(now - value) < 1e-9:
                break
            handle.press("ArrowRight" if now < value else "ArrowLeft")
        now = float(handle.get_attribute("aria-valuenow"))
        assert abs(now - value) < 1e-9, f"slider {label!r} stopped at {now}, not {value}"

    def expect(self, step: dict[str, Any]) -> list[str]:
        """Wait for each expected text; return the ones that never came (and unwanted ones)."""
        missing = []
        for text in step.get("expect", []):
            want = str(pick(text, self.lang))
            if not self._wait_text(want, present=True):
                missing.append(f"expected {want!r}")
        for text in step.get("absent", []):
            unwanted = str(pick(text, self.lang))
            if not self._wait_text(unwanted, present=False):
                missing.append(f"still shows {unwanted!r}")
        return missing

    def _wait_text(self, text: str, present: bool) -> bool:
        deadline = time.monotonic() + WAIT_MS / 1000
        while time.monotonic() < deadline:
            if (text in self.text()) == present:
                return True
            time.sleep(0.15)
        return False


def open_app(chromium: Any, server: AppServer, lang: str, path: str,
             url: str | None = None) -> AppPage:
    """Open one notebook of the app build (or ``url``) and wait until Voilà has run it all."""
    context = chromium.new_context(locale="zh-CN" if lang == "zh" else "en-US",
                                   viewport={"width": 1280, "height": 900})
    page = context.new_page()
    app = AppPage(page, lang)
    page.on("console", lambda m: m.type == "error" and app.console_errors.append(m.text))
    page.on("pageerror", lambda e: app.console_errors.append(str(e)))
    page.on("requestfailed", lambda r: app.console_errors.append(f"request failed: {r.url}"))
    page.goto(url or server.url(lang, path), timeout=LOAD_MS, wait_until="commit")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=LOAD_MS)
    page.wait_for_load_state("networkidle", timeout=LOAD_MS)
    # widgets render after the cells: wait until none is still a placeholder
    page.wait_for_function(
        "() => !document.querySelector('.jupyter-widgets-view-loading, .lm-Widget.p-mod-hidden"
        ".jupyter-widgets-placeholder')", timeout=LOAD_MS)
    return app


def _answer_call(source: str) -> tuple[str, list[str]] | None:
    """(function, option keys in order) of the answer call in a cell's source."""
    import ast

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args:
            keys = []
            if len(node.args) > 1 and isinstance(node.args[1], ast.Dict):
                keys = [k.value for k in node.args[1].keys if isinstance(k, ast.Constant)]
            return node.func.id, keys
    return None


def answer_by_clicks(app: AppPage, nb: Any, answers: dict[str, Any]) -> None:
    """Answer an assignment's questions in the page as a pupil does: a toggle or radio
    button, tick boxes, a slider then "This one", buttons in order; a written answer is
    typed into the box below its question (``handin.write_here``)."""
    written = 0
    for index, cell in enumerate(nb.cells):
        grade_id = (cell.metadata.get("nbgrader") or {}).get("grade_id")
        if cell.cell_type == "markdown" and (cell.metadata.get("nbgrader") or {}).get(
                "solution"):  # a written answer: the page's next box (handin.write_here)
            box = app.page.locator(".suyang-write-here textarea").nth(written)
            written += 1
            if grade_id not in answers:
                continue
            box.scroll_into_view_if_needed()
            box.fill(answers[grade_id].strip())
            continue
        qid = (cell.metadata.get("suyang") or {}).get("answer")
        if qid not in answers or cell.cell_type != "code":
            continue
        func, keys = _answer_call(cell.source)
        value = answers[qid]
        where = app.page.locator(f'div[cell-index="{index + 1}"]')
        where.scroll_into_view_if_needed()
        if func == "choose":
            toggles = where.locator(".widget-toggle-buttons button")
            target = toggles if toggles.count() else where.locator(".widget-radio-box label")
            target.nth(keys.index(value)).click()
        elif func == "choose_many":
            for key in value:
                where.locator(".widget-checkbox input").nth(keys.index(key)).click()
        elif func == "order":
            for key in value:
                where.locator("button.jupyter-button").nth(keys.index(key)).click()
        elif func == "number":
            slider = where.locator(".widget-slider").first
            label = slider.locator(".widget-label").inner_text().strip()
            app._slide(label, float(value), {"nth": 0}) if label else None
            if not label:
                handle = slider.locator(".noUi-handle").first
                handle.focus()
                handle.press("Home")
                for _ in range(int(value) - int(float(handle.get_attribute("aria-valuemin")))):
                    handle.press("ArrowRight")
            where.locator("button.jupyter-button").first.click()
        else:
            raise AssertionError(f"{qid}: no way to click a {func} answer")
        time.sleep(0.2)


def run_steps(app: AppPage, steps: list[dict[str, Any]]) -> list[str]:
    """Every step in order; the problems found (empty when the lesson works)."""
    problems = []
    for index, step in enumerate(steps):
        try:
            app.do(step)
        except Exception as exc:  # noqa: BLE001 - reported with the step that failed
            problems.append(f"step {index + 1} {step}: {exc}")
            continue
        problems += [f"step {index + 1}: {m}" for m in app.expect(step)]
    return problems


def main(argv: list[str]) -> int:
    import argparse
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lessons", nargs="+", help="lesson or assignment ids")
    parser.add_argument("--lang", choices=["zh", "en", "both"], default="both")
    parser.add_argument("--axe", action="store_true", help="also run axe-core")
    args = parser.parse_args(argv)
    langs = ["zh", "en"] if args.lang == "both" else [args.lang]
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        views = Path(tmp) / "views"
        build_views(views)
        with app_server(views) as server, browser() as chromium:
            for lesson in args.lessons:
                for lang in langs:
                    started = time.monotonic()
                    app = open_app(chromium, server, lang, server.notebook_path(lang, lesson))
                    loaded = time.monotonic() - started
                    problems = run_steps(app, lesson_steps(lesson))
                    if app.code_editors():
                        problems.append(f"{app.code_editors()} code editor(s) on the page")
                    problems += [f"error output: {e[:300]}" for e in app.error_outputs()]
                    problems += [f"console: {e[:300]}" for e in app.console_errors]
                    if args.axe:
                        problems += [f"axe: {v}" for v in app.axe_serious()]
                    shot = ARTEFACTS / f"{lesson}-{lang}.png"
                    app.page.screenshot(path=str(shot), full_page=True)
                    status = "ok" if not problems else f"{len(problems)} problem(s)"
                    print(f"{lesson} [{lang}] loaded in {loaded:.1f} s, "
                          f"{len(lesson_steps(lesson))} steps: {status}  ({shot})")
                    for problem in problems:
                        print("   -", problem)
                    failed += bool(problems)
                    app.page.context.close()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
