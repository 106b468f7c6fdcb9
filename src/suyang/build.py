"""Render the one-language student views of every notebook (``suyang build``).

The build is a list of small steps over a notebook, nbgrader-style: drop the other
languages' cells, strip the language tags, record the view's language, clear outputs.
nbgrader metadata is never touched, so a rendered assignment is still a valid nbgrader
source notebook for a course (``suyang course init``). The student views that ``suyang
build`` and ``suyang lab`` write are different: there an assignment is shown as nbgrader
releases it, solutions and hidden tests removed by nbgrader's own preprocessors, since
the views are what students open (locally, on Binder or on a shared hub).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat

from . import catalog, i18n
from .notebooks import (
    LANG_TAG_PREFIX,
    VIEW_TAGS,
    VIEWS,
    NotebookRef,
    cell_lang,
    cell_view,
    find_root,
    iter_notebooks,
)

Step = Callable[[nbformat.NotebookNode, str], nbformat.NotebookNode]
ASSET_SKIP = {".ipynb_checkpoints", "__pycache__", "plan.md"}
APP_FOLDER = "app"  # the app build sits inside the notebook build: <out>/app/...


def keep_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Keep shared cells and the cells of ``lang``; drop the other languages."""
    nb.cells = [c for c in nb.cells if cell_lang(c) in (None, lang)]
    return nb


BOTH = "both"  # an assignment's course source: one file, opened either way


def keep_view(nb: nbformat.NotebookNode, view: str) -> nbformat.NotebookNode:
    """Keep shared cells and the cells of ``view``; drop the other view's cells.

    ``both`` keeps every cell: an assignment is one file that a pupil fetches and opens
    in JupyterLab or as an app, so neither view's cells may be dropped before release;
    the app's template leaves ``notebook-only`` cells off the page."""
    if view == BOTH:
        return nb
    nb.cells = [c for c in nb.cells if cell_view(c) in (None, view)]
    nb.metadata.setdefault("suyang", {})["view"] = view
    if view == "app":
        for cell in nb.cells:
            if cell.cell_type == "code":
                cell.source = quiet_setup(cell.source)
    return nb


def quiet_setup(source: str) -> str:
    """``suyang.setup("zh")`` as a cell's last line shows the language it set ('zh'),
    which helps in a notebook and puzzles a pupil in the app: end it with ';'."""
    import ast

    try:
        tree = ast.parse(source)
    except SyntaxError:
        return source
    last = tree.body[-1] if tree.body else None
    if not (isinstance(last, ast.Expr) and isinstance(last.value, ast.Call)):
        return source
    func = last.value.func
    if getattr(func, "attr", getattr(func, "id", None)) != "setup":
        return source
    stripped = source.rstrip()
    return source if stripped.endswith(";") else stripped + ";"


def strip_lang_tags(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Remove ``lang-*`` and view tags (and an emptied tag list) so the view looks plain.

    ``notebook-only`` stays in the notebook view: an assignment released from it and
    opened in the app view (a pupil's fetched copy on the hub) still hides those cells
    (the kit's Voilà template skips them).
    """
    for cell in nb.cells:
        tags = cell.metadata.get("tags")
        if tags is None:
            continue
        kept = [t for t in tags if not t.startswith(LANG_TAG_PREFIX)
                and (t not in VIEW_TAGS or t == "notebook-only")]
        if kept:
            cell.metadata["tags"] = kept
        else:
            del cell.metadata["tags"]
    return nb


def record_lang(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Note the view's language in metadata, and JupyterLab's spell/language hint."""
    nb.metadata.setdefault("suyang", {})["lang"] = lang
    nb.metadata["language_info"] = {"name": "python"}
    return nb


def clear_outputs(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Student views start clean even if a source was saved with outputs."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return nb


STEPS: list[Step] = [keep_language, strip_lang_tags, record_lang, clear_outputs]


def render(nb: nbformat.NotebookNode, lang: str, view: str = "notebook") -> nbformat.NotebookNode:
    """The student view of one notebook in one language, as a notebook or as an app."""
    lang = i18n.normalise_lang(lang)
    if view not in (*VIEWS, BOTH):
        raise ValueError(f"view must be one of {', '.join(VIEWS)}, not {view!r}")
    nb = keep_view(nb, view)
    for step in STEPS:
        nb = step(nb, lang)
    return nb


def _copy_assets(src: Path, dst: Path) -> None:
    """Copy a lesson's other files (check declarations, images) beside its view."""
    for item in src.iterdir():
        if item.name in ASSET_SKIP or item.suffix == ".ipynb" or item.name.startswith("."):
            continue
        target = dst / item.name
        if item.is_dir():
            shutil.copytree(item, target, dirs_exist_ok=True)
        else:
            shutil.copy2(item, target)


def as_released(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """An assignment as students get it: nbgrader's ClearSolutions and ClearHiddenTests."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    nb.metadata.setdefault("kernelspec", {"name": "python3", "language": "python",
                                          "display_name": "Python 3 (ipykernel)"})
    nb.metadata["kernelspec"].setdefault("language", "python")
    for pre in (ClearSolutions(), ClearHiddenTests()):
        nb, _ = pre.preprocess(nb, {})
    return nb


def build_one(ref: NotebookRef, lang: str, out: Path, student: bool = False,
              view: str = "notebook") -> Path:
    """Render one notebook (and copy its assets) under ``out``; return the written path.

    ``student``: an assignment is written as released (no solutions, no hidden tests);
    without it, as the teacher's nbgrader source.
    """
    target = out / ref.path
    target.parent.mkdir(parents=True, exist_ok=True)
    nb = render(ref.read(), lang, view)
    if student and ref.kind == "assignment":
        nb = as_released(nb)
    nbformat.write(nb, target)
    _copy_assets(ref.folder, target.parent)
    return target


def build(lang: str, out: Path | None = None, root: Path | None = None,
          app_url: str | None = None) -> list[Path]:
    """Render every lesson and assignment (as released), plus the index, in one language.

    Both views are written: the notebook build in ``out`` and the app build in
    ``out/app``, each with its index. ``app_url`` is where the app build is served
    (``<base>voila/render/<path of out/app>/``); the notebook index links every lesson
    there as well as to its notebook. The last path returned is the notebook index.
    """
    root = root or find_root()
    lang = i18n.normalise_lang(lang)
    out = (out or root / "build" / lang).resolve()
    app_out = out / APP_FOLDER
    if app_out.exists():
        shutil.rmtree(app_out)  # generated: a lesson removed from the kit leaves no app
    refs = list(iter_notebooks(root))
    written = [build_one(ref, lang, app_out, student=True, view="app") for ref in refs]
    nbformat.write(catalog.index_notebook(root, lang, view="app"), app_out / "index.ipynb")
    written.append(app_out / "index.ipynb")
    written += [build_one(ref, lang, out, student=True) for ref in refs]
    written.append(write_index(lang, out, root, app_url))
    return written


def write_index(lang: str, out: Path, root: Path | None = None,
                app_url: str | None = None) -> Path:
    """(Re)write the notebook view's index, whose app links depend on the server's base.

    Binder and a hub know the base (``/user/<name>/``) only when a learner's server
    starts: their start-up step calls this alone, in a second, instead of a whole build.
    """
    root = root or find_root()
    index = out / "index.ipynb"
    nbformat.write(catalog.index_notebook(root, i18n.normalise_lang(lang),
                                          app_url=app_url or default_app_url()), index)
    return index


def default_app_url(server_root: str = "") -> str:
    """Where the app build is served when the notebook build is the server's root.

    The base is JupyterHub's per-user prefix when there is one (a hub, Binder), else "/".
    """
    import os

    base = os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/")
    base = base if base.endswith("/") else base + "/"
    inner = f"{server_root.strip('/')}/" if server_root.strip("/") else ""
    return f"{base}voila/render/{inner}{APP_FOLDER}/"
