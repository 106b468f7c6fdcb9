"""Pixel pictures for the primary track: a picture is a grid of squares, and 0s and 1s.

Grade-3/4 pupils meet encoding (数据与编码) by doing it with their hands: a grid of
toggle buttons is the picture, each click turns a square black (1) or white (0), and the
code rows next to the grid change as they click, so "picture" and "code" are visibly the
same thing. The same grid decodes: given rows of 0s and 1s, pupils click the squares
that should be black, and a check button compares their picture with the code.

Codes are lists of strings of '0'/'1', one string per row, top row first, read left to
right (the order a pupil reads a line of text). Everything a learner reads is in both
languages (``tr`` / ``i18n``).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from .. import i18n
from ..check import help_buttons
from ..i18n import tr
from ..plotting import PALETTE, show

INK = "#1f1f1f"   # a black square: 1
PAPER = "#ffffff"  # a white square: 0
CELL_PX = 38

# ToggleButton's style has no colour in ipywidgets 8, so a small stylesheet paints a
# pressed button ('mod-active') black. Without it the pressed state still shows, greyed.
GRID_CSS = f"""<style>
.suyang-pixel {{ border: 1px solid #9a9a9a !important; margin: 0 !important;
  background: {PAPER} !important; box-shadow: none !important; }}
.suyang-pixel.mod-active {{ background: {INK} !important; }}
.suyang-pixel {{ font-size: 0 !important; color: transparent !important; }}
</style>"""
# Each square's name ("第3行第2格" / "row 3, square 2") is its button text, hidden by the
# stylesheet: a screen reader announces it, and a browser test clicks a square by it.


def parse_code(code: str | Sequence[str]) -> list[str]:
    """Rows of a code, from a list of rows or one string with rows split by spaces or '/'.

    Anything but 0 and 1 is refused with a message a pupil can act on.
    """
    rows = code.replace("/", " ").split() if isinstance(code, str) else [str(r) for r in code]
    for row in rows:
        if not row or set(row) - {"0", "1"}:
            raise ValueError(tr(zh="代码里只能有 0 和 1：“{row}”不对。",
                                en="A code may only contain 0 and 1: “{row}” doesn't.").format(
                row=row))
    if len({len(r) for r in rows}) > 1:
        raise ValueError(tr(zh="每一行的格子数要一样多。",
                            en="Every row must have the same length."))
    return rows


def code_text(rows: Sequence[str]) -> str:
    """The rows as one line, separated by spaces: how a check compares two pictures."""
    return " ".join(rows)


def bits_needed(width: int, height: int | None = None) -> int:
    """How many 0s and 1s a black-and-white picture needs: one per square, black or white."""
    return int(width) * int(height if height is not None else width)


def count_ones(rows: Sequence[str]) -> int:
    return sum(row.count("1") for row in rows)


# ---------------------------------------------------------------- pictures as charts
def picture_figure(code: str | Sequence[str], title: str = "", numbers: bool = False,
                   row_labels: bool = False) -> Any:
    """Draw a code as a picture: black squares for 1, white for 0, with grid lines.

    ``numbers`` writes each square's 0 or 1 inside it (the picture and its code at once);
    ``row_labels`` numbers the rows down the left side, for "what is row 4?" questions.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    rows = parse_code(code)
    grid = np.array([[int(ch) for ch in row] for row in rows])
    h, w = grid.shape
    size = min(0.55 * max(h, w), 5.0)
    fig, ax = plt.subplots(figsize=(size * w / max(h, w) + 1.2, size * h / max(h, w) + 0.8))
    ax.imshow(grid, cmap=plt.matplotlib.colors.ListedColormap([PAPER, INK]), vmin=0, vmax=1)
    ax.set_xticks(np.arange(-0.5, w, 1), minor=True)
    ax.set_yticks(np.arange(-0.5, h, 1), minor=True)
    ax.grid(which="minor", color="#9a9a9a", linewidth=1)
    ax.grid(which="major", visible=False)
    ax.tick_params(which="both", length=0)
    ax.set_xticks([])
    if row_labels:
        ax.set_yticks(range(h), [tr(zh="第{n}行", en="Row {n}").format(n=i + 1) for i in range(h)])
    else:
        ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(True)
        spine.set_color("#666666")
    if numbers:
        fontsize = max(8, 20 - max(h, w))
        for (r, c), v in np.ndenumerate(grid):
            ax.text(c, r, str(v), ha="center", va="center", fontsize=fontsize,
                    color=PAPER if v else INK)
    if title:
        ax.set_title(title)
    return fig


def show_picture(code: str | Sequence[str], title: str = "", numbers: bool = False,
                 row_labels: bool = False, alt: str | None = None) -> None:
    """Show a code as a picture, with alt text (by default: its size and the code itself)."""
    rows = parse_code(code)
    if alt is None and numbers:
        alt = tr(zh="像素画：{h} 行、每行 {w} 格，每格写着它的数，黑格是 1，白格是 0。"
                    "代码从上到下是：{code}。",
                 en="Pixel picture, {h} rows of {w} squares, each with its digit written in: "
                    "black is 1 and white is 0. The code, top row first: {code}.").format(
            h=len(rows), w=len(rows[0]), code=code_text(rows))
    elif alt is None:
        # In words, square by square, so a screen-reader user still does the encoding.
        words = {"1": tr(zh="黑", en="black"), "0": tr(zh="白", en="white")}
        described = tr(zh="；", en="; ").join(
            tr(zh="第{n}行：{s}", en="row {n}: {s}").format(
                n=i + 1, s=tr(zh="", en=" ").join(words[ch] for ch in row))
            for i, row in enumerate(rows))
        alt = tr(zh="像素画：{h} 行、每行 {w} 格。从上到下、从左到右：{d}。",
                 en="Pixel picture, {h} rows of {w} squares. Top to bottom, left to right: "
                    "{d}.").format(h=len(rows), w=len(rows[0]), d=described)
    show(picture_figure(rows, title, numbers, row_labels), alt=alt)


def bits_chart(sides: Sequence[int], highlight: int | None = None) -> Any:
    """Bars of how many bits square pictures of each side length need."""
    import matplotlib.pyplot as plt

    values = [bits_needed(s) for s in sides]
    fig, ax = plt.subplots(figsize=(7.5, 4))
    colours = [PALETTE[3] if s == highlight else PALETTE[0] for s in sides]
    bars = ax.bar([f"{s}×{s}" for s in sides], values, color=colours)
    ax.bar_label(bars, fontsize=10)
    ax.set_title(tr(zh="画越大，需要的 0 和 1 越多", en="Bigger pictures need many more bits"))
    ax.set_xlabel(tr(zh="画的大小（每行几格 × 几行）", en="Picture size (squares across × rows)"))
    ax.set_ylabel(tr(zh="需要几个 0 和 1（位）", en="Bits needed (0s and 1s)"))
    ax.set_ylim(0, max(values) * 1.15)
    ax.grid(axis="x", visible=False)
    return fig


# ---------------------------------------------------------------- the clickable grid
def square_name(row: int, col: int) -> str:
    """A square's name for screen readers and tests, counting from 1: '第3行第2格'."""
    return tr(zh="第{r}行第{c}格", en="row {r}, square {c}").format(r=row + 1, c=col + 1)


class PixelGrid:
    """A grid of ToggleButtons: pressed is a black square (1), not pressed is white (0).

    Shows the code rows beside the grid as they change, a bit count, and a 'start again'
    button. With ``check=<question id>`` it adds a check button that compares the picture
    (as :func:`code_text`) with the lesson's declared answer; the last ``CheckResult``
    stays in ``.result``. ``.buttons[row][col]`` are the ToggleButtons, so a test (or a
    teacher) can set ``.value`` directly.
    """

    def __init__(self, rows: int = 8, cols: int | None = None,
                 code: str | Sequence[str] | None = None, check: str | None = None,
                 show_code: bool = True) -> None:
        import ipywidgets as widgets

        cols = rows if cols is None else cols
        self.rows, self.cols = rows, cols
        self.buttons: list[list[Any]] = []
        for r in range(rows):
            line = []
            for c in range(cols):
                name = square_name(r, c)
                button = widgets.ToggleButton(
                    value=False, description=name, tooltip=name,
                    layout=widgets.Layout(width=f"{CELL_PX}px", height=f"{CELL_PX}px",
                                          padding="0px", margin="0px"))
                button.add_class("suyang-pixel")
                button.observe(lambda _change: self.refresh(), names="value")
                line.append(button)
            self.buttons.append(line)
        self.code_view = widgets.HTML()
        self.count_view = widgets.HTML()
        self.clear_button = widgets.Button(description=tr(zh="全部擦掉", en="Clear"),
                                           icon="eraser")
        self.clear_button.on_click(lambda _: self.clear())
        self.question = check
        self.result: Any = None
        self.out = widgets.Output()
        grid = widgets.GridBox(
            [b for line in self.buttons for b in line],
            layout=widgets.Layout(grid_template_columns=f"repeat({cols}, {CELL_PX}px)",
                                  grid_gap="0px", width="max-content"))
        controls = [self.clear_button]
        extra = []
        if check:
            self.check_button = widgets.Button(description=i18n.t("check.button"),
                                               button_style="primary", icon="check")
            self.check_button.on_click(lambda _: self.check())
            controls.append(self.check_button)
            extra.append(help_buttons(check))
        side = [self.code_view] if show_code else []
        self.widget = widgets.VBox([
            widgets.HTML(GRID_CSS),
            widgets.HBox([grid, *side], layout=widgets.Layout(align_items="flex-start")),
            widgets.HBox([*controls, self.count_view]),
            self.out,
            *extra,
        ])
        self._muted = False
        if code is not None:
            self.set_code(code)
        self.refresh()

    # ------------------------------------------------------------ reading the picture
    def code_rows(self) -> list[str]:
        """The picture as code: one string of 0s and 1s per row, top row first."""
        return ["".join("1" if b.value else "0" for b in line) for line in self.buttons]

    def code(self) -> str:
        """All rows on one line, separated by spaces (what a check compares)."""
        return code_text(self.code_rows())

    def ones(self) -> int:
        """How many squares are black."""
        return count_ones(self.code_rows())

    @property
    def bits(self) -> int:
        """How many 0s and 1s the whole picture needs (every square counts)."""
        return bits_needed(self.cols, self.rows)

    # ------------------------------------------------------------ changing the picture
    def set_code(self, code: str | Sequence[str]) -> None:
        """Paint the grid from a code (decoding by machine, for the teacher's examples)."""
        rows = parse_code(code)
        if len(rows) != self.rows or len(rows[0]) != self.cols:
            raise ValueError(tr(zh="这个代码是 {h} 行 {w} 列，格子是 {r} 行 {c} 列。",
                                en="The code is {h} rows by {w}, but the grid is {r} by {c}.")
                             .format(h=len(rows), w=len(rows[0]), r=self.rows, c=self.cols))
        self._muted = True
        try:
            for line, row in zip(self.buttons, rows, strict=True):
                for button, ch in zip(line, row, strict=True):
                    button.value = ch == "1"
        finally:
            self._muted = False
        self.refresh()

    def clear(self) -> None:
        """Make every square white again."""
        self.set_code(["0" * self.cols] * self.rows)
        self.result = None
        self.out.clear_output()

    def check(self) -> Any:
        """Compare the picture with the declared answer and show the feedback."""
        from IPython.display import Markdown, display

        from ..check import evaluate

        self.result = evaluate(self.question, self.code(), widget=True)
        self.out.clear_output()
        with self.out:
            display(Markdown(self.result._repr_markdown_()))
        return self.result

    def refresh(self) -> None:
        """Rewrite the code rows and the bit count from the buttons."""
        if self._muted:
            return
        rows = self.code_rows()
        lines = "".join(
            f'<div><span style="color:#666;font-size:14px">'
            f'{html.escape(tr(zh="第{n}行", en="Row {n}").format(n=i + 1))}</span>&nbsp;'
            f'<span style="letter-spacing:6px">{row}</span></div>'
            for i, row in enumerate(rows))
        self.code_view.value = (
            '<div style="font-family:monospace;font-size:22px;line-height:'
            f'{CELL_PX}px;padding-left:18px">{lines}</div>')
        self.count_view.value = (
            '<span style="font-size:18px;padding-left:12px">'
            + tr(zh="黑格（1）：<b>{ones}</b> 个　白格（0）：<b>{zeros}</b> 个　"
                    "一共 <b>{bits}</b> 个 0 和 1",
                 en="Black (1): <b>{ones}</b> &nbsp; White (0): <b>{zeros}</b> &nbsp; "
                    "Altogether <b>{bits}</b> bits").format(
                ones=count_ones(rows), zeros=self.bits - count_ones(rows), bits=self.bits)
            + "</span>")

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class Printer:
    """A '🖨️ Print' button that draws a grid's code as a picture, again at every click.

    The computer follows only the code, so the print shows exactly what was drawn. The
    picture and a sentence (how many black and white squares) are redrawn in place;
    ``last`` keeps the code printed last.
    """

    def __init__(self, grid: PixelGrid, title: str = "") -> None:
        import ipywidgets as widgets

        self.grid, self.title = grid, title
        self.last: list[str] = []
        self.button = widgets.Button(description=tr(zh="🖨️ 印出来", en="🖨️ Print it"),
                                     button_style="primary")
        self.out = widgets.Output()
        self.button.on_click(lambda _: self.print_picture())
        self.widget = widgets.VBox([self.button, self.out])

    def print_picture(self) -> list[str]:
        from IPython.display import Markdown, display

        rows = self.grid.code_rows()
        self.last = rows
        ones = count_ones(rows)
        self.out.clear_output(wait=True)
        with self.out:
            show_picture(rows, title=self.title)
            display(Markdown(tr(zh="印好了！这幅画有 **{b}** 个黑格、**{w}** 个白格。",
                                en="Printed! This picture has **{b}** black and **{w}** "
                                   "white squares.").format(b=ones, w=self.grid.bits - ones)))
        return rows

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class BitsExplorer:
    """Pick a side length; see how many bits square pictures need, the chosen one in orange.

    ``last`` keeps what was shown last (side and bits), for the next cells and for tests.
    """

    SIDES = (2, 4, 5, 8, 10, 12, 16)

    def __init__(self, slider: Any = None) -> None:
        """With a ``slider``, a widget: the sentence and the chart follow the slider, redrawn
        in HTML widgets (output captured into an Output widget while a cell runs can stall
        Voilà's executor). Without one, call :meth:`show` (e.g. from ``interactive``)."""
        self.last: dict[str, int] = {}
        self.slider = slider
        if slider is not None:
            import ipywidgets as widgets

            self.words = widgets.HTML()
            self.chart = widgets.HTML()
            self.widget = widgets.VBox([slider, self.words, self.chart])
            slider.observe(lambda change: self.redraw(change["new"]), names="value")
            self.redraw(slider.value)

    def _sentence(self, side: int, bits: int) -> str:
        return tr(zh="一幅 {s}×{s} 的画：每行 {s} 格，一共 {s} 行，"
                     "要用 {s} × {s} = {b} 个 0 和 1。",
                  en="A {s}×{s} picture has {s} rows of {s} squares, so it needs "
                     "{s} × {s} = {b} bits.").format(s=side, b=bits)

    def redraw(self, side: int) -> None:
        """Update the widget's sentence and chart for this side length."""
        import matplotlib.pyplot as plt

        from ..plotting import figure_html

        bits = bits_needed(side)
        self.last.clear()
        self.last.update({"side": int(side), "bits": bits})
        sentence = self._sentence(side, bits)
        self.words.value = f'<div style="font-size:18px">{html.escape(sentence)}</div>'
        fig = bits_chart(sorted(set(self.SIDES) | {int(side)}), highlight=int(side))
        try:
            self.chart.value = figure_html(fig, tr(
                zh="柱状图：不同大小的正方形像素画需要的位数，{s}×{s} 那根是橙色的。{sentence}",
                en="Bar chart of the bits needed by square pictures of different sizes, with "
                   "{s}×{s} in orange. {sentence}").format(s=side, sentence=sentence))
        finally:
            plt.close(fig)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget if self.slider is not None else repr(self))

    def show(self, side: int) -> None:
        """Draw the chart for this side length and say the sum in words."""
        bits = bits_needed(side)
        self.last.clear()
        self.last.update({"side": int(side), "bits": bits})
        sides = sorted(set(self.SIDES) | {int(side)})
        sentence = tr(zh="一幅 {s}×{s} 的画：每行 {s} 格，一共 {s} 行，"
                         "要用 {s} × {s} = {b} 个 0 和 1。",
                      en="A {s}×{s} picture has {s} rows of {s} squares, so it needs "
                         "{s} × {s} = {b} bits.").format(s=side, b=bits)
        show(bits_chart(sides, highlight=int(side)), alt=tr(
            zh="柱状图：不同大小的正方形像素画需要的位数，{s}×{s} 那根是橙色的。{sentence}",
            en="Bar chart of the bits needed by square pictures of different sizes, with "
               "{s}×{s} in orange. {sentence}").format(s=side, sentence=sentence))
        print(sentence)
