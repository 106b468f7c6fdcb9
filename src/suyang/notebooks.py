"""Finding the kit's notebooks and reading their ``suyang`` metadata.

A notebook's kind comes from where it lives: ``curriculum/<level>/<NN-slug>/`` holds
lessons, ``assignments/<level>-<NN-slug>/`` holds nbgrader source notebooks.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

LANG_TAG_PREFIX = "lang-"
# A cell for one view only: the app view (Voilà, for pupils and seniors) leaves out
# ``notebook-only`` cells ("try changing this number in the code"), the notebook view
# leaves out ``app-only`` cells. Untagged cells are in both: one source serves both views.
VIEW_TAGS = {"notebook-only": "notebook", "app-only": "app"}
VIEWS = ("notebook", "app")
APP_LEVELS = ("primary", "seniors")
SKIP_DIRS = {".ipynb_checkpoints", "__pycache__", "build"}


@dataclass(frozen=True)
class NotebookRef:
    """One source notebook of the kit, relative to the repository root."""

    root: Path
    path: Path  # relative to root

    @property
    def kind(self) -> str:
        return "assignment" if self.path.parts[0] == "assignments" else "lesson"

    @property
    def folder(self) -> Path:
        return self.root / self.path.parent

    @property
    def expected_id(self) -> str:
        """The id the folder implies: 'middle-01-reading-tables'."""
        if self.kind == "assignment":
            return self.path.parent.name
        return f"{self.path.parts[1]}-{self.path.parent.name}"

    def read(self) -> nbformat.NotebookNode:
        return nbformat.read(self.root / self.path, as_version=4)


def find_root(start: Path | None = None) -> Path:
    """The kit's root: SUYANG_ROOT, else the nearest folder up holding ``curriculum/``."""
    if os.environ.get("SUYANG_ROOT"):
        return Path(os.environ["SUYANG_ROOT"]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "curriculum").is_dir() or (folder / "assignments").is_dir():
            return folder
    raise FileNotFoundError(
        f"no Suyang kit found at or above {here}: expected a 'curriculum/' folder "
        "(run from the kit's folder or set SUYANG_ROOT)"
    )


def _ipynbs(folder: Path) -> Iterator[Path]:
    if not folder.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".ipynb"):
                yield Path(dirpath) / name


def iter_notebooks(root: Path) -> Iterator[NotebookRef]:
    """Every lesson, then every assignment source notebook, in path order."""
    for top in ("curriculum", "assignments"):
        for path in _ipynbs(root / top):
            yield NotebookRef(root, path.relative_to(root))


def suyang_meta(nb: nbformat.NotebookNode) -> dict[str, Any]:
    """The notebook's ``suyang`` metadata block ({} when absent)."""
    return dict(nb.metadata.get("suyang", {}))


def cell_lang(cell: nbformat.NotebookNode) -> str | None:
    """The language a cell is tagged with ('zh', 'en' …), or None for shared cells."""
    for tag in cell.get("metadata", {}).get("tags", []):
        if tag.startswith(LANG_TAG_PREFIX):
            return tag[len(LANG_TAG_PREFIX):]
    return None


def cell_view(cell: nbformat.NotebookNode) -> str | None:
    """The one view a cell belongs to ('notebook' or 'app'), or None for both."""
    for tag in cell.get("metadata", {}).get("tags", []):
        if tag in VIEW_TAGS:
            return VIEW_TAGS[tag]
    return None


def opens_as_app(meta: dict[str, Any]) -> bool:
    """Does a learner open this notebook in the app view by default?

    Pupils and seniors do (every primary and seniors notebook); any other notebook opts in
    with ``app: true`` in its ``suyang`` metadata.
    """
    return meta.get("level") in APP_LEVELS or bool(meta.get("app"))
