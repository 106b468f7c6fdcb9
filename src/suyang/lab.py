"""Start JupyterLab on the student views: ``make lab`` and ``suyang lab``.

One function builds the command line, so the Makefile, Binder and the test that starts
a real server all use the same settings.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from . import i18n
from .build import build

LAB_LOCALES = {"zh": "zh_CN", "en": "en"}


def write_lab_locale(lang: str, prefix: Path | None = None) -> Path:
    """Make JupyterLab's own interface speak ``lang`` (settings overrides in the env)."""
    prefix = prefix or Path(sys.prefix)
    path = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    settings.setdefault("@jupyterlab/translation-extension:plugin", {})["locale"] = \
        LAB_LOCALES.get(lang, "en")
    path.write_text(json.dumps(settings, indent=2, ensure_ascii=False), "utf-8")
    return path


def lab_command(views: Path, port: int | None = None, token: str | None = None,
                open_browser: bool = True, ip: str | None = None) -> list[str]:
    """The ``jupyter lab`` command line that opens the index notebook of ``views``."""
    cmd = [sys.executable, "-m", "jupyterlab",
           f"--ServerApp.root_dir={views}",
           "--LabApp.default_url=/lab/tree/index.ipynb",
           f"--ServerApp.open_browser={open_browser}"]
    if port:
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if token is not None:
        cmd += [f"--IdentityProvider.token={token}"]
    if ip:
        cmd += [f"--ServerApp.ip={ip}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd += ["--ServerApp.allow_root=True"]  # containers and CI run as root
    return cmd


def prepare(lang: str, root: Path | None = None) -> Path:
    """Render the student views and set the interface language; return the views folder."""
    lang = i18n.normalise_lang(lang)
    written = build(lang, root=root)
    write_lab_locale(lang)
    return written[-1].parent  # the index notebook's folder


def run(lang: str, port: int | None = None, token: str | None = None,
        open_browser: bool = True, ip: str | None = None) -> None:
    """Prepare, then replace this process with the JupyterLab server."""
    views = prepare(lang)
    env = {**os.environ, "SUYANG_LANG": i18n.normalise_lang(lang)}
    cmd = lab_command(views, port=port, token=token, open_browser=open_browser, ip=ip)
    os.execve(cmd[0], cmd, env)
