"""Bring students' hand-ins into nbgrader's ``submitted/`` folder (``suyang collect``).

Few schools run nbgrader's exchange. Hand-ins arrive as a zip downloaded from the LMS,
a pile of files from a chat group, or a USB stick: Chinese file names in GBK from
Windows, ``__MACOSX`` litter, nested folders, the same student three times, names
instead of ids. This module turns that into exactly what ``nbgrader autograde`` expects,
``submitted/<student_id>/<assignment>/<notebook>.ipynb`` plus ``timestamp.txt``, and
reports everything it did not use, because a hand-in silently lost is a mark wrongly lost.

Safety rules: a name from the zip is never used as a path (targets are computed from the
roster and cleaned names), traversal and symlink members are refused, sizes are capped,
and nothing already collected is ever deleted: replaced notebooks go to ``archive/``.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from itertools import count
from pathlib import Path, PurePosixPath

from . import i18n
from .course import Course, CourseError, RosterEntry, load_course

MAX_NOTEBOOK_BYTES = 50 * 1024 * 1024  # far above any real notebook; stops zip bombs
TIMESTAMP_FORMAT = "%Y-%m-%d %H:%M:%S.%f %Z"  # nbgrader's Exchange.timestamp_format
ARCHIVE_TIME = "%Y%m%d-%H%M%S"
UTF8_FLAG = 0x800
JUNK_DIRS = {"__macosx", ".ipynb_checkpoints", "__pycache__", ".git", ".svn", ".trash",
             ".trashes", "$recycle.bin", ".spotlight-v100", ".fseventsd"}
JUNK_FILES = {".ds_store", "thumbs.db", "desktop.ini", ".localized", "icon\r"}
DRIVE = re.compile(r"^[A-Za-z]:")


class CollectError(CourseError):
    """The hand-ins cannot be read at all (corrupt zip, empty source, unknown assignment)."""


class _TooBig(Exception):
    pass


# --------------------------------------------------------------------------- the report


@dataclass
class Collected:
    """The hand-in used as one student's submission (the latest one they handed in)."""

    student_id: str
    name: str
    source: str          # the file's path inside the zip or folder, as the teacher reads it
    handed_in: datetime  # timezone-aware
    status: str          # new | replaced | unchanged | kept_existing
    versions: int = 1    # hand-ins by this student in this batch


@dataclass
class Archived:
    """An older hand-in by the same student, kept in ``archive/`` only."""

    student_id: str
    source: str
    handed_in: datetime
    archived_as: str     # relative to the course


@dataclass
class Unmatched:
    """A notebook no single roster student could be found for, saved for the teacher."""

    source: str
    reason: str          # unknown | ambiguous | notebook
    candidates: list[str]
    saved_as: str        # relative to the course


@dataclass
class Skipped:
    """Something not collected, and why (a junk file, a refused member …)."""

    source: str
    reason: str          # junk | other | too_big | unreadable | invalid | traversal | absolute
    detail: str = ""     # | symlink | device


@dataclass
class CollectReport:
    """Everything ``collect`` did with one batch of hand-ins; printed as tables."""

    root: Path
    assignment: str
    lang: str
    collected: list[Collected] = field(default_factory=list)
    duplicates: list[Archived] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)
    junk: list[Skipped] = field(default_factory=list)
    unsafe: list[Skipped] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    invalid: list[Archived] = field(default_factory=list)  # broken notebooks, archived
    missing: list[str] = field(default_factory=list)
    names: dict[str, str] = field(default_factory=dict)  # roster: student id -> name

    def by_student(self) -> dict[str, Collected]:
        return {c.student_id: c for c in self.collected}

    def table(self) -> str:
        """The report as rich tables in the course's language."""
        return render_report(self)


# --------------------------------------------------------------------------- names


def member_name(info: zipfile.ZipInfo) -> str:
    """A zip member's real name, '/'-separated.

    Windows' built-in zip writes names in the local code page (GBK/CP936 in China)
    without the UTF-8 flag, so Python decodes them as CP437 mojibake. The original
    bytes come back by re-encoding as CP437; they are tried as UTF-8, then GB18030.
    """
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        name = _redecode(name)
    return unicodedata.normalize("NFC", name.replace("\\", "/"))


def _redecode(name: str) -> str:
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def fs_name(text: str) -> str:
    """A file-system name for display: undecodable bytes from a GBK-made folder fixed."""
    raw = os.fsencode(text)
    for encoding in ("utf-8", "gb18030"):
        try:
            return unicodedata.normalize("NFC", raw.decode(encoding))
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "replace")


_UNSAFE_CHARS = re.compile(r"[^\w.()（）\-]+")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


def safe_name(text: str, max_bytes: int = 180) -> str:
    """A single harmless file name made from any text (CJK kept, separators removed)."""
    name = _UNSAFE_CHARS.sub("_", unicodedata.normalize("NFC", text)).strip("._ ")
    name = re.sub(r"_+", "_", name) or "file"
    if _WINDOWS_RESERVED.match(name):
        name = f"_{name}"
    stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
    suffix = (dot + suffix)[:20]
    while len((stem + suffix).encode("utf-8")) > max_bytes and stem:
        stem = stem[:-1]
    return (stem or "file") + suffix


def unsafe_reason(name: str) -> str | None:
    """Why a member name could escape the course if used as a path, or None."""
    if name.startswith("/") or DRIVE.match(name):
        return "absolute"
    if ".." in name.split("/"):
        return "traversal"
    return None


def junk_reason(parts: tuple[str, ...]) -> bool:
    """True for the litter operating systems leave in archives and on USB sticks."""
    *folders, base = parts
    if any(p.lower() in JUNK_DIRS or p.startswith(".") for p in folders):
        return True
    low = base.lower()
    return low in JUNK_FILES or base.startswith((".", "~$"))


# --------------------------------------------------------------------------- hand-ins


@dataclass
class HandIn:
    """One notebook file found in the source, read lazily (a zip may be large)."""

    source: str
    when: datetime
    order: int
    read: Callable[[], bytes]

    @property
    def parts(self) -> tuple[str, ...]:
        return PurePosixPath(self.source).parts


def _zip_time(info: zipfile.ZipInfo, tz: tzinfo, fallback: datetime) -> datetime:
    """The member's date, a wall-clock time in ``tz`` (zip stores no zone), else the zip's."""
    try:
        return datetime(*info.date_time, tzinfo=tz)
    except ValueError:
        return fallback


def _read_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A member's bytes, refusing to inflate past the size cap whatever the header says."""
    with zf.open(info) as fh:
        data = fh.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise _TooBig
    return data


def _classify(parts: tuple[str, ...], source: str, size: int,
              report: CollectReport) -> bool:
    """Report junk, non-notebooks and oversized files; True if ``source`` is a candidate."""
    if junk_reason(parts):
        report.junk.append(Skipped(source, "junk"))
        return False
    if not parts[-1].lower().endswith(".ipynb"):
        report.skipped.append(Skipped(source, "other"))
        return False
    if size > MAX_NOTEBOOK_BYTES:
        report.skipped.append(Skipped(source, "too_big", _mb(size)))
        return False
    return True


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def zip_hand_ins(zf: zipfile.ZipFile, tz: tzinfo, zip_time: datetime,
                 report: CollectReport) -> Iterator[HandIn]:
    """The candidate notebooks of a zip; unsafe, junk and other members are reported."""
    for order, info in enumerate(zf.infolist()):
        name = member_name(info)
        if stat.S_ISLNK(info.external_attr >> 16):
            report.unsafe.append(Skipped(name, "symlink"))
            continue
        reason = unsafe_reason(name) or unsafe_reason(info.filename.replace("\\", "/"))
        if reason:
            report.unsafe.append(Skipped(name, reason))
            continue
        parts = tuple(p for p in name.split("/") if p not in ("", "."))
        if info.is_dir() or not parts:
            continue
        if _classify(parts, "/".join(parts), info.file_size, report):
            yield HandIn("/".join(parts), _zip_time(info, tz, zip_time), order,
                         lambda info=info: _read_member(zf, info))


def _read_file(path: Path) -> bytes:
    """A file's bytes without following a symlink swapped in after the walk."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as fh:
        data = fh.read(MAX_NOTEBOOK_BYTES + 1)
    if len(data) > MAX_NOTEBOOK_BYTES:
        raise _TooBig
    return data


def _walk_dirs(top: Path, here: Path, dirnames: list[str], course_root: Path,
               report: CollectReport) -> list[str]:
    """The sub-folders worth entering: no symlinks, no junk, not the course itself."""
    keep = []
    for d in sorted(dirnames):
        path = here / d
        rel = fs_name(path.relative_to(top).as_posix())
        if path.is_symlink():
            report.unsafe.append(Skipped(rel + "/", "symlink"))
        elif path.resolve() == course_root:
            continue
        elif d.lower() in JUNK_DIRS or d.startswith("."):
            report.junk.append(Skipped(rel + "/", "junk"))
        else:
            keep.append(d)
    return keep


def dir_hand_ins(top: Path, course_root: Path, report: CollectReport) -> Iterator[HandIn]:
    """The candidate notebooks under a folder; symlinks are reported, never followed."""
    order = 0
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = _walk_dirs(top, here, dirnames, course_root, report)
        for f in sorted(filenames):
            path = here / f
            rel = fs_name(path.relative_to(top).as_posix())
            info = path.lstat()
            if stat.S_ISLNK(info.st_mode):
                report.unsafe.append(Skipped(rel, "symlink"))
                continue
            if not stat.S_ISREG(info.st_mode):
                report.skipped.append(Skipped(rel, "device"))
                continue
            if _classify(PurePosixPath(rel).parts, rel, info.st_size, report):
                when = datetime.fromtimestamp(info.st_mtime).astimezone()
                order += 1
                yield HandIn(rel, when, order, lambda path=path: _read_file(path))


def open_source(source: Path, course_root: Path, report: CollectReport, tz: tzinfo,
                stack: ExitStack) -> list[HandIn]:
    """Every candidate hand-in in a zip, a folder or a single notebook file."""
    source = source.expanduser()
    if source.is_dir():
        if source.resolve() == course_root:
            raise CollectError(i18n.t("collect.source_is_course", report.lang, path=source))
        if not any(source.iterdir()):
            raise CollectError(i18n.t("collect.empty", report.lang, path=source))
        return list(dir_hand_ins(source, course_root, report))
    if not source.is_file():
        raise CollectError(i18n.t("collect.no_source", report.lang, path=source))
    if source.suffix.lower() == ".ipynb":
        when = datetime.fromtimestamp(source.stat().st_mtime).astimezone()
        return [HandIn(fs_name(source.name), when, 0, lambda: _read_file(source))]
    try:
        zf = stack.enter_context(zipfile.ZipFile(source))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise CollectError(i18n.t("collect.corrupt", report.lang, path=source,
                                  detail=exc)) from exc
    if not zf.infolist():
        raise CollectError(i18n.t("collect.empty", report.lang, path=source))
    zip_time = datetime.fromtimestamp(source.stat().st_mtime).astimezone()
    return list(zip_hand_ins(zf, tz, zip_time, report))


# --------------------------------------------------------------------------- matching


def _id_pattern(student_id: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![0-9A-Za-z]){re.escape(student_id)}(?![0-9A-Za-z])", re.I)


def _name_pattern(name: str) -> re.Pattern[str] | None:
    """A roster name as it may be typed in a file name: 'Li Lei', 'li_lei', 'LiLei', '张三'."""
    words = name.split()
    if len("".join(words)) < 2:
        return None  # one character matches far too much
    body = r"[\s_.\-·]*".join(re.escape(w) for w in words)
    if name[0].isascii() and name[0].isalnum():
        body = r"(?<![A-Za-z])" + body
    if name[-1].isascii() and name[-1].isalnum():
        body += r"(?![A-Za-z])"
    return re.compile(body, re.IGNORECASE)


class Matcher:
    """Finds the roster student a path belongs to, by id or by name.

    The deepest path component that names exactly one student wins, so a date in the
    zip's top folder ("2024-03-01") never outvotes the student's own folder or file name.
    Words that belong to the assignment (its id, its notebook names) are ignored, so a
    class numbered 01, 02 … is not matched by 'middle-01-screen-time'.
    """

    def __init__(self, roster: list[RosterEntry], ignore: list[str]) -> None:
        self.ids = [(e.student_id, _id_pattern(e.student_id)) for e in roster]
        self.names = [(e.student_id, e.name, p) for e in roster
                      if (p := _name_pattern(e.name)) is not None]
        self.ignore = [re.compile(re.escape(w), re.I)
                       for w in sorted({w for w in ignore if w}, key=len, reverse=True)]

    def component(self, text: str) -> set[str]:
        """Students one path component points to (several means it is ambiguous)."""
        for pattern in self.ignore:
            text = pattern.sub(" ", text)
        text = re.sub(r"\.ipynb$", " ", text, flags=re.I)
        by_id = {sid for sid, p in self.ids if p.search(text)}
        hits = [(sid, name) for sid, name, p in self.names if p.search(text)]
        names = {n for _, n in hits}
        longest = {n for n in names if not any(n != o and n in o for o in names)}
        by_name = {sid for sid, n in hits if n in longest}
        if by_id and by_name:
            return (by_id & by_name) or (by_id | by_name)
        return by_id or by_name

    def match(self, parts: tuple[str, ...]) -> set[str]:
        """One student id (a set of one), several (ambiguous) or none (unknown)."""
        candidates: set[str] = set()
        for part in reversed(parts):
            found = self.component(part)
            if found and not candidates:
                candidates = found
            elif found & candidates:
                candidates &= found
            if len(candidates) == 1:
                break
        return candidates


def which_notebook(parts: tuple[str, ...], notebooks: list[str]) -> str | None:
    """The assignment notebook a file is for: the only one, or the one its name contains."""
    if len(notebooks) == 1:
        return notebooks[0]
    squash = re.compile(r"[\W_]+")
    name = squash.sub("", parts[-1].lower())
    hits = [nb for nb in notebooks if squash.sub("", nb.lower()) in name]
    return hits[0] if len(hits) == 1 else None


# --------------------------------------------------------------------------- writing


def _inside(root: Path, target: Path) -> bool:
    """True when writing ``target`` lands inside the course (no symlinked detours)."""
    try:
        target.parent.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return not target.is_symlink()


def _write(root: Path, target: Path, data: bytes) -> None:
    """Write atomically, refusing any target that resolves outside the course."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not _inside(root, target):
        raise CollectError(i18n.t("collect.outside", path=target))
    tmp = target.with_name(f".{target.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, target)


def store_unique(root: Path, target: Path, data: bytes) -> Path:
    """Save ``data`` at ``target`` or ``<stem>-2<suffix>`` …; reuse an identical copy.

    Reusing identical copies is what makes a second ``collect`` of the same zip a no-op.
    """
    stem, suffix = target.stem, target.suffix
    for n in count(1):
        candidate = target if n == 1 else target.with_name(f"{stem}-{n}{suffix}")
        if not candidate.exists():
            _write(root, candidate, data)
            return candidate
        if candidate.is_file() and candidate.read_bytes() == data:
            return candidate
    raise AssertionError("unreachable")


def _holds_copy(folder: Path, data: bytes) -> bool:
    """True if ``folder`` already keeps these exact bytes (under any name)."""
    if not folder.is_dir():
        return False
    return any(p.is_file() and p.stat().st_size == len(data) and p.read_bytes() == data
               for p in folder.iterdir())


def is_notebook(data: bytes) -> bool:
    """A JSON object with a list of cells: enough for nbgrader to open it."""
    try:
        nb = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        return False
    return isinstance(nb, dict) and isinstance(nb.get("cells"), list)


def nbgrader_timestamp(when: datetime) -> str:
    """The hand-in time as nbgrader writes and reads it (``utils.parse_utc``): UTC."""
    return when.astimezone(UTC).strftime(TIMESTAMP_FORMAT)


def existing_time(folder: Path, notebook: Path) -> datetime:
    """When the submission already in ``folder`` was handed in (timestamp.txt, else mtime)."""
    from nbgrader.utils import parse_utc

    stamp = folder / "timestamp.txt"
    if stamp.is_file():
        try:
            return parse_utc(stamp.read_text("utf-8").strip()).replace(tzinfo=UTC)
        except (ValueError, OverflowError, AttributeError):
            pass
    return datetime.fromtimestamp(notebook.stat().st_mtime).astimezone()


# --------------------------------------------------------------------------- collecting


@dataclass
class _Batch:
    """What one run needs: the course, the assignment, and the report being filled."""

    course: Course
    assignment: str
    notebooks: list[str]
    report: CollectReport
    tz: tzinfo

    @property
    def root(self) -> Path:
        return self.course.root

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def read(self, hand_in: HandIn) -> bytes | None:
        """A hand-in's bytes, or None with the reason reported (too big, unreadable)."""
        try:
            return hand_in.read()
        except _TooBig:
            self.report.skipped.append(Skipped(hand_in.source, "too_big",
                                               f"> {_mb(MAX_NOTEBOOK_BYTES)}"))
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
                NotImplementedError) as exc:
            self.report.skipped.append(Skipped(hand_in.source, "unreadable", str(exc)))
        return None

    def archive(self, student_id: str, hand_in: HandIn, data: bytes) -> Path:
        name = f"{self.stamp(hand_in.when)}-{safe_name(hand_in.parts[-1])}"
        target = self.root / "archive" / self.assignment / student_id / name
        return store_unique(self.root, target, data)

    def stamp(self, when: datetime) -> str:
        """An archive file's time prefix, on the same clock as the hand-ins' times."""
        return when.astimezone(self.tz).strftime(ARCHIVE_TIME)

    def save_unmatched(self, hand_in: HandIn, reason: str, candidates: set[str]) -> None:
        data = self.read(hand_in)
        if data is None:
            return
        target = self.root / "unmatched" / self.assignment / safe_name("_".join(hand_in.parts))
        saved = store_unique(self.root, target, data)
        self.report.unmatched.append(Unmatched(hand_in.source, reason, sorted(candidates),
                                               self.rel(saved)))


def _latest_valid(batch: _Batch, student_id: str,
                  versions: list[HandIn]) -> tuple[HandIn, bytes] | None:
    """Archive every version a student handed in; return the newest readable notebook."""
    best: tuple[HandIn, bytes] | None = None
    archived: list[tuple[HandIn, Path]] = []
    for hand_in in sorted(versions, key=lambda h: (h.when, h.order)):
        data = batch.read(hand_in)
        if data is None:
            continue
        saved = batch.archive(student_id, hand_in, data)
        if not is_notebook(data):
            batch.report.invalid.append(Archived(student_id, hand_in.source, hand_in.when,
                                                 batch.rel(saved)))
            continue
        archived.append((hand_in, saved))
        best = (hand_in, data)
    for hand_in, saved in archived[:-1]:
        batch.report.duplicates.append(Archived(student_id, hand_in.source, hand_in.when,
                                                batch.rel(saved)))
    return best


def _submit(batch: _Batch, student_id: str, notebook: str, hand_in: HandIn,
            data: bytes) -> str:
    """Place the chosen hand-in in ``submitted/``; an older submission there is archived."""
    folder = batch.root / "submitted" / student_id / batch.assignment
    target = folder / f"{notebook}.ipynb"
    if target.is_file():
        before = existing_time(folder, target)
        old = target.read_bytes()
        if hand_in.when < before or (hand_in.when == before and old != data):
            return "kept_existing"
        if old == data:
            return "unchanged"
        keep = batch.root / "archive" / batch.assignment / student_id
        if not _holds_copy(keep, old):
            store_unique(batch.root, keep / f"{batch.stamp(before)}-{notebook}.ipynb", old)
        status = "replaced"
    else:
        status = "new"
    _write(batch.root, target, data)
    _write(batch.root, folder / "timestamp.txt",
           (nbgrader_timestamp(hand_in.when) + "\n").encode("utf-8"))
    return status


def _assign(batch: _Batch, hand_ins: list[HandIn]) -> dict[tuple[str, str], list[HandIn]]:
    """Group hand-ins by (student, notebook); the rest go to ``unmatched/``."""
    matcher = Matcher(batch.course.roster, [batch.assignment, *batch.notebooks])
    groups: dict[tuple[str, str], list[HandIn]] = {}
    for hand_in in hand_ins:
        found = matcher.match(hand_in.parts)
        notebook = which_notebook(hand_in.parts, batch.notebooks)
        if len(found) != 1:
            batch.save_unmatched(hand_in, "ambiguous" if found else "unknown", found)
        elif notebook is None:
            batch.save_unmatched(hand_in, "notebook", found)
        else:
            groups.setdefault((found.pop(), notebook), []).append(hand_in)
    return groups


def _missing(batch: _Batch) -> list[str]:
    """Roster students with no submitted notebook for this assignment after this run.

    A student whose only hand-in was broken did hand in: they are listed as invalid.
    """
    out = []
    broken = {a.student_id for a in batch.report.invalid}
    for entry in batch.course.roster:
        if entry.student_id in broken:
            continue
        folder = batch.root / "submitted" / entry.student_id / batch.assignment
        if not any((folder / f"{nb}.ipynb").is_file() for nb in batch.notebooks):
            out.append(entry.student_id)
    return out


def hand_in_zone(course: Course, tz: str | tzinfo | None = None) -> tzinfo:
    """The clock zip times were written on: ``tz``, the course's ``Exchange.timezone``
    if its config sets one, else this computer's (the class and teacher share a zone).
    """
    from dateutil.tz import gettz, tzlocal

    if isinstance(tz, tzinfo):
        return tz
    name = tz or course.timezone
    if not name:
        return tzlocal()
    zone = gettz(name)
    if zone is None:
        raise CollectError(i18n.t("collect.bad_timezone", course.lang, tz=name))
    return zone


def collect(source: Path | str, assignment: str, course: Course | Path | str | None = None,
            *, tz: str | tzinfo | None = None) -> CollectReport:
    """Collect one batch of hand-ins (zip, folder or notebook) for ``assignment``.

    ``tz`` names the time zone of the clock that stamped the zip entries (see
    :func:`hand_in_zone`); it decides who is late.
    """
    course = course if isinstance(course, Course) else load_course(course or ".")
    lang = course.lang
    notebooks = course.notebook_names(assignment)
    if not notebooks:
        raise CollectError(i18n.t("collect.unknown_assignment", lang, id=assignment,
                                  known=", ".join(course.assignments)))
    report = CollectReport(course.root, assignment, lang,
                           names={e.student_id: e.name for e in course.roster})
    zone = hand_in_zone(course, tz)
    batch = _Batch(course, assignment, notebooks, report, zone)
    with ExitStack() as stack:
        hand_ins = open_source(Path(source), course.root, report, zone, stack)
        groups = _assign(batch, hand_ins)
        for (student_id, notebook), versions in sorted(groups.items()):
            chosen = _latest_valid(batch, student_id, versions)
            if chosen is None:
                continue
            hand_in, data = chosen
            status = _submit(batch, student_id, notebook, hand_in, data)
            entry = course.student(student_id)
            report.collected.append(Collected(student_id, entry.name if entry else "",
                                              hand_in.source, hand_in.when, status,
                                              len(versions)))
    report.missing = _missing(batch)
    return report


# --------------------------------------------------------------------------- printing


def _time(when: datetime) -> str:
    """Shown on the clock the hand-in was stamped with (the class's own time)."""
    return when.strftime("%Y-%m-%d %H:%M")


def _table(title: str, columns: list[str], rows: list[list[str]], lang: str) -> object:
    from rich.table import Table

    table = Table(title=title, title_justify="left")
    for col in columns:
        table.add_column(i18n.t(f"collect.col.{col}", lang), overflow="fold")
    for row in rows:
        table.add_row(*row)
    return table


def _sections(report: CollectReport) -> Iterator[object]:
    lang, t = report.lang, i18n.t
    yield _table(t("collect.title.collected", lang, count=len(report.collected),
                   assignment=report.assignment),
                 ["student_id", "name", "source", "time", "versions", "status"],
                 [[c.student_id, c.name, c.source, _time(c.handed_in), str(c.versions),
                   t(f"collect.status.{c.status}", lang)] for c in report.collected], lang)
    if report.duplicates:
        yield _table(t("collect.title.duplicates", lang, count=len(report.duplicates)),
                     ["student_id", "source", "time", "saved_as"],
                     [[d.student_id, d.source, _time(d.handed_in), d.archived_as]
                      for d in report.duplicates], lang)
    if report.unmatched:
        yield _table(t("collect.title.unmatched", lang, count=len(report.unmatched)),
                     ["source", "reason", "candidates", "saved_as"],
                     [[u.source, t(f"collect.reason.{u.reason}", lang),
                       ", ".join(u.candidates), u.saved_as] for u in report.unmatched], lang)
    if report.invalid:
        yield _table(t("collect.title.invalid", lang, count=len(report.invalid)),
                     ["student_id", "source", "time", "saved_as"],
                     [[d.student_id, d.source, _time(d.handed_in), d.archived_as]
                      for d in report.invalid], lang)
    refused = report.unsafe + report.skipped
    if refused:
        yield _table(t("collect.title.skipped", lang, count=len(refused)),
                     ["source", "reason", "detail"],
                     [[s.source, t(f"collect.reason.{s.reason}", lang), s.detail]
                      for s in refused], lang)


def _footer(report: CollectReport) -> list[str]:
    lang, t = report.lang, i18n.t
    lines = []
    if report.junk:
        lines.append(t("collect.junk", lang, count=len(report.junk)))
    if report.missing:
        who = ", ".join(f"{sid} {report.names.get(sid, '')}".strip() for sid in report.missing)
        lines.append(t("collect.missing", lang, count=len(report.missing), students=who))
    else:
        lines.append(t("collect.none_missing", lang))
    return lines


def render_report(report: CollectReport) -> str:
    """All tables, then the junk count and the students with no hand-in."""
    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=140, force_terminal=False)
    for section in _sections(report):
        console.print(section)
    for line in _footer(report):
        console.print(line, markup=False)
    return buf.getvalue()
