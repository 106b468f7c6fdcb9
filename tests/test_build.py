"""``suyang build``: one-language student views, nbgrader metadata intact, and an index
generated from metadata."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from click.testing import CliRunner

from suyang.build import render
from suyang.catalog import entries
from suyang.cli import main
from suyang.lint import CODE_SPAN
from suyang.notebooks import iter_notebooks

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def _tagged(source, lang):
    return nbformat.v4.new_markdown_cell(source, metadata={"tags": [f"lang-{lang}", "keep"]})


def test_render_keeps_one_language_and_strips_tags():
    nb = nbformat.v4.new_notebook(cells=[
        _tagged("# 你好", "zh"), _tagged("# Hello", "en"),
        nbformat.v4.new_markdown_cell("$x^2$"),
        nbformat.v4.new_code_cell("print(1)", metadata={"nbgrader": {"grade_id": "a"}}),
    ])
    nb.cells[3].outputs = [nbformat.v4.new_output("stream", name="stdout", text="1")]
    out = render(nbformat.from_dict(nb), "en")
    assert [c.source for c in out.cells] == ["# Hello", "$x^2$", "print(1)"]
    assert out.cells[0].metadata["tags"] == ["keep"]
    assert out.cells[2].metadata["nbgrader"] == {"grade_id": "a"}
    assert out.cells[2].outputs == []
    assert out.metadata["suyang"]["lang"] == "en"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_build_writes_every_view_and_the_index(lang, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["build", "--lang", lang, "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    for ref, (folder, unwanted) in ((r, v) for r in iter_notebooks(ROOT)
                                    for v in ((tmp_path, "app-only"),
                                              (tmp_path / "app", "notebook-only"))):
        source = ref.read()
        view = nbformat.read(folder / ref.path, as_version=4)
        other = "en" if lang == "zh" else "zh"
        assert all(f"lang-{other}" not in c.metadata.get("tags", []) for c in view.cells)
        assert all(not any(t.startswith("lang-") or t == "app-only"
                           for t in c.metadata.get("tags", []))
                   for c in view.cells)
        assert all("notebook-only" not in c.metadata.get("tags", []) for c in view.cells
                   if folder != tmp_path)
        kept = [c for c in source.cells
                if not any((t.startswith("lang-") and t != f"lang-{lang}") or t == unwanted
                           for t in c.metadata.get("tags", []))]
        assert len(view.cells) == len(kept)
        src_nbg = [c.metadata.get("nbgrader") for c in kept]
        assert [c.metadata.get("nbgrader") for c in view.cells] == src_nbg
        prose = "".join(CODE_SPAN.sub(" ", c.source) for c in view.cells
                        if c.cell_type == "markdown"
                        and not c.metadata.get("nbgrader", {}).get("solution"))
        # English views may quote Chinese as the subject matter (a lesson on Chinese text),
        # never as their prose: under 10 % of the characters, where zh views are mostly CJK
        share = len(CJK.findall(prose)) / max(1, len("".join(prose.split())))
        assert (share > 0.2) if lang == "zh" else (share < 0.1), (ref.path, round(share, 3))
        for asset in ref.folder.iterdir():
            if asset.suffix != ".ipynb" and asset.name != "plan.md" and asset.is_file():
                assert (folder / ref.path.parent / asset.name).is_file()
    index = nbformat.read(tmp_path / "index.ipynb", as_version=4)
    text = "\n".join(c.source for c in index.cells)
    links = re.findall(r"\]\(([^)]+\.ipynb)\)", text)
    lessons = [e for e in entries(ROOT) if e["kind"] == "lesson"]
    assert len(links) >= len(lessons)
    for link in links:
        app = link.removeprefix("/voila/render/app/")
        # a notebook by its relative path, its app by the server path of the app build
        assert (tmp_path / "app" / app if app != link else tmp_path / link).is_file(), link
    for e in lessons + [e for e in entries(ROOT) if e["kind"] == "assignment"]:
        assert f"](/voila/render/app/{e['path']})" in text, e["path"]
        assert f"]({e['path']})" in text, e["path"]
        assert e["title"][lang] in text
    heading = "## 初中" if lang == "zh" else "## Middle school"
    assert heading in text
    app_index = nbformat.read(tmp_path / "app" / "index.ipynb", as_version=4)
    assert [c.cell_type for c in app_index.cells] == ["code"]
    assert app_index.metadata["suyang"]["view"] == "app"


def test_student_views_of_assignments_hold_no_answers(tmp_path):
    """What `suyang build` / `make lab` / Binder show students is the released assignment:
    no solution and no hidden test of any assignment reaches the views."""
    from suyang.build import build

    written = build("zh", tmp_path / "zh", ROOT)
    views = [p for p in written if "assignments" in p.parts]
    assert len(views) >= 32  # each assignment as a notebook and as an app
    for view in views:
        text = view.read_text("utf-8")
        assert "BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text, view
        assert "_assert_" not in text, view  # the deciding (hidden) checks
    source = (ROOT / "assignments" / "middle-01-screen-time" / "screen-time.ipynb").read_text()
    assert "clean = survey[survey[\\\"weekend_min\\\"] <= 720]" in source
    view = next(v for v in views if v.name == "screen-time.ipynb").read_text("utf-8")
    assert "clean = survey[survey[\\\"weekend_min\\\"] <= 720]" not in view


def test_view_tags_split_the_app_from_the_notebook():
    """One source, two views: notebook-only cells ("change the number in the code") leave
    the app build, app-only cells leave the notebook build, untagged cells are in both."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("both"),
        nbformat.v4.new_markdown_cell("Try changing 40 in the code.",
                                      metadata={"tags": ["notebook-only", "lang-en"]}),
        nbformat.v4.new_code_cell("compare([10, 40])", metadata={"tags": ["notebook-only"]}),
        nbformat.v4.new_markdown_cell("Drag the slider.", metadata={"tags": ["app-only"]}),
    ])
    app = render(nbformat.from_dict(nb), "en", view="app")
    notebook = render(nbformat.from_dict(nb), "en", view="notebook")
    assert [c.source for c in app.cells] == ["both", "Drag the slider."]
    assert [c.source for c in notebook.cells] == ["both", "Try changing 40 in the code.",
                                                 "compare([10, 40])"]
    assert all("tags" not in c.metadata for c in app.cells)
    # kept in the notebook view, so the app view of a notebook released from it hides it
    assert [c.metadata.get("tags") for c in notebook.cells] == [None, ["notebook-only"],
                                                                ["notebook-only"]]
    assert app.metadata["suyang"]["view"] == "app"
    with pytest.raises(ValueError):
        render(nbformat.from_dict(nb), "en", view="slides")


def test_app_index_links_notebooks_where_the_server_put_them():
    from suyang.catalog import notebook_base

    assert notebook_base("/voila/render/app/index.ipynb") == "/lab/tree/"
    assert notebook_base("/user/s2024001/voila/render/suyang/app/index.ipynb") == \
        "/user/s2024001/lab/tree/suyang/"
    assert notebook_base("/voila/render/build/zh/app/index.ipynb") == "/lab/tree/build/zh/"
    assert notebook_base("") == "../"


def test_the_app_does_not_echo_the_language_the_setup_cell_set():
    from suyang.build import quiet_setup

    assert quiet_setup('import suyang\nsuyang.setup("zh")') == 'import suyang\nsuyang.setup("zh");'
    assert quiet_setup('suyang.setup("en", large_print=True)\n') == \
        'suyang.setup("en", large_print=True);'
    assert quiet_setup("x = setup()") == "x = setup()"
    assert quiet_setup("show(fig)") == "show(fig)"
    assert quiet_setup("suyang.setup('zh');") == "suyang.setup('zh');"
