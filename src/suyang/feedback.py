"""Per-student feedback pages, in the student's language (``suyang feedback``).

nbgrader's own feedback is the autograded notebook turned into HTML: it shows every
test cell, hidden tests included once the notebook has been autograded, and a Python
traceback where a 13-year-old needs a sentence. This module writes, instead, a short
page per student and notebook from nbgrader's gradebook and the autograded notebook:
the scores, the plain-words explanation of each failed check (the message the kit's
``suyang.graders`` helpers raised, already in the student's language), the student's
own answers, the teacher's comments, and which written answers still await the
teacher. Test cells are never shown, so no hidden test can leak.

The pages go where ``nbgrader release_feedback`` looks for them:
``feedback/<student>/<assignment>/<notebook>.html``.
"""

from __future__ import annotations

import base64
import html
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

from . import i18n
from .course_lang import recorded_lang

NO_RESPONSE = "No response."  # nbgrader's auto comment on an answer cell left as released
MAX_TEXT_OUTPUT = 1500  # characters of a printed output shown back to the student
COPIED_FILES = ("timestamp.txt", "submission_secret.txt")  # what release_feedback reads
HTML_LANG = {"zh": "zh-CN", "en": "en"}
FIGURE_IMG = re.compile(r'<img\s+src="data:(image/(?:png|jpeg|gif));base64,([A-Za-z0-9+/=\s]+)"'
                        r'(?:\s+alt="([^"]*)")?', re.S)


# --- what a page says ------------------------------------------------------------------


@dataclass
class Check:
    """One grade cell: its score and, when it lost points, why in plain words."""

    grade_id: str
    label: str
    score: float
    max_score: float
    pending: bool  # a written answer still waiting for the teacher
    message: str | None = None


@dataclass
class Answer:
    """One of the student's own answer cells, with what it printed and the teacher's comment."""

    grade_id: str
    kind: str  # 'code' or 'markdown'
    source: str
    outputs: list[str] = field(default_factory=list)  # ready, escaped HTML fragments
    comment: str | None = None
    unanswered: bool = False


@dataclass
class Section:
    """A question: its heading, the student's answers and the checks that graded them."""

    heading: str
    answers: list[Answer] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


@dataclass
class Page:
    """Everything one feedback page shows."""

    lang: str
    student_id: str
    student_name: str
    title: str
    score: float = 0.0
    max_score: float = 0.0
    late: bool = False
    sections: list[Section] = field(default_factory=list)
    reason: str | None = None  # set when there is nothing graded to show

    @property
    def checks(self) -> list[Check]:
        return [c for s in self.sections for c in s.checks]

    @property
    def pending_points(self) -> float:
        return sum(c.max_score for c in self.checks if c.pending)


# --- the course ------------------------------------------------------------------------


def page_lang(course_dir: Path, nb: nbformat.NotebookNode | None, lang: str | None) -> str:
    """The student's language: asked for, else the course's, else the notebook's, else ours."""
    if lang:
        return i18n.normalise_lang(lang)
    chosen = recorded_lang(course_dir)
    if chosen:
        return chosen
    nb_lang = nb.metadata.get("suyang", {}).get("lang") if nb is not None else None
    return i18n.normalise_lang(nb_lang) if nb_lang else i18n.get_lang()


def gradebook_url(course_dir: Path) -> str:
    """The course's gradebook: as its nbgrader config says for a kit course, else the default."""
    if (course_dir / ".suyang" / "course.json").is_file():
        try:
            from .course import load_course

            return load_course(course_dir).db_url
        except (ImportError, ValueError):
            pass
    return f"sqlite:///{course_dir.resolve() / 'gradebook.db'}"


def _student_dirs(course_dir: Path, folder: str, assignment: str) -> set[str]:
    top = course_dir / folder
    if not top.is_dir():
        return set()
    return {p.name for p in top.iterdir() if (p / assignment).is_dir()}


def default_students(course_dir: Path, gb: Any, assignment: str) -> list[str]:
    """Everyone who handed in: graded, or handed in and failed to grade.

    ``archive/`` is where ``suyang collect`` keeps hand-ins it could not use (a broken
    notebook): those students get a page too, saying their work could not be graded.
    """
    found = {s.student.id for s in gb.find_assignment(assignment).submissions}
    for folder in ("submitted", "autograded"):
        found |= _student_dirs(course_dir, folder, assignment)
    archive = course_dir / "archive" / assignment  # collect's layout: archive/<a>/<student>/
    if archive.is_dir():
        found |= {p.name for p in archive.iterdir() if p.is_dir() and any(p.iterdir())}
    return sorted(found)


def display_name(student: Any | None, student_id: str) -> str:
    """A student's name as they write it: family name first for Chinese names."""
    if student is None:
        return student_id
    first, last = (student.first_name or "").strip(), (student.last_name or "").strip()
    if re.search(r"[\u3400-\u9fff]", first + last):
        return (last + first) or student_id
    return " ".join(p for p in (first, last) if p) or student_id


def _find_student(gb: Any, student_id: str) -> Any | None:
    from nbgrader.api import MissingEntry

    try:
        return gb.find_student(student_id)
    except MissingEntry:
        return None


def _find_submission(gb: Any, notebook: str, assignment: str, student_id: str) -> Any | None:
    from nbgrader.api import MissingEntry

    try:
        return gb.find_submission_notebook(notebook, assignment, student_id)
    except MissingEntry:
        return None


# --- reading the autograded notebook ---------------------------------------------------


def _nbgrader_meta(cell: nbformat.NotebookNode) -> dict[str, Any]:
    return cell.metadata.get("nbgrader", {}) or {}


def _heading(cell: nbformat.NotebookNode) -> str | None:
    """The text of a markdown cell's first heading line ('第 1 题（1 分）'), if it has one."""
    if cell.cell_type != "markdown":
        return None
    for line in cell.source.splitlines():
        if line.lstrip().startswith("#"):
            return line.strip().lstrip("#").strip().replace("**", "") or None
    return None


def _text(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def check_message(cell: nbformat.NotebookNode, lang: str) -> str | None:
    """Why a test cell failed, in plain words, or None if it raised nothing.

    An ``AssertionError`` from the kit's graders carries a sentence in the student's
    language: show it. Any other error gets a friendly line naming the exception. The
    traceback (which quotes the test's source) is never used.
    """
    for out in cell.get("outputs", []):
        if out.get("output_type") != "error":
            continue
        name, value = out.get("ename", ""), _text(out.get("evalue", "")).strip()
        if name == "AssertionError":
            return value or i18n.t("feedback.check_failed_plain", lang)
        return i18n.t("feedback.check_error", lang, name=name)
    return None


def _img(mime: str, data: str, alt: str) -> str:
    data = re.sub(r"\s+", "", data)
    base64.b64decode(data, validate=True)  # only well-formed image data is embedded
    return (f'<figure><img src="data:{mime};base64,{data}" alt="{html.escape(alt)}">'
            f"<figcaption>{html.escape(alt, quote=False)}</figcaption></figure>")


def _shorten(text: str, lang: str) -> str:
    if len(text) <= MAX_TEXT_OUTPUT:
        return text
    return text[:MAX_TEXT_OUTPUT] + "\n" + i18n.t("feedback.output_truncated", lang)


def _rich_output(out: nbformat.NotebookNode, lang: str) -> list[str]:
    """Images (the chart a student drew) and plain text from a display or result."""
    data = out.get("data", {})
    default_alt = i18n.t("feedback.chart_alt", lang)
    for mime in ("image/png", "image/jpeg", "image/gif"):
        if mime in data:
            alt = _text(data.get("text/plain", "")).strip()
            alt = default_alt if not alt or alt.startswith("<Figure") else alt
            return [_img(mime, _text(data[mime]), alt)]
    figures = [_img(m.group(1), m.group(2), html.unescape(m.group(3) or "") or default_alt)
               for m in FIGURE_IMG.finditer(_text(data.get("text/html", "")))]
    if figures:
        return figures
    if "text/plain" in data:
        text = _shorten(_text(data["text/plain"]), lang)
        return [f'<pre class="output">{html.escape(text, quote=False)}</pre>']
    return []


def answer_outputs(cell: nbformat.NotebookNode, lang: str) -> list[str]:
    """What the student's own answer cell printed or drew, as safe HTML fragments.

    HTML a student's code produced is not copied (it could carry script); charts are
    re-embedded from their image data, text is escaped.
    """
    parts: list[str] = []
    for out in cell.get("outputs", []):
        kind = out.get("output_type")
        if kind == "stream" and out.get("name") == "stdout":
            text = _shorten(_text(out.get("text", "")), lang)
            parts.append(f'<pre class="output">{html.escape(text, quote=False)}</pre>')
        elif kind == "error":
            error = f"{out.get('ename', '')}: {_text(out.get('evalue', ''))}".strip(": ")
            said = i18n.t("feedback.your_error", lang, error=error)
            parts.append(f'<p class="own-error">{html.escape(said, quote=False)}</p>')
        elif kind in ("execute_result", "display_data"):
            parts += _rich_output(out, lang)
    return parts


def _comments(submission: Any) -> dict[str, tuple[str | None, bool]]:
    """{answer cell: (the teacher's comment, left unanswered)} from the gradebook."""
    out = {}
    for comment in submission.comments:
        manual = (comment.manual_comment or "").strip() or None
        out[comment.name] = (manual, comment.auto_comment == NO_RESPONSE)
    return out


def _check(cell: nbformat.NotebookNode, grade: Any, lang: str) -> Check:
    meta = _nbgrader_meta(cell)
    score, top = float(grade.score or 0), float(grade.max_score or 0)
    message = None
    if not meta.get("solution") and score < top:
        message = check_message(cell, lang)
    # a teacher's saved mark settles a written answer, even if the flag was left set
    pending = bool(grade.needs_manual_grade) and grade.manual_score is None
    return Check(meta["grade_id"], "", score, top, pending, message)


def _answer(cell: nbformat.NotebookNode, comments: dict[str, tuple[str | None, bool]],
            lang: str) -> Answer:
    grade_id = _nbgrader_meta(cell)["grade_id"]
    comment, unanswered = comments.get(grade_id, (None, False))
    outputs = answer_outputs(cell, lang) if cell.cell_type == "code" and not unanswered else []
    return Answer(grade_id, cell.cell_type, cell.source, outputs, comment, unanswered)


def read_sections(nb: nbformat.NotebookNode, submission: Any, lang: str) -> list[Section]:
    """The questions of an autograded notebook, each with its answers and checks.

    Cells are grouped under the heading above them, so a question's answer, its checks
    and their scores appear together, in the order the student saw them.
    """
    grades = {g.name: g for g in submission.grades}
    comments = _comments(submission)
    sections: list[Section] = []
    current = Section(i18n.t("feedback.question_fallback", lang))
    for cell in nb.cells:
        heading = _heading(cell)
        if heading:
            current = Section(heading)
            sections.append(current)
            continue
        meta = _nbgrader_meta(cell)
        if meta.get("solution") and meta.get("grade_id"):
            current.answers.append(_answer(cell, comments, lang))
        if meta.get("grade") and meta.get("grade_id") in grades:
            current.checks.append(_check(cell, grades[meta["grade_id"]], lang))
        if current not in sections and (current.answers or current.checks):
            sections.append(current)
    sections = [s for s in sections if s.answers or s.checks]
    for section in sections:
        for n, check in enumerate(section.checks, start=1):
            check.label = (section.heading if len(section.checks) == 1 else
                           i18n.t("feedback.part", lang, heading=section.heading, n=n))
    return sections


def _title(nb: nbformat.NotebookNode | None, assignment: str, lang: str) -> str:
    title = (nb.metadata.get("suyang", {}).get("title") if nb is not None else None)
    return str(i18n.pick(title, lang)) if title else assignment


# --- writing the page ------------------------------------------------------------------

CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC",
  "Microsoft YaHei", system-ui, sans-serif; font-size: 19px; line-height: 1.7;
  color: #1a1a1a; background: #fafaf7; margin: 0; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 1.6rem; line-height: 1.3; margin: 0.2rem 0 0.6rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 0.6rem; padding-top: 1rem;
  border-top: 2px solid #d9d6cc; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.3rem; }
.kicker { color: #555; margin: 0; }
.total { font-size: 1.4rem; margin: 0.8rem 0; }
.total strong { font-size: 1.8rem; }
table { border-collapse: collapse; width: 100%; margin: 0.8rem 0; }
th, td { text-align: left; padding: 0.45rem 0.6rem; border-bottom: 1px solid #d9d6cc;
  vertical-align: top; }
th { background: #efede6; }
td.num { text-align: right; white-space: nowrap; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: #fff;
  border: 1px solid #d9d6cc; border-radius: 6px; padding: 0.7rem 0.9rem;
  font-family: "Noto Sans Mono CJK SC", "Consolas", "Menlo", monospace; font-size: 0.95rem; }
.written { white-space: pre-wrap; background: #fff; border: 1px solid #d9d6cc;
  border-radius: 6px; padding: 0.7rem 0.9rem; }
.note { border-left: 6px solid; border-radius: 4px; padding: 0.6rem 0.9rem; margin: 0.6rem 0; }
.ok { border-color: #1b7a3a; background: #eaf6ee; }
.fail { border-color: #b3261e; background: #fcecea; }
.pending { border-color: #8a6d00; background: #fbf4dc; }
.comment { border-color: #1f5fa8; background: #e9f1fb; }
.badge { font-weight: bold; }
.own-error { border-left: 6px solid #b3261e; padding-left: 0.7rem; overflow-wrap: anywhere; }
figure { margin: 0.8rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #d9d6cc; background: #fff; }
figcaption { color: #444; font-size: 0.9rem; }
footer { margin-top: 2.5rem; color: #555; font-size: 0.9rem; }
@media print { body { background: #fff; } }
"""


def _e(text: Any) -> str:
    """Escape text for an HTML text node (quotes kept as typed, so messages read right)."""
    return html.escape(str(text), quote=False)


def points(value: float) -> str:
    """2.0 -> '2', 1.5 -> '1.5': how a teacher writes a score."""
    return f"{value:g}"


def _status(check: Check, lang: str) -> tuple[str, str]:
    if check.pending:
        return "pending", i18n.t("feedback.status.pending", lang)
    if check.score >= check.max_score:
        return "ok", "✓ " + i18n.t("feedback.status.full", lang)
    if check.score > 0:
        return "fail", i18n.t("feedback.status.partial", lang)
    return "fail", "✗ " + i18n.t("feedback.status.zero", lang)


def _header(page: Page) -> list[str]:
    name = i18n.t("feedback.student", page.lang, name=page.student_name, id=page.student_id)
    return [f'<p class="kicker">{_e(i18n.t("feedback.kicker", page.lang))}</p>',
            f"<h1>{_e(page.title)}</h1>", f"<p>{_e(name)}</p>"]


def _summary(page: Page) -> list[str]:
    lang = page.lang
    total = i18n.t("feedback.total", lang, score=f"<strong>{points(page.score)}</strong>",
                   max=points(page.max_score))
    parts = [f'<p class="total" data-score="{points(page.score)}" '
             f'data-max="{points(page.max_score)}">{total}</p>']
    if page.pending_points:
        note = i18n.t("feedback.pending_total", lang, points=points(page.pending_points))
        parts.append(f'<p class="note pending">{_e(note)}</p>')
    if page.late:
        parts.append(f'<p class="note pending">{_e(i18n.t("feedback.late", lang))}</p>')
    head = "".join(f"<th>{_e(i18n.t(k, lang))}</th>" for k in (
        "feedback.col.question", "feedback.col.score", "feedback.col.max", "feedback.col.status"))
    rows = []
    for check in page.checks:
        _, status = _status(check, lang)
        score = "–" if check.pending else points(check.score)
        rows.append(f'<tr data-grade-id="{_e(check.grade_id)}" '
                    f'data-score="{points(check.score)}" data-max="{points(check.max_score)}" '
                    f'data-pending="{str(check.pending).lower()}">'
                    f'<td>{_e(check.label)}</td><td class="num">{score}</td>'
                    f'<td class="num">{points(check.max_score)}</td><td>{_e(status)}</td></tr>')
    parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return parts


def _answer_html(answer: Answer, lang: str) -> list[str]:
    parts = [f"<h3>{_e(i18n.t('feedback.your_answer', lang))}</h3>"]
    if answer.unanswered:
        parts.append(f'<p class="note fail">{_e(i18n.t("feedback.no_answer", lang))}</p>')
    elif answer.kind == "markdown":
        parts.append(f'<div class="written">{_e(answer.source.strip())}</div>')
    else:
        parts.append(f"<pre><code>{_e(answer.source.strip())}</code></pre>")
        parts += answer.outputs
    if answer.comment:
        parts.append(f'<div class="note comment"><p class="badge">'
                     f'{_e(i18n.t("feedback.teacher_comment", lang))}</p>'
                     f'<div class="written">{_e(answer.comment)}</div></div>')
    return parts


def _check_html(check: Check, lang: str) -> str:
    css, status = _status(check, lang)
    if check.pending:
        score = i18n.t("feedback.check_pending_score", lang, label=check.label,
                       max=points(check.max_score))
        body = i18n.t("feedback.pending", lang)
    else:
        score = i18n.t("feedback.check_score", lang, label=check.label,
                       score=points(check.score), max=points(check.max_score))
        body = i18n.t("feedback.check_failed", lang, message=check.message) if check.message else ""
    text = f'<span class="badge">{_e(status)}</span> · {_e(score)}'
    detail = f"<p>{_e(body)}</p>" if body else ""
    return f'<div class="note {css}"><p>{text}</p>{detail}</div>'


def _questions(page: Page) -> list[str]:
    parts = []
    for section in page.sections:
        parts.append(f"<section><h2>{_e(section.heading)}</h2>")
        for answer in section.answers:
            parts += _answer_html(answer, page.lang)
        parts += [_check_html(c, page.lang) for c in section.checks]
        parts.append("</section>")
    return parts


def _not_graded(page: Page) -> list[str]:
    key = page.reason or "not_graded"
    return [f'<h2>{_e(i18n.t(f"feedback.{key}.title", page.lang))}</h2>',
            f'<p class="note fail">{_e(i18n.t(f"feedback.{key}.body", page.lang))}</p>']


def _footer(page: Page) -> list[str]:
    return [f"<footer><p>{_e(i18n.t('feedback.footer', page.lang))}</p></footer>"]


Part = Callable[[Page], list[str]]
GRADED_PARTS: list[Part] = [_header, _summary, _questions, _footer]
UNGRADED_PARTS: list[Part] = [_header, _not_graded, _footer]


def render_page(page: Page) -> str:
    """The page as one self-contained HTML document (inline CSS, images as data URIs)."""
    parts = UNGRADED_PARTS if page.reason else GRADED_PARTS
    body = "\n".join(line for part in parts for line in part(page))
    title = f"{page.title} · {page.student_name}"
    return ("<!DOCTYPE html>\n"
            f'<html lang="{HTML_LANG.get(page.lang, page.lang)}">\n'
            '<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{CSS}</style>\n</head>\n"
            f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n")


# --- the whole assignment --------------------------------------------------------------


def _read(path: Path) -> nbformat.NotebookNode | None:
    try:
        return nbformat.read(path, as_version=4)
    except Exception:  # a broken hand-in: the page says it could not be graded
        return None


def build_page(course_dir: Path, gb: Any, assignment: str, notebook: str, student_id: str,
               lang: str | None) -> Page:
    """Everything the page of one student's notebook shows, from gradebook and notebook."""
    graded_path = course_dir / "autograded" / student_id / assignment / f"{notebook}.ipynb"
    submitted_path = course_dir / "submitted" / student_id / assignment / f"{notebook}.ipynb"
    nb = _read(graded_path) if graded_path.is_file() else None
    submission = _find_submission(gb, notebook, assignment, student_id)
    lang = page_lang(course_dir, nb if nb is not None else _read_quiet(submitted_path), lang)
    name = display_name(_find_student(gb, student_id), student_id)
    page = Page(lang, student_id, name, _title(nb, assignment, lang))
    if nb is None or submission is None:
        archived = course_dir / "archive" / assignment / student_id
        handed_in = (submitted_path.is_file() or submission is not None
                     or (archived.is_dir() and any(archived.iterdir())))
        page.reason = "not_graded" if handed_in else "not_handed_in"
        if page.title == assignment:
            page.title = _title(_source_nb(course_dir, assignment, notebook), assignment, lang)
        return page
    page.score, page.max_score = float(submission.score or 0), float(submission.max_score or 0)
    page.late = bool(submission.assignment.total_seconds_late)
    page.sections = read_sections(nb, submission, lang)
    return page


def _read_quiet(path: Path) -> nbformat.NotebookNode | None:
    return _read(path) if path.is_file() else None


def _source_nb(course_dir: Path, assignment: str, notebook: str) -> nbformat.NotebookNode | None:
    for folder in ("release", "source"):
        nb = _read_quiet(course_dir / folder / assignment / f"{notebook}.ipynb")
        if nb is not None:
            return nb
    return None


def _copy_release_files(course_dir: Path, student_id: str, assignment: str, dest: Path) -> None:
    """Copy what ``nbgrader release_feedback`` reads beside the pages (when present)."""
    for folder in ("autograded", "submitted"):
        src = course_dir / folder / student_id / assignment
        for name in COPIED_FILES:
            if (src / name).is_file() and not (dest / name).exists():
                shutil.copyfile(src / name, dest / name)


def _notebooks(gb: Any, assignment: str) -> list[str]:
    from nbgrader.api import MissingEntry

    try:
        return sorted(nb.name for nb in gb.find_assignment(assignment).notebooks)
    except MissingEntry:
        raise ValueError(i18n.t("feedback.unknown_assignment", assignment=assignment)) from None


def generate_feedback(course_dir: Path | str, assignment: str,
                      students: Iterable[str] | None = None,
                      lang: str | None = None) -> list[Path]:
    """Write ``feedback/<student>/<assignment>/<notebook>.html`` for each student.

    ``students`` defaults to everyone who handed in; ``lang`` forces one language
    (otherwise each page follows the course, then the notebook, then SUYANG_LANG).
    Returns the written paths.
    """
    from nbgrader.api import Gradebook

    course_dir = Path(course_dir)
    written: list[Path] = []
    with Gradebook(gradebook_url(course_dir)) as gb:
        notebooks = _notebooks(gb, assignment)
        chosen = list(students) if students else default_students(course_dir, gb, assignment)
        for student_id in chosen:
            dest = course_dir / "feedback" / student_id / assignment
            dest.mkdir(parents=True, exist_ok=True)
            for notebook in notebooks:
                page = build_page(course_dir, gb, assignment, notebook, student_id, lang)
                path = dest / f"{notebook}.html"
                path.write_text(render_page(page), "utf-8")
                written.append(path)
            _copy_release_files(course_dir, student_id, assignment, dest)
    return written

