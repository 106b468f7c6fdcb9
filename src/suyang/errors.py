"""What a learner sees when a cell fails: a calm box in their language, never a traceback.

``suyang.setup()`` installs this in the notebook's kernel. Every error IPython shows
(a cell's, a widget callback's, a syntax error's) passes through the shell's
``_showtraceback``; here it first displays a box (HTML, and plain text for other
viewers), then hands IPython one plain sentence in place of the traceback:

- a check that did not pass (an ``AssertionError``, e.g. from :mod:`suyang.graders` or
  :func:`suyang.answers.require_answer`): the check's own message, which already says what
  is wrong and what to do;
- an error in the learner's own code (``NameError``, ``SyntaxError``, ``KeyError`` …):
  one sentence in plain words. From middle school up, Python's traceback stays below it,
  folded (``<details>``); for primary pupils and seniors only the sentence shows.

The cell still ends with an ``error`` output (same ``ename`` and ``evalue``), so nbgrader
scores it exactly as before; the box's stylesheet hides that error output right after the
box in JupyterLab and Voilà, so the learner sees the box alone. When a notebook is graded
(``NBGRADER_EXECUTION``) nothing is installed: graders see the kernel as they always did.

The level comes from ``setup(level=…)``, else ``SUYANG_LEVEL``, else the ``suyang.level``
metadata of the notebook the kernel runs (read from the kernel's folder, which is the
notebook's), else a level named in that folder's path, else ``large_print`` (seniors),
else middle school's (sentence and folded traceback).
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import i18n

LEVELS = ("primary", "middle", "high", "vocational", "seniors")
SENTENCE_ONLY = ("primary", "seniors")
DEFAULT_LEVEL = "middle"
MAX_NOTEBOOK_BYTES = 20 * 1024 * 1024
MAX_NOTEBOOKS = 20
# The kernel's settings, changed in place (never rebound).
_state: dict[str, Any] = {"level": DEFAULT_LEVEL}

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
ERROR_MIME = "application/vnd.jupyter.stderr"
# Hides the error output that follows a box (the same cell's error, now said in the box).
# JupyterLab and Voilà (nbconvert's lab template) give each output a .jp-OutputArea-child.
STYLE = (
    "<style>.jp-OutputArea-child:has(.suyang-error) + "
    f".jp-OutputArea-child:has([data-mime-type=\"{ERROR_MIME}\"]) {{ display: none; }}"
    "</style>"
)
BOX = {  # kind: (icon, left border, background)
    "check": ("🔍", "#b26a00", "#fff6e0"),
    "error": ("🔧", "#1f5fa8", "#eef4fb"),
}


# ------------------------------------------------------------------ the learner's level
def _grading() -> bool:
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def _level_of(path: Path) -> str | None:
    try:
        if path.stat().st_size > MAX_NOTEBOOK_BYTES:
            return None
        meta = json.loads(path.read_text("utf-8")).get("metadata", {})
    except (OSError, ValueError, AttributeError):
        return None
    level = (meta.get("suyang") or {}).get("level") if isinstance(meta, dict) else None
    return level if level in LEVELS else None


def notebook_level(folder: str | Path | None = None) -> str | None:
    """The ``suyang.level`` of the notebook in ``folder`` (the kernel's, by default).

    JupyterLab names the kernel's notebook in ``JPY_SESSION_NAME``; otherwise (Voilà,
    nbclient) the folder's notebooks decide if they agree (a lesson folder holds one).
    """
    folder = Path(folder) if folder is not None else Path.cwd()
    session = os.environ.get("JPY_SESSION_NAME")
    if session:
        named = folder / Path(session).name
        if named.suffix == ".ipynb" and named.is_file():
            level = _level_of(named)
            if level:
                return level
    try:
        notebooks = sorted(folder.glob("*.ipynb"))[:MAX_NOTEBOOKS]
    except OSError:
        return None
    found = {level for level in map(_level_of, notebooks) if level}
    return found.pop() if len(found) == 1 else None


def path_level(folder: str | Path | None = None) -> str | None:
    """A level named by the folder or one above it (``curriculum/primary/…``,
    ``primary-01-fruit-day``)."""
    folder = Path(folder) if folder is not None else Path.cwd()
    for part in reversed(folder.parts):
        head = part.split("-", 1)[0]
        if part in LEVELS or (head in LEVELS and "-" in part):
            return head
    return None


def detect_level(level: str | None = None, *, large_print: bool = False,
                 folder: str | Path | None = None) -> str:
    """The learner's level, in the order the module's docstring gives."""
    for found in (level, os.environ.get("SUYANG_LEVEL")):
        if found:
            if found not in LEVELS:
                raise ValueError(f"unknown level {found!r}; one of {', '.join(LEVELS)}")
            return found
    found = notebook_level(folder) or path_level(folder)
    if found:
        return found
    return "seniors" if large_print else DEFAULT_LEVEL


def level() -> str:
    """The level in force in this kernel."""
    return _state["level"]


# ------------------------------------------------------------------ the words
def _has(key: str) -> bool:
    return key in i18n.catalogue(i18n.get_lang()) or key in i18n.catalogue(i18n.DEFAULT_LANG)


def _short(text: Any, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _values(value: BaseException) -> dict[str, Any]:
    """The placeholders a sentence may use, read from the exception (never a path)."""
    message = str(value)
    name = getattr(value, "name", None)
    if not name and isinstance(value, (NameError, AttributeError)):
        match = re.search(r"(?:name|attribute) '([^']+)'", message)
        name = match.group(1) if match else None
    kind = None
    if isinstance(value, AttributeError):
        match = re.search(r"'([\w.]+)' object has no attribute", message)
        obj = getattr(value, "obj", None)
        kind = match.group(1) if match else type(obj).__name__ if obj is not None else None
    filename = getattr(value, "filename", None)
    key = value.args[0] if isinstance(value, KeyError) and value.args else ""
    return {
        "name": _short(name or "?"),
        "kind": _short(kind or "?"),
        "item": _short(repr(key)) if key != "" else "?",
        "line": getattr(value, "lineno", None) or "?",
        "file": _short(Path(str(filename)).name) if filename else "?",
    }


def sentence(etype: type[BaseException], value: BaseException | None) -> str:
    """One plain sentence, in the learner's language, for an error in their own code."""
    values = _values(value) if value is not None else {}
    for cls in etype.__mro__:
        key = f"errors.{cls.__name__}"
        if cls is not BaseException and cls is not object and _has(key):
            if cls is Exception:
                break
            return i18n.t(key, **values)
    return i18n.t("errors.Exception", name=etype.__name__)


def _check_message(value: BaseException | None) -> str:
    text = str(value).strip() if value is not None else ""
    return text or i18n.t("errors.check_failed")


# ------------------------------------------------------------------ the box
def _inline(text: str) -> str:
    """Escaped text whose `code` spans become <code>."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(text, quote=False))


def box(kind: str, text: str, details: str | None = None) -> dict[str, str]:
    """The mime bundle of a box: ``kind`` is 'check' (a check failed) or 'error'."""
    icon, border, background = BOX[kind]
    folded = ""
    if details:
        folded = (
            '<details style="margin-top:.5em"><summary style="cursor:pointer">'
            f"{html.escape(i18n.t('errors.details'), quote=False)}</summary>"
            '<pre style="white-space:pre-wrap;font-size:.85em;margin:.4em 0 0;'
            'background:transparent;color:#222">'
            f"{html.escape(details, quote=False)}</pre></details>"
        )
    markup = (
        f'<div class="suyang-error suyang-error-{kind}" role="status" '
        f'style="border-left:5px solid {border};background:{background};color:#1a1a1a;'
        'padding:.6em .9em;border-radius:6px;margin:.2em 0;line-height:1.5">'
        f'<span aria-hidden="true" style="margin-right:.4em">{icon}</span>'
        f'<span class="suyang-error-text">{_inline(text)}</span>{folded}</div>{STYLE}'
    )
    return {"text/html": markup, "text/plain": f"{icon} {text}"}


def explain(etype: type[BaseException], value: BaseException | None,
            stb: list[str] | None = None, level_: str | None = None
            ) -> tuple[dict[str, str], str]:
    """(the box to display, the one sentence that replaces the traceback)."""
    from .graders import CheckFailed

    brief = (level_ or level()) in SENTENCE_ONLY
    if issubclass(etype, AssertionError):
        text = _check_message(value)
        kit = isinstance(value, CheckFailed)  # its traceback is the test's code, not theirs
        details = None if brief or kit else _plain(stb)
        return box("check", text, details), text
    text = sentence(etype, value)
    return box("error", text, None if brief else _plain(stb)), text


def _plain(stb: list[str] | None) -> str | None:
    text = ANSI.sub("", "\n".join(stb or [])).strip()
    return text or None


# ------------------------------------------------------------------ the kernel hook
def _friendly(original: Callable[..., Any]) -> Callable[..., Any]:
    def _showtraceback(etype: Any, evalue: Any, stb: list[str]) -> Any:
        try:
            bundle, line = explain(etype, evalue, stb)
            from IPython.display import display

            display(bundle, raw=True)
        except Exception:  # never lose an error: show it as IPython would have
            return original(etype, evalue, stb)
        return original(etype, evalue, [line])

    _showtraceback.suyang_original = original  # type: ignore[attr-defined]
    return _showtraceback


def install(level: str | None = None, shell: Any = None) -> bool:
    """Show errors as boxes in this kernel (once; again only updates the level).

    Returns False where there is nothing to install: no IPython shell, or grading.
    """
    if level is not None:
        _state["level"] = level
    if _grading():
        return False
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:
            return False
        shell = get_ipython()
    if shell is None:
        return False
    current = shell._showtraceback
    if not hasattr(current, "suyang_original"):
        shell._showtraceback = _friendly(current)
    return True


def uninstall(shell: Any = None) -> None:
    """Put back IPython's own error display (for tests and teachers who want it)."""
    if shell is None:
        from IPython import get_ipython

        shell = get_ipython()
    original = getattr(getattr(shell, "_showtraceback", None), "suyang_original", None)
    if original is None:
        return
    if getattr(original, "__self__", None) is shell and getattr(original, "__func__", None) \
            is getattr(type(shell), "_showtraceback", None):
        del shell.__dict__["_showtraceback"]  # the class's own method again
    else:
        shell._showtraceback = original
