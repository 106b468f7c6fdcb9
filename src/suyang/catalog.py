"""The catalogue of lessons and assignments, generated from notebook metadata.

Nothing here is typed twice: the CLI's table, JSON and CSV, and the index notebook that
students open first all come from the ``suyang`` blocks.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import i18n, standards
from .notebooks import find_root, iter_notebooks, opens_as_app, suyang_meta

FIELDS = ["id", "level", "grades", "title", "minutes", "objectives", "literacy",
          "standards", "prerequisites", "datasets"]


def nbgrader_points(nb: nbformat.NotebookNode) -> float:
    """Total points of an nbgrader notebook's grade cells."""
    total = 0.0
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") or meta.get("task"):
            total += float(meta.get("points", 0) or 0)
    return total


def lesson_objective(root: Path, ref: str) -> dict[str, str]:
    """The text {zh, en} of a lesson objective named '<lesson id>/<n>' (n from 1)."""
    lesson, _, n = ref.rpartition("/")
    level, _, rest = lesson.partition("-")
    for path in sorted((root / "curriculum" / level / rest).glob("*.ipynb")):
        objectives = suyang_meta(nbformat.read(path, as_version=4)).get("objectives") or {}
        try:
            return {lang: texts[int(n) - 1] for lang, texts in objectives.items()}
        except (IndexError, ValueError):
            break
    return {}


def questions(nb: nbformat.NotebookNode, root: Path) -> list[dict[str, Any]]:
    """Every grade cell of an assignment: points, whether a teacher marks it, and the
    lesson objective and literacy dimensions it assesses (from the cell's metadata)."""
    rows = []
    for cell in nb.cells:
        nbg = cell.metadata.get("nbgrader", {})
        if not nbg.get("grade"):
            continue
        meta = cell.metadata.get("suyang") or {}
        objective = meta.get("objective")
        rows.append({"grade_id": nbg.get("grade_id"), "points": nbg.get("points", 0),
                     "manual": bool(nbg.get("solution")), "objective": objective,
                     "objective_text": lesson_objective(root, objective) if objective else {},
                     "literacy": meta.get("literacy") or []})
    return rows


def entries(root: Path | None = None) -> list[dict[str, Any]]:
    """One dict per notebook: kind, path and every metadata field under its schema name."""
    root = root or find_root()
    rows: list[dict[str, Any]] = []
    for ref in iter_notebooks(root):
        nb = ref.read()
        meta = suyang_meta(nb)
        row: dict[str, Any] = {"kind": ref.kind, "path": ref.path.as_posix()}
        row.update({k: meta.get(k) for k in FIELDS})
        row.update({k: v for k, v in meta.items() if k not in row})
        if ref.kind == "assignment":
            row["points"] = nbgrader_points(nb)
            row["questions"] = questions(nb, root)
            row["assessed"] = sorted({q["objective"] for q in row["questions"]
                                      if q["objective"]})
        rows.append(row)
    level_order = list(standards.levels())
    rows.sort(key=lambda r: (r["kind"] != "lesson",
                             level_order.index(r["level"]) if r["level"] in level_order else 99,
                             r["id"] or ""))
    return rows


def to_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2)


def _flat(value: Any, lang: str) -> str:
    if isinstance(value, dict):
        value = i18n.pick(value, lang)
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return "" if value is None else str(value)


def to_csv(rows: list[dict[str, Any]], lang: str) -> str:
    cols = ["kind", "path", *FIELDS, "points", "assessed"]
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(cols)
    for row in rows:
        writer.writerow([_flat(row.get(c), lang) for c in cols])
    return buf.getvalue()


def to_table(rows: list[dict[str, Any]], lang: str) -> str:
    """A terminal table via rich (kind, id, title, minutes, literacy, standards)."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=i18n.t("catalog.title", lang))
    for key in ("kind", "id", "title", "minutes", "points", "literacy", "standards"):
        table.add_column(i18n.t(f"catalog.col.{key}", lang))
    for r in rows:
        kind = i18n.t(f"catalog.kind.{r['kind']}", lang)
        points = "" if r.get("points") is None else f"{r['points']:g}"
        table.add_row(kind, r["id"] or "?", _flat(r["title"], lang), _flat(r["minutes"], lang),
                      points, _flat(r["literacy"], lang), _flat(r["standards"], lang))
    buf = io.StringIO()
    Console(file=buf, width=200, force_terminal=False).print(table)
    return buf.getvalue()


def to_assignment_table(rows: list[dict[str, Any]], lang: str) -> str:
    """What a teacher needs before setting an assignment: per question, its points, who
    marks it, and the lesson objective and dimensions it assesses."""
    from rich.console import Console
    from rich.table import Table

    buf = io.StringIO()
    console = Console(file=buf, width=200, force_terminal=False)
    for r in (r for r in rows if r["kind"] == "assignment"):
        title = (f"{r['id']}: {_flat(r['title'], lang)} — "
                 + i18n.t("catalog.assignment_summary", lang, points=f"{r['points']:g}",
                          minutes=r["minutes"]))
        table = Table(title=title, title_justify="left")
        for key in ("question", "points", "marked_by", "objective", "literacy"):
            table.add_column(i18n.t(f"catalog.col.{key}", lang))
        for q in r["questions"]:
            marked = i18n.t("catalog.teacher" if q["manual"] else "catalog.auto", lang)
            objective = i18n.pick(q["objective_text"], lang) if q["objective_text"] else "?"
            table.add_row(q["grade_id"], f"{q['points']:g}", marked,
                          f"{objective} ({q['objective']})", ", ".join(q["literacy"]))
        console.print(table)
    return buf.getvalue()


def _level_section(level: str, rows: list[dict[str, Any]], lang: str,
                   links: Callable[[dict[str, Any]], tuple[str, str]]) -> str:
    """One level's table: each lesson linked both ways (app and notebook), its grades,
    minutes and objectives. ``links`` gives a row's (app URL, notebook URL)."""
    info = standards.levels()[level]
    cols = ("lesson", "open", "grades", "minutes", "objectives")
    lines = [f"## {info[lang] if lang in info else info['en']}", ""]
    lines.append("| " + " | ".join(i18n.t(f"index.col.{c}", lang) for c in cols) + " |")
    lines.append("|---|---|---|---|---|")
    for r in rows:
        title = i18n.pick(r["title"], lang)
        objectives = "<br>".join(i18n.pick(r["objectives"], lang) or [])
        grades = ", ".join(str(g) for g in r["grades"] or [])
        app, notebook = links(r)
        first = app if opens_as_app(r) else notebook
        both = (f"[{i18n.t('index.open_app', lang)}]({app}) · "
                f"[{i18n.t('index.open_notebook', lang)}]({notebook})")
        lines.append(f"| [{title}]({first}) | {both} | {grades} | {r['minutes']} | "
                     f"{objectives} |")
    return "\n".join(lines)


def index_markdown(rows: list[dict[str, Any]], lang: str, view: str,
                   links: Callable[[dict[str, Any]], tuple[str, str]]) -> list[str]:
    """The index's sections as markdown: the intro, every level's lessons, assignments."""
    sections = [i18n.t(f"index.intro.{view}", lang)]
    for level in standards.levels():
        lessons = [r for r in rows if r["kind"] == "lesson" and r["level"] == level]
        if lessons:
            sections.append(_level_section(level, lessons, lang, links))
    tasks = [r for r in rows if r["kind"] == "assignment"]
    if tasks:
        lines = [f"## {i18n.t('index.assignments', lang)}", ""]
        for r in tasks:
            app, notebook = links(r)
            first = app if opens_as_app(r) else notebook
            lines.append(f"- [{i18n.pick(r['title'], lang)}]({first}) "
                         f"({i18n.t('index.minutes', lang, minutes=r['minutes'])}) · "
                         f"[{i18n.t('index.open_app', lang)}]({app}) · "
                         f"[{i18n.t('index.open_notebook', lang)}]({notebook})")
        sections.append("\n".join(lines))
    return sections


def index_notebook(root: Path, lang: str, view: str = "notebook",
                   app_url: str = "/voila/render/app/") -> nbformat.NotebookNode:
    """The notebook students open first: every lesson by level, then the assignments.

    The notebook view's index is markdown: a lesson's notebook by its relative path (JupyterLab
    opens it), its app at ``app_url`` + path (an absolute path, which JupyterLab leaves to the
    browser). The app view's index (shown by Voilà) is one code cell, because the notebook
    URL depends on where the server put the app build, which only the running page knows.
    """
    if view == "app":
        cells = [new_code_cell(f"from suyang.catalog import show_index\nshow_index({lang!r})")]
    else:
        rows = entries(root)
        cells = [new_markdown_cell(text) for text in index_markdown(
            rows, lang, "notebook", lambda r: (app_url + r["path"], r["path"]))]
    nb = new_notebook(cells=cells)
    nb.metadata["suyang"] = {"lang": lang, "index": True, "view": view}
    # a kernel named up front: JupyterLab (Binder, a hub) opens the index without asking
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    return nb


def notebook_base(script_name: str | None = None) -> str:
    """From the app index's own URL (Voilà's SCRIPT_NAME), the URL of the notebook build.

    ``<base>voila/render/<dir>/app/index.ipynb`` -> ``<base>lab/tree/<dir>/``.
    """
    import os

    script = script_name if script_name is not None else os.environ.get("SCRIPT_NAME", "")
    marker = "voila/render/"
    if marker not in script or "/app/" not in script:
        return "../"  # outside a Jupyter server: the notebook build is one folder up
    head, _, tail = script.partition(marker)
    folder = tail.rsplit("app/", 1)[0]
    return f"{head}lab/tree/{folder}"


def show_index(lang: str) -> None:
    """Display the app view's index (in Voilà): apps by relative link, notebooks in JupyterLab."""
    from IPython.display import Markdown, display

    i18n.set_lang(lang)
    nb_base = notebook_base()
    rows = entries(find_root())  # the app build beside this index has the same metadata
    for text in index_markdown(rows, lang, "app", lambda r: (r["path"], nb_base + r["path"])):
        display(Markdown(text))
