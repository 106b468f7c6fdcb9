"""An nbgrader course set up from the kit in one command (``suyang course init``).

A teacher should not have to learn nbgrader's folder layout, write its config file or
type students into its gradebook before the first lesson. ``init_course`` does all of it
from the kit's ``assignments/`` and the class list the school already has (an Excel CSV,
often GBK-encoded, with Chinese headers). Running it again is always safe: it only adds
what is missing and never touches what a teacher may have edited, so it doubles as
"add these new assignments / these new students".

Other tools (collect, grade, feedback) read a course through :func:`load_course`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from . import __version__, i18n, standards
from .build import ASSET_SKIP, BOTH, render
from .notebooks import NotebookRef, find_root, iter_notebooks, suyang_meta

CONFIG_FILE = "nbgrader_config.py"
STATE_FILE = Path(".suyang") / "course.json"
ROSTER_FILE = "roster.csv"
EXECUTE_TIMEOUT = 120  # seconds per cell: generous for a school PC, still stops a stuck loop

# Roster headers a teacher's spreadsheet may use, mapped onto the kit's column names.
HEADER_ALIASES = {
    "student_id": "student_id", "studentid": "student_id", "id": "student_id",
    "学号": "student_id", "学籍号": "student_id",
    "name": "name", "姓名": "name", "名字": "name",
    "class": "class", "班级": "class",
}
# A student id becomes a folder name in nbgrader's layout, so it must be a safe one.
SAFE_ID = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]*$")


class CourseError(ValueError):
    """A problem the teacher can fix, already worded in their language."""


class RosterError(CourseError):
    """The class list cannot be read: wrong columns, duplicate ids, empty file …"""


# --------------------------------------------------------------------------- roster


@dataclass(frozen=True)
class RosterEntry:
    """One student from the class list; ``extra`` keeps columns such as ``class``."""

    student_id: str
    name: str
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=True)


def _decode_roster(data: bytes, path: Path, lang: str | None) -> str:
    """Text of a CSV saved by Excel or WPS: UTF-8 (with or without BOM), UTF-16 or GBK."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterError(i18n.t("roster.encoding", lang, path=path))


def _header_key(cell: str) -> str:
    """'学号 ', 'Student ID', 'student_id' -> the kit's column name (or the cell itself)."""
    text = cell.strip().lstrip("\ufeff").strip()
    compact = re.sub(r"[\s_-]+", "", text).lower()
    return HEADER_ALIASES.get(text, HEADER_ALIASES.get(compact, text))


def _csv_rows(text: str) -> list[list[str]]:
    """Rows of a comma- or tab-separated file (Excel's "Unicode text" uses tabs)."""
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [row for row in rows if any(cell.strip() for cell in row)]


def _entry(row: list[str], header: list[str], line: int, path: Path,
           lang: str | None) -> RosterEntry:
    values = {key: (row[i].strip() if i < len(row) else "") for i, key in enumerate(header)}
    student_id, name = values.pop("student_id"), values.pop("name")
    if not student_id or not name:
        raise RosterError(i18n.t("roster.blank", lang, path=path, line=line))
    if not SAFE_ID.match(student_id) or ".." in student_id:
        raise RosterError(i18n.t("roster.bad_id", lang, path=path, line=line, id=student_id))
    extra = {k: v for k, v in values.items() if k}
    return RosterEntry(student_id, name, extra)


def read_roster(path: Path | str, lang: str | None = None) -> list[RosterEntry]:
    """The class list at ``path``, whatever spreadsheet program and encoding saved it.

    Headers ``student_id,name`` or ``学号,姓名`` (plus optional ``班级``/``class`` and any
    other column, kept in ``extra``). Ids stay strings so leading zeros survive. Errors
    (empty file, missing columns, blank cells, duplicate ids) name the file and line.
    """
    path = Path(path)
    if not path.is_file():
        raise RosterError(i18n.t("roster.missing", lang, path=path))
    rows = _csv_rows(_decode_roster(path.read_bytes(), path, lang))
    if not rows:
        raise RosterError(i18n.t("roster.empty", lang, path=path))
    header = [_header_key(cell) for cell in rows[0]]
    missing = [c for c in ("student_id", "name") if c not in header]
    if missing:
        raise RosterError(i18n.t("roster.columns", lang, path=path, missing=", ".join(missing),
                                 found=", ".join(c.strip() for c in rows[0])))
    entries = [_entry(row, header, line, path, lang)
               for line, row in enumerate(rows[1:], start=2)]
    if not entries:
        raise RosterError(i18n.t("roster.empty", lang, path=path))
    counts = Counter(e.student_id for e in entries)
    dupes = sorted(sid for sid, n in counts.items() if n > 1)
    if dupes:
        raise RosterError(i18n.t("roster.duplicates", lang, path=path, ids=", ".join(dupes)))
    return entries


def write_roster(entries: Sequence[RosterEntry], path: Path) -> None:
    """Save the normalised class list: UTF-8, ``student_id,name`` then the extra columns."""
    extras: list[str] = []
    for entry in entries:
        extras += [k for k in entry.extra if k not in extras]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["student_id", "name", *extras])
    for e in entries:
        writer.writerow([e.student_id, e.name, *(e.extra.get(k, "") for k in extras)])
    path.write_text(buf.getvalue(), "utf-8")


# --------------------------------------------------------------------------- the kit


@dataclass(frozen=True)
class KitAssignment:
    """One assignment of the kit: its id (folder name), level and source notebooks."""

    id: str
    level: str | None
    notebooks: tuple[NotebookRef, ...]

    @property
    def folder(self) -> Path:
        return self.notebooks[0].folder


def kit_root() -> Path:
    """The kit to copy assignments from: SUYANG_ROOT, the installed kit, else the cwd's.

    The package's own checkout comes before the current folder because a teacher runs
    this from anywhere, and their folders may well contain an unrelated ``assignments/``.
    """
    if os.environ.get("SUYANG_ROOT"):
        return find_root()
    here = Path(__file__).resolve().parents[2]
    if (here / "assignments").is_dir():
        return here
    return find_root()


def kit_assignments(kit: Path | None = None) -> dict[str, KitAssignment]:
    """Every assignment the kit offers, by id, with the level from its metadata."""
    kit = kit or kit_root()
    grouped: dict[str, list[NotebookRef]] = {}
    for ref in iter_notebooks(kit):
        if ref.kind == "assignment":
            grouped.setdefault(ref.expected_id, []).append(ref)
    found = {}
    for aid, refs in sorted(grouped.items()):
        level = suyang_meta(refs[0].read()).get("level") or aid.split("-")[0]
        found[aid] = KitAssignment(aid, level, tuple(refs))
    return found


def select_assignments(available: dict[str, KitAssignment], level: str | None,
                       ids: Iterable[str] | None, lang: str | None = None) -> list[str]:
    """The assignments asked for: every one of ``level`` plus the listed ``ids``.

    Neither given means all of them. Unknown ids and levels are errors that list what
    exists, so a typo never silently makes an empty course.
    """
    ids = [i.strip() for i in ids or [] if i.strip()]
    unknown = [i for i in ids if i not in available]
    if unknown:
        raise CourseError(i18n.t("course.unknown_assignment", lang, ids=", ".join(unknown),
                                 known=", ".join(available)))
    chosen = list(ids)
    if level:
        if level not in standards.levels():
            raise CourseError(i18n.t("course.unknown_level", lang, level=level,
                                     known=", ".join(standards.levels())))
        at_level = [a for a, info in available.items() if info.level == level]
        if not at_level:
            raise CourseError(i18n.t("course.empty_level", lang, level=level))
        chosen += [a for a in at_level if a not in chosen]
    if not level and not ids:
        chosen = list(available)
    return chosen


# --------------------------------------------------------------------------- the course


@dataclass
class Course:
    """A course folder made by ``suyang course init``: what other tools need to know."""

    root: Path
    lang: str
    level: str | None
    assignments: list[str]
    roster: list[RosterEntry]
    db_url: str
    course_id: str
    kit_version: str = ""
    timezone: str | None = None  # nbgrader's Exchange.timezone, if the config sets one

    def notebook_names(self, assignment: str) -> list[str]:
        """The assignment's notebooks (file stems) as released: ``['screen-time']``."""
        folder = self.root / "source" / assignment
        return sorted(p.stem for p in folder.glob("*.ipynb"))

    @property
    def student_ids(self) -> list[str]:
        return [e.student_id for e in self.roster]

    def student(self, student_id: str) -> RosterEntry | None:
        """The roster entry of one student, or None."""
        return next((e for e in self.roster if e.student_id == student_id), None)


def find_course(start: Path | str = ".") -> Path:
    """The course folder at or above ``start`` (the folder holding ``.suyang/course.json``)."""
    here = Path(start).expanduser().resolve()
    for folder in (here, *here.parents):
        if (folder / STATE_FILE).is_file():
            return folder
    raise CourseError(i18n.t("course.not_found", path=here))


def _nbgrader_config(root: Path) -> Any:
    """The course's ``nbgrader_config.py`` as traitlets sees it (empty if absent)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    if not (root / CONFIG_FILE).is_file():
        return Config()
    return PyFileConfigLoader(CONFIG_FILE, path=str(root)).load_config()


def _course_settings(root: Path, lang: str | None = None) -> tuple[str, str, str | None]:
    """(course_id, db_url, timezone), checking that the config really points here.

    A course folder that was moved or copied still names its old root, and nbgrader would
    then grade somewhere else; better to say so than to scatter files.
    """
    cfg = _nbgrader_config(root)
    cd = cfg.get("CourseDirectory", {})
    configured = cd.get("root")
    if configured and (root / str(configured)).resolve() != root.resolve():
        raise CourseError(i18n.t("course.root_mismatch", lang, config=root / CONFIG_FILE,
                                 configured=configured, root=root))
    db_url = cd.get("db_url") or f"sqlite:///{root / 'gradebook.db'}"
    timezone = cfg.get("Exchange", {}).get("timezone") or None
    return str(cd.get("course_id") or course_id_for(root)), str(db_url), timezone


def _read_state(root: Path) -> dict[str, Any] | None:
    path = root / STATE_FILE
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def load_course(path: Path | str = ".") -> Course:
    """Read a course: its settings, roster (``[]`` if none yet) and gradebook address."""
    root = find_course(path)
    state = _read_state(root) or {}
    roster_path = root / ROSTER_FILE
    lang = i18n.normalise_lang(state.get("lang"))
    roster = read_roster(roster_path, lang) if roster_path.is_file() else []
    course_id, db_url, timezone = _course_settings(root, lang)
    return Course(root=root, lang=lang, level=state.get("level"),
                  assignments=list(state.get("assignments", [])), roster=roster,
                  db_url=db_url, course_id=course_id, kit_version=state.get("kit_version", ""),
                  timezone=timezone)


def course_id_for(root: Path) -> str:
    """nbgrader's course id from the folder name (blanks become dashes: ids end up in paths)."""
    return re.sub(r"\s+", "-", root.name.strip()) or "course"


# --------------------------------------------------------------------------- init report

KINDS = ("config", "settings", "roster", "source", "asset", "assignment", "student")


@dataclass
class ReportRow:
    """One thing ``course init`` looked at: what, which one, and what it did."""

    kind: str    # one of KINDS
    name: str    # a path relative to the course, an assignment id or a student id
    status: str  # created | kept | kept_differs | added | updated


@dataclass
class InitReport:
    """What ``init_course`` created, kept and added, for the table and for tests."""

    root: Path
    lang: str
    rows: list[ReportRow] = field(default_factory=list)

    def add(self, kind: str, name: str, status: str) -> None:
        self.rows.append(ReportRow(kind, name, status))

    def names(self, status: str, kind: str | None = None) -> list[str]:
        """Names with a status (``kept`` includes ``kept_differs``), optionally of one kind."""
        return [r.name for r in self.rows if r.status.startswith(status)
                and (kind is None or r.kind == kind)]

    @property
    def created(self) -> list[str]:
        return self.names("created")

    @property
    def kept(self) -> list[str]:
        return self.names("kept")

    @property
    def added(self) -> list[str]:
        return self.names("added")

    def table(self) -> str:
        """The report as a small terminal table in the course's language."""
        return render_init_table(self)


def _grouped_rows(report: InitReport) -> list[tuple[str, str, str]]:
    """Table rows; students are summarised per status so a class of 50 fits one line."""
    out: list[tuple[str, str, str]] = []
    students: dict[str, list[str]] = {}
    for r in report.rows:
        if r.kind == "student":
            students.setdefault(r.status, []).append(r.name)
        else:
            out.append((r.kind, r.name, r.status))
    for status, ids in students.items():
        shown = ", ".join(ids[:6]) + (" …" if len(ids) > 6 else "")
        out.append(("student", i18n.t("course.students", report.lang, count=len(ids),
                                      ids=shown), status))
    return out


def render_init_table(report: InitReport) -> str:
    from rich.console import Console
    from rich.table import Table

    lang = report.lang
    table = Table(title=i18n.t("course.title", lang, root=report.root))
    for col in ("kind", "name", "status"):
        table.add_column(i18n.t(f"course.col.{col}", lang))
    for kind, name, status in _grouped_rows(report):
        table.add_row(i18n.t(f"course.kind.{kind}", lang), name,
                      i18n.t(f"course.status.{status}", lang))
    buf = io.StringIO()
    Console(file=buf, width=120, force_terminal=False).print(table)
    return buf.getvalue()


# --------------------------------------------------------------------------- init steps


def _config_text(root: Path) -> str:
    return (
        "# nbgrader configuration of this course, written by `suyang course init`.\n"
        "# Edit freely: running `suyang course init` again never changes this file.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        f"c.CourseDirectory.course_id = {course_id_for(root)!r}\n"
        "# seconds a single cell may run while autograding before it is stopped\n"
        f"c.ExecutePreprocessor.timeout = {EXECUTE_TIMEOUT}\n"
    )


def _write_config(root: Path, report: InitReport) -> None:
    path = root / CONFIG_FILE
    if path.exists():
        report.add("config", CONFIG_FILE, "kept")
        return
    path.write_text(_config_text(root), "utf-8")
    report.add("config", CONFIG_FILE, "created")


def _asset_files(folder: Path) -> Iterable[Path]:
    """An assignment's other files (data, images), as ``build`` would copy them."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if d not in ASSET_SKIP and not d.startswith("."))
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if name in ASSET_SKIP or name.startswith(".") or (
                    path.suffix == ".ipynb" and path.parent == folder):
                continue
            yield path


def _render_source(assignment: KitAssignment, root: Path, lang: str,
                   report: InitReport) -> None:
    """Write ``source/<id>/`` in one language, keeping every file already there."""
    target = root / "source" / assignment.id
    target.mkdir(parents=True, exist_ok=True)
    for ref in assignment.notebooks:
        dest = target / ref.path.name
        rel = dest.relative_to(root).as_posix()
        text = nbformat.writes(render(ref.read(), lang, view=BOTH))  # fetched, opened either way
        if dest.exists():
            same = dest.read_text("utf-8") == text
            report.add("source", rel, "kept" if same else "kept_differs")
            continue
        dest.write_text(text, "utf-8")
        report.add("source", rel, "created")
    for src in _asset_files(assignment.folder):
        dest = target / src.relative_to(assignment.folder)
        rel = dest.relative_to(root).as_posix()
        if dest.exists():
            report.add("asset", rel, "kept")
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        report.add("asset", rel, "created")


def _merge_roster(root: Path, incoming: list[RosterEntry] | None, lang: str,
                  report: InitReport) -> list[RosterEntry]:
    """The course's roster with the new students appended; known ids are left alone."""
    path = root / ROSTER_FILE
    current = read_roster(path, lang) if path.is_file() else []
    known = {e.student_id for e in current}
    new = [e for e in incoming or [] if e.student_id not in known]
    merged = current + new
    if new or (incoming and not path.exists()):
        write_roster(merged, path)
        report.add("roster", ROSTER_FILE, "updated" if current else "created")
    elif path.exists():
        report.add("roster", ROSTER_FILE, "kept")
    return merged


def _write_state(root: Path, lang: str, level: str | None, assignments: list[str],
                 report: InitReport) -> None:
    path = root / STATE_FILE
    old = _read_state(root)
    state = {"lang": lang, "level": level, "assignments": assignments,
             "kit_version": __version__}
    if old == state:
        report.add("settings", STATE_FILE.as_posix(), "kept")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, ensure_ascii=False, indent=2) + "\n", "utf-8")
    report.add("settings", STATE_FILE.as_posix(), "updated" if old else "created")


def ensure_alembic_on_path() -> None:
    """nbgrader runs the ``alembic`` command; find it beside this Python if PATH does not.

    A teacher often runs ``.venv/bin/suyang`` without activating the environment.
    """
    if shutil.which("alembic") is None:
        os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + \
            os.environ.get("PATH", "")


def nbgrader_api(root: Path) -> Any:
    """nbgrader's own API on this course, configured by the course's config file."""
    from nbgrader.apps import NbGraderAPI

    ensure_alembic_on_path()
    cfg = _nbgrader_config(root)
    cfg.CourseDirectory.root = str(root)
    return NbGraderAPI(config=cfg)


def _in_gradebook(api: Any, assignment: str) -> bool:
    from nbgrader.api import MissingEntry

    with api.gradebook as gb:
        try:
            gb.find_assignment(assignment)
        except MissingEntry:
            return False
    return True


def _release(api: Any, root: Path, assignments: list[str], lang: str,
             report: InitReport) -> None:
    """Generate the student version of each new assignment; nbgrader records its grade cells.

    An assignment already in the gradebook and released is left alone: regenerating it
    could change grade cells under students' existing submissions.
    """
    for aid in assignments:
        if (root / "release" / aid).is_dir() and _in_gradebook(api, aid):
            report.add("assignment", aid, "kept")
            continue
        result = api.generate_assignment(aid, force=True, create=True)
        if not result.get("success"):
            detail = result.get("error") or result.get("log") or ""
            raise CourseError(i18n.t("course.generate_failed", lang, id=aid, detail=detail))
        report.add("assignment", aid, "added")


def _import_students(api: Any, roster: list[RosterEntry], report: InitReport) -> None:
    """Add roster students missing from the gradebook; existing ones are not modified."""
    from nbgrader.api import MissingEntry

    with api.gradebook as gb:
        for entry in roster:
            try:
                gb.find_student(entry.student_id)
            except MissingEntry:
                gb.update_or_create_student(entry.student_id, last_name=entry.name,
                                            first_name="")
                report.add("student", entry.student_id, "added")
            else:
                report.add("student", entry.student_id, "kept")


def _choose_lang(lang: str | None, state: dict[str, Any] | None) -> str:
    """The course's language: fixed when it was made, so a course never mixes two."""
    if state and state.get("lang"):
        if lang and i18n.normalise_lang(lang) != state["lang"]:
            raise CourseError(i18n.t("course.lang_mismatch", lang, course=state["lang"],
                                     asked=i18n.normalise_lang(lang)))
        return i18n.normalise_lang(state["lang"])
    return i18n.normalise_lang(lang) if lang else i18n.get_lang()


def init_course(root: Path | str, *, level: str | None = None,
                assignments: Iterable[str] | None = None, lang: str | None = None,
                roster: Path | str | None = None, kit: Path | None = None) -> InitReport:
    """Create or complete an nbgrader course folder from the kit; return what happened.

    Everything that can fail on bad input (selection, roster) is checked before anything
    is written. On an existing course, with no selection, the course's own assignments
    (and any new kit assignment of its level) are used.
    """
    root = Path(root).expanduser().resolve()
    state = _read_state(root)
    lang = _choose_lang(lang, state)
    available = kit_assignments(kit)
    ids = list(assignments or [])
    if state and not level and not ids:
        level = state.get("level")
        ids = [a for a in state.get("assignments", []) if a in available]
    chosen = select_assignments(available, level, ids, lang)
    incoming = read_roster(roster, lang) if roster else None
    report = InitReport(root, lang)
    root.mkdir(parents=True, exist_ok=True)
    _write_config(root, report)
    _course_settings(root, lang)  # an edited config must still point here
    for aid in chosen:
        _render_source(available[aid], root, lang, report)
    merged = _merge_roster(root, incoming, lang, report)
    known = list((state or {}).get("assignments", []))
    _write_state(root, lang, level or (state or {}).get("level"),
                 known + [a for a in chosen if a not in known], report)
    _write_objectives(root, kit or kit_root())
    api = nbgrader_api(root)
    _release(api, root, chosen, lang, report)
    _import_students(api, merged, report)
    return report


OBJECTIVES_FILE = Path(".suyang") / "objectives.json"


def _write_objectives(root: Path, kit: Path) -> None:
    """Keep the words of every lesson objective the course's grade cells assess, so the
    class report can name them on a machine (a school server) without the kit's lessons."""
    from .catalog import lesson_objective

    path = root / OBJECTIVES_FILE
    known = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    for nb_path in sorted((root / "source").glob("*/*.ipynb")):
        for cell in nbformat.read(nb_path, as_version=4).cells:
            ref = (cell.metadata.get("suyang") or {}).get("objective")
            if ref and ref not in known:
                text = lesson_objective(kit, ref)
                if text:
                    known[ref] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(known, ensure_ascii=False, indent=1, sort_keys=True), "utf-8")
