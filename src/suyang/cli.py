"""The ``suyang`` command: thin wrappers that parse arguments and call the library."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

import click

from . import i18n

LANG_OPTION = click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
                           help="Language of messages and views (default: SUYANG_LANG or zh).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="suyang")
def main() -> None:
    """Suyang (素养): bilingual lessons and self-grading assignments for digital literacy."""


@main.command()
@click.option("--lang", type=click.Choice(["zh", "en"]), required=True,
              help="Language of the student views.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output folder (default: build/<lang>).")
@click.option("--app-url", default=None,
              help="Where the server shows the app build (OUT/app), for the index's links "
                   "(default: <hub prefix or />voila/render/app/).")
def build(lang: str, out: Path | None, app_url: str | None) -> None:
    """Render the one-language student views of every lesson and assignment, and the index.

    Both views: the notebook build in OUT, the app build (for Voilà) in OUT/app.
    """
    from .build import build as do_build

    i18n.set_lang(lang)
    written = do_build(lang, out, app_url=app_url)
    target = out or Path("build") / lang
    click.echo(i18n.t("cli.built", count=len(written), view_lang=lang, out=target))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@click.option("--assignments", "per_question", is_flag=True,
              help="Per assignment: each question's points, marker and assessed objective.")
@LANG_OPTION
def catalog(fmt: str, per_question: bool, lang: str | None) -> None:
    """List every lesson and assignment with its metadata."""
    from . import catalog as cat

    lang = i18n.set_lang(lang)
    rows = cat.entries()
    if per_question and fmt == "table":
        click.echo(cat.to_assignment_table(rows, lang), nl=False)
        return
    out = {"json": cat.to_json, "csv": lambda r: cat.to_csv(r, lang),
           "table": lambda r: cat.to_table(r, lang)}[fmt](rows)
    click.echo(out, nl=not out.endswith("\n"))


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@LANG_OPTION
def lint(paths: tuple[Path, ...], lang: str | None) -> None:
    """Check notebooks against the kit's conventions (default: the whole kit)."""
    from . import lint as linter

    i18n.set_lang(lang)
    problems = linter.lint(list(paths) or None)
    for problem in problems:
        click.echo(str(problem))
    files = len({p.path for p in problems})
    if problems:
        click.echo(i18n.t("lint.found", count=len(problems), files=files), err=True)
        sys.exit(1)
    from .notebooks import find_root, iter_notebooks

    count = len(list(iter_notebooks(find_root()))) if not paths else len(paths)
    click.echo(i18n.t("lint.ok", count=count))


@main.command()
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--port", type=int, default=None, help="Port (default: JupyterLab's choice).")
@click.option("--token", default=None, help="Server token (default: a random one).")
@click.option("--ip", default=None, help="Address to listen on (default: localhost).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
@click.option("--teacher", is_flag=True, help="Keep nbgrader's teacher tools (make lab TEACHER=1).")
def lab(lang: str, port: int | None, token: str | None, ip: str | None, no_browser: bool,
        teacher: bool) -> None:
    """Render the student views and start JupyterLab at the index notebook."""
    from . import lab as lab_mod

    lab_mod.run(lang, port=port, token=token, open_browser=not no_browser, ip=ip,
                teacher=teacher)


@main.command("app")
@click.argument("target", required=False)
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--port", type=int, default=None, help="Port (default: JupyterLab's choice).")
@click.option("--token", default=None, help="Server token (default: a random one).")
@click.option("--ip", default=None, help="Address to listen on (default: localhost).")
@click.option("--no-browser", is_flag=True, help="Do not open a browser.")
def app_command(target: str | None, lang: str, port: int | None, token: str | None,
                ip: str | None, no_browser: bool) -> None:
    """Open the lessons as apps (Voilà): the index, or TARGET (a lesson id or folder)."""
    from . import app as app_mod

    i18n.set_lang(lang)
    with _explained(FileNotFoundError):
        app_mod.run(lang, target, port=port, token=token, open_browser=not no_browser, ip=ip)


@main.group()
def course() -> None:
    """Set up and look after an nbgrader course made from the kit."""


@course.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--level", default=None, help="Take every assignment of this level (e.g. middle).")
@click.option("--assignments", default=None, help="Comma-separated assignment ids to take.")
@LANG_OPTION
@click.option("--roster", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Class list CSV: student_id,name or 学号,姓名 (UTF-8 or GBK).")
def course_init(directory: Path, level: str | None, assignments: str | None,
                lang: str | None, roster: Path | None) -> None:
    """Create (or safely complete) an nbgrader course folder from the kit's assignments."""
    from .course import CourseError, init_course

    ids = [a for a in (assignments or "").split(",") if a.strip()]
    try:
        report = init_course(directory, level=level, assignments=ids, lang=lang, roster=roster)
    except CourseError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report.table(), nl=False)


@main.command()
@click.argument("source", type=click.Path(path_type=Path))
@click.option("--assignment", "-a", required=True, help="The assignment id the hand-ins are for.")
@click.option("--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="The course folder.")
@click.option("--tz", default=None,
              help="Time zone of the zip's file times, e.g. Asia/Shanghai (default: the "
                   "config's Exchange.timezone, else this computer's).")
def collect(source: Path, assignment: str, course_dir: Path, tz: str | None) -> None:
    """Bring hand-ins (a zip, a folder, a notebook) into the course's submitted/ folder."""
    from .collect import collect as do_collect
    from .course import CourseError, load_course

    try:
        loaded = load_course(course_dir)
        i18n.set_lang(loaded.lang)
        report = do_collect(source, assignment, loaded, tz=tz)
    except CourseError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(report.table(), nl=False)


@main.command()
@click.argument("assignment")
@click.option("--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="The course folder.")
@click.option("--student", "students", multiple=True,
              help="Only this student (repeat for more; default: everyone who handed in).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the pages (default: the course's, else each notebook's).")
def feedback(assignment: str, course_dir: Path, students: tuple[str, ...],
             lang: str | None) -> None:
    """Write each student's feedback page (feedback/<student>/<assignment>/<notebook>.html)."""
    from .course_lang import recorded_lang
    from .feedback import generate_feedback

    i18n.set_lang(lang or recorded_lang(course_dir))
    try:
        written = generate_feedback(course_dir, assignment, list(students) or None, lang)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(i18n.t("feedback.written", count=len(written), out=course_dir / "feedback"))


@main.command()
@click.argument("assignment")
@click.option("--course", "course_dir", type=click.Path(path_type=Path), default=Path("."),
              show_default=True, help="The nbgrader course folder.")
@click.option("--student", "students", multiple=True, help="Grade only these students.")
@click.option("--jobs", type=int, default=None, help="Parallel workers (default: all cores).")
@click.option("--force", is_flag=True, help="Re-grade hand-ins that have not changed.")
@click.option("--cell-timeout", type=float, default=30.0, show_default=True)
@click.option("--memory-mb", type=int, default=1024, show_default=True)
@LANG_OPTION
def grade(assignment: str, course_dir: Path, students: tuple[str, ...], jobs: int | None,
          force: bool, cell_timeout: float, memory_mb: int, lang: str | None) -> None:
    """Autograde hand-ins into nbgrader's gradebook: fast, isolated, tamper-resistant."""
    from .course_lang import course_lang
    from .grade import grade as do_grade
    from .grade import summary_table
    from .sandbox import Limits

    lang = i18n.normalise_lang(lang or course_lang(course_dir))
    i18n.set_lang(lang)
    report = do_grade(course_dir, assignment, list(students) or None, jobs=jobs,
                      limits=Limits(cell_timeout=cell_timeout, memory_mb=memory_mb),
                      lang=lang, force=force, progress=sys.stderr.isatty())
    click.echo(summary_table(report, lang))
    if not report.results:
        click.echo(i18n.t("grade.no_submissions", lang, assignment=assignment,
                          path=course_dir / "submitted"), err=True)
        sys.exit(1)


@main.command("report")
@click.argument("assignments", nargs=-1)
@click.option("--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True, help="The course folder.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Output folder (default: <course>/reports/latest).")
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None,
              help="Language of the report (default: the course's).")
@click.option("--anonymise", "--anonymize", "anonymised", is_flag=True,
              help="Pseudonyms instead of names and ids, and no per-student section.")
def report_command(assignments: tuple[str, ...], course_dir: Path, out: Path | None,
                   lang: str | None, anonymised: bool) -> None:
    """The class digital-literacy report: HTML, PNG charts and CSV tables."""
    from .course_lang import recorded_lang
    from .report import report

    i18n.set_lang(lang or recorded_lang(course_dir))
    try:
        written = report(course_dir, list(assignments) or None, out, lang, anonymised)
    except (FileNotFoundError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    for line in written.summary:
        click.echo(f"- {line}")
    click.echo(i18n.t("cli.report_written", path=written.html))


@main.command("new")
@click.argument("kind", type=click.Choice(["lesson", "assignment"]))
@click.option("--level", required=True, help="primary, middle, high, vocational or seniors.")
@click.option("--slug", required=True, help="Short name in the folder: lowercase-with-hyphens.")
@click.option("--lesson", default=None, help="Assignments: the lesson it assesses "
                                              "(default: the level's first lesson).")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The kit's folder (default: found from the current folder).")
@LANG_OPTION
def new_command(kind: str, level: str, slug: str, lesson: str | None, root: Path | None,
                lang: str | None) -> None:
    """Create a lint-clean lesson or assignment skeleton to start from."""
    from .new import NewError, new_assignment, new_lesson
    from .notebooks import find_root

    i18n.set_lang(lang)
    try:
        kit = root or find_root()
        path = new_lesson(kit, level, slug) if kind == "lesson" else \
            new_assignment(kit, level, slug, lesson)
    except (NewError, FileNotFoundError, FileExistsError) as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(i18n.t("cli.new_written", path=path))


@contextlib.contextmanager
def _explained(*errors: type[Exception]):
    """A problem already worded for the user ends the command with its message, no trace."""
    try:
        yield
    except errors as exc:
        raise click.ClickException(str(exc)) from exc


@main.group()
def school() -> None:
    """A school's own hub (deploy/school): class accounts, gradebook backups."""


@school.command("add-class")
@click.argument("roster", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.option("--class", "class_id", required=True, help="Class id, e.g. c7-3: the course's name.")
@click.option("--teacher", required=True, help="The teacher's login (created if missing).")
@click.option("--home-root", type=click.Path(file_okay=False, path_type=Path),
              default=Path("/home"), show_default=True, help="Where new homes are made.")
@click.option("--slips", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="CSV of first passwords to print (default: <class>-accounts.csv).")
@click.option("--level", default=None, help="The course takes every assignment of this level.")
@click.option("--assignments", default=None, help="Or: comma-separated assignment ids.")
@click.option("--dry-run", is_flag=True, help="Print the plan, change nothing.")
@LANG_OPTION
def school_add_class(roster: Path, class_id: str, teacher: str, home_root: Path,
                     slips: Path | None, level: str | None, assignments: str | None,
                     dry_run: bool, lang: str | None) -> None:
    """Accounts for a class from its roster CSV, and the teacher's course with it."""
    from .school import SchoolError, add_class, plan_class

    lang = i18n.normalise_lang(lang)
    try:
        ids = [a.strip() for a in (assignments or "").split(",") if a.strip()]
        plan = plan_class(roster, class_id, teacher, lang=lang, home_root=home_root,
                          level=level, assignments=ids)
        click.echo(i18n.t("school.plan.title", lang, class_id=class_id, teacher=teacher,
                          count=len(plan.students), course=plan.course))
        for account in plan.accounts():
            state = i18n.t("school.plan.kept" if account.existed else "school.plan.new", lang)
            click.echo(f"  {account.name:<20} {account.real_name:<12} {state}")
        if dry_run:
            return
        slips = slips or Path(f"{class_id}-accounts.csv")
        add_class(plan, slips)
    except SchoolError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(i18n.t("school.done", lang, slips=slips))


@school.command("backup")
@click.argument("course_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The archive to write (.tar.gz).")
@LANG_OPTION
def school_backup(course_dir: Path, out: Path, lang: str | None) -> None:
    """Back up a course: its gradebook (consistently, even while grading) and folders."""
    from .school import SchoolError, backup

    with _explained(SchoolError):
        path = backup(course_dir, out, lang)
    size = f"{path.stat().st_size / 1e6:.1f} MB"
    click.echo(i18n.t("school.backup.done", lang, path=path, size=size))


@school.command("restore")
@click.argument("archive", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@click.argument("course_dir", type=click.Path(file_okay=False, path_type=Path))
@LANG_OPTION
def school_restore(archive: Path, course_dir: Path, lang: str | None) -> None:
    """Restore a course from a backup; a folder already there is kept aside, not deleted."""
    from .school import SchoolError, restore

    with _explained(SchoolError):
        aside = restore(archive, course_dir, lang)
    click.echo(i18n.t("school.restore.done", lang, course=course_dir))
    if aside:
        click.echo(i18n.t("school.restore.aside", lang, path=aside))


if __name__ == "__main__":
    main()
