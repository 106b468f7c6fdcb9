"""Every primary and seniors lesson as an app (Voilà) in Chromium, in Chinese and English:
no code on the page, no error box, no console error, no serious accessibility violation
(axe-core), and the lesson's steps done with clicks, drags and typing only, each changing
what the page shows to the expected figures (``tests/lessons/app/<id>.yaml``).

One server and one browser serve the whole module (per xdist worker)."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
import requests
from appview import (
    ARTEFACTS,
    RUN_OR_EDIT,
    answer_by_clicks,
    app_server,
    browser,
    build_views,
    lesson_steps,
    open_app,
    run_steps,
)
from browser import need_browser
from nbg import grade_both, make_course, nbgrader, scores

from suyang.notebooks import iter_notebooks, opens_as_app, suyang_meta

ROOT = Path(__file__).resolve().parents[1]
APP_LESSONS = [ref for ref in iter_notebooks(ROOT)
               if ref.kind == "lesson" and opens_as_app(suyang_meta(ref.read()))]
LESSON_IDS = [ref.expected_id for ref in APP_LESSONS]


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    folder = tmp_path_factory.mktemp("app") / "views"
    build_views(folder)
    broken = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# 坏掉的一课"),
        # a failure the learner cannot fix and the kit does not explain (no suyang.setup)
        nbformat.v4.new_code_cell("1 / 0"),
        nbformat.v4.new_markdown_cell("后面的内容"),
    ])
    broken.metadata["suyang"] = {"lang": "zh", "level": "primary", "view": "app"}
    broken.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
    nbformat.write(broken, folder / "zh" / "app" / "broken.ipynb")
    return folder


@pytest.fixture(scope="module")
def server(views):
    need_browser()
    with app_server(views) as running:
        yield running


@pytest.fixture(scope="module")
def chromium(server):
    with browser() as launched:
        yield launched


def test_every_app_lesson_has_browser_steps():
    assert len(APP_LESSONS) >= 11  # 7 primary + 4 seniors
    for lesson in LESSON_IDS:
        assert lesson_steps(lesson), f"add tests/lessons/app/{lesson}.yaml"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_app_build_never_tells_a_learner_to_run_or_edit_a_cell(views, lang):
    """Markdown and every string a lesson's code would show: no 'run this cell',
    Shift+Enter, 'delete the #', 'uncomment', 'double-click'."""
    found = []
    for ref in APP_LESSONS:
        nb = nbformat.read(views / lang / "app" / ref.path, as_version=4)
        for index, cell in enumerate(nb.cells):
            for match in RUN_OR_EDIT.finditer(cell.source):
                found.append(f"{ref.expected_id} cell {index}: {match.group(0)!r}")
    assert found == []
    # the scan itself bites: the notebook build still has such words where they belong
    notebook_texts = [c.source for ref in APP_LESSONS
                      for c in nbformat.read(views / lang / ref.path, as_version=4).cells]
    assert any(RUN_OR_EDIT.search(text) for text in notebook_texts)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("lesson", LESSON_IDS)
def test_lesson_works_as_an_app(server, chromium, lesson, lang):
    app = open_app(chromium, server, lang, server.notebook_path(lang, lesson))
    try:
        assert app.code_editors() == 0, "code is on the learner's page"
        assert app.page.locator(".jupyter-widgets").count() > 0
        problems = run_steps(app, lesson_steps(lesson))
        assert problems == [], "\n".join(problems)
        assert app.error_outputs() == []
        assert not app.trouble_notice()
        text = app.text()
        assert "Traceback" not in text and "Error" not in text.split("\n")[0]
        assert not RUN_OR_EDIT.search(text), RUN_OR_EDIT.search(text).group(0)
        assert app.console_errors == []
        assert app.axe_serious() == []
        ARTEFACTS.mkdir(parents=True, exist_ok=True)  # the README's pictures come from here
        app.page.screenshot(path=str(ARTEFACTS / f"{lesson}-{lang}.png"))
    finally:
        app.page.context.close()


def test_a_failing_cell_shows_a_notice_in_the_learners_words_never_a_traceback(server,
                                                                              chromium):
    app = open_app(chromium, server, "zh", "broken.ipynb")
    try:
        app.page.wait_for_selector("#suyang-trouble:not([hidden])", timeout=20_000)
        notice = app.page.locator("#suyang-trouble").inner_text()
        assert "没能显示出来" in notice and "老师" in notice
        assert app.expect({"expect": ["后面的内容"]}) == []  # the rest of the lesson shows
        visible = app.page.locator("body").inner_text()
        assert "ZeroDivisionError" not in visible and "Traceback" not in visible
    finally:
        app.page.context.close()


def test_a_missing_lesson_gets_a_friendly_page(server):
    response = requests.get(server.url("zh", "curriculum/primary/99-none/none.ipynb"),
                            timeout=30)
    assert response.status_code == 404
    page = response.content.decode("utf-8")
    assert "没有找到这一课" in page and "This lesson can’t be found" in page
    assert "Traceback" not in page and "cdn." not in page


def test_voila_is_configured_for_the_kit(views):
    """Only the widget managers load (the nbgrader, jupytext and notebook extensions fail
    inside Voilà), the kit's template, a time limit per cell."""
    import sys

    etc = Path(sys.prefix) / "etc" / "jupyter"
    settings = json.loads((etc / "voila.json").read_text("utf-8"))
    assert settings["VoilaConfiguration"]["template"] == "suyang"
    assert set(settings["VoilaConfiguration"]["extension_allowlist"]) == {
        "@voila-dashboards/widgets-manager8", "@jupyter-widgets/jupyterlab-manager"}
    assert settings["VoilaExecutor"]["timeout"] > 0
    server_side = json.loads((etc / "jupyter_server_config.json").read_text("utf-8"))
    assert server_side["VoilaExecutor"] == settings["VoilaExecutor"]


HANDED_IN = [("primary-03-safe-online", "reversed-rule"),  # clicks and a written answer
             ("seniors-01-self-check", "half-measures")]


@pytest.mark.parametrize("assignment, submission", HANDED_IN)
def test_clicked_and_handed_in_in_the_app_grades_as_its_reference(
        server, chromium, views, tmp_path, assignment, submission):
    """A pupil's fetched copy opened as an app: answered by clicks only, handed in with
    the button (twice: the second replaces the first and says so), then graded by real
    ``nbgrader autograde`` and by ``suyang grade``: exactly the reference's scores."""
    import shutil

    import yaml

    spec = yaml.safe_load((ROOT / "graders" / assignment / "submissions.yaml")
                          .read_text("utf-8"))
    course = make_course(tmp_path, assignment, "zh")
    nbgrader(course, "generate_assignment", assignment, "--force")
    name = spec["notebook"]
    fetched = views / "pupils" / f"{assignment}-{submission}" / assignment
    fetched.mkdir(parents=True)
    shutil.copy(course / "release" / assignment / f"{name}.ipynb", fetched)
    rel = fetched.relative_to(views).as_posix()
    app = open_app(chromium, server, "zh", "", url=server.render_url(f"{rel}/{name}.ipynb"))
    try:
        assert app.code_editors() == 0
        answers = spec["submissions"][submission]["answers"]
        answer_by_clicks(app, nbformat.read(fetched / f"{name}.ipynb", as_version=4), answers)
        hand_in = app.page.locator("button.jupyter-button", has_text="交作业")
        hand_in.scroll_into_view_if_needed()
        hand_in.click()
        assert app.expect({"expect": ["已交，老师会看到"]}) == []
        hand_in.click()
        assert app.expect({"expect": ["换掉了上一次交的作业"]}) == []
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        hand_in.scroll_into_view_if_needed()
        app.page.screenshot(path=str(ARTEFACTS / f"handin-{assignment}-zh.png"))
        assert not RUN_OR_EDIT.search(app.text()), RUN_OR_EDIT.search(app.text()).group(0)
        assert not app.trouble_notice()  # unanswered checks are explained, not trouble
        assert app.console_errors == []
    finally:
        app.page.context.close()
    target = course / "submitted" / "app-pupil" / assignment
    target.mkdir(parents=True)
    shutil.copy(fetched / f"{name}.ipynb", target)
    twin, _ = grade_both(course, assignment, tmp_path / "twin")
    expected = {k: v for k, v in spec["submissions"][submission]["expected"].items()}
    handed = nbformat.read(target / f"{name}.ipynb", as_version=4)
    for grade_id, words in answers.items():  # written answers sit where the teacher marks
        cell = [c for c in handed.cells
                if (c.metadata.get("nbgrader") or {}).get("grade_id") == grade_id]
        if cell and cell[0].cell_type == "markdown":
            assert cell[0].source == words.strip()
    assert scores(course, assignment, name, "app-pupil") == expected
    assert scores(twin, assignment, name, "app-pupil") == expected
