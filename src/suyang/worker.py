"""The grading worker: a warmed interpreter that forks one confined child per submission.

Started once per parallel job by ``suyang grade``. It imports pandas, matplotlib, IPython
and the kit, renders one chart to warm the font caches, then reads jobs (JSON lines on
stdin) and answers each with the executed cells (one JSON line on stdout). A child that
hangs, crashes, exhausts its memory or calls ``os._exit`` is killed with everything it
started; the cells it could not finish are marked, and the notebook is replayed without
the offending cell so that later, independent answers still earn their marks.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"

MAX_DEATHS = 4
READ_PATHS: list[Path] = []


def _import_activities() -> None:
    import importlib
    import pkgutil

    import suyang.activities as activities

    for info in pkgutil.iter_modules(activities.__path__):
        try:
            importlib.import_module(f"suyang.activities.{info.name}")
        except Exception:  # an activity that cannot load here is simply not pre-warmed
            pass


def warm_up() -> None:
    """Import and exercise what notebooks use, so every forked child starts warm."""
    import matplotlib
    import matplotlib.pyplot as plt
    import pandas as pd

    import suyang
    from suyang import answers, check, data, graders, plotting  # noqa: F401

    _import_activities()  # loaded before the guard's snapshot, so they are protected too

    plotting.configure()
    for name in data.names():
        df = data.load(name)
        df._repr_html_()
        df.describe()
    fig, ax = plt.subplots()
    ax.bar(["一", "二"], [1, 2])
    ax.set_title("预热 warm-up")
    plotting.figure_html(fig, "warm-up")
    plt.close(fig)
    pd.Series([1.0]).plot.bar()
    plt.close("all")
    matplotlib.rcParams.update(matplotlib.rcParamsDefault)
    suyang.set_lang(None)


def _child(job: dict[str, Any], cells: list[dict[str, Any]], write_fd: int, key: bytes,
           shell: Any) -> None:
    """In the forked child: isolate, confine, run the cells, report, exit."""
    from . import sandbox
    from .executor import pipe_emitter, run_cells
    from .sandbox import Limits

    code = 0
    emit = pipe_emitter(write_fd, key)
    try:
        os.setsid()
        sandbox.die_with_parent()
        devnull = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(devnull, fd)
        os.closerange(3, write_fd)
        os.closerange(write_fd + 1, 4096)
        scratch = Path(job["scratch"])
        os.chdir(scratch)
        os.environ.update({"HOME": str(scratch), "MPLCONFIGDIR": str(scratch / ".mpl"),
                           "TMPDIR": str(scratch), "NBGRADER_EXECUTION": "autograde",
                           "SUYANG_LANG": job.get("lang") or "zh"})
        limits = Limits(**job.get("limits", {}))
        sandbox.apply_limits(limits)
        sandbox.drop_root(scratch)
        if job.get("confine", True):
            sandbox.landlock(READ_PATHS, [scratch])
        run_cells(shell, cells, limits.cell_timeout, emit, job["messages"])
    except BaseException:  # noqa: BLE001 - the child must never fall back into the worker
        code = 70
        try:
            import traceback

            emit({"crash": traceback.format_exc()[-2000:]})
        except BaseException:  # noqa: BLE001
            pass
    finally:
        os._exit(code)


def _kill_tree(pid: int) -> None:
    """Kill the child's process group and any orphan re-parented to this worker."""
    for target in (-pid, pid):
        try:
            os.kill(target, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    me = os.getpid()
    for _ in range(3):
        orphans = []
        for entry in Path("/proc").iterdir() if Path("/proc").is_dir() else []:
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == me:
                orphans.append(int(entry.name))
        for orphan in orphans:
            try:
                os.kill(orphan, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        while True:
            try:
                reaped, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                break
            if reaped == 0:
                break
        if not orphans:
            break


def _read_records(fd: int, key: bytes, job: dict[str, Any], pid: int
                  ) -> tuple[list[dict[str, Any]], str | None]:
    """Read signed records until 'done', EOF, or a timeout; return them and why it ended."""
    from .executor import sign

    limits = job.get("limits", {})
    cell_limit = float(limits.get("cell_timeout", 30)) + 5.0
    deadline = time.monotonic() + float(limits.get("notebook_timeout", 180))
    buf, records, seq, last = b"", [], 0, time.monotonic()
    while True:
        now = time.monotonic()
        wait = min(deadline - now, last + cell_limit - now)
        if wait <= 0:
            return records, "timeout"
        ready, _, _ = select.select([fd], [], [], wait)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return records, "died"
        buf += chunk
        while b"\n" in buf:
            line, buf = buf.split(b"\n", 1)
            last = time.monotonic()
            try:
                envelope = json.loads(line)
                ok = envelope["seq"] == seq + 1 and envelope["mac"] == sign(
                    key, envelope["seq"], envelope["payload"])
            except (ValueError, KeyError, TypeError):
                ok = False
            if not ok:
                records.append({"flag": "forged-record", "cell": None, "what": ["pipe"]})
                return records, "forged"
            seq += 1
            record = json.loads(envelope["payload"])
            records.append(record)
            if record.get("done"):
                return records, None


def run_job(job: dict[str, Any], shell: Any) -> dict[str, Any]:
    """Execute one notebook, replaying without any cell that hangs or kills the child."""
    cells = job["cells"]
    skip: dict[int, dict[str, Any]] = {}
    outputs: dict[int, dict[str, Any]] = {}
    flags: list[dict[str, Any]] = []
    deaths = 0
    while True:
        todo = [c for c in cells if c["index"] not in skip]
        key = os.urandom(32)
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_fd)
            _child(job, todo, write_fd, key, shell)
        os.close(write_fd)
        try:
            records, ended = _read_records(read_fd, key, job, pid)
        finally:
            os.close(read_fd)
        status = _reap(pid, ended)
        _kill_tree(pid)
        for record in records:
            if "flag" in record:
                flags.append(record)
            elif "crash" in record:
                flags.append({"flag": "crash", "cell": None, "what": [record["crash"]]})
            elif "index" in record:
                outputs[record["index"]] = record
        if ended is None:
            break
        done = {r["index"] for r in records if "index" in r}
        stuck = next((c for c in todo if c["index"] not in done), None)
        if stuck is None or ended == "forged":
            for c in todo:
                if c["index"] not in done:
                    skip[c["index"]] = _failure(job, "forged" if ended == "forged" else ended,
                                                status)
            break
        deaths += 1
        skip[stuck["index"]] = _failure(job, ended, status)
        flags.append({"flag": ended, "cell": stuck["index"], "what": [status]})
        if deaths >= MAX_DEATHS:
            for c in todo:
                if c["index"] not in done and c["index"] not in skip:
                    skip[c["index"]] = _failure(job, "not-run", status)
            break
    for index, failure in skip.items():
        outputs[index] = {"index": index, "outputs": [failure], "execution_count": None}
    return {"id": job["id"], "cells": outputs, "flags": flags}


def _reap(pid: int, ended: str | None) -> str:
    """Wait for the child (killing it if it overran); describe how it ended."""
    if ended in ("timeout", "forged"):
        try:
            os.kill(-pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return "unknown"
    if os.WIFSIGNALED(status):
        return signal.Signals(os.WTERMSIG(status)).name
    return f"exit {os.WEXITSTATUS(status)}"


def _failure(job: dict[str, Any], why: str | None, status: str) -> dict[str, Any]:
    messages = job["messages"]
    key = {"timeout": "timeout", "died": "died", "forged": "forged"}.get(why or "", "not_run")
    text = messages[key].format(status=status, seconds=job.get("limits", {}).get(
        "cell_timeout", 30))
    name = {"timeout": "CellTimeoutError", "died": "DeadKernelError",
            "forged": "TamperingDetected"}.get(why or "", "NotRunError")
    return {"output_type": "error", "ename": name, "evalue": text, "traceback": [f"{name}: {text}"]}


def main() -> None:
    """Serve jobs from stdin until it closes."""
    from . import sandbox
    from .executor import make_shell

    sandbox.become_subreaper()
    warm_up()
    READ_PATHS[:] = sandbox.read_paths()
    shell = make_shell()
    out = sys.stdout
    sys.stdout = sys.stderr  # nothing but results may reach the grader's pipe
    out.write(json.dumps({"ready": True, "confinement": sandbox.confinement_name()}) + "\n")
    out.flush()
    for line in sys.stdin:
        if not line.strip():
            continue
        job = json.loads(line)
        try:
            result = run_job(job, shell)
        except Exception as err:  # noqa: BLE001 - report, never die on one job
            result = {"id": job.get("id"), "error": f"{type(err).__name__}: {err}"}
        finally:
            scratch = job.get("scratch")
            if scratch and job.get("cleanup", True):
                shutil.rmtree(scratch, ignore_errors=True)
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
        out.flush()


if __name__ == "__main__":
    main()
