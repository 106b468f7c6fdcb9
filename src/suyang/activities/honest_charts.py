"""Honest and misleading charts of the same numbers, and what a chart needs before it is shared.

Two lessons use this module: a primary lesson in which pupils ask "is this claim true?"
(a bar chart with a cut y-axis, a survey of too few people) and a middle-school lesson
on making and sharing a chart responsibly (honest axes, a source and credit line,
licences, alt text, a checklist before posting). Both need the same few tools, so they
live here rather than in the notebooks:

- :func:`bar_chart` draws the same numbers with the value axis starting at 0 (honest) or
  at any other baseline (the classic advertising trick), and :func:`looks_taller` says
  how many times taller one bar *looks* than another, which is what the eye compares;
- :func:`draw_sample` and :func:`tally` take a sample of a survey and count its answers;
- :func:`add_credit` writes a source / author / licence line under a chart;
- :data:`LICENCES` and :func:`licence_answer` say what a licence lets you do;
- :func:`alt_text_tips`, :func:`checklist_widget` and :func:`button_choice` are the
  widgets of the lessons.

Every sentence a learner sees is written in both languages and picked at call time with
:func:`suyang.i18n.pick`, so one notebook serves both language views.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..i18n import pick

Bilingual = Mapping[str, str]  # {"zh": "…", "en": "…"}

BAR_COLOUR = "#0072B2"  # Okabe-Ito blue, as in suyang.plotting.PALETTE
HIGHLIGHT_COLOUR = "#D55E00"  # Okabe-Ito vermilion: the bar the reader should look at
SAMPLE_SEED = 2024  # draw_sample(draw=k) uses SAMPLE_SEED + k, so every draw can be repeated


# ------------------------------------------------------------------ honest and cut axes
def visible_height(value: float, baseline: float = 0.0) -> float:
    """How much of a bar the reader actually sees when the value axis starts at ``baseline``."""
    return max(float(value) - float(baseline), 0.0)


def looks_taller(big: float, small: float, baseline: float = 0.0) -> float:
    """How many times taller the ``big`` bar looks than the ``small`` one.

    Readers compare bar *lengths*, not the numbers on the axis. With the axis starting at
    0 the answer is the real ratio ``big / small``; start the axis just below ``small``
    and a difference of a few per cent looks like "three times as much". Returns
    ``math.inf`` when the small bar has vanished below the baseline.
    """
    shown_small = visible_height(small, baseline)
    if shown_small == 0:
        return math.inf
    return visible_height(big, baseline) / shown_small


def really_taller(big: float, small: float) -> float:
    """The real ratio of two values: what an honest bar chart (axis from 0) shows."""
    return looks_taller(big, small, 0.0)


def bar_chart(labels: Sequence[str], values: Sequence[float], *, title: str, ylabel: str,
              xlabel: str | None = None, baseline: float = 0.0,
              highlight: Sequence[str] = (), unit: str = "", decimals: int = 0) -> Any:
    """A bar chart of ``values`` whose value axis starts at ``baseline``.

    ``baseline=0`` is the honest chart. Any other baseline cuts off the bottom of every
    bar, which is exactly what a misleading chart does, so the lessons can draw the same
    numbers both ways side by side. Each bar carries its number, so a careful reader
    can always check the picture against the data. ``highlight`` names bars drawn in
    the highlight colour. Returns the matplotlib figure (show it with
    :func:`suyang.plotting.show`, which needs alt text).
    """
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    labels = [str(label) for label in labels]
    values = [float(v) for v in values]
    fig, ax = plt.subplots()
    colours = [HIGHLIGHT_COLOUR if label in highlight else BAR_COLOUR for label in labels]
    # bars start at the baseline, so a cut axis hides the bottom of every bar
    heights = [v - baseline for v in values]
    bars = ax.bar(range(len(labels)), heights, bottom=baseline, color=colours)
    # long English names ("Vegetable noodles") go on two lines instead of overlapping
    ax.set_xticks(range(len(labels)), [textwrap.fill(label, 11) for label in labels])
    top = max(values) if values else 1.0
    headroom = (top - baseline) * 0.15 or 1.0
    ax.set_ylim(baseline, top + headroom)
    if all(v.is_integer() for v in values):
        # counts of people have no half-pupils, and whole steps are easy to count on
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    for bar, value in zip(bars, values, strict=True):
        ax.annotate(f"{value:.{decimals}f}{unit}", (bar.get_x() + bar.get_width() / 2, value),
                    ha="center", va="bottom", xytext=(0, 3), textcoords="offset points")
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    if xlabel:
        ax.set_xlabel(xlabel)
    ax.grid(axis="x", visible=False)
    return fig


def say(text: str) -> None:
    """Show one sentence in big, friendly type (primary pupils read it, not a log line)."""
    from IPython.display import Markdown, display

    display(Markdown(f"### {text}"))


# ------------------------------------------------------------------ samples of a survey
def draw_sample(table: pd.DataFrame, n: int, draw: int = 0) -> pd.DataFrame:
    """``n`` rows picked at random, as when a class asks ``n`` people chosen by chance.

    ``draw`` numbers the attempt: the same ``(n, draw)`` always gives the same people, so
    a teacher's screen and a test see what a pupil saw, while "ask another group"
    (``draw + 1``) shows how much a small sample can jump about.
    """
    n = max(1, min(int(n), len(table)))
    return table.sample(n=n, random_state=SAMPLE_SEED + int(draw))


def tally(answers: pd.Series, order: Sequence[str]) -> pd.Series:
    """How many times each answer in ``order`` was given (0 for answers nobody gave)."""
    return answers.value_counts().reindex(list(order), fill_value=0).astype(int)


def top_answers(counts: pd.Series) -> list[str]:
    """Every answer with the highest count: more than one means a tie."""
    if counts.empty or counts.max() == 0:
        return []
    return [str(label) for label in counts.index[counts == counts.max()]]


# ------------------------------------------------------------------ source and credit
CREDIT_LABELS: dict[str, Bilingual] = {
    "source": {"zh": "数据来源：", "en": "Data: "},
    "author": {"zh": "制图：", "en": "Chart: "},
    "licence": {"zh": "许可：", "en": "Licence: "},
}


def credit_line(source: str, author: str | None = None, licence: str | None = None,
                lang: str | None = None) -> str:
    """One line that says where the numbers came from, who made the chart and its licence."""
    parts = [pick(CREDIT_LABELS["source"], lang) + source]
    if author:
        parts.append(pick(CREDIT_LABELS["author"], lang) + author)
    if licence:
        parts.append(pick(CREDIT_LABELS["licence"], lang) + licence)
    return " | ".join(parts)


def add_credit(fig: Any, source: str, author: str | None = None,
               licence: str | None = None) -> str:
    """Write the credit line under a chart, so it travels with the picture; return it.

    A screenshot forwarded in a chat group loses the message it was posted with. A line
    inside the image keeps the source, the maker and the licence with the chart wherever
    it goes.
    """
    text = credit_line(source, author, licence)
    fig.text(0.01, -0.02, text, ha="left", va="top", fontsize="small", color="#444444")
    fig.suyang_credit = text
    return text


# ------------------------------------------------------------------ licences
@dataclass(frozen=True)
class Licence:
    """What one licence lets other people do with a work (the main points only)."""

    code: str
    name: Bilingual
    credit: bool  # you must name the author and the licence
    adapt: bool  # you may change it (crop, add text, remix)
    commercial: bool  # you may use it to make money
    share_alike: bool  # what you make from it must carry the same licence
    permission: bool  # you must ask the owner first
    url: str


LICENCES: dict[str, Licence] = {lic.code: lic for lic in [
    Licence("CC0-1.0", {"zh": "CC0 1.0（放弃版权，捐给公共领域）",
                        "en": "CC0 1.0 (public domain dedication)"},
            credit=False, adapt=True, commercial=True, share_alike=False, permission=False,
            url="https://creativecommons.org/publicdomain/zero/1.0/"),
    Licence("CC-BY-4.0", {"zh": "CC BY 4.0（署名）", "en": "CC BY 4.0 (Attribution)"},
            credit=True, adapt=True, commercial=True, share_alike=False, permission=False,
            url="https://creativecommons.org/licenses/by/4.0/"),
    Licence("CC-BY-SA-4.0", {"zh": "CC BY-SA 4.0（署名—相同方式共享）",
                             "en": "CC BY-SA 4.0 (Attribution-ShareAlike)"},
            credit=True, adapt=True, commercial=True, share_alike=True, permission=False,
            url="https://creativecommons.org/licenses/by-sa/4.0/"),
    Licence("CC-BY-NC-4.0", {"zh": "CC BY-NC 4.0（署名—非商业性使用）",
                             "en": "CC BY-NC 4.0 (Attribution-NonCommercial)"},
            credit=True, adapt=True, commercial=False, share_alike=False, permission=False,
            url="https://creativecommons.org/licenses/by-nc/4.0/"),
    Licence("CC-BY-ND-4.0", {"zh": "CC BY-ND 4.0（署名—禁止演绎）",
                             "en": "CC BY-ND 4.0 (Attribution-NoDerivatives)"},
            credit=True, adapt=False, commercial=True, share_alike=False, permission=False,
            url="https://creativecommons.org/licenses/by-nd/4.0/"),
    Licence("all-rights-reserved", {"zh": "版权所有，保留一切权利", "en": "All rights reserved"},
            credit=True, adapt=False, commercial=False, share_alike=False, permission=True,
            url=""),
]}

USES: dict[str, Bilingual] = {
    "post": {"zh": "原样发到班级群", "en": "Post it unchanged in the class group"},
    "adapt": {"zh": "裁剪、加字后再发", "en": "Crop it or add words, then post"},
    "sell": {"zh": "印在义卖海报上卖钱", "en": "Print it on a poster we sell"},
}


def licence_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """``(name, code)`` pairs for a drop-down of licences, in the view's language."""
    return [(pick(lic.name, lang), code) for code, lic in LICENCES.items()]


def use_choices(lang: str | None = None) -> list[tuple[str, str]]:
    """``(description, key)`` pairs for choosing a use, in the view's language."""
    return [(pick(text, lang), key) for key, text in USES.items()]


def licence_answer(code: str, use: str, lang: str | None = None) -> dict[str, Any]:
    """May we use a work under licence ``code`` in this way, and what must we do?

    ``use`` is a key of :data:`USES`. Returns ``allowed`` (bool), ``credit`` (must we
    credit the author), ``same_licence`` (must our version carry the same licence) and
    ``text``, one sentence for the learner. This is classroom guidance on the main
    conditions, not legal advice: the licence text itself is what counts.
    """
    lic = LICENCES[code]
    if use not in USES:
        raise KeyError(f"unknown use {use!r}; known: {', '.join(USES)}")
    if lic.permission:
        allowed = False
    elif use == "adapt":
        allowed = lic.adapt
    elif use == "sell":
        allowed = lic.commercial
    else:
        allowed = True
    if lic.permission:
        text = {"zh": "不能直接用。先征得作者（版权人）同意，或者换一张允许使用的图。",
                "en": "Not without asking. Get the owner's permission first, or find a "
                      "picture whose licence allows it."}
    elif not allowed and use == "adapt":
        text = {"zh": "只能原样使用，不能裁剪或加字（禁止演绎）。",
                "en": "Only as it is: no cropping or adding words (no derivatives)."}
    elif not allowed:
        text = {"zh": "不能用来赚钱（非商业性使用）。", "en": "Not to make money (non-commercial)."}
    elif not lic.credit:
        text = {"zh": "可以，不需要署名；不过写上来源仍是好习惯。",
                "en": "Yes, with no credit required, though naming the source is still good "
                      "manners."}
    else:
        text = {"zh": "可以，但要署名：写上作者、许可证名称和链接" +
                      ("，并说明你改了什么" if use == "adapt" else "") +
                      ("；改出来的作品也要用同样的许可证" if lic.share_alike and use == "adapt"
                       else "") + "。",
                "en": "Yes, with credit: name the author and the licence, with its link" +
                      (", and say what you changed" if use == "adapt" else "") +
                      ("; your version must use the same licence" if lic.share_alike
                       and use == "adapt" else "") + "."}
    return {"licence": code, "use": use, "allowed": allowed, "credit": lic.credit,
            "same_licence": lic.share_alike and use == "adapt" and allowed,
            "name": pick(lic.name, lang), "url": lic.url, "text": pick(text, lang)}


# ------------------------------------------------------------------ alt text
CHART_WORDS = ("柱状图", "条形图", "折线图", "饼图", "散点图", "图表", "统计图",
               "bar", "line", "pie", "scatter", "chart", "graph")
VAGUE_ALT = {"图", "图片", "图表", "一张图", "照片", "chart", "image", "picture", "graph",
             "photo", "a chart", "an image", "a picture"}
ALT_TIPS: dict[str, Bilingual] = {
    "empty": {"zh": "还没有写替代文字。", "en": "There is no alt text yet."},
    "vague": {"zh": "只写“图片”“图表”等于什么也没说：说说图里画的是什么。",
              "en": "Just “chart” or “image” tells a listener nothing: say what it shows."},
    "kind": {"zh": "先说是哪种图，比如“柱状图：……”。",
             "en": "Start by saying what kind of chart it is, e.g. “Bar chart: …”."},
    "number": {"zh": "写出最重要的一个数，比如最大或最小的那根柱子。",
               "en": "Give the most important number, such as the tallest or shortest bar."},
    "short": {"zh": "太短了：一句话说清楚“比的是什么、结果怎样”。",
              "en": "Too short: in one sentence, say what is compared and what it shows."},
    "long": {"zh": "太长了：替代文字一两句话就够，详细数字可以放在正文或表格里。",
             "en": "Too long: one or two sentences is enough; put the details in the post "
                   "or a table."},
}
ALT_GOOD: Bilingual = {"zh": "很好：听的人能知道这张图说了什么。",
                       "en": "Good: someone listening would know what this chart says."}


def alt_text_tips(text: str, lang: str | None = None) -> list[str]:
    """What to improve in a chart's alt text; an empty list means it does its job.

    Alt text is read aloud by screen readers and shown when an image fails to load, so
    it must carry the chart's message on its own: what kind of chart, what it compares,
    and the key number. These are rules of thumb for a class, not a full accessibility
    audit.
    """
    clean = " ".join(str(text or "").split())
    keys: list[str] = []
    if not clean:
        keys.append("empty")
    elif clean.lower().strip("。.！! ") in VAGUE_ALT or re.fullmatch(r"\S+\.(png|jpe?g|gif)",
                                                                     clean.lower()):
        keys.append("vague")
    else:
        lowered = clean.lower()
        if not any(word in lowered for word in CHART_WORDS):
            keys.append("kind")
        if not re.search(r"\d", clean):
            keys.append("number")
        length = len(clean) if re.search(r"[\u4e00-\u9fff]", clean) else len(clean) / 2.5
        if length < 12:
            keys.append("short")
        elif length > 160:
            keys.append("long")
    return [pick(ALT_TIPS[key], lang) for key in keys]


def alt_text_box(placeholder: Bilingual | None = None) -> Any:
    """A text box and a button that gives feedback on alt text; keeps ``.result`` (tips)."""
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    area = widgets.Textarea(placeholder=pick(placeholder) if placeholder else "",
                            layout={"width": "95%", "height": "5em"})
    button = widgets.Button(description=pick({"zh": "检查替代文字", "en": "Check my alt text"}),
                            button_style="primary", icon="check",
                            layout={"width": "max-content"})
    out = widgets.Output()
    box = widgets.VBox([area, button, out])
    box.result = None

    def on_click(_: Any) -> None:
        box.result = alt_text_tips(area.value)
        out.clear_output()
        with out:
            lines = [f"- ❌ {tip}" for tip in box.result] or [f"✅ {pick(ALT_GOOD)}"]
            display(Markdown("\n".join(lines)))

    button.on_click(on_click)
    box.area, box.button = area, button
    return box


# ------------------------------------------------------------------ before you post
POSTING_CHECKLIST: dict[str, Bilingual] = {
    "axis": {"zh": "纵轴从 0 开始，柱子的高矮没有被夸大",
             "en": "The value axis starts at 0, so no bar is exaggerated"},
    "title": {"zh": "标题说清楚比的是什么、什么时候的数据",
              "en": "The title says what is compared, and when"},
    "source": {"zh": "图上写了数据来源",
               "en": "The chart says where the data came from"},
    "credit": {"zh": "用了别人的图片或数据，都按许可证署了名",
               "en": "Anything borrowed is credited as its licence asks"},
    "alt": {"zh": "配了替代文字，看不见图的人也能明白",
            "en": "It has alt text, so people who can't see it still get the message"},
    "claim": {"zh": "配的文字没有说过头，和数据对得上",
              "en": "The message with it claims no more than the data shows"},
    "privacy": {"zh": "没有泄露任何人的姓名或其他个人信息",
                "en": "Nobody's name or other personal details are given away"},
}


def checklist_widget(items: Mapping[str, Bilingual] | None = None) -> Any:
    """Tick boxes for a before-posting checklist and a button that says what is missing.

    Keeps ``.result`` = ``{"ticked": [...], "missing": [...], "ready": bool}`` (item keys)
    and ``.boxes`` (key -> Checkbox), so a test can tick boxes and press ``.button``.
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    items = dict(items or POSTING_CHECKLIST)
    boxes = {key: widgets.Checkbox(value=False, description=pick(text), indent=False,
                                   layout={"width": "95%"})
             for key, text in items.items()}
    button = widgets.Button(description=pick({"zh": "可以发了吗？", "en": "Ready to post?"}),
                            button_style="primary", icon="paper-plane",
                            layout={"width": "max-content"})
    out = widgets.Output()
    box = widgets.VBox([*boxes.values(), button, out])
    box.result = None

    def on_click(_: Any) -> None:
        ticked = [key for key, b in boxes.items() if b.value]
        missing = [key for key in items if key not in ticked]
        box.result = {"ticked": ticked, "missing": missing, "ready": not missing}
        out.clear_output()
        with out:
            if missing:
                head = pick({"zh": "先别发，还差这几项：", "en": "Not yet. Still to do:"})
                display(Markdown(head + "\n\n" + "\n".join(f"- {pick(items[k])}"
                                                           for k in missing)))
            else:
                display(Markdown("✅ " + pick({"zh": "都检查过了，可以发了！",
                                              "en": "All checked: post it!"})))

    button.on_click(on_click)
    box.boxes, box.button = boxes, button
    return box


# ------------------------------------------------------------------ big-button answers
def button_choice(qid: str, options: Sequence[str] | None = None, help: bool = False) -> Any:
    """A row of big buttons, one per answer, for a declared check question.

    For young pupils a tap is easier than radio buttons plus a check button. A press
    judges the answer with :func:`suyang.check.evaluate` and shows the feedback the
    teacher wrote. Keeps ``.result`` (the last CheckResult) and ``.buttons`` for tests.
    With ``help``, the question's 💡 hint and 📖 solution buttons follow (``.help``).
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    from .. import check

    labels = list(options if options is not None else pick(check.question(qid).options) or [])
    buttons = [widgets.Button(description=label, tooltip=label,
                              layout={"width": "auto", "height": "3em", "margin": "4px"},
                              style={"font_size": "1.1em"})
               for label in labels]
    out = widgets.Output()
    box = widgets.VBox([widgets.HBox(buttons, layout={"flex_flow": "row wrap"}), out])
    box.result = None

    def press(button: Any) -> None:
        box.result = check.evaluate(qid, button.description, widget=True)
        for b in buttons:
            b.button_style = ""
        button.button_style = "success" if box.result.correct else "warning"
        out.clear_output()
        with out:
            display(Markdown(f"### {box.result._repr_markdown_()}"))

    for b in buttons:
        b.on_click(press)
    box.buttons = buttons
    if help:
        box.help = check.help_buttons(qid)
        box.children = (*box.children, box.help)
    return box
