"""Confine a process that runs student code: resource limits and file-system walls.

On Linux the kit uses Landlock (no root needed, kernel 5.13+): the student's process may
read only the Python installation it runs on and write only its own scratch folder, so
it cannot read other hand-ins, the source notebooks (solutions, hidden tests) or the
gradebook. From Landlock ABI 4 it cannot open TCP connections, and from ABI 6 it cannot
signal processes outside its domain (the grader, other students). Where Landlock is
missing (older Linux, macOS, Windows) the process limits still hold and the grade report
says that file confinement was not available.
"""

from __future__ import annotations

import ctypes
import os
import resource
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
PR_SET_NO_NEW_PRIVS, PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 38, 1, 36
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_ALL_V1 = (1 << 13) - 1
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX, SCOPE_SIGNAL = 1 << 0, 1 << 1
FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV


@dataclass(frozen=True)
class Limits:
    """What one submission may use. Defaults suit the kit's small notebooks."""

    cell_timeout: float = 30.0  # seconds of wall time per cell
    notebook_timeout: float = 180.0  # seconds of wall time for the whole notebook
    memory_mb: int = 1024  # address space on top of the warmed interpreter
    cpu_seconds: int = 240  # hard CPU backstop for the whole notebook
    max_file_mb: int = 64  # largest file the student may write
    max_processes: int = 64  # processes (applies when not running as root)

    def to_dict(self) -> dict:
        return asdict(self)


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, or 0 where Landlock is unavailable."""
    if not sys.platform.startswith("linux"):
        return 0
    try:
        version = _libc().syscall(SYS_CREATE_RULESET, None, 0, 1)
    except (OSError, AttributeError):
        return 0
    return max(int(version), 0)


def confinement_name() -> str:
    """A short name of the confinement this machine gives, for the grade report."""
    abi = landlock_abi()
    return f"landlock-abi{abi}" if abi else "limits-only"


def read_paths() -> list[Path]:
    """Where the interpreter and its libraries live (read-only for student code)."""
    candidates = {Path(sys.prefix), Path(sys.base_prefix), Path(sys.exec_prefix),
                  Path("/usr"), Path("/lib"), Path("/lib64"), Path("/etc"), Path("/proc"),
                  Path("/sys/devices/system/cpu"), Path("/dev/urandom")}
    prefixes = [Path(sys.prefix).resolve(), Path(sys.base_prefix).resolve()]
    for entry in sys.path:  # only library folders: never the kit's checkout or a course
        path = Path(entry).resolve() if entry else None
        if path and os.path.isdir(path) and any(path.is_relative_to(p) for p in prefixes):
            candidates.add(path)
    import suyang

    candidates.add(Path(suyang.__file__).resolve().parent)  # the package, not its checkout
    return sorted(p.resolve() for p in candidates if p.exists())


def _rights_for(path: Path, rights: int) -> int:
    return rights & FILE_RIGHTS if path.is_file() or path.is_char_device() else rights


def landlock(read: Iterable[Path], write: Iterable[Path]) -> int:
    """Restrict this process (and its children) to reading ``read`` and writing ``write``.

    Returns the ABI used, or 0 if Landlock is unavailable (the caller records that).
    """
    abi = landlock_abi()
    if not abi:
        return 0
    libc = _libc()
    fs = FS_ALL_V1 | (FS_REFER if abi >= 2 else 0) | (FS_TRUNCATE if abi >= 3 else 0) \
        | (FS_IOCTL_DEV if abi >= 5 else 0)
    attr = _RulesetAttr(fs, (NET_BIND_TCP | NET_CONNECT_TCP) if abi >= 4 else 0,
                        (SCOPE_ABSTRACT_UNIX | SCOPE_SIGNAL) if abi >= 6 else 0)
    size = 8 if abi < 4 else (16 if abi < 6 else 24)
    ruleset = libc.syscall(SYS_CREATE_RULESET, ctypes.byref(attr), size, 0)
    if ruleset < 0:
        return 0
    read_rights = FS_READ_FILE | FS_READ_DIR
    rules = [(p, read_rights) for p in read] + [(p, fs & ~FS_EXECUTE) for p in write]
    rules.append((Path("/dev/null"), FS_READ_FILE | FS_WRITE_FILE))
    for path, rights in rules:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            rule = _PathBeneath(_rights_for(path, rights) & fs, fd)
            libc.syscall(SYS_ADD_RULE, ruleset, 1, ctypes.byref(rule), 0)
        finally:
            os.close(fd)
    libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    status = libc.syscall(SYS_RESTRICT_SELF, ruleset, 0)
    os.close(ruleset)
    return abi if status == 0 else 0


def _vm_size() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def apply_limits(limits: Limits) -> None:
    """Cap memory, CPU, file size and (for non-root users) the number of processes."""
    def cap(kind: int, value: int) -> None:
        try:
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            pass

    base = _vm_size()
    if base:
        cap(resource.RLIMIT_AS, base + limits.memory_mb * 1024 * 1024)
    cap(resource.RLIMIT_CPU, limits.cpu_seconds)
    cap(resource.RLIMIT_FSIZE, limits.max_file_mb * 1024 * 1024)
    cap(resource.RLIMIT_CORE, 0)
    if os.geteuid() != 0:
        cap(resource.RLIMIT_NPROC, limits.max_processes + _process_count())


def _process_count() -> int:
    uid = os.getuid()
    count = 0
    for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid == uid:
                    count += 1
            except OSError:
                pass
    return count


def _world_readable(path: Path) -> bool:
    """Can any user reach ``path`` (every parent searchable, the path readable)?"""
    import stat

    try:
        for part in [*reversed(path.parents), path]:
            if not part.stat().st_mode & stat.S_IXOTH:
                return False
        return bool(path.stat().st_mode & stat.S_IROTH)
    except OSError:
        return False


def can_drop_root() -> bool:
    """Dropping to 'nobody' only works if 'nobody' can still read the interpreter."""
    return (hasattr(os, "geteuid") and os.geteuid() == 0
            and all(_world_readable(Path(p)) for p in (sys.base_prefix, sys.prefix)))


def drop_root(scratch: Path) -> None:
    """When grading as root (a server, CI), run student code as the unprivileged 'nobody'."""
    if not can_drop_root():
        return
    import pwd

    try:
        nobody = pwd.getpwnam("nobody")
    except KeyError:
        return
    for dirpath, _, filenames in os.walk(scratch):
        os.chown(dirpath, nobody.pw_uid, nobody.pw_gid)
        for name in filenames:
            os.chown(os.path.join(dirpath, name), nobody.pw_uid, nobody.pw_gid)
    os.setgroups([])
    os.setgid(nobody.pw_gid)
    os.setuid(nobody.pw_uid)


def die_with_parent() -> None:
    """Ask the kernel to kill this process if its parent (the worker) dies."""
    if sys.platform.startswith("linux"):
        import signal

        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def become_subreaper() -> None:
    """Orphans of student processes are re-parented here, so they can be cleaned up."""
    if sys.platform.startswith("linux"):
        _libc().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
