"""Fairness of an automatic scholarship score: acceptance rates by group and a threshold.

The score "never looks at the area", yet it counts competition awards, which (in the
simulated data) are easier to win in the city: a proxy variable. The lab lets learners
move the threshold and the points per award and watch both groups' acceptance rates.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from suyang import data
from suyang.i18n import tr

TEST_WEIGHT = 0.7   # score = 0.7 × test score + points per award × awards
AWARD_POINTS = 6


def auto_score(table: pd.DataFrame, award_points: float = AWARD_POINTS,
               test_weight: float = TEST_WEIGHT) -> pd.Series:
    """The committee's automatic score, rounded to one decimal."""
    return (test_weight * table["test_score"] + award_points * table["awards"]).round(1)


def acceptance_rates(table: pd.DataFrame, score: pd.Series, threshold: float,
                     group: str = "area") -> pd.Series:
    """Percent of each group whose score reaches the threshold (one decimal)."""
    return ((score >= threshold).groupby(table[group]).mean() * 100).round(1)


def equal_rate_thresholds(table: pd.DataFrame, score: pd.Series, percent: float,
                          group: str = "area") -> pd.Series:
    """For each group, the score its top ``percent`` % must reach (equal rates, not equal bars)."""
    return score.groupby(table[group]).quantile(1 - percent / 100).round(1)


def _by_code(rates: pd.Series, name: str, column: str) -> dict[str, float]:
    """Rates keyed by the data set's codes ('city'), whatever language the labels are in."""
    codes = {data.value_label(name, column, c): c for c in ("city", "county")}
    return {codes.get(k, k): float(v) for k, v in rates.items()}


class ThresholdLab:
    """A threshold slider and an award-points slider over a bar chart of acceptance rates.

    ``result`` holds the current threshold, award points, both groups' rates (percent)
    and the gap between them, for tests and for the learner's answers.
    """

    def __init__(self, table: pd.DataFrame, threshold: float = 65,
                 award_points: int = AWARD_POINTS) -> None:
        import ipywidgets as widgets

        self.table = table
        style = {"description_width": "initial"}
        self.threshold_slider = widgets.IntSlider(
            value=threshold, min=50, max=80, description=tr(zh="录取线", en="Threshold"),
            style=style)
        self.award_slider = widgets.IntSlider(
            value=award_points, min=0, max=10,
            description=tr(zh="每次获奖加分", en="Points per award"), style=style)
        self.out = widgets.Output()
        for s in (self.threshold_slider, self.award_slider):
            s.observe(lambda _: self._update(), names="value")
        self.widget = widgets.VBox([self.threshold_slider, self.award_slider, self.out])
        self.result: dict[str, Any] = {}
        self._update()

    def _update(self) -> None:
        import matplotlib.pyplot as plt
        from IPython.display import Markdown, display

        from suyang.plotting import show

        score = auto_score(self.table, self.award_slider.value)
        rates = acceptance_rates(self.table, score, self.threshold_slider.value)
        coded = _by_code(rates, "scholarship_applicants", "area")
        self.result = {"threshold": self.threshold_slider.value,
                       "award_points": self.award_slider.value,
                       "city": coded["city"], "county": coded["county"],
                       "gap": round(coded["city"] - coded["county"], 1),
                       "accepted": int((score >= self.threshold_slider.value).sum())}
        fig, ax = plt.subplots(figsize=(5, 3.5))
        ax.bar(rates.index, rates.values, color=["#1f77b4", "#ff7f0e"])
        for i, v in enumerate(rates.values):
            ax.text(i, v + 1, f"{v}%", ha="center")
        ax.set_ylim(0, 100)
        ax.set_ylabel(tr(zh="获奖学金的比例（%）", en="Share awarded (%)"))
        ax.set_title(tr(zh=f"录取线 {self.threshold_slider.value} 分时各地区的录取率",
                        en=f"Acceptance rate by area at threshold {self.threshold_slider.value}"))
        with self.out:
            self.out.clear_output(wait=True)
            show(fig, alt=tr(
                zh=f"柱状图：城区 {coded['city']}%，县城 {coded['county']}% 的申请者达到录取线。",
                en=f"Bar chart: {coded['city']}% of city and {coded['county']}% of county "
                   "applicants reach the threshold."))
            display(Markdown(tr(
                zh=f"共录取 **{self.result['accepted']}** 人；两地录取率相差 "
                   f"**{self.result['gap']}** 个百分点。",
                en=f"**{self.result['accepted']}** applicants accepted; the two areas' rates "
                   f"differ by **{self.result['gap']}** percentage points.")))
