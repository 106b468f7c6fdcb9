"""Run a notebook's code cells in a fresh IPython shell and record what a kernel would.

The grader's worker prepares one pristine shell (with pandas, matplotlib and the kit
already imported) and forks a child per submission, so no submission pays for
interpreter start-up or imports, and none can see another's state. Outputs are recorded
exactly as ipykernel would send them (streams, display data, execute results with their
mime bundles, errors with name, value and traceback), so nbgrader's own rules score them.
"""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import os
import signal
import sys
from collections.abc import Callable
from typing import Any

from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

from . import guard

MAX_CELL_OUTPUT = 2_000_000  # characters kept per cell; the rest is cut with a note


class CellTimeoutError(BaseException):
    """Raised inside a cell that runs longer than its limit (BaseException: a bare
    ``except Exception`` in student code cannot swallow it)."""


class Recorder:
    """Collects one cell's outputs as nbformat output dicts."""

    def __init__(self) -> None:
        self.outputs: list[dict[str, Any]] = []
        self.size = 0
        self.truncated = False

    def add(self, output: dict[str, Any], size: int) -> None:
        if self.size + size > MAX_CELL_OUTPUT:
            self.truncated = True
            return
        self.size += size
        self.outputs.append(output)

    def stream(self, name: str, text: str) -> None:
        last = self.outputs[-1] if self.outputs else None
        if last and last["output_type"] == "stream" and last["name"] == name:
            if self.size + len(text) > MAX_CELL_OUTPUT:
                self.truncated = True
                return
            last["text"] += text
            self.size += len(text)
        else:
            self.add({"output_type": "stream", "name": name, "text": text}, len(text))


class _Stream(io.TextIOBase):
    def __init__(self, name: str, current: Callable[[], Recorder]) -> None:
        self._name, self._current = name, current

    @property
    def name(self) -> str:  # type: ignore[override]
        return f"<{self._name}>"

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            text = str(text)
        self._current().stream(self._name, text)
        return len(text)

    def isatty(self) -> bool:
        return False


class _Publisher(DisplayPublisher):
    def publish(self, data, metadata=None, source=None, *, transient=None, update=False,
                **kwargs) -> None:
        rec = self.parent.suyang_recorder  # type: ignore[attr-defined]
        rec.add({"output_type": "display_data", "data": dict(data),
                 "metadata": dict(metadata or {})}, sum(len(str(v)) for v in data.values()))

    def clear_output(self, wait: bool = False) -> None:
        self.parent.suyang_recorder.outputs.clear()  # type: ignore[attr-defined]


class _DisplayHook(DisplayHook):
    def start_displayhook(self) -> None:
        self._md: dict[str, Any] = {}

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        rec = self.shell.suyang_recorder  # type: ignore[attr-defined]
        rec.add({"output_type": "execute_result", "data": dict(format_dict),
                 "metadata": dict(md_dict or {}), "execution_count": self.shell.execution_count},
                sum(len(str(v)) for v in format_dict.values()))

    def finish_displayhook(self) -> None:
        pass


def make_shell() -> InteractiveShell:
    """A pristine shell configured like a notebook kernel (inline charts, no history file)."""
    cfg = Config()
    cfg.HistoryManager.hist_file = ":memory:"
    cfg.HistoryManager.enabled = False
    cfg.InteractiveShell.colors = "nocolor"
    cfg.InteractiveShell.xmode = "Context"
    shell = InteractiveShell.instance(config=cfg, display_pub_class=_Publisher,
                                      displayhook_class=_DisplayHook)
    shell.suyang_recorder = Recorder()

    def _showtraceback(etype, evalue, stb) -> None:  # as ipykernel reports errors
        shell.suyang_recorder.add({"output_type": "error", "ename": etype.__name__,
                                   "evalue": str(evalue), "traceback": list(stb)},
                                  sum(len(s) for s in stb))

    shell._showtraceback = _showtraceback
    try:
        shell.enable_matplotlib("inline")
    except Exception:  # matplotlib missing: student charts then simply do not render
        pass
    if "" in sys.path:
        sys.path.remove("")
    return shell


TIMEOUT_MESSAGE = ["cell timed out"]


def _alarm(_signum: int, _frame: Any) -> None:
    raise CellTimeoutError(TIMEOUT_MESSAGE[0])


def run_cells(shell: InteractiveShell, cells: list[dict[str, Any]], cell_timeout: float,
              emit: Callable[[dict[str, Any]], None], messages: dict[str, str]) -> None:
    """Execute ``cells`` in order, emitting one record per cell as it finishes.

    Each cell dict has ``index``, ``source`` and ``role`` (test, answer, locked, other).
    Before each test cell the guard restores everything tests rely on; changes made by
    student code are emitted as flags.
    """
    TIMEOUT_MESSAGE[0] = messages["timeout"].format(seconds=f"{cell_timeout:g}", status="")
    recorder = Recorder()
    shell.suyang_recorder = recorder
    sys.stdout = _Stream("stdout", lambda: shell.suyang_recorder)
    sys.stderr = _Stream("stderr", lambda: shell.suyang_recorder)
    signal.signal(signal.SIGALRM, _alarm)
    snapshot = guard.take(shell)
    bindings: dict[str, Any] = {}
    student_has_run = False
    for cell in cells:
        role = cell["role"]
        if role == "test":
            tampered = guard.changes(snapshot, shell)
            guard.restore(snapshot, shell)
            sys.stdout = _Stream("stdout", lambda: shell.suyang_recorder)
            sys.stderr = _Stream("stderr", lambda: shell.suyang_recorder)
            rebound = guard.rebind(shell.user_ns, bindings)
            found = tampered + [f"name:{n}" for n in rebound]
            if found:
                emit({"flag": "restored", "cell": cell["index"], "what": sorted(set(found))})
        before = set(shell.user_ns)
        shell.suyang_recorder = Recorder()
        signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, cell_timeout)
        try:
            result = shell.run_cell(cell["source"], store_history=True)
        except BaseException as err:  # a timeout landing outside IPython's own handler
            result = None
            shell.suyang_recorder.add({"output_type": "error", "ename": type(err).__name__,
                                       "evalue": str(err), "traceback": []}, 0)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        rec = shell.suyang_recorder
        if role == "test":
            during = guard.changes(snapshot, shell)
            if during:
                emit({"flag": "tampered-during-test", "cell": cell["index"], "what": during})
                rec.outputs.append(_error("TamperingDetected", messages["tamper"]))
        succeeded = bool(result is not None and result.success)
        if not succeeded and not any(o["output_type"] == "error" for o in rec.outputs):
            rec.outputs.append(_error("Error", messages["hidden_error"]))
        if rec.truncated:
            rec.outputs.append({"output_type": "stream", "name": "stdout",
                                "text": messages["truncated"]})
        if role == "locked" and not student_has_run:
            new = set(shell.user_ns) - before
            bindings.update(guard.callable_bindings(shell.user_ns, new))
        if role == "answer":
            student_has_run = True
        emit({"index": cell["index"], "outputs": rec.outputs,
              "execution_count": shell.execution_count - 1})
    emit({"done": True})


def _error(name: str, message: str) -> dict[str, Any]:
    return {"output_type": "error", "ename": name, "evalue": message,
            "traceback": [f"{name}: {message}"]}


def sign(key: bytes, seq: int, payload: str) -> str:
    return hmac.new(key, f"{seq}:{payload}".encode(), hashlib.sha256).hexdigest()


def pipe_emitter(fd: int, key: bytes) -> Callable[[dict[str, Any]], None]:
    """Write records as signed JSON lines: a record forged by student code writing to the
    pipe lacks the per-job key and is rejected (and flagged) by the worker."""
    counter = [0]

    def emit(record: dict[str, Any]) -> None:
        counter[0] += 1
        payload = json.dumps(record, ensure_ascii=False, default=str)
        line = json.dumps({"seq": counter[0], "mac": sign(key, counter[0], payload),
                           "payload": payload}, ensure_ascii=False)
        data = (line + "\n").encode("utf-8")
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    return emit
