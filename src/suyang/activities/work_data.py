"""Data at work: small tools for the vocational lessons (shop, farm, factory floor).

Adult learners bring a question from their job; these helpers do the fiddly part so the
notebook stays short and the learner can change one number and see what it means:

- **shop**: profit after the platform's fee and returns, and a what-if tool for "if I
  give a discount, how many more must I sell to earn the same?";
- **farm**: net income per mu of each crop, season by season, and a slider that splits a
  farm between a steady crop and a risky one, showing the average *and* the bad years;
- **factory**: Shewhart control limits (mean ± 3 sd from an in-control period), the two
  rules used on the line (a point outside the limits; 8 in a row on one side of the
  mean), and a simulator that injects a fault to see how soon each rule catches it.

Every assumption (fee rate, cost per mu …) is a named constant here, so a trainer can
point at it and say "change this to your own figure". The simulations are seeded, so a
whole class sees the same numbers. What learners see is written in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from .. import data
from ..i18n import tr
from ..plotting import show

# ------------------------------------------------------------------ shop
#: The share of what a buyer pays that the platform keeps (commission plus payment
#: processing). An assumed round figure for the lesson: learners replace it with the rate
#: in their own platform's agreement.
PLATFORM_FEE = 0.06
#: What one returned order costs the seller (return postage she pays, repacking). The
#: goods come back and can be sold again, so their cost is not lost.
RETURN_COST = 8.0


def add_profit(orders: pd.DataFrame, fee: float = PLATFORM_FEE,
               return_cost: float = RETURN_COST) -> pd.DataFrame:
    """A copy of ``orders`` with ``revenue``, ``fee``, ``goods_cost`` and ``profit`` columns.

    A returned order earns nothing and costs ``return_cost``; a kept order earns its
    price minus the goods' cost and the platform's fee. Kept explicit (not one clever
    formula) so a learner can read each column and check one row by hand.
    """
    out = orders.copy()
    kept = out["returned"] == 0
    out["revenue"] = np.where(kept, out["units"] * out["price_yuan"], 0.0)
    out["fee"] = (out["revenue"] * fee).round(2)
    out["goods_cost"] = np.where(kept, out["units"] * out["cost_yuan"], 0.0)
    out["profit"] = (out["revenue"] - out["fee"] - out["goods_cost"]
                     - np.where(kept, 0.0, return_cost)).round(2)
    return out


def margin_per_unit(price: float, cost: float, discount_pct: float = 0.0,
                    fee: float = PLATFORM_FEE) -> float:
    """What one unit earns after a discount and the platform's fee (fee on the paid price)."""
    paid = price * (1 - discount_pct / 100)
    return paid * (1 - fee) - cost


def discount_what_if(units: int, price: float, cost: float, discount_pct: float,
                     extra_pct: float, fee: float = PLATFORM_FEE) -> dict[str, Any]:
    """Profit before and after a discount that brings ``extra_pct`` % more units.

    Also the break-even volume: how many units the discounted price needs to sell to earn
    what ``units`` earned at full price (None if a unit no longer earns anything).
    """
    before = units * margin_per_unit(price, cost, 0, fee)
    new_units = round(units * (1 + extra_pct / 100))
    margin = margin_per_unit(price, cost, discount_pct, fee)
    after = new_units * margin
    needed = int(np.ceil(before / margin - 1e-9)) if margin > 0 else None
    return {"units_before": int(units), "units_after": int(new_units),
            "profit_before": round(float(before), 2), "profit_after": round(float(after), 2),
            "margin_after": round(float(margin), 2), "break_even_units": needed}


class DiscountTool:
    """Two sliders (discount %, extra sales %) and a before/after chart of profit.

    ``result`` keeps the last :func:`discount_what_if` answer, so a test (or a trainer)
    can drive the sliders from code and read what the learner would see.
    """

    def __init__(self, units: int, price: float, cost: float, product: str) -> None:
        import ipywidgets as widgets

        self.units, self.price, self.cost, self.product = units, price, cost, product
        self.discount = widgets.IntSlider(value=0, min=0, max=40, step=5,
                                          description=tr(zh="打折 %", en="Discount %"))
        self.extra = widgets.IntSlider(value=0, min=0, max=150, step=10,
                                       description=tr(zh="多卖 %", en="Extra sales %"))
        self.out = widgets.Output()
        self.result: dict[str, Any] = {}
        self.discount.observe(self._update, names="value")
        self.extra.observe(self._update, names="value")
        self.box = widgets.VBox([self.discount, self.extra, self.out])
        self._update()

    def _update(self, _: Any = None) -> None:
        import matplotlib.pyplot as plt

        r = discount_what_if(self.units, self.price, self.cost, self.discount.value,
                             self.extra.value)
        self.result = r
        self.out.clear_output(wait=True)
        with self.out:
            fig, ax = plt.subplots(figsize=(6, 3.2))
            labels = [tr(zh="原价", en="Full price"),
                      tr(zh="打 {d} % 折", en="{d}% off").format(d=self.discount.value)]
            values = [r["profit_before"], r["profit_after"]]
            colours = ["#0072B2", "#009E73" if values[1] >= values[0] else "#D55E00"]
            ax.bar(labels, values, color=colours)
            ax.axhline(0, color="#222222", linewidth=0.8)
            ax.set_title(tr(zh="{p}：四周利润，原价 vs 打折", en="{p}: four weeks' profit, "
                            "full price vs discount").format(p=self.product))
            ax.set_ylabel(tr(zh="利润（元）", en="Profit (yuan)"))
            fig.tight_layout()
            show(fig, alt=tr(
                zh="柱状图：原价卖 {a} 件利润 {b} 元；打折后卖 {c} 件利润 {d} 元。",
                en="Bar chart: {a} units at full price make {b} yuan profit; "
                   "{c} units at the discount make {d} yuan.",
            ).format(a=r["units_before"], b=r["profit_before"], c=r["units_after"],
                     d=r["profit_after"]))
            if r["break_even_units"] is None:
                print(tr(zh="打这么多折，每卖一件都在亏钱，卖得越多亏得越多。",
                         en="At this discount every unit loses money: selling more "
                            "only loses more."))
            else:
                print(tr(zh="每件只赚 {m} 元了。要赚回原来的利润，至少得卖 {n} 件（原来 {u} 件）。",
                         en="Each unit now earns {m} yuan. To match the old profit you "
                            "must sell at least {n} units (you sold {u}).")
                      .format(m=r["margin_after"], n=r["break_even_units"], u=self.units))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# ------------------------------------------------------------------ farm
#: Assumed cost per mu of each crop (seed or seedlings, fertiliser, pesticide, hired
#: labour at harvest). Chili costs far more: seedlings, stakes and many picking days.
#: Round figures for the lesson, not survey data: replace them with your own.
COST_PER_MU = {"maize": 600.0, "soybean": 350.0, "chili": 1700.0}


def crop_costs(lang: str | None = None) -> dict[str, float]:
    """:data:`COST_PER_MU` keyed by the crop names a learner sees in this view."""
    return {data.value_label("crop_seasons", "crop", code, lang): cost
            for code, cost in COST_PER_MU.items()}


def split_outcomes(net: pd.DataFrame, risky: str, steady: str, risky_share: float,
                   total_mu: float = 20.0) -> pd.Series:
    """Each season's net income of a farm planting ``risky_share`` (0-1) of its land
    with ``risky`` and the rest with ``steady``; ``net`` is yuan per mu, year × crop."""
    per_mu = risky_share * net[risky] + (1 - risky_share) * net[steady]
    return (per_mu * total_mu).round()


def summarise(incomes: pd.Series) -> dict[str, Any]:
    """Average, worst and best season and the spread (sd): the numbers to weigh up."""
    return {"mean": int(round(float(incomes.mean()))),
            "worst": int(incomes.min()), "worst_year": int(incomes.idxmin()),
            "best": int(incomes.max()), "sd": int(round(float(incomes.std())))}


class SplitTool:
    """A slider for the share of the farm in the risky crop; shows every past season.

    Past seasons are not a forecast: the chart shows what *would have happened* in each
    of them, which is the honest way to show risk (the bad years stay visible).
    """

    def __init__(self, net: pd.DataFrame, risky: str, steady: str,
                 total_mu: float = 20.0) -> None:
        import ipywidgets as widgets

        self.net, self.risky, self.steady, self.total_mu = net, risky, steady, total_mu
        self.share = widgets.IntSlider(value=0, min=0, max=100, step=10,
                                       description=tr(zh="{c} 占 %", en="% {c}")
                                       .format(c=risky))
        self.out = widgets.Output()
        self.result: dict[str, Any] = {}
        self.share.observe(self._update, names="value")
        self.box = widgets.VBox([self.share, self.out])
        self._update()

    def _update(self, _: Any = None) -> None:
        import matplotlib.pyplot as plt

        incomes = split_outcomes(self.net, self.risky, self.steady, self.share.value / 100,
                                 self.total_mu)
        r = summarise(incomes)
        self.result = r
        self.out.clear_output(wait=True)
        with self.out:
            fig, ax = plt.subplots(figsize=(7, 3.4))
            ax.bar(incomes.index.astype(str), incomes, color="#56B4E9")
            ax.axhline(r["mean"], color="#D55E00", linestyle="--",
                       label=tr(zh="平均", en="Average"))
            ax.set_title(tr(zh="{m} 亩地，{s}% 种{c}：每一季的净收入",
                            en="{m} mu with {s}% {c}: net income each season")
                         .format(m=int(self.total_mu), s=self.share.value, c=self.risky))
            ax.set_xlabel(tr(zh="年份", en="Year"))
            ax.set_ylabel(tr(zh="净收入（元）", en="Net income (yuan)"))
            ax.tick_params(axis="x", labelrotation=45)
            ax.legend()
            fig.tight_layout()
            show(fig, alt=tr(
                zh="柱状图：按过去 12 季的行情，平均每季净收入 {mean} 元，最差的 {worst_year} 年 "
                   "{worst} 元，最好 {best} 元。",
                en="Bar chart of the past 12 seasons: average net income {mean} yuan, "
                   "worst {worst} yuan in {worst_year}, best {best} yuan.",
            ).format(**r))
            print(tr(zh="平均 {mean} 元；最差 {worst} 元（{worst_year} 年）；最好 {best} 元；"
                        "波动（标准差）{sd} 元。",
                     en="Average {mean} yuan; worst {worst} yuan ({worst_year}); "
                        "best {best} yuan; spread (sd) {sd} yuan.").format(**r))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# ------------------------------------------------------------------ factory
def control_limits(values: Sequence[float]) -> dict[str, float]:
    """Centre line and limits (mean ± 3 sd) from an in-control period.

    Set them from data taken while the process was known to be settled, never from the
    data being judged: a drifting period would widen its own limits and hide itself.
    """
    v = np.asarray(values, dtype=float)
    mean, sd = float(v.mean()), float(v.std(ddof=1))
    return {"mean": round(mean, 4), "sd": round(sd, 4),
            "lcl": round(mean - 3 * sd, 4), "ucl": round(mean + 3 * sd, 4)}


def outside_limits(values: Sequence[float], limits: Mapping[str, float]) -> list[int]:
    """Positions (0-based) of points outside the control limits (rule 1)."""
    v = np.asarray(values, dtype=float)
    return [int(i) for i in np.flatnonzero((v > limits["ucl"]) | (v < limits["lcl"]))]


def run_signal(values: Sequence[float], mean: float, run: int = 8) -> int | None:
    """Position where ``run`` points in a row first sit on the same side of the mean.

    A slow drift stays inside the limits for a long time but pushes every point to one
    side; this rule notices that pattern. ``None`` if it never happens.
    """
    count, side = 0, 0
    for i, x in enumerate(values):
        s = 1 if x > mean else (-1 if x < mean else 0)
        count = count + 1 if s == side and s != 0 else (1 if s != 0 else 0)
        side = s
        if count >= run:
            return i
    return None


def control_chart(ax: Any, x: Sequence[Any], values: Sequence[float],
                  limits: Mapping[str, float], flagged: Sequence[int] = ()) -> None:
    """Draw a run chart with the centre line and control limits; flagged points in red."""
    v = np.asarray(values, dtype=float)
    xs = list(x)
    ax.plot(xs, v, marker="o", markersize=3, color="#0072B2", linewidth=1)
    ax.axhline(limits["mean"], color="#009E73",
               label=tr(zh="平均（中心线）", en="Mean (centre line)"))
    for key in ("ucl", "lcl"):
        ax.axhline(limits[key], color="#D55E00", linestyle="--")
    ax.plot([], [], color="#D55E00", linestyle="--", label=tr(zh="控制线（平均 ± 3 sd）",
                                                              en="Control limits (mean ± 3 sd)"))
    if len(flagged):
        ax.scatter([xs[i] for i in flagged], v[list(flagged)], color="#D55E00", zorder=3, s=30,
                   label=tr(zh="出界的点", en="Points outside"))
    ax.legend(loc="upper left", fontsize=8)


def simulate_fault(limits: Mapping[str, float], size_sd: float, kind: str = "jump",
                   start: int = 30, n: int = 80, seed: int = 7) -> np.ndarray:
    """A fresh in-control stream with a fault from position ``start`` onwards.

    ``kind`` "jump": every bolt is suddenly ``size_sd`` sd longer (a tool reset wrongly);
    "drift": the offset grows by ``size_sd`` sd every 10 bolts (a tool wearing). Seeded,
    so the same settings always give the same stream.
    """
    rng = np.random.default_rng(seed)
    v = limits["mean"] + rng.normal(0, limits["sd"], n)
    steps = np.arange(1, n - start + 1)
    shift = size_sd if kind == "jump" else size_sd * steps / 10
    v[start:] += shift * limits["sd"]
    return v


def detection(values: Sequence[float], limits: Mapping[str, float],
              start: int) -> dict[str, Any]:
    """How many bolts after the fault began each rule first raised an alarm (1 = at once).

    ``None`` means the rule never noticed within the stream; an alarm before ``start``
    is a false alarm, which is reported too.
    """
    outside = outside_limits(values, limits)
    run = run_signal(values, limits["mean"])
    first_out = next((i for i in outside if i >= start), None)
    return {"limits_after": None if first_out is None else first_out - start + 1,
            "run_after": None if run is None or run < start else run - start + 1,
            "false_alarms": sum(1 for i in outside if i < start)}


class FaultTool:
    """Inject a jump or a drift into a clean line and watch when the chart catches it."""

    def __init__(self, limits: Mapping[str, float], start: int = 30, n: int = 80) -> None:
        import ipywidgets as widgets

        self.limits, self.start, self.n = dict(limits), start, n
        self.size = widgets.FloatSlider(value=1.0, min=0.0, max=4.0, step=0.5,
                                        description=tr(zh="故障大小 sd", en="Fault (sd)"))
        self.kind = widgets.ToggleButtons(
            options=[(tr(zh="突然跳变", en="Sudden jump"), "jump"),
                     (tr(zh="慢慢漂移", en="Slow drift"), "drift")], value="jump")
        self.out = widgets.Output()
        self.result: dict[str, Any] = {}
        self.size.observe(self._update, names="value")
        self.kind.observe(self._update, names="value")
        self.box = widgets.VBox([self.kind, self.size, self.out])
        self._update()

    def _update(self, _: Any = None) -> None:
        import matplotlib.pyplot as plt

        values = simulate_fault(self.limits, self.size.value, self.kind.value, self.start,
                                self.n)
        r = detection(values, self.limits, self.start)
        self.result = r
        self.out.clear_output(wait=True)
        never = tr(zh="没发现", en="never")
        words = {k: never if r[k] is None else r[k] for k in ("limits_after", "run_after")}
        with self.out:
            fig, ax = plt.subplots(figsize=(7, 3.4))
            control_chart(ax, range(1, self.n + 1), values, self.limits,
                          outside_limits(values, self.limits))
            ax.axvline(self.start + 0.5, color="#999999", linestyle=":")
            ax.set_title(tr(zh="模拟故障：从第 {s} 根起出问题", en="Simulated fault from bolt {s}")
                         .format(s=self.start + 1))
            ax.set_xlabel(tr(zh="抽检序号", en="Bolt number"))
            ax.set_ylabel(tr(zh="长度（mm）", en="Length (mm)"))
            fig.tight_layout()
            show(fig, alt=tr(
                zh="控制图：从第 {s} 根起加入故障。从故障开始到报警：出界规则用了 {a} 根，"
                   "连续 8 点规则用了 {b} 根。",
                en="Control chart with a fault from bolt {s}. Bolts from the fault to the "
                   "first alarm: {a} for the outside-limits rule, {b} for the 8-in-a-row rule.",
            ).format(s=self.start + 1, a=words["limits_after"], b=words["run_after"]))
            print(tr(zh="从故障开始到第一次报警用了几根——出界规则：{limits_after}；"
                        "连续 8 点规则：{run_after}。",
                     en="Bolts from the start of the fault to the first alarm: "
                        "outside-limits rule {limits_after}; 8-in-a-row rule {run_after}.")
                  .format(**words))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)
