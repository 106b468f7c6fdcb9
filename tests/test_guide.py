"""The teacher guide site and the workshop: `make guide` builds both language trees with
warnings as errors, a broken link fails it, the built pages open in Chromium without
errors and with alt text on every image, the curriculum map lists every lesson and
assignment of the catalogue, and the workshop's authoring notebook runs end to end."""

from __future__ import annotations

import functools
import http.server
import json
import os
import shutil
import threading
from pathlib import Path

import nbformat
import pytest
from browser import chromium_page, need_browser
from nbg import ROOT

from suyang import catalog
from suyang.guide import build

PAGES = ["index.html", "getting-started.html", "grading.html", "privacy.html",
         "accessibility.html", "curriculum-map.html", "catalogue.html", "levels/index.html",
         "levels/primary.html", "levels/middle/middle-02-averages-and-charts.html",
         "workshop/index.html", "workshop/slides.html", "workshop/handout.html",
         "workshop/feedback-form.html"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("guide") / "guide"
    build(out, root=ROOT)
    return out


def test_both_language_trees_are_built(site):
    for lang in ("zh", "en"):
        for page in PAGES:
            assert (site / lang / page).is_file(), (lang, page)
    assert "zh/index.html" in (site / "index.html").read_text("utf-8")


def _kit_copy(tmp_path: Path) -> Path:
    kit = tmp_path / "kit"
    for folder in ("curriculum", "assignments", "graders", "teacher_guide"):
        shutil.copytree(ROOT / folder, kit / folder)
    return kit


def test_a_broken_link_or_a_missing_page_fails_the_build(tmp_path):
    kit = _kit_copy(tmp_path)
    page = kit / "teacher_guide" / "pages" / "en" / "privacy.md"
    page.write_text(page.read_text("utf-8") + "\nSee [the old page](no-such-page.md).\n")
    with pytest.raises(RuntimeError, match="no-such-page"):
        build(tmp_path / "out", ("en",), root=kit)
    page.write_text("# Privacy\n\nShort.\n")
    (kit / "teacher_guide" / "pages" / "en" / "accessibility.md").unlink()
    with pytest.raises(RuntimeError, match="accessibility"):
        build(tmp_path / "out2", ("en",), root=kit)


@pytest.fixture(scope="module")
def served(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    handler.log_message = lambda *a, **k: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_pages_open_in_chromium_with_alt_text_and_no_errors(served):
    need_browser()
    with chromium_page() as page:
        for lang in ("zh", "en"):
            for name in PAGES:
                response = page.goto(f"{served}/{lang}/{name}")
                assert response and response.ok, (lang, name)
                page.wait_for_load_state("load")
                images = page.evaluate(
                    "[...document.images].map(i => [i.getAttribute('alt'), i.naturalWidth,"
                    " i.src])")
                for alt, width, src in images:
                    assert alt and alt.strip(), (lang, name, src)
                    assert width > 0, (lang, name, src)  # the picture is really there
        assert not page.console_errors, page.console_errors


def _plain_quotes(text: str) -> str:
    for curly, plain in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"')):
        text = text.replace(curly, plain)
    return text


def test_curriculum_map_lists_every_lesson_and_assignment_of_the_catalogue(served):
    need_browser()
    ids = {r["id"] for r in catalog.entries(ROOT)}
    assert len(ids) >= 53
    with chromium_page() as page:
        for lang in ("zh", "en"):
            page.goto(f"{served}/{lang}/curriculum-map.html")
            text = page.inner_text("article")
            missing = sorted(i for i in ids if i not in text)
            assert not missing, (lang, missing)
            page.goto(f"{served}/{lang}/levels/middle.html")
            text = page.inner_text("article")
            text = _plain_quotes(text)  # Sphinx typesets quotes
            middle = [r for r in catalog.entries(ROOT) if r["level"] == "middle"]
            for r in middle:
                assert _plain_quotes(r["title"][lang]) in text, (lang, r["id"])


def test_the_workshop_authoring_notebook_runs_end_to_end(tmp_path, monkeypatch):
    """Session 3 of the workshop: `suyang new assignment`, lint, and grading of every
    reference submission, in a copy of the kit, exactly as a participant runs it."""
    from nbclient import NotebookClient

    kit = tmp_path / "kit"
    shutil.copytree(ROOT / "curriculum", kit / "curriculum")
    monkeypatch.setenv("SUYANG_WORKSHOP_ROOT", str(kit))
    monkeypatch.setenv("SUYANG_WORKSHOP_DIR", str(tmp_path / "work"))
    monkeypatch.delenv("SUYANG_ROOT", raising=False)
    path = ROOT / "teacher_guide" / "workshop" / "notebooks" / "3-write-your-own.ipynb"
    nb = nbformat.read(path, 4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    NotebookClient(nb, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    made = sorted((kit / "assignments").iterdir())
    assert [p.name for p in made] == ["middle-01-my-quiz"]
    assert (kit / "graders" / "middle-01-my-quiz" / "submissions.yaml").is_file()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors, errors
    printed = json.dumps([c.get("outputs", []) for c in nb.cells], ensure_ascii=False)
    assert "middle-01-my-quiz" in printed


def test_workshop_notebooks_are_bilingual_and_clean():
    folder = ROOT / "teacher_guide" / "workshop" / "notebooks"
    books = sorted(folder.glob("*.ipynb"))
    assert [b.name[0] for b in books] == ["1", "2", "3", "4"]
    for book in books:
        nb = nbformat.read(book, 4)
        tags = [c.metadata.get("tags", []) for c in nb.cells if c.cell_type == "markdown"]
        assert sum("lang-zh" in t for t in tags) == sum("lang-en" in t for t in tags) > 0
        assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), book
    assert os.path.getsize(folder / "3-write-your-own.ipynb") > 2000
