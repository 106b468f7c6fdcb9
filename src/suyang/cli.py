"""The ``suyang`` command: thin wrappers that parse arguments and call the library."""

from __future__ import annotations

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
def build(lang: str, out: Path | None) -> None:
    """Render the one-language student views of every lesson and assignment, and the index."""
    from .build import build as do_build

    i18n.set_lang(lang)
    written = do_build(lang, out)
    target = out or Path("build") / lang
    click.echo(i18n.t("cli.built", count=len(written), lang=lang, out=target))


@main.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table")
@LANG_OPTION
def catalog(fmt: str, lang: str | None) -> None:
    """List every lesson and assignment with its metadata."""
    from . import catalog as cat

    lang = i18n.set_lang(lang)
    rows = cat.entries()
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
def lab(lang: str, port: int | None, token: str | None, ip: str | None, no_browser: bool) -> None:
    """Render the student views and start JupyterLab at the index notebook."""
    from . import lab as lab_mod

    lab_mod.run(lang, port=port, token=token, open_browser=not no_browser, ip=ip)


if __name__ == "__main__":
    main()
