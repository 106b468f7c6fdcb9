"""Sorting things into kinds, by example and by rule, and counting the mistakes.

Two middle-school lessons share this module:

- **Nearest neighbours** (middle-05): a machine that *learns from labelled examples*. A
  new leaf gets the kind that most of its ``k`` nearest example leaves have. Distance is
  the straight line on the scatter plot (Pythagoras), which grade-8 learners can work out
  by hand, so the machine holds no secrets from them.
- **A scoring rule** (middle-07): people write down warning signs and how many points
  each is worth; a message whose score reaches the threshold is flagged as a scam.
- **Counting mistakes** (both): judge a classifier on labelled data it has not seen,
  kind by kind, because an overall "90 % right" can hide a kind that is almost always
  wrong, and that hidden kind is where unfairness lives.

The functions take and return plain pandas objects, so a lesson can show every step as
a table. Everything a learner reads is in both languages (``tr``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from ..i18n import tr
from ..plotting import PALETTE

# ------------------------------------------------------------------ nearest neighbours


def distances(table: pd.DataFrame, point: Mapping[str, float],
              features: Sequence[str]) -> pd.Series:
    """Straight-line distance from ``point`` to every row, using the given columns.

    With two features this is Pythagoras on the scatter plot:
    ``sqrt((length - length0)**2 + (width - width0)**2)``.
    """
    total = sum((table[f] - float(point[f])) ** 2 for f in features)
    return total ** 0.5


def nearest(table: pd.DataFrame, point: Mapping[str, float], features: Sequence[str],
            k: int) -> pd.DataFrame:
    """The ``k`` rows nearest to ``point``, nearest first, with a ``distance`` column.

    Equal distances keep the table's order (a stable sort), so the answer never depends
    on chance, and the same leaves are picked in every language view.
    """
    out = table.copy()
    out["distance"] = distances(table, point, features).round(3)
    return out.sort_values("distance", kind="stable").head(int(k))


def vote(labels: Sequence[Any]) -> Any:
    """The label most of the neighbours have; a tie goes to the nearest of the tied.

    ``labels`` must be ordered nearest first (as :func:`nearest` returns them). With
    three kinds a tie can happen even when k is odd (1-1-1): trusting the closest leaf
    is the simplest fair way to break it.
    """
    labels = list(labels)
    if not labels:
        raise ValueError("vote() needs at least one neighbour")
    counts = pd.Series(labels).value_counts()
    top = set(counts[counts == counts.max()].index)
    return next(label for label in labels if label in top)


def knn_label(train: pd.DataFrame, point: Mapping[str, float], features: Sequence[str],
              label: str, k: int) -> Any:
    """What a k-nearest-neighbours machine trained on ``train`` says ``point`` is."""
    return vote(nearest(train, point, features, k)[label])


def knn_labels(train: pd.DataFrame, test: pd.DataFrame, features: Sequence[str],
               label: str, k: int) -> pd.Series:
    """The machine's answer for every row of ``test`` (same index as ``test``)."""
    answers = [knn_label(train, row, features, label, k) for _, row in test.iterrows()]
    return pd.Series(answers, index=test.index, name="predicted")


# ------------------------------------------------------------------ counting mistakes


def accuracy_by_kind(truth: pd.Series, predicted: pd.Series,
                     kinds: Sequence[Any] | None = None) -> pd.DataFrame:
    """How many of each kind there were, how many the machine got right, and the percent.

    One row per kind plus an "all" row, so the overall score and the score of the
    smallest group are side by side.
    """
    kinds = list(kinds) if kinds is not None else list(pd.unique(truth))
    right = truth == predicted
    rows = []
    for kind in kinds:
        mask = truth == kind
        rows.append((kind, int(mask.sum()), int(right[mask].sum())))
    rows.append((tr(zh="全部", en="All"), int(len(truth)), int(right.sum())))
    columns = [tr(zh="种类", en="Kind"), tr(zh="总数", en="Total"),
               tr(zh="答对", en="Right")]
    table = pd.DataFrame(rows, columns=columns).set_index(columns[0])
    share = table[columns[2]] / table[columns[1]].where(table[columns[1]] > 0)
    table[tr(zh="正确率 %", en="% right")] = (100 * share).round(0).fillna(0).astype(int)
    return table


def confusion(truth: pd.Series, predicted: pd.Series,
              kinds: Sequence[Any] | None = None) -> pd.DataFrame:
    """A confusion table: one row per true kind, one column per answer the machine gave.

    The diagonal counts the right answers; every other cell is one kind of mistake
    ("a willow leaf called camphor").
    """
    kinds = list(kinds) if kinds is not None else list(pd.unique(truth))
    table = pd.crosstab(pd.Categorical(truth, categories=kinds),
                        pd.Categorical(predicted, categories=kinds), dropna=False)
    table.index.name = tr(zh="真实是 ↓", en="Really ↓")
    table.columns.name = tr(zh="机器说 →", en="Machine says →")
    return table


# ------------------------------------------------------------------ a scoring rule

# The warning signs of a scam message and their points. Asking for a code or for money
# is worth more: those are the two things a scammer is after.
POINTS: dict[str, int] = {"urgent": 1, "link": 1, "asks_code": 2, "asks_money": 2,
                          "unknown_sender": 1}

SIGN_NAMES: dict[str, dict[str, str]] = {
    "urgent": {"zh": "催你马上行动", "en": "Urgent: act now!"},
    "link": {"zh": "有链接", "en": "A link to tap"},
    "asks_code": {"zh": "要验证码", "en": "Asks for a code"},
    "asks_money": {"zh": "要钱", "en": "Asks for money"},
    "unknown_sender": {"zh": "陌生发件人", "en": "Unknown sender"},
}


def sign_name(sign: str) -> str:
    """A warning sign's short name in the view's language."""
    return tr(**SIGN_NAMES[sign])


def points_table(points: Mapping[str, int] = POINTS) -> pd.DataFrame:
    """The rule as a table a learner can read: one row per warning sign."""
    return pd.DataFrame(
        {tr(zh="警示信号", en="Warning sign"): [sign_name(s) for s in points],
         tr(zh="列名", en="Column"): list(points),
         tr(zh="分数", en="Points"): list(points.values())}
    ).set_index(tr(zh="警示信号", en="Warning sign"))


def score(table: pd.DataFrame | Mapping[str, Any],
          points: Mapping[str, int] = POINTS) -> pd.Series | int:
    """Add up the points of the warning signs each message has (1 = has it, 0 = not).

    Works on a whole table (one score per row) or on one message given as a mapping.
    """
    if isinstance(table, pd.DataFrame):
        return sum(table[sign].astype(int) * p for sign, p in points.items())
    return int(sum(int(bool(table.get(sign, 0))) * p for sign, p in points.items()))


def scam_counts(is_scam: pd.Series, flagged: pd.Series) -> dict[str, int]:
    """The four outcomes of a scam filter, counted.

    caught: scams flagged; missed: scams let through; false_alarms: genuine messages
    flagged; passed: genuine messages let through.
    """
    is_scam, flagged = is_scam.astype(bool), flagged.astype(bool)
    return {"caught": int((is_scam & flagged).sum()),
            "missed": int((is_scam & ~flagged).sum()),
            "false_alarms": int((~is_scam & flagged).sum()),
            "passed": int((~is_scam & ~flagged).sum())}


def score_counts(scores: pd.Series, is_scam: pd.Series) -> pd.DataFrame:
    """How many scams and how many genuine messages got each score, from 0 to the top.

    Every score in between appears (with 0 if no message got it), so bar number n of a
    bar chart is score n, and a threshold line can be drawn at ``threshold - 0.5``.
    """
    top = max(int(scores.max()), 0) if len(scores) else 0
    every = range(0, top + 1)
    is_scam = is_scam.astype(bool)
    table = pd.DataFrame({
        tr(zh="诈骗", en="Scam"): scores[is_scam].value_counts().reindex(every, fill_value=0),
        tr(zh="正常消息", en="Genuine"): scores[~is_scam].value_counts().reindex(every,
                                                                            fill_value=0),
    })
    table.index.name = tr(zh="分数", en="Score")
    return table


def scam_table(counts: Mapping[str, int]) -> pd.DataFrame:
    """The four counts as a 2 × 2 confusion table with words a learner understands."""
    table = pd.DataFrame(
        [[counts["caught"], counts["missed"]], [counts["false_alarms"], counts["passed"]]],
        index=[tr(zh="真的是诈骗", en="Really a scam"),
               tr(zh="其实是正常消息", en="Really genuine")],
        columns=[tr(zh="被标成诈骗 ⚠️", en="Flagged as scam ⚠️"),
                 tr(zh="被放行 ✉️", en="Let through ✉️")],
    )
    table.index.name = tr(zh="真实情况 ↓ / 规则判断 →", en="Truth ↓ / the rule →")
    return table


# ------------------------------------------------------------------ drawing

MARKERS = ["o", "s", "^", "D", "v", "P"]


def kind_styles(kinds: Sequence[Any]) -> dict[Any, dict[str, str]]:
    """A colour *and* a marker shape per kind, so the chart works without colour too."""
    return {kind: {"color": PALETTE[i % len(PALETTE)], "marker": MARKERS[i % len(MARKERS)]}
            for i, kind in enumerate(kinds)}


def scatter_kinds(ax: Any, table: pd.DataFrame, x: str, y: str, label: str,
                  kinds: Sequence[Any] | None = None, hollow: bool = False,
                  size: float = 60) -> None:
    """One scatter per kind, with its own colour and marker, and a legend entry."""
    kinds = list(kinds) if kinds is not None else list(pd.unique(table[label]))
    for kind, style in kind_styles(kinds).items():
        rows = table[table[label] == kind]
        if rows.empty:
            continue
        if hollow:
            ax.scatter(rows[x], rows[y], s=size, marker=style["marker"], facecolors="none",
                       edgecolors=style["color"], linewidths=1.8, label=kind)
        else:
            ax.scatter(rows[x], rows[y], s=size, marker=style["marker"], color=style["color"],
                       edgecolors="white", linewidths=0.6, label=kind)


def mark_neighbours(ax: Any, point: Mapping[str, float], neighbours: pd.DataFrame,
                    x: str, y: str, name: str | None = None) -> None:
    """Draw the new point as a star, ring its neighbours and join them to it."""
    for _, row in neighbours.iterrows():
        ax.plot([point[x], row[x]], [point[y], row[y]], color="#555555", linewidth=1,
                linestyle="--", zorder=1)
    ax.scatter(neighbours[x], neighbours[y], s=260, facecolors="none", edgecolors="#222222",
               linewidths=1.5, zorder=3)
    ax.scatter([point[x]], [point[y]], s=320, marker="*", color="#000000", zorder=4,
               label=name or tr(zh="新样本", en="New item"))
