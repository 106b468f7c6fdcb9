"""``make lab`` starts JupyterLab at the index: the same command, started for real here,
serves the index notebook over HTTP; in Chromium it is a student's JupyterLab (Chinese, no
nbgrader teacher tools, no news pop-up, the assignment list in its own menu), and the
teacher's (``make lab TEACHER=1``) has everything. One server of each for the module."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from browser import chromium_page, free_port, need_browser, stop_process, wait_for_http
from student_lab import assert_student_lab, assert_teacher_lab, open_lab

from suyang.lab import (
    TEACHER_PLUGINS,
    lab_command,
    lab_env,
    lab_settings,
    prepare_settings,
    write_lab_locale,
    write_lab_settings,
)

ROOT = Path(__file__).resolve().parents[1]
ARTEFACTS = ROOT / "build" / "artefacts" / "lab"


def test_lab_command_opens_the_index():
    cmd = lab_command(Path("build/zh"), port=8899, token="t", open_browser=False)
    assert "--LabApp.default_url=/lab/tree/index.ipynb" in cmd
    assert "--ServerApp.root_dir=build/zh" in cmd


def test_lab_locale_override(tmp_path):
    path = write_lab_locale("zh", prefix=tmp_path)
    assert '"locale": "zh_CN"' in path.read_text("utf-8")
    write_lab_locale("en", prefix=tmp_path)
    assert '"locale": "en"' in path.read_text("utf-8")


def test_student_and_teacher_settings():
    student, teacher = lab_settings("zh"), lab_settings("zh", teacher=True)
    off = student["page_config.json"]["disabledExtensions"]
    assert set(TEACHER_PLUGINS) <= set(off) and all(off.values())
    assert "@jupyter/nbgrader:assignment-list" not in off  # students fetch and submit
    news = student["default_setting_overrides.json"]["@jupyterlab/apputils-extension:notification"]
    assert news == {"fetchNews": "false", "checkForUpdates": False}
    # a teacher's turns the same plugins on, over anything lower on the config path
    assert teacher["page_config.json"]["disabledExtensions"] == {p: False for p in off}
    for settings in (student, teacher):
        locale = settings["default_setting_overrides.json"][
            "@jupyterlab/translation-extension:plugin"]["locale"]
        assert locale == "zh_CN"
    assert "@jupyterlab/apputils-extension:notification" not in \
        teacher["default_setting_overrides.json"]


def test_settings_files_keep_other_settings(tmp_path):
    page = tmp_path / "labconfig" / "page_config.json"
    page.parent.mkdir()
    page.write_text(json.dumps({"disabledExtensions": {"other:plugin": True}, "x": 1}))
    write_lab_settings("en", config_dir=tmp_path)
    data = json.loads(page.read_text())
    assert data["x"] == 1 and data["disabledExtensions"]["other:plugin"] is True
    assert data["disabledExtensions"]["@jupyter/nbgrader:create-assignment"] is True
    write_lab_settings("en", teacher=True, config_dir=tmp_path)  # the same place, a teacher
    data = json.loads(page.read_text())
    assert data["disabledExtensions"]["@jupyter/nbgrader:create-assignment"] is False
    overrides = json.loads((tmp_path / "labconfig" / "default_setting_overrides.json").read_text())
    assert set(overrides) == {"@jupyterlab/translation-extension:plugin"}


def test_settings_folder_comes_first_on_the_config_path(tmp_path):
    env = lab_env(tmp_path, {"JUPYTER_CONFIG_PATH": "/etc/suyang/jupyter"})
    assert env["JUPYTER_CONFIG_PATH"] == os.pathsep.join([str(tmp_path), "/etc/suyang/jupyter"])
    assert lab_env(tmp_path, {})["JUPYTER_CONFIG_PATH"] == str(tmp_path)


def test_binder_and_the_hub_use_the_same_settings():
    """Binder writes them where its environment's JupyterLab reads them; the hub at start."""
    from jupyter_core.paths import ENV_CONFIG_PATH

    assert "write_lab_settings('zh')" in (ROOT / "binder" / "postBuild").read_text("utf-8")
    assert Path(ENV_CONFIG_PATH[0]) == Path(sys.prefix) / "etc" / "jupyter"  # the default
    hub = (ROOT / "deploy" / "school" / "jupyterhub_config.py").read_text("utf-8")
    assert "from suyang.lab import write_lab_settings" in hub
    assert '"JUPYTER_CONFIG_PATH": jupyter_config_path' in hub


# ------------------------------------------------------------------ real servers
class Labs:
    """``suyang lab`` (what ``make lab`` runs) as a student, and the teacher's JupyterLab on
    the same views with ``lab.run``'s teacher settings, started as soon as the student's
    has rendered the views (so the two never write them at the same time)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp, self.token, self.procs = tmp, "suyang-test-token", []
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp / "runtime"),
               "JUPYTER_CONFIG_DIR": str(tmp / "student"), "HOME": str(tmp)}
        for key in ("JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR", "JUPYTER_CONFIG_PATH"):
            env.pop(key, None)
        views = ROOT / "build" / "zh"
        rendered = views.parent / "lab" / "student" / "labconfig" / "page_config.json"
        since = time.time() - 1
        port = free_port()
        student = self._start("student", port, [
            str(Path(sys.executable).parent / "suyang"), "lab", "--lang", "zh", "--port",
            str(port), "--token", self.token, "--no-browser", "--ip", "127.0.0.1"], env)
        # suyang lab writes the student's settings once the views are rendered
        while not (rendered.is_file() and rendered.stat().st_mtime >= since):
            assert self.procs[0].poll() is None, (tmp / "student.log").read_text()
            time.sleep(0.2)
        config = prepare_settings(views, "zh", teacher=True)
        port = free_port()
        teacher = self._start("teacher", port, lab_command(
            views, port=port, token=self.token, open_browser=False, ip="127.0.0.1"),
            lab_env(config, {**env, "JUPYTER_CONFIG_DIR": str(tmp / "teacher")}))
        self.student, self.teacher = student(), teacher()

    def _start(self, name: str, port: int, cmd: list[str], env: dict):
        """Start a server; returns a function that waits for it and gives its URL."""
        log = self.tmp / f"{name}.log"
        with log.open("w") as out:
            proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        base = f"http://127.0.0.1:{port}"

        def ready() -> str:
            wait_for_http(f"{base}/api/status?token={self.token}", proc, log)
            return base
        return ready

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
        for proc in self.procs:
            stop_process(proc)


@pytest.fixture(scope="module")
def labs(tmp_path_factory):
    labs = Labs(tmp_path_factory.mktemp("lab"))
    try:
        yield labs
    finally:
        labs.stop()


def test_suyang_lab_serves_the_index(labs):
    base, token = labs.student, labs.token
    contents = requests.get(f"{base}/api/contents/index.ipynb", params={"token": token},
                            timeout=10)
    assert contents.status_code == 200
    nb = contents.json()["content"]
    text = "\n".join("".join(c["source"]) for c in nb["cells"])
    assert "素养" in text and "初中" in text
    page = requests.get(f"{base}/lab/tree/index.ipynb", params={"token": token}, timeout=10)
    assert page.status_code == 200 and "jupyter" in page.text.lower()


def shoot(page, name: str) -> None:
    """What each saw, in build/artefacts/lab/ (for a failed run)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"lab-{name}.png"))


def test_a_students_lab_has_no_teacher_tools_and_the_teachers_has(labs):
    """Both pages load side by side in one browser."""
    need_browser()
    with chromium_page("zh-CN") as student:
        teacher = student.context.new_page()
        for page, base in ((student, labs.student), (teacher, labs.teacher)):
            page.goto(f"{base}/lab/tree/index.ipynb?token={labs.token}", wait_until="commit")
        open_lab(student)
        assert_student_lab(student)
        shoot(student, "student")
        open_lab(teacher)
        assert_teacher_lab(teacher)
        shoot(teacher, "teacher")
