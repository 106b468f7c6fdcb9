"""Simulations for the high-school data track: shared causes, least squares, Monte Carlo.

Three lessons use this module:

* ``high-03-correlation-causation``: :func:`simulate_days` makes hot-weather school days in
  which cold-drink sales and heat-related clinic visits both follow the temperature. A
  switch (:class:`SharedCauseExplorer`) turns the temperature's effect on and off, so
  learners *see* the correlation appear and vanish with the shared cause, and
  :func:`band_table` compares the two counts within temperature bands.
* ``high-04-least-squares``: :func:`sse` and :class:`LineFitter` let learners fit a line by
  hand with sliders, watching the squared errors (drawn as squares) shrink, before they
  meet ``numpy.polyfit``.
* ``high-06-monte-carlo``: :func:`pi_points` / :class:`PiExplorer` estimate π with random
  points, and :func:`simulate_queue` / :class:`QueueExplorer` simulate the canteen queue.

Every random draw takes a seed, so a lesson's numbers (and its tests) never change. Text a
learner reads comes through ``tr`` in both languages.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import tr
from ..plotting import PALETTE, show

# ---------------------------------------------------------------------------------------
# high-03: a shared cause
# ---------------------------------------------------------------------------------------

BANDS = [0, 27, 30, 33, 45]  # °C; each band is about 3 degrees wide


def simulate_days(n: int = 80, shared_cause: bool = True, seed: int = 3) -> pd.DataFrame:
    """``n`` simulated hot-weather school days: temperature, cold drinks, clinic visits.

    With ``shared_cause`` the two counts follow the temperature (as in ``hot_days``); without
    it the temperature still varies but neither count depends on it, so any correlation
    left between drinks and visits is chance. Nothing in either world lets drinks cause
    visits: that is the point.
    """
    rng = np.random.default_rng(seed)
    temp = np.round(rng.uniform(22.0, 36.0, n), 1)
    driver = temp if shared_cause else np.full(n, 29.0)
    drinks = np.round(20 + 9 * (driver - 20) + rng.normal(0, 14, n)).astype(int)
    visits = rng.poisson(np.clip(0.3 * (driver - 24), 0.2, None))
    return pd.DataFrame({"temp_c": temp, "cold_drinks": drinks, "clinic_visits": visits})


def band_table(days: pd.DataFrame, x: str = "cold_drinks", y: str = "clinic_visits",
               bands: Sequence[float] = BANDS) -> pd.DataFrame:
    """Per temperature band: how many days, the mean of each count, and r within the band.

    Comparing like with like (days of about the same temperature) takes the shared cause
    out of the comparison; if the link disappears inside the bands, the temperature was
    doing the work.
    """
    band = pd.cut(days["temp_c"], list(bands), right=False)
    rows = []
    for interval, group in days.groupby(band, observed=True):
        if interval.left == bands[0]:
            label = f"< {interval.right:g} °C"
        elif interval.right == bands[-1]:
            label = f"≥ {interval.left:g} °C"
        else:
            label = f"{interval.left:g}–{interval.right:g} °C"
        rows.append({
            "band": label,
            "days": len(group),
            x: round(group[x].mean(), 1),
            y: round(group[y].mean(), 2),
            "r": round(group[x].corr(group[y]), 2),
        })
    return pd.DataFrame(rows).set_index("band")


def scatter_days(days: pd.DataFrame, title: str) -> Any:
    """Cold drinks against clinic visits, each day coloured by its temperature."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    points = ax.scatter(days["cold_drinks"], days["clinic_visits"], c=days["temp_c"],
                        cmap="coolwarm", vmin=22, vmax=37, edgecolor="black", linewidth=0.3)
    fig.colorbar(points, ax=ax, label=tr(zh="最高气温 (°C)", en="High temperature (°C)"))
    ax.set_title(title)
    ax.set_xlabel(tr(zh="冷饮销量（瓶）", en="Cold drinks sold (bottles)"))
    ax.set_ylabel(tr(zh="校医室就诊（人次）", en="Clinic visits"))
    return fig


class SharedCauseExplorer:
    """A switch that turns the temperature's effect on and off in the simulation.

    ``switch`` (ToggleButtons, values True/False) and ``days_slider`` drive it; ``result``
    holds the last run: ``{"shared_cause", "days", "r"}``.
    """

    def __init__(self, seed: int = 3) -> None:
        import ipywidgets as widgets

        self.seed = seed
        self.switch = widgets.ToggleButtons(
            options=[(tr(zh="气温影响两者：开", en="Heat affects both: ON"), True),
                     (tr(zh="气温影响两者：关", en="Heat affects both: OFF"), False)],
            value=True)
        self.days_slider = widgets.IntSlider(value=80, min=20, max=200, step=20,
                                             description=tr(zh="天数", en="Days"))
        self.out = widgets.Output()
        self.result: dict[str, Any] = {}
        self.box = widgets.VBox([self.switch, self.days_slider, self.out])
        self.switch.observe(lambda _: self.update(), names="value")
        self.days_slider.observe(lambda _: self.update(), names="value")
        self.update()

    def update(self) -> dict[str, Any]:
        on, n = self.switch.value, self.days_slider.value
        days = simulate_days(n, shared_cause=on, seed=self.seed)
        r = round(float(days["cold_drinks"].corr(days["clinic_visits"])), 2)
        self.result = {"shared_cause": on, "days": n, "r": r}
        self.out.clear_output(wait=True)
        with self.out:
            state = tr(zh="开", en="ON") if on else tr(zh="关", en="OFF")
            fig = scatter_days(days, tr(zh=f"模拟 {n} 天（气温影响：{state}），r = {r}",
                                        en=f"{n} simulated days (heat effect {state}), r = {r}"))
            show(fig, alt=tr(
                zh=f"散点图：{n} 个模拟日的冷饮销量和校医室人次，相关系数 r = {r}。",
                en=f"Scatter plot of cold drinks against clinic visits on {n} simulated days; "
                   f"correlation r = {r}."))
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# ---------------------------------------------------------------------------------------
# high-04: least squares
# ---------------------------------------------------------------------------------------

def sse(x: Sequence[float], y: Sequence[float], slope: float, intercept: float) -> float:
    """Sum of squared errors of the line y = slope·x + intercept (rounded to 2 places).

    Squaring makes every miss count (above or below the line) and makes big misses count
    much more than small ones; least squares picks the line with the smallest total.
    """
    x_arr, y_arr = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    errors = y_arr - (slope * x_arr + intercept)
    return round(float(np.sum(errors ** 2)), 2)


class LineFitter:
    """Fit a line by hand: ``slope`` and ``intercept`` sliders, the squared errors drawn.

    ``result`` holds ``{"slope", "intercept", "sse"}`` for the current sliders.
    """

    def __init__(self, x: Sequence[float], y: Sequence[float], *, slope: float = 5.0,
                 intercept: float = -50.0, slope_range: tuple[float, float] = (0.0, 15.0),
                 intercept_range: tuple[float, float] = (-300.0, 100.0),
                 xlabel: str = "", ylabel: str = "") -> None:
        import ipywidgets as widgets

        self.x, self.y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
        self.xlabel, self.ylabel = xlabel, ylabel
        self.slope = widgets.FloatSlider(value=slope, min=slope_range[0], max=slope_range[1],
                                         step=0.1, description=tr(zh="斜率 k", en="Slope m"))
        self.intercept = widgets.FloatSlider(value=intercept, min=intercept_range[0],
                                             max=intercept_range[1], step=1.0,
                                             description=tr(zh="截距 b", en="Intercept c"))
        self.out = widgets.Output()
        self.result: dict[str, float] = {}
        self.box = widgets.VBox([self.slope, self.intercept, self.out])
        self.slope.observe(lambda _: self.update(), names="value")
        self.intercept.observe(lambda _: self.update(), names="value")
        self.update()

    def update(self) -> dict[str, float]:
        import matplotlib.pyplot as plt

        m, c = round(self.slope.value, 2), round(self.intercept.value, 2)
        total = sse(self.x, self.y, m, c)
        self.result = {"slope": m, "intercept": c, "sse": total}
        self.out.clear_output(wait=True)
        with self.out:
            fig, ax = plt.subplots(figsize=(6.4, 4.2))
            ax.scatter(self.x, self.y, color=PALETTE[0], zorder=3)
            xs = np.array([self.x.min() - 1, self.x.max() + 1])
            ax.plot(xs, m * xs + c, color=PALETTE[1], linewidth=2)
            for xi, yi in zip(self.x, self.y, strict=True):
                ax.plot([xi, xi], [yi, m * xi + c], color="grey", linewidth=0.8)
            ax.set_title(tr(zh=f"y = {m}x + ({c})    误差平方和 = {total:,.0f}",
                            en=f"y = {m}x + ({c})    sum of squared errors = {total:,.0f}"))
            ax.set_xlabel(self.xlabel)
            ax.set_ylabel(self.ylabel)
            show(fig, alt=tr(
                zh=f"散点图加一条直线 y = {m}x + ({c})，灰线是每个点的误差，"
                   f"误差平方和为 {total:,.0f}。",
                en=f"Scatter plot with the line y = {m}x + ({c}); grey lines show each "
                   f"point's error; the sum of squared errors is {total:,.0f}."))
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


# ---------------------------------------------------------------------------------------
# high-06: Monte Carlo
# ---------------------------------------------------------------------------------------

def pi_points(n: int, seed: int = 2024) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``n`` random points in the unit square and whether each lies inside the quarter circle.

    The quarter circle covers π/4 of the square, so 4 × (share inside) estimates π.
    """
    rng = np.random.default_rng(seed)
    x, y = rng.random(n), rng.random(n)
    return x, y, x ** 2 + y ** 2 <= 1


def estimate_pi(n: int, seed: int = 2024) -> float:
    """4 × the share of ``n`` seeded random points inside the quarter circle (4 places)."""
    _, _, inside = pi_points(n, seed)
    return round(4 * float(inside.mean()), 4)


def typical_error(n: int, repeats: int = 20, first_seed: int = 1) -> float:
    """The mean distance from π of ``repeats`` estimates with ``n`` points each (4 places).

    One run can be lucky or unlucky; averaging the error over many seeds shows the trend:
    about 10 times more accurate needs about 100 times more points (error ~ 1/√n).
    """
    errors = [abs(estimate_pi(n, seed) - np.pi) for seed in range(first_seed, first_seed + repeats)]
    return round(float(np.mean(errors)), 4)


class PiExplorer:
    """Choose how many points to throw; see them and the estimate of π.

    ``n_slider`` (SelectionSlider of 10 … 100 000) drives it; ``result`` holds
    ``{"n", "inside", "estimate", "error"}``.
    """

    SIZES = (10, 100, 1_000, 10_000, 100_000)

    def __init__(self, seed: int = 2024) -> None:
        import ipywidgets as widgets

        self.seed = seed
        self.n_slider = widgets.SelectionSlider(options=list(self.SIZES), value=100,
                                                description=tr(zh="点数 n", en="Points n"))
        self.out = widgets.Output()
        self.result: dict[str, Any] = {}
        self.box = widgets.VBox([self.n_slider, self.out])
        self.n_slider.observe(lambda _: self.update(), names="value")
        self.update()

    def update(self) -> dict[str, Any]:
        import matplotlib.pyplot as plt

        n = self.n_slider.value
        x, y, inside = pi_points(n, self.seed)
        est = round(4 * float(inside.mean()), 4)
        self.result = {"n": n, "inside": int(inside.sum()), "estimate": est,
                       "error": round(abs(est - np.pi), 4)}
        self.out.clear_output(wait=True)
        with self.out:
            shown = slice(0, 5_000)  # drawing 100 000 dots is slow and looks the same
            fig, ax = plt.subplots(figsize=(4.4, 4.4))
            ax.scatter(x[shown][inside[shown]], y[shown][inside[shown]], s=4, color=PALETTE[0])
            ax.scatter(x[shown][~inside[shown]], y[shown][~inside[shown]], s=4, color=PALETTE[1])
            t = np.linspace(0, np.pi / 2, 100)
            ax.plot(np.cos(t), np.sin(t), color="black")
            ax.set_aspect("equal")
            ax.set_title(tr(zh=f"n = {n:,}，估计 π ≈ {est}", en=f"n = {n:,}, estimate π ≈ {est}"))
            show(fig, alt=tr(
                zh=f"正方形里的 {n:,} 个随机点，{int(inside.sum()):,} 个落在四分之一圆内，"
                   f"估计 π ≈ {est}。",
                en=f"{n:,} random points in a square; {int(inside.sum()):,} fall inside the "
                   f"quarter circle, so π ≈ {est}."))
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)


@dataclass
class QueueResult:
    """One simulated lunch rush: every student's wait (minutes) and the summary numbers."""

    windows: int
    arrivals_per_min: float
    waits: np.ndarray

    @property
    def students(self) -> int:
        return len(self.waits)

    @property
    def mean_wait(self) -> float:
        return round(float(self.waits.mean()), 2)

    @property
    def max_wait(self) -> float:
        return round(float(self.waits.max()), 2)

    def summary(self) -> dict[str, Any]:
        return {"windows": self.windows, "students": self.students,
                "mean_wait": self.mean_wait, "max_wait": self.max_wait}


def simulate_queue(windows: int, arrivals_per_min: float = 8.0, minutes: float = 20.0,
                   service_min: tuple[float, float] = (0.4, 0.8), seed: int = 7) -> QueueResult:
    """A canteen lunch rush: students arrive at random, one queue, ``windows`` serving.

    Arrivals are a Poisson process (random gaps averaging 1/rate minutes) for ``minutes``;
    each student takes a uniform random serving time in ``service_min`` (about 36 s on
    average) at the first window to become free. The same seed gives the same students
    for every number of windows, so comparing window counts is fair.
    """
    rng = np.random.default_rng(seed)
    arrivals: list[float] = []
    t = rng.exponential(1 / arrivals_per_min)
    while t < minutes:
        arrivals.append(t)
        t += rng.exponential(1 / arrivals_per_min)
    service = rng.uniform(*service_min, len(arrivals))
    free_at = [0.0] * windows  # a heap of the times each window becomes free
    heapq.heapify(free_at)
    waits = []
    for arrive, serve in zip(arrivals, service, strict=True):
        start = max(arrive, heapq.heappop(free_at))
        waits.append(start - arrive)
        heapq.heappush(free_at, start + serve)
    return QueueResult(windows, arrivals_per_min, np.array(waits))


class QueueExplorer:
    """Sliders for the number of serving windows and the arrival rate; the waits shown.

    ``windows_slider`` and ``rate_slider`` drive it; ``result`` holds the summary of the
    last run (windows, students, mean_wait, max_wait).
    """

    def __init__(self, seed: int = 7) -> None:
        import ipywidgets as widgets

        self.seed = seed
        self.windows_slider = widgets.IntSlider(value=3, min=1, max=8,
                                                description=tr(zh="窗口数", en="Windows"))
        self.rate_slider = widgets.FloatSlider(value=8.0, min=2.0, max=14.0, step=1.0,
                                               description=tr(zh="每分钟到达", en="Arrivals/min"))
        self.out = widgets.Output()
        self.result: dict[str, Any] = {}
        self.box = widgets.VBox([self.windows_slider, self.rate_slider, self.out])
        self.windows_slider.observe(lambda _: self.update(), names="value")
        self.rate_slider.observe(lambda _: self.update(), names="value")
        self.update()

    def update(self) -> dict[str, Any]:
        import matplotlib.pyplot as plt

        run = simulate_queue(self.windows_slider.value, self.rate_slider.value, seed=self.seed)
        self.result = run.summary()
        self.out.clear_output(wait=True)
        with self.out:
            fig, ax = plt.subplots(figsize=(6.4, 3.6))
            ax.hist(run.waits, bins=20, color=PALETTE[0])
            ax.set_title(tr(
                zh=f"{run.windows} 个窗口：{run.students} 人，平均等 {run.mean_wait} 分钟",
                en=f"{run.windows} windows: {run.students} students, "
                   f"mean wait {run.mean_wait} min"))
            ax.set_xlabel(tr(zh="等待时间（分钟）", en="Wait (minutes)"))
            ax.set_ylabel(tr(zh="人数", en="Students"))
            show(fig, alt=tr(
                zh=f"直方图：开 {run.windows} 个窗口时 {run.students} 名同学的等待时间，"
                   f"平均 {run.mean_wait} 分钟，最长 {run.max_wait} 分钟。",
                en=f"Histogram of the waits of {run.students} students with {run.windows} "
                   f"windows open: mean {run.mean_wait} min, longest {run.max_wait} min."))
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.box)
