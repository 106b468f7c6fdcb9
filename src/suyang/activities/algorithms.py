"""Step-counting search and sort, and the widgets that let learners race them.

Shared by primary-03-guess-and-sort (guess my number; sorting a hand of cards) and
middle-08-algorithm-speed (linear vs binary search; a simple sort vs Python's sorted()).

Why count steps, not seconds
----------------------------
A stopwatch times the algorithm *and* the machine: the same code takes different times on
a school PC, a laptop or a busy hub, and even from one run to the next. The number of
comparisons depends only on the algorithm and its input, so every learner gets the same
number, a check (and a test) can rely on it, and a chart of it shows how the work grows
as the input grows. Nothing in this module measures time.

What counts as one step
-----------------------
* search: one look at one item, comparing it with the target. In binary search one look
  tells "equal / too small / too big" at once, just as one guess in the guessing game
  gets the reply "right / bigger / smaller", so it counts once;
* sort: one comparison of two items (``a < b``).

Every text a learner reads comes through :func:`suyang.i18n.tr`, in the view's language.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..i18n import tr

TRACE_LIMIT = 64  # a search remembers at most this many looked-at items (for pictures)
DEFAULT_SEED = 20240508  # the fixed order of the shuffled lists, so every class sees the same


# ------------------------------------------------------------------ searching
@dataclass(frozen=True)
class SearchResult:
    """What a search found and how much work it took.

    ``position`` is counted from 1, as a person counts ("the 700th name"), because the
    lessons are about steps, not about Python's 0-based indexing.
    """

    target: Any
    position: int | None  # 1-based place in the list, or None when absent
    steps: int  # comparisons made
    looked_at: tuple[Any, ...]  # the items compared, in order (at most TRACE_LIMIT)

    @property
    def found(self) -> bool:
        return self.position is not None

    def __repr__(self) -> str:
        if self.found:
            return tr(zh="找到了 {t}：它排在第 {p} 个，一共查了 {s} 步。",
                      en="Found {t}: it is number {p} in the list. Steps: {s}.").format(
                t=self.target, p=self.position, s=self.steps)
        return tr(zh="没找到 {t}：名单里没有它，一共查了 {s} 步。",
                  en="{t} is not in the list. Steps: {s}.").format(t=self.target, s=self.steps)


def linear_search(items: Sequence[Any], target: Any) -> SearchResult:
    """Look at the items one by one from the start until the target turns up.

    Works on any list, sorted or not; the price is up to ``len(items)`` steps.
    """
    looked: list[Any] = []
    steps = 0
    for position, item in enumerate(items, start=1):
        steps += 1
        if len(looked) < TRACE_LIMIT:
            looked.append(item)
        if item == target:
            return SearchResult(target, position, steps, tuple(looked))
    return SearchResult(target, None, steps, tuple(looked))


def binary_search(items: Sequence[Any], target: Any) -> SearchResult:
    """Look at the middle item, then throw away the half the target cannot be in.

    Only correct on a list sorted from small to big: on an unsorted list it may miss an
    item that is there (the middle-school lesson shows this on purpose). The list is not
    checked, because checking would itself cost ``len(items)`` steps.
    """
    low, high = 0, len(items) - 1
    looked: list[Any] = []
    steps = 0
    while low <= high:
        middle = (low + high) // 2
        item = items[middle]
        steps += 1
        if len(looked) < TRACE_LIMIT:
            looked.append(item)
        if item == target:
            return SearchResult(target, middle + 1, steps, tuple(looked))
        if item < target:
            low = middle + 1
        else:
            high = middle - 1
    return SearchResult(target, None, steps, tuple(looked))


def measure_searches(sizes: Iterable[int]) -> pd.DataFrame:
    """Count both searches' steps on sorted lists 1..n, for each size n.

    The target is n + 1, a number that is not in the list: the worst case for both
    searches (linear search must look at everything; binary search always keeps the
    bigger half). Columns: ``n``, ``linear_steps``, ``binary_steps``.
    """
    rows = []
    for n in sizes:
        items = range(1, n + 1)
        rows.append({"n": n,
                     "linear_steps": linear_search(items, n + 1).steps,
                     "binary_steps": binary_search(items, n + 1).steps})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ guess my number
def _check_secret(secret: int, low: int, high: int) -> None:
    if not low <= secret <= high:
        raise ValueError(tr(zh="秘密数 {s} 不在 {a}～{b} 之间。",
                            en="The secret {s} is not between {a} and {b}.").format(
            s=secret, a=low, b=high))


def guesses_one_by_one(secret: int, low: int = 1, high: int = 100) -> list[int]:
    """The guesses of a player who tries low, low + 1, low + 2 … until right."""
    _check_secret(secret, low, high)
    return list(range(low, secret + 1))


def guesses_by_halving(secret: int, low: int = 1, high: int = 100) -> list[int]:
    """The guesses of a player who always tries the middle of what is still possible.

    This is binary search over the numbers low..high, so the two lessons count the same
    way: one guess, one step.
    """
    _check_secret(secret, low, high)
    return list(binary_search(range(low, high + 1), secret).looked_at)


def halving_ranges(secret: int, low: int = 1, high: int = 100) -> list[tuple[int, int]]:
    """The numbers still possible before each halving guess, as (smallest, biggest)."""
    ranges = []
    for guess in guesses_by_halving(secret, low, high):
        ranges.append((low, high))
        if guess < secret:
            low = guess + 1
        elif guess > secret:
            high = guess - 1
    return ranges


def most_guesses(low: int, high: int, halving: bool) -> int:
    """The most guesses a strategy can ever need for a secret in low..high.

    Found by playing every possible secret (no formula), so a learner can trust it the
    same way as the chart that plays every secret.
    """
    if not halving:
        return high - low + 1
    return max(len(guesses_by_halving(s, low, high)) for s in range(low, high + 1))


# ------------------------------------------------------------------ sorting
@dataclass(frozen=True)
class SortResult:
    """A sorted copy of the items, with the comparisons (and swaps) it took."""

    items: list[Any]
    comparisons: int
    swaps: int = 0

    def __repr__(self) -> str:
        return tr(zh="排好了：{i}\n比较了 {c} 次。", en="Sorted: {i}\nComparisons: {c}.").format(
            i=self.items, c=self.comparisons)


def smallest_from(items: Sequence[Any], start: int) -> tuple[int, int]:
    """Where the smallest of ``items[start:]`` is, and the comparisons it took to find it.

    Keep the smallest seen so far and compare it with each of the others: k items take
    k - 1 comparisons, however they are arranged.
    """
    best, comparisons = start, 0
    for i in range(start + 1, len(items)):
        comparisons += 1
        if items[i] < items[best]:
            best = i
    return best, comparisons


def selection_sort(items: Iterable[Any]) -> SortResult:
    """Sort as many people sort a hand of cards: find the smallest, put it first, repeat.

    Always n(n-1)/2 comparisons for n items, so doubling the list makes about four
    times the work.
    """
    work = list(items)
    comparisons = swaps = 0
    for start in range(len(work) - 1):
        best, looked = smallest_from(work, start)
        comparisons += looked
        if best != start:
            work[start], work[best] = work[best], work[start]
            swaps += 1
    return SortResult(work, comparisons, swaps)


class _Counted:
    """A value that adds one to a shared counter each time it is compared with ``<``.

    Python's sort compares only with ``<``, so wrapping every item in one of these counts
    exactly the comparisons ``sorted()`` makes, without changing how it sorts.
    """

    __slots__ = ("value", "counter")

    def __init__(self, value: Any, counter: list[int]) -> None:
        self.value, self.counter = value, counter

    def __lt__(self, other: _Counted) -> bool:
        self.counter[0] += 1
        return self.value < other.value


def sorted_counting(items: Iterable[Any]) -> SortResult:
    """Python's own ``sorted()`` (Timsort), with its comparisons counted."""
    counter = [0]
    result = sorted(items, key=lambda value: _Counted(value, counter))
    return SortResult(result, counter[0])


def shuffled_numbers(n: int, seed: int = DEFAULT_SEED) -> list[int]:
    """The numbers 1..n in a fixed shuffled order (the same on every computer)."""
    numbers = list(range(1, n + 1))
    random.Random(seed).shuffle(numbers)
    return numbers


def measure_sorts(sizes: Iterable[int], seed: int = DEFAULT_SEED) -> pd.DataFrame:
    """Count comparisons of selection sort and of ``sorted()`` on shuffled lists of size n.

    Columns: ``n``, ``selection_comparisons``, ``sorted_comparisons``.
    """
    rows = []
    for n in sizes:
        numbers = shuffled_numbers(n, seed)
        rows.append({"n": n,
                     "selection_comparisons": selection_sort(numbers).comparisons,
                     "sorted_comparisons": sorted_counting(numbers).comparisons})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ widgets
BIG = "font-size:1.35em; line-height:1.6"
GREEN, YELLOW, LIGHT, RED = "#009E73", "#F0E442", "#F4F4F4", "#D55E00"


def _html(text: str) -> str:
    return f'<div style="{BIG}">{text}</div>'


class _Shows:
    """Lets an activity object display as its widget when it ends a notebook cell."""

    widget: Any

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


class Quiz(_Shows):
    """A multiple-choice check with "hint" and "explain" buttons under it.

    Young learners should not have to type ``hint("…")``: the buttons show the next hint
    (a nudge first) and the worked solution. ``radio``, ``button`` and ``result`` are the
    inner :func:`suyang.check.choice_widget`'s, so a test drives it the same way.
    """

    def __init__(self, qid: str) -> None:
        import ipywidgets as widgets

        from ..check import choice_widget, help_buttons

        self.qid = qid
        self.box = choice_widget(qid)
        self.radio, self.button = self.box.radio, self.box.button
        helper = help_buttons(qid)
        self.hint_button, self.solution_button = helper.hint_button, helper.solution_button
        self.help = helper.out
        self.widget = widgets.VBox([self.box, helper])

    @property
    def result(self) -> Any:
        return self.box.result


class GuessGame(_Shows):
    """Guess my number, 1–100: a slider, a "guess" button and the replies so far.

    The secret is random for play; ``new_game(secret=…)`` fixes it (tests, a teacher's
    demo). ``guesses`` and ``replies`` ('bigger' / 'smaller' / 'right') hold the game.
    """

    def __init__(self, low: int = 1, high: int = 100) -> None:
        import ipywidgets as widgets

        self.low, self.high = low, high
        self.slider = widgets.IntSlider(value=(low + high) // 2, min=low, max=high,
                                        description=tr(zh="我猜", en="My guess"),
                                        layout={"width": "560px"})
        self.button = widgets.Button(description=tr(zh="猜这个数！", en="Guess it!"),
                                     button_style="primary", icon="question",
                                     layout={"width": "180px", "height": "44px"},
                                     style={"font_size": "18px"})
        self.new_button = widgets.Button(description=tr(zh="换一个秘密数", en="New secret"),
                                         icon="refresh",
                                         layout={"width": "180px", "height": "44px"},
                                         style={"font_size": "18px"})
        self.board = widgets.HTML()
        self.button.on_click(lambda _: self.guess(self.slider.value))
        self.new_button.on_click(lambda _: self.new_game())
        self.widget = widgets.VBox([self.slider,
                                    widgets.HBox([self.button, self.new_button]),
                                    self.board])
        self.new_game()

    def new_game(self, secret: int | None = None) -> None:
        """Start again with a new secret (random unless given)."""
        self.secret = secret if secret is not None else random.randint(self.low, self.high)
        _check_secret(self.secret, self.low, self.high)
        self.guesses: list[int] = []
        self.replies: list[str] = []
        self.possible = (self.low, self.high)
        self._draw(tr(zh="我想好了一个 {a}～{b} 之间的数。拖动滑块，点“猜这个数！”",
                      en="I'm thinking of a number from {a} to {b}. Move the slider and "
                         "press “Guess it!”").format(a=self.low, b=self.high))

    def guess(self, number: int) -> str:
        """Play one guess; returns 'bigger', 'smaller' or 'right'."""
        if self.replies and self.replies[-1] == "right":
            self._draw(tr(zh="这一局已经猜对啦！点“换一个秘密数”再玩一局。",
                          en="You've already got it! Press “New secret” to play again."))
            return "right"
        low, high = self.possible
        wasted = not low <= number <= high
        self.guesses.append(number)
        if number < self.secret:
            reply = "bigger"
            self.possible = (max(low, number + 1), high)
        elif number > self.secret:
            reply = "smaller"
            self.possible = (low, min(high, number - 1))
        else:
            reply = "right"
        self.replies.append(reply)
        note = ""
        if wasted:
            note = tr(zh="（提醒：早就知道它在 {a}～{b} 之间了，这一次白猜啦。）",
                      en=" (Remember: you already knew it was from {a} to {b}, so that "
                         "guess was wasted.)").format(a=low, b=high)
        if reply == "right":
            message = tr(zh="🎉 猜对了！秘密数就是 {n}。你一共猜了 {k} 次。",
                         en="🎉 Right! The secret was {n}. You took {k} guesses.").format(
                n=number, k=len(self.guesses))
        else:
            said = tr(zh="大一点", en="bigger") if reply == "bigger" else \
                tr(zh="小一点", en="smaller")
            message = tr(zh="{n}？要再{said}！现在它在 {a}～{b} 之间。",
                         en="{n}? It's {said}! Now it's somewhere from {a} to {b}.").format(
                n=number, said=said, a=self.possible[0], b=self.possible[1])
        self._draw(message + note)
        return reply

    def _draw(self, message: str) -> None:
        arrows = {"bigger": "⬆️", "smaller": "⬇️", "right": "✅"}
        trail = " ".join(f"{g}{arrows[r]}" for g, r in zip(self.guesses, self.replies, strict=True))
        count = tr(zh="已经猜了 {k} 次", en="Guesses so far: {k}").format(k=len(self.guesses))
        self.board.value = _html(f"{message}<br><b>{count}</b>　{trail}")


class RobotRace(_Shows):
    """Two robots guess the same secret: one tries 1, 2, 3 …; the other halves.

    Moving the slider picks the secret; ``result`` holds both robots' guesses and counts,
    and a chart shows how halving shrinks the numbers still possible.
    """

    def __init__(self, low: int = 1, high: int = 100, secret: int = 73) -> None:
        import ipywidgets as widgets

        self.low, self.high = low, high
        self.result: dict[str, Any] = {}
        self.slider = widgets.IntSlider(value=secret, min=low, max=high,
                                        description=tr(zh="秘密数", en="Secret"),
                                        continuous_update=False,  # one chart per move
                                        layout={"width": "560px"})
        self.board = widgets.HTML()
        # an HTML widget, not an Output: output captured into an Output widget while a
        # cell runs can stall Voilà's executor (the app view never finishes loading)
        self.chart = widgets.HTML()
        self.slider.observe(lambda change: self.race(change["new"]), names="value")
        self.widget = widgets.VBox([self.slider, self.board, self.chart])
        self.race(secret)

    def race(self, secret: int) -> dict[str, Any]:
        slow = guesses_one_by_one(secret, self.low, self.high)
        fast = guesses_by_halving(secret, self.low, self.high)
        self.result = {"secret": secret, "one_by_one": len(slow), "halving": len(fast),
                       "halving_guesses": fast}
        shown = ", ".join(map(str, slow)) if len(slow) <= 6 else \
            f"{slow[0]}, {slow[1]}, {slow[2]}, …, {slow[-1]}"
        self.board.value = _html(
            tr(zh="🐢 一个一个猜的机器人：{g}<br>　　一共猜了 <b>{n} 次</b>",
               en="🐢 The one-by-one robot: {g}<br>　　Guesses: <b>{n}</b>").format(
                g=shown, n=len(slow))
            + "<br>"
            + tr(zh="🐇 对半猜的机器人：{g}<br>　　一共猜了 <b>{n} 次</b>",
                 en="🐇 The halving robot: {g}<br>　　Guesses: <b>{n}</b>").format(
                g=", ".join(map(str, fast)), n=len(fast)))
        self.chart.value = self._plot(secret)
        return self.result

    def _plot(self, secret: int) -> str:
        """The halving chart for ``secret``, as HTML (an image with its alt text)."""
        import matplotlib.pyplot as plt

        from ..plotting import figure_html

        ranges = halving_ranges(secret, self.low, self.high)
        guesses = guesses_by_halving(secret, self.low, self.high)
        fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(ranges) + 1.4))
        for row, ((a, b), g) in enumerate(zip(ranges, guesses, strict=True), start=1):
            ax.barh(row, b - a + 1, left=a - 0.5, color="#56B4E9", height=0.6)
            ax.plot([g], [row], marker="v", color=RED, markersize=11)
            ax.text(self.high + 2, row, tr(zh="还剩 {k} 个数", en="{k} left").format(
                k=b - a + 1), va="center")
        ax.set_yticks(range(1, len(ranges) + 1))
        ax.set_yticklabels([tr(zh="第 {i} 次", en="Guess {i}").format(i=i)
                            for i in range(1, len(ranges) + 1)])
        ax.invert_yaxis()
        ax.set_xlim(self.low - 1, self.high + 22)
        ax.set_xticks(range(self.low - 1, self.high + 1, max(1, (self.high - self.low + 1) // 5)))
        ax.set_title(tr(zh="对半猜：每猜一次，剩下的数少一半（秘密数 {s}）",
                        en="Halving: each guess throws away half (secret {s})").format(
            s=secret))
        ax.set_xlabel(tr(zh="蓝色：秘密数可能在的地方；红色三角：这一次猜的数",
                         en="Blue: where the secret could still be. Red triangle: the guess"))
        alt = tr(
            zh="条形图：对半猜秘密数 {s}，每一行是一次猜测，蓝色的可能范围从 {n} 个数一次次"
               "减半，猜了 {k} 次就猜中。",
            en="Bar chart: halving towards the secret {s}. Each row is one guess, and the "
               "blue range of possible numbers halves from {n} each time until guess {k} "
               "hits it.").format(s=secret, n=self.high - self.low + 1, k=len(guesses))
        try:
            return figure_html(fig, alt)
        finally:
            plt.close(fig)


class GuessRange(_Shows):
    """How many guesses at most, for 1–10, 1–100 or 1–1000? Big numbers, no chart."""

    def __init__(self, tops: Sequence[int] = (10, 100, 1000), value: int = 100) -> None:
        import ipywidgets as widgets

        self.result: dict[str, int] = {}
        self.picker = widgets.ToggleButtons(
            options=[(f"1～{top}", top) for top in tops], value=value,
            style={"button_width": "120px", "font_weight": "bold"})
        self.board = widgets.HTML()
        self.picker.observe(lambda change: self.show_range(change["new"]), names="value")
        self.widget = widgets.VBox([self.picker, self.board])
        self.show_range(value)

    def show_range(self, top: int) -> dict[str, int]:
        slow, fast = most_guesses(1, top, halving=False), most_guesses(1, top, halving=True)
        self.result = {"top": top, "one_by_one": slow, "halving": fast}
        self.board.value = _html(tr(
            zh="秘密数在 1～{t} 之间时，最多要猜几次？<br>"
               "🐢 一个一个猜：最多 <b style='font-size:1.5em'>{s}</b> 次<br>"
               "🐇 对半猜：最多 <b style='font-size:1.5em'>{f}</b> 次",
            en="If the secret is from 1 to {t}, what's the most guesses you could need?<br>"
               "🐢 One by one: up to <b style='font-size:1.5em'>{s}</b><br>"
               "🐇 Halving: up to <b style='font-size:1.5em'>{f}</b>").format(
            t=top, s=slow, f=fast))
        return self.result


def _card_text(value: int) -> str:
    return f"♥ {value}"


class CardHand(_Shows):
    """A hand of cards as big buttons: click one card, then another, and they swap.

    ``cards`` is the hand now, ``swaps`` the swaps made; ``is_sorted`` says when the hand
    goes from small to big.
    """

    def __init__(self, cards: Sequence[int]) -> None:
        import ipywidgets as widgets

        self.start = list(cards)
        self.buttons = [widgets.Button(layout={"width": "74px", "height": "100px"},
                                       style={"font_size": "24px", "font_weight": "bold",
                                              "text_color": RED})
                        for _ in self.start]
        for i, button in enumerate(self.buttons):
            button.on_click(lambda _, i=i: self.click_card(i))
        self.reset_button = widgets.Button(description=tr(zh="重新发牌", en="Deal again"),
                                           icon="refresh", style={"font_size": "16px"})
        self.reset_button.on_click(lambda _: self.reset())
        self.board = widgets.HTML()
        self.widget = widgets.VBox([widgets.HBox(self.buttons), self.board,
                                    self.reset_button])
        self.reset()

    def reset(self) -> None:
        self.cards = list(self.start)
        self.swaps = 0
        self.picked: int | None = None
        self._draw(tr(zh="点一张牌，再点另一张，它们就会交换位置。把牌从小到大排好吧！",
                      en="Click a card, then another card, and they swap places. "
                         "Put the cards in order, smallest first!"))

    @property
    def is_sorted(self) -> bool:
        return all(a <= b for a, b in zip(self.cards, self.cards[1:], strict=False))

    def click_card(self, i: int) -> None:
        if self.is_sorted and self.swaps:
            return
        if self.picked is None:
            self.picked = i
            self._draw(tr(zh="拿起了 {c}。再点一张牌，和它交换。",
                          en="You picked up {c}. Now click the card to swap it with.").format(
                c=_card_text(self.cards[i])))
            return
        j, self.picked = self.picked, None
        if i != j:
            self.cards[i], self.cards[j] = self.cards[j], self.cards[i]
            self.swaps += 1
        if self.is_sorted:
            self._draw(tr(zh="🎉 排好了！你一共交换了 {k} 次。",
                          en="🎉 All in order! You made {k} swaps.").format(k=self.swaps))
        else:
            self._draw(tr(zh="交换了 {k} 次。继续！", en="Swaps so far: {k}. Keep going!").format(
                k=self.swaps))

    def _draw(self, message: str) -> None:
        for i, (button, value) in enumerate(zip(self.buttons, self.cards, strict=True)):
            button.description = _card_text(value)
            button.style.button_color = YELLOW if i == self.picked else \
                ("#BFE9DA" if self.is_sorted else LIGHT)
        self.board.value = _html(message)


class SortRobot(_Shows):
    """A robot that sorts a hand by "find the smallest, put it first", one round a click.

    It can compare only two cards at a time, so it counts every comparison; the cards
    already in place turn green. ``comparisons`` and ``cards`` hold where it has got to.
    """

    def __init__(self, cards: Sequence[int]) -> None:
        import ipywidgets as widgets

        self.start = list(cards)
        self.buttons = [widgets.Button(disabled=False,
                                       layout={"width": "74px", "height": "100px"},
                                       style={"font_size": "24px", "font_weight": "bold",
                                              "text_color": RED})
                        for _ in self.start]
        self.step_button = widgets.Button(description=tr(zh="机器人走一步", en="Robot: next step"),
                                          button_style="primary", icon="play",
                                          layout={"width": "200px", "height": "44px"},
                                          style={"font_size": "18px"})
        self.reset_button = widgets.Button(description=tr(zh="从头再来", en="Start again"),
                                           icon="refresh",
                                           layout={"width": "160px", "height": "44px"},
                                           style={"font_size": "18px"})
        self.step_button.on_click(lambda _: self.step())
        self.reset_button.on_click(lambda _: self.reset())
        self.board = widgets.HTML()
        self.widget = widgets.VBox([widgets.HBox(self.buttons),
                                    widgets.HBox([self.step_button, self.reset_button]),
                                    self.board])
        self.reset()

    def reset(self) -> None:
        self.cards = list(self.start)
        self.done = 0  # how many cards at the front are already in place
        self.comparisons = 0
        self.rounds: list[int] = []  # comparisons in each round
        self._draw(tr(zh="点“机器人走一步”，看它怎样排牌。",
                      en="Press “Robot: next step” to watch how it sorts."), None)

    @property
    def finished(self) -> bool:
        return self.done >= len(self.cards) - 1

    def step(self) -> None:
        """One round: find the smallest of the cards not yet in place, move it forward."""
        if self.finished:
            self.done = len(self.cards)
            self._draw(tr(zh="🎉 排好了！机器人一共比较了 <b>{c} 次</b>（{parts}）。",
                          en="🎉 Sorted! The robot made <b>{c} comparisons</b> in all "
                             "({parts}).").format(c=self.comparisons,
                                                   parts=" + ".join(map(str, self.rounds))),
                       None)
            return
        left = len(self.cards) - self.done
        best, looked = smallest_from(self.cards, self.done)
        self.comparisons += looked
        self.rounds.append(looked)
        smallest = self.cards[best]
        self.cards[self.done], self.cards[best] = self.cards[best], self.cards[self.done]
        place = self.done
        self.done += 1
        if self.finished:
            self.done = len(self.cards)
        message = tr(zh="第 {r} 轮：剩下 {n} 张牌，两张两张地比，比了 {k} 次，找到最小的是 {c}，"
                        "把它放到第 {p} 个位置。<br>到现在一共比较了 <b>{t} 次</b>。",
                     en="Round {r}: {n} cards left. Comparing two at a time took {k} "
                        "comparisons to find the smallest, {c}. It goes in place {p}.<br>"
                        "Comparisons so far: <b>{t}</b>.").format(
            r=len(self.rounds), n=left, k=looked, c=_card_text(smallest), p=place + 1,
            t=self.comparisons)
        if self.done == len(self.cards):
            message += "<br>" + tr(
                zh="🎉 只剩最后一张，不用比就知道它最大。排好了！"
                   "一共比较了 <b>{c} 次</b>（{parts}）。",
                en="🎉 The last card must be the biggest: no need to compare. Sorted, with "
                   "<b>{c} comparisons</b> in all ({parts}).").format(
                c=self.comparisons, parts=" + ".join(map(str, self.rounds)))
        self._draw(message, place)

    def _draw(self, message: str, just_placed: int | None) -> None:
        for i, (button, value) in enumerate(zip(self.buttons, self.cards, strict=True)):
            button.description = _card_text(value)
            if i == just_placed:
                button.style.button_color = YELLOW
            else:
                button.style.button_color = "#BFE9DA" if i < self.done else LIGHT
        self.board.value = _html(message)


class SortCounter(_Shows):
    """A slider for how many shuffled cards the robot sorts, and the comparisons it made.

    The app view's "try another number" (no code to edit): each move of the slider sorts
    ``shuffled_numbers(n)`` with :func:`selection_sort` and says the count in words.
    ``result`` holds n and the comparisons.
    """

    def __init__(self, cards: int = 8, low: int = 2, high: int = 50) -> None:
        import ipywidgets as widgets

        self.result: dict[str, int] = {}
        self.slider = widgets.IntSlider(value=cards, min=low, max=high,
                                        description=tr(zh="几张牌", en="Cards"),
                                        continuous_update=False, layout={"width": "560px"})
        self.board = widgets.HTML()
        self.slider.observe(lambda change: self.count(change["new"]), names="value")
        self.widget = widgets.VBox([self.slider, self.board])
        self.count(cards)

    def count(self, n: int) -> dict[str, int]:
        comparisons = selection_sort(shuffled_numbers(n)).comparisons
        self.result = {"cards": n, "comparisons": comparisons}
        self.board.value = _html(tr(
            zh="机器人排 {n} 张打乱的牌，一共比较了 <b style='font-size:1.5em'>{c}</b> 次。",
            en="Sorting {n} shuffled cards, the robot made "
               "<b style='font-size:1.5em'>{c}</b> comparisons.").format(n=n, c=comparisons))
        return self.result


# ------------------------------------------------------------------ middle-school races
SEARCH_SIZES = (10, 100, 1_000, 10_000, 100_000, 1_000_000)
SORT_SIZES = (10, 50, 100, 200, 500, 1_000)


def _target_for(kind: str, n: int) -> int:
    return {"first": 1, "middle": (n + 1) // 2, "last": n, "missing": n + 1}[kind]


class SearchRace(_Shows):
    """Linear vs binary search on the sorted list 1..n: pick n and where the target is.

    ``result`` holds n, the target and both step counts; a bar chart compares them.
    """

    def __init__(self, sizes: Sequence[int] = SEARCH_SIZES, size: int = 1_000,
                 target: str = "last") -> None:
        import ipywidgets as widgets

        self.result: dict[str, Any] = {}
        self.size = widgets.SelectionSlider(
            options=[(f"{n:,}", n) for n in sizes], value=size,
            description=tr(zh="名单长度", en="List size"), layout={"width": "520px"})
        self.target = widgets.ToggleButtons(
            options=[(tr(zh="第一个", en="First"), "first"),
                     (tr(zh="正中间", en="Middle"), "middle"),
                     (tr(zh="最后一个", en="Last"), "last"),
                     (tr(zh="不在名单里", en="Not there"), "missing")],
            value=target, description=tr(zh="要找的数", en="Target"))
        self.out = widgets.Output()
        for control in (self.size, self.target):
            control.observe(lambda _: self.race(), names="value")
        self.widget = widgets.VBox([self.size, self.target, self.out])
        self.race()

    def race(self) -> dict[str, Any]:
        import matplotlib.pyplot as plt

        from ..plotting import show

        n = self.size.value
        target = _target_for(self.target.value, n)
        items = range(1, n + 1)
        linear, binary = linear_search(items, target).steps, binary_search(items, target).steps
        self.result = {"n": n, "target": target, "linear": linear, "binary": binary}
        self.out.clear_output(wait=True)
        with self.out:
            fig, ax = plt.subplots(figsize=(7.5, 2.6))
            labels = [tr(zh="线性查找", en="Linear search"), tr(zh="二分查找", en="Binary search")]
            bars = ax.barh(labels, [linear, binary], color=["#E69F00", "#0072B2"])
            ax.bar_label(bars, labels=[f"{linear:,}", f"{binary:,}"], padding=4)
            ax.invert_yaxis()
            ax.set_xlim(0, max(linear, binary) * 1.25)
            ax.set_title(tr(zh="在 1～{n:,} 里找 {t:,}：各要几步？",
                            en="Finding {t:,} among 1 to {n:,}: how many steps?").format(
                n=n, t=target))
            ax.set_xlabel(tr(zh="步数（比较的次数）", en="Steps (comparisons)"))
            ax.xaxis.set_major_formatter("{x:,.0f}")
            show(fig, alt=tr(
                zh="条形图：在 {n:,} 个排好序的数里找 {t:,}，线性查找用了 {a:,} 步，"
                   "二分查找用了 {b:,} 步。",
                en="Bar chart: finding {t:,} in a sorted list of {n:,} numbers took {a:,} "
                   "steps with linear search and {b:,} with binary search.").format(
                n=n, t=target, a=linear, b=binary))
        return self.result


class SortRace(_Shows):
    """Selection sort vs Python's sorted() on the same shuffled list: pick its length.

    ``result`` holds n and both comparison counts; a bar chart compares them.
    """

    def __init__(self, sizes: Sequence[int] = SORT_SIZES, size: int = 100,
                 seed: int = DEFAULT_SEED) -> None:
        import ipywidgets as widgets

        self.seed = seed
        self.result: dict[str, Any] = {}
        self.size = widgets.SelectionSlider(
            options=[(f"{n:,}", n) for n in sizes], value=size,
            description=tr(zh="几个数", en="How many"), layout={"width": "520px"})
        self.out = widgets.Output()
        self.size.observe(lambda _: self.race(), names="value")
        self.widget = widgets.VBox([self.size, self.out])
        self.race()

    def race(self) -> dict[str, Any]:
        import matplotlib.pyplot as plt

        from ..plotting import show

        n = self.size.value
        numbers = shuffled_numbers(n, self.seed)
        simple, python = selection_sort(numbers).comparisons, sorted_counting(numbers).comparisons
        self.result = {"n": n, "selection": simple, "sorted": python}
        self.out.clear_output(wait=True)
        with self.out:
            fig, ax = plt.subplots(figsize=(7.5, 2.6))
            labels = [tr(zh="选择排序", en="Selection sort"), "sorted()"]
            bars = ax.barh(labels, [simple, python], color=["#E69F00", "#009E73"])
            ax.bar_label(bars, labels=[f"{simple:,}", f"{python:,}"], padding=4)
            ax.invert_yaxis()
            ax.set_xlim(0, max(simple, python) * 1.25)
            ax.set_title(tr(zh="把 {n:,} 个打乱的数排好：各比较了几次？",
                            en="Sorting {n:,} shuffled numbers: how many comparisons?").format(
                n=n))
            ax.set_xlabel(tr(zh="比较的次数", en="Comparisons"))
            ax.xaxis.set_major_formatter("{x:,.0f}")
            show(fig, alt=tr(
                zh="条形图：排 {n:,} 个打乱的数，选择排序比较了 {a:,} 次，"
                   "sorted() 比较了 {b:,} 次。",
                en="Bar chart: sorting {n:,} shuffled numbers took {a:,} comparisons with "
                   "selection sort and {b:,} with sorted().").format(n=n, a=simple, b=python))
        return self.result
