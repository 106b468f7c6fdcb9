"""Counting Chinese text: characters, a tiny dictionary and maximum-matching segmentation.

Chinese is written without spaces, so before a computer can count *words* it has to cut
the text into words. The simplest way is forward maximum matching (正向最大匹配): at each
position take the longest dictionary word that fits. It is fast and often right, and its
mistakes (南京市长/江/大桥) show learners why real segmenters need more than a word list.

The poems are Tang-dynasty poems (8th century), long in the public domain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pandas as pd

from suyang.i18n import tr

# Five Tang poems, public domain. Titles in both languages; the poems stay in Chinese.
POEMS: list[dict[str, Any]] = [
    {"title": {"zh": "静夜思", "en": "Quiet Night Thoughts"},
     "author": {"zh": "李白", "en": "Li Bai"},
     "text": "床前明月光，疑是地上霜。举头望明月，低头思故乡。"},
    {"title": {"zh": "春晓", "en": "Spring Morning"},
     "author": {"zh": "孟浩然", "en": "Meng Haoran"},
     "text": "春眠不觉晓，处处闻啼鸟。夜来风雨声，花落知多少。"},
    {"title": {"zh": "登鹳雀楼", "en": "Climbing Stork Tower"},
     "author": {"zh": "王之涣", "en": "Wang Zhihuan"},
     "text": "白日依山尽，黄河入海流。欲穷千里目，更上一层楼。"},
    {"title": {"zh": "绝句", "en": "Quatrain"},
     "author": {"zh": "杜甫", "en": "Du Fu"},
     "text": "两个黄鹂鸣翠柳，一行白鹭上青天。窗含西岭千秋雪，门泊东吴万里船。"},
    {"title": {"zh": "相思", "en": "Longing"},
     "author": {"zh": "王维", "en": "Wang Wei"},
     "text": "红豆生南国，春来发几枝。愿君多采撷，此物最相思。"},
]

# Six sentences for a simulated school-newspaper story (written for this kit, not quoted).
NEWS: list[str] = [
    "学校举办了读书节，同学们在图书馆读书。",
    "校报记者采访了参加读书节的同学。",
    "同学们说，读书节让大家爱上了图书馆。",
    "图书馆的老师推荐了十本好书。",
    "读书节最后一天，学校评出了读书之星。",
    "校报记者说，明年的读书节会更精彩。",
]

# A hand-made dictionary: enough words for the poems and the ambiguity examples.
POEM_WORDS: set[str] = {
    "床前", "明月", "月光", "明月光", "地上", "举头", "低头", "故乡",
    "春眠", "不觉", "处处", "啼鸟", "夜来", "风雨", "花落", "多少",
    "白日", "黄河", "入海", "千里", "更上", "一层", "层楼",
    "两个", "黄鹂", "翠柳", "一行", "白鹭", "青天", "西岭", "千秋", "千秋雪", "东吴", "万里",
    "红豆", "南国", "春来", "采撷", "此物", "相思",
}
# Words for the classic ambiguous sentences (the dictionary is not wrong: the method is greedy).
EXAMPLE_WORDS: set[str] = {
    "南京", "南京市", "市长", "南京市长", "长江", "大桥", "长江大桥",
    "研究", "研究生", "生命", "起源", "学校", "校报", "记者", "采访", "同学",
    "读书", "读书节", "举办", "图书馆", "同学们", "参加", "大家", "爱上", "老师",
    "推荐", "十本", "好书", "最后", "一天", "评出", "读书之星", "明年", "精彩",
}
DICTIONARY: set[str] = POEM_WORDS | EXAMPLE_WORDS


def is_hanzi(ch: str) -> bool:
    """Is this one character a Chinese character (the common CJK block)?"""
    return "\u4e00" <= ch <= "\u9fff"


def hanzi(text: str) -> str:
    """Only the Chinese characters of a text: punctuation and spaces dropped."""
    return "".join(ch for ch in text if is_hanzi(ch))


def all_poems() -> str:
    """The five poems one after another, punctuation kept."""
    return "".join(p["text"] for p in POEMS)


def news() -> str:
    """The six newspaper sentences as one text."""
    return "".join(NEWS)


def char_counts(text: str) -> pd.Series:
    """How often each Chinese character occurs, most frequent first (ties: first seen)."""
    counts = Counter(hanzi(text))
    return pd.Series(dict(counts.most_common()), dtype=int, name="count")


def forward_max_match(text: str, dictionary: Iterable[str] = DICTIONARY,
                      max_len: int = 4) -> list[str]:
    """Cut text into words from the left, always taking the LONGEST dictionary word.

    A character that starts no dictionary word becomes a one-character word.
    """
    words = set(dictionary)
    out, i = [], 0
    while i < len(text):
        for size in range(min(max_len, len(text) - i), 0, -1):
            piece = text[i:i + size]
            if size == 1 or piece in words:
                out.append(piece)
                i += size
                break
    return out


def backward_max_match(text: str, dictionary: Iterable[str] = DICTIONARY,
                       max_len: int = 4) -> list[str]:
    """The same greedy idea from the right-hand end (often right where forward is wrong)."""
    words = set(dictionary)
    out, j = [], len(text)
    while j > 0:
        for size in range(min(max_len, j), 0, -1):
            piece = text[j - size:j]
            if size == 1 or piece in words:
                out.insert(0, piece)
                j -= size
                break
    return out


def word_counts(text: str, dictionary: Iterable[str] = DICTIONARY,
                min_len: int = 2) -> pd.Series:
    """Frequency of the segmented words of at least ``min_len`` characters."""
    words = [w for w in forward_max_match(text, dictionary)
             if len(w) >= min_len and all(is_hanzi(c) for c in w)]
    return pd.Series(dict(Counter(words).most_common()), dtype=int, name="count")


class SegmentLab:
    """A sentence box and a forward/backward switch; shows the cut with slashes.

    ``result`` holds the words of the last cut, for the learner and for tests.
    """

    def __init__(self, sentence: str = "南京市长江大桥") -> None:
        import ipywidgets as widgets

        self.sentence_box = widgets.Text(value=sentence,
                                         description=tr(zh="句子", en="Sentence"))
        self.direction = widgets.ToggleButtons(
            options=[(tr(zh="正向（从左）", en="Forward (from left)"), "forward"),
                     (tr(zh="逆向（从右）", en="Backward (from right)"), "backward")],
            value="forward")
        self.out = widgets.Output()
        self.sentence_box.observe(lambda _: self._update(), names="value")
        self.direction.observe(lambda _: self._update(), names="value")
        self.widget = widgets.VBox([self.sentence_box, self.direction, self.out])
        self.result: list[str] = []
        self._update()

    def _update(self) -> None:
        from IPython.display import Markdown, display

        cut = forward_max_match if self.direction.value == "forward" else backward_max_match
        self.result = cut(self.sentence_box.value.strip())
        with self.out:
            self.out.clear_output(wait=True)
            display(Markdown("## " + " / ".join(self.result)))
