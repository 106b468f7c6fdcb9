"""``make guide``: the teacher guide site, one Chinese and one English tree.

Hand-written pages (``teacher_guide/pages/<lang>/``) are copied next to pages generated
from the notebooks' metadata, so nothing a teacher reads about the curriculum is typed
twice: per level, the track's lessons in order (objectives, minutes, dimensions,
standard codes) with each lesson's one-page plan and the level's assignments; the
curriculum map (every lesson and assignment against the nine literacy dimensions and the
standards modules, with the gaps visible); and the whole catalogue. Sphinx (MyST) builds
each tree with warnings as errors, so a broken link or a missing page fails the build.

    python -m suyang.guide [--out build/guide] [--lang zh --lang en]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from . import catalog, i18n, standards
from .notebooks import find_root

LANGS = ("zh", "en")
SPHINX_LANG = {"zh": "zh_CN", "en": "en"}


def _t(key: str, lang: str, **kw: Any) -> str:
    return i18n.t(key, lang, **kw)


def _cell(text: Any) -> str:
    """Text safe inside a pipe table (no pipes, no line breaks)."""
    return str(text).replace("|", "/").replace("\n", " ")


def _dims(keys: list[str], lang: str) -> str:
    names = standards.registry()["literacy"]
    return "、".join(names[k][lang] for k in keys) if lang == "zh" else \
        ", ".join(names[k][lang] for k in keys)


def plan_section(text: str, lang: str) -> str:
    """The one-language part of a bilingual plan.md ('## 中文' / '## English'), with its
    headings raised one level so it reads as a page of its own."""
    marker = "## 中文" if lang == "zh" else "## English"
    lines = text.splitlines()
    try:
        start = next(i for i, ln in enumerate(lines) if ln.strip() == marker) + 1
    except StopIteration:
        return text
    end = next((i for i in range(start, len(lines))
                if lines[i].startswith("## ") and lines[i].strip() != marker), len(lines))
    body = [ln[1:] if ln.startswith("###") else ln for ln in lines[start:end]]
    while body and body[-1].strip() in ("", "---", "***"):  # the rule between languages
        body.pop()
    return "\n".join(body).strip() + "\n"


def _open_both_ways(row: dict[str, Any], lang: str) -> str:
    """How a class opens the lesson: as an app (pupils, seniors) and as a notebook, with
    the command and the address on a server that serves the kit's views."""
    from .notebooks import opens_as_app

    app = _t("guide.open_app", lang, id=row["id"], url=f"/voila/render/app/{row['path']}")
    notebook = _t("guide.open_notebook", lang, url=f"/lab/tree/{row['path']}")
    first = _t("guide.opens_as_app" if opens_as_app(row) else "guide.opens_as_notebook", lang)
    return f"{app}; {notebook}; {first}" if lang != "zh" else f"{app}；{notebook}；{first}"


def lesson_page(row: dict[str, Any], root: Path, lang: str) -> str:
    """One lesson: its facts from the metadata, then its plan."""
    title = i18n.pick(row["title"], lang)
    facts = [f"# {title}", "",
             f"| {_t('guide.col.field', lang)} | |", "|---|---|",
             f"| {_t('guide.col.id', lang)} | `{row['id']}` |",
             f"| {_t('guide.col.grades', lang)} | {_cell(', '.join(map(str, row['grades'])))} |",
             f"| {_t('guide.col.minutes', lang)} | {row['minutes']} |",
             f"| {_t('guide.col.literacy', lang)} | {_dims(row['literacy'], lang)} |",
             f"| {_t('guide.col.standards', lang)} | {_cell(', '.join(row['standards']))} |",
             f"| {_t('guide.col.notebook', lang)} | `{row['path']}` |",
             f"| {_t('guide.col.open', lang)} | {_open_both_ways(row, lang)} |", "",
             f"## {_t('guide.objectives', lang)}", ""]
    facts += [f"{i}. {_cell(o)}" for i, o in enumerate(i18n.pick(row["objectives"], lang), 1)]
    plan = root / Path(row["path"]).parent / "plan.md"
    facts += ["", f"## {_t('guide.plan', lang)}", ""]
    if plan.is_file():
        facts.append(plan_section(plan.read_text("utf-8"), lang))
    return "\n".join(facts) + "\n"


def level_page(level: str, rows: list[dict[str, Any]], lang: str) -> str:
    info = standards.levels()[level]
    name = info.get(lang, level)
    lessons = [r for r in rows if r["kind"] == "lesson" and r["level"] == level]
    tasks = [r for r in rows if r["kind"] == "assignment" and r["level"] == level]
    out = [f"# {name}", "", _t("guide.level_intro", lang, lessons=len(lessons),
                                 assignments=len(tasks)), "",
           f"## {_t('guide.lessons', lang)}", "",
           "| # | " + " | ".join(_t(f"guide.col.{c}", lang) for c in
                                   ("lesson", "minutes", "grades", "literacy", "standards",
                                    "objectives")) + " |",
           "|---|---|---|---|---|---|---|"]
    for i, r in enumerate(lessons, 1):
        objectives = "<br>".join(_cell(o) for o in i18n.pick(r["objectives"], lang))
        out.append(f"| {i} | [{_cell(i18n.pick(r['title'], lang))}]({level}/{r['id']}.md) | "
                   f"{r['minutes']} | {_cell(', '.join(map(str, r['grades'])))} | "
                   f"{_dims(r['literacy'], lang)} | {_cell(', '.join(r['standards']))} | "
                   f"{objectives} |")
    if tasks:
        out += ["", f"## {_t('guide.assignments', lang)}", "",
                "| " + " | ".join(_t(f"guide.col.{c}", lang) for c in
                                  ("assignment", "points", "minutes", "assessed")) + " |",
                "|---|---|---|---|"]
        for r in tasks:
            assessed = "<br>".join(
                f"{q['grade_id']}: {_cell(i18n.pick(q['objective_text'], lang))}"
                for q in r["questions"])
            out.append(f"| {_cell(i18n.pick(r['title'], lang))} (`{r['id']}`) | "
                       f"{r['points']:g} | {r['minutes']} | {assessed} |")
    out += ["", "```{toctree}", ":hidden:", ""]
    out += [f"{level}/{r['id']}" for r in lessons]
    out += ["```", ""]
    return "\n".join(out)


def curriculum_map(rows: list[dict[str, Any]], lang: str) -> str:
    """Every lesson and assignment against the dimensions and the standards modules."""
    keys = standards.literacy_keys()
    names = standards.registry()["literacy"]
    out = [f"# {_t('guide.map.title', lang)}", "", _t("guide.map.intro", lang), "",
           f"## {_t('guide.map.dimensions', lang)}", "",
           f"| {_t('guide.col.lesson', lang)} | {_t('guide.col.kind', lang)} | "
           + " | ".join(names[k][lang] for k in keys) + " |",
           "|---|---|" + "---|" * len(keys)]
    for r in rows:
        kind = _t(f"catalog.kind.{r['kind']}", lang)
        marks = " | ".join("●" if k in r["literacy"] else "" for k in keys)
        out.append(f"| {_cell(i18n.pick(r['title'], lang))} (`{r['id']}`) | {kind} | {marks} |")
    out += ["", f"## {_t('guide.map.gaps', lang)}", ""]
    for level in standards.levels():
        mine = [r for r in rows if r["level"] == level]
        missing = [names[k][lang] for k in keys if not any(k in r["literacy"] for r in mine)]
        text = ("、" if lang == "zh" else ", ").join(missing) if missing else \
            _t("guide.map.no_gap", lang)
        out.append(f"- **{standards.levels()[level].get(lang, level)}**: {text}")
    out += ["", f"## {_t('guide.map.standards', lang)}", "",
            f"| {_t('guide.col.code', lang)} | {_t('guide.col.module', lang)} | "
            f"{_t('guide.col.lessons', lang)} |", "|---|---|---|"]
    for code, label in standards.codes().items():
        users = [r["id"] for r in rows if code in r["standards"]]
        shown = ", ".join(f"`{u}`" for u in users) if users else f"**{_t('guide.map.gap', lang)}**"
        out.append(f"| `{code}` | {_cell(label.get(lang, ''))} | {shown} |")
    return "\n".join(out) + "\n"


def catalogue_page(rows: list[dict[str, Any]], lang: str) -> str:
    out = [f"# {_t('guide.catalogue', lang)}", "",
           f"| {_t('guide.col.kind', lang)} | {_t('guide.col.id', lang)} | "
           f"{_t('guide.col.lesson', lang)} | {_t('guide.col.minutes', lang)} | "
           f"{_t('guide.col.points', lang)} |", "|---|---|---|---|---|"]
    for r in rows:
        points = "" if r.get("points") is None else f"{r['points']:g}"
        kind = _t("catalog.kind." + r["kind"], lang)
        out.append(f"| {kind} | `{r['id']}` | "
                   f"{_cell(i18n.pick(r['title'], lang))} | {r['minutes']} | {points} |")
    return "\n".join(out) + "\n"


def prepare(lang: str, src: Path, root: Path) -> Path:
    """Write the source tree of one language: hand-written and generated pages."""
    if src.exists():
        shutil.rmtree(src)
    shutil.copytree(root / "teacher_guide" / "pages" / lang, src)
    shots = root / "teacher_guide" / "_static" / "screenshots"
    if shots.is_dir():
        shutil.copytree(shots, src / "screenshots")
    rows = catalog.entries(root)
    (src / "levels").mkdir(exist_ok=True)
    level_names = []
    for level in standards.levels():
        if not any(r["level"] == level for r in rows):
            continue
        level_names.append(level)
        (src / "levels" / f"{level}.md").write_text(level_page(level, rows, lang), "utf-8")
        (src / "levels" / level).mkdir(exist_ok=True)
        for r in rows:
            if r["kind"] == "lesson" and r["level"] == level:
                (src / "levels" / level / f"{r['id']}.md").write_text(
                    lesson_page(r, root, lang), "utf-8")
    index = [f"# {_t('guide.levels', lang)}", "", _t("guide.levels_intro", lang), "",
             "```{toctree}", ":maxdepth: 1", "", *level_names, "```", ""]
    (src / "levels" / "index.md").write_text("\n".join(index), "utf-8")
    (src / "curriculum-map.md").write_text(curriculum_map(rows, lang), "utf-8")
    (src / "catalogue.md").write_text(catalogue_page(rows, lang), "utf-8")
    return src


def build(out: Path, langs: tuple[str, ...] = LANGS, root: Path | None = None) -> list[Path]:
    """Build the site: ``out/<lang>/index.html`` per language and a language chooser."""
    root = root or find_root()
    built = []
    for lang in langs:
        src = prepare(lang, out.parent / "guide-src" / lang, root)
        target = out / lang
        cmd = [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
               "-c", str(root / "teacher_guide"), "-D", f"language={SPHINX_LANG[lang]}",
               "-D", f"html_title={_t('guide.site_title', lang)}",
               str(src), str(target)]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        if proc.returncode:
            raise RuntimeError(f"sphinx failed for {lang}:\n{proc.stdout}\n{proc.stderr}")
        built.append(target / "index.html")
    links = "".join(f"<li><a href='{lang}/index.html'>{_t('guide.site_title', lang)}</a></li>"
                    for lang in langs)
    (out / "index.html").write_text(
        "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'>"
        "<title>素养 Suyang</title></head><body><h1>素养 Suyang</h1>"
        f"<ul>{links}</ul></body></html>", "utf-8")
    return built


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m suyang.guide",
                                     description="Build the teacher guide site.")
    parser.add_argument("--out", type=Path, default=Path("build/guide"))
    parser.add_argument("--lang", action="append", choices=LANGS)
    args = parser.parse_args(argv)
    try:
        for page in build(args.out, tuple(args.lang or LANGS)):
            print(page)
    except RuntimeError as err:
        sys.exit(str(err))


if __name__ == "__main__":
    main()
