"""Start JupyterLab on the student views: ``make lab`` and ``suyang lab``.

One function builds the command line, and one (``lab_settings``) says what a student's
JupyterLab leaves out, so ``make lab``, Binder's postBuild and the school hub give
students the same JupyterLab, and teachers (``make lab TEACHER=1``, the hub's teacher
accounts) all of it.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from . import i18n
from .build import build

LAB_LOCALES = {"zh": "zh_CN", "en": "en"}

# nbgrader's teacher tools. A student's JupyterLab leaves these plugins out; nbgrader's
# assignment list (fetch, submit, feedback) stays, opened from the students' own menu.
TEACHER_PLUGINS = (
    "@jupyter/nbgrader:create-assignment",  # the "Create Assignment" side panel
    "@jupyter/nbgrader:formgrader",         # grading
    "@jupyter/nbgrader:course-list",        # every course on the server
    "@jupyter/nbgrader:menu",               # the "Nbgrader" menu: formgrader, courses, …
)
NOTIFICATIONS = "@jupyterlab/apputils-extension:notification"
MAIN_MENU = "@jupyterlab/mainmenu-extension:plugin"
TRANSLATION = "@jupyterlab/translation-extension:plugin"
ASSIGNMENTS_MENU = {"zh": "作业", "en": "Assignments"}
ASSIGNMENT_LIST = "nbgrader:open-assignment-list"  # nbgrader's assignment-list command


def lab_settings(lang: str, teacher: bool = False) -> dict[str, dict]:
    """The ``labconfig`` files of a student's (or a teacher's) JupyterLab, by file name.

    ``page_config.json`` turns nbgrader's teacher plugins off for students (on, explicitly,
    for teachers, over any lower-level setting); ``default_setting_overrides.json`` sets the
    interface language and, for students, no news pop-up or update check, and a menu
    "作业 / Assignments" with nbgrader's assignment list in place of nbgrader's own menu.
    """
    lang = i18n.normalise_lang(lang)
    overrides: dict[str, dict] = {TRANSLATION: {"locale": LAB_LOCALES.get(lang, "en")}}
    if not teacher:
        overrides[NOTIFICATIONS] = {"fetchNews": "false", "checkForUpdates": False}
        overrides[MAIN_MENU] = {"menus": [{
            "id": "jp-mainmenu-suyang-assignments", "label": ASSIGNMENTS_MENU[lang],
            "rank": 900, "items": [{"command": ASSIGNMENT_LIST}]}]}
    return {"page_config.json": {"disabledExtensions": {p: not teacher for p in TEACHER_PLUGINS}},
            "default_setting_overrides.json": overrides}


def write_lab_settings(lang: str, teacher: bool = False,
                       config_dir: Path | None = None) -> list[Path]:
    """Write :func:`lab_settings` into ``config_dir/labconfig`` (default: this
    environment's ``etc/jupyter``, which every JupyterLab started from it reads: Binder).
    Other settings in those files are kept; the ones this function owns are replaced."""
    config_dir = Path(config_dir) if config_dir else Path(sys.prefix) / "etc" / "jupyter"
    folder = config_dir / "labconfig"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, ours in lab_settings(lang, teacher).items():
        path = folder / name
        data = json.loads(path.read_text("utf-8")) if path.is_file() else {}
        if teacher:  # a teacher's JupyterLab has nothing of a student's left in it
            for key in (NOTIFICATIONS, MAIN_MENU):
                data.pop(key, None)
        for key, value in ours.items():
            if isinstance(value, dict) and isinstance(data.get(key), dict):
                data[key] = {**data[key], **value}
            else:
                data[key] = value
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", "utf-8")
        path.chmod(0o644)  # the hub's accounts read it
        written.append(path)
    return written


def write_lab_locale(lang: str, prefix: Path | None = None) -> Path:
    """Make JupyterLab's own interface speak ``lang`` (settings overrides in the env)."""
    prefix = prefix or Path(sys.prefix)
    path = prefix / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    settings = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    settings.setdefault(TRANSLATION, {})["locale"] = LAB_LOCALES.get(lang, "en")
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


def lab_env(config_dir: Path, env: dict[str, str] | None = None) -> dict[str, str]:
    """``env`` with ``config_dir`` first on JupyterLab's config path (it wins over the
    user's and the environment's own settings)."""
    env = dict(os.environ if env is None else env)
    rest = env.get("JUPYTER_CONFIG_PATH")
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join([str(config_dir), *([rest] if rest else [])])
    return env


def prepare(lang: str, root: Path | None = None) -> Path:
    """Render the student views and set the interface language; return the views folder."""
    lang = i18n.normalise_lang(lang)
    written = build(lang, root=root)
    write_lab_locale(lang)
    return written[-1].parent  # the index notebook's folder


def prepare_settings(views: Path, lang: str, teacher: bool = False) -> Path:
    """Write the student's (or teacher's) JupyterLab settings next to ``views``
    (``build/lab/student`` or ``build/lab/teacher``); return that folder for :func:`lab_env`."""
    config = views.parent / "lab" / ("teacher" if teacher else "student")
    write_lab_settings(lang, teacher, config)
    return config


def run(lang: str, port: int | None = None, token: str | None = None,
        open_browser: bool = True, ip: str | None = None, teacher: bool = False) -> None:
    """Prepare, then replace this process with the JupyterLab server: a student's
    JupyterLab, or everything with ``teacher``."""
    views = prepare(lang)
    config = prepare_settings(views, lang, teacher)
    env = lab_env(config, {**os.environ, "SUYANG_LANG": i18n.normalise_lang(lang)})
    cmd = lab_command(views, port=port, token=token, open_browser=open_browser, ip=ip)
    os.execve(cmd[0], cmd, env)
