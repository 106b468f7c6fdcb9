"""The app view (应用模式): lessons served by Voilà for pupils and seniors (``suyang app``).

Voilà renders a notebook as a page of text, pictures and live widgets, with no code. The
kit configures it once, for every way a learner reaches it (``suyang app``, ``make app``,
Binder, the school hub): its own template (nothing fetched from the internet, the
large-print palette for seniors, labels a screen reader announces, a calm page in the
learner's language instead of an error page), only the JupyterLab extension Voilà needs
(the widget manager: the nbgrader, jupytext and notebook extensions fail inside Voilà),
and a time limit per cell. The settings are written into the Python environment's own
Jupyter folders, where both Voilà on its own and Voilà's server extension read them.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

from . import i18n

TEMPLATE = "suyang"
TEMPLATE_SOURCE = Path(__file__).parent / "voila" / TEMPLATE
CELL_TIMEOUT = 60  # seconds: a lesson cell that takes longer is stopped, the page goes on
# Voilà writes this where it would print a Python error or a time-out; the page's script
# (voila/suyang/suyang.js) turns it into the learner's notice and CSS hides the rest.
TROUBLE_MARKER = "suyang-cell-trouble"
# Voilà's own widget manager and the ipywidgets plugins it serves; nothing else
EXTENSIONS = ["@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager"]


def voila_settings() -> dict[str, Any]:
    """The kit's Voilà configuration (traitlets config as JSON)."""
    return {
        "VoilaConfiguration": {
            "template": TEMPLATE,
            "theme": "light",
            "show_tracebacks": False,
            "extension_allowlist": EXTENSIONS,
        },
        "VoilaExecutor": {
            "timeout": CELL_TIMEOUT,
            "interrupt_on_timeout": True,
            # one failing cell (an assignment's visible test before it is answered, a
            # lesson's slip) must not hide the rest of the page
            "allow_errors": True,
            "cell_error_instruction": TROUBLE_MARKER,
            "cell_timeout_instruction": TROUBLE_MARKER,
        },
    }


VOILA_PY = """# Written by suyang.app.install: the kit's page settings for Voilà (see voila.json).
from suyang.app import offline_page_config

c.VoilaConfiguration.page_config_hook = offline_page_config  # noqa: F821
"""


def offline_page_config(page_config: dict[str, Any], base_url: str = "/", *args: Any,
                        **kwargs: Any) -> dict[str, Any]:
    """Voilà's page settings with MathJax's CDN address replaced by a local empty script.

    A school's computer room may have no internet, and a request that cannot be answered
    is an error in the learner's page; the kit's app-view lessons write no formulas.
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    page_config["fullMathjaxUrl"] = f"{base}voila/templates/{TEMPLATE}/static/no-mathjax.js"
    return page_config


def install(prefix: Path | None = None) -> list[Path]:
    """Put the kit's Voilà template and settings into an environment; return what was written.

    ``voila.json`` (read by Voilà and by its server extension) holds the template and the
    extensions; the per-cell limit also goes into the server's ``jupyter_server_config.json``
    (merged with what is there), because Voilà's server extension hands the server's own
    config to the notebook executor (the ``.d`` folder only enables extensions).
    """
    prefix = prefix or Path(sys.prefix)
    templates = prefix / "share" / "jupyter" / "voila" / "templates" / TEMPLATE
    if templates.exists():
        shutil.rmtree(templates)
    shutil.copytree(TEMPLATE_SOURCE, templates)
    etc = prefix / "etc" / "jupyter"
    settings = voila_settings()
    voila_json = etc / "voila.json"
    server_json = etc / "jupyter_server_config.json"
    etc.mkdir(parents=True, exist_ok=True)
    voila_json.write_text(json.dumps(settings, indent=2), "utf-8")
    (etc / "voila.py").write_text(VOILA_PY, "utf-8")
    server = json.loads(server_json.read_text("utf-8")) if server_json.is_file() else {}
    server["VoilaExecutor"] = settings["VoilaExecutor"]
    server_json.write_text(json.dumps(server, indent=2), "utf-8")
    return [templates, voila_json, etc / "voila.py", server_json]


def app_url(path: str = "index.ipynb") -> str:
    """The URL path (under the server's base) of one notebook of the app build."""
    return f"/voila/render/app/{path.lstrip('/')}"


def app_command(views: Path, path: str = "index.ipynb", port: int | None = None,
                token: str | None = None, open_browser: bool = True,
                ip: str | None = None) -> list[str]:
    """The server command that opens ``path`` of the app build (under ``views/app``).

    The server is JupyterLab's, with Voilà's server extension: the app index links each
    lesson's notebook too ("作为笔记本打开"), which needs ``/lab`` on the same server.
    """
    from .lab import lab_command

    cmd = lab_command(views, port=port, token=token, open_browser=open_browser, ip=ip)
    cmd = [arg for arg in cmd if not arg.startswith("--LabApp.default_url=")]
    return [*cmd, f"--ServerApp.default_url={app_url(path)}"]


def prepare(lang: str, root: Path | None = None) -> Path:
    """Render both views in ``lang`` and configure Voilà; return the views folder."""
    from .lab import prepare as prepare_views

    views = prepare_views(lang, root=root)
    install()
    return views


def resolve_path(views: Path, target: str | None) -> str:
    """A lesson named on the command line, as a path inside the app build.

    Accepts a path inside the kit (``curriculum/primary/01-class-survey``), a lesson id
    (``primary-01-class-survey``) or nothing (the index).
    """
    app = views / "app"
    if not target:
        return "index.ipynb"
    candidates = [Path(target)]
    level, _, rest = target.partition("-")
    if rest:
        candidates.append(Path("curriculum") / level / rest)
        candidates.append(Path("assignments") / target)
    for candidate in candidates:
        rel = Path(*[p for p in candidate.parts if p not in (".", "build")])
        found = app / rel
        if found.is_dir():
            notebooks = sorted(found.glob("*.ipynb"))
            if notebooks:
                return notebooks[0].relative_to(app).as_posix()
        if found.suffix == ".ipynb" and found.is_file():
            return found.relative_to(app).as_posix()
    raise FileNotFoundError(i18n.t("app.not_found", target=target))


def run(lang: str, target: str | None = None, port: int | None = None,
        token: str | None = None, open_browser: bool = True, ip: str | None = None) -> None:
    """Prepare, then replace this process with the server at the lesson's app view."""
    from .lab import lab_env, prepare_settings

    views = prepare(lang)
    path = resolve_path(views, target)
    # the "open as a notebook" links lead to a student's JupyterLab (no teacher tools)
    config = prepare_settings(views, lang, teacher=False)
    env = lab_env(config, {**os.environ, "SUYANG_LANG": i18n.normalise_lang(lang)})
    cmd = app_command(views, path, port=port, token=token, open_browser=open_browser, ip=ip)
    os.execve(cmd[0], cmd, env)
