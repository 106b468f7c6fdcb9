"""Render the one-language student views of every notebook (``suyang build``).

The build is a list of small steps over a notebook, nbgrader-style: drop the other
languages' cells, strip the language tags, record the view's language, clear outputs.
nbgrader metadata is never touched, so a rendered assignment is still a valid nbgrader
source notebook.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat

from . import catalog, i18n
from .notebooks import LANG_TAG_PREFIX, NotebookRef, cell_lang, find_root, iter_notebooks

Step = Callable[[nbformat.NotebookNode, str], nbformat.NotebookNode]
ASSET_SKIP = {".ipynb_checkpoints", "__pycache__", "plan.md"}


def keep_language(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Keep shared cells and the cells of ``lang``; drop the other languages."""
    nb.cells = [c for c in nb.cells if cell_lang(c) in (None, lang)]
    return nb


def strip_lang_tags(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """Remove ``lang-*`` tags (and an emptied tag list) so the view looks plain."""
    for cell in nb.cells:
        tags = cell.metadata.get("tags")
        if tags is None:
            continue
        kept = [t for t in tags if not t.startswith(LANG_TAG_PREFIX)]
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


def render(nb: nbformat.NotebookNode, lang: str) -> nbformat.NotebookNode:
    """The student view of one notebook in one language."""
    lang = i18n.normalise_lang(lang)
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


def build_one(ref: NotebookRef, lang: str, out: Path) -> Path:
    """Render one notebook (and copy its assets) under ``out``; return the written path."""
    target = out / ref.path
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(render(ref.read(), lang), target)
    _copy_assets(ref.folder, target.parent)
    return target


def build(lang: str, out: Path | None = None, root: Path | None = None) -> list[Path]:
    """Render every lesson and assignment, plus the index notebook, in one language."""
    root = root or find_root()
    lang = i18n.normalise_lang(lang)
    out = (out or root / "build" / lang).resolve()
    written = [build_one(ref, lang, out) for ref in iter_notebooks(root)]
    index = out / "index.ipynb"
    nbformat.write(catalog.index_notebook(root, lang), index)
    written.append(index)
    return written
