"""``suyang app``: the command line that serves the app build, and what a lesson named on
it resolves to (no server here; tests/test_app_browser.py serves it for real)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from suyang import app
from suyang.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def views(tmp_path_factory):
    from suyang.build import build

    out = tmp_path_factory.mktemp("views") / "zh"
    build("zh", out, ROOT)
    return out


@pytest.mark.parametrize("target, expected", [
    (None, "index.ipynb"),
    ("primary-04-plant-watering", "curriculum/primary/04-plant-watering/plant-watering.ipynb"),
    ("curriculum/seniors/01-phone-scams", "curriculum/seniors/01-phone-scams/phone-scams.ipynb"),
    ("seniors-01-self-check", "assignments/seniors-01-self-check/self-check.ipynb"),
])
def test_a_lesson_named_on_the_command_line_opens_in_the_app_build(views, target, expected):
    assert app.resolve_path(views, target) == expected
    assert (views / "app" / expected).is_file()


def test_an_unknown_lesson_is_said_in_words(views, monkeypatch):
    with pytest.raises(FileNotFoundError, match="primary-99-nothing"):
        app.resolve_path(views, "primary-99-nothing")
    monkeypatch.setattr(app, "prepare", lambda lang, root=None: views)
    result = CliRunner().invoke(main, ["app", "primary-99-nothing", "--lang", "zh"])
    assert result.exit_code != 0
    assert "没有找到这一课" in result.output and "Traceback" not in result.output


def test_the_server_opens_the_app_view_of_the_lesson(views):
    cmd = app.app_command(views, "curriculum/primary/01-class-survey/class-survey.ipynb",
                          port=8123, open_browser=False)
    assert f"--ServerApp.root_dir={views}" in cmd
    assert cmd[-1] == ("--ServerApp.default_url=/voila/render/app/"
                       "curriculum/primary/01-class-survey/class-survey.ipynb")
    assert not any(arg.startswith("--LabApp.default_url") for arg in cmd)


def test_install_writes_the_template_and_settings(tmp_path):
    written = app.install(tmp_path)
    template = tmp_path / "share" / "jupyter" / "voila" / "templates" / "suyang"
    assert (template / "index.html.j2").is_file() and (template / "error.html").is_file()
    assert "cdn." not in (template / "index.html.j2").read_text("utf-8")
    assert all(path.exists() for path in written)
    page = app.offline_page_config({"fullMathjaxUrl": "https://cdnjs.example/mathjax.js"},
                                   "/user/s1/")
    assert page["fullMathjaxUrl"] == "/user/s1/voila/templates/suyang/static/no-mathjax.js"
