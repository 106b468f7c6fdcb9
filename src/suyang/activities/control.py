"""Sense → decide → act: small control systems a class can steer and test.

Every automatic system in these lessons repeats the same three steps: a **sensor**
measures something (sense), a **rule** compares the reading with a threshold (decide),
and an **actuator** such as a pump or a window motor does something (act). Primary
pupils steer a simulated classroom plant waterer with a slider; middle-school learners
replay a week of smart-classroom sensor readings through rules such as "if CO2 > 1000
ppm, open the window". Both use the same :class:`Rule`, so watering a plant and airing
a classroom are taught as one idea.

The plant model is deliberately tiny and deterministic (no randomness), so a whole class
sees the same numbers, a teacher can predict them, and the lesson's checks can name an
exact answer. What learners see is written in both languages via :func:`suyang.tr`.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..i18n import pick, tr

# ------------------------------------------------------------------ rules (decide)
OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    ">": operator.gt, "<": operator.lt, ">=": operator.ge, "<=": operator.le,
}


@dataclass(frozen=True)
class Rule:
    """"If <sensor> <op> <threshold>, then <action>": the decide step of a controller.

    ``action`` is the learner-facing name of what happens, ``{"zh": …, "en": …}``.
    A missing reading (NaN) never fires a rule: a controller that cannot see should not
    act on a guess.
    """

    sensor: str
    op: str
    threshold: float
    action: Mapping[str, str] | str = ""

    def __post_init__(self) -> None:
        if self.op not in OPERATORS:
            raise ValueError(f"op must be one of {', '.join(OPERATORS)}, not {self.op!r}")

    def fires(self, reading: float) -> bool:
        """Does this single reading make the rule fire?"""
        if reading is None or pd.isna(reading):
            return False
        return bool(OPERATORS[self.op](reading, self.threshold))

    def fires_on(self, table: pd.DataFrame) -> pd.Series:
        """One True/False per row of a sensor log: would the rule have fired then?"""
        column = table[self.sensor]
        return OPERATORS[self.op](column, self.threshold) & column.notna()

    def count(self, table: pd.DataFrame) -> int:
        """How many readings of the log make the rule fire."""
        return int(self.fires_on(table).sum())

    def describe(self, label: str | None = None, lang: str | None = None) -> str:
        """The rule in words: '如果 二氧化碳浓度 > 1000，就 开窗'."""
        what = label or self.sensor
        condition = f"{what} {self.op} {self.threshold:g}"
        if not self.action:
            return tr(lang, zh="如果 {c}", en="If {c}").format(c=condition)
        return tr(lang, zh="如果 {c}，就{a}", en="If {c}, then {a}").format(
            c=condition, a=pick(self.action, lang))


# ------------------------------------------------------------------ the plant waterer
# Two weeks of weather by the classroom window. Sun dries the soil fastest; on rainy days
# the air is damp and the plant drinks less. Fixed, so every pupil sees the same story.
WEATHER: tuple[str, ...] = ("sunny", "sunny", "cloudy", "sunny", "rainy", "rainy", "cloudy",
                            "sunny", "sunny", "sunny", "cloudy", "rainy", "sunny", "sunny")
DRYING = {"sunny": 12, "cloudy": 8, "rainy": 5}  # moisture points lost per day
WEATHER_NAMES = {"sunny": {"zh": "晴", "en": "sunny"},
                 "cloudy": {"zh": "多云", "en": "cloudy"},
                 "rainy": {"zh": "雨", "en": "rainy"}}
WEATHER_ICONS = {"sunny": "☀️", "cloudy": "⛅", "rainy": "🌧️"}
START_MOISTURE = 50
PUMP = 30          # one pump run adds this many moisture points
DRY_BELOW = 20     # below this the plant wilts
SOGGY_ABOVE = 85   # above this the roots sit in water
SENSOR_MODES = ("ok", "fell_out")  # a sensor that fell out of the pot reads dry air: 0
STATUS_COLOURS = {"ok": "#009E73", "dry": "#D55E00", "soggy": "#0072B2"}


def read_sensor(moisture: float, mode: str = "ok") -> float:
    """What the soil-moisture sensor reports. Out of the soil it measures air: 0 %."""
    if mode == "fell_out":
        return 0.0
    return float(moisture)


def plant_day(moisture: float, rule: Rule, weather: str, pump: int = PUMP,
              sensor: str = "ok", watered: bool | None = None) -> dict[str, Any]:
    """One day: sense in the morning, decide, act, then the day dries the soil.

    ``watered`` lets a pupil be the controller (True/False from a button); otherwise the
    rule decides from the sensor reading.
    """
    reading = read_sensor(moisture, sensor)
    if watered is None:
        watered = rule.fires(reading)
    after_water = min(100, moisture + pump) if watered else moisture
    evening = max(0, after_water - DRYING[weather])
    if evening < DRY_BELOW:
        status = "dry"
    elif after_water > SOGGY_ABOVE:
        status = "soggy"
    else:
        status = "ok"
    return {"weather": weather, "moisture": moisture, "reading": reading,
            "watered": bool(watered), "after_water": after_water, "evening": evening,
            "status": status}


def simulate_plant(threshold: float, days: int = len(WEATHER), pump: int = PUMP,
                   sensor: str = "ok", start: float = START_MOISTURE) -> pd.DataFrame:
    """Run the automatic waterer ("if moisture < threshold, water") day by day.

    Returns one row per day: the morning reading, whether the pump ran, the moisture after
    watering and in the evening, and the plant's state (ok, dry or soggy).
    """
    rule = Rule("moisture", "<", threshold, {"zh": "浇水", "en": "water"})
    moisture, rows = start, []
    for day in range(days):
        row = plant_day(moisture, rule, WEATHER[day % len(WEATHER)], pump, sensor)
        rows.append({"day": day + 1, **row})
        moisture = row["evening"]
    return pd.DataFrame(rows)


def plant_summary(log: pd.DataFrame) -> dict[str, int]:
    """The numbers a pupil reads off a run: pump runs and days in each state."""
    counts = log["status"].value_counts()
    return {"pump_runs": int(log["watered"].sum()), "ok_days": int(counts.get("ok", 0)),
            "dry_days": int(counts.get("dry", 0)), "soggy_days": int(counts.get("soggy", 0))}


def summary_html(summary: Mapping[str, int], days: int) -> str:
    """The run's result in big, friendly words (primary pupils read this, not a table)."""
    if summary["dry_days"] == 0 and summary["soggy_days"] == 0:
        verdict = tr(zh="太棒了！小植物每天都很健康。",
                     en="Brilliant! The plant was happy every day.")
    elif summary["dry_days"] >= summary["soggy_days"]:
        verdict = tr(zh="哎呀，小植物渴坏了！", en="Oh no, the plant got too thirsty!")
    else:
        verdict = tr(zh="哎呀，水太多了，根泡在水里了！",
                     en="Oh no, too much water: the roots are soaking!")
    line = tr(zh="💧 水泵开了 <b>{pump_runs}</b> 次 · 😊 健康 <b>{ok_days}</b> 天 · "
                 "🥀 太干 <b>{dry_days}</b> 天 · 🌊 太湿 <b>{soggy_days}</b> 天（共 {days} 天）",
              en="💧 pump runs: <b>{pump_runs}</b> · 😊 happy days: <b>{ok_days}</b> · "
                 "🥀 too dry: <b>{dry_days}</b> · 🌊 too wet: <b>{soggy_days}</b> "
                 "(of {days} days)")
    return (f'<div style="font-size:1.35em;line-height:1.6">{line.format(days=days, **summary)}'
            f"<br><b>{verdict}</b></div>")


def plant_chart(log: pd.DataFrame, threshold: float | None = None, title: str | None = None,
                ax: Any = None) -> Any:
    """Soil moisture through each day as a saw-tooth, with the healthy band shaded.

    Each day has two points: the morning (after any watering) and the evening (after the
    day dried the soil). A blue triangle marks each pump run; the dashed line is the
    threshold the rule compares the morning reading with.
    """
    import matplotlib.pyplot as plt

    fig = None
    if ax is None:
        fig, ax = plt.subplots()
    x, y = [], []
    for _, row in log.iterrows():
        x += [row["day"] - 0.35, row["day"] + 0.35]
        y += [row["after_water"], row["evening"]]
    ax.axhspan(0, DRY_BELOW, color=STATUS_COLOURS["dry"], alpha=0.12)
    ax.axhspan(SOGGY_ABOVE, 105, color=STATUS_COLOURS["soggy"], alpha=0.12)
    ax.text(0.02, DRY_BELOW * 0.3, tr(zh="太干", en="too dry"), va="center", fontsize=10,
            transform=ax.get_yaxis_transform())
    ax.text(0.02, (SOGGY_ABOVE + 105) / 2, tr(zh="太湿", en="too wet"), va="center",
            fontsize=10, transform=ax.get_yaxis_transform())
    ax.plot(x, y, color="#222222", linewidth=1.8)
    wet = log[log["watered"]]
    ax.plot(wet["day"] - 0.35, wet["after_water"], "v", color=STATUS_COLOURS["soggy"],
            markersize=9, label=tr(zh="水泵浇水", en="pump ran"))
    if threshold is not None:
        ax.axhline(threshold, color="#E69F00", linestyle="--", linewidth=2,
                   label=tr(zh="门槛 {t:g}%", en="threshold {t:g}%").format(t=threshold))
    ax.set_ylim(0, 105)
    ax.set_xlim(0.4, len(log) + 0.6)
    ax.set_xticks(list(log["day"]))
    ax.set_xlabel(tr(zh="第几天", en="Day"))
    ax.set_ylabel(tr(zh="土壤湿度 (%)", en="Soil moisture (%)"))
    ax.set_title(title or tr(zh="小植物的土壤湿度", en="Soil moisture of our plant"))
    # outside the plot, so it never hides a day's line
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    return fig if fig is not None else ax.figure


def plant_alt(log: pd.DataFrame, threshold: float | None) -> str:
    """One sentence describing a plant chart, for screen readers."""
    s = plant_summary(log)
    return tr(zh="锯齿形折线图：{days} 天里土壤湿度的变化，门槛 {t}%，水泵开了 {pump_runs} 次，"
                 "健康 {ok_days} 天，太干 {dry_days} 天，太湿 {soggy_days} 天。",
              en="Saw-tooth line chart of soil moisture over {days} days with the threshold at "
                 "{t}%: the pump ran {pump_runs} times; {ok_days} happy days, {dry_days} too dry, "
                 "{soggy_days} too wet.").format(days=len(log), t=threshold, **s)


def _chart_html(fig: Any, alt: str) -> str:
    """A chart as HTML for a widget's value (an <img> with its alt text); closes it."""
    import matplotlib.pyplot as plt

    from ..plotting import figure_html

    try:
        return figure_html(fig, alt)
    finally:
        plt.close(fig)


def compare_thresholds(thresholds: Sequence[float], sensor: str = "ok") -> dict[float, dict]:
    """Small charts side by side, one per threshold, so a class can compare at a glance."""
    from ..plotting import show

    fig, alt, results = comparison_figure(thresholds, sensor)
    show(fig, alt=alt)
    return results


def comparison_figure(thresholds: Sequence[float],
                      sensor: str = "ok") -> tuple[Any, str, dict[float, dict]]:
    """The side-by-side charts of :func:`compare_thresholds`, their alt text and summaries."""
    import matplotlib.pyplot as plt

    thresholds = list(thresholds)
    fig, axes = plt.subplots(1, len(thresholds), figsize=(4.2 * len(thresholds), 3.8),
                             sharey=True, squeeze=False)
    results = {}
    for ax, t in zip(axes[0], thresholds, strict=True):
        log = simulate_plant(t, sensor=sensor)
        s = plant_summary(log)
        results[t] = s
        plant_chart(log, t, ax=ax, title=tr(zh="门槛 {t:g}%：太干 {d} 天，太湿 {w} 天",
                                            en="Threshold {t:g}%: {d} dry, {w} too wet")
                    .format(t=t, d=s["dry_days"], w=s["soggy_days"]))
        ax.set_xticks(list(log["day"])[::2])
        ax.get_legend().remove()
        if ax is not axes[0][0]:
            ax.set_ylabel("")
    fig.tight_layout()
    parts = [tr(zh="门槛 {t:g}% 时水泵开 {p} 次、太干 {d} 天、太湿 {w} 天",
                en="threshold {t:g}%: pump {p} times, {d} dry days, {w} too-wet days")
             .format(t=t, p=s["pump_runs"], d=s["dry_days"], w=s["soggy_days"])
             for t, s in results.items()]
    alt = (tr(zh="并排的小图，比较不同门槛下两周的土壤湿度：", en="Side-by-side charts of "
              "two weeks of soil moisture for different thresholds: ")
           + tr(zh="；", en="; ").join(parts) + tr(zh="。", en="."))
    return fig, alt, results


class ThresholdComparison:
    """Three threshold sliders and the side-by-side charts of :func:`compare_thresholds`.

    Moving any slider redraws the charts and a line of words per threshold in place (the
    app view's "try other numbers", without editing code). ``results`` maps each
    threshold to its summary, as :func:`compare_thresholds` returns it.
    """

    MARKS = ("①", "②", "③")

    def __init__(self, thresholds: Sequence[int] = (10, 40, 75), sensor: str = "ok") -> None:
        import ipywidgets as widgets

        self.sensor = sensor
        self.results: dict[float, dict] = {}
        self.sliders = [
            widgets.IntSlider(value=t, min=0, max=100, step=5, continuous_update=False,
                              description=tr(zh="门槛 {m}", en="Threshold {m}").format(m=mark),
                              style={"description_width": "initial"},
                              layout={"width": "420px"})
            for t, mark in zip(thresholds, self.MARKS, strict=False)]
        self.words = widgets.HTML()
        self.output = widgets.HTML()  # the charts (not an Output widget: see PlantController)
        for slider in self.sliders:
            slider.observe(lambda _change: self.run(), names="value")
        self.widget = widgets.VBox([*self.sliders, self.output, self.words])
        self.run()

    def run(self) -> dict[float, dict]:
        """Compare the sliders' thresholds, in the sliders' order."""
        thresholds = [slider.value for slider in self.sliders]
        fig, alt, self.results = comparison_figure(thresholds, sensor=self.sensor)
        self.output.value = _chart_html(fig, alt)
        lines = [tr(zh="{m} 门槛 {t}%：水泵开了 {p} 次，太干 {d} 天，太湿 {w} 天。",
                    en="{m} Threshold {t}%: pump runs {p}, too dry {d}, too wet {w}.")
                 .format(m=mark, t=t, p=self.results[t]["pump_runs"],
                         d=self.results[t]["dry_days"], w=self.results[t]["soggy_days"])
                 for mark, t in zip(self.MARKS, thresholds, strict=False)]
        self.words.value = _big("<br>".join(lines))
        return self.results

    def items(self) -> Any:
        return self.results.items()

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _big(text: str) -> str:
    return f'<div style="font-size:1.35em;line-height:1.6">{text}</div>'


class PlantController:
    """The automatic waterer as widgets: a threshold slider (and optionally a sensor switch).

    Moving a widget re-runs the two-week simulation and shows the chart and a summary.
    ``result`` holds the last summary (with the threshold and sensor), so a test or a
    teacher can drive the widgets from code and read what happened.
    """

    def __init__(self, threshold: int = 20, sensor_switch: bool = False) -> None:
        import ipywidgets as widgets

        self.threshold = widgets.IntSlider(
            value=threshold, min=0, max=100, step=5,
            description=tr(zh="门槛 %", en="Threshold %"),
            style={"description_width": "initial"}, layout={"width": "480px"})
        self.sensor = widgets.ToggleButtons(
            options=[(tr(zh="传感器正常", en="Sensor OK"), "ok"),
                     (tr(zh="传感器掉出了花盆", en="Sensor fell out of the pot"), "fell_out")],
            value="ok", style={"button_width": "auto"})
        # HTML widgets, not an Output: output captured into an Output widget while a cell
        # runs can stall Voilà's executor (the app view never finishes loading)
        self.output = widgets.HTML()
        self.summary = widgets.HTML()
        self.result: dict[str, Any] = {}
        self.log: pd.DataFrame | None = None
        controls = [self.threshold] + ([self.sensor] if sensor_switch else [])
        self.widget = widgets.VBox([*controls, self.output, self.summary])
        for w in controls:
            w.observe(lambda _change: self.run(), names="value")
        self.run()

    def run(self) -> dict[str, Any]:
        """Simulate with the widgets' current values and show the outcome."""
        self.log = simulate_plant(self.threshold.value, sensor=self.sensor.value)
        summary = plant_summary(self.log)
        self.result = {"threshold": self.threshold.value, "sensor": self.sensor.value, **summary}
        fig = plant_chart(self.log, self.threshold.value)
        self.output.value = _chart_html(fig, plant_alt(self.log, self.threshold.value))
        self.summary.value = summary_html(summary, len(self.log))
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class ManualPlantGame:
    """Be the controller yourself: each morning read the sensor, then water or don't.

    A pupil plays one week (the first seven days of :data:`WEATHER`) with two big buttons,
    so they feel every decision before handing the job to a rule. ``log`` keeps each day
    and ``result`` the summary once the week is over.
    """

    DAYS = 7

    def __init__(self) -> None:
        import ipywidgets as widgets

        big = {"width": "220px", "height": "56px"}
        # colours of the kit's palette with text that passes WCAG AA contrast (the
        # "info"/"warning" button styles put white text on light blue and orange)
        self.water_button = widgets.Button(description=tr(zh="💧 浇水", en="💧 Water"),
                                           layout=big, style={"button_color": "#0072B2",
                                                              "text_color": "white"})
        self.skip_button = widgets.Button(description=tr(zh="✋ 不浇", en="✋ Don't water"),
                                          layout=big, style={"button_color": "#E69F00",
                                                             "text_color": "black"})
        self.restart_button = widgets.Button(description=tr(zh="🔄 重新开始", en="🔄 Start again"),
                                             layout={"width": "160px"})
        self.status = widgets.HTML()
        self.meter = widgets.IntProgress(min=0, max=100, layout={"width": "420px"})
        self.output = widgets.Output()
        self.water_button.on_click(lambda _b: self.choose(True))
        self.skip_button.on_click(lambda _b: self.choose(False))
        self.restart_button.on_click(lambda _b: self.restart())
        self.widget = widgets.VBox([self.status, self.meter,
                                    widgets.HBox([self.water_button, self.skip_button]),
                                    self.output, self.restart_button])
        self._rule = Rule("moisture", "<", 0)
        self.restart()

    def restart(self) -> None:
        self.moisture: float = START_MOISTURE
        self.log: list[dict[str, Any]] = []
        self.result: dict[str, Any] = {}
        self.water_button.disabled = self.skip_button.disabled = False
        self.output.clear_output()
        self._show_morning()

    def _show_morning(self) -> None:
        day = len(self.log) + 1
        weather = WEATHER[day - 1]
        self.meter.value = int(self.moisture)
        self.meter.bar_style = ("danger" if self.moisture < DRY_BELOW else
                                "info" if self.moisture > SOGGY_ABOVE else "success")
        self.status.value = _big(tr(
            zh="第 <b>{day}</b> 天早上 {icon}（{w}）· 传感器读数：土壤湿度 <b>{m}%</b><br>"
               "你来做决定：浇水，还是不浇？",
            en="Day <b>{day}</b>, morning {icon} ({w}) · the sensor reads: soil moisture "
               "<b>{m}%</b><br>You decide: water, or not?").format(
            day=day, icon=WEATHER_ICONS[weather], w=pick(WEATHER_NAMES[weather]),
            m=int(self.moisture)))

    def choose(self, water: bool) -> None:
        """Play one morning: act as the pupil chose, then let the day dry the soil."""
        if len(self.log) >= self.DAYS:
            return
        row = plant_day(self.moisture, self._rule, WEATHER[len(self.log)], watered=water)
        self.log.append({"day": len(self.log) + 1, **row})
        self.moisture = row["evening"]
        if len(self.log) < self.DAYS:
            self._show_morning()
        else:
            self._finish()

    def _finish(self) -> None:
        from IPython.display import HTML, display

        from ..plotting import show

        log = pd.DataFrame(self.log)
        summary = plant_summary(log)
        self.result = summary
        self.water_button.disabled = self.skip_button.disabled = True
        self.meter.value = int(self.moisture)
        self.status.value = _big(tr(zh="一周结束啦！看看你这个“控制器”干得怎么样：",
                                    en="That's the week! How did you do as the controller?"))
        with self.output:
            fig = plant_chart(log, None, title=tr(zh="我亲手浇水的一周",
                                                  en="My week as the waterer"))
            show(fig, alt=plant_alt(log, None))
            display(HTML(summary_html(summary, len(log))))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


# ------------------------------------------------------------------ replaying a sensor log
def day_chart(table: pd.DataFrame, rule: Rule, label: str, title: str,
              x: str = "time") -> Any:
    """One day's readings of a sensor, the rule's threshold, and the readings that fire it.

    Orange dots mark each reading where the rule fires, so a learner sees at once how often
    (and when) the actuator would have acted.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    fired = rule.fires_on(table)
    ax.plot(table[x], table[rule.sensor], color="#0072B2", marker=".",
            label=label)
    ax.plot(table.loc[fired, x], table.loc[fired, rule.sensor], "o", color="#D55E00",
            label=tr(zh="规则触发", en="rule fires"))
    ax.axhline(rule.threshold, color="#222222", linestyle="--",
               label=tr(zh="门槛 {t:g}", en="threshold {t:g}").format(t=rule.threshold))
    ticks = list(table[x])[::6]
    ax.set_xticks(ticks)
    ax.set_title(title)
    ax.set_xlabel(tr(zh="时刻", en="Time"))
    ax.set_ylabel(label)
    ax.legend(loc="best", fontsize=9)
    return fig


class RuleTester:
    """Try a rule on a whole sensor log: pick a sensor, a direction and a threshold.

    Shows one chosen day as a chart and counts how often the rule would have fired that
    day and over the whole log. ``result`` holds the last counts for tests and teachers.
    """

    def __init__(self, table: pd.DataFrame, labels: Mapping[str, str], sensor: str,
                 op: str = ">", threshold: float = 1000, day_column: str = "weekday",
                 action: Mapping[str, str] | str = "") -> None:
        import ipywidgets as widgets

        self.table = table
        self.labels = dict(labels)
        self.action = action
        self.day_column = day_column
        self.sensor = widgets.Dropdown(options=[(v, k) for k, v in self.labels.items()],
                                       value=sensor, description=tr(zh="传感器", en="Sensor"))
        self.op = widgets.ToggleButtons(options=[">", "<"], value=op,
                                        description=tr(zh="比较", en="Compare"),
                                        style={"button_width": "48px"})
        self.threshold = widgets.FloatSlider(description=tr(zh="门槛", en="Threshold"),
                                             continuous_update=False,
                                             layout={"width": "480px"})
        days = list(dict.fromkeys(table[day_column]))
        self.day = widgets.Dropdown(options=days, value=days[0],
                                    description=tr(zh="看哪天", en="Day"))
        self.output = widgets.Output()
        self.result: dict[str, Any] = {}
        self._set_range(sensor, threshold)
        self.widget = widgets.VBox([self.sensor, self.op, self.threshold, self.day,
                                    self.output])
        self.sensor.observe(self._sensor_changed, names="value")
        for w in (self.op, self.threshold, self.day):
            w.observe(lambda _change: self.run(), names="value")
        self.run()

    def _set_range(self, sensor: str, value: float | None = None) -> None:
        """Fit the slider to the sensor: from 0 to well above its highest reading.

        The top is about 1.3 times the highest reading, so a learner can also try a
        threshold that is too high and watch the rule never fire.
        """
        column = self.table[sensor]
        low, high = float(column.min()), float(column.max())
        top = high * 1.3
        unit = 10 ** max(0, math.floor(math.log10(top)) - 1)
        hi = math.ceil(top / unit) * unit
        lo = 0.0 if low >= 0 else math.floor(low - 0.1 * (high - low))
        step = 0.1 if hi <= 100 else 10.0
        self._quiet = True
        self.threshold.max = max(hi, self.threshold.max)
        self.threshold.min = min(lo, self.threshold.min)
        self.threshold.step = step
        self.threshold.value = value if value is not None else round(high / step) * step
        self.threshold.min, self.threshold.max = lo, hi
        self._quiet = False

    def _sensor_changed(self, change: Mapping[str, Any]) -> None:
        self._set_range(change["new"])
        self.run()

    @property
    def rule(self) -> Rule:
        return Rule(self.sensor.value, self.op.value, self.threshold.value, self.action)

    def run(self) -> dict[str, Any]:
        """Count the rule's firings (whole log and the chosen day) and draw the day."""
        from IPython.display import Markdown, display

        from ..plotting import show

        if getattr(self, "_quiet", False):
            return self.result
        rule = self.rule
        day_rows = self.table[self.table[self.day_column] == self.day.value]
        label = self.labels[rule.sensor]
        self.result = {"rule": f"{rule.sensor} {rule.op} {rule.threshold:g}",
                       "week": rule.count(self.table), "day": rule.count(day_rows),
                       "readings": len(self.table)}
        self.output.clear_output(wait=True)
        with self.output:
            title = tr(zh="{day}：{label} {op} {t:g} 的时刻（橙点）",
                       en="{day}: when {label} {op} {t:g} (orange)").format(
                day=self.day.value, label=label, op=rule.op, t=rule.threshold)
            fig = day_chart(day_rows, rule, label, title)
            show(fig, alt=tr(zh="折线图：{day}全天的{label}，虚线是门槛 {t:g}，"
                                "有 {n} 个读数触发规则。",
                             en="Line chart of {label} through {day}, with a dashed threshold "
                                "at {t:g}; {n} readings fire the rule.").format(
                day=self.day.value, label=label, t=rule.threshold, n=self.result["day"]))
            display(Markdown(tr(
                zh="**{desc}**：这一天触发 **{day}** 次；"
                   "整周 {readings} 个读数中触发 **{week}** 次。",
                en="**{desc}**: fires **{day}** times on this day, and **{week}** times out of "
                   "{readings} readings in the whole week.").format(
                desc=rule.describe(label), **self.result)))
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
