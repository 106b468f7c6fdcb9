"""The bundled sample class: a SIMULATED roster and the hand-ins a teacher really gets.

A teacher trying the kit (and every test of collect, grade and feedback) needs a class
to practise on, with everything that goes wrong in a real one: file names in two
encodings, ``__MACOSX/`` junk, a student who hands in twice, a name nobody recognises,
broken notebooks, late work, and students who never hand in. This module makes such a
class for ``middle-01-screen-time`` from a fixed seed, byte for byte the same each time
(sorted entries, fixed zip timestamps), and writes ``expected.json`` saying what each
student handed in and the score every grade cell must get, so the demo's grades can be
checked. The students are invented (模拟数据): names are drawn from common surnames and
given-name characters, and no real person is described.

``python -m suyang.sample_class OUT`` writes ``OUT/roster.csv`` (GBK, as Excel on a
Chinese Windows PC saves it), ``OUT/handins.zip``, ``OUT/expected.json`` and
``OUT/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import nbformat

from . import references
from .build import render
from .notebooks import find_root

ASSIGNMENT = "middle-01-screen-time"
NOTEBOOK = "screen-time"
DEFAULT_SEED = 20240401
TZ = "+08:00"  # zip entry times are local (China Standard Time), as a Chinese PC writes them
RELEASED = datetime(2024, 4, 1, 8, 0)
DUE = datetime(2024, 4, 8, 22, 0)
CLASS_NAME = "八年级1班"
ID_PREFIX = "20240801"
N_STUDENTS = 36
TITLE = "屏幕时间作业"  # how a Chinese student names the file they hand in

CATEGORIES = ("solution", "partial", "wrong", "untouched", "late", "broken", "missing",
              "duplicate", "unknown-name")
# how many roster students fall in each category (unknown-name is a file, not a student)
PLAN = {"solution": 10, "partial": 14, "wrong": 2, "untouched": 2, "late": 2, "broken": 2,
        "duplicate": 1, "missing": 3}

# Common surnames with rough frequencies (per cent of the population), so the roster
# looks like a real Chinese class: many 王, 李, 张, a few rarer names.
SURNAMES = {
    "王": 7.1, "李": 7.0, "张": 6.7, "刘": 5.4, "陈": 4.5, "杨": 3.1, "黄": 2.6, "赵": 2.3,
    "吴": 2.0, "周": 1.9, "徐": 1.5, "孙": 1.5, "马": 1.3, "朱": 1.3, "胡": 1.2, "郭": 1.2,
    "何": 1.1, "林": 1.1, "罗": 1.0, "高": 1.0, "郑": 0.9, "梁": 0.9, "谢": 0.8, "宋": 0.7,
    "唐": 0.7, "许": 0.7, "韩": 0.6, "邓": 0.6, "冯": 0.6, "曹": 0.6, "彭": 0.6, "曾": 0.6,
    "肖": 0.5, "田": 0.5, "董": 0.5, "潘": 0.5, "袁": 0.5, "蔡": 0.5, "蒋": 0.5, "余": 0.5,
    "于": 0.5, "杜": 0.4, "叶": 0.4, "程": 0.4, "魏": 0.4, "苏": 0.4, "吕": 0.4, "丁": 0.4,
    "任": 0.4, "卢": 0.3, "姚": 0.3, "沈": 0.3, "钟": 0.3, "姜": 0.3, "崔": 0.3, "谭": 0.3,
    "陆": 0.3, "范": 0.3, "汪": 0.3, "廖": 0.3, "石": 0.3, "金": 0.3, "韦": 0.2, "贾": 0.2,
    "夏": 0.2, "方": 0.2, "邹": 0.2, "熊": 0.2, "白": 0.2, "孟": 0.2, "秦": 0.2, "邱": 0.2,
    "侯": 0.2, "江": 0.2, "尹": 0.2, "薛": 0.2, "段": 0.2, "雷": 0.2, "龙": 0.2, "史": 0.2,
    "陶": 0.2, "贺": 0.2, "毛": 0.2, "顾": 0.2, "龚": 0.2, "邵": 0.2, "万": 0.2, "钱": 0.2,
}
# Given-name characters popular for children born around 2010, by position: a two-
# character name takes one of each; a one-character name takes one from the second.
GIVEN = {
    "boy": ("浩宇子梓俊博嘉一思天明文志家泽睿皓晨逸锦",
            "轩宇涵杰然航鹏阳铭翔豪昊煜哲辰毅瑞凯涛磊峰"),
    "girl": ("欣雨思佳诗梓子可紫语若依雅梦一心静晓嘉",
             "怡涵萱琪婷馨瑶悦彤妍晴琳雪颖慧萌然欣菲"),
}

# --- what students write -------------------------------------------------------------
# Per answer cell, typical answers with the score each grade cell gets for it. The
# questions are independent (each test reads only its own variables), so a hand-in's
# expected scores are the sum of its answers' scores. None as code = left as released.
CHART = ('ax.set_title(tr(zh="{title}", en="Main devices"))\n'
         'ax.set_xlabel(tr(zh="设备", en="Device"))\n'
         'ax.set_ylabel(tr(zh="人数", en="Students"))\n')
Option = tuple[str | None, dict[str, Any]]
OPTIONS: dict[str, dict[str, Option]] = {
    "q1-answer": {
        "len": ("n_students = len(survey)\n", {"q1-test": 1}),
        "shape": ("n_students = survey.shape[0]\n", {"q1-test": 1}),
        "typed": ("# 数了一下，一共 40 行\nn_students = 40\n", {"q1-test": 1}),
        "quotes": ('n_students = "40"\n', {"q1-test": 0}),
        "count": ("n_students = survey.count()\n", {"q1-test": 0}),
        "columns": ("n_students = len(survey.columns)\n", {"q1-test": 0}),
        "blank": (None, {"q1-test": 0}),
    },
    "q2-answer": {
        "mean": ('weekday_mean = survey["weekday_min"].mean()\n', {"q2-test": 2}),
        "sum-div": ('weekday_mean = survey["weekday_min"].sum() / len(survey)\n',
                    {"q2-test": 2}),
        "sum": ('weekday_mean = survey["weekday_min"].sum()\n', {"q2-test": 0}),
        "round": ('weekday_mean = round(survey["weekday_min"].mean())\n', {"q2-test": 0}),
        "median": ('weekday_mean = survey["weekday_min"].median()\n', {"q2-test": 0}),
        "no-call": ('weekday_mean = survey["weekday_min"].mean\n', {"q2-test": 0}),
        "syntax": ('weekday_mean = survey["weekday_min"].mean(\n', {"q2-test": 0}),
        "blank": (None, {"q2-test": 0}),
    },
    "q3-answer": {
        "sort": ('suspect = survey.sort_values("weekend_min", ascending=False)["student"]'
                 '.iloc[0]\n', {"q3-test": 1}),
        "typed": ('suspect = "S13"\n', {"q3-test": 1}),
        "lower": ('suspect = "s13"\n', {"q3-test": 1}),
        "idxmax": ('suspect = survey["weekend_min"].idxmax()\n', {"q3-test": 0}),
        "unquoted": ("suspect = S13\n", {"q3-test": 0}),
        "smallest": ('suspect = survey.sort_values("weekend_min")["student"].iloc[0]\n',
                     {"q3-test": 0}),
        "blank": (None, {"q3-test": 0}),
    },
    "q4-answer": {
        "filter": ('clean = survey[survey["weekend_min"] <= 720]\n'
                   'weekend_median = clean["weekend_min"].median()\n',
                   {"q4-clean-test": 1, "q4-median-test": 1}),
        "below-1000": ('clean = survey[survey["weekend_min"] < 1000]\n'
                       'weekend_median = clean["weekend_min"].median()\n',
                       {"q4-clean-test": 1, "q4-median-test": 1}),
        "drop-row": ("clean = survey.drop(index=12)\n"
                     'weekend_median = clean["weekend_min"].median()\n',
                     {"q4-clean-test": 1, "q4-median-test": 1}),
        "dropna": ('clean = survey.dropna()\nweekend_median = clean["weekend_min"].median()\n',
                   {"q4-clean-test": 0, "q4-median-test": 0}),
        "raw-median": ('clean = survey[survey["weekend_min"] <= 720]\n'
                       'weekend_median = survey["weekend_min"].median()\n',
                       {"q4-clean-test": 1, "q4-median-test": 0}),
        "mean": ('clean = survey[survey["weekend_min"] <= 720]\n'
                 'weekend_median = clean["weekend_min"].mean()\n',
                 {"q4-clean-test": 1, "q4-median-test": 0}),
        "inverted": ('clean = survey[survey["weekend_min"] > 720]\n'
                     'weekend_median = clean["weekend_min"].median()\n',
                     {"q4-clean-test": 0, "q4-median-test": 0}),
        "blank": (None, {"q4-clean-test": 0, "q4-median-test": 0}),
    },
    "q5-answer": {
        "bar": ('counts = survey["main_device"].value_counts()\ncounts.plot.bar(ax=ax)\n'
                + CHART.format(title="常用设备"), {"q5-test": 2}),
        "bar-kwargs": ('survey["main_device"].value_counts().plot.bar(\n'
                       '    ax=ax, title=tr(zh="大家最常用什么设备", en="Devices"),\n'
                       '    xlabel=tr(zh="设备", en="Device"), ylabel=tr(zh="人数", '
                       'en="Students"))\n', {"q5-test": 2}),
        "unlabelled": ('survey["main_device"].value_counts().plot.bar(ax=ax)\n'
                       'ax.set_title(tr(zh="常用设备", en="Main devices"))\n', {"q5-test": 0}),
        "pie": ('survey["main_device"].value_counts().plot.pie(ax=ax)\n'
                + CHART.format(title="常用设备"), {"q5-test": 0}),
        "line": ('survey["main_device"].value_counts().plot(ax=ax)\n'
                 + CHART.format(title="常用设备"), {"q5-test": 0}),
        "share": ('survey["main_device"].value_counts(normalize=True).plot.bar(ax=ax)\n'
                  + CHART.format(title="常用设备的比例"), {"q5-test": 0}),
        "blank": (None, {"q5-test": 0}),
    },
    "q6-newsletter": {
        "good-1": ("这个标题夸大了。S13 填的周末 1000 分钟不可能是真的，它把平均数拉高了；去掉以后"
                   "周末的中位数是 149 分钟，大约两个半小时。而且只调查了我们一个班，不能说“我校”。"
                   "可以写：“我们班一半同学周末每天看屏幕不到两个半小时。”\n",
                   {"q6-newsletter": references.MANUAL}),
        "good-2": ("不妥。平均数约 180 分钟是因为有人乱填了 1000 分钟，"
                   "去掉这个答案后平均约 159 分钟，中位数 149 分钟。"
                   "另外 40 个人只是一个班，代表不了全校。"
                   "建议改成“在我们调查的一个班里，周末屏幕时间的中位数约两个半小时”。\n",
                   {"q6-newsletter": references.MANUAL}),
        "partial-1": ("标题不对，因为有一个同学填了 1000 分钟，这个数据是错的，平均数就变大了。\n",
                      {"q6-newsletter": references.MANUAL}),
        "partial-2": ("只调查了一个班，不能代表全校，所以不能说“我校学生”。\n",
                      {"q6-newsletter": references.MANUAL}),
        "poor-1": ("我觉得标题没有问题，平均数就是 180 分钟，差不多 3 小时。\n",
                   {"q6-newsletter": references.MANUAL}),
        "poor-2": ("数据有错。\n", {"q6-newsletter": references.MANUAL}),
        "blank": (None, {"q6-newsletter": 0}),
    },
}
GOOD_WRITING = ("good-1", "good-2", "partial-1", "partial-2")
ANSWER_CELLS = tuple(OPTIONS)


def _full(cell: str, option: str, max_points: dict[str, int]) -> bool:
    """Whether an answer option earns every point of its grade cells (manual counts as yes)."""
    scores = OPTIONS[cell][option][1]
    return all(v == references.MANUAL or v == max_points[k] for k, v in scores.items())


def right_options(cell: str, max_points: dict[str, int]) -> list[str]:
    """The answers to ``cell`` that earn full marks: what a student who got it right wrote."""
    return [o for o in OPTIONS[cell] if o != "blank" and _full(cell, o, max_points)]


def wrong_options(cell: str, max_points: dict[str, int]) -> list[str]:
    """The typical mistakes on ``cell`` (some still earn part of its points)."""
    return [o for o in OPTIONS[cell] if o != "blank" and not _full(cell, o, max_points)]


def zero_options(cell: str) -> list[str]:
    """Tried, and no point earned: what a student who got everything wrong wrote."""
    return [o for o, (_, scores) in OPTIONS[cell].items()
            if o != "blank" and all(v == 0 for v in scores.values())]


# --- the roster ------------------------------------------------------------------------


@dataclass(frozen=True)
class Student:
    """One simulated student on the roster."""

    id: str
    name: str
    klass: str = CLASS_NAME


def _clashes(name: str, taken: list[str]) -> bool:
    """A name equal to, inside, or containing another: matching by name would be ambiguous."""
    return any(name in other or other in name for other in taken)


def _one_name(rng: random.Random) -> str:
    surname = rng.choices(list(SURNAMES), weights=list(SURNAMES.values()))[0]
    first, second = GIVEN[rng.choice(("boy", "girl"))]
    given = rng.choice(second)
    if rng.random() < 0.8:
        given = rng.choice(first.replace(given, "")) + given
    return surname + given


def make_names(rng: random.Random, count: int) -> list[str]:
    """``count`` distinct simulated names, none inside another, all writable in GBK."""
    names: list[str] = []
    while len(names) < count:
        name = _one_name(rng)
        if not _clashes(name, names):
            name.encode("gbk")  # an Excel roster on a Chinese PC must be able to hold it
            names.append(name)
    return names


def make_roster(rng: random.Random) -> list[Student]:
    names = make_names(rng, N_STUDENTS)
    return [Student(f"{ID_PREFIX}{i:02d}", name) for i, name in enumerate(names, start=1)]


def write_roster(path: Path, students: list[Student]) -> None:
    """The roster as a teacher exports it from Excel on a Chinese PC: GBK, CRLF."""
    lines = ["student_id,name,class"] + [f"{s.id},{s.name},{s.klass}" for s in students]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))


# --- the notebooks ---------------------------------------------------------------------


def _nbgrader(course: Path, *args: str) -> None:
    """Run the real nbgrader in ``course`` (alembic, which it shells out to, on PATH)."""
    env = {**os.environ, "PYTHONUTF8": "1"}
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def release_notebook(root: Path, lang: str, assignment: str = ASSIGNMENT,
                     notebook: str = NOTEBOOK) -> tuple[nbformat.NotebookNode,
                                                        nbformat.NotebookNode]:
    """(released student version, rendered source) of an assignment, made by nbgrader.

    The hand-ins must be what students really get, so the release comes from
    ``nbgrader generate_assignment`` in a throwaway course, not from a copy of its logic.
    """
    source_path = root / "assignments" / assignment / f"{notebook}.ipynb"
    source = render(nbformat.read(source_path, as_version=4), lang)
    with tempfile.TemporaryDirectory(prefix="suyang-sample-") as tmp:
        course = Path(tmp)
        (course / "nbgrader_config.py").write_text(
            "c = get_config()\n"
            f"c.CourseDirectory.root = {str(course)!r}\n"
            "c.CourseDirectory.course_id = 'suyang-sample'\n", "utf-8")
        target = course / "source" / assignment / f"{notebook}.ipynb"
        target.parent.mkdir(parents=True)
        nbformat.write(source, target)
        _nbgrader(course, "generate_assignment", assignment, "--force")
        release = nbformat.read(course / "release" / assignment / f"{notebook}.ipynb", 4)
    return release, source


def notebook_bytes(nb: nbformat.NotebookNode) -> bytes:
    """A notebook saved as JupyterLab saves it (one-space indent, final newline)."""
    return (nbformat.writes(nb) + "\n").encode("utf-8")


def break_json(data: bytes) -> bytes:
    """A notebook someone 'fixed' in Notepad: a stray line in the middle, no longer JSON."""
    cut = data.index(b'"cell_type": "code"')
    return data[:cut] + "我用记事本改了一下格式\r\n".encode() + data[cut:]


def truncate(data: bytes) -> bytes:
    """A notebook cut off part way, as an interrupted upload leaves it."""
    return data[: len(data) * 3 // 5]


# --- who handed in what ----------------------------------------------------------------


@dataclass
class Work:
    """One notebook's worth of answers and the scores they must get."""

    label: str  # 'solution', a submissions.yaml name, 'composed', 'wrong', 'untouched'
    answers: dict[str, str] | str
    expected: dict[str, Any]
    choices: dict[str, str] = field(default_factory=dict)


class Composer:
    """Draws each student's answers from the seeded RNG, with the scores they earn."""

    def __init__(self, rng: random.Random, spec: dict[str, Any], max_points: dict[str, int]):
        self.rng, self.spec, self.max = rng, spec, max_points
        self.named = [n for n in spec["submissions"] if n not in ("solution", "untouched")]

    def _compose(self, choices: dict[str, str], label: str) -> Work:
        answers: dict[str, str] = {}
        expected: dict[str, Any] = {}
        for cell, option in choices.items():
            code, scores = OPTIONS[cell][option]
            if code is not None:
                answers[cell] = code
            expected.update(scores)
        return Work(label, answers, expected, dict(choices))

    def reference(self, name: str, vary: bool = False) -> Work:
        """A submissions.yaml answer set; ``vary`` rewrites its written answer."""
        sub = self.spec["submissions"][name]
        answers = sub["answers"]
        if vary and isinstance(answers, dict) and answers.get("q6-newsletter"):
            option = self.rng.choice(("partial-1", "partial-2", "poor-1", "poor-2"))
            answers = {**answers, "q6-newsletter": OPTIONS["q6-newsletter"][option][0]}
        return Work(name, answers, dict(sub["expected"]))

    def solution(self) -> Work:
        """Right everywhere: the reference solution, or a student's own right answers."""
        if self.rng.random() < 0.3:
            return self.reference("solution")
        choices = {c: self.rng.choice(right_options(c, self.max)) for c in ANSWER_CELLS}
        choices["q6-newsletter"] = self.rng.choice(GOOD_WRITING)
        return self._compose(choices, "composed")

    def partial(self) -> Work:
        """Some right, some wrong or left blank, never all of one kind."""
        while True:
            choices = {}
            for cell in ANSWER_CELLS[:-1]:
                roll = self.rng.random()
                pool = (right_options(cell, self.max) if roll < 0.55 else
                        wrong_options(cell, self.max) if roll < 0.9 else ["blank"])
                choices[cell] = self.rng.choice(pool)
            rights = sum(_full(c, o, self.max) for c, o in choices.items())
            if 0 < rights < len(choices):
                break
        choices["q6-newsletter"] = self.rng.choice([*OPTIONS["q6-newsletter"]])
        return self._compose(choices, "composed")

    def reference_partial(self, index: int) -> Work:
        """The named mistakes of submissions.yaml, in turn, with their written answer varied."""
        return self.reference(self.named[index % len(self.named)], vary=index >= 1)

    def wrong(self) -> Work:
        """Tried everything, got every checked answer wrong."""
        choices = {c: self.rng.choice(zero_options(c)) for c in ANSWER_CELLS[:-1]}
        choices["q6-newsletter"] = self.rng.choice(("poor-1", "poor-2"))
        return self._compose(choices, "wrong")

    def untouched(self) -> Work:
        return Work("untouched", {}, dict(self.spec["submissions"]["untouched"]["expected"]))


# --- the zip ---------------------------------------------------------------------------


class _LegacyName(zipfile.ZipInfo):
    """A zip entry whose name is stored in a legacy code page without the UTF-8 flag.

    This is how WinRAR, 7-Zip and Windows' own zip write Chinese file names on a Chinese
    PC (GBK bytes, flag bit 11 clear); Python's zipfile only writes ASCII or flagged
    UTF-8, so the name's encoding is overridden here.
    """

    __slots__ = ("legacy_encoding",)

    def _encodeFilenameFlags(self):  # noqa: N802 (zipfile's own name)
        return self.filename.encode(self.legacy_encoding), self.flag_bits & ~0x800


@dataclass(frozen=True)
class Entry:
    """One file in handins.zip."""

    name: str
    data: bytes
    when: datetime
    encoding: str  # 'gbk' (no UTF-8 flag), 'utf-8' (flagged) or 'ascii'
    system: str = "windows"  # 'windows' or 'mac': the tool that zipped it


def _zipinfo(entry: Entry) -> zipfile.ZipInfo:
    if entry.encoding == "gbk":
        info = _LegacyName(entry.name, entry.when.timetuple()[:6])
        info.legacy_encoding = "gbk"
    else:
        info = zipfile.ZipInfo(entry.name, entry.when.timetuple()[:6])
    is_dir = entry.name.endswith("/")
    info.compress_type = zipfile.ZIP_STORED if is_dir else zipfile.ZIP_DEFLATED
    if entry.system == "mac":
        info.create_system = 3
        info.external_attr = ((0o40755 if is_dir else 0o100644) << 16) | (0x10 if is_dir else 0)
    else:
        info.create_system = 0
        info.external_attr = 0x10 if is_dir else 0x20
    return info


def write_zip(path: Path, entries: list[Entry]) -> None:
    """Write the entries sorted by name, so the same entries give the same bytes.

    Folders several hand-ins share (``__MACOSX/``) are written once, at their first time.
    """
    unique: dict[str, Entry] = {}
    for entry in sorted(entries, key=lambda e: (e.name, e.when)):
        unique.setdefault(entry.name, entry)
    with zipfile.ZipFile(path, "w") as zf:
        for entry in unique.values():
            zf.writestr(_zipinfo(entry), entry.data, compresslevel=6)


APPLEDOUBLE = (b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        \x00\x02"
               + b"\x00" * 16 + b"\x00\x00\x00\x09\x00\x00\x00\x32\x00\x00\x0e\xb0"
               + b"\x00" * 38)


def _when(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A random moment in [start, end], on an even second (zip stores 2-second steps)."""
    seconds = rng.randrange(0, int((end - start).total_seconds()) // 2) * 2
    return start + timedelta(seconds=seconds)


def on_time(rng: random.Random) -> datetime:
    return _when(rng, DUE - timedelta(days=3, hours=6), DUE - timedelta(minutes=2))


def too_late(rng: random.Random) -> datetime:
    return _when(rng, DUE + timedelta(hours=8), DUE + timedelta(days=2))


def entry_name(style: str, student: Student, copy: int = 0) -> str:
    """The file name a student's hand-in arrives under, in one of the usual styles."""
    suffix = f"({copy})" if copy else ""
    return {"named": f"{student.name}_{student.id}_{TITLE}{suffix}.ipynb",
            "id": f"{student.id}{suffix}.ipynb",
            "folder": f"{student.name}/{NOTEBOOK}.ipynb"}[style]


def mac_junk(folder: str, when: datetime, files: list[str]) -> list[Entry]:
    """What macOS' Archive Utility adds beside a zipped folder: AppleDouble files."""
    entries = [Entry(f"{folder}/", b"", when, "utf-8", "mac"),
               Entry(f"__MACOSX/{folder}/", b"", when, "utf-8", "mac")]
    entries += [Entry(f"__MACOSX/{folder}/._{name}", APPLEDOUBLE, when, "utf-8", "mac")
                for name in files]
    return entries


# --- putting it together ---------------------------------------------------------------


@dataclass
class SampleClass:
    """What :func:`make_sample_class` wrote, and what each student handed in."""

    out_dir: Path
    roster: Path
    handins: Path
    expected: Path
    readme: Path
    students: list[Student]
    record: dict[str, Any]


class _Builder:
    """Builds the hand-ins student by student, recording each in expected.json's form."""

    def __init__(self, rng: random.Random, release: nbformat.NotebookNode,
                 source: nbformat.NotebookNode, composer: Composer):
        self.rng, self.release, self.source, self.composer = rng, release, source, composer
        self.entries: list[Entry] = []
        self.junk: list[str] = []
        self.mac_done = False

    def notebook(self, work: Work) -> bytes:
        return notebook_bytes(references.materialise(self.release, self.source, work.answers))

    def add(self, student: Student, style: str, encoding: str, data: bytes, when: datetime,
            copy: int = 0) -> str:
        """Add one hand-in file (with the junk its style brings); return its entry name."""
        name = entry_name(style, student, copy)
        if style == "folder":
            self.entries.append(Entry(name, data, when, "utf-8", "mac"))
            extra = [f"{NOTEBOOK}.ipynb"]
            if not self.mac_done:  # one student zipped the Finder's and Jupyter's leftovers too
                self.mac_done = True
                self.entries.append(Entry(f"{student.name}/.DS_Store", b"\x00\x00\x00\x01Bud1",
                                          when, "utf-8", "mac"))
                checkpoint = f"{student.name}/.ipynb_checkpoints/{NOTEBOOK}-checkpoint.ipynb"
                self.entries.append(Entry(checkpoint, notebook_bytes(self.release), when,
                                          "utf-8", "mac"))
                self.junk += [f"{student.name}/.DS_Store", checkpoint]
                extra.append(".DS_Store")
            junk = [Entry("__MACOSX/", b"", when, "ascii", "mac"),
                    *mac_junk(student.name, when, extra)]
            self.entries += junk
            self.junk += [e.name for e in junk if e.name not in self.junk]
        else:
            self.entries.append(Entry(name, data, when, "ascii" if style == "id" else encoding))
        return name


def _record(student: Student, category: str, work: Work | None, files: list[str],
            when: datetime | None) -> dict[str, Any]:
    return {"name": student.name, "class": student.klass, "category": category,
            "answers": work.label if work else None,
            "choices": work.choices if work and work.choices else None,
            "files": files, "submitted_at": when.isoformat() + TZ if when else None,
            "late": bool(when and when > DUE),
            "expected": work.expected if work and category != "broken" else None}


def _styles(rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(name style, encoding) per hand-in: every style and both encodings guaranteed."""
    styles = ["folder"] * (count // 6) + ["id"] * (count // 5)
    styles += ["named"] * (count - len(styles))
    encodings = ["utf-8" if i % 3 == 2 else "gbk" for i in range(count)]
    pairs = list(zip(styles, encodings, strict=True))
    rng.shuffle(pairs)
    return pairs


def _hand_ins(builder: _Builder, students: list[Student],
              categories: list[str]) -> dict[str, dict[str, Any]]:
    """Make every roster student's hand-in (or none) and its record."""
    rng, composer = builder.rng, builder.composer
    styles = iter(_styles(rng, sum(c != "missing" for c in categories)))
    counters = {c: 0 for c in PLAN}
    out: dict[str, dict[str, Any]] = {}
    for student, category in zip(students, categories, strict=True):
        n = counters[category]
        counters[category] += 1
        if category == "missing":
            out[student.id] = _record(student, category, None, [], None)
            continue
        style, encoding = next(styles)
        if category == "duplicate":
            style = "named"
            older = composer.reference_partial(0)
            first = on_time(rng) - timedelta(days=1)
            name_old = builder.add(student, style, encoding, builder.notebook(older), first)
            work, when = composer.solution(), first + timedelta(hours=20)
            name_new = builder.add(student, style, encoding, builder.notebook(work), when, 1)
            out[student.id] = _record(student, category, work, [name_old, name_new], when)
            out[student.id]["superseded"] = {"file": name_old,
                                             "submitted_at": first.isoformat() + TZ,
                                             "answers": older.label,
                                             "expected": older.expected}
            continue
        work = _work(composer, category, n)
        when = too_late(rng) if category == "late" else on_time(rng)
        data = builder.notebook(work)
        if category == "broken":
            data = break_json(data) if n == 0 else truncate(data)
            work.label = "invalid-json" if n == 0 else "truncated"
        name = builder.add(student, style, encoding, data, when)
        out[student.id] = _record(student, category, work, [name], when)
    return out


def _work(composer: Composer, category: str, n: int) -> Work:
    """The answers of the n-th student of a category."""
    if category == "solution":
        return composer.reference("solution") if n == 0 else composer.solution()
    if category == "partial":
        return composer.reference_partial(n) if n < 4 else composer.partial()
    if category == "late":
        return composer.solution() if n == 0 else composer.partial()
    if category == "broken":
        return composer.partial()
    return {"wrong": composer.wrong, "untouched": composer.untouched}[category]()


def _unknown(builder: _Builder, names: list[str]) -> dict[str, Any]:
    """A hand-in from someone not on the roster (a student from another class, a nickname)."""
    rng = builder.rng
    while True:
        name = make_names(rng, 1)[0]
        if not _clashes(name, names):
            break
    work = builder.composer.partial()
    when = on_time(rng)
    entry = f"{name}_{TITLE}.ipynb"
    builder.entries.append(Entry(entry, builder.notebook(work), when, "gbk"))
    return {"file": entry, "name": name, "category": "unknown-name", "answers": work.label,
            "choices": work.choices, "submitted_at": when.isoformat() + TZ,
            "expected": work.expected}


def _max_points(source: nbformat.NotebookNode) -> dict[str, int]:
    return {c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
            for c in source.cells if c.metadata.get("nbgrader", {}).get("grade")}


README = """# 示例班级（模拟数据） · Sample class (SIMULATED data)

⚠️ **模拟数据**：这个班级的学生、姓名、学号和作业都是脚本 `python -m suyang.sample_class`
（随机种子 {seed}）编出来的，用来练习收作业、评分和写反馈，不描述任何真实的人。

⚠️ **Simulated**: every student, name, id and hand-in here was invented by
`python -m suyang.sample_class` (seed {seed}) to practise collecting, grading and feedback.
No real person is described.

- `roster.csv`: {count} students of {klass} (GBK, as Excel on a Chinese Windows PC saves it).
- `handins.zip`: the hand-ins for `{assignment}` as they come from a chat group or LMS
  (mixed file names, GBK and UTF-8 names, `__MACOSX/` junk, a duplicate, an unknown name,
  late, broken and missing work). Due: {due}.
- `expected.json`: what each student handed in and the score each grade cell must get.
"""


def make_sample_class(out_dir: Path, seed: int = DEFAULT_SEED, lang: str = "zh", *,
                      root: Path | None = None) -> SampleClass:
    """Write roster.csv, handins.zip, expected.json and README.md under ``out_dir``."""
    root = root or find_root()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    release, source = release_notebook(root, lang)
    spec = references.load_spec(root, ASSIGNMENT)
    max_points = _max_points(source)
    students = make_roster(rng)
    categories = [c for c, n in PLAN.items() for _ in range(n)]
    rng.shuffle(categories)
    builder = _Builder(rng, release, source, Composer(rng, spec, max_points))
    records = _hand_ins(builder, students, categories)
    unknown = _unknown(builder, [s.name for s in students])
    record = {
        "simulated": True, "seed": seed, "lang": lang, "assignment": ASSIGNMENT,
        "notebook": NOTEBOOK, "class": CLASS_NAME, "released": RELEASED.isoformat() + TZ,
        "due": DUE.isoformat() + TZ, "max_points": max_points,
        "total_points": spec["total_points"], "categories": list(CATEGORIES),
        "students": records, "unmatched": [unknown], "junk": sorted(builder.junk),
    }
    paths = {k: out_dir / n for k, n in (("roster", "roster.csv"), ("handins", "handins.zip"),
                                          ("expected", "expected.json"), ("readme", "README.md"))}
    write_roster(paths["roster"], students)
    write_zip(paths["handins"], builder.entries)
    paths["expected"].write_text(json.dumps(record, ensure_ascii=False, indent=1,
                                            sort_keys=True) + "\n", "utf-8")
    paths["readme"].write_text(README.format(seed=seed, count=len(students), klass=CLASS_NAME,
                                             assignment=ASSIGNMENT, due=record["due"]), "utf-8")
    return SampleClass(out_dir, students=students, record=record, **paths)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m suyang.sample_class",
                                     description="Write the simulated sample class.")
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--lang", default="zh", choices=["zh", "en"])
    args = parser.parse_args(argv)
    made = make_sample_class(args.out, args.seed, args.lang)
    for path in (made.roster, made.handins, made.expected, made.readme):
        print(path)


if __name__ == "__main__":
    main()
