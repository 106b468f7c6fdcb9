"""Health activities for the seniors' track: reading one's own health log, and checking a
health rumour before forwarding it.

Older learners in a community session do not type: every activity here is driven by big
buttons, a drop-down and a slider, and a community volunteer leads. Two ideas:

* **A health log is read as a picture over time.** :class:`HealthLogExplorer` draws a
  simulated four-week log (steps, or morning blood pressure) as a large-print line chart,
  with one chosen week shaded, and says in a sentence what that week looked like. The
  lesson's point is the difference between **one odd day** (a reading taken right after
  rushing upstairs; a rainy day indoors) and **a trend** (every day of a week higher than
  usual), which is what is worth showing a doctor. "Clearly above her usual" is a
  teaching rule of thumb (10 mmHg over her own median of the first three weeks), stated
  as such in the lesson: it is not a medical threshold, and nothing here is advice.
* **Check before you forward.** :class:`ForwardCard` puts one chat message on screen
  with four questions (who says it? is there a source? is it selling something? does it
  scare or rush you?), each answered with one of two big buttons, and counts the warning
  signs: none, share if it is useful; one or two, check first; three or four, do not
  pass it on. The learner can then compare with the signs a volunteer marked in the
  data set. :func:`big_buttons` turns a declared check question into a row of big
  answer buttons with hint and solution buttons.

Everything a learner reads comes in both languages, via :func:`suyang.i18n.tr`.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..datasets.gen_seniors import ODD_BP_DAY, ODD_STEPS_DAY
from ..i18n import get_lang, pick, tr
from ..plotting import PALETTE

Bilingual = dict[str, str]

# ===================================================================== the health log
USUAL_WEEKS = (1, 2, 3)    # her "usual" level is her median over these weeks
CLEARLY_ABOVE = 10         # mmHg over her usual: the lesson's rule of thumb, not medicine
WEEKS = (1, 2, 3, 4)

MEASURES: dict[str, Bilingual] = {
    "steps": {"zh": "每天走的步数", "en": "Steps each day"},
    "pressure": {"zh": "早上量的血压", "en": "Morning blood pressure"},
}


TITLES: dict[str, Bilingual] = {
    "steps": {"zh": "王阿姨每天走的步数（模拟）", "en": "Mrs Wang's steps each day (simulated)"},
    "pressure": {"zh": "王阿姨每天早上的血压（模拟）",
                 "en": "Mrs Wang's morning blood pressure (simulated)"},
}


def measure_options() -> list[tuple[str, str]]:
    """(label, code) pairs for the measure drop-down, in the view's language."""
    return [(pick(label), code) for code, label in MEASURES.items()]


def day_label(date: str) -> str:
    """'2024-04-17' -> '4月17日' / '17 Apr': short enough for a big-print sentence."""
    day = pd.Timestamp(date)
    return tr(zh=f"{day.month}月{day.day}日", en=f"{day.day} Apr")


def usual_level(log: pd.DataFrame, column: str) -> float:
    """Her own usual level: the median over the first three weeks.

    A median, not a mean, so one odd reading (156 after rushing upstairs) does not move
    what "usual" means.
    """
    return float(log.loc[log["week"].isin(USUAL_WEEKS), column].median())


def week_summary(log: pd.DataFrame, measure: str, week: int) -> dict[str, Any]:
    """What one week of the log says, as plain numbers (the explorer and tests read it)."""
    days = log[log["week"] == week]
    if measure == "steps":
        low = days.loc[days["steps"].idxmin()]
        return {"measure": measure, "week": week, "mean": int(round(days["steps"].mean())),
                "low_day": str(low["date"]), "low_steps": int(low["steps"])}
    usual = usual_level(log, "systolic")
    above = days[days["systolic"] >= usual + CLEARLY_ABOVE]
    high = days.loc[days["systolic"].idxmax()]
    return {"measure": measure, "week": week,
            "mean": [int(round(days["systolic"].mean())), int(round(days["diastolic"].mean()))],
            "high_day": str(high["date"]), "high": [int(high["systolic"]), int(high["diastolic"])],
            "usual": int(usual), "days_clearly_above": int(len(above))}


def summary_sentence(summary: Mapping[str, Any]) -> str:
    """One short sentence about the chosen week, in the view's language."""
    week = summary["week"]
    if summary["measure"] == "steps":
        return tr(zh=f"第 {week} 周：平均每天走 {summary['mean']:,} 步。最少的一天是 "
                     f"{day_label(summary['low_day'])}，{summary['low_steps']:,} 步。",
                  en=f"Week {week}: {summary['mean']:,} steps a day on average. The lowest "
                     f"day was {day_label(summary['low_day'])}, with {summary['low_steps']:,} "
                     "steps.")
    up, low = summary["mean"]
    n, usual = summary["days_clearly_above"], summary["usual"]
    head = tr(zh=f"第 {week} 周：高压平均 {up}，低压平均 {low}。",
              en=f"Week {week}: upper number {up} and lower number {low} on average.")
    if n == 0:
        return head + tr(zh=f"这周没有一天的高压比她平常（{usual}）高出 {CLEARLY_ABOVE} 以上。",
                         en=f" On no day this week was the upper number {CLEARLY_ABOVE} or more "
                            f"above her usual {usual}.")
    return head + tr(zh=f"这周有 {n} 天的高压比她平常（{usual}）高出 {CLEARLY_ABOVE} 以上。",
                     en=f" On {n} day{'s' if n != 1 else ''} this week the upper number was "
                        f"{CLEARLY_ABOVE} or more above her usual {usual}.")


def log_figure(log: pd.DataFrame, measure: str, week: int | None = None) -> Any:
    """A large-print line chart of the whole log, with ``week`` shaded (if given).

    Big dots on every day, so each reading can be pointed at on a projected screen; the
    two days with a note in her log are labelled with that note.
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    day = list(range(1, len(log) + 1))
    if measure == "steps":
        ax.plot(day, log["steps"], marker="o", markersize=9, color=PALETTE[0],
                label=tr(zh="步数", en="Steps"))
        ax.set_ylabel(tr(zh="步数", en="Steps"))
        ax.set_ylim(0, max(8000, int(log["steps"].max()) + 500))
        marked = "steps"
    else:
        ax.plot(day, log["systolic"], marker="o", markersize=9, color=PALETTE[3],
                label=tr(zh="高压", en="Upper"))
        ax.plot(day, log["diastolic"], marker="s", markersize=8, color=PALETTE[0],
                label=tr(zh="低压", en="Lower"))
        ax.set_ylabel(tr(zh="血压 (mmHg)", en="Blood pressure (mmHg)"))
        ax.set_ylim(60, 175)
        ax.legend(loc="center right", ncols=2)
        marked = "systolic"
    if week is not None:
        ax.axvspan(7 * (week - 1) + 0.5, 7 * week + 0.5, color=PALETTE[1], alpha=0.18, lw=0)
    odd_day = ODD_STEPS_DAY if measure == "steps" else ODD_BP_DAY
    for i, row in log.reset_index(drop=True).iterrows():
        if row["date"] == odd_day and str(row["note"]).strip():
            ax.annotate(str(row["note"]), (i + 1, row[marked]),
                        xytext=(14, -6) if measure == "steps" else (0, 14),
                        textcoords="offset points",
                        ha="left" if measure == "steps" else "center", fontsize="small",
                        color=PALETTE[7])
    ax.set_xticks([1, 8, 15, 22, 28])
    ax.set_xticklabels([day_label(log["date"].iloc[i - 1]) for i in [1, 8, 15, 22, 28]])
    ax.set_title(pick(TITLES[measure]))
    ax.grid(axis="x", visible=False)
    fig.tight_layout()
    return fig


def log_alt(log: pd.DataFrame, measure: str, week: int | None = None) -> str:
    """A one-sentence description of :func:`log_figure` for screen readers."""
    shade = tr(zh=f"第 {week} 周用浅色标出。", en=f"Week {week} is shaded.") if week else ""
    if measure == "steps":
        means = [int(round(log.loc[log["week"] == w, "steps"].mean())) for w in WEEKS]
        return tr(zh=f"折线图：四周每天的步数，每周平均分别约 {means[0]}、{means[1]}、{means[2]}、"
                     f"{means[3]} 步；4月17日下雨只有 1450 步。{shade}",
                  en=f"Line chart of daily steps over four weeks; weekly averages about "
                     f"{means[0]}, {means[1]}, {means[2]} and {means[3]}; on 17 April (rain) "
                     f"only 1,450. {shade}")
    return tr(zh="折线图：四周每天早上的高压和低压；前三周高压多在 120 到 132 之间，4月11日一天"
                 f"到了 156，第四周每天都在 140 以上。{shade}",
              en="Line chart of morning blood pressure over four weeks; the upper number stays "
                 "between 120 and 132 for three weeks, with one day at 156 on 11 April, and is "
                 f"above 140 every day of week 4. {shade}")


def _big_html(text: str, colour: str = "#000000") -> Any:
    from IPython.display import HTML

    return HTML(f'<p style="font-size:1.6em;line-height:1.5;color:{colour}">'
                f"{html.escape(text)}</p>")


class HealthLogExplorer:
    """A measure drop-down and a week slider over one health log.

    ``state`` holds what was last shown (the week's numbers from :func:`week_summary`),
    so the next cells, the volunteer and the tests can read it.
    """

    def __init__(self, log: pd.DataFrame) -> None:
        import ipywidgets as widgets

        self.log = log
        self.state: dict[str, Any] = {}
        self.measure = widgets.Dropdown(options=measure_options(), value="steps",
                                        description=tr(zh="看哪一项", en="Show"),
                                        style={"description_width": "initial"},
                                        layout={"width": "32em"})
        # redrawn when the slider is let go, not at every step of a drag (a slow PC)
        self.week = widgets.IntSlider(value=1, min=1, max=4, description=tr(zh="第几周",
                                                                           en="Week"),
                                      continuous_update=False,
                                      style={"description_width": "initial"},
                                      layout={"width": "32em"})
        self.out = widgets.Output()
        self.measure.observe(lambda _: self.draw(), names="value")
        self.week.observe(lambda _: self.draw(), names="value")
        self.widget = widgets.VBox([self.measure, self.week, self.out])
        self.draw()

    def draw(self) -> None:
        from IPython.display import display

        from ..plotting import show

        measure, week = self.measure.value, self.week.value
        self.state.clear()
        self.state.update(week_summary(self.log, measure, week))
        self.out.clear_output(wait=True)
        with self.out:
            show(log_figure(self.log, measure, week), alt=log_alt(self.log, measure, week))
            display(_big_html(summary_sentence(self.state)))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


# ================================================================ big answer buttons
def big_buttons(qid: str, options: Sequence[str] | None = None) -> Any:
    """A declared check question as a row of big answer buttons, with hint/solution buttons.

    Builds on :func:`suyang.activities.honest_charts.button_choice` (a press judges the
    answer and shows the feedback the lesson wrote) and adds the kit's help buttons, so
    nobody has to type ``hint(...)``. Keeps ``.buttons``, ``.result`` and ``.help``.
    """
    from ..check import help_buttons
    from .honest_charts import button_choice

    box = button_choice(qid, options)
    for button in box.buttons:
        button.layout.height = "3.6em"
        button.style.font_size = "1.3em"
    box.help = help_buttons(qid)
    box.children = (*box.children, box.help)
    return box


# =========================================================== check before you forward
@dataclass(frozen=True)
class Sign:
    """One question on the check-before-you-forward card, and its two answers."""

    key: str           # the data set column marked 1 when this sign is present
    question: Bilingual
    ok: Bilingual      # the answer that is not a warning sign
    warning: Bilingual  # the answer that is


SIGNS: list[Sign] = [
    Sign("unclear_sender",
         {"zh": "① 是谁说的？", "en": "1. Who says it?"},
         {"zh": "说得清：具体的机构或医生", "en": "Clear: a named body or doctor"},
         {"zh": "说不清：“专家”“听说”", "en": "Unclear: \"an expert\", \"I heard\""}),
    Sign("no_source",
         {"zh": "② 有没有能核对的出处？", "en": "2. Is there a source I can check?"},
         {"zh": "有，我能去核对", "en": "Yes, I can check it"},
         {"zh": "没有", "en": "No"}),
    Sign("selling",
         {"zh": "③ 是不是在卖东西？", "en": "3. Is it selling something?"},
         {"zh": "没有卖东西", "en": "Nothing for sale"},
         {"zh": "在卖东西", "en": "Yes, it's selling"}),
    Sign("scary",
         {"zh": "④ 是不是在吓唬我、催我转发？", "en": "4. Does it scare me or rush me?"},
         {"zh": "语气平和", "en": "It's calm"},
         {"zh": "吓人、催人转发", "en": "It scares or rushes me"}),
]

ADVICE: dict[str, Bilingual] = {
    "forward": {"zh": "没有警示信号：如果对大家有用，可以转发。",
                "en": "No warning signs: if it's useful, you can share it."},
    "check": {"zh": "有一两个警示信号：先查一查，再决定。",
              "en": "One or two warning signs: check it first, then decide."},
    "dont": {"zh": "三个以上警示信号：别转发，消息到我这里为止。",
             "en": "Three or more warning signs: don't forward it. It stops with me."},
}


def advice_for(signs: int) -> str:
    """The card's rule: 0 signs -> forward, 1-2 -> check first, 3-4 -> don't forward."""
    return "forward" if signs == 0 else "check" if signs <= 2 else "dont"


def message_text(row: Mapping[str, Any], lang: str | None = None) -> str:
    """A message's text in the view's language (the data set holds both versions)."""
    return str(row["text_zh"] if (lang or get_lang()) == "zh" else row["text_en"])


def bubble_html(sender: str, text: str) -> str:
    """A chat message drawn as a large, high-contrast speech bubble."""
    return ('<div style="max-width:40em;border:2px solid #444;border-radius:14px;'
            'padding:0.6em 1em;background:#f4fbf4;color:#000;font-size:1.5em;line-height:1.5">'
            f'<div style="font-weight:bold;margin-bottom:0.3em">💬 {html.escape(sender)}</div>'
            f"{html.escape(text)}</div>")


def marked_signs(row: Mapping[str, Any]) -> list[int]:
    """The signs a volunteer marked for a message, in the card's order (1 = present)."""
    return [int(row[s.key]) for s in SIGNS]


class ForwardCard:
    """The check-before-you-forward card for the messages of one chat group.

    A learner picks a message with big buttons, answers the four questions with one of two
    big buttons each, and sees the count of warning signs and the card's advice. "Compare"
    shows the signs a volunteer marked. ``state`` keeps it all for the next cells and tests.
    """

    def __init__(self, messages: pd.DataFrame, codes: Sequence[str]) -> None:
        import ipywidgets as widgets

        self.messages = messages.reset_index(drop=True)
        self.codes = list(codes)  # the untranslated message codes, in the table's order
        self.state: dict[str, Any] = {}
        self.picker = widgets.ToggleButtons(
            options=[(str(t), i) for i, t in enumerate(self.messages["message"])],
            value=0, description=tr(zh="选一条消息", en="Message"),
            style={"button_width": "17em", "font_weight": "bold"})
        self.answers = [widgets.ToggleButtons(
            options=[(pick(s.ok), 0), (pick(s.warning), 1)], value=None,
            description=pick(s.question), style={"description_width": "15em",
                                                 "button_width": "16em"})
            for s in SIGNS]
        self.compare_button = widgets.Button(
            description=tr(zh="和志愿者的答案对一对", en="Compare with the volunteer's card"),
            icon="eye", layout={"width": "auto", "height": "3.2em"},
            style={"font_size": "1.2em"})
        self.bubble = widgets.HTML()
        self.out = widgets.Output()
        self.picker.observe(lambda _: self.new_message(), names="value")
        for toggle in self.answers:
            toggle.observe(lambda _: self.update(), names="value")
        self.compare_button.on_click(lambda _: self.compare())
        self.widget = widgets.VBox([self.picker, self.bubble, *self.answers,
                                    self.compare_button, self.out])
        self.new_message()

    def row(self) -> pd.Series:
        return self.messages.iloc[self.picker.value]

    def choose(self, code: str) -> None:
        """Show the message with this code (for the volunteer's screen and tests)."""
        self.picker.value = self.codes.index(code)

    def new_message(self) -> None:
        row = self.row()
        self.bubble.value = bubble_html(str(row["sender"]), message_text(row))
        for toggle in self.answers:
            toggle.value = None
        self.update()

    def update(self) -> None:
        """Recount the warning signs after each answer."""
        from IPython.display import display

        values = [t.value for t in self.answers]
        answered = sum(v is not None for v in values)
        signs = sum(v == 1 for v in values)
        advice = advice_for(signs) if answered == len(SIGNS) else None
        self.state.clear()
        self.state.update(message=self.codes[self.picker.value], answered=answered,
                          signs=signs, advice=advice)
        self.out.clear_output(wait=True)
        with self.out:
            if advice is None:
                display(_big_html(tr(zh=f"已回答 {answered} / 4 个问题。",
                                     en=f"{answered} of 4 questions answered.")))
            else:
                colour = {"forward": "#005a32", "check": "#7a4a00", "dont": "#a50f15"}[advice]
                display(_big_html(tr(zh=f"警示信号：{signs} 个。", en=f"Warning signs: {signs}.")
                                  + " " + pick(ADVICE[advice]), colour))

    def compare(self) -> None:
        """Show the signs a volunteer marked, and how many of the learner's answers agree.

        The card's count is redrawn first, so pressing again replaces the comparison."""
        from IPython.display import Markdown, display

        self.update()
        marked = marked_signs(self.row())
        mine = [t.value for t in self.answers]
        agree = sum(a == m for a, m in zip(mine, marked, strict=True))
        self.state.update(marked=marked, agree=agree,
                          marked_advice=advice_for(sum(marked)))
        lines = [f"- {pick(s.question)} **{pick(s.warning if m else s.ok)}**"
                 + (" ⚠️" if m else " ✅") for s, m in zip(SIGNS, marked, strict=True)]
        with self.out:
            display(Markdown("\n".join([
                "#### " + tr(zh="志愿者的卡片：", en="The volunteer's card:"), *lines, "",
                "#### " + tr(zh=f"你有 {agree} 个答案和志愿者一样。",
                             en=f"{agree} of your answers match the volunteer's."),
                "#### " + pick(ADVICE[advice_for(sum(marked))])])))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def forwards_figure(messages: pd.DataFrame) -> Any:
    """Horizontal bars: how often each message was forwarded, coloured by warning signs."""
    import matplotlib.pyplot as plt

    table = messages.assign(signs=messages[[s.key for s in SIGNS]].sum(axis=1))
    table = table.sort_values("forwards_in_week")
    colours = [PALETTE[3] if n >= 3 else PALETTE[1] if n >= 1 else PALETTE[2]
               for n in table["signs"]]
    fig, ax = plt.subplots(figsize=(10, 5.5))
    bars = ax.barh(table["message"], table["forwards_in_week"], color=colours)
    ax.bar_label(bars, padding=4)
    ax.set_xlabel(tr(zh="一周内被转发的次数", en="Times forwarded in one week"))
    ax.set_title(tr(zh="邻里群里，哪条消息传得最快？（模拟）",
                    en="Which message spread fastest? (simulated)"))
    ax.grid(axis="y", visible=False)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=PALETTE[3], label=tr(zh="3–4 个警示信号", en="3–4 signs")),
                       Patch(color=PALETTE[1], label=tr(zh="1–2 个", en="1–2 signs")),
                       Patch(color=PALETTE[2], label=tr(zh="没有", en="none"))],
              loc="lower right")
    ax.set_xlim(0, int(table["forwards_in_week"].max()) + 5)
    fig.tight_layout()
    return fig


def forwards_alt(messages: pd.DataFrame) -> str:
    """One sentence describing :func:`forwards_figure`."""
    parts = tr(zh="；", en="; ").join(
        f"{m} {n}" for m, n in zip(messages["message"], messages["forwards_in_week"],
                                strict=True))
    return tr(zh=f"横向柱状图：六条消息一周内被转发的次数：{parts}。吓人的消息转发得最多。",
              en=f"Horizontal bar chart of how often each of six messages was forwarded in a "
                 f"week: {parts}. The scary messages were forwarded most.")
