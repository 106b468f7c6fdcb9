"""``suyang lint``: check every notebook against the kit's conventions.

Each rule is a small function over one notebook that yields located problems (file,
cell, what to fix); corpus-wide rules (unique ids, known prerequisites) run after. A
teacher writing their own notebook in a workshop gets the same messages as CI.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import nbformat

from . import data, i18n, standards
from .notebooks import LANG_TAG_PREFIX, NotebookRef, cell_lang, find_root, iter_notebooks

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{2,}\b")
CODE_SPAN = re.compile(r"`[^`]*`|\$[^$]*\$|\[[^\]]*\]\([^)]*\)|<[^>]+>")
SETUP_CALL = re.compile(r"\bsuyang\.setup\(|\bfrom suyang import setup\b")
SOLUTION_BEGIN, SOLUTION_END = "### BEGIN SOLUTION", "### END SOLUTION"
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


@dataclass(frozen=True)
class Problem:
    """One thing to fix, located by file and (1-based) cell number."""

    path: str
    cell: int | None
    message: str
    cell_label: str = ""  # 'cell 5' / '第 5 个单元格', in the language of the message

    def __str__(self) -> str:
        label = self.cell_label or (i18n.t("lint.cell", n=self.cell) if self.cell else "")
        return f"{self.path}: {label}: {self.message}" if label else \
            f"{self.path}: {self.message}"


@dataclass
class Context:
    """What a rule sees: the notebook, where it lives, and its metadata."""

    ref: NotebookRef
    nb: nbformat.NotebookNode
    meta: dict[str, Any]

    @property
    def path(self) -> str:
        return self.ref.path.as_posix()

    def problem(self, key: str, cell: int | None = None, **values: Any) -> Problem:
        if cell is None:
            return Problem(self.path, None, i18n.t(key, **values))
        return Problem(self.path, cell + 1, i18n.t(key, **values), i18n.t("lint.cell", n=cell + 1))


Rule = Callable[[Context], Iterable[Problem]]


@cache
def schema() -> dict[str, Any]:
    text = resources.files("suyang.schema").joinpath("notebook.schema.json").read_text("utf-8")
    return json.loads(text)


# ------------------------------------------------------------------ metadata rules
def rule_schema(ctx: Context) -> Iterator[Problem]:
    if not ctx.meta:
        yield ctx.problem("lint.no_meta")
        return
    validator = jsonschema.Draft202012Validator(schema())
    for err in sorted(validator.iter_errors(ctx.meta), key=lambda e: list(e.path)):
        field = "/".join(str(p) for p in err.path) or "suyang"
        yield ctx.problem("lint.schema", field=field, error=err.message)


def rule_identity(ctx: Context) -> Iterator[Problem]:
    meta = ctx.meta
    if meta.get("id") and meta["id"] != ctx.ref.expected_id:
        yield ctx.problem("lint.id_mismatch", id=meta["id"], expected=ctx.ref.expected_id)
    folder_level = ctx.ref.expected_id.split("-")[0]
    if meta.get("level") and meta["level"] != folder_level:
        yield ctx.problem("lint.level_mismatch", level=meta["level"], folder=folder_level)
    allowed = standards.levels().get(meta.get("level", ""), {}).get("grades", [])
    bad = [g for g in meta.get("grades") or [] if allowed and g not in allowed]
    if bad:
        yield ctx.problem("lint.grades_level", grades=bad, level=meta.get("level"),
                          allowed=allowed)


def rule_bilingual_meta(ctx: Context) -> Iterator[Problem]:
    langs = i18n.languages()
    objectives = ctx.meta.get("objectives") or {}
    counts = {lang: len(objectives.get(lang) or []) for lang in langs}
    if objectives and len(set(counts.values())) > 1:
        yield ctx.problem("lint.objectives_count", counts=counts)
    for key in ("title", "objectives"):
        missing = [lang for lang in langs if lang not in (ctx.meta.get(key) or {})]
        if ctx.meta.get(key) and missing:
            yield ctx.problem("lint.meta_lang_missing", field=key, langs=", ".join(missing))


def rule_standards(ctx: Context) -> Iterator[Problem]:
    codes = ctx.meta.get("standards") or []
    known = standards.codes()
    for code in codes:
        if code not in known:
            yield ctx.problem("lint.unknown_code", code=code)
    level_info = standards.levels().get(ctx.meta.get("level", ""), {})
    if level_info.get("school") and not any(standards.is_school_code(c) for c in codes):
        yield ctx.problem("lint.need_school_code")
    if codes and not any(c.startswith("DigComp-") for c in codes):
        yield ctx.problem("lint.need_digcomp")


def rule_datasets(ctx: Context) -> Iterator[Problem]:
    shipped = set(data.names())
    for name in ctx.meta.get("datasets") or []:
        if name not in shipped:
            yield ctx.problem("lint.unknown_dataset", name=name, known=", ".join(sorted(shipped)))
            continue
        for issue in data.card_problems(name):
            yield ctx.problem("lint.dataset_card", name=name, problem=issue)
    used = set(re.findall(r"""data\.(?:load|card)\(\s*["']([a-z0-9_]+)["']""",
                          "\n".join(c.source for c in ctx.nb.cells if c.cell_type == "code")))
    for name in sorted(used - set(ctx.meta.get("datasets") or [])):
        yield ctx.problem("lint.dataset_undeclared", name=name)


# ------------------------------------------------------------------ cell rules
def rule_outputs(ctx: Context) -> Iterator[Problem]:
    for i, cell in enumerate(ctx.nb.cells):
        if cell.cell_type != "code":
            continue
        if cell.get("outputs"):
            yield ctx.problem("lint.outputs", i)
        elif cell.get("execution_count") is not None:
            yield ctx.problem("lint.exec_count", i)


def rule_languages(ctx: Context) -> Iterator[Problem]:
    langs = list(i18n.languages())
    cells = ctx.nb.cells
    i = 0
    while i < len(cells):
        if cell_lang(cells[i]) is None:
            i += 1
            continue
        run_start = i
        while i < len(cells) and cell_lang(cells[i]) is not None:
            i += 1
        run = list(range(run_start, i))
        for idx in run:
            lang = cell_lang(cells[idx])
            if lang not in langs:
                yield ctx.problem("lint.unknown_lang_tag", idx, tag=LANG_TAG_PREFIX + str(lang),
                                  known=", ".join(LANG_TAG_PREFIX + x for x in langs))
        for start in range(0, len(run), len(langs)):
            group = run[start:start + len(langs)]
            got = [cell_lang(cells[j]) for j in group]
            if got != langs:
                yield ctx.problem("lint.lang_unpaired", group[0], got=", ".join(map(str, got)),
                                  expected=", ".join(langs))
            elif len({cells[j].cell_type for j in group}) > 1:
                yield ctx.problem("lint.lang_type_mismatch", group[0])


def _prose(text: str) -> str:
    return CODE_SPAN.sub(" ", text)


def rule_untagged_prose(ctx: Context) -> Iterator[Problem]:
    for i, cell in enumerate(ctx.nb.cells):
        if cell.cell_type != "markdown" or cell_lang(cell) is not None:
            continue
        if cell.metadata.get("nbgrader", {}).get("solution"):
            continue  # a student's answer cell is shown in both views on purpose
        prose = _prose(cell.source)
        if CJK.search(prose) or len(LATIN_WORD.findall(prose)) >= 3:
            yield ctx.problem("lint.untagged_prose", i)


def rule_setup(ctx: Context) -> Iterator[Problem]:
    for lang in i18n.languages():
        code = [c.source for c in ctx.nb.cells
                if c.cell_type == "code" and cell_lang(c) in (None, lang)]
        if not any(SETUP_CALL.search(src) for src in code[:3]):
            yield ctx.problem("lint.no_setup", lang=lang)
            return


# ------------------------------------------------------------------ nbgrader rules
def _markers(source: str, begin: str, end: str) -> str | None:
    """'ok', 'none', or what is wrong with the begin/end markers of a region."""
    depth, seen = 0, False
    for line in source.splitlines():
        stripped = line.strip()
        if stripped == begin:
            if depth:
                return "nested"
            depth, seen = 1, True
        elif stripped == end:
            if not depth:
                return "end_without_begin"
            depth = 0
    if depth:
        return "begin_without_end"
    return "ok" if seen else "none"


def rule_nbgrader(ctx: Context) -> Iterator[Problem]:
    is_assignment = ctx.ref.kind == "assignment"
    ids: dict[str, int] = {}
    tests = 0
    for i, cell in enumerate(ctx.nb.cells):
        nbg = cell.metadata.get("nbgrader")
        src = cell.source
        sol_state = _markers(src, SOLUTION_BEGIN, SOLUTION_END)
        hid_state = _markers(src, HIDDEN_BEGIN, HIDDEN_END)
        if not nbg:
            if sol_state != "none" or hid_state != "none":
                yield ctx.problem("lint.markers_outside", i)
            continue
        if not is_assignment:
            yield ctx.problem("lint.lesson_has_nbgrader", i)
            continue
        grade_id = nbg.get("grade_id")
        if (nbg.get("grade") or nbg.get("solution") or nbg.get("locked")) and not grade_id:
            yield ctx.problem("lint.no_grade_id", i)
        if grade_id:
            if grade_id in ids:
                yield ctx.problem("lint.duplicate_grade_id", i, id=grade_id,
                                  first=ids[grade_id] + 1)
            ids.setdefault(grade_id, i)
        if nbg.get("grade"):
            points = nbg.get("points")
            if not isinstance(points, (int, float)) or points <= 0:
                yield ctx.problem("lint.points", i, id=grade_id)
        if sol_state not in ("ok", "none"):
            yield ctx.problem(f"lint.solution_{sol_state}", i)
        if sol_state == "ok" and not nbg.get("solution"):
            yield ctx.problem("lint.solution_outside", i)
        if cell.cell_type == "code" and nbg.get("solution") and sol_state == "none":
            yield ctx.problem("lint.solution_missing", i)
        if hid_state not in ("ok", "none"):
            yield ctx.problem(f"lint.hidden_{hid_state}", i)
        is_test = nbg.get("grade") and not nbg.get("solution") and cell.cell_type == "code"
        if hid_state == "ok" and not is_test:
            yield ctx.problem("lint.hidden_outside", i)
        tests += bool(is_test)
    if is_assignment and tests == 0:
        yield ctx.problem("lint.no_tests")


# ------------------------------------------------------------------ what grade cells assess
@cache
def cell_schema() -> dict[str, Any]:
    text = resources.files("suyang.schema").joinpath("cell.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def lesson_objectives(root: Path, lesson_id: str) -> int | None:
    """How many objectives a kit lesson declares (None: no such lesson under ``root``)."""
    level, _, rest = lesson_id.partition("-")
    folder = root / "curriculum" / level / rest
    for nb_path in sorted(folder.glob("*.ipynb")):
        try:
            meta = nbformat.read(nb_path, as_version=4).metadata.get("suyang", {})
        except Exception:
            return None
        return len((meta.get("objectives") or {}).get("zh") or [])
    return None


def _check_objective(ctx: Context, i: int, objective: str) -> Iterator[Problem]:
    lesson, _, n = objective.rpartition("/")
    if lesson not in (ctx.meta.get("lessons") or []):
        yield ctx.problem("lint.objective_lesson_unlisted", i, lesson=lesson)
    count = lesson_objectives(ctx.ref.root, lesson)
    if count is None:
        yield ctx.problem("lint.objective_unknown_lesson", i, lesson=lesson)
    elif not 1 <= int(n) <= count:
        yield ctx.problem("lint.objective_out_of_range", i, objective=objective, count=count)


def rule_assessment(ctx: Context) -> Iterator[Problem]:
    """Grade cells say what they assess; widget answer cells give nothing away."""
    from .answers import _answer_call, recorded_answers

    validator = jsonschema.Draft202012Validator(cell_schema())
    declared = set(ctx.meta.get("literacy") or [])
    assessed: set[str] = set()
    total = 0.0
    for i, cell in enumerate(ctx.nb.cells):
        meta = cell.metadata.get("suyang")
        nbg = cell.metadata.get("nbgrader") or {}
        if meta is not None:
            for err in validator.iter_errors(meta):
                field = "/".join(str(p) for p in err.path) or "suyang"
                yield ctx.problem("lint.cell_schema", i, field=field, error=err.message)
        meta = meta if isinstance(meta, dict) else {}
        if nbg.get("grade") and ctx.ref.kind == "assignment":
            total += float(nbg.get("points") or 0)
            if not meta.get("objective") or not meta.get("literacy"):
                yield ctx.problem("lint.grade_unassessed", i, id=nbg.get("grade_id"))
            if isinstance(meta.get("objective"), str) and "/" in meta["objective"]:
                yield from _check_objective(ctx, i, meta["objective"])
            cell_dims = set(meta.get("literacy") or [])
            for dim in sorted(cell_dims - declared):
                yield ctx.problem("lint.grade_literacy_undeclared", i, dim=dim)
            assessed |= cell_dims
        if "answer" in meta:
            qid = str(meta["answer"])
            if nbg:
                yield ctx.problem("lint.answer_is_nbgrader", i)
            if cell.cell_type != "code" or _answer_call(_parse(cell.source), qid) is None:
                yield ctx.problem("lint.answer_no_call", i, id=qid)
            elif qid in recorded_answers(cell.source):
                yield ctx.problem("lint.answer_given_away", i, id=qid)
    if ctx.ref.kind == "assignment" and total:
        for dim in sorted(declared - assessed):
            yield ctx.problem("lint.literacy_unassessed", dim=dim)
        if total % 5:
            yield ctx.problem("lint.points_not_round", total=f"{total:g}")


def _parse(source: str) -> Any:
    import ast

    try:
        return ast.parse(source)
    except SyntaxError:
        return ast.Module(body=[], type_ignores=[])


RULES: list[Rule] = [rule_schema, rule_identity, rule_bilingual_meta, rule_standards,
                     rule_datasets, rule_outputs, rule_languages, rule_untagged_prose,
                     rule_setup, rule_nbgrader, rule_assessment]


# ------------------------------------------------------------------ driving the rules
def _read(ref: NotebookRef) -> tuple[nbformat.NotebookNode | None, Problem | None]:
    path = ref.root / ref.path
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as err:  # not JSON, not a notebook: say so and go on
        return None, Problem(ref.path.as_posix(), None,
                             i18n.t("lint.unreadable", error=str(err).splitlines()[0][:200]))
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as err:
        return nb, Problem(ref.path.as_posix(), None,
                           i18n.t("lint.invalid_nbformat", error=err.message[:200]))
    return nb, None


def lint_refs(refs: Iterable[NotebookRef], known_ids: set[str] | None = None) -> list[Problem]:
    """Run every rule over these notebooks, then the corpus-wide rules."""
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    prereqs: list[tuple[Context, str]] = []
    for ref in refs:
        nb, problem = _read(ref)
        if problem:
            problems.append(problem)
        if nb is None:
            continue
        ctx = Context(ref, nb, dict(nb.metadata.get("suyang", {})))
        for rule in RULES:
            problems.extend(rule(ctx))
        nid = ctx.meta.get("id")
        if nid:
            if nid in seen:
                problems.append(ctx.problem("lint.duplicate_id", id=nid, other=seen[nid]))
            seen.setdefault(nid, ctx.path)
        prereqs.extend((ctx, p) for p in ctx.meta.get("prerequisites") or [])
    all_ids = set(seen) | (known_ids or set())
    for ctx, prereq in prereqs:
        if prereq not in all_ids:
            problems.append(ctx.problem("lint.unknown_prereq", id=prereq))
    return problems


def _refs_for(paths: list[Path], root: Path) -> list[NotebookRef]:
    refs: list[NotebookRef] = []
    for p in paths:
        p = p.resolve()
        files = [p] if p.is_file() else sorted(
            f for f in p.rglob("*.ipynb") if ".ipynb_checkpoints" not in f.parts)
        for f in files:
            try:
                rel = f.relative_to(root)
            except ValueError:
                rel = Path(f.name)
            refs.append(NotebookRef(root, rel) if (root / rel).exists()
                        else NotebookRef(f.parent, Path(f.name)))
    return refs


def lint(paths: list[Path] | None = None, root: Path | None = None) -> list[Problem]:
    """Lint the given notebooks or folders (default: the whole kit)."""
    if paths:
        try:
            root = root or find_root(paths[0] if paths[0].is_dir() else paths[0].parent)
        except FileNotFoundError:
            root = Path.cwd()
        known = {r.expected_id for r in iter_notebooks(root)} if (root / "curriculum").is_dir() \
            else set()
        return lint_refs(_refs_for(paths, root), known)
    root = root or find_root()
    return lint_refs(iter_notebooks(root))
