"""A class survey for the primary track: voting buttons, tallies, pictograms, bar charts.

Grade-3 pupils learn in maths to record answers as tally marks (画“正”字) and to draw
pictograms and bar charts. This module lets them do the same with a computer, without
typing: each answer is a big button, and every click updates the tally, the pictogram
and the bar chart at once, so they see that the three are the same data shown three
ways. The answer categories and their names come from the ``class_survey`` data set's
card, so the live class survey and the simulated classes use the same words.

Everything a learner reads is in both languages (``tr`` / ``i18n.pick``).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .. import data, i18n
from ..i18n import tr
from ..plotting import PALETTE, show

DATASET = "class_survey"

# One picture per answer, for the buttons and the pictogram (emoji are drawn by the
# browser, never by matplotlib, whose font has no emoji).
TOPICS: dict[str, dict[str, str]] = {
    "transport": {"walk": "🚶", "bike": "🚲", "bus": "🚌", "car": "🚗", "ebike": "🛵"},
    "fruit": {"apple": "🍎", "banana": "🍌", "watermelon": "🍉", "strawberry": "🍓",
              "grape": "🍇"},
}

# The survey questions, as the pupils hear them.
QUESTIONS: dict[str, dict[str, str]] = {
    "transport": {"zh": "你平时怎样来上学？", "en": "How do you usually come to school?"},
    "fruit": {"zh": "你最喜欢吃什么水果？", "en": "What is your favourite fruit?"},
}

# The strokes of 正 written one by one: a Chinese tally shows 1-4 with these.
ZHENG_STROKES = ["", "一", "丅", "下", "止"]


def topic_name(topic: str, lang: str | None = None) -> str:
    """The survey question's short name: '上学方式' / 'How I come to school'."""
    return data.card(DATASET).label(topic, lang)


def answer_label(topic: str, code: str, lang: str | None = None) -> str:
    """The learner-facing name of one answer ('bus' -> '坐公交车' / 'Bus')."""
    return data.value_label(DATASET, topic, code, lang)


def class_name(code: str, lang: str | None = None) -> str:
    """'3-1' -> '三(1)班' / 'Class 3A'."""
    return data.value_label(DATASET, "class", code, lang)


@dataclass
class SurveyResult:
    """How many pupils gave each answer to one survey question, for one group."""

    topic: str
    counts: dict[str, int]
    name: str = ""

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def top(self) -> str | None:
        """The answer with the most votes (None while nobody has voted, or on a tie)."""
        if not self.total:
            return None
        best = max(self.counts.values())
        winners = [code for code, n in self.counts.items() if n == best]
        return winners[0] if len(winners) == 1 else None


def empty_result(topic: str, name: str = "") -> SurveyResult:
    return SurveyResult(topic, {code: 0 for code in TOPICS[topic]}, name)


def load_class(class_code: str, topic: str = "transport") -> SurveyResult:
    """Count one simulated class's answers (from the ``class_survey`` data set)."""
    answers = data.load(DATASET, translate=False)
    mine = answers[answers["class"] == class_code][topic]
    counts = {code: int((mine == code).sum()) for code in TOPICS[topic]}
    return SurveyResult(topic, counts, class_name(class_code))


# ---------------------------------------------------------------- tally marks
def tally_marks(n: int, lang: str | None = None) -> str:
    """Tally marks as plain text: 12 -> '正正丅' in Chinese, '卌 卌 ||' style in English.

    Chinese classes write 正 (five strokes) for every five; English classes draw a
    five-bar gate. In plain text the gate is '||||/' (four bars and a slash).
    """
    fives, rest = divmod(int(n), 5)
    if i18n.pick({"zh": "zh", "en": "en"}, lang) == "zh":
        return "正" * fives + ZHENG_STROKES[rest]
    return " ".join(["||||/"] * fives + (["|" * rest] if rest else []))


def tally_html(n: int, lang: str | None = None) -> str:
    """Tally marks for the page: 正 characters, or gates drawn as four struck-out bars."""
    fives, rest = divmod(int(n), 5)
    if i18n.pick({"zh": "zh", "en": "en"}, lang) == "zh":
        return html.escape(tally_marks(n, lang))
    gates = ["<s>||||</s>"] * fives + (["|" * rest] if rest else [])
    return "&nbsp;&nbsp;".join(gates)


def _table(rows: list[str], caption: str) -> str:
    return ('<table style="font-size:20px;border-collapse:collapse">'
            f'<caption style="text-align:left;font-size:16px;padding:4px">{caption}</caption>'
            + "".join(rows) + "</table>")


def _cell(text: str, style: str = "") -> str:
    return f'<td style="padding:4px 12px;border-bottom:1px solid #ddd;{style}">{text}</td>'


def tally_table_html(result: SurveyResult, numbers: bool = True) -> str:
    """The tally chart (计数表): one row per answer, its marks, and (unless hidden) the number.

    ``numbers=False`` leaves the number column empty, for "count the marks" questions.
    """
    icons = TOPICS[result.topic]
    rows = [
        "<tr>" + _cell(f"{icons[code]} {html.escape(answer_label(result.topic, code))}")
        + _cell(tally_html(n) or "&nbsp;", "min-width:180px;letter-spacing:2px;font-family:serif")
        + _cell(f"<b>{n}</b>" if numbers else "<b>?</b>", "text-align:right") + "</tr>"
        for code, n in result.counts.items()
    ]
    caption = tr(zh="📝 {name}的正字计数表", en="📝 Tally chart for {name}").format(
        name=result.name)
    if numbers:
        caption += tr(zh="（共 {total} 人）", en=" ({total} pupils)").format(total=result.total)
    return _table(rows, caption)


def _icons(icon: str, n: int) -> str:
    """n pictures, each in a box of the same width: a fair pictogram spaces them equally."""
    box = '<span style="display:inline-block;width:34px;text-align:center">{}</span>'
    return "".join(box.format(icon) for _ in range(n)) or "&nbsp;"


def pictogram_html(result: SurveyResult, numbers: bool = True) -> str:
    """The pictogram (象形统计图): one picture per pupil, in a row for each answer."""
    rows = [
        "<tr>" + _cell(html.escape(answer_label(result.topic, code)))
        + _cell(_icons(TOPICS[result.topic][code], n), "font-size:26px;min-width:260px")
        + (_cell(f"<b>{n}</b>", "text-align:right") if numbers else "") + "</tr>"
        for code, n in result.counts.items()
    ]
    caption = tr(zh="🖼️ {name}的象形统计图：每个图案代表 1 位同学",
                 en="🖼️ Pictogram for {name}: each picture stands for 1 pupil").format(
        name=result.name)
    return _table(rows, caption)


def tally_examples_html(up_to: int = 12) -> str:
    """A ladder of tally marks from 1 to ``up_to``, to learn how the marks grow."""
    cells = "".join(
        f'<td style="padding:4px 10px;text-align:center;border:1px solid #ddd">'
        f'<div style="font-size:14px;color:#555">{n}</div>'
        f'<div style="font-size:24px;font-family:serif;white-space:nowrap">{tally_html(n)}</div>'
        "</td>" for n in range(1, up_to + 1))
    return f'<table style="border-collapse:collapse"><tr>{cells}</tr></table>'


class _Html:
    """HTML for the notebook with a plain-text twin (for screen readers and tests)."""

    def __init__(self, markup: str, text: str) -> None:
        self.markup, self.text = markup, text

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text


def _plain(result: SurveyResult, marks: Callable[[int], str], numbers: bool = True) -> str:
    return "\n".join(f"{answer_label(result.topic, code)}: {marks(n)}"
                     + (f" ({n})" if numbers else "") for code, n in result.counts.items())


def show_tally(result: SurveyResult, numbers: bool = True) -> _Html:
    """The tally chart, to display as a cell's result (``numbers=False`` hides the counts)."""
    return _Html(tally_table_html(result, numbers), _plain(result, tally_marks, numbers))


def show_pictogram(result: SurveyResult, numbers: bool = True) -> _Html:
    """The pictogram, to display as a cell's result (``numbers=False`` hides the counts)."""
    return _Html(pictogram_html(result, numbers),
                 _plain(result, lambda n: "●" * n, numbers))


def show_tally_examples(up_to: int = 12) -> _Html:
    """How tally marks grow: 1, 2, 3 … written as marks."""
    return _Html(tally_examples_html(up_to),
                 "  ".join(f"{n}={tally_marks(n)}" for n in range(1, up_to + 1)))


# ---------------------------------------------------------------- bar charts
def _summary(result: SurveyResult) -> str:
    sep = tr(zh="，", en=", ")
    return sep.join(tr(zh="{a} {n} 人", en="{a} {n}").format(
        a=answer_label(result.topic, code), n=n) for code, n in result.counts.items())


def bar_chart(result: SurveyResult) -> Any:
    """A bar chart (条形统计图) of one group's answers, each bar labelled with its number."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    labels = [answer_label(result.topic, code) for code in result.counts]
    values = list(result.counts.values())
    fig, ax = plt.subplots(figsize=(7, 4))
    bars = ax.bar(labels, values, color=PALETTE[: len(values)])
    ax.bar_label(bars, fontsize=14)
    ax.set_ylim(0, max(5, max(values) + 2))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(tr(zh="{name}：{topic}", en="{name}: {topic}").format(
        name=result.name, topic=topic_name(result.topic)))
    ax.set_xlabel(topic_name(result.topic))
    ax.set_ylabel(tr(zh="人数", en="Number of pupils"))
    ax.grid(axis="x", visible=False)
    return fig


def _bar_alt(result: SurveyResult) -> str:
    return tr(zh="条形统计图：{name}的{topic}，一共 {total} 人。{summary}。",
              en="Bar chart for {name}, {topic}, {total} pupils: {summary}.").format(
        name=result.name, topic=topic_name(result.topic), total=result.total,
        summary=_summary(result))


def show_bar_chart(result: SurveyResult) -> None:
    """Draw and show the bar chart with alt text that reads out every bar."""
    show(bar_chart(result), alt=_bar_alt(result))


def _chart_html(fig: Any, alt: str) -> str:
    """A chart as HTML for a widget's value (an <img> with its alt text); closes it.

    Widgets redraw charts through an HTML widget, not an Output widget: output captured
    into an Output widget while a cell runs can stall Voilà's executor (the app view).
    """
    import matplotlib.pyplot as plt

    from ..plotting import figure_html

    try:
        return figure_html(fig, alt)
    finally:
        plt.close(fig)


def show_comparison(results: Sequence[SurveyResult]) -> None:
    """Bars of two (or more) groups side by side, answer by answer, to compare them."""
    fig, alt = comparison_figure(results)
    show(fig, alt=alt)


def comparison_figure(results: Sequence[SurveyResult]) -> tuple[Any, str]:
    """The side-by-side bar chart and its alt text."""
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.ticker import MaxNLocator

    topic = results[0].topic
    codes = list(TOPICS[topic])
    x = np.arange(len(codes))
    width = 0.8 / len(results)
    fig, ax = plt.subplots(figsize=(8, 4.2))
    for i, result in enumerate(results):
        values = [result.counts.get(code, 0) for code in codes]
        bars = ax.bar(x + (i - (len(results) - 1) / 2) * width, values, width,
                      label=result.name, color=PALETTE[i % len(PALETTE)])
        ax.bar_label(bars, fontsize=11)
    ax.set_xticks(x, [answer_label(topic, code) for code in codes])
    top = max(max(r.counts.values()) for r in results)
    ax.set_ylim(0, max(5, top + 2))
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(tr(zh="比一比：{topic}", en="Compare: {topic}").format(topic=topic_name(topic)))
    ax.set_xlabel(topic_name(topic))
    ax.set_ylabel(tr(zh="人数", en="Number of pupils"))
    ax.grid(axis="x", visible=False)
    ax.legend()
    parts = tr(zh="；", en="; ").join(
        tr(zh="{n}：{s}", en="{n}: {s}").format(n=r.name, s=_summary(r)) for r in results)
    return fig, tr(zh="并排的条形统计图，比较{topic}。{parts}。",
                   en="Side-by-side bar chart, {topic}. {parts}.").format(
        topic=topic_name(topic), parts=parts)


# ---------------------------------------------------------------- the voting board
def readable_text_colour(background: str) -> str:
    """Black or white, whichever contrasts more with a '#rrggbb' background (WCAG)."""
    channels = [int(background[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "black" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "white"


class SurveyBoard:
    """Big answer buttons; each click is one vote, and the tally, pictogram and chart follow.

    A teacher runs it on the projector while pupils come up one by one, or a pupil asks
    the people at their table. ``undo_button`` takes back the last vote (a mis-click is
    fixed without starting again); ``clear_button`` starts a new survey. The state lives
    in ``counts`` and ``history`` so tests and the next cells can read it.
    """

    def __init__(self, topic: str = "transport", name: str | None = None,
                 chart: bool = True) -> None:
        import ipywidgets as widgets

        if topic not in TOPICS:
            raise ValueError(tr(zh="没有这个调查题目：{t}。可以用：{known}",
                                en="No survey topic called {t}. Try one of: {known}").format(
                t=topic, known=", ".join(TOPICS)))
        self.topic = topic
        self.name = name or tr(zh="我们班", en="Our class")
        self.history: list[str] = []
        self.counts: dict[str, int] = {code: 0 for code in TOPICS[topic]}
        self.chart = chart
        self._listeners: list[Callable[[SurveyResult], None]] = []
        self.buttons: dict[str, Any] = {}
        for i, (code, icon) in enumerate(TOPICS[topic].items()):
            button = widgets.Button(description=f"{icon} {answer_label(topic, code)}",
                                    layout=widgets.Layout(width="150px", height="64px"),
                                    tooltip=answer_label(topic, code))
            button.style.button_color = PALETTE[i % len(PALETTE)]
            button.style.font_size = "20px"
            button.style.font_weight = "bold"
            button.style.text_color = readable_text_colour(button.style.button_color)
            button.on_click(lambda _, c=code: self.vote(c))
            self.buttons[code] = button
        self.undo_button = widgets.Button(description=tr(zh="撤销上一票", en="Undo last vote"),
                                          icon="undo", layout=widgets.Layout(height="40px"))
        self.clear_button = widgets.Button(description=tr(zh="全部清空", en="Start again"),
                                           icon="trash", layout=widgets.Layout(height="40px"))
        self.undo_button.on_click(lambda _: self.undo())
        self.clear_button.on_click(lambda _: self.clear())
        self.status = widgets.HTML()
        self.tables = widgets.HTML()
        self.out = widgets.HTML()  # the bar chart
        question = tr(zh="📋 调查问题：{q}每人只投一票！",
                      en="📋 Survey question: {q} One vote each!").format(
            q=i18n.pick(QUESTIONS[topic]))
        self.widget = widgets.VBox([
            widgets.HTML(f'<div style="font-size:22px;font-weight:bold">{html.escape(question)}'
                         "</div>"),
            widgets.HBox(list(self.buttons.values()), layout=widgets.Layout(flex_flow="row wrap")),
            widgets.HBox([self.undo_button, self.clear_button, self.status]),
            widgets.HBox([self.tables]),
            self.out,
        ])
        self.refresh()

    @property
    def result(self) -> SurveyResult:
        return SurveyResult(self.topic, dict(self.counts), self.name)

    def vote(self, code: str) -> None:
        """Add one vote for ``code`` (what a button click does)."""
        self.counts[code] += 1
        self.history.append(code)
        self.refresh()

    def undo(self) -> None:
        if self.history:
            self.counts[self.history.pop()] -= 1
        self.refresh()

    def clear(self) -> None:
        self.history.clear()
        self.counts = {code: 0 for code in self.counts}
        self.refresh()

    def tally_text(self, code: str) -> str:
        return tally_marks(self.counts[code])

    def on_change(self, callback: Callable[[SurveyResult], None]) -> None:
        """Call ``callback(result)`` after every vote, undo or clear (and once now)."""
        self._listeners.append(callback)
        callback(self.result)

    def refresh(self) -> None:
        """Redraw the tally, the pictogram and the bar chart from ``counts``."""
        result = self.result
        last = self.history[-1] if self.history else None
        self.status.value = ('<span style="font-size:18px;padding-left:12px">'
                             + tr(zh="已投 <b>{n}</b> 票", en="Votes so far: <b>{n}</b>").format(
                                 n=result.total)
                             + (tr(zh="，刚才投的是：{a}", en=" (last: {a})").format(
                                 a=html.escape(answer_label(self.topic, last))) if last else "")
                             + "</span>")
        self.tables.value = (
            '<div style="display:flex;gap:32px;flex-wrap:wrap">'
            f"<div>{tally_table_html(result)}</div><div>{pictogram_html(result)}</div></div>")
        if self.chart:
            self.out.value = _chart_html(bar_chart(result), _bar_alt(result))
        for callback in getattr(self, "_listeners", []):
            callback(result)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def _votes(n: int) -> str:
    """'3' in Chinese sentences that say 票 themselves; '1 vote' / '3 votes' in English."""
    return tr(zh=str(n), en=f"{n} vote" if n == 1 else f"{n} votes")


class LiveComparison:
    """Our class's votes (a ``SurveyBoard``) beside other classes, redrawn after every vote.

    A sentence under the chart says the totals in words, so the comparison can be read
    (and checked) without the picture. ``last`` holds what was drawn.
    """

    def __init__(self, board: SurveyBoard, others: Sequence[SurveyResult]) -> None:
        import ipywidgets as widgets

        self.board, self.others = board, list(others)
        self.last: dict[str, Any] = {}
        self.words = widgets.HTML()
        self.out = widgets.HTML()  # the chart
        self.widget = widgets.VBox([self.out, self.words])
        board.on_change(self.redraw)

    def redraw(self, ours: SurveyResult) -> None:
        self.last = {"ours": dict(ours.counts), "total": ours.total}
        self.out.value = _chart_html(*comparison_figure([ours, *self.others]))
        if ours.total:
            top = ours.top()
            best = (tr(zh="，最多的是{a}", en="; the most popular is {a}").format(
                a=answer_label(ours.topic, top)) if top else
                tr(zh="，有几种一样多", en="; there is a tie for the top"))
            text = tr(zh="{name}已经投了 {n} 票{best}。",
                      en="{name}: {n} so far{best}.").format(
                name=ours.name, n=_votes(ours.total), best=best)
        else:
            text = tr(zh="{name}还没有投票：先在第二步的投票板上投票，这里的图会跟着变。",
                      en="{name} hasn't voted yet: vote on the board in Step 2 and this chart "
                         "follows.").format(name=ours.name)
        self.words.value = f'<div style="font-size:18px">{html.escape(text)}</div>'

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


# ---------------------------------------------------------------- answer boxes
# Primary pupils should not have to type hint("…") to get help, so every answer box
# carries its own hint and solution buttons. (Used by the pixel-pictures lesson too.)
def choice_quiz(qid: str) -> Any:
    """The kit's ``choice_widget`` (radio buttons and a check button) plus help buttons.

    Keeps ``.radio``, ``.button`` and ``.result`` where ``choice_widget`` puts them, so
    it is driven the same way.
    """
    from ..check import choice_widget

    return choice_widget(qid, help=True)


def number_check(qid: str, low: int = 0, high: int = 20, start: int | None = None) -> Any:
    """A slider and a 'check' button for a question whose answer is a whole number.

    Primary pupils answer by dragging (or using the arrow keys), not by typing. The box
    keeps its last result in ``.result`` (a ``CheckResult``) so tests can drive it.
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    from ..check import evaluate, help_buttons

    slider = widgets.IntSlider(value=low if start is None else start, min=low, max=high,
                               description=tr(zh="我的答案", en="My answer"),
                               style={"description_width": "initial", "handle_color": PALETTE[0]},
                               layout=widgets.Layout(width="480px"))
    button = widgets.Button(description=i18n.t("check.button"), button_style="primary",
                            icon="check")
    out = widgets.Output()
    box = widgets.VBox([widgets.HBox([slider, button]), out, help_buttons(qid)])
    box.result = None

    def on_click(_: Any) -> None:
        box.result = evaluate(qid, slider.value, widget=True)
        out.clear_output()
        with out:
            display(Markdown(box.result._repr_markdown_()))

    button.on_click(on_click)
    box.slider, box.button = slider, button
    return box


def _top_sentence(result: SurveyResult) -> str:
    """The top answer in words (for the page and for screen readers)."""
    top = result.top()
    if top is None:
        return tr(zh="{name}，{topic}：有几种一样多。",
                  en="{name}, {topic}: a tie for the top.").format(
            name=result.name, topic=topic_name(result.topic))
    return tr(zh="{name}，{topic}：最多的是{a}（{n} 人）。",
              en="{name}, {topic}: most popular is {a} ({n}).").format(
        name=result.name, topic=topic_name(result.topic), a=answer_label(result.topic, top),
        n=result.counts[top])


@dataclass
class Explorer:
    """What the class explorer last showed (read by the next cells and by tests)."""

    last: dict[str, Any] = field(default_factory=dict)

    def show(self, class_code: str, topic: str) -> None:
        """Tally, pictogram and bar chart for one simulated class and one question.

        Returns nothing, so ``widgets.interactive`` shows only the charts; what was shown
        is kept in ``last``.
        """
        from IPython.display import display

        result = load_class(class_code, topic)
        self.last.clear()
        self.last.update({"class": class_code, "topic": topic, "counts": dict(result.counts),
                          "top": result.top(),
                          "tally": {c: tally_marks(n) for c, n in result.counts.items()}})
        display(_Html(f'<div style="font-size:18px">{html.escape(_top_sentence(result))}</div>',
                      _top_sentence(result)))
        display(show_tally(result))
        display(show_pictogram(result))
        show_bar_chart(result)


class ClassExplorer:
    """A class picker and a question picker, and the tally, pictogram and bar chart they pick.

    Redrawn in place (HTML widgets, no Output widget: output captured into an Output widget
    while a cell runs can stall Voilà's executor). ``last`` holds what is shown, with the
    same keys as :class:`Explorer`.
    """

    def __init__(self, class_picker: Any, topic_picker: Any) -> None:
        import ipywidgets as widgets

        self.class_picker, self.topic_picker = class_picker, topic_picker
        self.last: dict[str, Any] = {}
        self.words = widgets.HTML()
        self.tables = widgets.HTML()
        self.chart = widgets.HTML()
        self.widget = widgets.VBox([class_picker, topic_picker, self.words, self.tables,
                                    self.chart])
        for picker in (class_picker, topic_picker):
            picker.observe(lambda _change: self.redraw(), names="value")
        self.redraw()

    def redraw(self) -> None:
        class_code, topic = self.class_picker.value, self.topic_picker.value
        result = load_class(class_code, topic)
        self.last.clear()
        self.last.update({"class": class_code, "topic": topic, "counts": dict(result.counts),
                          "top": result.top(),
                          "tally": {c: tally_marks(n) for c, n in result.counts.items()}})
        self.words.value = f'<div style="font-size:18px">{html.escape(_top_sentence(result))}</div>'
        self.tables.value = (
            '<div style="display:flex;gap:32px;flex-wrap:wrap">'
            f"<div>{tally_table_html(result)}</div><div>{pictogram_html(result)}</div></div>")
        self.chart.value = _chart_html(bar_chart(result), _bar_alt(result))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def class_options() -> list[tuple[str, str]]:
    """(label, code) pairs for a class dropdown."""
    values: Mapping[str, Any] = data.card(DATASET)["columns"]["class"]["values"]
    return [(class_name(code), code) for code in values]


def topic_options() -> list[tuple[str, str]]:
    """(label, code) pairs for a question picker."""
    return [(topic_name(t), t) for t in TOPICS]
