"""A real JupyterLab on loopback and Debian's Chromium driven by Playwright, for tests
that must prove what happens in a browser (clicks, saves), not in a kernel alone."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")


def need_browser() -> None:
    """Skip on a developer machine without Chromium; CI (CI=1) installs it and must run."""
    try:
        import playwright  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed")
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            raise AssertionError("CI must install Debian's chromium (see .ci/run)")
        pytest.skip("Debian chromium is not installed")


def free_port() -> int:
    """A loopback port nobody listens on now (for servers the tests start)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, log: Path, tries: int = 240) -> None:
    """Poll ``url`` until it answers; if the server exits or never answers, fail with its
    log (the only account of why a server did not start)."""
    import requests

    for _ in range(tries):
        try:
            if requests.get(url, timeout=2).ok:
                return
        except requests.RequestException:
            pass
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    raise AssertionError(f"{url} did not answer:\n"
                         + log.read_text("utf-8", errors="replace")[-6000:])


def stop_process(proc: subprocess.Popen, grace: float = 20) -> None:
    """Ask a server to stop, then make it."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def jupyter_lab(root: Path, lang: str = "en") -> Iterator[tuple[str, str]]:
    """Serve ``root`` with JupyterLab; yields its base URL and token."""
    port, token = free_port(), secrets.token_hex(16)
    settings = root.parent / f"lab-settings-{port}"
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True, exist_ok=True)
    # render every cell (no virtual windowing), so off-screen cells can be clicked
    (tracker / "tracker.jupyterlab-settings").write_text(
        json.dumps({"windowingMode": "none"}), "utf-8")
    translation = settings / "@jupyterlab" / "translation-extension"
    translation.mkdir(parents=True, exist_ok=True)
    (translation / "plugin.jupyterlab-settings").write_text(
        json.dumps({"locale": "zh_CN" if lang == "zh" else "en"}), "utf-8")
    news = settings / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True, exist_ok=True)
    (news / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), "utf-8")
    env = {**os.environ, "JUPYTERLAB_SETTINGS_DIR": str(settings),
           "JUPYTERLAB_WORKSPACES_DIR": str(settings / "workspaces"),
           "JUPYTER_RUNTIME_DIR": str(root.parent / f"runtime-{port}")}
    env.pop("NBGRADER_EXECUTION", None)
    log = open(root.parent / f"lab-{port}.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
         "--allow-root"],
        cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/api/status?token={token}", proc, root.parent / f"lab-{port}.log")
        yield base, token
    finally:
        stop_process(proc)
        log.close()
        shutil.rmtree(settings, ignore_errors=True)


@contextmanager
def chromium_page(locale: str = "en-US") -> Iterator[object]:
    """A Playwright page in headless Debian Chromium; console errors are collected on
    ``page.console_errors``."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"])
        context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.console_errors = []  # type: ignore[attr-defined]
        page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
        try:
            yield page
        finally:
            context.close()
            browser.close()


SHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
GUIDE_SHOTS = Path(__file__).resolve().parents[1] / "teacher_guide" / "_static" / "screenshots"


def save_screenshot(page, name: str, **kwargs) -> Path:
    """Screenshot for the teacher guide: into build/screenshots/ always, and into
    teacher_guide/_static/screenshots/ (committed) when SUYANG_UPDATE_SCREENSHOTS=1."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), **kwargs)
    if os.environ.get("SUYANG_UPDATE_SCREENSHOTS") == "1":
        GUIDE_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, GUIDE_SHOTS / path.name)
    return path


RUN_MENU = {"zh": ("运行", "运行所有单元格"), "en": ("Run", "Run All Cells")}
PROMPTS = ".jp-Notebook .jp-CodeCell .jp-InputArea-prompt"


def run_all_cells(page, lang: str = "zh", attempts: int = 3) -> None:
    """Run ▸ Run All Cells in the open notebook, as a teacher or pupil would.

    A menu command (or a Shift+Enter) given while JupyterLab is still settling the notebook
    can be lost: nothing starts. Then, and only then, it is given again; a loaded machine
    (CI runs two test workers on two cores) is where that happens.
    """
    import re

    run, run_all = RUN_MENU[lang]
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                           timeout=120_000)
    not_started = "els => els.every(e => e.textContent.trim() === '[ ]:')"
    for _attempt in range(attempts):
        page.locator(".jp-Notebook .jp-Cell").first.locator(".jp-InputPrompt").click()
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(f"^{run}$")).click()
        page.locator(".lm-Menu-item:not(.lm-mod-disabled) .lm-Menu-itemLabel",
                     has_text=re.compile(f"^{run_all}$")).click()
        deadline = time.time() + 15
        while time.time() < deadline and page.eval_on_selector_all(PROMPTS, not_started):
            page.wait_for_timeout(100)
        if not page.eval_on_selector_all(PROMPTS, not_started):
            return
    raise AssertionError("Run All Cells started nothing, three times")
