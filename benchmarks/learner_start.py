"""How long a learner waits before a lesson answers a click: the app view (Voilà) against
the notebook view with Run All (JupyterLab), measured in the same run on this machine.

For each lesson and each view, a fresh page in headless Chromium opens the lesson and the
clock starts. The app view is ready when Voilà has rendered the page; the notebook view
when JupyterLab has loaded it and every cell has run after Run ▸ Run All Cells (what a
pupil in JupyterLab must do first). Then the first button of the lesson is clicked and the
clock stops when the page changes in answer. Both views are served by one Jupyter server
(with Voilà's server extension), so the two figures differ only by the view.

    python benchmarks/learner_start.py [--lessons ID,ID] [--lang zh|en] [--repeat 3]

Prints, per lesson, the median seconds of each view and their ratio (notebook / app).
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_LESSONS = ["primary-01-class-survey", "primary-04-plant-watering",
                   "seniors-01-phone-scams"]
RUN_ALL = {"zh": ("运行", "运行所有单元格"), "en": ("Run", "Run All Cells")}
CLICK_AND_WAIT = """async (selector) => {
  const button = document.querySelector(selector);
  const root = document.body;
  const changed = new Promise(resolve => {
    const seen = new MutationObserver(() => { seen.disconnect(); resolve(); });
    seen.observe(root, {childList: true, subtree: true, characterData: true,
                        attributes: true, attributeFilter: ["src", "class", "style"]});
  });
  const start = performance.now();
  button.scrollIntoView();
  button.click();
  await changed;
  return performance.now() - start;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(views: Path) -> tuple[subprocess.Popen, str, str]:
    """A Jupyter server (JupyterLab and Voilà's server extension) over ``views``."""
    import requests

    port, token = free_port(), secrets.token_hex(16)
    settings = views / "lab-settings" / "@jupyterlab"
    (settings / "notebook-extension").mkdir(parents=True, exist_ok=True)
    (settings / "notebook-extension" / "tracker.jupyterlab-settings").write_text(
        '{"windowingMode": "none"}', "utf-8")
    (settings / "apputils-extension").mkdir(parents=True, exist_ok=True)
    (settings / "apputils-extension" / "notification.jupyterlab-settings").write_text(
        '{"fetchNews": "false", "checkForUpdates": false}', "utf-8")
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(views / "lab-settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(views / "workspaces")}
    log = open(views / "server.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={views}", "--allow-root"],
        cwd=views, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(240):
        try:
            if requests.get(f"{base}/api/status?token={token}", timeout=2).ok:
                return proc, base, token
        except requests.RequestException:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the Jupyter server did not start; see " + str(views / "server.log"))


def lesson_path(views: Path, lang: str, lesson: str) -> str:
    level, _, rest = lesson.partition("-")
    folder = views / lang / "curriculum" / level / rest
    return next(folder.glob("*.ipynb")).relative_to(views / lang).as_posix()


def app_view(browser: Any, base: str, token: str, lang: str, path: str) -> float:
    """Seconds from opening the app view to the first button's answer."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    start = time.perf_counter()
    page.goto(f"{base}/voila/render/{lang}/app/{path}?token={token}", wait_until="commit",
              timeout=300_000)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=300_000)
    page.wait_for_selector("#rendered_cells button.jupyter-button", timeout=300_000)
    page.evaluate(CLICK_AND_WAIT, "#rendered_cells button.jupyter-button")
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def notebook_view(browser: Any, base: str, token: str, lang: str, path: str) -> float:
    """Seconds from opening the notebook in JupyterLab, through Run All, to the first
    button's answer."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    start = time.perf_counter()
    # ?reset: a fresh workspace, so only this lesson is open (not the last one measured)
    page.goto(f"{base}/lab/tree/{lang}/{path}?reset&token={token}", timeout=300_000)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").filter(
        visible=True).first.wait_for(timeout=300_000)
    menu, item = RUN_ALL[lang]
    prompts = ".jp-Notebook .jp-CodeCell .jp-InputArea-prompt"
    for _attempt in range(3):  # a menu command given while the notebook settles can be lost
        page.locator(".jp-Notebook .jp-Cell").first.click()
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{menu}$")).click()
        page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
                     has_text=re.compile(f"^{item}$")).click()
        try:
            page.wait_for_function(
                f"() => [...document.querySelectorAll({prompts!r})]"
                ".some(p => /\\[[\\d*]+\\]/.test(p.textContent))", timeout=15_000)
            break
        except Exception:  # noqa: BLE001 - nothing started: pick Run All again
            continue
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputArea-prompt')]"
        ".every(p => /\\[\\d+\\]/.test(p.textContent))", timeout=300_000)
    selector = ".jp-Notebook .jp-OutputArea button.jupyter-button"
    page.wait_for_selector(selector, timeout=300_000)
    page.evaluate(CLICK_AND_WAIT, selector)
    seconds = time.perf_counter() - start
    page.close()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", default=",".join(DEFAULT_LESSONS))
    parser.add_argument("--lang", choices=["zh", "en"], default="zh")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from suyang import app
    from suyang.build import build

    with tempfile.TemporaryDirectory() as tmp:
        views = Path(tmp)
        build(args.lang, views / args.lang, ROOT, app_url=f"/voila/render/{args.lang}/app/")
        app.install()
        proc, base, token = serve(views)
        rows = []
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-dev-shm-usage"])
                for lesson in args.lessons.split(","):
                    path = lesson_path(views, args.lang, lesson)
                    app_s, nb_s = [], []
                    for _ in range(args.repeat):  # alternate, so drift hits both alike
                        app_s.append(app_view(browser, base, token, args.lang, path))
                        nb_s.append(notebook_view(browser, base, token, args.lang, path))
                    rows.append((lesson, statistics.median(app_s), statistics.median(nb_s)))
                    print(f"{lesson}: app {rows[-1][1]:.1f} s, notebook + Run All "
                          f"{rows[-1][2]:.1f} s", flush=True)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(30)
    print(f"\nTime to the first widget's answer ({args.lang}, median of {args.repeat}, "
          f"{os.cpu_count()} cores):")
    print(f"{'lesson':32} {'app view':>10} {'notebook+Run All':>17} {'ratio':>7}")
    for lesson, app_s, nb_s in rows:
        print(f"{lesson:32} {app_s:9.1f}s {nb_s:16.1f}s {nb_s / app_s:6.2f}x")


if __name__ == "__main__":
    main()
