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


def as_released(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """An assignment as students get it: nbgrader's ClearSolutions and ClearHiddenTests."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    nb.metadata.setdefault("kernelspec", {"name": "python3", "language": "python",
                                          "display_name": "Python 3 (ipykernel)"})
    nb.metadata["kernelspec"].setdefault("language", "python")
    for pre in (ClearSolutions(), ClearHiddenTests()):
        nb, _ = pre.preprocess(nb, {})
    return nb


def build_one(ref: NotebookRef, lang: str, out: Path, student: bool = False) -> Path:
    """Render one notebook (and copy its assets) under ``out``; return the written path.

    ``student``: an assignment is written as released (no solutions, no hidden tests);
    without it, as the teacher's nbgrader source.
    """
    target = out / ref.path
    target.parent.mkdir(parents=True, exist_ok=True)
    nb = render(ref.read(), lang)
    if student and ref.kind == "assignment":
        nb = as_released(nb)
    nbformat.write(nb, target)
    _copy_assets(ref.folder, target.parent)
    return target


def build(lang: str, out: Path | None = None, root: Path | None = None) -> list[Path]:
    """Render every lesson and assignment (as released), plus the index, in one language."""
    root = root or find_root()
    lang = i18n.normalise_lang(lang)
    out = (out or root / "build" / lang).resolve()
    written = [build_one(ref, lang, out, student=True) for ref in iter_notebooks(root)]
    index = out / "index.ipynb"
    nbformat.write(catalog.index_notebook(root, lang), index)
    written.append(index)
    return written
