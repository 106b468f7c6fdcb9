"""The Binder configuration (``binder/``) builds, proven without a Docker engine.

Two levels of proof. repo2docker renders the Dockerfile it would build (``--no-build``), so
the build plan itself is checked: Python 3.11, the CJK font, every runtime dependency, the
language pack and ``postBuild``. Then the same steps run for real in a fresh virtual
environment: install ``binder/requirements.txt``, run ``binder/postBuild``, start that
environment's JupyterLab and open the README's launch links and the Chinese index in
Chromium, as a student arriving from a Binder badge would.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import nbformat
import pytest
import requests
from browser import SHOTS, chromium_page, free_port, need_browser, stop_process, wait_for_http
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
BINDER = ROOT / "binder"
REPO2DOCKER = Path(sys.executable).parent / "jupyter-repo2docker"
BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^\s)`>\"]+")
PLACEHOLDER_SLUG = "suyang-kit/suyang"


# ---------------------------------------------------------------- helpers


def _copy_tracked(dest: Path) -> Path:
    """Copy the files git tracks (not local build outputs) into ``dest``, as Binder's clone
    would see them; file modes (postBuild's executable bit) are kept."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True,
                            capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        src = ROOT / rel
        if not src.is_file():  # deleted in the working tree, not yet committed
            continue
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, target)
    return dest


def _requirement_lines(path: Path) -> list[str]:
    """The requirement lines of a requirements file, comments and blanks dropped."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text("utf-8").splitlines())
    return [line for line in lines if line]


def _pins(path: Path) -> dict[str, Requirement]:
    """The named requirements of ``path`` (everything but the local ``.``), by canonical name."""
    reqs = [Requirement(line) for line in _requirement_lines(path) if line != "."]
    return {canonicalize_name(r.name): r for r in reqs}


def _runtime_dependencies() -> dict[str, Requirement]:
    """pyproject.toml's ``[project].dependencies``, what ``.`` in requirements.txt means."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    reqs = [Requirement(d) for d in project["dependencies"]]
    return {canonicalize_name(r.name): r for r in reqs}


def _pinned_version(req: Requirement) -> str:
    """The version of an ``==`` pin (a Binder build is reproducible only with pins)."""
    specs = list(req.specifier)
    assert len(specs) == 1 and specs[0].operator == "==", f"{req} is not pinned with =="
    return specs[0].version


def _unescape(text: str) -> str:
    """repo2docker names the files it copies into the image with escapism (``-2e`` is
    ``.``); decode them so the chosen environment lock reads as a plain file name."""
    return re.sub(r"-([0-9a-f]{2})", lambda m: chr(int(m[1], 16)), text)


def _launch_links(text: str) -> list[str]:
    """Every distinct mybinder.org launch link in ``text``, in order of appearance."""
    return list(dict.fromkeys(BINDER_LINK.findall(text)))


VIEW_PREFIXES = ("lab/tree/", "voila/render/", "voila/tree/")


def _urlpath(link: str) -> str:
    return parse_qs(urlparse(link).query)["urlpath"][0]


def _urlpath_target(link: str) -> str:
    """The repository path a Binder link opens: ``urlpath=lab/tree/<path>`` (JupyterLab),
    ``voila/render/<path>`` (a lesson as an app) or ``voila/tree/<path>`` (a folder of apps)."""
    urlpath = _urlpath(link)
    prefix = next((p for p in VIEW_PREFIXES if urlpath.startswith(p)), None)
    assert prefix, link
    return urlpath.removeprefix(prefix).rstrip("/")


def _need_repo2docker() -> None:
    """Skip on a machine without repo2docker; CI installs the dev extra and must run it."""
    if not REPO2DOCKER.exists():
        if os.environ.get("CI"):
            raise AssertionError("CI installs jupyter-repo2docker with the dev extra")
        pytest.skip("jupyter-repo2docker is not installed")


# ---------------------------------------------------------------- the build plan (fast)


@pytest.fixture(scope="module")
def plan(tmp_path_factory) -> tuple[str, str]:
    """repo2docker's Dockerfile for a clean copy of the repository, and its log."""
    _need_repo2docker()
    copy = _copy_tracked(tmp_path_factory.mktemp("r2d") / "repo")
    done = subprocess.run([str(REPO2DOCKER), "--no-build", "--debug", "--user-id", "1000",
                           "--user-name", "jovyan", "."], cwd=copy, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout, done.stderr


def test_plan_uses_python_311(plan):
    dockerfile, log = plan
    assert (BINDER / "runtime.txt").read_text("utf-8").strip() == "python-3.11"
    assert "Building conda environment for python=3.11" in log
    assert "environment.py-3.11-linux-64.lock" in _unescape(dockerfile)


def test_plan_installs_the_cjk_font(plan):
    dockerfile, _ = plan
    assert _requirement_lines(BINDER / "apt.txt") == ["fonts-noto-cjk"]
    assert re.search(r"apt-get install --yes --no-install-recommends fonts-noto-cjk\b",
                     dockerfile), dockerfile


def test_plan_installs_requirements_then_runs_postbuild(plan):
    dockerfile, _ = plan
    copy_repo = dockerfile.index("COPY --chown=1000:1000 src/ ${REPO_DIR}/")
    install = dockerfile.index('pip install --no-cache-dir -r "binder/requirements.txt"')
    post = dockerfile.index("RUN ./binder/postBuild")
    # the whole repository is in the image before pip sees ".", and postBuild runs last
    assert copy_repo < install < post
    assert dockerfile.count("RUN ./binder/postBuild") == 1


def test_requirements_pin_every_runtime_dependency():
    """``.`` installs the kit (and so pyproject's dependencies), and each dependency is also
    pinned, inside pyproject's bounds, so two Binder builds install the same versions."""
    lines = _requirement_lines(BINDER / "requirements.txt")
    assert lines[-1] == ".", "the kit itself is installed, after its pinned dependencies"
    pins, runtime = _pins(BINDER / "requirements.txt"), _runtime_dependencies()
    assert set(pins) == set(runtime), (set(runtime) - set(pins), set(pins) - set(runtime))
    assert {"jupyterlab-language-pack-zh-cn", "mplfonts", "nbgrader"} <= set(pins)
    for name, req in runtime.items():
        version = _pinned_version(pins[name])
        assert req.specifier.contains(version, prereleases=True), (req, version)
        assert pins[name].marker is None and not pins[name].extras


def test_postbuild_is_executable_in_git():
    staged = subprocess.run(["git", "ls-files", "-s", "binder/postBuild"], cwd=ROOT,
                            check=True, capture_output=True, text=True).stdout.split()
    assert staged[0] == "100755", staged
    script = (BINDER / "postBuild").read_text("utf-8")
    assert script.startswith("#!/usr/bin/env bash\n") and "set -euo pipefail" in script
    for step in ("suyang build --lang zh", "suyang build --lang en", "write_lab_locale('zh')"):
        assert step in script


def test_readme_has_three_launch_links():
    """The Chinese index, one level (a folder under curriculum/) and one lesson; each
    target's source is in the repository, so postBuild renders it."""
    links = _launch_links((ROOT / "README.md").read_text("utf-8"))
    targets = [_urlpath_target(link) for link in links]
    assert len(links) == 3, links
    assert all(f"/v2/gh/{PLACEHOLDER_SLUG}/HEAD?" in link for link in links)
    index, level, lesson = targets
    assert index == "build/zh/index.ipynb"
    assert _urlpath(links[0]).startswith("lab/tree/")
    # a primary (or seniors) level and lesson open as apps, from the app build
    assert re.fullmatch(r"build/zh/app/curriculum/(primary|seniors)", level), level
    assert _urlpath(links[1]).startswith("voila/tree/")
    assert _urlpath(links[2]).startswith("voila/render/")
    assert (ROOT / level.removeprefix("build/zh/app/")).is_dir()
    assert lesson.startswith(level + "/") and lesson.endswith(".ipynb")
    assert (ROOT / lesson.removeprefix("build/zh/app/")).is_file()
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "placeholder" in readme and "fork" in readme


# ---------------------------------------------------------------- a real build (slow)


def _fresh_env(venv: Path, home: Path) -> dict[str, str]:
    """An environment where only the fresh venv's programs and settings count: its bin first
    on PATH, Jupyter's user folders in the test's temporary folder."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "SUYANG_ROOT",
                        "JUPYTER_PATH", "JUPYTER_CONFIG_PATH", "NBGRADER_EXECUTION"}}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    env.update({
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_DATA_DIR": str(home / "data"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "lab-settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "lab-workspaces"),
        "MPLCONFIGDIR": str(home / "matplotlib"),
        "PYTHONUTF8": "1",
    })
    # no news fetch from the internet in a test; the interface language is left to postBuild
    news = home / "lab-settings" / "@jupyterlab" / "apputils-extension"
    news.mkdir(parents=True, exist_ok=True)
    (news / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}), "utf-8")
    return env


def _run(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int = 1200) -> str:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{cmd}\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def _installed_versions(venv: Path, names: list[str], env: dict[str, str]) -> dict[str, str]:
    code = ("import json, sys; from importlib.metadata import version; "
            "print(json.dumps({n: version(n) for n in sys.argv[1:]}))")
    out = _run([str(venv / "bin" / "python"), "-c", code, *names], venv, env)
    return json.loads(out)


def _start_lab(venv: Path, root: Path, env: dict[str, str], log: Path):
    """The fresh venv's JupyterLab on loopback; returns the process, base URL and token."""
    port, token = free_port(), secrets.token_hex(16)
    proc = subprocess.Popen(
        [str(venv / "bin" / "jupyter-lab"), "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={root}"],
        cwd=root, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_http(f"{base}/api/status?token={token}", proc, log)
    except AssertionError:
        stop_process(proc)
        raise
    return proc, base, token


def _contents(base: str, token: str, path: str) -> dict:
    """The server's own view of ``path`` (what a Binder link opens), without the content."""
    got = requests.get(f"{base}/api/contents/{quote(path)}", params={"content": "0"},
                       headers={"Authorization": f"token {token}"}, timeout=10)
    assert got.status_code == 200, (path, got.status_code)
    return got.json()


def _start_kernel(page, base: str, token: str, path: str) -> None:
    """Accept JupyterLab's kernel choice if it asks (a notebook without a kernelspec), then
    wait until the fresh venv's kernel for ``path`` is up and idle."""
    dialog = page.locator(".jp-Dialog .jp-mod-accept")
    try:
        dialog.wait_for(state="visible", timeout=5_000)
        dialog.click()
    except Exception:  # no dialog: the notebook names its kernel, which starts by itself
        pass
    states: list[str] = []
    for _ in range(120):
        sessions = requests.get(f"{base}/api/sessions", params={"token": token},
                                timeout=10).json()
        states = [s["kernel"]["execution_state"] for s in sessions if s["path"] == path]
        if states == ["idle"]:
            break
        page.wait_for_timeout(500)
    assert states == ["idle"], states
    # the notebook's toolbar names the kernel it got
    toolbar = page.locator(".jp-NotebookPanel-toolbar").first
    toolbar.get_by_text("Python 3 (ipykernel)").wait_for(state="visible", timeout=30_000)


def _guide_links() -> list[str]:
    """The Binder links the teacher guide gives (they must open something too)."""
    pages = sorted((ROOT / "teacher_guide").rglob("*.md")) if (ROOT / "teacher_guide").is_dir() \
        else []
    return [link for page in pages for link in _launch_links(page.read_text("utf-8"))]


def _check_views(copy: Path) -> None:
    """postBuild rendered every notebook in both languages and both views (the app build in
    build/<lang>/app), plus each one's index."""
    sources = [p for folder in ("curriculum", "assignments")
               for p in (copy / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts]
    assert sources
    for lang in ("zh", "en"):
        for folder, view in ((copy / "build" / lang, "notebook"),
                             (copy / "build" / lang / "app", "app")):
            index = nbformat.read(folder / "index.ipynb", as_version=4)
            assert index.metadata["suyang"] == {"lang": lang, "index": True, "view": view}
            for src in sources:
                meta = nbformat.read(folder / src.relative_to(copy), as_version=4).metadata
                assert (meta["suyang"]["lang"], meta["suyang"]["view"]) == (lang, view)
        # the index links each lesson's app where Binder serves it (binder/start adds the
        # launch's /user/<name>/ prefix when the server starts)
        text = (copy / "build" / lang / "index.ipynb").read_text("utf-8")
        assert f"/voila/render/build/{lang}/app/curriculum/primary/" in text


def test_fresh_venv_builds_and_opens_the_chinese_index(tmp_path):
    """pip install binder/requirements.txt, run postBuild, serve and open the launch links."""
    need_browser()
    copy = _copy_tracked(tmp_path / "repo")
    venv, home = tmp_path / "venv", tmp_path / "home"
    base_python = getattr(sys, "_base_executable", None) or shutil.which("python3")
    subprocess.run([base_python, "-m", "venv", str(venv)], check=True, timeout=300)
    env = _fresh_env(venv, home)
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
          "--disable-pip-version-check", "-r", "binder/requirements.txt"], copy, env)

    pins = _pins(copy / "binder" / "requirements.txt")
    installed = _installed_versions(venv, [*pins, "suyang"], env)
    for name, req in pins.items():
        assert installed[name] == _pinned_version(req), (name, installed[name])
    _run([str(venv / "bin" / "python"), "-c", "import suyang, nbgrader, mplfonts"], copy, env)

    out = _run(["binder/postBuild"], copy, env)
    overrides = venv / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    assert str(overrides) in out
    locale = json.loads(overrides.read_text("utf-8"))
    assert locale["@jupyterlab/translation-extension:plugin"]["locale"] == "zh_CN"
    _check_views(copy)

    index_nb = nbformat.read(copy / "build" / "zh" / "index.ipynb", as_version=4)
    title = index_nb.cells[0].source.splitlines()[0].removeprefix("# ").strip()
    assert "素养" in title

    proc, base, token = _start_lab(venv, copy, env, tmp_path / "lab.log")
    try:
        readme_links = _launch_links((copy / "README.md").read_text("utf-8"))
        kinds = [_contents(base, token, _urlpath_target(link))["type"]
                 for link in readme_links]
        assert kinds == ["notebook", "directory", "notebook"], kinds
        # Voilà's server extension answers the app links: the folder lists the lesson,
        # the lesson renders as an app with the kit's template
        import requests

        listing = requests.get(f"{base}/{_urlpath(readme_links[1])}?token={token}", timeout=120)
        assert listing.status_code == 200  # Voilà's tree page (its listing is drawn in the page)
        assert "voila-tree-main" in listing.text and "curriculum/primary" in listing.text
        lesson = requests.get(f"{base}/{_urlpath(readme_links[2])}?token={token}", timeout=300)
        assert lesson.status_code == 200
        page = lesson.content.decode("utf-8")
        assert 'id="rendered_cells"' in page and "suyang-app" in page
        for link in _guide_links():
            assert _contents(base, token, _urlpath_target(link))["type"] == "notebook", link

        with chromium_page() as page:
            page.goto(f"{base}/lab/tree/build/zh/index.ipynb?token={token}")
            heading = page.locator(".jp-RenderedMarkdown h1").filter(has_text=title).first
            heading.wait_for(state="visible", timeout=120_000)
            menus = page.locator("#jp-menu-panel .lm-MenuBar-itemLabel")
            menus.first.wait_for(timeout=30_000)
            labels = [t.strip() for t in menus.all_inner_texts()]
            # the interface speaks Chinese because of postBuild's override (the browser
            # itself asks for English)
            assert "文件" in labels and "编辑" in labels and "File" not in labels, labels
            _start_kernel(page, base, token, "build/zh/index.ipynb")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "binder-index.png"))
            errors = list(page.console_errors)  # type: ignore[attr-defined]
        assert errors == [], errors
    finally:
        stop_process(proc)
