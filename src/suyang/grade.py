"""``suyang grade``: autograde a class fast, in isolation, into nbgrader's own gradebook.

nbgrader's autograde is a chain of preprocessors. This module keeps every one of them
(clear outputs, de-duplicate ids, restore the kernelspec, overwrite locked and test cells
from the gradebook, check metadata; then ignore patterns, clear metadata, limit output,
save the grades, apply late penalties) and replaces only the execution step: notebooks
run in warmed, forked, confined worker processes (:mod:`suyang.worker`), several at a
time. So scores equal ``nbgrader autograde``'s on honest work, ``formgrader``,
``generate_feedback`` and ``export`` keep working, and a class grades in seconds.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from . import i18n
from .sandbox import Limits, confinement_name

MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MARKER = ".suyang-graded.json"
GRADER_VERSION = "1"
RISKY = re.compile(r"\bctypes\b|\bgc\.|sys\._getframe|__subclasses__|__globals__|__builtins__"
                   r"|\bimport builtins\b|\bbuiltins\.|settrace|setprofile|get_ipython"
                   r"|\bos\.(?:_exit|write|kill|fork|system|exec\w*|dup2?)\b|\bsubprocess\b"
                   r"|\bsignal\.|\bthreading\b|/proc/|\bimportlib\b|sys\.modules|\batexit\b"
                   r"|\bsys\.std(?:out|err)\s*=")


@dataclass
class SubmissionResult:
    """How one student's hand-in fared."""

    student: str
    status: str = "graded"  # graded | flagged | failed | skipped
    score: float = 0.0
    max_score: float = 0.0
    notes: list[str] = field(default_factory=list)
    flags: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class GradeReport:
    assignment: str
    results: list[SubmissionResult]
    confinement: str
    seconds: float

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)


# ----------------------------------------------------------------- nbgrader plumbing
def load_config(course: Path) -> Any:
    """The course's nbgrader configuration, with the course root set."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    path = course / "nbgrader_config.py"
    if path.is_file():
        config.merge(PyFileConfigLoader(path.name, path=str(course)).load_config())
    config.CourseDirectory.root = str(course)
    return config


@contextlib.contextmanager
def fast_gradebook() -> Iterator[None]:
    """Make nbgrader's own steps cheap to repeat, without changing what they decide.

    nbgrader opens a new database engine (and re-creates the tables) at every step, and
    re-checks its metadata JSON schema for every cell; here one engine is reused, the
    schema validator is built once, and SQLite runs in WAL mode (atomic, crash-safe
    commits that do not wait for a disk flush each time).
    """
    import jsonschema
    import nbgrader.api as api
    import nbgrader.nbgraderformat.common as nbg_format
    from sqlalchemy import event

    engines: dict[str, Any] = {}
    created: set[str] = set()
    real_create_engine, real_create_all = api.create_engine, api.Base.metadata.create_all
    real_validate = nbg_format.jsonschema.validate
    validators: dict[int, Any] = {}

    def validate(instance: Any, schema: dict[str, Any], *args: Any, **kwargs: Any) -> None:
        if id(schema) not in validators:
            cls = jsonschema.validators.validator_for(schema)
            cls.check_schema(schema)
            validators[id(schema)] = cls(schema)
        error = jsonschema.exceptions.best_match(validators[id(schema)].iter_errors(instance))
        if error is not None:
            raise error

    def create_engine(url: str, *args: Any, **kwargs: Any) -> Any:
        if url not in engines:
            engine = real_create_engine(url, *args, **kwargs)
            if str(url).startswith("sqlite"):
                event.listen(engine, "connect", _sqlite_pragmas)
            engines[url] = engine
        return engines[url]

    def create_all(bind: Any = None, **kwargs: Any) -> None:
        key = str(getattr(bind, "url", bind))
        if key not in created:
            real_create_all(bind=bind, **kwargs)
            created.add(key)

    api.create_engine = create_engine
    api.Base.metadata.create_all = create_all
    nbg_format.jsonschema.validate = validate
    try:
        yield
    finally:
        api.create_engine, api.Base.metadata.create_all = real_create_engine, real_create_all
        nbg_format.jsonschema.validate = real_validate
        for engine in engines.values():
            engine.dispose()


def _sqlite_pragmas(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


class Steps:
    """nbgrader's autograde preprocessors, before and after execution, built once."""

    def __init__(self, config: Any) -> None:
        from nbconvert.preprocessors import ClearMetadataPreprocessor
        from nbgrader.preprocessors import (
            AssignLatePenalties,
            CheckCellMetadata,
            ClearOutput,
            DeduplicateIds,
            IgnorePattern,
            LimitOutput,
            OverwriteCells,
            OverwriteKernelspec,
            SaveAutoGrades,
        )

        self.before = [cls(config=config) for cls in (ClearOutput, DeduplicateIds,
                                                     OverwriteKernelspec, OverwriteCells,
                                                     CheckCellMetadata)]
        self.after = [cls(config=config) for cls in (IgnorePattern, ClearMetadataPreprocessor,
                                                    LimitOutput, SaveAutoGrades,
                                                    AssignLatePenalties, CheckCellMetadata)]

    @staticmethod
    def run(steps: list[Any], nb: Any, resources: dict[str, Any]) -> Any:
        for step in steps:
            nb, resources = step(nb, resources)
        return nb


# ----------------------------------------------------------------- reading hand-ins
def read_submission(path: Path) -> tuple[nbformat.NotebookNode | None, str | None]:
    """Read a hand-in as well as it can be read; return (notebook, problem)."""
    data = path.read_bytes()
    if len(data) > MAX_NOTEBOOK_BYTES:
        return None, f"{len(data) // 1_000_000} MB > {MAX_NOTEBOOK_BYTES // 1_000_000} MB"
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        return None, "not text"
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as err:
        return None, f"not valid JSON ({err.msg}, line {err.lineno})"
    if not isinstance(raw, dict):
        return None, "not a notebook"
    raw.setdefault("metadata", {})
    raw.setdefault("nbformat", 4)
    raw.setdefault("nbformat_minor", 5)
    if raw.get("nbformat") == 4:
        raw["cells"] = [_repair_cell(c) for c in raw.get("cells") or [] if isinstance(c, dict)]
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
    except Exception as err:  # noqa: BLE001 - any reader failure becomes a reason
        return None, f"{type(err).__name__}: {str(err)[:120]}"
    return nb, None


def _repair_cell(cell: dict[str, Any]) -> dict[str, Any]:
    """Fill in what another editor left out, so the cell can still be graded."""
    kind = cell.get("cell_type") if cell.get("cell_type") in ("code", "markdown", "raw") \
        else "raw"
    fixed = {"cell_type": kind, "metadata": cell.get("metadata") or {},
             "source": cell.get("source") or ""}
    if isinstance(fixed["source"], list):
        fixed["source"] = "".join(map(str, fixed["source"]))
    if "id" in cell and isinstance(cell["id"], str):
        fixed["id"] = cell["id"]
    if kind == "code":
        fixed["outputs"], fixed["execution_count"] = [], None
    if kind != "code" and "attachments" in cell:
        fixed["attachments"] = cell["attachments"]
    return fixed


# ----------------------------------------------------------------- the worker pool
class WorkerPool:
    """N warmed worker processes; ``run`` hands a job to an idle one (thread-safe)."""

    def __init__(self, size: int, workdir: Path) -> None:
        self.workdir = workdir
        self.idle: queue.Queue[subprocess.Popen] = queue.Queue()
        self.confinement = confinement_name()
        procs = [self._start() for _ in range(size)]
        for proc in procs:
            self._wait_ready(proc)
            self.idle.put(proc)

    def _start(self) -> subprocess.Popen:
        env = {**os.environ, "PYTHONUTF8": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        return subprocess.Popen([sys.executable, "-m", "suyang.worker"], cwd=self.workdir,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                text=True, encoding="utf-8", bufsize=1)

    @staticmethod
    def _wait_ready(proc: subprocess.Popen) -> None:
        line = proc.stdout.readline() if proc.stdout else ""
        if not line:
            raise RuntimeError("the grading worker did not start")

    def run(self, job: dict[str, Any]) -> dict[str, Any]:
        proc = self.idle.get()
        try:
            assert proc.stdin and proc.stdout
            proc.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
            proc.stdin.flush()
            line = proc.stdout.readline()
            if not line:
                raise BrokenPipeError
            return json.loads(line)
        except (BrokenPipeError, OSError, ValueError):
            proc.kill()
            proc = self._start()
            self._wait_ready(proc)
            return {"id": job["id"], "error": "worker died"}
        finally:
            self.idle.put(proc)

    def close(self) -> None:
        while not self.idle.empty():
            proc = self.idle.get()
            if proc.stdin:
                proc.stdin.close()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


# ----------------------------------------------------------------- grading one hand-in
def cell_role(cell: nbformat.NotebookNode) -> str:
    meta = cell.metadata.get("nbgrader", {})
    if meta.get("grade") and not meta.get("solution"):
        return "test"
    if meta.get("solution"):
        return "answer"
    if meta.get("locked"):
        return "locked"
    return "other"


def run_messages(lang: str) -> dict[str, str]:
    keys = ("timeout", "died", "forged", "not_run", "tamper", "hidden_error", "truncated")
    return {k: i18n.t(f"grade.run.{k}", lang, seconds="{seconds}", status="{status}")
            for k in keys}


def _read_marker(marker: Path) -> dict[str, Any]:
    """The record of a finished grading, or {} when it cannot be read: a run killed
    while writing it (or an old, damaged file) means "grade again", never "score 0"."""
    try:
        saved = json.loads(marker.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return saved if isinstance(saved, dict) else {}


def _write_marker(marker: Path, record: dict[str, Any]) -> None:
    """Write the marker whole or not at all (temporary file, then rename), so that a
    kill at any moment leaves either no marker or a complete one."""
    tmp = marker.with_name(marker.name + ".tmp")
    tmp.write_text(json.dumps(record, ensure_ascii=False), "utf-8")
    os.replace(tmp, marker)


class Grader:
    """Grades the hand-ins of one assignment in one course."""

    def __init__(self, course: Path, assignment: str, limits: Limits, lang: str,
                 pool: WorkerPool, force: bool = False) -> None:
        from nbgrader.coursedir import CourseDirectory

        self.course, self.assignment, self.limits, self.lang = course, assignment, limits, lang
        self.pool, self.force = pool, force
        self.config = load_config(course)
        self.coursedir = CourseDirectory(config=self.config)
        self.coursedir.root = str(course)
        self.db_url = self.coursedir.db_url
        self.steps = Steps(self.config)
        self.lock = threading.Lock()
        self.scratch_root = Path(tempfile.mkdtemp(prefix="suyang-grade-"))
        self.source = Path(self.coursedir.format_path(self.coursedir.source_directory, ".",
                                                      assignment))
        with self.gradebook() as gb:
            self.notebooks = [nb.name for nb in gb.find_assignment(assignment).notebooks]

    def gradebook(self) -> Any:
        from nbgrader.api import Gradebook

        return Gradebook(self.db_url, self.coursedir.course_id)

    def submitted(self, student: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.submitted_directory, student,
                                               self.assignment))

    def autograded(self, student: str) -> Path:
        return Path(self.coursedir.format_path(self.coursedir.autograded_directory, student,
                                               self.assignment))

    # -- one student
    def grade_student(self, student: str) -> SubmissionResult:
        result = SubmissionResult(student)
        try:
            self._grade_student(student, result)
        except Exception as err:  # noqa: BLE001 - one hand-in never stops the class
            result.status = "failed"
            result.notes.append(f"{type(err).__name__}: {err}")
            with contextlib.suppress(Exception), self.lock:
                self._zero(student, result)
        return result

    def _grade_student(self, student: str, result: SubmissionResult) -> None:
        src, dest = self.submitted(student), self.autograded(student)
        digest = self._digest(src)
        marker = dest / MARKER
        if not self.force and marker.is_file():
            saved = _read_marker(marker)
            if saved.get("digest") == digest and saved.get("version") == GRADER_VERSION:
                result.status = "skipped"
                result.flags = saved.get("flags", [])
                self._score(student, result)
                return
        with self.lock:
            self._init_submission(student, result)
        dest.mkdir(parents=True, exist_ok=True)
        self._copy_support_files(src, dest)
        for name in self.notebooks:
            self._grade_notebook(student, name, src, dest, result)
        with self.lock:
            self._apply_flags(student, result)
            self._score(student, result)
        _write_marker(marker, {"digest": digest, "version": GRADER_VERSION,
                               "flags": result.flags})
        if result.status == "graded" and result.flags:
            result.status = "flagged"

    @staticmethod
    def _digest(src: Path) -> str:
        h = hashlib.sha256()
        for path in sorted(src.rglob("*")) if src.is_dir() else []:
            if path.is_file():
                h.update(path.relative_to(src).as_posix().encode())
                h.update(path.read_bytes())
        return h.hexdigest()

    def _init_submission(self, student: str, result: SubmissionResult) -> None:
        from nbgrader.api import MissingEntry

        with self.gradebook() as gb:
            try:
                gb.find_student(student)
            except MissingEntry:
                gb.update_or_create_student(student)
                result.notes.append(i18n.t("grade.added_student", self.lang, student=student))
            timestamp = self.coursedir.get_existing_timestamp(str(self.submitted(student)))
            if timestamp:
                gb.update_or_create_submission(self.assignment, student, timestamp=timestamp)
            else:
                gb.update_or_create_submission(self.assignment, student)

    def _copy_support_files(self, src: Path, dest: Path) -> None:
        for path in src.iterdir() if src.is_dir() else []:
            if path.is_file() and path.suffix != ".ipynb" and not path.is_symlink():
                shutil.copy2(path, dest / path.name)
        for path in self.source.iterdir():
            if path.is_file() and path.suffix != ".ipynb":
                shutil.copy2(path, dest / path.name)

    def _resources(self, student: str, name: str, dest: Path) -> dict[str, Any]:
        return {"nbgrader": {"student": student, "assignment": self.assignment,
                             "notebook": name, "db_url": self.db_url},
                "metadata": {"path": str(dest)}, "unique_key": name}

    def _grade_notebook(self, student: str, name: str, src: Path, dest: Path,
                        result: SubmissionResult) -> None:
        path = src / f"{name}.ipynb"
        if not path.is_file():
            result.notes.append(i18n.t("grade.missing_notebook", self.lang, notebook=name))
            with self.lock:
                self._zero(student, result, name)
            return
        nb, problem = read_submission(path)
        if nb is None:
            result.status = "failed"
            result.notes.append(i18n.t("grade.unreadable", self.lang, reason=problem))
            shutil.copy2(path, dest / f"{name}.ipynb.unreadable")
            with self.lock:
                self._zero(student, result, name, i18n.t("grade.unreadable", self.lang,
                                                         reason=problem))
            return
        resources = self._resources(student, name, dest)
        with self.lock:
            nb = self.steps.run(self.steps.before, nb, resources)
        self._execute(nb, student, name, result)
        with self.lock:
            nb = self.steps.run(self.steps.after, nb, resources)
        target = dest / f"{name}.ipynb"
        tmp = target.with_suffix(".ipynb.tmp")
        nbformat.write(nb, tmp)
        os.replace(tmp, target)

    def _execute(self, nb: nbformat.NotebookNode, student: str, name: str,
                 result: SubmissionResult) -> None:
        cells = [{"index": i, "source": c.source, "role": cell_role(c)}
                 for i, c in enumerate(nb.cells) if c.cell_type == "code"]
        risky = sorted({m.group(0) for c in cells if c["role"] in ("answer", "other")
                        for m in RISKY.finditer(c["source"])})
        if risky:
            result.flags.append({"flag": "static", "cell": None, "what": risky})
        scratch = self.scratch_root / f"{student}-{name}"
        shutil.rmtree(scratch, ignore_errors=True)
        scratch.mkdir(parents=True)
        for path in self.source.iterdir():
            if path.is_file() and path.suffix != ".ipynb":
                shutil.copy2(path, scratch / path.name)
        job = {"id": f"{student}/{name}", "cells": cells, "scratch": str(scratch),
               "lang": self.lang, "limits": self.limits.to_dict(),
               "messages": run_messages(self.lang)}
        reply = self.pool.run(job)
        if "error" in reply:
            result.flags.append({"flag": "worker", "cell": None, "what": [reply["error"]]})
            reply = {"cells": {}}
        for index_text, record in reply.get("cells", {}).items():
            cell = nb.cells[int(index_text)]
            cell.outputs = [nbformat.from_dict(o) for o in record["outputs"]]
            cell.execution_count = record.get("execution_count")
        result.flags.extend(reply.get("flags", []))

    def _zero(self, student: str, result: SubmissionResult, name: str | None = None,
              comment: str | None = None) -> None:
        """Every grade cell of the notebook(s) scores 0 (nbgrader's rule for no file)."""
        with self.gradebook() as gb:
            with contextlib.suppress(Exception):
                gb.update_or_create_submission(self.assignment, student)
            for nb_name in [name] if name else self.notebooks:
                sub = gb.find_submission_notebook(nb_name, self.assignment, student)
                for grade in sub.grades:
                    grade.auto_score = 0
                    grade.needs_manual_grade = False
                if comment:
                    for item in sub.comments:
                        item.auto_comment = comment
            gb.db.commit()

    def _apply_flags(self, student: str, result: SubmissionResult) -> None:
        """Put each flag where the teacher looks: gradebook comments, manual review."""
        if not result.flags:
            return
        what = sorted({w for f in result.flags for w in f.get("what", [])
                       if isinstance(w, str)})[:12]
        text = i18n.t("grade.flagged", self.lang, what=", ".join(what) or "?")
        result.notes.append(text)
        with self.gradebook() as gb:
            for name in self.notebooks:
                try:
                    sub = gb.find_submission_notebook(name, self.assignment, student)
                except Exception:  # noqa: BLE001
                    continue
                for item in sub.comments[:1]:
                    item.auto_comment = ((item.auto_comment or "") + "\n" + text).strip()
                for grade in sub.grades:
                    if grade.auto_score is not None:
                        grade.needs_manual_grade = True
            gb.db.commit()

    def _score(self, student: str, result: SubmissionResult) -> None:
        with self.gradebook() as gb:
            sub = gb.find_submission(self.assignment, student)
            result.score, result.max_score = float(sub.score), float(sub.max_score)

    def students(self, only: list[str] | None) -> list[str]:
        root = Path(self.coursedir.format_path(self.coursedir.submitted_directory, ".", "."))
        found = sorted(p.parent.name for p in root.glob(f"*/{self.assignment}") if p.is_dir())
        return [s for s in found if not only or s in only]

    def close(self) -> None:
        shutil.rmtree(self.scratch_root, ignore_errors=True)


def grade(course: Path, assignment: str, students: list[str] | None = None,
          jobs: int | None = None, limits: Limits | None = None, lang: str | None = None,
          force: bool = False, progress: bool = False) -> GradeReport:
    """Autograde every hand-in of ``assignment`` (or only ``students``) into the gradebook."""
    from .course_lang import course_lang

    start = time.monotonic()
    course = Path(course).resolve()
    lang = i18n.normalise_lang(lang or course_lang(course))
    jobs = max(1, jobs or os.cpu_count() or 1)
    workdir = Path(tempfile.mkdtemp(prefix="suyang-workers-"))
    with fast_gradebook(), warnings.catch_warnings():
        # nbgrader's session handling warns on autoflush; the grades are unaffected
        warnings.filterwarnings("ignore", module="nbgrader")
        warnings.filterwarnings("ignore", message=".*not in session.*")
        pool = WorkerPool(min(jobs, 8), workdir)
        grader = Grader(course, assignment, limits or Limits(), lang, pool, force=force)
        try:
            names = grader.students(students)
            results = _run_all(grader, names, jobs, progress, lang)
        finally:
            pool.close()
            grader.close()
            shutil.rmtree(workdir, ignore_errors=True)
    return GradeReport(assignment, results, pool.confinement, time.monotonic() - start)


def _run_all(grader: Grader, names: list[str], jobs: int, progress: bool,
             lang: str) -> list[SubmissionResult]:
    results: dict[str, SubmissionResult] = {}
    bar = None
    if progress:
        from rich.progress import Progress

        bar = Progress(transient=False)
        task = bar.add_task(i18n.t("grade.progress", lang), total=len(names))
        bar.start()
    try:
        with ThreadPoolExecutor(max_workers=jobs) as executor:
            for name, result in zip(names, executor.map(grader.grade_student, names),
                                    strict=True):
                results[name] = result
                if bar:
                    bar.advance(task)
    finally:
        if bar:
            bar.stop()
    return [results[n] for n in names]


def summary_table(report: GradeReport, lang: str) -> str:
    """The end-of-run table: every student, status, score and reasons."""
    import io

    from rich.console import Console
    from rich.table import Table

    table = Table(title=i18n.t("grade.summary.title", lang, assignment=report.assignment))
    for key in ("student", "status", "score", "notes"):
        table.add_column(i18n.t(f"grade.summary.{key}", lang))
    for r in report.results:
        table.add_row(r.student, i18n.t(f"grade.status.{r.status}", lang),
                      f"{r.score:g} / {r.max_score:g}", "; ".join(r.notes)[:160])
    buf = io.StringIO()
    console = Console(file=buf, width=160, force_terminal=False)
    console.print(table)
    console.print(i18n.t("grade.summary.totals", lang, total=len(report.results),
                         graded=report.count("graded"), flagged=report.count("flagged"),
                         failed=report.count("failed"), skipped=report.count("skipped"),
                         confinement=report.confinement, seconds=report.seconds))
    return buf.getvalue()
