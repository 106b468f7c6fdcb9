"""Keep the names that test cells rely on out of the student's reach.

nbgrader runs the test cells in the student's own kernel, so a student who redefines
``len``, patches ``suyang.graders.assert_number`` or silences the error display can turn
a failing test into a pass. The guard snapshots everything a test depends on before any
student code runs, restores it before every test cell, and reports each change as a
flag for the teacher's review. Honest work changes none of it.
"""

from __future__ import annotations

import builtins
import signal
import sys
import threading
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

PROTECTED_MODULES = ("builtins", "math", "numbers", "operator", "functools", "json", "re",
                     "copy", "numpy", "pandas", "suyang", "suyang.graders", "suyang.i18n",
                     "suyang.data", "suyang.check", "suyang.plotting", "suyang.guard",
                     "suyang.answers")
SIGNALS = ("SIGALRM", "SIGINT", "SIGTERM", "SIGXCPU")
SYS_HOOKS = ("excepthook", "displayhook", "breakpointhook", "unraisablehook")


def _protected_classes() -> list[type]:
    classes: list[type] = []
    try:
        import pandas as pd
        from pandas.core.generic import NDFrame

        classes += [pd.DataFrame, pd.Series, pd.Index, NDFrame]
    except ImportError:
        pass
    try:
        from matplotlib.axes import Axes
        from matplotlib.container import BarContainer
        from matplotlib.figure import Figure

        classes += [Axes, Figure, BarContainer]
    except ImportError:
        pass
    return classes


@dataclass
class Snapshot:
    """Identity of every protected object, taken before student code runs."""

    modules: dict[str, dict[str, Any]] = field(default_factory=dict)
    module_objects: dict[str, Any] = field(default_factory=dict)
    classes: list[tuple[type, dict[str, Any]]] = field(default_factory=list)
    sys_hooks: dict[str, Any] = field(default_factory=dict)
    sys_path: list[str] = field(default_factory=list)
    meta_path: list[Any] = field(default_factory=list)
    signals: dict[str, Any] = field(default_factory=dict)
    shell_state: dict[str, Any] = field(default_factory=dict)
    shell_lists: dict[str, list[Any]] = field(default_factory=dict)
    shell_events: dict[str, list[Any]] = field(default_factory=dict)
    threads: int = 1


_MISSING = object()
SHELL_LISTS = ("ast_transformers",)
SHELL_ATTRS = ("run_cell", "run_ast_nodes", "run_code", "showtraceback", "_showtraceback",
               "showsyntaxerror", "display_pub", "displayhook", "display_formatter",
               "custom_exceptions", "CustomTB", "InteractiveTB", "transform_cell", "ex", "ev")
# Module globals the kit itself changes while a notebook runs (the chosen language …).
MUTABLE = {"suyang.i18n": {"_current"}, "suyang.plotting": {"_state"},
           "suyang.check": {"_questions", "_hint_level"}}


def take(shell: Any = None) -> Snapshot:
    """Remember the protected state as it is now (pristine)."""
    snap = Snapshot()
    # the kit's own modules, whichever are loaded (activity modules that tests call too)
    kit = sorted(n for n in sys.modules if n.startswith("suyang.") and n not in PROTECTED_MODULES)
    for name in (*PROTECTED_MODULES, *kit):
        module = sys.modules.get(name)
        if module is not None:
            snap.modules[name] = dict(vars(module))
            snap.module_objects[name] = module
    snap.classes = [(cls, dict(vars(cls))) for cls in _protected_classes()]
    snap.sys_hooks = {name: getattr(sys, name) for name in SYS_HOOKS if hasattr(sys, name)}
    snap.sys_path, snap.meta_path = list(sys.path), list(sys.meta_path)
    snap.signals = {name: signal.getsignal(getattr(signal, name)) for name in SIGNALS
                    if hasattr(signal, name)}
    if shell is not None:
        snap.shell_state = _shell_state(shell)
        snap.shell_lists = {a: list(getattr(shell, a)) for a in SHELL_LISTS}
        snap.shell_events = {k: list(v) for k, v in shell.events.callbacks.items()}
        snap.shell_lists["input_transformers_cleanup"] = \
            list(shell.input_transformers_cleanup)
        snap.shell_lists["input_transformers_post"] = list(shell.input_transformers_post)
    snap.threads = threading.active_count()
    return snap


def _shell_state(shell: Any) -> dict[str, Any]:
    """Instance overrides, trait values and class attributes the test machinery uses."""
    traits = getattr(shell, "_trait_values", {})
    state = {f"inst:{a}": shell.__dict__.get(a, _MISSING) for a in SHELL_ATTRS}
    state.update({f"trait:{a}": traits.get(a, _MISSING) for a in SHELL_ATTRS})
    for cls in type(shell).__mro__[:-1]:
        state.update({f"class:{cls.__qualname__}:{k}": v for k, v in vars(cls).items()
                      if not k.startswith("__")})
    return state


def _shell_changes(shell: Any, then: dict[str, Any]) -> list[str]:
    now = _shell_state(shell)
    return [k.split(":", 1)[1] for k, v in then.items() if now.get(k, _MISSING) is not v] + \
        [k.split(":", 1)[1] for k in now if k not in then and k.startswith("class:")]


def _restore_shell(shell: Any, then: dict[str, Any]) -> None:
    classes = {cls.__qualname__: cls for cls in type(shell).__mro__[:-1]}
    for key, value in then.items():
        kind, name = key.split(":", 1)
        if kind == "inst":
            if value is _MISSING:
                shell.__dict__.pop(name, None)
            else:
                shell.__dict__[name] = value
        elif kind == "trait":
            if value is not _MISSING:
                shell._trait_values[name] = value
        else:
            cls_name, attr = name.split(":", 1)
            cls = classes[cls_name]
            if vars(cls).get(attr, _MISSING) is not value:
                type.__setattr__(cls, attr, value)
    for key in _shell_state(shell):
        if key not in then and key.startswith("class:"):
            cls_name, attr = key.split(":", 2)[1:]
            try:
                type.__delattr__(classes[cls_name], attr)
            except (AttributeError, TypeError):
                pass


def _dict_changes(label: str, now: dict[str, Any], then: dict[str, Any]) -> list[str]:
    changed = [k for k, v in then.items() if now.get(k, _MISSING) is not v]
    return [f"{label}.{k}" for k in changed]




def changes(snap: Snapshot, shell: Any = None) -> list[str]:
    """What differs from the snapshot (names of rebound or patched objects)."""
    found: list[str] = []
    for name, then in snap.modules.items():
        module = sys.modules.get(name)
        if module is not snap.module_objects[name]:
            found.append(f"sys.modules[{name!r}]")
            continue
        found += [c for c in _dict_changes(name, vars(module), then)
                  if c.rsplit(".", 1)[1] not in MUTABLE.get(name, ())]
    for cls, then in snap.classes:
        found += _dict_changes(cls.__qualname__, dict(vars(cls)), then)
    for name, value in snap.sys_hooks.items():
        if getattr(sys, name, None) is not value:
            found.append(f"sys.{name}")
    if sys.gettrace() is not None:
        found.append("sys.settrace")
    if sys.getprofile() is not None:
        found.append("sys.setprofile")
    if sys.path != snap.sys_path:
        found.append("sys.path")
    if sys.meta_path != snap.meta_path:
        found.append("sys.meta_path")
    for name, handler in snap.signals.items():
        if signal.getsignal(getattr(signal, name)) is not handler:
            found.append(f"signal.{name}")
    if shell is not None:
        found += [f"shell.{name}" for name in _shell_changes(shell, snap.shell_state)]
        for attr, items in snap.shell_lists.items():
            if list(getattr(shell, attr)) != items:
                found.append(f"shell.{attr}")
        for event, callbacks in snap.shell_events.items():
            if list(shell.events.callbacks.get(event, [])) != callbacks:
                found.append(f"shell.events[{event!r}]")
    if threading.active_count() > snap.threads:
        found.append("threading")
    return found


def restore(snap: Snapshot, shell: Any = None) -> None:
    """Put every protected object back as it was in the snapshot."""
    sys.settrace(None)
    threading.settrace(None)  # type: ignore[arg-type]
    sys.setprofile(None)
    for name, then in snap.modules.items():
        module = snap.module_objects[name]
        sys.modules[name] = module
        namespace = vars(module)
        for key, value in then.items():
            if key not in MUTABLE.get(name, ()) and namespace.get(key, _MISSING) is not value:
                namespace[key] = value
    for cls, then in snap.classes:
        for key, value in then.items():
            if vars(cls).get(key, _MISSING) is not value and key not in ("__dict__",
                                                                          "__weakref__"):
                try:
                    type.__setattr__(cls, key, value)
                except (AttributeError, TypeError):
                    pass
        for key in set(vars(cls)) - set(then):
            try:
                type.__delattr__(cls, key)
            except (AttributeError, TypeError):
                pass
    for name, value in snap.sys_hooks.items():
        setattr(sys, name, value)
    sys.path[:] = snap.sys_path
    sys.meta_path[:] = snap.meta_path
    for name, handler in snap.signals.items():
        try:
            signal.signal(getattr(signal, name), handler)
        except (TypeError, ValueError, OSError):
            pass
    if shell is not None:
        _restore_shell(shell, snap.shell_state)
        for attr, items in snap.shell_lists.items():
            getattr(shell, attr)[:] = items
        for event, callbacks in snap.shell_events.items():
            shell.events.callbacks[event] = list(callbacks)


def callable_bindings(namespace: dict[str, Any], names: Iterable[str]) -> dict[str, Any]:
    """The modules, functions and classes among ``names`` (what locked cells defined)."""
    kinds = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type)
    return {n: namespace[n] for n in names if n in namespace and isinstance(namespace[n], kinds)
            and not n.startswith("_")}


def rebind(namespace: dict[str, Any], bindings: dict[str, Any]) -> list[str]:
    """Restore names a locked cell bound; return those the student had rebound."""
    changed = [n for n, v in bindings.items() if namespace.get(n, _MISSING) is not v]
    for name in changed:
        namespace[name] = bindings[name]
    return changed


def fresh_builtins() -> dict[str, Any]:
    """The pristine builtins, for the snapshot (``builtins`` is also a protected module)."""
    return dict(vars(builtins))
