"""What "anonymous" data can still reveal: uniqueness, linkage and k-anonymity.

The middle-school lesson *middle-06-anonymous-data* takes a health-check table that had
its names removed and shows that birthday + gender + class still point to one person
(a *quasi-identifier*), that a public class list links the rows back to names, and that
coarsening those fields (birth year instead of birthday, grade instead of class) until
every group has at least *k* people protects people — at a price in usefulness.

The lesson's notebook does the linking and the counting itself with pandas (``merge``,
``groupby(...).size()``), because those are the skills being taught. This module holds
what would make the notebook long and hard to read:

- :func:`generalise` coarsens the quasi-identifiers of a release;
- :func:`group_sizes`, :func:`count_unique` and :func:`smallest_group` measure how well
  people hide in a table;
- :data:`QUESTIONS` and :func:`answerable` say what a release is still good for;
- :func:`uniqueness` and :func:`all_releases` tabulate many choices at once;
- :class:`ReleaseExplorer` is the lesson's widget: choose how much detail to keep and
  see at once who is exposed and which research questions can still be answered.

Every sentence a learner sees is written in both languages and picked at call time with
:func:`suyang.i18n.pick`, so one notebook serves both language views.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..i18n import pick

Bilingual = Mapping[str, str]  # {"zh": "…", "en": "…"}

SAFE_COLOUR = "#0072B2"  # Okabe-Ito blue: people hidden in a group of at least k
RISK_COLOUR = "#D55E00"  # Okabe-Ito vermilion: people in a group smaller than k
LARGEST_BAR = 30  # group sizes of 30 or more share the last bar of the chart

# How detailed each quasi-identifier may be, from most to least detailed.
BIRTH_LEVELS = ("date", "month", "year", "hidden")
PLACE_LEVELS = ("class", "grade", "hidden")
GENDER_LEVELS = ("keep", "hidden")

LEVEL_LABELS: dict[str, Bilingual] = {
    "date": {"zh": "完整生日", "en": "Full birthday"},
    "month": {"zh": "出生年月", "en": "Birth month"},
    "year": {"zh": "出生年份（≈ 年龄段）", "en": "Birth year (≈ age band)"},
    "class": {"zh": "班级", "en": "Class"},
    "grade": {"zh": "年级", "en": "Grade"},
    "keep": {"zh": "保留", "en": "Keep"},
    "hidden": {"zh": "不公开", "en": "Hide"},
}

# Column names a release may contain, as a learner reads them.
FIELD_NAMES: dict[str, Bilingual] = {
    "birth_date": {"zh": "生日", "en": "birthday"},
    "birth_month": {"zh": "出生年月", "en": "birth month"},
    "birth_year": {"zh": "出生年份", "en": "birth year"},
    "gender": {"zh": "性别", "en": "gender"},
    "class": {"zh": "班级", "en": "class"},
    "grade": {"zh": "年级", "en": "grade"},
}

# The quasi-identifier columns that each level keeps (None: the field is dropped).
_BIRTH_COLUMN = {"date": "birth_date", "month": "birth_month", "year": "birth_year",
                 "hidden": None}
_PLACE_COLUMN = {"class": "class", "grade": "grade", "hidden": None}
_GENDER_COLUMN = {"keep": "gender", "hidden": None}


@dataclass(frozen=True)
class Release:
    """One way to publish the table: how detailed birthday, place and gender stay."""

    birth: str = "date"
    place: str = "class"
    gender: str = "keep"

    def __post_init__(self) -> None:
        for value, allowed in ((self.birth, BIRTH_LEVELS), (self.place, PLACE_LEVELS),
                               (self.gender, GENDER_LEVELS)):
            if value not in allowed:
                raise ValueError(f"{value!r} is not one of {allowed}")

    @property
    def columns(self) -> list[str]:
        """The quasi-identifier columns this release keeps, in a fixed order."""
        cols = [_BIRTH_COLUMN[self.birth], _GENDER_COLUMN[self.gender],
                _PLACE_COLUMN[self.place]]
        return [c for c in cols if c]

    def describe(self, lang: str | None = None) -> str:
        """'出生年份 + 性别 + 年级' / 'Birth year + gender + grade': the choice in words."""
        parts = [pick(_SHORT[("birth", self.birth)], lang),
                 pick(_SHORT[("gender", self.gender)], lang),
                 pick(_SHORT[("place", self.place)], lang)]
        text = " + ".join(parts)
        return text[:1].upper() + text[1:]


# How a release's choices read in a sentence or a table (shorter than the button labels).
_SHORT: dict[tuple[str, str], Bilingual] = {
    ("birth", "date"): {"zh": "完整生日", "en": "full birthday"},
    ("birth", "month"): {"zh": "出生年月", "en": "birth month"},
    ("birth", "year"): {"zh": "出生年份", "en": "birth year"},
    ("birth", "hidden"): {"zh": "不含生日", "en": "no birthday"},
    ("gender", "keep"): {"zh": "性别", "en": "gender"},
    ("gender", "hidden"): {"zh": "不含性别", "en": "no gender"},
    ("place", "class"): {"zh": "班级", "en": "class"},
    ("place", "grade"): {"zh": "年级", "en": "grade"},
    ("place", "hidden"): {"zh": "不含班级", "en": "no class"},
}


# ------------------------------------------------------------------ coarsening a table
def grade_of(class_name: str, lang: str | None = None) -> str:
    """'8(2)' -> '8年级' / 'Grade 8': the grade a class belongs to."""
    grade = str(class_name).split("(")[0]
    return pick({"zh": f"{grade}年级", "en": f"Grade {grade}"}, lang)


def generalise(table: pd.DataFrame, birth: str = "date", place: str = "class",
               gender: str = "keep", lang: str | None = None) -> pd.DataFrame:
    """A copy of a health-check table as it would be released with this much detail.

    ``birth`` keeps the full date, only year and month ('2011-03'), only the year
    ('2011'), or nothing; ``place`` keeps the class, only the grade, or nothing;
    ``gender`` keeps it or drops it. Record codes are dropped (they say nothing about
    the person) and the measurements are kept, because they are what the release is for.
    Coarser values put more people into each group, which is what protects them.
    """
    Release(birth, place, gender)  # a clear error for an unknown level
    out = pd.DataFrame(index=table.index)
    if birth == "date":
        out["birth_date"] = table["birth_date"]
    elif birth == "month":
        out["birth_month"] = table["birth_date"].str[:7]
    elif birth == "year":
        out["birth_year"] = table["birth_date"].str[:4]
    if gender == "keep":
        out["gender"] = table["gender"]
    if place == "class":
        out["class"] = table["class"]
    elif place == "grade":
        out["grade"] = table["class"].map(lambda c: grade_of(c, lang))
    # keep the measurements only: no record code, and no quasi-identifier (not even one a
    # learner derived, like birth_month) at more detail than was chosen
    measured = [c for c in table.columns if c != "record" and c not in FIELD_NAMES]
    return pd.concat([out, table[measured]], axis=1)


# ------------------------------------------------------------------ how well people hide
def group_sizes(table: pd.DataFrame, columns: Sequence[str]) -> pd.Series:
    """For every row, how many rows share its values in ``columns`` (itself included).

    A size of 1 means the row is unique: anyone who knows those few facts about a person
    finds exactly their row. With no columns at all, everyone is in one big group.
    """
    if not columns:
        return pd.Series(len(table), index=table.index)
    return table.groupby(list(columns))[list(columns)[0]].transform("size")


def count_unique(table: pd.DataFrame, columns: Sequence[str]) -> int:
    """How many people are the only one with their combination of ``columns``."""
    return int((group_sizes(table, columns) == 1).sum())


def smallest_group(table: pd.DataFrame, columns: Sequence[str]) -> int:
    """The k of k-anonymity: the size of the smallest group (every group has at least k)."""
    return int(group_sizes(table, columns).min()) if len(table) else 0


def uniqueness(table: pd.DataFrame, field_sets: Sequence[Sequence[str]],
               lang: str | None = None) -> pd.DataFrame:
    """How many people are unique for each set of fields, most revealing last.

    Returns one row per field set: ``fields`` (the names joined with ' + ' in the
    learner's language), ``unique`` (people who are the only one) and ``percent``
    (of everyone, rounded to a whole number), sorted so a bar chart grows upwards.
    """
    rows = []
    for fields in field_sets:
        unique = count_unique(table, fields)
        rows.append({"fields": " + ".join(pick(FIELD_NAMES.get(f, {"zh": f, "en": f}), lang)
                                          for f in fields),
                     "unique": unique,
                     "percent": round(100 * unique / len(table))})
    return pd.DataFrame(rows).sort_values("unique", kind="stable").reset_index(drop=True)


# ------------------------------------------------------------------ what a release is for
@dataclass(frozen=True)
class Question:
    """A research question and the detail a release must keep to answer it."""

    id: str
    text: Bilingual
    birth: tuple[str, ...]
    place: tuple[str, ...]
    gender: tuple[str, ...]

    def answerable(self, release: Release) -> bool:
        return (release.birth in self.birth and release.place in self.place
                and release.gender in self.gender)


QUESTIONS: tuple[Question, ...] = (
    Question("class_eyesight",
             {"zh": "哪个班近视的同学比例最高？",
              "en": "Which class has the most short-sighted students?"},
             birth=BIRTH_LEVELS, place=("class",), gender=GENDER_LEVELS),
    Question("boys_girls",
             {"zh": "每个年级里，男生和女生谁更高？",
              "en": "In each grade, are the boys or the girls taller?"},
             birth=BIRTH_LEVELS, place=("class", "grade"), gender=("keep",)),
    Question("birth_month",
             {"zh": "同一个年级里，早出生几个月的同学是不是更高一些？",
              "en": "Within a grade, are students born a few months earlier a bit taller?"},
             birth=("date", "month"), place=("class", "grade"), gender=GENDER_LEVELS),
)


def answerable(release: Release) -> list[str]:
    """The ids of the research questions this release can still answer."""
    return [q.id for q in QUESTIONS if q.answerable(release)]


def summarise(table: pd.DataFrame, release: Release, k: int = 5) -> dict[str, Any]:
    """Everything the explorer reports about one release of ``table``, as plain numbers.

    ``table`` is the full health check; it is coarsened with :func:`generalise` first.
    ``groups``: how many different combinations; ``smallest``: the size of the smallest
    group; ``unique``: people alone in their group; ``at_risk``: people in a group of
    fewer than ``k``; ``ok``: every group has at least ``k`` people; ``questions``: the
    research questions still answerable.
    """
    released = generalise(table, release.birth, release.place, release.gender)
    sizes = group_sizes(released, release.columns)
    return {
        "birth": release.birth, "place": release.place, "gender": release.gender,
        "k": int(k),
        "groups": int(released.groupby(release.columns).ngroups) if release.columns else 1,
        "smallest": int(sizes.min()),
        "unique": int((sizes == 1).sum()),
        "at_risk": int((sizes < k).sum()),
        "ok": bool(sizes.min() >= k),
        "questions": answerable(release),
    }


def all_releases(table: pd.DataFrame, lang: str | None = None) -> pd.DataFrame:
    """Every one of the 24 ways to release the table, measured side by side.

    Columns: ``release`` (in words), ``smallest`` (k), ``unique``, ``questions`` (how
    many of the three research questions it can answer). Filtering on ``smallest`` and
    sorting on ``questions`` shows the trade-off in one table.
    """
    rows = []
    for birth, place, gender in itertools.product(BIRTH_LEVELS, PLACE_LEVELS, GENDER_LEVELS):
        release = Release(birth, place, gender)
        summary = summarise(table, release)
        rows.append({"release": release.describe(lang), "smallest": summary["smallest"],
                     "unique": summary["unique"], "questions": len(summary["questions"])})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ the explorer widget
def size_chart(sizes: pd.Series, k: int, title: str) -> Any:
    """Bar chart: how many people sit in groups of each size; groups smaller than k in red.

    Counting *people* (not groups) answers the question that matters to each of them:
    "how many others look exactly like me in this table?"
    """
    import matplotlib.pyplot as plt

    capped = sizes.clip(upper=LARGEST_BAR)
    people = capped.value_counts().reindex(range(1, LARGEST_BAR + 1), fill_value=0)
    fig, ax = plt.subplots()
    ax.bar(people.index, people.to_numpy(),
           color=[RISK_COLOUR if s < k else SAFE_COLOUR for s in people.index])
    ax.axvline(k - 0.5, color="#222222", linestyle="--")
    ax.text(k - 0.3, ax.get_ylim()[1] * 0.92, f"k = {k}", color="#222222")
    ax.set_xticks([1, 5, 10, 15, 20, 25, LARGEST_BAR],
                  ["1", "5", "10", "15", "20", "25", f"{LARGEST_BAR}+"])
    ax.set_title(title)
    ax.set_xlabel(pick({"zh": "和自己信息完全相同的人数（含自己）",
                        "en": "People with exactly the same details (including you)"}))
    ax.set_ylabel(pick({"zh": "人数", "en": "Number of people"}))
    return fig


class ReleaseExplorer:
    """Choose how detailed a release is; see who is exposed and what it is still good for.

    Three rows of toggle buttons (birthday, place, gender) and a slider for k. Each
    change redraws a chart of group sizes and lists the research questions the release
    can still answer. ``result`` holds the last :func:`summarise` dict, so a test (or a
    curious learner) can read the numbers the chart shows.
    """

    def __init__(self, table: pd.DataFrame, k: int = 5) -> None:
        import ipywidgets as widgets

        self.table = table
        style = {"description_width": "5em", "button_width": "auto"}
        self.birth = widgets.ToggleButtons(
            options=[(pick(LEVEL_LABELS[x]), x) for x in BIRTH_LEVELS], value="date",
            description=pick({"zh": "生日", "en": "Birthday"}), style=style)
        self.place = widgets.ToggleButtons(
            options=[(pick(LEVEL_LABELS[x]), x) for x in PLACE_LEVELS], value="class",
            description=pick({"zh": "班级", "en": "Class"}), style=style)
        self.gender = widgets.ToggleButtons(
            options=[(pick(LEVEL_LABELS[x]), x) for x in GENDER_LEVELS], value="keep",
            description=pick({"zh": "性别", "en": "Gender"}), style=style)
        self.k = widgets.IntSlider(value=k, min=2, max=10, description="k",
                                   style={"description_width": "5em"})
        self.result: dict[str, Any] = {}
        self.output = widgets.interactive_output(
            self.update, {"birth": self.birth, "place": self.place, "gender": self.gender,
                          "k": self.k})
        self.widget = widgets.VBox([self.birth, self.place, self.gender, self.k, self.output])

    def update(self, birth: str, place: str, gender: str, k: int) -> dict[str, Any]:
        """Measure the chosen release, draw its chart and print what it means."""
        from IPython.display import Markdown, display

        from ..plotting import show

        release = Release(birth, place, gender)
        summary = summarise(self.table, release, k)
        self.result = summary
        released = generalise(self.table, birth, place, gender)
        sizes = group_sizes(released, release.columns)
        fig = size_chart(sizes, k, pick({"zh": "发布：{r}", "en": "Release: {r}"})
                         .format(r=release.describe()))
        show(fig, alt=pick({
            "zh": "柱状图：按“{r}”发布时，每个人所在小组的大小。最小的组有 {smallest} 人，"
                  "{unique} 人独一无二，{at_risk} 人所在的组少于 {k} 人（红色）。",
            "en": "Bar chart of how big each person's group is when releasing {r}. The "
                  "smallest group has {smallest}; {unique} people are unique and {at_risk} "
                  "are in groups smaller than {k} (red).",
        }).format(r=release.describe(), **summary))
        display(Markdown(self.report(summary)))
        return summary

    @staticmethod
    def report(summary: dict[str, Any]) -> str:
        """The explorer's verdict in words: is every group big enough, and what is lost."""
        lines = [pick({"zh": "- 一共分成 **{groups}** 组；最小的一组有 **{smallest}** 人；"
                             "**{unique}** 人独一无二。",
                       "en": "- **{groups}** groups; the smallest has **{smallest}** "
                             "people; **{unique}** people are unique."}).format(**summary)]
        if summary["ok"]:
            lines.append(pick({"zh": "- ✅ 每一组都至少有 {k} 人：符合 {k}-匿名。",
                               "en": "- ✅ Every group has at least {k} people: "
                                     "{k}-anonymous."}).format(**summary))
        else:
            lines.append(pick({"zh": "- ❌ 还有 **{at_risk}** 人所在的组不到 {k} 人（图中红色）。",
                               "en": "- ❌ **{at_risk}** people are in groups of fewer than "
                                     "{k} (red in the chart)."}).format(**summary))
        lines.append(pick({"zh": "- 科学社的问题还能回答吗？", "en": "- Can the science club "
                           "still answer its questions?"}))
        for q in QUESTIONS:
            mark = "✅" if q.id in summary["questions"] else "❌"
            lines.append(f"  - {mark} {pick(q.text)}")
        return "\n".join(lines)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
