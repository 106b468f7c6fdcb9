"""Online-safety activities for primary lessons: passwords, what to share, footprints.

Two ideas a ten-year-old can hold, each made into something to click:

* **How hard is a password to guess?** A guesser who knows nothing must try every
  possibility, and the number of possibilities is ``(kinds of character) ** length``: each
  extra character multiplies the work, each extra kind of character makes every place
  harder. But guessers are not blind: they try the most common passwords, names with
  birthdays and keyboard rows first, so those are weak however they look. The
  :class:`PasswordLab`, :class:`ExampleMeter` and :class:`PassphraseMaker` widgets show
  this **without ever asking for a password**: a child moves a length slider and switches
  kinds of character on, or picks a made-up example from a list, so nothing real is ever
  typed into a notebook (which a teacher, a classmate or a saved file could see). Only
  :class:`PretendPasswordMeter` takes typing, of a password the child makes up: a
  password box shows dots, and the meter says its length and kinds, never the text.
* **Everything done online leaves a trace.** :class:`FootprintDay` walks through one
  simulated school day; each choice leaves traces with two properties, *who can see
  them* and *how long they last*, drawn on a footprint map. Some traces can hurt the
  child or someone else (personal information to strangers, a classmate's photo passed
  on, an unkind word) and are marked.

:class:`SortingCards` sorts information into "OK to share / ask an adult first / never
share" and checks the sort with :func:`suyang.check.evaluate`.

The numbers are teaching models, stated as such in the lessons: a guessing computer
assumed to try ten billion passwords a second (a fast offline attack; a website that
locks an account after a few tries is far slower, so the meter errs on the careful
side), and a passphrase word list of 7,776 words (the size of the dice word lists, five
dice rolls per word). Everything a learner reads comes in both languages.
"""

from __future__ import annotations

import html
import random
import string
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..i18n import pick, tr
from ..plotting import PALETTE

Bilingual = dict[str, str]

# ====================================================================== passwords
GUESSES_PER_SECOND = 10**10   # a fast guessing computer, assumed for the meter
PASSPHRASE_LIST_SIZE = 7776   # 6**5: a dice word list, five rolls of a die per word
MAX_LENGTH = 16
SECONDS_PER_YEAR = 365.25 * 24 * 3600


@dataclass(frozen=True)
class CharKind:
    """One kind of character a password can use, and how many there are of it."""

    key: str
    label: Bilingual
    chars: str

    @property
    def size(self) -> int:
        return len(self.chars)


CHAR_KINDS: dict[str, CharKind] = {k.key: k for k in [
    CharKind("lower", {"zh": "小写字母 a–z", "en": "small letters a–z"}, string.ascii_lowercase),
    CharKind("upper", {"zh": "大写字母 A–Z", "en": "capital letters A–Z"}, string.ascii_uppercase),
    CharKind("digits", {"zh": "数字 0–9", "en": "digits 0–9"}, string.digits),
    CharKind("symbols", {"zh": "符号 !@#…", "en": "symbols !@#…"}, string.punctuation),
]}


@dataclass(frozen=True)
class Level:
    """A band of the strength meter: below ``below`` guesses (None: no upper bound)."""

    key: str
    label: Bilingual
    colour: str
    below: int | None


# Bands by the number of guesses; at 10**10 a second they mean: under 0.01 s, under about
# 17 minutes, under about 4 months, under about 300 years, and more than that.
LEVELS: list[Level] = [
    Level("very_weak", {"zh": "很弱", "en": "Very weak"}, "#D55E00", 10**8),
    Level("weak", {"zh": "弱", "en": "Weak"}, "#E69F00", 10**13),
    Level("medium", {"zh": "中等", "en": "Medium"}, "#F0E442", 10**17),
    Level("strong", {"zh": "强", "en": "Strong"}, "#56B4E9", 10**20),
    Level("very_strong", {"zh": "很强", "en": "Very strong"}, "#009E73", None),
]


def level_for(guesses: int) -> Level:
    """The meter band for a number of guesses."""
    for level in LEVELS:
        if level.below is None or guesses < level.below:
            return level
    return LEVELS[-1]


def pool_size(kinds: Sequence[str]) -> int:
    """How many different characters can go in each place."""
    return sum(CHAR_KINDS[k].size for k in set(kinds))


def guess_count(length: int, kinds: Sequence[str]) -> int:
    """Every possible password of this length from these kinds: pool ** length (exact)."""
    pool = pool_size(kinds)
    return pool**length if pool and length > 0 else 0


def passphrase_guesses(n_words: int, list_size: int = PASSPHRASE_LIST_SIZE) -> int:
    """Possibilities for ``n_words`` words picked at random from a word list.

    Counted by words, not letters: a guesser who knows it is a passphrase tries words.
    """
    return list_size**n_words


def kinds_in(text: str) -> list[str]:
    """Which kinds of character a text uses (in the order of CHAR_KINDS)."""
    return [k.key for k in CHAR_KINDS.values() if any(c in k.chars for c in text)]


def _about(value: float, zh_unit: str, en_unit: str) -> Bilingual:
    shown = f"{value:.1f}" if value < 10 else f"{round(value):,}"
    if shown.endswith(".0"):
        shown = shown[:-2]
    en = en_unit if shown == "1" else en_unit + "s"
    return {"zh": f"约 {shown} {zh_unit}", "en": f"about {shown} {en}"}


def crack_time(guesses: int, lang: str | None = None) -> str:
    """How long the assumed guessing computer needs to try every possibility, in words."""
    seconds = guesses / GUESSES_PER_SECOND
    years = seconds / SECONDS_PER_YEAR
    if seconds < 1:
        text = {"zh": "不到 1 秒", "en": "less than a second"}
    elif seconds < 60:
        text = _about(seconds, "秒", "second")
    elif seconds < 3600:
        text = _about(seconds / 60, "分钟", "minute")
    elif seconds < 86400:
        text = _about(seconds / 3600, "小时", "hour")
    elif years < 1:
        text = _about(seconds / 86400, "天", "day")
    elif years < 10_000:
        text = _about(years, "年", "year")
    elif years < 10**8:
        text = {"zh": "超过 1 万年", "en": "more than 10,000 years"}
    else:
        text = {"zh": "超过 1 亿年", "en": "more than 100 million years"}
    return pick(text, lang)


@dataclass(frozen=True)
class Rating:
    """What the meter says about one password setting, example or passphrase."""

    guesses: int
    how: str          # how the number of guesses was counted, in the view's language
    note: str = ""    # a sentence about why (patterns a guesser tries first …)

    @property
    def level(self) -> Level:
        return level_for(self.guesses)

    @property
    def digits(self) -> int:
        """How many digits the number of guesses has: grade 4 reads big numbers this way."""
        return len(str(self.guesses))

    def as_dict(self) -> dict[str, Any]:
        return {"guesses": self.guesses, "digits": self.digits, "level": self.level.key}


def rate_settings(length: int, kinds: Sequence[str], lang: str | None = None) -> Rating:
    """Rate a password made of ``length`` characters picked at random from ``kinds``."""
    pool = pool_size(kinds)
    how = tr(lang, zh=f"{pool} 种字符，长度 {length}："
                      f"{pool} × {pool} × … （{length} 个 {pool} 相乘）",
             en=f"{pool} kinds of character, {length} long: {pool} × {pool} × … "
                f"({pool} multiplied together {length} times)")
    return Rating(guess_count(length, kinds), how)


def rate_passphrase(n_words: int, lang: str | None = None) -> Rating:
    """Rate ``n_words`` random words from the 7,776-word list."""
    n = PASSPHRASE_LIST_SIZE
    how = tr(lang, zh=f"词表里有 {n:,} 个词，挑 {n_words} 个："
                      f"{n:,} × {n:,} × … （{n_words} 个相乘）",
             en=f"{n:,} words in the list, {n_words} picked: {n:,} × {n:,} × … "
                f"({n_words} of them multiplied together)")
    note = tr(lang, zh="猜的人就算知道你用的是词语，也只能一个词一个词地试。",
              en="Even a guesser who knows you used words has to try them word by word.")
    return Rating(passphrase_guesses(n_words), how, note)


# ------------------------------------------------------------ made-up examples
# What a smart guesser tries first, and roughly how many tries that takes.
PATTERNS: dict[str, tuple[int, Bilingual]] = {
    "common": (1_000, {
        "zh": "它在“最常见密码”名单的最前面。猜密码的人第一批就试这些，几下就中。",
        "en": "It's near the top of every 'most common passwords' list. Guessers try "
              "those first, so it falls in a handful of tries."}),
    "keyboard": (1_000, {
        "zh": "这是键盘上挨着的一排键，早就在常见密码名单里了。",
        "en": "It's just a row of keys next to each other on the keyboard, and it has "
              "been on the common-passwords list for years."}),
    "name_year": (1_000_000, {
        "zh": "名字加出生年份：先试一万个常见名字，再配上一百个年份，一百万次就够了。"
              "而且同学、网友都可能知道你的名字和生日。",
        "en": "A name plus a birth year: try ten thousand common names with a hundred "
              "years each — a million tries is enough. And classmates and people online "
              "may already know your name and birthday."}),
    "swaps": (100_000, {
        "zh": "把 a 换成 @、o 换成 0，看着复杂，可猜密码的程序早就会这一招了。",
        "en": "Swapping a for @ and o for 0 looks clever, but guessing programs "
              "learned that trick long ago."}),
}


@dataclass(frozen=True)
class Example:
    """A made-up password to put on the meter. Never a real one."""

    key: str
    text: Bilingual
    pattern: str | None = None   # a key of PATTERNS, "words", or None (random characters)
    n_words: int = 0

    def shown(self, lang: str | None = None) -> str:
        return pick(self.text, lang)

    def rate(self, lang: str | None = None) -> Rating:
        if self.pattern in PATTERNS:
            guesses, note = PATTERNS[self.pattern]
            how = tr(lang, zh=f"聪明的猜法：大约 {guesses:,} 次以内",
                     en=f"Guessing the smart way: within about {guesses:,} tries")
            return Rating(guesses, how, pick(note, lang))
        if self.pattern == "words":
            return rate_passphrase(self.n_words, lang)
        text = self.shown(lang)
        rating = rate_settings(len(text), kinds_in(text), lang)
        note = tr(lang, zh="随便乱挑的字符，很难猜——可也很难记，容易被写在便利贴上。",
                  en="Random characters are hard to guess — but hard to remember, too, "
                     "so they end up on a sticky note.") if rating.digits > 17 else ""
        return Rating(rating.guesses, rating.how, note)


EXAMPLES: list[Example] = [
    Example("123456", {"zh": "123456", "en": "123456"}, "common"),
    Example("qwerty", {"zh": "qwerty", "en": "qwerty"}, "keyboard"),
    Example("name_year", {"zh": "xiaoming2014", "en": "tommy2014"}, "name_year"),
    Example("swaps", {"zh": "P@ssw0rd", "en": "P@ssw0rd"}, "swaps"),
    Example("short_random", {"zh": "k7#Qp", "en": "k7#Qp"}),
    Example("long_random", {"zh": "mT9$vL2!qZ", "en": "mT9$vL2!qZ"}),
    Example("passphrase", {"zh": "xigua-feiji-lanse-tiaowu-xiongmao",
                           "en": "melon-plane-blue-dance-panda"}, "words", n_words=5),
]


# ------------------------------------------------------------ the meter, drawn
def _big(text: str) -> str:
    return f'<div style="font-size:1.2em; line-height:1.7">{text}</div>'


def _a_an(number: int) -> str:
    """English article before a number said aloud: "an 8", "an 11", "an 18", "a 9"."""
    return "an" if number in (11, 18) or str(number).startswith("8") else "a"


def meter_html(rating: Rating, lang: str | None = None, show_count: bool = True) -> str:
    """The strength meter as HTML: five segments, the level, the count and the time."""
    level = rating.level
    index = LEVELS.index(level)
    segments = "".join(
        f'<span style="display:inline-block; width:64px; height:22px; margin-right:4px; '
        f'border:1px solid #444; border-radius:4px; '
        f'background:{lv.colour if i <= index else "#ffffff"}"></span>'
        for i, lv in enumerate(LEVELS))
    chip = (f'<b style="background:{level.colour}; color:#000; padding:2px 10px; '
            f'border-radius:6px">{html.escape(pick(level.label, lang))}</b>')
    lines = [f"{segments} &nbsp; {chip}"]
    if show_count:
        count = f"{rating.guesses:,}"
        lines.append(tr(lang, zh=f"🔢 {html.escape(rating.how)}",
                        en=f"🔢 {html.escape(rating.how)}"))
        lines.append(tr(lang, zh=f"要试的可能：<b>{count}</b>（一个 {rating.digits} 位数）",
                        en=f"Possibilities to try: <b>{count}</b> "
                           f"({_a_an(rating.digits)} {rating.digits}-digit number)"))
    time = crack_time(rating.guesses, lang)
    lines.append(tr(lang, zh=f"🤖 一台每秒能猜 100 亿次的电脑，全部试完最多要：<b>{time}</b>",
                    en=f"🤖 A computer guessing 10 billion times a second needs at most: "
                       f"<b>{time}</b>"))
    if rating.note:
        lines.append(f"💬 {html.escape(rating.note)}")
    return _big("<br>".join(lines))


def sample_password(length: int, kinds: Sequence[str]) -> str:
    """What a random password with these settings looks like (the same one every time).

    Shown so a child sees what "mixed" means; the lesson says not to use it, since the
    whole class can see it.
    """
    kinds = [k for k in CHAR_KINDS if k in set(kinds)]
    if not kinds or length < 1:
        return ""
    rng = random.Random(f"{length}:{','.join(kinds)}")
    pool = "".join(CHAR_KINDS[k].chars for k in kinds)
    chars = [rng.choice(CHAR_KINDS[k].chars) for k in kinds][:length]
    chars += [rng.choice(pool) for _ in range(length - len(chars))]
    rng.shuffle(chars)
    return "".join(chars)


def _judge(qid: str, answer: Any, unanswered: Bilingual | None = None) -> Any:
    """``check.evaluate``, but a widget that is not finished says so in its own words
    (which button to press), not the notebook's "replace ... and run the cell"."""
    from ..check import CheckResult, evaluate

    if unanswered is not None and (answer is None or answer is ...):
        return CheckResult(qid, "unanswered", pick(unanswered))
    return evaluate(qid, answer)


def answer_box(qid: str, get_answer: Callable[[], Any], description: Bilingual,
               unanswered: Bilingual | None = None) -> Any:
    """A button that sends what a widget currently shows to ``check.evaluate``.

    Primary pupils answer by setting a slider or choices, not by typing; the box keeps
    its last result in ``.result`` (like ``choice_widget``) so tests can drive it.
    ``unanswered`` is what to say when the widget is not finished yet; ``.clear()``
    removes the feedback when the answer on screen changes, so it never goes stale.
    """
    import ipywidgets as widgets
    from IPython.display import Markdown, display

    button = widgets.Button(description=pick(description), button_style="primary",
                            icon="check", layout={"width": "max-content"})
    out = widgets.Output()
    box = widgets.VBox([button, out])
    box.result = None
    box.button = button

    def on_click(_: Any) -> None:
        box.result = _judge(qid, get_answer(), unanswered)
        out.clear_output()
        with out:
            display(Markdown(box.result._repr_markdown_()))

    def clear() -> None:
        if box.result is not None:
            box.result = None
            out.clear_output()

    button.on_click(on_click)
    box.out, box.clear = out, clear
    return box


class PasswordLab:
    """Build a pretend password from a length and kinds of character; the meter reacts.

    Nothing is typed: this is the point. ``.result`` holds what the meter shows
    (length, kinds, pool, guesses, digits, level, sample).
    """

    def __init__(self, length: int = 6, kinds: Sequence[str] = ("digits",),
                 check_qid: str | None = None) -> None:
        import ipywidgets as widgets

        self.length = widgets.IntSlider(value=length, min=1, max=MAX_LENGTH,
                                        description=tr(zh="长度", en="Length"),
                                        layout={"width": "460px"})
        self.kinds = {
            key: widgets.ToggleButton(value=key in kinds, description=pick(kind.label),
                                      layout={"width": "auto"})
            for key, kind in CHAR_KINDS.items()}
        self.meter = widgets.HTML()
        self.result: dict[str, Any] = {}
        for w in (self.length, *self.kinds.values()):
            w.observe(self._update, names="value")
        parts = [
            widgets.HTML(_big(tr(zh="① 拖动滑块，选密码有多长：",
                                 en="① Drag the slider to choose how long it is:"))),
            self.length,
            widgets.HTML(_big(tr(zh="② 点按钮，选用哪几种字符（可以多选）：",
                                 en="② Click to choose which kinds of character it uses "
                                    "(as many as you like):"))),
            widgets.HBox(list(self.kinds.values())),
            self.meter,
        ]
        self.answer = None
        if check_qid:
            self.answer = answer_box(check_qid, lambda: self.length.value,
                                     {"zh": "用现在的长度回答", "en": "Answer with this length"})
            parts.append(self.answer)
        self.widget = widgets.VBox(parts)
        self._update()

    def chosen(self) -> list[str]:
        return [k for k, w in self.kinds.items() if w.value]

    def _update(self, _: Any = None) -> None:
        kinds = self.chosen()
        if getattr(self, "answer", None) is not None:
            self.answer.clear()
        for w in self.kinds.values():
            w.icon = "check" if w.value else ""
        if not kinds:
            self.result = {"length": self.length.value, "kinds": [], "level": None}
            self.meter.value = _big(tr(zh="⚠️ 至少选一种字符哦！", en="⚠️ Choose at least one kind!"))
            return
        rating = rate_settings(self.length.value, kinds)
        sample = sample_password(self.length.value, kinds)
        self.result = {"length": self.length.value, "kinds": kinds,
                       "pool": pool_size(kinds), **rating.as_dict(), "sample": sample}
        looks = tr(zh=f"👀 看起来像这样：<code>{html.escape(sample)}</code>"
                      "（只是例子，全班都看见了，可别拿它当密码！）",
                   en=f"👀 It might look like this: <code>{html.escape(sample)}</code> "
                      "(just an example — the whole class can see it, so never use it!)")
        self.meter.value = meter_html(rating) + _big(looks)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


class ExampleMeter:
    """Put one of the made-up EXAMPLES on the meter, chosen from a drop-down list."""

    def __init__(self, examples: Sequence[Example] = tuple(EXAMPLES)) -> None:
        import ipywidgets as widgets

        self.examples = {e.key: e for e in examples}
        self.picker = widgets.Dropdown(
            options=[(e.shown(), e.key) for e in examples], value=examples[0].key,
            description=tr(zh="例子", en="Example"), layout={"width": "460px"})
        self.meter = widgets.HTML()
        self.result: dict[str, Any] = {}
        self.picker.observe(self._update, names="value")
        self.widget = widgets.VBox([self.picker, self.meter])
        self._update()

    def _update(self, _: Any = None) -> None:
        example = self.examples[self.picker.value]
        rating = example.rate()
        self.result = {"example": example.key, "pattern": example.pattern, **rating.as_dict()}
        self.meter.value = meter_html(rating)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


# ------------------------------------------------------------ passphrases
@dataclass(frozen=True)
class Word:
    """A word for the passphrase game: pinyin (typed in the zh view), its characters, English."""

    pinyin: str
    hanzi: str
    en: str


WORDS: list[Word] = [Word(*w) for w in [
    ("xigua", "西瓜", "melon"), ("feiji", "飞机", "plane"), ("lanse", "蓝色", "blue"),
    ("tiaowu", "跳舞", "dance"), ("xiongmao", "熊猫", "panda"), ("yueliang", "月亮", "moon"),
    ("qianbi", "铅笔", "pencil"), ("huoche", "火车", "train"), ("mifeng", "蜜蜂", "bee"),
    ("haitun", "海豚", "dolphin"), ("yusan", "雨伞", "umbrella"), ("fengzheng", "风筝", "kite"),
    ("caomei", "草莓", "strawberry"), ("laohu", "老虎", "tiger"), ("shitou", "石头", "stone"),
    ("yinyue", "音乐", "music"), ("lvse", "绿色", "green"), ("huangse", "黄色", "yellow"),
    ("benpao", "奔跑", "run"), ("changge", "唱歌", "sing"), ("mogu", "蘑菇", "mushroom"),
    ("huojian", "火箭", "rocket"), ("senlin", "森林", "forest"), ("dangao", "蛋糕", "cake"),
    ("konglong", "恐龙", "dinosaur"), ("xingxing", "星星", "star"), ("yezi", "叶子", "leaf"),
    ("jiqiren", "机器人", "robot"), ("pingguo", "苹果", "apple"), ("wugui", "乌龟", "turtle"),
    ("shandian", "闪电", "lightning"), ("youyong", "游泳", "swim"), ("zuqiu", "足球", "football"),
    ("chuanghu", "窗户", "window"), ("niunai", "牛奶", "milk"), ("dengpao", "灯泡", "bulb"),
    ("luobo", "萝卜", "carrot"), ("baozi", "包子", "bun"), ("tuzi", "兔子", "rabbit"),
    ("yinhe", "银河", "galaxy"), ("pubu", "瀑布", "waterfall"), ("qie", "企鹅", "penguin"),
]]


class PassphraseMaker:
    """Roll random words; the meter counts by words from a 7,776-word list.

    Our game list is short so a class can read it; the count uses the full list size,
    and the lesson says so. ``.result`` holds n_words, guesses, digits, level, phrase.
    """

    def __init__(self, n_words: int = 3, seed: int = 2024) -> None:
        import ipywidgets as widgets

        self._rng = random.Random(seed)
        self.words: list[Word] = self._rng.sample(WORDS, 6)
        self.n_words = widgets.IntSlider(value=n_words, min=2, max=6,
                                         description=tr(zh="几个词", en="Words"),
                                         layout={"width": "460px"})
        self.roll = widgets.Button(description=tr(zh="🎲 换一组词", en="🎲 Roll new words"),
                                   button_style="info", layout={"width": "max-content"})
        self.display = widgets.HTML()
        self.result: dict[str, Any] = {}
        self.n_words.observe(self._update, names="value")
        self.roll.on_click(self._reroll)
        self.widget = widgets.VBox([widgets.HBox([self.n_words, self.roll]), self.display])
        self._update()

    def phrase(self, lang: str | None = None) -> str:
        words = self.words[:self.n_words.value]
        return "-".join(pick({"zh": w.pinyin, "en": w.en}, lang) for w in words)

    def _reroll(self, _: Any = None) -> None:
        self.words = self._rng.sample(WORDS, 6)
        self._update()

    def _update(self, _: Any = None) -> None:
        words = self.words[:self.n_words.value]
        chips = "".join(
            '<span style="display:inline-block; margin:4px; padding:6px 12px; '
            'border:2px solid #0072B2; border-radius:10px; text-align:center">'
            + tr(zh=f"<b>{w.pinyin}</b><br><small>{w.hanzi}</small>", en=f"<b>{w.en}</b>")
            + "</span>" for w in words)
        rating = rate_passphrase(self.n_words.value)
        self.result = {"n_words": self.n_words.value, **rating.as_dict(),
                       "phrase": self.phrase()}
        phrase = tr(zh=f"连起来：<code>{html.escape(self.phrase())}</code>",
                    en=f"All together: <code>{html.escape(self.phrase())}</code>")
        self.display.value = _big(chips + "<br>" + phrase) + meter_html(rating)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


# ------------------------------------------------------------ a pretend password, typed
# What a smart guesser tries first, for a password a pupil makes up and types in.
COMMON_PASSWORDS = frozenset("""
123456 1234567 12345678 123456789 1234567890 111111 000000 666666 888888 123123 654321
password password1 qwerty qwertyuiop asdfgh asdfghjkl zxcvbn 1qaz2wsx abc123 abcdef
abcd1234 a123456 qq123456 iloveyou admin welcome letmein monkey dragon sunshine princess
football baseball woaini 520520 5201314 aaaaaa
""".split())
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890")
_UNSWAP = str.maketrans({"@": "a", "4": "a", "0": "o", "1": "i", "!": "i", "3": "e",
                         "$": "s", "5": "s", "7": "t"})


def _game_words() -> frozenset[str]:
    return frozenset(w for word in WORDS for w in (word.pinyin, word.en))


def spot_pattern(text: str) -> str | None:
    """The first thing a smart guesser would try that this text is, or None.

    A key of TYPED_PATTERNS ("common", "keyboard", "swaps", "name_year", "word_end") or
    "words" (a few words joined together). Only the patterns the lesson teaches; the meter
    says that anything else is counted as if every character were picked at random.
    """
    import re

    low = text.lower()
    if low in COMMON_PASSWORDS or (len(low) >= 4 and len(set(low)) <= 2):
        return "common"
    if len(low) >= 4 and any(low in row or low in row[::-1] for row in KEYBOARD_ROWS):
        return "keyboard"
    core = re.sub(r"[\d\W_]+$", "", low)   # what is left without digits or ! at the end
    unswapped = core.translate(_UNSWAP)
    if unswapped != core and (unswapped in COMMON_PASSWORDS or unswapped in _game_words()):
        return "swaps"
    if len([w for w in re.split(r"[-_ .]+", low) if w.isalpha()]) >= 2 \
            and re.fullmatch(r"[a-z]+([-_ .]+[a-z]+)+", low):
        return "words"
    if re.fullmatch(r"[a-z]{2,12}((19|20)\d\d|\d{4})", low):
        return "name_year"
    if core.isalpha() and len(core) <= 12 and 0 < len(low) - len(core) <= 4:
        return "word_end"
    return None


TYPED_PATTERNS: dict[str, tuple[int, Bilingual]] = {**PATTERNS, "word_end": (10_000_000, {
    "zh": "一个词或名字，后面加几个数字或一个符号：猜密码的程序最先试的就是这种，"
          "一千万次以内就能猜到。",
    "en": "A word or a name with a few digits or a symbol on the end: guessing programs "
          "try exactly that first, and find it within ten million tries."})}


def rate_typed(text: str, lang: str | None = None) -> Rating:
    """Rate a made-up password as the meter does: patterns first, then pool ** length."""
    pattern = spot_pattern(text)
    if pattern in TYPED_PATTERNS:
        guesses, note = TYPED_PATTERNS[pattern]
        how = tr(lang, zh=f"聪明的猜法：大约 {guesses:,} 次以内",
                 en=f"Guessing the smart way: within about {guesses:,} tries")
        return Rating(guesses, how, pick(note, lang))
    if pattern == "words":
        import re

        n_words = len([w for w in re.split(r"[-_ .]+", text) if w])
        rating = rate_passphrase(n_words, lang)
        note = tr(lang, zh="仪表按“从 7,776 个词里随机挑”来算。要是一句名言、一句歌词，"
                           "或者和你自己有关的词，其实好猜得多。",
                  en="The meter counts the words as picked at random from 7,776. A famous "
                     "saying, a song lyric or words about you are far easier to guess.")
        return Rating(rating.guesses, rating.how, note)
    rating = rate_settings(len(text), kinds_in(text), lang)
    note = tr(lang, zh="仪表假设每个字符都是随便乱挑的。要是里面藏着名字、生日或者一个词，"
                       "猜的人会快得多。",
              en="The meter assumes every character was picked at random. If a name, a "
                 "birthday or a word is hiding in there, a guesser is much faster.")
    return Rating(rating.guesses, rating.how, note)


class PretendPasswordMeter:
    """Type a made-up password into a password box; the meter redraws at every key.

    What is typed is shown as dots and never printed back: the meter says how long it is
    and which kinds of character it uses, never the text. ``.result`` holds length,
    kinds, pattern, guesses, digits and level, and nothing of the text itself.
    """

    def __init__(self) -> None:
        import ipywidgets as widgets

        self.box = widgets.Password(
            description=tr(zh="编一个假密码", en="A made-up password"),
            placeholder=tr(zh="只打编出来的，别打真密码", en="Made-up only, never a real one"),
            continuous_update=True, style={"description_width": "initial"},
            layout={"width": "min(34em, 100%)"})
        self.meter = widgets.HTML()
        self.result: dict[str, Any] = {}
        self.box.observe(self._update, names="value")
        self.widget = widgets.VBox([self.box, self.meter])
        self._update()

    def _update(self, _: Any = None) -> None:
        text = self.box.value
        if not text:
            self.result = {"length": 0, "level": None}
            self.meter.value = _big(tr(zh="⌨️ 在上面的框里编一个假密码，仪表马上就会变。",
                                       en="⌨️ Make up a pretend password in the box above: "
                                          "the meter changes as you type."))
            return
        kinds = kinds_in(text)
        if not kinds:
            self.result = {"length": len(text), "kinds": [], "level": None}
            self.meter.value = _big(tr(
                zh="🔤 仪表只认识英文字母、数字和符号：大多数网站的密码也只能用这些。",
                en="🔤 The meter only knows letters a–z, digits and symbols, which is what "
                   "most websites allow in a password too."))
            return
        rating = rate_typed(text)
        self.result = {"length": len(text), "kinds": kinds, "pattern": spot_pattern(text),
                       **rating.as_dict()}
        names = tr(zh="、", en=", ").join(pick(CHAR_KINDS[k].label) for k in kinds) or "—"
        other = len(text) - sum(any(c in CHAR_KINDS[k].chars for k in kinds) for c in text)
        extra = tr(zh=f"，还有 {other} 个别的字符", en=f", and {other} other character(s)") \
            if other else ""
        seen = tr(zh=f"🔒 你的假密码有 <b>{len(text)}</b> 个字符，用了：{html.escape(names)}"
                     f"{extra}（仪表不会把它显示出来）",
                  en=f"🔒 Your pretend password has <b>{len(text)}</b> characters and uses: "
                     f"{html.escape(names)}{extra} (the meter never shows it)")
        self.meter.value = _big(seen) + meter_html(rating)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


def length_growth(lengths: Sequence[int], kinds_by_series: Mapping[str, Sequence[str]]
                  ) -> pd.DataFrame:
    """Digits of the number of possibilities, by length, for each set of kinds."""
    rows = {name: [len(str(guess_count(n, kinds))) for n in lengths]
            for name, kinds in kinds_by_series.items()}
    return pd.DataFrame(rows, index=pd.Index(list(lengths), name="length"))


def length_growth_figure(lengths: Sequence[int] = range(4, 17)) -> Any:
    """Bars: how many digits the number of possibilities has, digits only vs small letters.

    A dashed line marks where the meter says "strong" (an 18-digit number of guesses).
    The caller shows it with ``suyang.plotting.show`` and its own alt text.
    """
    import matplotlib.pyplot as plt

    series = {tr(zh="只用数字", en="Digits only"): ["digits"],
              tr(zh="只用小写字母", en="Small letters only"): ["lower"]}
    table = length_growth(lengths, series)
    fig, ax = plt.subplots()
    table.plot.bar(ax=ax, color=[PALETTE[0], PALETTE[1]], rot=0, width=0.8)
    strong = len(str(LEVELS[2].below))  # 10**17 has 18 digits: the first "strong" count
    ax.axhline(strong, color="#222222", linestyle="--", linewidth=1.5)
    ax.text(-0.4, strong - 0.4, tr(zh="虚线以上：强", en="Above the dashed line: strong"),
            fontsize=11, va="top")
    ax.set_title(tr(zh="密码越长，要猜的次数就越多", en="Longer passwords need far more guesses"))
    ax.set_xlabel(tr(zh="密码长度（几个字符）", en="Password length (characters)"))
    ax.set_ylabel(tr(zh="要猜的次数是几位数", en="Digits in the number of guesses"))
    ax.legend(loc="upper left")
    fig.growth_table = table
    return fig


# ====================================================================== what to share
PILES: dict[str, Bilingual] = {
    "ok": {"zh": "✅ 可以分享", "en": "✅ OK to share"},
    "adult": {"zh": "🙋 先问大人", "en": "🙋 Ask an adult first"},
    "never": {"zh": "⛔ 绝对不说", "en": "⛔ Never share"},
}


@dataclass(frozen=True)
class Card:
    """One thing a child might be asked for online, and the pile it belongs in."""

    key: str
    text: Bilingual
    pile: str


SHARE_CARDS: list[Card] = [
    Card("colour", {"zh": "我最喜欢的颜色", "en": "My favourite colour"}, "ok"),
    Card("password", {"zh": "我的游戏密码", "en": "My game password"}, "never"),
    Card("photo", {"zh": "一张我自己的照片", "en": "A photo of me"}, "adult"),
    Card("address", {"zh": "我家的详细住址", "en": "My home address"}, "never"),
    Card("cartoon", {"zh": "我爱看的动画片", "en": "My favourite cartoon"}, "ok"),
    Card("school", {"zh": "我在哪所学校、哪个班", "en": "My school and my class"}, "adult"),
    Card("code", {"zh": "发到爸爸妈妈手机上的验证码",
                  "en": "A code texted to Mum's or Dad's phone"}, "never"),
    Card("drawing", {"zh": "我画的一幅画（上面没写名字）",
                     "en": "A drawing I made (with no name on it)"}, "ok"),
    Card("full_name", {"zh": "我的真实全名", "en": "My full real name"}, "adult"),
    Card("id_number", {"zh": "我的身份证号", "en": "My ID number (on an ID card or passport)"},
         "never"),
]


class SortingCards:
    """Sort cards into piles with toggle buttons; a button checks the whole sort.

    The answer is the list of piles in card order (language-free keys), judged by the
    lesson's declared question; after a wrong try, the cards to rethink get a 🤔.
    """

    def __init__(self, qid: str, cards: Sequence[Card] = tuple(SHARE_CARDS)) -> None:
        import ipywidgets as widgets

        self.qid = qid
        self.cards = list(cards)
        # each pile button names its card too (title), so a screen reader knows which
        # card "Never share" is for
        self.choices = {
            c.key: widgets.ToggleButtons(
                options=[(pick(label), key) for key, label in PILES.items()],
                tooltips=[f"{pick(c.text)}: {pick(label)}" for label in PILES.values()],
                value=None, style={"button_width": "auto"})
            for c in self.cards}
        self.marks = {c.key: widgets.HTML(layout={"width": "40px"}) for c in self.cards}
        rows = [widgets.HBox([widgets.HTML(_big(html.escape(pick(c.text))),
                                           layout={"width": "320px"}),
                              self.choices[c.key], self.marks[c.key]])
                for c in self.cards]
        self.check_button = widgets.Button(description=tr(zh="检查我的分类", en="Check my sorting"),
                                           button_style="primary", icon="check",
                                           layout={"width": "max-content"})
        self.out = widgets.Output()
        self.result = None
        self.check_button.on_click(self._check)
        for choice in self.choices.values():
            choice.observe(self._clear, names="value")
        self.widget = widgets.VBox([*rows, self.check_button, self.out])

    def _clear(self, _: Any = None) -> None:
        """A card moved after a check: the old verdict and 🤔 marks no longer apply."""
        if self.result is None:
            return
        self.result = None
        for mark in self.marks.values():
            mark.value = ""
        self.out.clear_output()

    def answer(self) -> list[str] | None:
        """The piles chosen, in card order, or None while a card is still unsorted."""
        values = [self.choices[c.key].value for c in self.cards]
        return None if None in values else values

    def misplaced(self) -> list[str]:
        return [c.key for c in self.cards
                if self.choices[c.key].value not in (None, c.pile)]

    def choose(self, piles: Mapping[str, str]) -> None:
        """Put cards on piles from code (for the teacher's demo and for tests)."""
        for key, pile in piles.items():
            self.choices[key].value = pile

    def _check(self, _: Any = None) -> None:
        from IPython.display import Markdown, display

        answer = self.answer()
        self.result = _judge(self.qid, answer, unanswered={
            "zh": "还有卡片没放好：给每张卡片都选一堆，再点“检查我的分类”。",
            "en": "Some cards don't have a pile yet: choose a pile for every card, then press "
                  "\"Check my sorting\"."})
        wrong = set(self.misplaced()) if answer and not self.result.correct else set()
        for key, mark in self.marks.items():
            mark.value = _big("🤔") if key in wrong else ""
        self.out.clear_output()
        with self.out:
            display(Markdown(self.result._repr_markdown_()))
            if wrong:
                display(Markdown(tr(
                    zh=f"🤔 标着小问号脸的 {len(wrong)} 张卡片，再想一想放在哪儿。",
                    en=f"🤔 Have another think about the {len(wrong)} card(s) with the "
                       "thinking face.")))

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


# ====================================================================== footprints
AUDIENCE: dict[int, Bilingual] = {
    1: {"zh": "只有我自己", "en": "Only me"},
    2: {"zh": "几个认识的人\n（家人、好朋友、老师）",
        "en": "A few people I know\n(family, a friend, a teacher)"},
    3: {"zh": "一个群或全班", "en": "A group, or my whole class"},
    4: {"zh": "所有人，包括陌生人", "en": "Anyone, even strangers"},
}
DURATION: dict[int, Bilingual] = {
    1: {"zh": "几分钟", "en": "A few minutes"},
    2: {"zh": "一天左右", "en": "About a day"},
    3: {"zh": "几个月", "en": "Months"},
    4: {"zh": "可能一直都在", "en": "Maybe for ever"},
}
RISKS: dict[str, Bilingual] = {
    "personal": {"zh": "说出了自己的个人信息", "en": "gives away personal information"},
    "others": {"zh": "传了别人的照片，没问过他",
               "en": "passes on someone else's photo without asking"},
    "unkind": {"zh": "可能伤害别人的感受", "en": "could hurt someone's feelings"},
}
SAFE_COLOUR, RISK_COLOUR = PALETTE[0], PALETTE[3]


@dataclass(frozen=True)
class Trace:
    """One trace an action leaves: what it is, who can see it, how long it lasts (1–4)."""

    short: Bilingual       # a word or two for the map
    what: Bilingual        # the sentence for the table
    audience: int
    duration: int
    risk: str | None = None   # a key of RISKS, or None

    @property
    def size(self) -> int:
        """How far and how long it spreads: audience × duration (1–16)."""
        return self.audience * self.duration


@dataclass(frozen=True)
class Option:
    key: str
    label: Bilingual
    traces: tuple[Trace, ...] = ()


@dataclass(frozen=True)
class Moment:
    """A moment of the day: what happens, the choices, and any trace it always leaves."""

    key: str
    time: str
    title: Bilingual
    story: Bilingual
    options: tuple[Option, ...]
    always: tuple[Trace, ...] = field(default=())

    def option(self, key: str) -> Option:
        for option in self.options:
            if option.key == key:
                return option
        raise KeyError(key)


MOMENTS: list[Moment] = [
    Moment("selfie", "07:40", {"zh": "早上 · 自拍", "en": "Morning · selfie"},
           {"zh": "乐乐穿上新校服，拍了一张自拍，照片里能清楚地看到校徽。",
            "en": "Lele puts on his new school uniform and takes a selfie. "
                  "The school badge is easy to see."},
           (Option("public", {"zh": "发到公开的短视频账号",
                              "en": "Post it on a public video account"},
                   (Trace({"zh": "自拍", "en": "selfie"},
                          {"zh": "带校徽的自拍照", "en": "Selfie showing the school badge"},
                          4, 4, "personal"),)),
            Option("family", {"zh": "发到家庭群", "en": "Send it to the family chat"},
                   (Trace({"zh": "自拍", "en": "selfie"},
                          {"zh": "家庭群里的自拍照", "en": "Selfie in the family chat"}, 2, 3),)),
            Option("keep", {"zh": "只存在相册里", "en": "Keep it in the photo album"},
                   (Trace({"zh": "自拍", "en": "selfie"},
                          {"zh": "相册里的自拍照", "en": "Selfie in the photo album"}, 1, 3),)))),
    Moment("location", "08:00", {"zh": "上学路上 · 位置", "en": "On the way · location"},
           {"zh": "乐乐的电话手表可以把他在哪儿分享出去。",
            "en": "Lele's smartwatch can share where he is."},
           (Option("public", {"zh": "在运动 App 上公开打卡“我到学校啦”，带地图",
                              "en": "Post a public “Made it to school!” check-in with a map"},
                   (Trace({"zh": "打卡位置", "en": "check-in"},
                          {"zh": "公开的上学打卡和地图位置", "en": "Public check-in with a map"},
                          4, 3, "personal"),)),
            Option("parents", {"zh": "只让爸爸妈妈看到位置",
                               "en": "Share it with Mum and Dad only"},
                   (Trace({"zh": "位置", "en": "location"},
                          {"zh": "只给爸妈看的位置", "en": "Location for Mum and Dad"}, 2, 2),)))),
    Moment("photo", "12:30",
           {"zh": "午饭后 · 同学的照片", "en": "After lunch · a classmate's photo"},
           {"zh": "班级群里，有人发了一张小林趴在桌上睡着、还流口水的照片。",
            "en": "In the class chat, someone posts a photo of Lin asleep on his desk, dribbling."},
           (Option("forward", {"zh": "转发到别的群", "en": "Forward it to another group"},
                   (Trace({"zh": "转发照片", "en": "forwarded photo"},
                          {"zh": "转发出去的小林的照片", "en": "Lin's photo, forwarded"},
                          4, 4, "others"),)),
            Option("laugh", {"zh": "回一个大笑的表情", "en": "Reply with a laughing emoji"},
                   (Trace({"zh": "大笑表情", "en": "laughing emoji"},
                          {"zh": "照片下面的大笑表情", "en": "Laughing emoji under the photo"},
                          3, 3, "unkind"),)),
            Option("ask_delete", {"zh": "私下提醒发照片的同学删掉",
                                  "en": "Privately ask the sender to delete it"},
                   (Trace({"zh": "私信", "en": "private message"},
                          {"zh": "请同学删照片的私信", "en": "Private message asking for it to go"},
                          2, 3),)))),
    Moment("stranger", "16:30",
           {"zh": "放学后 · 游戏里的陌生人", "en": "After school · a stranger in a game"},
           {"zh": "在网络游戏里，一个不认识的玩家问乐乐：“你在哪个学校？住在哪儿？”",
            "en": "In an online game, a player Lele doesn't know asks: "
                  "“Which school do you go to? Where do you live?”"},
           (Option("tell", {"zh": "告诉他", "en": "Tell him"},
                   (Trace({"zh": "聊天记录", "en": "chat"},
                          {"zh": "告诉陌生人学校和住址的聊天记录",
                           "en": "Chat telling a stranger his school and where he lives"},
                          4, 4, "personal"),)),
            Option("tell_adult", {"zh": "不回答，告诉爸爸妈妈",
                                  "en": "Don't answer, and tell Mum or Dad"}, ()))),
    Moment("comment", "19:00", {"zh": "晚上 · 学习平台", "en": "Evening · learning platform"},
           {"zh": "乐乐登录学校的学习平台写作业。同学小雨交了一幅画，大家都可以留言。",
            "en": "Lele logs in to the school's learning platform for homework. "
                  "His classmate Yu has handed in a drawing, and anyone in the class can comment."},
           (Option("kind", {"zh": "留言：“颜色真好看！”", "en": "Comment: “Love the colours!”"},
                   (Trace({"zh": "留言", "en": "comment"},
                          {"zh": "夸小雨的留言", "en": "Kind comment on Yu's drawing"}, 3, 3),)),
            Option("mean", {"zh": "留言：“丑死了，哈哈”", "en": "Comment: “So ugly, lol”"},
                   (Trace({"zh": "留言", "en": "comment"},
                          {"zh": "嘲笑小雨的留言", "en": "Mean comment on Yu's drawing"},
                          3, 4, "unkind"),)),
            Option("none", {"zh": "不留言", "en": "Don't comment"}, ())),
           always=(Trace({"zh": "登录记录", "en": "login"},
                         {"zh": "学习平台的登录记录",
                          "en": "Login record on the learning platform"},
                         2, 3),)),
    Moment("quiz", "21:00", {"zh": "睡前 · 小测验", "en": "Bedtime · a quiz"},
           {"zh": "一个小测验弹了出来：“测测你是哪种动物！请输入真实姓名、生日和家里的电话。”",
            "en": "A quiz pops up: “Which animal are you? Enter your real name, "
                  "birthday and home phone number.”"},
           (Option("fill", {"zh": "填上，看看结果", "en": "Fill it in and see"},
                   (Trace({"zh": "小测验", "en": "quiz"},
                          {"zh": "交给测验的姓名、生日和电话",
                           "en": "Name, birthday and phone number given to the quiz"},
                          4, 4, "personal"),)),
            Option("close", {"zh": "关掉它", "en": "Close it"}, ()))),
]
MOMENT_BY_KEY = {m.key: m for m in MOMENTS}

# What Lele actually did: the day the lesson starts from.
LELE_CHOICES: dict[str, str] = {"selfie": "public", "location": "public", "photo": "laugh",
                                "stranger": "tell", "comment": "kind", "quiz": "fill"}


def day_traces(choices: Mapping[str, str | None]) -> list[tuple[Moment, Trace]]:
    """Every trace of a day, in time order; a moment with no choice yet leaves none."""
    out: list[tuple[Moment, Trace]] = []
    for moment in MOMENTS:
        key = choices.get(moment.key)
        if key is None:
            continue
        out += [(moment, t) for t in (*moment.always, *moment.option(key).traces)]
    return out


def day_table(choices: Mapping[str, str | None], lang: str | None = None) -> pd.DataFrame:
    """The day's traces as a table: when, what, who can see it, how long, size, risk."""
    rows = [{
        "time": m.time,
        "moment": pick(m.title, lang),
        "trace": pick(t.what, lang),
        "short": pick(t.short, lang),
        "who": pick(AUDIENCE[t.audience], lang).replace("\n（", "（").replace("\n", " "),
        "how_long": pick(DURATION[t.duration], lang),
        "audience": t.audience,
        "duration": t.duration,
        "size": t.size,
        "risk": pick(RISKS[t.risk], lang) if t.risk else "",
    } for m, t in day_traces(choices)]
    columns = ["time", "moment", "trace", "short", "who", "how_long", "audience",
               "duration", "size", "risk"]
    return pd.DataFrame(rows, columns=columns)


def footprint_summary(table: pd.DataFrame) -> dict[str, int]:
    """Counts a pupil can check on the map: traces, seen by strangers, risky, total size."""
    return {"traces": len(table),
            "strangers": int((table["audience"] == 4).sum()),
            "risky": int((table["risk"] != "").sum()),
            "size": int(table["size"].sum())}


def summary_labels(lang: str | None = None) -> dict[str, str]:
    """What each footprint_summary key means, to label a comparison table."""
    return {key: pick(text, lang) for key, text in {
        "traces": {"zh": "痕迹（条）", "en": "Traces"},
        "strangers": {"zh": "陌生人能看到的（条）", "en": "Seen by strangers"},
        "risky": {"zh": "可能伤害人的（条）", "en": "Could hurt someone"},
        "size": {"zh": "足迹大小", "en": "Footprint size"},
    }.items()}


def story_markdown(choices: Mapping[str, str | None], lang: str | None = None) -> str:
    """The day as a short list: time, moment, what was chosen."""
    colon = pick({"zh": "：", "en": ": "}, lang)
    lines = []
    for m in MOMENTS:
        key = choices.get(m.key)
        chosen = pick(m.option(key).label, lang) if key else tr(lang, zh="（还没选）",
                                                                en="(not chosen yet)")
        lines.append(f"- **{m.time} {pick(m.title, lang)}**{colon}{chosen}")
    return "\n".join(lines)


# Where dots sit inside one cell of the map when several traces share it.
_OFFSETS = [(-0.15, 0.0), (-0.35, 0.25), (-0.35, -0.25), (0.05, 0.25), (0.05, -0.25), (-0.15, 0.3)]


def footprint_figure(table: pd.DataFrame, title: str | None = None) -> Any:
    """The footprint map: how long each trace lasts (across) and who can see it (up).

    Orange crosses are traces that could hurt the pupil or someone else; the shaded
    corner is "seen by many, for a long time". The caller shows it with alt text.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    fig, ax = plt.subplots(figsize=(8.2, 5.4))
    ax.add_patch(Rectangle((2.5, 2.5), 2.0, 2.0, color=PALETTE[1], alpha=0.13, zorder=0))
    ax.text(4.45, 2.58, tr(zh="看到的人多，又留得久", en="Seen by many, for a long time"),
            ha="right", va="bottom", fontsize=10, color="#7a4b00")
    crowd: dict[tuple[int, int], int] = {}
    for _, row in table.iterrows():
        cell = (int(row["duration"]), int(row["audience"]))
        dx, dy = _OFFSETS[crowd.get(cell, 0) % len(_OFFSETS)]
        crowd[cell] = crowd.get(cell, 0) + 1
        x, y = cell[0] + dx, cell[1] + dy
        risky = bool(row["risk"])
        ax.scatter([x], [y], s=260, marker="X" if risky else "o",
                   color=RISK_COLOUR if risky else SAFE_COLOUR, edgecolor="white", zorder=3)
        ax.annotate(row["short"], (x, y), xytext=(9, -4), textcoords="offset points",
                    fontsize=10, zorder=4)
    ax.set_xlim(0.5, 4.5)
    ax.set_ylim(0.5, 4.5)
    ax.set_xticks(list(DURATION), [pick(v) for v in DURATION.values()])
    ax.set_yticks(list(AUDIENCE), [pick(v) for v in AUDIENCE.values()], fontsize=10)
    ax.grid(False)
    for edge in (1.5, 2.5, 3.5):
        ax.axvline(edge, color="#dddddd", linewidth=1, zorder=1)
        ax.axhline(edge, color="#dddddd", linewidth=1, zorder=1)
    ax.set_xlabel(tr(zh="能留多久 →", en="How long it lasts →"))
    ax.set_ylabel(tr(zh="谁能看到 →", en="Who can see it →"))
    ax.set_title(title or tr(zh="我的数字足迹地图", en="My digital footprint map"))
    ax.legend(handles=[
        Line2D([], [], marker="o", linestyle="", markersize=11, color=SAFE_COLOUR,
               label=tr(zh="没问题的痕迹", en="A trace that's fine")),
        Line2D([], [], marker="X", linestyle="", markersize=11, color=RISK_COLOUR,
               label=tr(zh="可能伤害自己或别人", en="Could hurt me or someone else"))],
        loc="upper left", bbox_to_anchor=(0.0, -0.13), ncol=2, frameon=False, fontsize=10)
    return fig


def footprint_alt(table: pd.DataFrame, who: Bilingual | None = None) -> str:
    """One sentence for screen readers saying what the map shows."""
    s = footprint_summary(table)
    name = pick(who) if who else tr(zh="这一天", en="This day")
    return tr(zh=f"足迹地图：{name}一共留下 {s['traces']} 条痕迹，其中 {s['strangers']} 条所有人"
                 f"（包括陌生人）都能看到，{s['risky']} 条可能伤害自己或别人（橙色的叉）。",
              en=f"Footprint map: {name} left {s['traces']} traces; {s['strangers']} can be seen "
                 f"by anyone, even strangers, and {s['risky']} could hurt someone "
                 "(orange crosses).")


def summary_html(summary: Mapping[str, int]) -> str:
    return _big(tr(
        zh=f"👣 痕迹：<b>{summary['traces']}</b> 条"
           f" · 陌生人能看到：<b>{summary['strangers']}</b> 条"
           f" · 可能伤害自己或别人（橙色叉）：<b>{summary['risky']}</b> 条"
           f" · 足迹大小：<b>{summary['size']}</b>",
        en=f"👣 Traces: <b>{summary['traces']}</b> · seen by strangers: "
           f"<b>{summary['strangers']}</b> · could hurt someone (orange crosses): "
           f"<b>{summary['risky']}</b> · footprint size: <b>{summary['size']}</b>"))


class FootprintDay:
    """Choose what to do at each moment of the day; the footprint map redraws.

    ``.choices`` maps moment keys to option keys (None until chosen), ``.table`` and
    ``.result`` (the summary) follow the choices, and ``.answer`` (when ``check_qid`` is
    given) sends the number of risky traces to the lesson's check. Other outputs that
    depend on the day (a comparison table) redraw through :meth:`on_change`.
    """

    def __init__(self, check_qid: str | None = None) -> None:
        import ipywidgets as widgets

        self.pickers = {
            m.key: widgets.ToggleButtons(
                options=[(pick(o.label), o.key) for o in m.options], value=None,
                tooltips=[f"{m.time} {pick(m.title)}: {pick(o.label)}" for o in m.options],
                style={"button_width": "auto"})
            for m in MOMENTS}
        self.lele_button = widgets.Button(
            description=tr(zh="从乐乐的选择开始", en="Start from Lele's choices"),
            icon="user", layout={"width": "max-content"})
        self.lele_button.on_click(lambda _: self.set_choices(LELE_CHOICES))
        self.summary = widgets.HTML()
        self.out = widgets.Output()
        self.table = day_table({})
        self.result: dict[str, int] = {}
        self._quiet = False
        self._listeners: list[Callable[[FootprintDay], None]] = []
        rows = []
        for m in MOMENTS:
            rows.append(widgets.HTML(_big(f"<b>🕘 {m.time} {html.escape(pick(m.title))}</b>"
                                          f"<br>{html.escape(pick(m.story))}")))
            rows.append(self.pickers[m.key])
            self.pickers[m.key].observe(self._update, names="value")
        parts = [self.lele_button, *rows, self.summary, self.out]
        self.answer = None
        if check_qid:
            self.answer = answer_box(
                check_qid, self._risky_answer, {"zh": "检查我的一天", "en": "Check my day"},
                unanswered={"zh": "还有时刻没选呢：先为每个时刻选一个做法，再点“检查我的一天”。",
                            "en": "Some moments aren't chosen yet: choose what to do at every "
                                  "moment, then press \"Check my day\"."})
            parts.append(self.answer)
        self.widget = widgets.VBox(parts)
        self._update()

    @property
    def choices(self) -> dict[str, str | None]:
        return {key: p.value for key, p in self.pickers.items()}

    def set_choices(self, choices: Mapping[str, str]) -> None:
        """Choose from code (the Lele button, a teacher's demo, tests); redraws once."""
        self._quiet = True
        try:
            for key, value in choices.items():
                self.pickers[key].value = value
        finally:
            self._quiet = False
        self._update()

    def on_change(self, callback: Callable[[FootprintDay], None]) -> None:
        """Call ``callback(day)`` after every redraw (once per set_choices)."""
        self._listeners.append(callback)

    def _risky_answer(self) -> Any:
        if None in self.choices.values():
            return ...  # the check says "not answered yet": choose for every moment first
        return self.result["risky"]

    def _update(self, _: Any = None) -> None:
        if self._quiet:
            return
        from ..plotting import show

        self.table = day_table(self.choices)
        self.result = footprint_summary(self.table)
        self.summary.value = summary_html(self.result)
        if self.answer is not None:
            self.answer.clear()
        self.out.clear_output(wait=True)
        with self.out:
            fig = footprint_figure(self.table, tr(zh="我的一天的足迹地图",
                                                  en="The footprint map of my day"))
            show(fig, alt=footprint_alt(self.table, {"zh": "我的一天", "en": "My day"}))
            if self.table.empty:
                print(tr(zh="还没有痕迹：在上面为每个时刻选一个做法吧。",
                           en="No traces yet: choose what to do at each moment above."))
        for callback in self._listeners:
            callback(self)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
