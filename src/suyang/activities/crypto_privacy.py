"""Ciphers, password hashing and noisy publishing, for two high-school lessons.

*high-08-ciphers-hashing* breaks a Caesar cipher by letter frequency, shows that a hash
cannot be "decrypted", and attacks a made-up leaked password table three ways (plain
text, unsalted SHA-256, salted PBKDF2) with a tiny dictionary, counting the work each
attack needs. *high-09-private-publishing* goes past k-anonymity (middle-06): randomised
response, a differencing attack on two published averages, and Laplace noise whose
privacy/accuracy trade-off a slider shows.

Everything random is drawn from a seeded generator, so the lessons (and their tests) get
exactly the same numbers every run. Every sentence a learner reads is bilingual and picked
with :func:`suyang.i18n.pick` at call time. All users, passwords and people are invented.
"""

from __future__ import annotations

import hashlib
import random
import string
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..i18n import pick

Bilingual = Mapping[str, str]
LETTERS = string.ascii_lowercase
BLUE, ORANGE = "#0072B2", "#E69F00"  # Okabe-Ito: reference / what we are looking at

# ------------------------------------------------------------------ Caesar cipher
# An ordinary English passage (written for the kit) whose letter counts stand in for
# "what English usually looks like". Counting our own text avoids quoting statistics.
REFERENCE_TEXT = (
    "On the first morning of the school year the whole class walked to the river to "
    "measure the water. The teacher said that every good scientist writes down what she "
    "sees before she tries to explain it, so we sat on the bank with our notebooks and "
    "wrote the time, the temperature and the colour of the water. Then we talked about "
    "what we had seen and why the river was higher than it had been in the summer. Some "
    "of the students thought it was the rain in the mountains; others thought the gates "
    "of the dam had been opened. We agreed to return every week and to keep a careful "
    "record, so that by the end of the term we would know the answer."
)

# The intercepted message: a club's note, enciphered with SECRET_SHIFT.
PLAIN_MESSAGE = (
    "meet the robotics team at the east gate after the last lesson on thursday. "
    "bring the charger and the spare motor, and tell nobody where the test will be."
)
SECRET_SHIFT = 7


def caesar(text: str, shift: int) -> str:
    """Move every letter ``shift`` places along the alphabet (wrapping z to a).

    Encrypting with ``shift`` and decrypting with ``-shift`` gives the text back: a cipher
    is reversible for anyone who knows the key. Other characters stay as they are.
    """
    out = []
    for ch in text:
        low = ch.lower()
        if low in LETTERS:
            new = LETTERS[(LETTERS.index(low) + shift) % 26]
            out.append(new.upper() if ch.isupper() else new)
        else:
            out.append(ch)
    return "".join(out)


SECRET_MESSAGE = caesar(PLAIN_MESSAGE, SECRET_SHIFT)


def letter_share(text: str) -> pd.Series:
    """What fraction of the letters in ``text`` is each of a-z (index a…z, sums to 1)."""
    letters = [c for c in text.lower() if c in LETTERS]
    counts = pd.Series(letters, dtype="object").value_counts()
    return (counts.reindex(list(LETTERS), fill_value=0) / max(len(letters), 1)).astype(float)


def shift_score(cipher: str, shift: int, reference: str = REFERENCE_TEXT) -> float:
    """How unlike ordinary English the text is after undoing ``shift`` (smaller = better).

    The sum of squared differences between the decrypted letter shares and the
    reference shares: when the guess is right, common letters (e, t, a …) line up.
    """
    diff = letter_share(caesar(cipher, -shift)) - letter_share(reference)
    return round(float((diff ** 2).sum()), 4)


def crack_caesar(cipher: str, reference: str = REFERENCE_TEXT) -> pd.DataFrame:
    """Try all 26 shifts and rank them by :func:`shift_score` (best first).

    Only 26 keys exist, so a computer can try every one; letter frequency tells it which
    decryption looks like real language without a human reading all 26.
    """
    rows = [{"shift": s, "score": shift_score(cipher, s, reference),
             "start": caesar(cipher, -s)[:30]} for s in range(26)]
    return pd.DataFrame(rows).sort_values("score", kind="stable").reset_index(drop=True)


def frequency_chart(text: str, title: str, reference: str = REFERENCE_TEXT) -> Any:
    """Bars: letter shares of ``text`` (orange) beside ordinary English (blue)."""
    import matplotlib.pyplot as plt

    x = np.arange(26)
    fig, ax = plt.subplots(figsize=(9, 3.6))
    ax.bar(x - 0.2, letter_share(reference).to_numpy() * 100, width=0.4, color=BLUE,
           label=pick({"zh": "普通英文", "en": "Ordinary English"}))
    ax.bar(x + 0.2, letter_share(text).to_numpy() * 100, width=0.4, color=ORANGE,
           label=pick({"zh": "这段文字", "en": "This text"}))
    ax.set_xticks(x, list(LETTERS))
    ax.set_title(title)
    ax.set_xlabel(pick({"zh": "字母", "en": "Letter"}))
    ax.set_ylabel(pick({"zh": "占全部字母的百分比 (%)", "en": "Share of all letters (%)"}))
    ax.legend()
    return fig


class CaesarBreaker:
    """A slider for the guessed shift: see the decryption and its letter chart.

    ``result`` holds the last guess: ``shift``, ``score`` and the decrypted ``text``.
    """

    def __init__(self, cipher: str = SECRET_MESSAGE) -> None:
        import ipywidgets as widgets

        self.cipher = cipher
        self.result: dict[str, Any] = {}
        self.slider = widgets.IntSlider(value=0, min=0, max=25,
                                        description=pick({"zh": "猜的位移", "en": "Shift"}))
        self.output = widgets.interactive_output(self.update, {"shift": self.slider})
        self.widget = widgets.VBox([self.slider, self.output])

    def update(self, shift: int) -> dict[str, Any]:
        from ..plotting import show

        text = caesar(self.cipher, -shift)
        self.result = {"shift": shift, "score": shift_score(self.cipher, shift), "text": text}
        fig = frequency_chart(text, pick({"zh": "往回移 {s} 位后的字母分布",
                                          "en": "Letters after shifting back by {s}"})
                              .format(s=shift))
        show(fig, alt=pick({
            "zh": "柱状图：往回移 {shift} 位后各字母所占的比例（橙色），和普通英文（蓝色）对比；"
                  "差异分数 {score}，越小越像英文。",
            "en": "Bar chart of letter shares after shifting back by {shift} (orange) beside "
                  "ordinary English (blue); difference score {score}, smaller looks more "
                  "like English.",
        }).format(**self.result))
        print(pick({"zh": "差异分数：{score}", "en": "Difference score: {score}"})
              .format(**self.result))
        print(text)
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)


# ------------------------------------------------------------------ hashing
def sha256_hex(text: str) -> str:
    """The SHA-256 fingerprint of ``text`` as 64 hex digits.

    Same input, same fingerprint; change one character and about half the bits change;
    and there is no key and no function that turns the fingerprint back into the text.
    """
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slow_hash(password: str, salt: str, iterations: int) -> str:
    """PBKDF2-HMAC-SHA256 of ``password`` with ``salt``: SHA-256 repeated ``iterations`` times.

    The salt makes equal passwords look different and forces an attacker to start again for
    every user; the repetitions make every single guess cost ``iterations`` hashes.
    """
    key = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("utf-8"),
                              iterations)
    return key.hex()


# Invented accounts of an invented school club site, and the passwords their owners chose.
ACCOUNTS: tuple[tuple[str, str], ...] = (
    ("xiaoming07", "123456"),
    ("lin_art", "sunflower"),
    ("chess_king", "qwerty123"),
    ("dragon_fan", "123456"),
    ("mei_reads", "Tea-Kite-Orbit-42"),
    ("zhou_runner", "password"),
    ("star_li", "iloveyou"),
    ("wang_codes", "v9#Lr2!pXq7&"),
)

# The attacker's "dictionary": a tiny made-up list of popular choices (real attacks use
# lists of millions of passwords from earlier leaks).
COMMON_PASSWORDS: tuple[str, ...] = (
    "123456", "password", "123456789", "qwerty", "qwerty123", "111111", "iloveyou",
    "abc123", "sunflower", "dragon", "football", "monkey", "letmein", "000000",
    "password1", "welcome", "admin", "1q2w3e4r", "sunshine", "princess",
)

SLOW_ITERATIONS = 10_000  # small enough for a classroom computer; real sites use far more


def leaked_table(storage: str = "plain", seed: int = 2024,
                 iterations: int = SLOW_ITERATIONS) -> pd.DataFrame:
    """The club site's user table as a thief would find it after a break-in.

    ``storage`` is ``"plain"`` (the passwords themselves), ``"sha256"`` (unsalted
    fingerprints) or ``"salted"`` (a random salt per user, PBKDF2 with ``iterations``).
    Salts come from a seeded generator, so the table is the same every run.
    """
    rng = random.Random(seed)
    rows = []
    for user, password in ACCOUNTS:
        if storage == "plain":
            rows.append({"user": user, "password": password})
        elif storage == "sha256":
            rows.append({"user": user, "hash": sha256_hex(password)})
        elif storage == "salted":
            salt = "".join(rng.choice("0123456789abcdef") for _ in range(16))
            rows.append({"user": user, "salt": salt,
                         "hash": slow_hash(password, salt, iterations)})
        else:
            raise ValueError(f"unknown storage {storage!r}: plain, sha256 or salted")
    return pd.DataFrame(rows)


def dictionary_attack(table: pd.DataFrame, words: Iterable[str],
                      iterations: int = SLOW_ITERATIONS) -> tuple[pd.DataFrame, int]:
    """Guess every word for every leaked row; return (cracked rows, SHA-256 runs needed).

    Unsalted: hash each word once and look every fingerprint up, so the work does not grow
    with the number of users (and one lookup table serves every leak). Salted: every user
    needs their own pass through the list, and each guess costs ``iterations`` hashes.
    """
    words = list(words)
    if "password" in table.columns:
        cracked = table[table["password"].isin(words)][["user", "password"]]
        return cracked.reset_index(drop=True), 0
    if "salt" not in table.columns:
        lookup = {sha256_hex(w): w for w in words}
        found = table.assign(password=table["hash"].map(lookup)).dropna(subset=["password"])
        return found[["user", "password"]].reset_index(drop=True), len(words)
    rows, work = [], 0
    for row in table.itertuples():
        for word in words:
            work += iterations
            if slow_hash(word, row.salt, iterations) == row.hash:
                rows.append({"user": row.user, "password": word})
                break
    return pd.DataFrame(rows, columns=["user", "password"]), work


def attack_work(users: int, words: int, iterations: int = SLOW_ITERATIONS) -> dict[str, int]:
    """SHA-256 runs needed to try ``words`` guesses on ``users`` accounts, worst case."""
    return {"sha256": words, "salted_fast": users * words,
            "salted_slow": users * words * iterations}


# ------------------------------------------------------------------ randomised response
def randomised_response(truths: Sequence[bool], seed: int = 7) -> pd.DataFrame:
    """Each person flips a coin: heads, answer truthfully; tails, flip again and say
    'yes' for heads, 'no' for tails. Nobody can tell from one 'yes' whether it is true.

    Returns columns ``truth``, ``first_coin``, ``second_coin``, ``answer`` (bools; coins:
    True = heads).
    """
    rng = np.random.default_rng(seed)
    n = len(truths)
    first = rng.random(n) < 0.5
    second = rng.random(n) < 0.5
    truth = np.asarray(truths, dtype=bool)
    answer = np.where(first, truth, second)
    return pd.DataFrame({"truth": truth, "first_coin": first, "second_coin": second,
                         "answer": answer})


def estimate_true_rate(yes_share: float) -> float:
    """Undo the coins: yes_share ≈ ½·true + ¼, so true ≈ 2·yes_share − ½."""
    return 2 * yes_share - 0.5


def survey_truths(n: int, rate: float = 0.3, seed: int = 11) -> list[bool]:
    """A made-up group of ``n`` people, about ``rate`` of whom would truthfully say yes."""
    rng = np.random.default_rng(seed)
    return list(rng.random(n) < rate)


def survey_by_size(sizes: Sequence[int], rate: float = 0.3) -> pd.DataFrame:
    """For groups of each size: the true share of yes and the estimate from the coins.

    The same seeds as the lesson's class are used, so the first 40 people of every group
    are that class, and bigger groups simply add more people to it.
    """
    rows = []
    for n in sizes:
        truths = survey_truths(n, rate)
        answers = randomised_response(truths)
        rows.append({"people": n, "true_rate": round(float(np.mean(truths)), 3),
                     "estimate": round(estimate_true_rate(float(answers["answer"].mean())), 3)})
    return pd.DataFrame(rows)


# ------------------------------------------------------------------ Laplace noise
def laplace_release(true_counts: pd.Series, epsilon: float, seed: int = 5) -> pd.Series:
    """Publish counts with Laplace noise of scale 1/epsilon, rounded to whole people.

    One person changes a count by at most 1, so noise of scale 1/ε hides whether any
    one person is in the data; smaller ε (more privacy) means bigger noise.
    """
    rng = np.random.default_rng(seed)
    noise = rng.laplace(0.0, 1.0 / epsilon, size=len(true_counts))
    return (true_counts + noise).round().astype(int).rename("published")


def typical_error(epsilon: float, repeats: int = 2000, seed: int = 9) -> float:
    """The average size of the rounded noise over many releases, to one decimal place."""
    rng = np.random.default_rng(seed)
    return round(float(np.abs(np.round(rng.laplace(0.0, 1.0 / epsilon, repeats))).mean()), 1)


EPSILONS = (0.1, 0.2, 0.5, 1.0, 2.0, 5.0)


class NoiseExplorer:
    """A privacy slider (ε) over a table of true counts: see the published counts and error.

    ``result`` holds ``epsilon``, ``published`` (dict label -> count), ``typical_error``
    and ``biggest_miss`` (largest |published − true| in this release).
    """

    def __init__(self, true_counts: pd.Series, ylabel: str, seed: int = 5) -> None:
        import ipywidgets as widgets

        self.true_counts = true_counts
        self.ylabel = ylabel
        self.seed = seed
        self.result: dict[str, Any] = {}
        self.slider = widgets.SelectionSlider(
            options=list(EPSILONS), value=1.0,
            description=pick({"zh": "隐私预算 ε", "en": "Privacy ε"}),
            style={"description_width": "7em"})
        self.output = widgets.interactive_output(self.update, {"epsilon": self.slider})
        self.widget = widgets.VBox([self.slider, self.output])

    def update(self, epsilon: float) -> dict[str, Any]:
        import matplotlib.pyplot as plt

        from ..plotting import show

        published = laplace_release(self.true_counts, epsilon, self.seed)
        miss = int((published - self.true_counts).abs().max())
        self.result = {"epsilon": epsilon, "published": {str(k): int(v) for k, v in
                                                         published.items()},
                       "typical_error": typical_error(epsilon), "biggest_miss": miss}
        x = np.arange(len(self.true_counts))
        fig, ax = plt.subplots(figsize=(8, 3.6))
        ax.bar(x - 0.2, self.true_counts.to_numpy(), width=0.4, color=BLUE,
               label=pick({"zh": "真实人数（不公开）", "en": "True count (kept secret)"}))
        ax.bar(x + 0.2, published.to_numpy(), width=0.4, color=ORANGE,
               label=pick({"zh": "加噪声后公布", "en": "Published with noise"}))
        ax.set_xticks(x, [str(i) for i in self.true_counts.index])
        ax.set_title(pick({"zh": "ε = {e}：公布的人数和真实人数",
                           "en": "ε = {e}: published and true counts"}).format(e=epsilon))
        ax.set_xlabel(pick({"zh": "班级", "en": "Class"}))
        ax.set_ylabel(self.ylabel)
        ax.legend()
        show(fig, alt=pick({
            "zh": "柱状图：每个班真实人数（蓝）和 ε = {epsilon} 时公布的人数（橙）；"
                  "这次最大偏差 {biggest_miss} 人，平均偏差约 {typical_error} 人。",
            "en": "Bar chart of each class's true count (blue) and the count published with "
                  "ε = {epsilon} (orange); the biggest miss is {biggest_miss} and the "
                  "typical error about {typical_error}.",
        }).format(**self.result))
        print(pick({"zh": "ε = {epsilon}：平均偏差约 {typical_error} 人，"
                          "这次最大偏差 {biggest_miss} 人。",
                    "en": "ε = {epsilon}: typical error about {typical_error}, biggest miss "
                          "this time {biggest_miss}."}).format(**self.result))
        return self.result

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
