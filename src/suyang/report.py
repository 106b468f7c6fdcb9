"""``suyang report``: what a teacher (and a school) learns from a course's grades.

The gradebook says who scored what; a teacher needs to know tomorrow what to re-teach.
This module reads nbgrader's own gradebook (read-only), the course's source notebooks
(whose grade cells name the lesson objective and literacy dimensions they assess) and
the autograded hand-ins (whose failed checks explain themselves), and turns them into:

- per assignment: the score distribution, item analysis (success rate and how well each
  question separates strong from weak work), the most common failure messages, late and
  missing hand-ins;
- per literacy dimension and per lesson objective: the class's mastery, across all
  assignments;
- per student (left out with ``anonymise``): progress and the dimensions to work on;
- a short summary in plain words.

Everything is computed here with pandas, written as CSV tables, PNG charts and one
self-contained HTML page; nothing leaves the machine. ``anonymise`` replaces names and
ids by stable pseudonyms made with a secret kept in the course folder.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import io
import json
import re
import secrets
import sqlite3
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

import nbformat
import pandas as pd

from . import i18n, standards
from .catalog import lesson_objective
from .course_lang import course_lang
from .notebooks import find_root

MASTERED, RETEACH, WEAK = 0.75, 0.5, 0.6  # thresholds used in the summary, as fractions
MIN_STUDENTS = 5  # an objective marked for fewer students is not summed up in words
UPPER_LOWER = 0.27  # the classic upper/lower group share for the discrimination index


# ------------------------------------------------------------------ reading a course
@dataclass
class ClassData:
    """Everything the report is computed from, as plain tables."""

    lang: str
    students: pd.DataFrame  # student_id, name
    assignments: pd.DataFrame  # assignment, title, duedate, order
    items: pd.DataFrame  # assignment, notebook, grade_id, max_score, manual, objective,
    #                      objective_text, literacy (list)
    grades: pd.DataFrame  # student_id, assignment, notebook, grade_id, score (NaN: awaiting
    #                       the teacher), max_score
    hand_ins: pd.DataFrame  # student_id, assignment, timestamp, seconds_late
    failures: pd.DataFrame  # student_id, assignment, grade_id, message, pattern
    pseudonyms: dict[str, str] = field(default_factory=dict)
    archived: set[tuple[str, str]] = field(default_factory=set)  # (assignment, student)


def _read_only(db: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True)


def _gradebook(course: Path) -> dict[str, pd.DataFrame]:
    db = course / "gradebook.db"
    if not db.is_file():
        raise FileNotFoundError(i18n.t("report.no_gradebook", path=str(db)))
    queries = {
        "students": "SELECT id AS student_id, first_name, last_name FROM student",
        "assignments": "SELECT name AS assignment, duedate FROM assignment",
        "grades": """
            SELECT sa.student_id, a.name AS assignment, n.name AS notebook,
                   bc.name AS grade_id, gc.max_score, g.auto_score, g.manual_score,
                   g.extra_credit, g.needs_manual_grade
            FROM grade g
            JOIN submitted_notebook sn ON g.notebook_id = sn.id
            JOIN submitted_assignment sa ON sn.assignment_id = sa.id
            JOIN assignment a ON sa.assignment_id = a.id
            JOIN notebook n ON sn.notebook_id = n.id
            JOIN grade_cells gc ON g.cell_id = gc.id
            JOIN base_cell bc ON gc.id = bc.id""",
        "hand_ins": """
            SELECT sa.student_id, a.name AS assignment, sa.timestamp, sa.extension,
                   a.duedate
            FROM submitted_assignment sa JOIN assignment a ON sa.assignment_id = a.id""",
    }
    with _read_only(db) as conn:
        return {name: pd.read_sql_query(sql, conn) for name, sql in queries.items()}


def _score(row: pd.Series) -> float:
    """nbgrader's rule: a teacher's score wins; a cell awaiting the teacher has none yet."""
    if pd.notna(row["manual_score"]):
        base = row["manual_score"]
    elif row["needs_manual_grade"]:
        return float("nan")
    else:
        base = row["auto_score"] if pd.notna(row["auto_score"]) else 0.0
    return float(base) + float(row["extra_credit"] or 0)


def _source_items(course: Path, assignment: str, lang: str,
                  root: Path | None) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The grade cells of an assignment's source notebooks, with what they assess."""
    rows: list[dict[str, Any]] = []
    title: dict[str, str] = {}
    for path in sorted((course / "source" / assignment).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        title = title or (nb.metadata.get("suyang") or {}).get("title") or {}
        for cell in nb.cells:
            nbg = cell.metadata.get("nbgrader", {})
            if not nbg.get("grade"):
                continue
            meta = cell.metadata.get("suyang") or {}
            objective = meta.get("objective")
            text = _objective_text(course, root, objective) if objective else {}
            rows.append({"assignment": assignment, "notebook": path.stem,
                         "grade_id": nbg.get("grade_id"),
                         "max_score": float(nbg.get("points") or 0),
                         "manual": bool(nbg.get("solution")), "objective": objective,
                         "objective_text": i18n.pick(text, lang) if text else (objective or ""),
                         "literacy": list(meta.get("literacy") or [])})
    return rows, title


def _objective_text(course: Path, root: Path | None, ref: str) -> dict[str, str]:
    """The words of a lesson objective: as ``course init`` kept them, else from the kit."""
    kept = course / ".suyang" / "objectives.json"
    if kept.is_file():
        try:
            text = json.loads(kept.read_text("utf-8")).get(ref)
        except ValueError:
            text = None
        if text:
            return text
    return lesson_objective(root, ref) if root else {}


FAILURE_NUMBER = re.compile(r"-?\d+(?:[.,]\d+)*")
FAILURE_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|“[^”]*”")


def failure_pattern(message: str) -> str:
    """A failure message with the student's own values blanked out, so that the same
    mistake made with different numbers is counted once ('… should be #; yours is #')."""
    text = FAILURE_QUOTED.sub("'…'", message.strip().splitlines()[0] if message else "")
    return FAILURE_NUMBER.sub("#", text)


def _failures(course: Path, students: list[str], assignment: str) -> list[dict[str, Any]]:
    """The explained failure of every failed test cell in the autograded hand-ins."""
    rows: list[dict[str, Any]] = []
    for student in students:
        folder = course / "autograded" / student / assignment
        for path in sorted(folder.glob("*.ipynb")):
            try:  # plain JSON: thousands of hand-ins, no need to validate each one
                cells = json.loads(path.read_text("utf-8")).get("cells", [])
            except (OSError, ValueError, AttributeError):  # nothing to explain in it
                continue
            for cell in cells:
                nbg = (cell.get("metadata") or {}).get("nbgrader", {})
                if not (nbg.get("grade") and not nbg.get("solution")):
                    continue
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error":
                        message = f"{out.get('ename', '')}: {out.get('evalue', '')}" \
                            if out.get("ename") != "AssertionError" else out.get("evalue", "")
                        message = str(message)
                        rows.append({"student_id": student, "assignment": assignment,
                                     "grade_id": nbg.get("grade_id"), "message": message,
                                     "pattern": failure_pattern(message)})
                        break
    return rows


def _seconds_late(row: pd.Series) -> float:
    if not row["timestamp"] or not row["duedate"]:
        return 0.0
    stamp, due = pd.Timestamp(row["timestamp"]), pd.Timestamp(row["duedate"])
    if pd.notna(row.get("extension")) and row.get("extension"):
        due = due + pd.Timedelta(str(row["extension"]))
    return max(0.0, (stamp - due).total_seconds())


def load(course: Path, assignments: list[str] | None = None, lang: str | None = None,
         root: Path | None = None) -> ClassData:
    """Read a course: its gradebook, its source notebooks, its autograded hand-ins."""
    course = Path(course)
    lang = lang or course_lang(course)
    try:
        root = root or find_root()
    except FileNotFoundError:
        root = None
    raw = _gradebook(course)
    students = raw["students"].fillna("")
    students["name"] = (students["last_name"] + students["first_name"]).str.strip()
    students.loc[students["name"] == "", "name"] = students["student_id"]
    students = students[["student_id", "name"]].sort_values("student_id").reset_index(drop=True)

    known = raw["assignments"].sort_values(["duedate", "assignment"], na_position="last")
    names = assignments or [a for a in known["assignment"]
                            if (course / "source" / a).is_dir()]
    missing = [a for a in names if a not in set(known["assignment"])]
    if missing:
        raise ValueError(i18n.t("report.unknown_assignment", names=", ".join(missing)))
    items, titles = [], {}
    for a in names:
        rows, title = _source_items(course, a, lang, root)
        items += rows
        titles[a] = i18n.pick(title, lang) if title else a
    items_df = pd.DataFrame(items, columns=["assignment", "notebook", "grade_id", "max_score",
                                            "manual", "objective", "objective_text",
                                            "literacy"])
    grades = raw["grades"][raw["grades"]["assignment"].isin(names)].copy()
    grades["score"] = grades.apply(_score, axis=1) if len(grades) else []
    grades = grades[["student_id", "assignment", "notebook", "grade_id", "score",
                     "max_score"]].reset_index(drop=True)
    hand_ins = raw["hand_ins"][raw["hand_ins"]["assignment"].isin(names)].copy()
    hand_ins["seconds_late"] = hand_ins.apply(_seconds_late, axis=1) if len(hand_ins) else []
    hand_ins = hand_ins[["student_id", "assignment", "timestamp", "seconds_late"]]
    failures: list[dict[str, Any]] = []
    for a in names:
        who = sorted(hand_ins.loc[hand_ins["assignment"] == a, "student_id"])
        failures += _failures(course, who, a)
    assignments_df = pd.DataFrame({
        "assignment": names, "title": [titles[a] for a in names],
        "duedate": [known.set_index("assignment")["duedate"].get(a) for a in names],
        "order": range(1, len(names) + 1)})
    archived = {(a, p.name) for a in names for p in (course / "archive" / a).glob("*")
                if p.is_dir()}
    return ClassData(lang, students, assignments_df, items_df, grades, hand_ins,
                     pd.DataFrame(failures, columns=["student_id", "assignment", "grade_id",
                                                     "message", "pattern"]),
                     archived=archived)


# ------------------------------------------------------------------ privacy
def pseudonyms(course: Path, student_ids: list[str], lang: str) -> dict[str, str]:
    """Stable pseudonyms ('学生-3F9A' / 'Student-3F9A'): an HMAC of the id under a secret
    kept in the course folder, so the same student gets the same pseudonym in every
    report, and nobody without the course folder can map one back by trying ids."""
    secret_file = course / ".suyang" / "report-secret"
    if not secret_file.is_file():
        secret_file.parent.mkdir(parents=True, exist_ok=True)
        secret_file.write_text(secrets.token_hex(32), "utf-8")
        secret_file.chmod(0o600)
    key = secret_file.read_text("utf-8").strip().encode()
    prefix = i18n.t("report.pseudonym", lang)
    out: dict[str, str] = {}
    for sid in student_ids:
        digest = hmac.new(key, str(sid).encode(), hashlib.sha256).hexdigest().upper()
        size = 4
        while f"{prefix}-{digest[:size]}" in out.values():
            size += 1
        out[sid] = f"{prefix}-{digest[:size]}"
    return out


def anonymise(data: ClassData, course: Path) -> ClassData:
    """The same data with every student id and name replaced by its pseudonym."""
    names = pseudonyms(course, list(data.students["student_id"]), data.lang)

    def swap(df: pd.DataFrame) -> pd.DataFrame:
        df = df.copy()
        if "student_id" in df:
            df["student_id"] = df["student_id"].map(lambda s: names.get(s, s))
        return df

    students = swap(data.students)
    students["name"] = students["student_id"]
    return ClassData(data.lang, students, data.assignments, data.items, swap(data.grades),
                     swap(data.hand_ins), swap(data.failures), names,
                     {(a, names.get(s, s)) for a, s in data.archived})


# ------------------------------------------------------------------ the analyses
def totals(data: ClassData) -> pd.DataFrame:
    """Per student and assignment: points earned of the points graded so far, and %."""
    g = data.grades.dropna(subset=["score"])
    t = g.groupby(["student_id", "assignment"], as_index=False)[["score", "max_score"]].sum()
    t["percent"] = 100 * t["score"] / t["max_score"].where(t["max_score"] > 0)
    return t


def discrimination(item: Any, total: Any, students: list[str]) -> float:
    """Upper-lower index D: mean item score (0–1) of the top 27 % of hand-ins by total
    minus that of the bottom 27 % (ties broken by student id, so D is reproducible)."""
    n_group = int(round(len(students) * UPPER_LOWER))
    if n_group < 1 or len(students) < 4:
        return float("nan")
    order = sorted(range(len(students)), key=lambda i: (total[i], students[i]))
    lower, upper = order[:n_group], order[-n_group:]
    return float(sum(item[i] for i in upper) / n_group - sum(item[i] for i in lower) / n_group)


def item_analysis(data: ClassData) -> pd.DataFrame:
    """Per question: success rate, full-marks rate, and discrimination.

    Discrimination is the upper-lower index D: the success rate among the top 27 % of
    hand-ins (by total) minus that among the bottom 27 %. Near 0 or negative: the
    question does not separate strong from weak work (ambiguous, or everyone/no one gets
    it). Questions awaiting the teacher are analysed on what has been marked so far.
    """
    rows = []
    tot = totals(data).set_index(["student_id", "assignment"])["percent"]
    for (a, gid), group in data.grades.groupby(["assignment", "grade_id"], sort=False):
        g = group.dropna(subset=["score"])
        item = data.items[(data.items["assignment"] == a) & (data.items["grade_id"] == gid)]
        meta = item.iloc[0] if len(item) else None
        frac = g["score"] / g["max_score"].where(g["max_score"] > 0)
        d = discrimination(frac.to_numpy(), tot.reindex(
            list(zip(g["student_id"], [a] * len(g), strict=True))).to_numpy(),
            list(g["student_id"]))
        rows.append({"assignment": a, "grade_id": gid,
                     "max_score": float(group["max_score"].iloc[0]),
                     "manual": bool(meta["manual"]) if meta is not None else False,
                     "objective": meta["objective"] if meta is not None else None,
                     "objective_text": meta["objective_text"] if meta is not None else "",
                     "literacy": ", ".join(meta["literacy"]) if meta is not None else "",
                     "graded": int(len(g)), "awaiting": int(group["score"].isna().sum()),
                     "success_rate": float(frac.mean()) if len(g) else float("nan"),
                     "full_marks_rate": float((g["score"] >= g["max_score"]).mean())
                     if len(g) else float("nan"),
                     "discrimination": d})
    return pd.DataFrame(rows)


def failure_counts(data: ClassData, top: int | None = None) -> pd.DataFrame:
    """Per question, the failure messages grouped by pattern and counted, commonest
    first (only the ``top`` commonest per question when given)."""
    f = data.failures
    if f.empty:
        return pd.DataFrame(columns=["assignment", "grade_id", "pattern", "example", "count"])
    grouped = (f.groupby(["assignment", "grade_id", "pattern"], sort=False)
                .agg(example=("message", "first"), count=("student_id", "nunique"))
                .reset_index())
    grouped = grouped.sort_values(["assignment", "grade_id", "count"],
                                  ascending=[True, True, False], kind="mergesort")
    if top is not None:
        grouped = grouped.groupby(["assignment", "grade_id"], sort=False).head(top)
    return grouped.reset_index(drop=True)


def _with_items(data: ClassData) -> pd.DataFrame:
    g = data.grades.dropna(subset=["score"])
    return g.merge(data.items[["assignment", "grade_id", "objective", "objective_text",
                               "literacy"]], on=["assignment", "grade_id"], how="inner")


def mastery(data: ClassData, by: str) -> pd.DataFrame:
    """The class's mastery per literacy dimension (``by='literacy'``) or lesson objective
    (``by='objective'``): points earned / points possible, across every assignment."""
    g = _with_items(data)
    if by == "literacy":
        g = g.explode("literacy").dropna(subset=["literacy"])
        keys = ["literacy"]
    else:
        g = g.dropna(subset=["objective"])
        keys = ["objective", "objective_text"]
    if g.empty:
        return pd.DataFrame(columns=[*keys, "points", "possible", "mastery", "students",
                                     "questions"])
    g = g.assign(question=g["assignment"] + ":" + g["grade_id"])
    out = g.groupby(keys, as_index=False).agg(
        points=("score", "sum"), possible=("max_score", "sum"),
        students=("student_id", "nunique"), questions=("question", "nunique"))
    out["mastery"] = out["points"] / out["possible"].where(out["possible"] > 0)
    if by == "literacy":
        names = standards.registry()["literacy"]
        out.insert(1, "name", out["literacy"].map(lambda k: names.get(k, {}).get(
            data.lang, k)))
    return out.sort_values("mastery", kind="mergesort").reset_index(drop=True)


def student_mastery(data: ClassData) -> pd.DataFrame:
    """Per student and literacy dimension: points earned / possible."""
    g = _with_items(data).explode("literacy").dropna(subset=["literacy"])
    out = g.groupby(["student_id", "literacy"], as_index=False)[["score", "max_score"]].sum()
    out["mastery"] = out["score"] / out["max_score"].where(out["max_score"] > 0)
    return out


def missing_hand_ins(data: ClassData) -> pd.DataFrame:
    """Every (assignment, student) on the roster with no graded hand-in, and why:
    ``missing`` (nothing came) or ``unreadable`` (a file came that was not a notebook;
    ``suyang collect`` archived it and asked for it again)."""
    have = set(zip(data.hand_ins["student_id"], data.hand_ins["assignment"], strict=True))
    rows = [{"assignment": a, "student_id": s, "name": n,
             "reason": "unreadable" if (a, s) in data.archived else "missing"}
            for a in data.assignments["assignment"]
            for s, n in zip(data.students["student_id"], data.students["name"], strict=True)
            if (s, a) not in have]
    return pd.DataFrame(rows, columns=["assignment", "student_id", "name", "reason"])


def assignment_overview(data: ClassData) -> pd.DataFrame:
    """Per assignment: hand-ins, missing, late, mean and median score (%)."""
    t = totals(data)
    miss = missing_hand_ins(data)
    rows = []
    for a, title in zip(data.assignments["assignment"], data.assignments["title"],
                        strict=True):
        h = data.hand_ins[data.hand_ins["assignment"] == a]
        p = t.loc[t["assignment"] == a, "percent"].dropna()
        mine = miss[miss["assignment"] == a]
        rows.append({"assignment": a, "title": title, "hand_ins": int(len(h)),
                     "missing": int((mine["reason"] == "missing").sum()),
                     "unreadable": int((mine["reason"] == "unreadable").sum()),
                     "late": int((h["seconds_late"] > 0).sum()),
                     "mean_percent": float(p.mean()) if len(p) else float("nan"),
                     "median_percent": float(p.median()) if len(p) else float("nan")})
    return pd.DataFrame(rows)


def student_table(data: ClassData) -> pd.DataFrame:
    """Per student: % per assignment (blank: not handed in) and dimensions to work on."""
    t = totals(data).pivot(index="student_id", columns="assignment", values="percent")
    t = t.reindex(index=data.students["student_id"],
                  columns=list(data.assignments["assignment"]))
    sm = student_mastery(data)
    names = standards.registry()["literacy"]
    work_on = {}
    for sid, group in sm.groupby("student_id"):
        weak = group[group["mastery"] < WEAK].sort_values("mastery", kind="mergesort")
        work_on[sid] = "、".join(names.get(k, {}).get(data.lang, k) for k in weak["literacy"]) \
            if data.lang == "zh" else ", ".join(names.get(k, {}).get(data.lang, k)
                                               for k in weak["literacy"])
    out = t.reset_index()
    out.insert(1, "name", data.students.set_index("student_id")["name"]
               .reindex(out["student_id"]).to_numpy())
    out["work_on"] = out["student_id"].map(lambda s: work_on.get(s, ""))
    return out


# ------------------------------------------------------------------ the summary in words
def _pct(x: float) -> str:
    return "—" if pd.isna(x) else f"{100 * x:.0f}%"


def summary(data: ClassData) -> list[str]:
    """A few plain sentences a teacher reads first."""
    lang = data.lang
    lines = [i18n.t("report.sum.class" if len(data.assignments) != 1 else "report.sum.class_one",
                    lang, students=len(data.students), assignments=len(data.assignments),
                    hand_ins=len(data.hand_ins))]
    dims = mastery(data, "literacy")
    objectives = mastery(data, "objective")
    objectives = objectives[objectives["students"] >= MIN_STUDENTS].assign(
        objective_text=lambda d: d["objective_text"].str.rstrip("。.；;"))
    strong = objectives[objectives["mastery"] >= MASTERED].sort_values(
        "mastery", ascending=False, kind="mergesort")
    if len(strong):
        lines.append(i18n.t("report.sum.mastered", lang, what="；".join(
            f"{r.objective_text}（{_pct(r.mastery)}）" if lang == "zh"
            else f"{r.objective_text} ({_pct(r.mastery)})" for r in strong.head(3).itertuples())))
    weak = objectives[objectives["mastery"] < RETEACH]
    if len(weak):
        lines.append(i18n.t("report.sum.reteach", lang, what="；".join(
            f"{r.objective_text}（{_pct(r.mastery)}）" if lang == "zh"
            else f"{r.objective_text} ({_pct(r.mastery)})" for r in weak.head(3).itertuples())))
    else:
        lines.append(i18n.t("report.sum.no_reteach", lang, threshold=_pct(RETEACH)))
    dims = dims[dims["students"] >= MIN_STUDENTS]
    if len(dims):
        low = dims.iloc[0]
        lines.append(i18n.t("report.sum.weakest_dimension", lang, name=low["name"],
                            mastery=_pct(low["mastery"])))
    overview = assignment_overview(data)
    for r in overview.itertuples():
        if r.missing:
            lines.append(i18n.t("report.sum.missing", lang, count=r.missing, title=r.title))
        if r.unreadable:
            lines.append(i18n.t("report.sum.unreadable", lang, count=r.unreadable,
                                title=r.title))
        if r.late:
            lines.append(i18n.t("report.sum.late", lang, count=r.late, title=r.title))
    fails = failure_counts(data, top=1).sort_values("count", ascending=False,
                                                    kind="mergesort")
    if len(fails):
        top = fails.iloc[0]
        lines.append(i18n.t("report.sum.common_failure", lang, question=top["grade_id"],
                            count=int(top["count"]), message=top["example"][:160]))
    items = item_analysis(data)
    flat = items[(items["discrimination"] < 0.1) & (items["graded"] >= 8)]
    if len(flat):
        lines.append(i18n.t("report.sum.flat_items", lang, questions=", ".join(
            f"{r.assignment} {r.grade_id}" for r in flat.head(4).itertuples())))
    return lines


# ------------------------------------------------------------------ charts
@dataclass
class Figure:
    name: str
    alt: str
    png: bytes


def _figure(name: str, alt: str, draw) -> Figure:
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from . import plotting

    plotting.configure()
    fig, ax = plt.subplots(figsize=(7.5, 4.2))
    draw(ax)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    return Figure(name, alt, buf.getvalue())


def _barh(ax, labels: list[str], values: list[float], xlabel: str, title: str) -> None:
    from . import plotting

    colours = [plotting.PALETTE[0] if v >= RETEACH else plotting.PALETTE[3] for v in values]
    ax.barh(labels, [100 * v for v in values], color=colours)
    ax.set_xlim(0, 100)
    ax.axvline(100 * MASTERED, color="#555555", linestyle="--", linewidth=1)
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    for i, v in enumerate(values):
        ax.text(min(100 * v + 1, 92), i, f"{100 * v:.0f}%", va="center", fontsize=9)


def figures(data: ClassData) -> list[Figure]:
    """Every chart of the report, each with alt text that states its main figures."""
    lang = data.lang
    t = partial(i18n.t, lang=lang)
    out: list[Figure] = []
    tot = totals(data)
    items = item_analysis(data)
    for a, title in zip(data.assignments["assignment"], data.assignments["title"],
                        strict=True):
        p = tot.loc[tot["assignment"] == a, "percent"].dropna()
        if len(p):
            def draw_hist(ax, p=p, title=title):
                ax.hist(p, bins=range(0, 101, 10), color="#0072B2", edgecolor="white")
                ax.set_xlabel(t("report.fig.percent"))
                ax.set_ylabel(t("report.fig.students"))
                ax.set_title(t("report.fig.distribution", title=title))
            out.append(_figure(f"scores-{a}", t("report.alt.distribution", title=title,
                                                 n=len(p), median=f"{p.median():.0f}",
                                                 low=f"{p.min():.0f}", high=f"{p.max():.0f}"),
                               draw_hist))
        it = items[items["assignment"] == a].dropna(subset=["success_rate"])
        if len(it):
            hardest = it.sort_values("success_rate", kind="mergesort").iloc[0]
            out.append(_figure(
                f"items-{a}",
                t("report.alt.items", title=title, hardest=hardest["grade_id"],
                  rate=_pct(hardest["success_rate"])),
                lambda ax, it=it, title=title: _barh(
                    ax, list(it["grade_id"])[::-1], list(it["success_rate"])[::-1],
                    t("report.fig.success"), t("report.fig.items", title=title))))
    dims = mastery(data, "literacy")
    if len(dims):
        out.append(_figure(
            "dimensions",
            t("report.alt.dimensions", list="；".join(
                f"{r.name} {_pct(r.mastery)}" for r in dims.itertuples())),
            lambda ax: _barh(ax, list(dims["name"]), list(dims["mastery"]),
                             t("report.fig.mastery"), t("report.fig.dimensions"))))
    objectives = mastery(data, "objective")
    if len(objectives):
        shown = objectives.head(12)
        labels = [f"{o.split('/')[0].split('-', 1)[1][:18]}/{o.split('/')[1]}"
                  for o in shown["objective"]]
        out.append(_figure(
            "objectives",
            t("report.alt.objectives", n=len(objectives), lowest=shown.iloc[0]["objective"],
              rate=_pct(shown.iloc[0]["mastery"])),
            lambda ax: _barh(ax, labels, list(shown["mastery"]), t("report.fig.mastery"),
                             t("report.fig.objectives"))))
    means = tot.groupby("assignment")["percent"].mean().reindex(data.assignments["assignment"])
    if len(data.assignments) > 1 and means.notna().any():
        def draw_progress(ax):
            ax.plot(range(1, len(means) + 1), means.to_numpy(), marker="o", color="#0072B2")
            ax.set_xticks(range(1, len(means) + 1))
            ax.set_xticklabels([a.split("-", 2)[-1][:14] for a in means.index], rotation=20)
            ax.set_ylim(0, 100)
            ax.set_ylabel(t("report.fig.percent"))
            ax.set_title(t("report.fig.progress"))
        out.append(_figure("progress", t("report.alt.progress", list="；".join(
            f"{a} {v:.0f}%" for a, v in means.dropna().items())), draw_progress))
    return out


# ------------------------------------------------------------------ writing it out
@dataclass
class Report:
    html: Path
    tables: dict[str, Path]
    figures: dict[str, Path]
    summary: list[str]


def _table_html(df: pd.DataFrame, columns: dict[str, str], percent: tuple[str, ...] = (),
                number: tuple[str, ...] = ()) -> str:
    head = "".join(f"<th scope='col'>{html.escape(label)}</th>" for label in columns.values())
    body = []
    for _, row in df.iterrows():
        cells = []
        for col in columns:
            v = row.get(col)
            if col in percent:
                text = _pct(v)
            elif col in number:
                text = "—" if pd.isna(v) else f"{v:.2f}" if isinstance(v, float) else str(v)
            elif isinstance(v, float):
                text = "—" if pd.isna(v) else f"{v:.0f}" if col.endswith("percent") or \
                    v == int(v) else f"{v:.1f}"
            else:
                text = "" if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)
            cells.append(f"<td>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Microsoft YaHei",sans-serif;max-width:70rem;
margin:1.5rem auto;padding:0 1rem;color:#1a1a1a;line-height:1.55}
h1{font-size:1.6rem}h2{font-size:1.3rem;border-bottom:2px solid #0072B2;padding-bottom:.2rem;
margin-top:2rem}h3{font-size:1.1rem}table{border-collapse:collapse;margin:.6rem 0;font-size:.92rem}
th,td{border:1px solid #bbb;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#eef4fa}img{max-width:100%;height:auto;border:1px solid #ddd}
.summary li{margin:.3rem 0}.privacy{background:#fff8e5;border-left:4px solid #E69F00;
padding:.5rem 1rem}.note{color:#444;font-size:.9rem}
"""


def _img(fig: Figure) -> str:
    data = base64.b64encode(fig.png).decode("ascii")
    return (f"<figure><img src='data:image/png;base64,{data}' alt='{html.escape(fig.alt)}'>"
            f"<figcaption class='note'>{html.escape(fig.alt)}</figcaption></figure>")


def tables_for(data: ClassData, anonymised: bool) -> dict[str, pd.DataFrame]:
    """Every table of the report; no per-student table (and no names) when anonymised."""
    tables = {
        "assignments": assignment_overview(data),
        "items": item_analysis(data),
        "failures": failure_counts(data),
        "dimensions": mastery(data, "literacy"),
        "objectives": mastery(data, "objective"),
        "missing": missing_hand_ins(data),
    }
    if anonymised:
        tables["missing"] = tables["missing"].drop(columns=["name"])
    else:
        tables["students"] = student_table(data)
    return tables


def _section(title: str, *body: str, level: int = 2) -> str:
    return f"<h{level}>{html.escape(title)}</h{level}>" + "".join(body)


def _head(data: ClassData, lines: list[str], anonymised: bool, t: Any) -> list[str]:
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    items = "".join(f"<li>{html.escape(x)}</li>" for x in lines)
    privacy = t("report.privacy.anonymised" if anonymised else "report.privacy.named")
    return [f"<h1>{html.escape(t('report.title'))}</h1>",
            f"<p class='note'>{html.escape(t('report.generated', when=stamp))}</p>",
            _section(t("report.h.summary"), f"<ul class='summary'>{items}</ul>"),
            "<div class='privacy'>" + _section(
                t("report.h.privacy"), f"<p>{html.escape(privacy)}</p>",
                f"<p>{html.escape(t('report.privacy.local'))}</p>") + "</div>"]


def _mastery_sections(tables: dict[str, pd.DataFrame], figs: dict[str, Figure],
                      t: Any) -> list[str]:
    dims = _table_html(tables["dimensions"], {
        "name": t("report.col.dimension"), "mastery": t("report.col.mastery"),
        "questions": t("report.col.questions"), "students": t("report.col.students")},
        percent=("mastery",))
    objectives = _table_html(tables["objectives"], {
        "objective": t("report.col.objective_id"), "objective_text": t("report.col.objective"),
        "mastery": t("report.col.mastery"), "questions": t("report.col.questions"),
        "students": t("report.col.students")}, percent=("mastery",))
    return [_section(t("report.h.dimensions"),
                     _img(figs["dimensions"]) if "dimensions" in figs else "", dims),
            _section(t("report.h.objectives"),
                     _img(figs["objectives"]) if "objectives" in figs else "", objectives)]


def _assignment_section(r: Any, tables: dict[str, pd.DataFrame], figs: dict[str, Figure],
                        lang: str, t: Any) -> str:
    line = t("report.assignment_line", hand_ins=r.hand_ins, missing=r.missing + r.unreadable,
             late=r.late, mean=_pct(r.mean_percent / 100), median=_pct(r.median_percent / 100))
    images = "".join(_img(figs[k]) for k in (f"scores-{r.assignment}", f"items-{r.assignment}")
                     if k in figs)
    items = _table_html(tables["items"][tables["items"]["assignment"] == r.assignment], {
        "grade_id": t("report.col.question"), "max_score": t("report.col.points"),
        "success_rate": t("report.col.success"), "full_marks_rate": t("report.col.full"),
        "discrimination": t("report.col.discrimination"),
        "objective_text": t("report.col.objective"), "literacy": t("report.col.dimension"),
        "awaiting": t("report.col.awaiting")},
        percent=("success_rate", "full_marks_rate"), number=("discrimination",))
    fails = tables["failures"][tables["failures"]["assignment"] == r.assignment]
    fails = fails.groupby("grade_id", sort=False).head(3)  # the page shows the top three
    fails_html = _table_html(fails, {"grade_id": t("report.col.question"),
                                     "example": t("report.col.message"),
                                     "count": t("report.col.count")}) \
        if len(fails) else f"<p>{html.escape(t('report.no_failures'))}</p>"
    miss = tables["missing"][tables["missing"]["assignment"] == r.assignment]
    missing = ""
    if len(miss):
        miss = miss.assign(reason=miss["reason"].map(lambda k: t(f"report.reason.{k}")))
        who = {"name": t("report.col.name")} if "name" in miss else \
            {"student_id": t("report.col.student_id")}
        missing = _section(t("report.h.missing"),
                           _table_html(miss, {**who, "reason": t("report.col.reason")}),
                           level=3)
    title = f"{r.title} ({r.assignment})"
    return _section(title, f"<p>{html.escape(line)}</p>", images,
                    _section(t("report.h.items"), items,
                             f"<p class='note'>{html.escape(t('report.discrimination_note'))}"
                             "</p>", level=3),
                    _section(t("report.h.failures"), fails_html, level=3), missing)


def _students_section(data: ClassData, table: pd.DataFrame, t: Any) -> str:
    cols = {"student_id": t("report.col.student_id"), "name": t("report.col.name")}
    cols.update({a: a for a in data.assignments["assignment"]})
    cols["work_on"] = t("report.col.work_on")
    return _section(t("report.h.students"), _table_html(table, cols))


def render_html(data: ClassData, tables: dict[str, pd.DataFrame], figs: list[Figure],
                lines: list[str], anonymised: bool) -> str:
    """The self-contained page: inline CSS, charts as data URIs with alt text, no links."""
    t = partial(i18n.t, lang=data.lang)
    by_name = {f.name: f for f in figs}
    parts = _head(data, lines, anonymised, t)
    if "progress" in by_name:
        parts.append(_img(by_name["progress"]))
    parts += _mastery_sections(tables, by_name, t)
    parts += [_assignment_section(r, tables, by_name, data.lang, t)
              for r in tables["assignments"].itertuples()]
    if not anonymised:
        parts.append(_students_section(data, tables["students"], t))
    lang_attr = "zh-CN" if data.lang == "zh" else "en"
    return (f"<!DOCTYPE html><html lang='{lang_attr}'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width'>"
            f"<title>{html.escape(t('report.title'))}</title><style>{CSS}</style></head>"
            f"<body>{''.join(parts)}</body></html>")


def write(data: ClassData, out: Path, anonymised: bool) -> Report:
    """Write report.html, figures/*.png, tables/*.csv and summary.json into ``out``."""
    for folder in (out, out / "figures", out / "tables"):
        folder.mkdir(parents=True, exist_ok=True)
    tables = tables_for(data, anonymised)
    paths = {}
    for name, df in tables.items():
        paths[name] = out / "tables" / f"{name}.csv"
        df.to_csv(paths[name], index=False, encoding="utf-8-sig")  # Excel reads the BOM
    figs = figures(data)
    fig_paths = {}
    for fig in figs:
        fig_paths[fig.name] = out / "figures" / f"{fig.name}.png"
        fig_paths[fig.name].write_bytes(fig.png)
    lines = summary(data)
    page = out / "report.html"
    page.write_text(render_html(data, tables, figs, lines, anonymised), "utf-8")
    (out / "summary.json").write_text(json.dumps(
        {"lang": data.lang, "summary": lines, "anonymised": anonymised},
        ensure_ascii=False, indent=2), "utf-8")
    return Report(page, paths, fig_paths, lines)


def report(course: Path, assignments: list[str] | None = None, out: Path | None = None,
           lang: str | None = None, anonymised: bool = False) -> Report:
    """Read a course and write its report (``suyang report``)."""
    course = Path(course)
    data = load(course, assignments, lang)
    if anonymised:
        data = anonymise(data, course)
    return write(data, Path(out) if out else course / "reports" / "latest", anonymised)
