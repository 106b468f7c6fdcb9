"""Cleaning, summarising and reporting data: helpers for the high-school data lessons.

High-school learners write the pandas themselves (``drop_duplicates``, ``to_numeric``,
``groupby``, ``pivot_table``); this module only holds what would otherwise be copied
between lessons or would hide the lesson behind plumbing:

- a :class:`CleaningLog`, because "record every change" is the habit that makes cleaning
  honest and reproducible, and a log that prints itself as a table gets kept;
- :func:`compare`, a before/after summary of a table, so learners see what cleaning did;
- :func:`fill_gaps`, the three ways people treat a gap, to show what each does to a mean;
- :func:`heatmap`, a labelled, colour-blind-safe heatmap of a pivot table;
- :func:`trap_tables`, a rate overall and split by a third variable (a Simpson-style trap);
- :func:`bootstrap_diff`, a seeded bootstrap interval, so a "reproducible" result really
  comes out the same on every run.

Everything a learner reads is in both languages (``tr``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import tr


@dataclass
class CleaningLog:
    """Every change made to a data set, in order: what, how many rows, and why.

    A cleaned table without its log cannot be checked by anyone else; with it, a reader
    can redo (or question) each step. The log shows itself as a table in a notebook.
    """

    steps: list[dict[str, Any]] = field(default_factory=list)

    def record(self, action: str, rows: int, reason: str) -> None:
        """Add one step (``action`` and ``reason`` are already in the view's language)."""
        self.steps.append({"step": len(self.steps) + 1, "action": action,
                           "rows": int(rows), "reason": reason})

    def __len__(self) -> int:
        return len(self.steps)

    def table(self) -> pd.DataFrame:
        """The log as a DataFrame with headings in the view's language."""
        headings = {"step": tr(zh="步骤", en="Step"), "action": tr(zh="做了什么", en="Change"),
                    "rows": tr(zh="涉及行数", en="Rows affected"),
                    "reason": tr(zh="理由", en="Reason")}
        frame = pd.DataFrame(self.steps, columns=list(headings))
        return frame.rename(columns=headings).set_index(headings["step"])

    def _repr_html_(self) -> str:
        return self.table().to_html()


def compare(before: pd.DataFrame, after: pd.DataFrame, column: str) -> pd.DataFrame:
    """A before/after summary: rows, gaps in ``column``, its type, and whether it adds up.

    The mean is only shown when the column is numeric: a text column has no mean, which
    is exactly the point of the comparison.
    """
    def summary(frame: pd.DataFrame) -> dict[str, Any]:
        values = frame[column]
        numeric = pd.api.types.is_numeric_dtype(values)
        return {tr(zh="行数", en="Rows"): len(frame),
                tr(zh="重复行", en="Duplicate rows"): int(frame.duplicated().sum()),
                tr(zh="空格数", en="Gaps"): int(values.isna().sum()),
                tr(zh="数据类型", en="Type"): str(values.dtype),
                tr(zh="能求平均吗", en="Can take a mean?"):
                    tr(zh="能", en="yes") if numeric else tr(zh="不能", en="no")}

    return pd.DataFrame({tr(zh="清洗前", en="Before"): summary(before),
                         tr(zh="清洗后", en="After"): summary(after)})


FILL_STRATEGIES = ("keep", "zero", "mean")


def fill_gaps(values: pd.Series, strategy: str) -> pd.Series:
    """Treat the gaps in ``values`` one of three ways: keep them, fill 0, fill the mean.

    Keeping gaps is usually the honest choice; 0 invents a (often absurd) result, and the
    mean invents results that look real and make the data seem more complete than it is.
    """
    if strategy == "keep":
        return values.copy()
    if strategy == "zero":
        return values.fillna(0)
    if strategy == "mean":
        return values.fillna(values.mean())
    raise ValueError(f"strategy must be one of {FILL_STRATEGIES}, not {strategy!r}")


def heatmap(ax: Any, table: pd.DataFrame, fmt: str = "{:.1f}", cmap: str = "viridis",
            label: str = "") -> Any:
    """Draw ``table`` as a heatmap on ``ax`` with every cell's number written in it.

    Colour alone is hard to read exactly (and for some readers not at all), so each cell
    also carries its value, in dark or light text to stay legible on its colour.
    """
    values = table.to_numpy(dtype=float)
    image = ax.imshow(values, cmap=cmap, aspect="auto")
    ax.grid(False)
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns])
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    middle = np.nanmin(values) + (np.nanmax(values) - np.nanmin(values)) / 2
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            if not np.isnan(values[i, j]):
                ax.text(j, i, fmt.format(values[i, j]), ha="center", va="center",
                        color="black" if values[i, j] > middle else "white")
    colourbar = ax.figure.colorbar(image, ax=ax)
    colourbar.set_label(label)
    return image


def trap_tables(frame: pd.DataFrame, outcome: str, group: str,
                split: str) -> tuple[pd.Series, pd.DataFrame]:
    """The mean of ``outcome`` by ``group`` overall, and by ``group`` within ``split``.

    If the comparison flips between the two, the groups are made up differently of the
    ``split`` categories: the overall figure mixes "who is in the group" with "how the
    group does" (the Simpson's-paradox pattern).
    """
    overall = frame.groupby(group)[outcome].mean()
    within = frame.pivot_table(index=split, columns=group, values=outcome, aggfunc="mean")
    return overall, within


def bootstrap_diff(a: pd.Series, b: pd.Series, seed: int, n: int = 2000,
                   level: float = 0.95) -> tuple[float, float]:
    """A bootstrap interval for mean(a) - mean(b), from a fixed ``seed``.

    Resampling is random; fixing the seed makes the interval identical on every run and on
    every computer, which is what lets someone else check the result.
    """
    rng = np.random.default_rng(seed)
    x, y = np.asarray(a.dropna(), float), np.asarray(b.dropna(), float)
    diffs = np.array([rng.choice(x, len(x)).mean() - rng.choice(y, len(y)).mean()
                      for _ in range(n)])
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(diffs, [tail, 100 - tail])
    return round(float(low), 2), round(float(high), 2)
