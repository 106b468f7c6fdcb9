"""``suyang new lesson|assignment``: a correct, lint-clean skeleton to start from.

A teacher writing their first notebook (in the workshop, or alone) should spend their time
on the story and the questions, not on metadata, language tags and nbgrader cell flags.
These skeletons already pass ``suyang lint``; the assignment is already graded end to end
by nbgrader and ``suyang grade`` (its reference submissions in ``graders/`` say what each
answer must score), so a teacher changes one thing at a time and checks again.

The skeleton's content is a small worked example about how a class comes to school; its
metadata (standards, objectives assessed) is taken from a real lesson of the level, so
everything it names exists. Text a teacher must replace is marked ✎.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import nbformat
import yaml
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from . import standards
from .notebooks import iter_notebooks

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
KERNEL = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                         "name": "python3"}, "language_info": {"name": "python"}}


class NewError(ValueError):
    """A request that cannot make a correct skeleton (unknown level, bad slug …)."""


def _check(root: Path, level: str, slug: str) -> None:
    if level not in standards.levels():
        raise NewError(f"unknown level {level!r}; one of: {', '.join(standards.levels())}")
    if not SLUG.match(slug):
        raise NewError(f"slug {slug!r}: use lowercase letters, digits and hyphens "
                       "(e.g. my-first-quiz)")
    if not root.is_dir():
        raise NewError(f"{root} is not a folder")


def _next_number(folders: list[Path], prefix: str = "") -> str:
    used = [int(m.group(1)) for f in folders
            if (m := re.match(rf"^{re.escape(prefix)}(\d\d)-", f.name))]
    return f"{max(used, default=0) + 1:02d}"


def _lessons(root: Path, level: str) -> list[nbformat.NotebookNode]:
    return [ref.read() for ref in iter_notebooks(root)
            if ref.kind == "lesson" and ref.expected_id.startswith(f"{level}-")]


def _model_lesson(root: Path, level: str, lesson: str | None) -> dict[str, Any]:
    """The metadata of the lesson a new notebook builds on (named, or the level's first)."""
    metas = [nb.metadata["suyang"] for nb in _lessons(root, level)]
    if lesson:
        metas = [m for m in metas if m["id"] == lesson]
        if not metas:
            raise NewError(f"no lesson {lesson!r} in {root / 'curriculum' / level}")
    if not metas:
        raise NewError(f"no lesson of level {level!r} under {root / 'curriculum'} to build on")
    return metas[0]


def _grades(level: str) -> list[Any]:
    allowed = standards.levels()[level].get("grades") or ["adult"]
    return allowed[:1]


def _pair(zh: str, en: str) -> list[nbformat.NotebookNode]:
    return [new_markdown_cell(zh, metadata={"tags": ["lang-zh"]}),
            new_markdown_cell(en, metadata={"tags": ["lang-en"]})]


def _setup_pair(level: str, **nbgrader: Any) -> list[nbformat.NotebookNode]:
    """The two setup cells (one per language view); locked nbgrader cells if asked."""
    large = ", large_print=True" if level == "seniors" else ""
    cells = []
    for lang in ("zh", "en"):
        metadata: dict[str, Any] = {"tags": [f"lang-{lang}"]}
        if nbgrader:
            metadata.update(_nbg(f"setup-{lang}", **nbgrader))
        cells.append(new_code_cell(f'import suyang\nsuyang.setup("{lang}"{large})',
                                   metadata=metadata))
    return cells


# ------------------------------------------------------------------ a lesson
LESSON_CHECKS = {
    "by_car": {
        "kind": "number", "answer": 7,
        "wrong": [{"answer": 16, "feedback": {
            "zh": "16 是只减去了走路的人数。坐校车的 9 人也不是坐家长的车来的，也要减掉。",
            "en": "16 takes away only the walkers. The 9 who come by bus do not come by car "
                  "either: take them away too."}}],
        "hints": [{"zh": "全班 28 人，先去掉走路的，再去掉坐校车的。",
                   "en": "Start with all 28, take away the walkers, then the bus riders."}],
        "solution": {"zh": "`28 - 12 - 9` 等于 7。", "en": "`28 - 12 - 9` is 7."},
    }
}


def _lesson_cells(level: str) -> list[nbformat.NotebookNode]:
    cells = _pair(
        "# ✎ 课题：我们班怎样来上学\n\n✎ 用学生生活里的一个小故事开头：这节课要解决什么问题？\n\n"
        "**学习目标**：见笔记本元数据（`suyang catalog` 会列出来）。",
        "# ✎ Title: how our class comes to school\n\n✎ Open with a short story from the "
        "learners' lives: what question does this lesson answer?\n\n"
        "**Objectives**: in the notebook's metadata (`suyang catalog` lists them).")
    cells += _setup_pair(level)
    cells += _pair("## 看一个例子\n\n全班 28 人，12 人走路，9 人坐校车，其余的人坐家长的车。"
                   "运行下面的格子，看看电脑怎样算走路的人占几成。",
                   "## A worked example\n\nThe class has 28 pupils: 12 walk, 9 take the "
                   "school bus, and the rest come by car. Run the cell below to see how the "
                   "computer works out the share who walk.")
    cells.append(new_code_cell("walkers = 12\nclass_size = 28\n"
                               "round(walkers / class_size * 100)"))
    cells += _pair("## 试一试\n\n坐家长的车来的有几人？把 `...` 换成你的算式，运行，"
                   "看看检查的结果。",
                   "## Your turn\n\nHow many come by car? Replace `...` with your sum, run "
                   "it, and read what the check says.")
    cells.append(new_code_cell("from suyang.check import check, hint\n\nby_car = ...\n"
                               'check("by_car", by_car)'))
    cells += _pair("## 小结\n\n✎ 用两三句话说说今天学到了什么。",
                   "## Wrap-up\n\n✎ Two or three sentences on what we learned today.")
    return cells


def new_lesson(root: Path, level: str, slug: str, title_zh: str | None = None,
               title_en: str | None = None) -> Path:
    """Create ``curriculum/<level>/<NN>-<slug>/`` with notebook, checks.yaml and plan.md."""
    root = Path(root)
    _check(root, level, slug)
    parent = root / "curriculum" / level
    parent.mkdir(parents=True, exist_ok=True)
    number = _next_number([p for p in parent.iterdir() if p.is_dir()])
    folder = parent / f"{number}-{slug}"
    folder.mkdir()
    model = _model_lesson(root, level, None) if _lessons(root, level) else None
    codes = (model or {}).get("standards") or _default_codes(level)
    nb = new_notebook(cells=_lesson_cells(level))
    nb.metadata.update(KERNEL)
    nb.metadata["suyang"] = {
        "id": f"{level}-{number}-{slug}", "level": level, "grades": _grades(level),
        "title": {"zh": title_zh or f"✎ 新课：{slug}", "en": title_en or f"✎ New lesson: {slug}"},
        "minutes": 45,
        "objectives": {"zh": ["✎ 学生能用减法算出没有直接给出的人数。"],
                       "en": ["✎ Work out a number the data does not give directly."]},
        "literacy": ["use"], "standards": codes, "prerequisites": [], "datasets": []}
    if level == "seniors":
        nb.metadata["suyang"]["large_print"] = True
    path = folder / f"{slug}.ipynb"
    nbformat.write(nb, path)
    (folder / "checks.yaml").write_text(
        "# Instant checks for this lesson (see CONTRIBUTING.md, 'Instant checks').\n"
        + yaml.safe_dump(LESSON_CHECKS, allow_unicode=True, sort_keys=False), "utf-8")
    (folder / "plan.md").write_text(
        f"# ✎ {slug} — 教案 / Lesson plan\n\n## 中文\n\n✎ 课前准备、时间安排（45 分钟）、"
        "常见问题。\n\n## English\n\n✎ Preparation, timings (45 minutes), common "
        "difficulties.\n", "utf-8")
    return path


def _default_codes(level: str) -> list[str]:
    codes = list(standards.codes())
    school = [c for c in codes if standards.is_school_code(c)]
    pick = ([next(c for c in school if c.startswith("CN-HS2020"))] if level == "high"
            else [next(c for c in school if c.startswith("CN-CS2022"))]
            if standards.levels()[level].get("school") else [])
    return pick + [next(c for c in codes if c.startswith("DigComp-"))]


# ------------------------------------------------------------------ an assignment
CAR = 'what=tr(zh="坐车来的人数", en="The number who come by car")'
WALK = 'what=tr(zh="走路的百分比", en="The walking percentage")'


def _nbg(grade_id: str, **kw: Any) -> dict[str, Any]:
    meta = {"grade_id": grade_id, "schema_version": 3, "locked": False, "solution": False,
            "grade": False}
    meta.update(kw)
    return {"nbgrader": meta}


def _assessed(objective: str, *literacy: str) -> dict[str, Any]:
    return {"objective": objective, "literacy": list(literacy)}


def _assignment_cells(level: str, lesson: str, n_objectives: int
                      ) -> list[nbformat.NotebookNode]:
    last = f"{lesson}/{n_objectives}"
    first = f"{lesson}/1"
    cells = _pair(
        "# ✎ 作业：我们班怎样来上学\n\n✎ 一两句话的小故事。\n\n"
        "**怎么做**：把每个答案格里的 `raise NotImplementedError()` 换成你的代码，运行它，"
        "再运行下面的检查格。\n\n| 题目 | 考查什么 | 分值 |\n|---|---|---|\n"
        "| 第 1 题 | 用减法求出没有直接给出的人数 | 2 |\n| 第 2 题 | 求百分比 | 1 |\n"
        "| 第 3 题 | 用数据说话（老师批改） | 2 |\n\n满分 5 分，大约需要 20 分钟。",
        "# ✎ Assignment: how our class comes to school\n\n✎ A short story.\n\n"
        "**How to work**: in each answer cell replace `raise NotImplementedError()` with "
        "your code, run it, then run the check cell below it.\n\n"
        "| Question | What it assesses | Points |\n|---|---|---|\n"
        "| 1 | Subtract to find a number not given directly | 2 |\n"
        "| 2 | Work out a percentage | 1 |\n| 3 | Say what the data shows (teacher) | 2 |\n\n"
        "5 points, about 20 minutes.")
    cells += _setup_pair(level, locked=True)
    cells.append(new_code_cell(
        "from suyang import tr\nfrom suyang.graders import assert_type, require\n\n"
        "class_size, walkers, bus = 28, 12, 9", metadata=_nbg("imports", locked=True)))
    cells += _pair("## 第 1 题（2 分）\n\n全班 28 人，12 人走路，9 人坐校车，其余坐家长的车。"
                   "坐车来的有几人？存进 `by_car`。",
                   "## Question 1 (2 points)\n\nOf 28 pupils, 12 walk and 9 take the bus; "
                   "the rest come by car. How many come by car? Store it in `by_car`.")
    cells.append(new_code_cell("### BEGIN SOLUTION\nby_car = class_size - walkers - bus\n"
                               "### END SOLUTION",
                               metadata=_nbg("q1-answer", solution=True)))
    cells.append(new_code_cell(
        f'by_car = require("by_car")\nassert_type(by_car, "integer", {CAR})\n'
        "### BEGIN HIDDEN TESTS\nfrom suyang.graders import assert_number as _assert_number\n"
        f"_assert_number(by_car, 7, {CAR})\n### END HIDDEN TESTS",
        metadata={**_nbg("q1-test", grade=True, points=2), "suyang": _assessed(first, "use")}))
    cells += _pair("## 第 2 题（1 分）\n\n走路来的人占全班的百分之几？存进 `walk_percent`"
                   "（例如 50 表示 50%，不用自己四舍五入）。",
                   "## Question 2 (1 point)\n\nWhat percentage of the class walks? Store it "
                   "in `walk_percent` (50 means 50%; no need to round).")
    cells.append(new_code_cell("### BEGIN SOLUTION\nwalk_percent = walkers / class_size * 100\n"
                               "### END SOLUTION",
                               metadata=_nbg("q2-answer", solution=True)))
    cells.append(new_code_cell(
        f'walk_percent = require("walk_percent")\nassert_type(walk_percent, "number", {WALK})\n'
        "### BEGIN HIDDEN TESTS\nfrom suyang.graders import assert_number as _assert_number\n"
        f"_assert_number(walk_percent, 12 / 28 * 100, tol=0.05,\n               {WALK})\n"
        "### END HIDDEN TESTS",
        metadata={**_nbg("q2-test", grade=True, points=1), "suyang": _assessed(first, "use")}))
    cells += _pair("## 第 3 题（2 分，老师批改）\n\n有人说：“我们学校大多数同学都走路上学。”"
                   "根据这个班的数据，这句话有道理吗？写两三句话。",
                   "## Question 3 (2 points, marked by your teacher)\n\nSomeone says: "
                   "\"Most pupils at our school walk to school.\" Does this class's data "
                   "support that? Write two or three sentences.")
    cells.append(new_markdown_cell(
        "### BEGIN SOLUTION\n不能这么说。这个班走路的只有 12 人，约 43%，不到一半；"
        "而且只调查了一个班，不能代表全校。\n\nNo. In this class only 12 of 28 walk, "
        "about 43%, less than half; and one class cannot speak for the whole school.\n"
        "### END SOLUTION",
        metadata={**_nbg("q3-claim", grade=True, solution=True, points=2),
                  "suyang": _assessed(last, "evaluate")}))
    cells += _pair("## 交作业之前\n\n从上到下再运行一遍，确认没有报错，然后保存。",
                   "## Before you hand in\n\nRun every cell again from the top, check that "
                   "nothing fails, and save.")
    return cells


def _submissions(assignment: str, notebook: str) -> dict[str, Any]:
    def sub(zh: str, en: str, answers: Any, q1: int, q2: int, q3: Any) -> dict[str, Any]:
        return {"description": {"zh": zh, "en": en}, "answers": answers,
                "expected": {"q1-test": q1, "q2-test": q2, "q3-claim": q3}}

    return {"assignment": assignment, "notebook": notebook, "total_points": 5, "submissions": {
        "solution": sub("完整的参考答案", "The full solution", "solution", 2, 1, "manual"),
        "untouched": sub("原样交回的空白作业", "The released notebook handed back untouched",
                         {}, 0, 0, 0),
        "forgot-the-bus": sub("只减去了走路的人", "Took away only the walkers",
                              {"q1-answer": "by_car = class_size - walkers",
                               "q2-answer": "walk_percent = walkers / class_size * 100"},
                              0, 1, 0),
        "fraction-not-percent": sub("百分比写成了小数（0.43）",
                                    "Gave the share as a fraction (0.43), not a percentage",
                                    {"q1-answer": "by_car = 28 - 12 - 9",
                                     "q2-answer": "walk_percent = walkers / class_size"},
                                    2, 0, 0),
        "number-in-quotes": sub("把数字写在引号里（\"7\"）", "Wrote the number in quotes (\"7\")",
                                {"q1-answer": 'by_car = "7"',
                                 "q2-answer": "walk_percent = 12 / 28 * 100"}, 0, 1, 0),
    }}


RUBRIC = {
    "q3-claim": {
        "points": 2,
        "assesses": {"zh": "根据数据判断一个说法（评价）",
                     "en": "Judging a claim against the data (evaluate)"},
        "levels": [
            {"score": 2, "zh": "指出只有约 43% 走路、不到一半，并指出一个班不能代表全校。",
             "en": "Says only about 43% walk, under half, and that one class cannot speak "
                   "for the whole school."},
            {"score": 1, "zh": "只说对其中一点。", "en": "Makes only one of the two points."},
            {"score": 0, "zh": "同意这个说法，或没有用到数据。",
             "en": "Agrees with the claim, or does not use the data."}],
        "exemplar": {"zh": "不能这么说。这个班走路的只有 12 人，约 43%，不到一半；"
                           "而且只调查了一个班，不能代表全校。",
                     "en": "No. In this class only 12 of the 28 pupils walk, about 43%, which is "
                           "less than half; and one class cannot speak for the whole school."},
        "common_mistakes": {"zh": ["把 12 人当成大多数", "把一个班当成全校"],
                            "en": ["treats 12 pupils as most of the class",
                                   "treats one class as the whole school"]},
    }
}


def new_assignment(root: Path, level: str, slug: str, lesson: str | None = None) -> Path:
    """Create ``assignments/<level>-<NN>-<slug>/`` and its ``graders/`` folder."""
    root = Path(root)
    _check(root, level, slug)
    model = _model_lesson(root, level, lesson)
    parent = root / "assignments"
    parent.mkdir(parents=True, exist_ok=True)
    number = _next_number([p for p in parent.iterdir() if p.is_dir()], f"{level}-")
    assignment = f"{level}-{number}-{slug}"
    folder = parent / assignment
    folder.mkdir()
    nb = new_notebook(cells=_assignment_cells(level, model["id"],
                                              len(model["objectives"]["zh"])))
    nb.metadata.update(KERNEL)
    nb.metadata["suyang"] = {
        "id": assignment, "level": level, "grades": list(model["grades"]),
        "title": {"zh": f"✎ 作业：{slug}", "en": f"✎ Assignment: {slug}"}, "minutes": 20,
        "objectives": {"zh": ["✎ 用减法和百分比读懂一份小调查", "✎ 判断一个说法有没有数据支持"],
                       "en": ["✎ Read a small survey with subtraction and percentages",
                              "✎ Judge whether the data supports a claim"]},
        "literacy": ["use", "evaluate"], "standards": list(model["standards"]),
        "prerequisites": [model["id"]], "datasets": [], "lessons": [model["id"]]}
    if level == "seniors":
        nb.metadata["suyang"]["large_print"] = True
    path = folder / f"{slug}.ipynb"
    nbformat.write(nb, path)
    graders = root / "graders" / assignment
    graders.mkdir(parents=True, exist_ok=True)
    (graders / "submissions.yaml").write_text(
        "# Reference submissions: what each answer must score (see CONTRIBUTING.md).\n"
        + yaml.safe_dump(_submissions(assignment, slug), allow_unicode=True,
                         sort_keys=False), "utf-8")
    (graders / "rubric.yaml").write_text(
        "# Rubric for the written answers (score levels and an exemplar answer).\n"
        + yaml.safe_dump({"assignment": assignment, "cells": RUBRIC}, allow_unicode=True,
                         sort_keys=False), "utf-8")
    return path
