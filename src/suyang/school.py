"""A school's own hub (deploy/school): accounts for a class from its roster, a first copy
of the kit in each new home, and a backup of the gradebook a teacher can restore.

These are the runbook's steps, as code so the tests run them for real. Creating accounts
needs root (it runs ``useradd`` and ``chpasswd``); a dry run prints the plan without it.
Nothing here deletes a home, a hand-in or a gradebook: a restore moves what it replaces
aside under a dated name.
"""

from __future__ import annotations

import csv
import grp
import io
import json
import os
import pwd
import re
import secrets
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import i18n
from .course import CourseError, RosterEntry, read_roster, write_roster

STUDENT_GROUP = os.environ.get("SUYANG_STUDENT_GROUP", "suyang-students")
TEACHER_GROUP = os.environ.get("SUYANG_TEACHER_GROUP", "suyang-teachers")
# Linux account names: what useradd accepts everywhere, and what nbgrader then uses as
# the student id in its exchange (it is the JupyterHub user name).
ACCOUNT = re.compile(r"^[a-z_][a-z0-9_-]{0,31}$")
# Student servers must not offer the teacher's tools (nbgrader's own advice for hubs).
STUDENT_DISABLED = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment")
# Easy to read aloud and to type on a school PC: no 0/o, 1/l.
PASSWORD_LETTERS = "abcdefghjkmnpqrstuvwxyz"
PASSWORD_DIGITS = "23456789"
# What a backup holds of a course: the gradebook (copied consistently) and every folder.
BACKUP_SKIP = {".ipynb_checkpoints", "__pycache__"}


class SchoolError(CourseError):
    """A problem the school's administrator can fix, worded in their language."""


# ----------------------------------------------------------------------------- accounts
def account_name(student_id: str) -> str:
    """The login name for a roster id: the id itself when Linux accepts it, else ``s`` and
    the id's safe characters (a numeric student number 2024031 becomes s2024031)."""
    name = student_id.strip().lower()
    if ACCOUNT.match(name):
        return name
    safe = re.sub(r"[^a-z0-9_-]", "", name)
    return ("s" + safe)[:32]


def new_password(rng: secrets.SystemRandom | None = None) -> str:
    """A first password a pupil can type: four letters, a dash, four digits."""
    rng = rng or secrets.SystemRandom()
    return ("".join(rng.choice(PASSWORD_LETTERS) for _ in range(4)) + "-"
            + "".join(rng.choice(PASSWORD_DIGITS) for _ in range(4)))


@dataclass
class Account:
    """One login to create (or found already there)."""

    name: str
    real_name: str
    role: str  # student | teacher
    password: str | None = None  # set only when the account is new
    existed: bool = False


@dataclass
class ClassPlan:
    """Everything ``add_class`` will do, computed before anything is written."""

    class_id: str
    lang: str
    teacher: Account
    students: list[Account]
    home_root: Path
    course: Path
    level: str | None = None
    assignments: list[str] = field(default_factory=list)

    def accounts(self) -> list[Account]:
        return [self.teacher, *self.students]


def _exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def plan_class(roster: Path, class_id: str, teacher: str, *, lang: str | None = None,
               home_root: Path = Path("/home"), level: str | None = None,
               assignments: Iterable[str] = (),
               exists: Callable[[str], bool] = _exists) -> ClassPlan:
    """Read the roster and decide every account name; fail before writing anything when
    the roster is wrong or two students would share a login."""
    lang = i18n.normalise_lang(lang)
    if not ACCOUNT.match(class_id):
        raise SchoolError(i18n.t("school.bad_class", lang, id=class_id))
    if not ACCOUNT.match(teacher):
        raise SchoolError(i18n.t("school.bad_account", lang, name=teacher))
    entries = read_roster(roster, lang)
    students, seen = [], {teacher: "teacher"}
    for entry in entries:
        name = account_name(entry.student_id)
        if name in seen:
            raise SchoolError(i18n.t("school.clash", lang, name=name, id=entry.student_id,
                                     other=seen[name]))
        seen[name] = entry.student_id
        students.append(Account(name, entry.name, "student", existed=exists(name)))
    home = Path(home_root)
    return ClassPlan(class_id, lang, Account(teacher, teacher, "teacher", existed=exists(teacher)),
                     students, home, home / teacher / class_id, level, list(assignments))


def _run(cmd: list[str], stdin: str | None = None) -> None:
    proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SchoolError(f"{' '.join(cmd[:2])}: {proc.stderr.strip() or proc.stdout.strip()}")


def ensure_group(name: str) -> None:
    try:
        grp.getgrnam(name)
    except KeyError:
        _run(["groupadd", "--system", name])


def create_account(account: Account, group: str, home_root: Path) -> None:
    """A Linux account whose home only its owner can read; an existing one is left as it
    is, apart from joining ``group`` (its password and files are never touched)."""
    if account.existed:
        _run(["usermod", "--append", "--groups", group, account.name])
        return
    home = home_root / account.name
    _run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/bash",
          "--groups", group, "--comment", account.real_name.replace(":", " "), account.name])
    os.chmod(home, 0o700)
    account.password = new_password()
    _run(["chpasswd"], stdin=f"{account.name}:{account.password}\n")


def _write_owned(path: Path, text: str, owner: str) -> None:
    """Write a file in a user's home as that user would have: theirs, folders included."""
    info = pwd.getpwnam(owner)
    home = Path(info.pw_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    node = path
    while node != home and home in node.parents:
        os.chown(node, info.pw_uid, info.pw_gid)
        node = node.parent


def student_settings(account: str, class_id: str, level: str | None = None
                     ) -> dict[str, str]:
    """Files a student's home gets: the class they fetch from, JupyterLab without the
    teacher's nbgrader panels, and the class's level (the hub opens a primary or seniors
    class at the lessons' app view)."""
    disabled = ", ".join(f'"{x}": true' for x in STUDENT_DISABLED)
    return {
        CLASS_FILE: json.dumps({"class": class_id, "level": level}) + "\n",
        ".jupyter/nbgrader_config.py":
            "# written by suyang school add-class: the class this account fetches from\n"
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.course_id = {class_id!r}\n",
        ".jupyter/labconfig/page_config.json": f'{{"disabledExtensions": {{{disabled}}}}}\n',
    }


def teacher_settings(course: Path) -> dict[str, str]:
    """The teacher's formgrader opens this class's course folder."""
    return {".jupyter/nbgrader_config.py":
            "# written by suyang school add-class: the course the formgrader opens\n"
            "c = get_config()  # noqa: F821\n"
            f"c.CourseDirectory.root = {str(course)!r}\n"}


def as_user(user: str, cmd: list[str], cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a command as ``user`` (root only), with that user's HOME, like their terminal.

    The environment starts empty (``env -i``): runuser would otherwise pass on the whole
    of root's, and an activated virtualenv there (``VIRTUAL_ENV``) makes IPython add that
    environment's packages to the user's kernels, which the grading sandbox then refuses
    to read."""
    home = pwd.getpwnam(user).pw_dir
    base = {"HOME": home, "USER": user, "LOGNAME": user,
            "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "PYTHONUTF8": "1"}
    for key in ("JUPYTER_CONFIG_PATH", "SUYANG_ROOT", "SUYANG_LANG"):
        if key in os.environ:
            base[key] = os.environ[key]
    return subprocess.run(["runuser", "-u", user, "--", "env", "-i", *[f"{k}={v}" for k, v in
                                                                 {**base, **(env or {})}.items()],
                           *cmd], cwd=cwd or home, capture_output=True, text=True)


def write_slips(plan: ClassPlan, path: Path) -> Path:
    """The first passwords, for the teacher to print and hand out (readable by root only:
    it is the one copy; students change theirs after the first login)."""
    buf = io.StringIO()
    writer = csv.writer(buf)
    lang = plan.lang
    writer.writerow([i18n.t("school.slip.account", lang), i18n.t("school.slip.name", lang),
                     i18n.t("school.slip.password", lang), i18n.t("school.slip.class", lang)])
    for account in plan.accounts():
        writer.writerow([account.name, account.real_name,
                         account.password or i18n.t("school.slip.unchanged", lang),
                         plan.class_id])
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8-sig", newline="") as out:
        out.write(buf.getvalue())
    return path


def add_class(plan: ClassPlan, slips: Path) -> ClassPlan:
    """Create the accounts, the teacher's nbgrader course with the class roster, and each
    student's settings; write the first passwords to ``slips``. Safe to run again: existing
    accounts and files are kept."""
    if os.geteuid() != 0:
        raise SchoolError(i18n.t("school.need_root", plan.lang))
    ensure_group(STUDENT_GROUP)
    ensure_group(TEACHER_GROUP)
    plan.home_root.mkdir(parents=True, exist_ok=True)
    create_account(plan.teacher, TEACHER_GROUP, plan.home_root)
    for account in plan.students:
        create_account(account, STUDENT_GROUP, plan.home_root)
        for rel, text in student_settings(account.name, plan.class_id, plan.level).items():
            _write_owned(Path(pwd.getpwnam(account.name).pw_dir) / rel, text, account.name)
    teacher_home = Path(pwd.getpwnam(plan.teacher.name).pw_dir)
    plan.course = teacher_home / plan.class_id
    for rel, text in teacher_settings(plan.course).items():
        _write_owned(teacher_home / rel, text, plan.teacher.name)
    _init_course(plan)
    write_slips(plan, slips)
    return plan


def _init_course(plan: ClassPlan) -> None:
    """``suyang course init`` as the teacher, with the roster in login names."""
    entries = [RosterEntry(s.name, s.real_name) for s in plan.students]
    with tempfile.TemporaryDirectory() as tmp:
        roster = Path(tmp) / "roster.csv"
        write_roster(entries, roster)
        os.chmod(tmp, 0o755)
        os.chmod(roster, 0o644)
        cmd = [str(Path(sys.executable).parent / "suyang"), "course", "init", str(plan.course),
               "--lang", plan.lang, "--roster", str(roster)]
        if plan.level:
            cmd += ["--level", plan.level]
        if plan.assignments:
            cmd += ["--assignments", ",".join(plan.assignments)]
        proc = as_user(plan.teacher.name, cmd)
    if proc.returncode != 0:
        raise SchoolError(proc.stderr.strip() or proc.stdout.strip())


# -------------------------------------------------------------------------- a new home
CLASS_FILE = ".suyang/class.json"  # in a student's home: {"class": id, "level": level}
USER_PLACEHOLDER = "/user/{user}/"  # in the index's app links, built once for every home


def start_url(home: Path, folder: str = "suyang") -> str:
    """Where a student's server opens: a primary or seniors class at the app view of the
    index (the lessons as apps), every other class at the index in JupyterLab."""
    from .notebooks import APP_LEVELS

    try:
        level = json.loads((home / CLASS_FILE).read_text("utf-8")).get("level")
    except (OSError, ValueError, AttributeError):
        level = None
    if level in APP_LEVELS:
        return f"/voila/render/{folder}/app/index.ipynb"
    return f"/lab/tree/{folder}/index.ipynb"


def seed_home(home: Path, views: Path, uid: int, gid: int, folder: str = "suyang") -> list[Path]:
    """Copy the kit's student views into ``home/folder``, only the files not there yet:
    a student's own edits survive every upgrade. Returns what was copied.

    The views are built once for every home, with ``/user/{user}/`` in the index's links
    to each lesson's app; the copy in a home names its owner there.
    """
    copied = []
    target_root = home / folder
    for src in sorted(views.rglob("*")):
        rel = src.relative_to(views)
        if any(part in BACKUP_SKIP for part in rel.parts):
            continue
        dest = target_root / rel
        if src.is_dir():
            if not dest.exists():
                dest.mkdir(parents=True)
                os.chown(dest, uid, gid)
            continue
        if dest.exists():
            continue
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src, dest)
        if src.name == "index.ipynb":
            _name_the_owner(dest, uid)
        os.chown(dest, uid, gid)
        copied.append(dest)
    if target_root.exists():
        os.chown(target_root, uid, gid)
    return copied


def _name_the_owner(index: Path, uid: int) -> None:
    text = index.read_text("utf-8")
    if USER_PLACEHOLDER in text:
        name = pwd.getpwuid(uid).pw_name
        index.write_text(text.replace(USER_PLACEHOLDER, f"/user/{name}/"), "utf-8")


# ------------------------------------------------------------------ backup and restore
def _members(course: Path) -> Iterable[Path]:
    for path in sorted(course.rglob("*")):
        rel = path.relative_to(course)
        if any(part in BACKUP_SKIP for part in rel.parts) or rel.name.startswith("gradebook.db"):
            continue
        yield path


def backup(course: Path, out: Path, lang: str | None = None) -> Path:
    """One archive of a course: the gradebook copied with SQLite's online backup (correct
    even while someone grades), then every folder (source, release, submitted, autograded,
    feedback) and the config. A teacher can keep it on a USB stick."""
    course = Path(course).resolve()
    db = course / "gradebook.db"
    if not db.is_file():
        raise SchoolError(i18n.t("school.no_gradebook", lang, path=db))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "gradebook.db"
        with sqlite3.connect(db) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        partial = out.with_name(out.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(copy, arcname="gradebook.db")
            for path in _members(course):
                tar.add(path, arcname=path.relative_to(course).as_posix(), recursive=False)
        os.replace(partial, out)
    return out


def _check_archive(tar: tarfile.TarFile, archive: Path, lang: str | None) -> None:
    names = tar.getnames()
    if "gradebook.db" not in names:
        raise SchoolError(i18n.t("school.not_backup", lang, path=archive))
    for member in tar.getmembers():
        if member.name.startswith("/") or ".." in Path(member.name).parts or \
                not (member.isfile() or member.isdir()):
            raise SchoolError(i18n.t("school.unsafe_archive", lang, path=archive,
                                     name=member.name))


def restore(archive: Path, course: Path, lang: str | None = None) -> Path | None:
    """Unpack a backup into ``course``. A course folder already there is moved aside to
    ``<course>.before-restore-<time>`` (returned), never deleted; the restored gradebook
    is checked with SQLite's integrity check before it takes the course's place."""
    archive, course = Path(archive), Path(course).resolve()
    try:
        tar = tarfile.open(archive, "r:gz")
    except (OSError, tarfile.TarError) as err:
        raise SchoolError(i18n.t("school.not_backup", lang, path=archive)) from err
    with tar, tempfile.TemporaryDirectory(dir=course.parent if course.parent.exists() else None,
                                          prefix=".restore-") as tmp:
        _check_archive(tar, archive, lang)
        if hasattr(tarfile, "data_filter"):
            tar.extractall(tmp, filter="data")
        else:  # Python before 3.11.4 (Debian 12 has 3.11.2): _check_archive has already
            tar.extractall(tmp)  # refused links, devices, absolute paths and ..
        if not _sound(Path(tmp) / "gradebook.db"):
            raise SchoolError(i18n.t("school.bad_gradebook", lang, path=archive))
        aside = None
        if course.exists():
            aside = course.with_name(f"{course.name}.before-restore-"
                                     f"{time.strftime('%Y%m%d-%H%M%S')}")
            os.replace(course, aside)
        staged = Path(tmp) / "course"
        staged.mkdir()
        for item in list(Path(tmp).iterdir()):
            if item != staged:
                os.replace(item, staged / item.name)
        os.replace(staged, course)
        _fix_config_root(course)
    return aside


def _sound(db_path: Path) -> bool:
    """SQLite's own integrity check; a file that is no database at all fails it too."""
    try:
        with sqlite3.connect(db_path) as db:
            return db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    except sqlite3.DatabaseError:
        return False


def _fix_config_root(course: Path) -> None:
    """The course config names its own folder; after a restore elsewhere, point it here."""
    cfg = course / "nbgrader_config.py"
    if cfg.is_file():
        text = cfg.read_text("utf-8")
        fixed = re.sub(r"(c\.CourseDirectory\.root\s*=\s*)(['\"]).*?\2",
                       lambda m: f"{m.group(1)}{str(course)!r}", text)
        if fixed != text:
            cfg.write_text(fixed, "utf-8")
