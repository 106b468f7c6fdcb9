"""``make lab`` starts JupyterLab at the index: the same command, started for real here,
serves the index notebook over HTTP, then stops."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from browser import free_port

from suyang.lab import lab_command, write_lab_locale

ROOT = Path(__file__).resolve().parents[1]


def test_lab_command_opens_the_index():
    cmd = lab_command(Path("build/zh"), port=8899, token="t", open_browser=False)
    assert "--LabApp.default_url=/lab/tree/index.ipynb" in cmd
    assert "--ServerApp.root_dir=build/zh" in cmd


def test_lab_locale_override(tmp_path):
    path = write_lab_locale("zh", prefix=tmp_path)
    assert '"locale": "zh_CN"' in path.read_text("utf-8")
    write_lab_locale("en", prefix=tmp_path)
    assert '"locale": "en"' in path.read_text("utf-8")


@pytest.mark.parametrize("lang", ["zh"])
def test_suyang_lab_serves_the_index(lang, tmp_path):
    port, token = free_port(), "suyang-test-token"
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"), "HOME": str(tmp_path)}
    suyang = Path(sys.executable).parent / "suyang"
    proc = subprocess.Popen([str(suyang), "lab", "--lang", lang, "--port", str(port),
                             "--token", token, "--no-browser", "--ip", "127.0.0.1"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline, contents = time.time() + 90, None
        while time.time() < deadline:
            try:
                contents = requests.get(f"{base}/api/contents/index.ipynb",
                                        params={"token": token}, timeout=5)
                if contents.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None:
                pytest.fail(proc.stdout.read().decode(errors="replace"))
            time.sleep(0.5)
        assert contents is not None and contents.status_code == 200
        nb = contents.json()["content"]
        text = "\n".join("".join(c["source"]) for c in nb["cells"])
        assert "素养" in text and "初中" in text
        page = requests.get(f"{base}/lab/tree/index.ipynb", params={"token": token}, timeout=10)
        assert page.status_code == 200 and "jupyter" in page.text.lower()
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
