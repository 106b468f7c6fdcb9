"""The class dashboard: the report's figures to explore with a few clicks (ipywidgets).

Some teachers prefer to ask their own questions of the grades ("who is weak in safety?",
"what went wrong in question 3?") rather than read a page. The dashboard shows the same
data as ``suyang report`` (it calls the same functions), in four tabs: the summary, one
assignment at a time, one literacy dimension at a time, and one student at a time. A
"hide names" switch shows pseudonyms, for a screen others can see.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from . import i18n, report, standards


def _html_table(df: pd.DataFrame, columns: dict[str, str], percent: tuple[str, ...] = ()
                ) -> str:
    shown = df[list(columns)].copy()
    for col in percent:
        shown[col] = shown[col].map(report._pct)
    return shown.rename(columns=columns).to_html(index=False, escape=True, na_rep="—")


class Dashboard:
    """The widgets, with their parts exposed (``assignment``, ``dimension``, ``student``,
    ``hide_names``, and an output per tab) so tests and workshop notebooks can drive it."""

    def __init__(self, course: Path, lang: str | None = None):
        import ipywidgets as widgets

        self.course = Path(course)
        self.named = report.load(self.course, lang=lang)
        self.lang = self.named.lang
        self.anonymous = report.anonymise(self.named, self.course)
        self.t = lambda key, **kw: i18n.t(key, self.lang, **kw)
        assignments = list(zip(self.named.assignments["title"],
                               self.named.assignments["assignment"], strict=True))
        names = standards.registry()["literacy"]
        dims = report.mastery(self.named, "literacy")
        self.assignment = widgets.Dropdown(options=assignments,
                                           description=self.t("dash.assignment"))
        self.dimension = widgets.Dropdown(
            options=[(names[k][self.lang], k) for k in dims["literacy"]],
            description=self.t("dash.dimension"))
        self.student = widgets.Dropdown(description=self.t("dash.student"))
        self.hide_names = widgets.Checkbox(value=False, description=self.t("dash.hide_names"))
        self.out_summary, self.out_assignment, self.out_dimension, self.out_student = (
            widgets.HTML() for _ in range(4))
        for control, update in ((self.assignment, self.show_assignment),
                                (self.dimension, self.show_dimension),
                                (self.student, self.show_student),
                                (self.hide_names, self.refresh)):
            control.observe(lambda _, update=update: update(), names="value")
        tabs = widgets.Tab(children=[
            self.out_summary,
            widgets.VBox([self.assignment, self.out_assignment]),
            widgets.VBox([self.dimension, self.out_dimension]),
            widgets.VBox([self.student, self.out_student])])
        for i, key in enumerate(("summary", "assignment", "dimension", "student")):
            tabs.set_title(i, self.t(f"dash.tab.{key}"))
        self.widget = widgets.VBox([self.hide_names, tabs])
        self.refresh()

    @property
    def data(self) -> report.ClassData:
        return self.anonymous if self.hide_names.value else self.named

    def refresh(self) -> None:
        """Re-list the students (names or pseudonyms) and redraw every tab."""
        students = self.data.students
        current = self.student.index or 0
        self.student.options = list(zip(students["name"], students["student_id"],
                                        strict=True))
        if len(students):
            self.student.index = min(current, len(students) - 1)
        lines = report.summary(self.data)
        self.out_summary.value = "<ul>" + "".join(f"<li>{html.escape(x)}</li>"
                                                  for x in lines) + "</ul>"
        self.show_assignment()
        self.show_dimension()
        self.show_student()

    def show_assignment(self) -> None:
        a = self.assignment.value
        items = report.item_analysis(self.data)
        items = items[items["assignment"] == a]
        fails = report.failure_counts(self.data, top=3)
        fails = fails[fails["assignment"] == a]
        self.out_assignment.value = (
            _html_table(items, {"grade_id": self.t("report.col.question"),
                                "success_rate": self.t("report.col.success"),
                                "discrimination": self.t("report.col.discrimination"),
                                "objective_text": self.t("report.col.objective")},
                        percent=("success_rate",))
            + f"<h4>{html.escape(self.t('report.h.failures'))}</h4>"
            + _html_table(fails, {"grade_id": self.t("report.col.question"),
                                  "example": self.t("report.col.message"),
                                  "count": self.t("report.col.count")}))

    def show_dimension(self) -> None:
        dim = self.dimension.value
        sm = report.student_mastery(self.data)
        sm = sm[(sm["literacy"] == dim) & (sm["mastery"] < report.WEAK)]
        sm = sm.merge(self.data.students, on="student_id").sort_values("mastery")
        overall = report.mastery(self.data, "literacy").set_index("literacy")
        head = self.t("dash.dimension_line", mastery=report._pct(
            overall["mastery"].get(dim, float("nan"))), count=len(sm))
        self.out_dimension.value = f"<p>{html.escape(head)}</p>" + _html_table(
            sm, {"name": self.t("report.col.name"), "mastery": self.t("report.col.mastery")},
            percent=("mastery",))

    def show_student(self) -> None:
        sid = self.student.value
        table = report.student_table(self.data)
        row = table[table["student_id"] == sid]
        if row.empty:
            self.out_student.value = ""
            return
        progress = row.drop(columns=["student_id", "name", "work_on"]).T.reset_index()
        progress.columns = ["assignment", "percent"]
        progress["percent"] = progress["percent"].map(
            lambda v: "—" if pd.isna(v) else f"{float(v):.0f}")
        work_on = row["work_on"].iloc[0] or self.t("dash.nothing_to_work_on")
        self.out_student.value = (
            _html_table(progress, {"assignment": self.t("dash.assignment"),
                                   "percent": self.t("report.fig.percent")})
            + f"<p><b>{html.escape(self.t('report.col.work_on'))}</b>: "
            + f"{html.escape(str(work_on))}</p>")


def dashboard(course: str | Path = ".", lang: str | None = None) -> Any:
    """Build the dashboard for a course; display ``.widget`` (or just the return value)."""
    board = Dashboard(Path(course), lang)
    board.widget.board = board
    return board
