"""Assertion helpers for nbgrader test cells that explain a failure in plain words.

A bare ``assert x == 12.5`` tells a 13-year-old nothing. These helpers raise an
``AssertionError`` (:class:`CheckFailed`) whose message says, in the student's language,
what was expected, what they gave, and where the difference is ("第 3 行 '平均气温' 应为
12.5，你的结果是 125"). The same helpers are used by visible tests (which help) and hidden
tests (which decide), so practice and grading speak with one voice.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping
from typing import Any

from . import i18n

Text = str | Mapping[str, str] | None


def _what(what: Text) -> str:
    return i18n.pick(what, None) if what else i18n.t("grade.your_answer")


class CheckFailed(AssertionError):
    """A check that did not pass. Its message already says, in the learner's language,
    what is wrong and what to do, so a notebook shows that sentence and no traceback
    (IPython asks an exception for ``_render_traceback_`` before formatting one; with
    ``suyang.setup()`` run, :mod:`suyang.errors` shows it in a calm box).

    The class is named ``AssertionError``: the error output's ``ename`` is the same as a
    plain assert's, for nbgrader, the kit's feedback and every other reader.
    """

    def _render_traceback_(self) -> list[str]:
        return [str(self) or i18n.t("errors.check_failed")]


CheckFailed.__name__ = "AssertionError"


def fail(key: str, **values: Any) -> None:
    """Raise the localised message ``key`` as a failed check (an AssertionError)."""
    raise CheckFailed(i18n.t(key, **values))


def _fmt(value: Any) -> str:
    if isinstance(value, float) and math.isnan(value):
        return i18n.t("grade.missing_value")
    if isinstance(value, float):
        return f"{value:g}" if abs(value) < 1e15 else repr(value)
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 80 else text[:77] + "…"


def require(name: str, namespace: Mapping[str, Any] | None = None) -> Any:
    """The value of a variable the student should have defined, or a clear failure."""
    ns = namespace if namespace is not None else sys._getframe(1).f_globals
    if name not in ns:
        fail("grade.undefined", name=name)
    value = ns[name]
    if value is Ellipsis:
        fail("grade.ellipsis", name=name)
    return value


def _number(value: Any, what: str) -> float:
    if hasattr(value, "shape") and getattr(value, "ndim", 0) >= 1:
        fail("grade.not_a_number_column", what=what)
    if isinstance(value, bool) or value is None:
        fail("grade.not_a_number", what=what, got=_fmt(value))
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            fail("grade.not_a_number", what=what, got=_fmt(value))
        fail("grade.number_in_quotes", what=what, got=_fmt(value))
    try:
        return float(value)
    except (TypeError, ValueError):
        fail("grade.not_a_number", what=what, got=_fmt(value))
    raise AssertionError  # unreachable; keeps type checkers content


TYPES = ("number", "integer", "text", "table", "column", "list", "chart")


def _type_ok(value: Any, kind: str) -> bool:
    import numbers

    if kind == "number":
        return isinstance(value, numbers.Real) and not isinstance(value, bool)
    if kind == "integer":
        return isinstance(value, numbers.Integral) and not isinstance(value, bool)
    if kind == "text":
        return isinstance(value, str)
    if kind == "list":
        return isinstance(value, (list, tuple))
    if kind == "chart":
        return hasattr(value, "get_title") or hasattr(value, "axes")
    import pandas as pd

    return isinstance(value, pd.DataFrame if kind == "table" else pd.Series)


def type_name(value: Any) -> str:
    """A learner-facing name for what a value is ('文字', 'a table' …)."""
    for kind in ("integer", "number", "text", "table", "column", "list"):
        if _type_ok(value, kind):
            return i18n.t(f"type.{kind}")
    if value is None:
        return i18n.t("type.none")
    return type(value).__name__


def assert_type(value: Any, kind: str, *, what: Text = None) -> None:
    """``value`` is the right kind of thing (a visible test that helps before values count)."""
    if kind not in TYPES:
        raise ValueError(f"unknown kind {kind!r}; one of {TYPES}")
    if _type_ok(value, kind):
        return
    name = _what(what)
    if kind in ("number", "integer") and isinstance(value, str):
        fail("grade.number_in_quotes", what=name, got=_fmt(value))
    if kind in ("number", "integer") and _type_ok(value, "column"):
        fail("grade.not_a_number_column", what=name)
    if kind == "integer" and _type_ok(value, "number"):
        fail("grade.want_integer", what=name, got=_fmt(value))
    fail("grade.want_type", what=name, expected=i18n.t(f"type.{kind}"), got=type_name(value))


def assert_number(actual: Any, expected: float, *, tol: float = 1e-6, what: Text = None) -> None:
    """``actual`` is a number within ``tol`` of ``expected``."""
    name = _what(what)
    got = _number(actual, name)
    if math.isnan(got) or not math.isclose(got, expected, rel_tol=0, abs_tol=tol):
        hint = ""
        if expected and got and math.isclose(got / expected, round(got / expected), abs_tol=1e-9):
            ratio = round(got / expected)
            if ratio in (10, 100, 1000):
                hint = i18n.t("grade.scale_hint", factor=ratio)
        if expected and got and math.isclose(expected / got, 100, rel_tol=1e-6):
            hint = i18n.t("grade.percent_hint")
        fail("grade.number_differs", what=name, expected=_fmt(float(expected)), got=_fmt(got),
             hint=hint)


def _plain(value: Any) -> Any:
    """A plain built-in copy of a str/int/float subclass, whose own operators could lie;
    numpy's scalars (a count from ``.sum()``, a year from ``.idxmin()``) become the
    Python number they stand for."""
    if type(value).__module__ == "numpy" and hasattr(value, "item") and \
            getattr(value, "ndim", None) == 0:
        value = value.item()
    for base in (bool, int, float, str):
        if isinstance(value, base) and type(value) is not base:
            return {bool: bool, int: int.__int__, float: float.__float__,
                    str: str.__str__}[base](value)
    return value


def assert_equal(actual: Any, expected: Any, *, what: Text = None) -> None:
    """``actual == expected`` (strings compared exactly, after trimming spaces)."""
    name = _what(what)
    actual = _plain(actual)
    a = str.strip(actual) if isinstance(actual, str) else actual
    e = expected.strip() if isinstance(expected, str) else expected
    if type(e) in (str, int, float) and type(a) is not type(e) and not (
            type(e) in (int, float) and type(a) in (int, float)):
        fail("grade.value_differs", what=name, expected=_fmt(expected), got=_fmt(actual))
    if not a == e:
        fail("grade.value_differs", what=name, expected=_fmt(expected), got=_fmt(actual))


def _as_list(value: Any, name: str) -> list[Any]:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
        fail("grade.not_a_list", what=name, got=type(value).__name__)
    return list(value)


def _items_equal(a: Any, e: Any, tol: float) -> bool:
    if isinstance(e, (int, float)) and not isinstance(e, bool):
        if isinstance(a, (str, bytes)):  # "14.54" typed as text is not the number 14.54
            return False
        try:
            return math.isclose(float(a), float(e), rel_tol=0, abs_tol=tol)
        except (TypeError, ValueError):
            return False
    return a == e


def assert_sequence(actual: Any, expected: list[Any], *, ordered: bool = True,
                    tol: float = 1e-6, what: Text = None) -> None:
    """A list (or Series, array …) with the expected items, in order unless ``ordered=False``."""
    name = _what(what)
    got = _as_list(actual, name)
    want = list(expected)
    if len(got) != len(want):
        fail("grade.length_differs", what=name, expected=len(want), got=len(got))
    if not ordered:  # one-for-one: each expected item uses up one matching item
        extra = list(got)
        missing = []
        for x in want:
            match = next((i for i, g in enumerate(extra) if _items_equal(g, x, tol)), None)
            if match is None:
                missing.append(x)
            else:
                extra.pop(match)
        if missing or extra:
            fail("grade.items_differ", what=name, missing=_fmt(missing), extra=_fmt(extra))
        return
    for i, (g, w) in enumerate(zip(got, want, strict=True), start=1):
        if not _items_equal(g, w, tol):
            fail("grade.item_differs", what=name, n=i, expected=_fmt(w), got=_fmt(g))


def assert_series(actual: Any, expected: Any, *, tol: float = 1e-6, check_index: bool = True,
                  what: Text = None) -> None:
    """A pandas Series with the expected index labels and values."""
    import pandas as pd

    name = _what(what)
    if isinstance(actual, pd.DataFrame) and actual.shape[1] == 1:
        actual = actual.iloc[:, 0]
    if not isinstance(actual, pd.Series):
        fail("grade.not_a_series", what=name, got=type(actual).__name__)
    if check_index:
        got_index, want_index = list(actual.index), list(expected.index)
        if sorted(map(str, got_index)) != sorted(map(str, want_index)):
            fail("grade.index_differs", what=name, expected=_fmt(want_index),
                 got=_fmt(got_index))
        actual = actual.reindex(expected.index)
    assert_sequence(actual.tolist(), expected.tolist(), tol=tol, what=name)


def assert_frame(actual: Any, expected: Any, *, tol: float = 1e-6, check_order: bool = True,
                 what: Text = None) -> None:
    """A DataFrame with the expected columns, rows and values, naming the first difference."""
    import pandas as pd

    name = _what(what)
    if not isinstance(actual, pd.DataFrame):
        fail("grade.not_a_frame", what=name, got=type(actual).__name__)
    if type(actual) is not pd.DataFrame:  # a subclass could override what is compared
        actual = pd.DataFrame(actual)
    missing = [c for c in expected.columns if c not in actual.columns]
    if missing:
        fail("grade.columns_missing", what=name, columns=", ".join(map(str, missing)))
    if len(actual) != len(expected):
        fail("grade.rows_differ", what=name, expected=len(expected), got=len(actual))
    a = actual[list(expected.columns)].reset_index(drop=True)
    e = expected.reset_index(drop=True)
    if not check_order:
        a = a.sort_values(list(e.columns)).reset_index(drop=True)
        e = e.sort_values(list(e.columns)).reset_index(drop=True)
    for row in range(len(e)):
        for col in e.columns:
            got, want = a.at[row, col], e.at[row, col]
            both_na = pd.isna(got) and pd.isna(want) if not hasattr(got, "__len__") else False
            if both_na or _items_equal(got, want, tol):
                continue
            fail("grade.cell_differs", what=name, row=row + 1, column=col,
                 expected=_fmt(want), got=_fmt(got))


def _axes(obj: Any) -> Any:
    """Accept an Axes, a Figure (its first Axes) or a pandas plot's return value."""
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    if isinstance(obj, Figure) and obj.axes:
        obj = obj.axes[0]
    if isinstance(obj, Axes):
        if not type(obj).__module__.startswith("matplotlib."):
            fail("grade.not_a_chart", got=type(obj).__name__)  # a home-made imitation
        return obj
    if hasattr(obj, "get_title") and hasattr(obj, "patches"):
        fail("grade.not_a_chart", got=type(obj).__name__)
    if hasattr(obj, "axes") and getattr(obj, "axes", None):
        return obj.axes[0]
    if hasattr(obj, "__len__") and len(obj) and hasattr(obj[0], "get_title"):
        return obj[0]
    fail("grade.not_a_chart", got=type(obj).__name__)


def chart_kind(ax: Any) -> str:
    """'bar', 'barh', 'line', 'scatter', 'pie' or 'empty', read from the Axes' artists."""
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer
    from matplotlib.patches import Wedge

    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    if bars:
        return "barh" if getattr(bars[0], "orientation", None) == "horizontal" else "bar"
    if any(isinstance(p, Wedge) for p in ax.patches):
        return "pie"
    if any(isinstance(c, PathCollection) for c in ax.collections):
        return "scatter"
    if _data_lines(ax):
        return "line"
    return "empty"


def _data_lines(ax: Any) -> list[Any]:
    """Lines drawn in data coordinates: a threshold from ``axhline``/``axvline`` (which
    spans the axes whatever the data) is a reference line, not the plotted data."""
    return [line for line in ax.lines if line.get_transform().contains_branch(ax.transData)]


def chart_data(ax: Any) -> list[float]:
    """The plotted values: bar heights (or widths), or the y values of the first data line."""
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    kind = chart_kind(ax)
    if kind in ("bar", "barh"):
        bars = [p for c in ax.containers if isinstance(c, BarContainer) for p in c]
        return [float(p.get_width() if kind == "barh" else p.get_height()) for p in bars]
    if kind == "scatter":
        coll = next(c for c in ax.collections if isinstance(c, PathCollection))
        return [float(y) for _, y in coll.get_offsets()]
    if kind == "line":
        return [float(y) for y in _data_lines(ax)[0].get_ydata()]
    return []


def assert_chart(obj: Any, *, kind: str | None = None, title: bool | str = True,
                 xlabel: bool | str = True, ylabel: bool | str = True,
                 data: list[float] | None = None, ordered: bool = True,
                 tol: float = 1e-6) -> None:
    """A chart of the right type, titled and labelled, plotting the expected values."""
    if obj is None:
        fail("grade.chart_none")
    ax = _axes(obj)
    got_kind = chart_kind(ax)
    if kind and got_kind != kind:
        fail("grade.chart_kind", expected=i18n.t(f"chart.{kind}"),
             got=i18n.t(f"chart.{got_kind}"))
    for part, want, text in (("title", title, ax.get_title()),
                             ("xlabel", xlabel, ax.get_xlabel()),
                             ("ylabel", ylabel, ax.get_ylabel())):
        if want and not text.strip():
            fail(f"grade.chart_no_{part}")
        if isinstance(want, str) and text.strip() != want.strip():
            fail(f"grade.chart_wrong_{part}", expected=want, got=text)
    if data is not None:
        assert_sequence(chart_data(ax), data, tol=tol, ordered=ordered,
                        what=i18n.t("grade.chart_values"))
