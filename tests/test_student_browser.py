"""What a pupil sees: a real lesson in JupyterLab in headless Chromium, run from the menu.

``suyang build`` writes the one-language student views; JupyterLab serves them with its
UI in the same language; Chromium opens the "Is it true?" lesson (primary 06), runs every
cell from the Run menu and then looks at the page the way a pupil would: no error box
anywhere, the chart is a real picture (not blank), the Chinese title is drawn with real
glyphs (not identical "tofu" boxes, which is what a machine without a CJK font shows),
and clicking the lesson's toggle and dragging its slider redraws the chart and the
sentence under it. Screenshots go to build/artefacts/student/ on every run, and to
docs/images/ (for the README) when SUYANG_UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from pathlib import Path

import nbformat
import pytest
from browser import CHROMIUM, chromium_page, jupyter_lab, need_browser, run_all_cells

from suyang.activities.honest_charts import looks_taller

ROOT = Path(__file__).resolve().parents[1]
LESSON = "curriculum/primary/06-is-it-true/is-it-true.ipynb"
ARTEFACTS = ROOT / "build" / "artefacts" / "student"
README_IMAGES = ROOT / "docs" / "images"
UI = {  # the words a pupil clicks (JupyterLab's own translation) and the lesson's sentences
    "zh": {"locale": "zh-CN", "run": "运行", "run_all": "运行所有单元格",
           "honest": "诚实的画法：从 0 开始",
           "looks": r"看上去：右边的柱子是左边的 ([\d.]+) 倍高",
           "wall": r"纵轴从 ([\d.]+) 开始：右边的柱子看上去是左边的 ([\d.]+) 倍高",
           "alt": "纵轴从 {:g} 开始"},
    "en": {"locale": "en-US", "run": "Run", "run_all": "Run All Cells",
           "honest": "Honest: starts at 0",
           "looks": r"It looks ([\d.]+) times as tall",
           "wall": r"Axis starts at ([\d.]+): the right bar looks ([\d.]+) times as tall",
           "alt": "the axis starts at {:g}"},
}
AD_HEIGHTS = (141, 139)  # the lesson's two bars (drank, didn't drink), in cm
AD_AXIS_START = 138
ERROR_OUTPUT = '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'


# ------------------------------------------------------------------ set-up
def need_cjk_font() -> None:
    """Chinese pages need a CJK system font (CI installs fonts-noto-cjk; see .ci/run)."""
    fc = shutil.which("fc-list")
    found = fc and subprocess.run([fc, ":lang=zh"], capture_output=True, text=True).stdout
    if not found:
        if os.environ.get("CI"):
            raise AssertionError("CI must install a CJK font (fonts-noto-cjk, see .ci/run)")
        pytest.skip("no CJK system font: Chromium would draw Chinese as boxes")


def build_views(lang: str, out: Path) -> Path:
    """The student views exactly as a teacher makes them: ``suyang build``."""
    subprocess.run(["suyang", "build", "--lang", lang, "--out", str(out)], cwd=ROOT,
                   check=True, capture_output=True)
    assert (out / LESSON).is_file(), sorted(out.rglob("*.ipynb"))[:5]
    return out


def first_h1(nb: nbformat.NotebookNode) -> str:
    """The lesson's title: the first Markdown heading of level 1."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    raise AssertionError("the lesson has no H1 title")


def cell_index(nb: nbformat.NotebookNode, marker: str) -> int:
    """Cells are found by what they contain, so a re-ordered lesson still works."""
    hits = [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and marker in c.source]
    assert len(hits) == 1, (marker, hits)
    return hits[0]


def shoot(target, name: str) -> Path:
    """Screenshot into build/artefacts/student/ (and docs/images/ when updating)."""
    ARTEFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTEFACTS / f"student-{name}.png"
    target.screenshot(path=str(path))
    if os.environ.get("SUYANG_UPDATE_SCREENSHOTS") == "1":
        README_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, README_IMAGES / path.name)
    return path


def assert_picture(path: Path, min_w: int = 300, min_h: int = 150) -> None:
    """A screenshot worth showing: big enough, and not a flat or nearly flat image."""
    from PIL import Image

    with Image.open(path) as im:
        w, h = im.size
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
    assert w >= min_w and h >= min_h, (path.name, w, h)
    assert colours is None or len(colours) > 32, (path.name, len(colours or []))


# ------------------------------------------------------------------ the page
class LessonPage:
    """The gestures and looks of one open lesson, by cell number."""

    def __init__(self, page, nb: nbformat.NotebookNode):
        self.page, self.nb = page, nb

    def cell(self, i: int):
        return self.page.locator(".jp-Notebook .jp-Cell").nth(i)

    def prompts(self) -> list[str]:
        """Every code cell's prompt: "[ ]:" not run, "[*]:" running, "[7]:" done."""
        return self.page.eval_on_selector_all(
            ".jp-Notebook .jp-CodeCell .jp-InputArea-prompt",
            "els => els.map(e => e.textContent.trim())")

    def run_all_from_menu(self, ui: dict) -> None:
        """Run ▸ Run All Cells, as a pupil would; then wait for every prompt to get a number.

        A menu command given while JupyterLab is still settling the notebook can be lost
        (nothing starts): then, and only then, the pupil picks it again.
        """
        run_all_cells(self.page, "zh" if ui["locale"].startswith("zh") else "en")
        n_code = sum(c.cell_type == "code" for c in self.nb.cells)
        deadline = time.time() + 120
        prompts: list[str] = []
        while time.time() < deadline:
            prompts = self.prompts()
            idle = self.page.locator(
                ".jp-Notebook-ExecutionIndicator[data-status='idle']").count()
            if len(prompts) == n_code and idle and all(re.fullmatch(r"\[\d+\]:", p)
                                                       for p in prompts):
                return
            self.page.wait_for_timeout(250)
        raise AssertionError(f"not every cell ran: {prompts}; errors: {self.error_outputs()}")

    def scroll_to_title(self):
        """Back to the top of the lesson (Run All leaves the last cell in view)."""
        self.page.eval_on_selector_all(
            ".jp-NotebookPanel-notebook, .jp-WindowedPanel-outer",
            "els => els.forEach(e => e.scrollTop = 0)")
        h1 = self.page.locator(".jp-Notebook .jp-MarkdownOutput h1").first
        h1.scroll_into_view_if_needed()
        box = h1.bounding_box()
        assert box and 0 <= box["y"] < 300, box  # the title is near the top of the window
        return self.page

    def error_outputs(self) -> list[str]:
        """Every error box (tracebacks and stderr, including inside widget outputs)."""
        boxes = self.page.eval_on_selector_all(ERROR_OUTPUT, "els => els.map(e => e.innerText)")
        widget_failures = self.page.get_by_text("Error displaying widget").count()
        return boxes + ["Error displaying widget"] * widget_failures

    def wait_for_image(self, i: int):
        """The chart <img> of cell i, once the browser has decoded it."""
        img = self.cell(i).locator(".jp-OutputArea img").first
        img.wait_for(timeout=60_000)
        img.evaluate("im => im.decode()")
        return img


# measured in the page: a decoded image that is not one flat colour
IMAGE_LOOK = """im => {
  const c = document.createElement('canvas');
  c.width = im.naturalWidth; c.height = im.naturalHeight;
  const g = c.getContext('2d');
  g.drawImage(im, 0, 0);
  const d = g.getImageData(0, 0, c.width, c.height).data;
  const colours = new Set();
  for (let k = 0; k < d.length; k += 4 * 7) colours.add((d[k] << 16) | (d[k+1] << 8) | d[k+2]);
  return {w: im.naturalWidth, h: im.naturalHeight, colours: colours.size,
          alt: im.alt, src: im.src.length};
}"""

# every distinct character of the title drawn alone in the title's own font: real glyphs
# differ from one another and have ink; a missing font gives the same box for each
GLYPHS = """h => {
  const clone = h.cloneNode(true);
  clone.querySelectorAll('.jp-InternalAnchorLink').forEach(a => a.remove());
  const text = clone.textContent.trim();
  const font = getComputedStyle(h).font;
  const chars = [...new Set([...text].filter(ch => ch.trim()))];
  const c = document.createElement('canvas');
  c.width = 96; c.height = 96;
  const g = c.getContext('2d', {willReadFrequently: true});
  const shapes = chars.map(ch => {
    g.clearRect(0, 0, 96, 96);
    g.font = font; g.textBaseline = 'top'; g.fillStyle = '#000';
    g.fillText(ch, 8, 8);
    const d = g.getImageData(0, 0, 96, 96).data;
    let bits = '', ink = 0;
    for (let k = 3; k < d.length; k += 4) { bits += d[k] > 127 ? '1' : '0'; ink += d[k] > 127; }
    return {ch, bits, ink};
  });
  return {text, font, chars: chars.length,
          distinct: new Set(shapes.map(s => s.bits)).size,
          inkless: shapes.filter(s => s.ink === 0).map(s => s.ch)};
}"""


def assert_chart(img) -> dict:
    """A chart a pupil can see: decoded, chart-sized, and more than a flat colour."""
    look = img.evaluate(IMAGE_LOOK)
    assert look["w"] > 200 and look["h"] > 100, look
    assert look["colours"] > 8, look  # bars, text, grid: never a blank or flat picture
    return look


def assert_title_glyphs(page, nb: nbformat.NotebookNode) -> None:
    """The title is page text equal to the lesson's H1, and every character has its own
    glyph with ink (boxes for a missing font all look alike)."""
    h1 = page.locator(".jp-Notebook .jp-MarkdownOutput h1").first
    got = h1.evaluate(GLYPHS)
    assert got["text"] == first_h1(nb), got["text"]
    assert not got["inkless"], got
    assert got["distinct"] == got["chars"], f"tofu: {got}"


def expected_looks(axis_start: float) -> str:
    """What the lesson must say for this axis start: the kit's own sum, as it prints it."""
    return f"{round(looks_taller(*AD_HEIGHTS, axis_start), 2):g}"


def said(cell, pattern: str) -> re.Match:
    """The sentence the widget printed under its chart (the lesson's ``say``)."""
    text = cell.locator(".jp-OutputArea .jp-RenderedMarkdown h3").last.inner_text()
    found = re.search(pattern, text)
    assert found, (pattern, text)
    return found


def wait_until(check, what: str, seconds: float = 30) -> None:
    """Poll ``check`` (the kernel answers a widget asynchronously); fail with ``what``."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if check():
                return
        except AssertionError:
            pass
        time.sleep(0.2)
    assert check(), what


def click_honest_axis(lesson: LessonPage, i: int, ui: dict) -> None:
    """Click the toggle "Honest: starts at 0": the chart and its sentence are redrawn."""
    cell = lesson.cell(i)
    img = lesson.wait_for_image(i)
    assert ui["alt"].format(AD_AXIS_START) in img.get_attribute("alt")
    before = img.get_attribute("src")
    assert said(cell, ui["looks"])[1] == expected_looks(AD_AXIS_START) == "3"
    button = cell.locator("button.widget-toggle-button", has_text=ui["honest"])
    button.click()
    wait_until(lambda: said(cell, ui["looks"])[1] == expected_looks(0) == "1.01",
               "the sentence did not change after the click")
    img = lesson.wait_for_image(i)
    assert img.get_attribute("src") != before
    assert ui["alt"].format(0) in img.get_attribute("alt"), img.get_attribute("alt")
    assert "mod-active" in button.get_attribute("class")
    assert_chart(img)


def drag_the_wall(lesson: LessonPage, i: int, ui: dict) -> float:
    """Drag the "axis start" slider's handle to about two thirds of its track with the
    mouse; the sentence must give the slider's new value and the kit's ratio for it."""
    page, cell = lesson.page, lesson.cell(i)
    cell.scroll_into_view_if_needed()
    assert said(cell, ui["wall"]).groups() == ("0", expected_looks(0))
    before = lesson.wait_for_image(i).get_attribute("src")
    track = cell.locator(".noUi-target").first.bounding_box()
    handle = cell.locator(".noUi-handle").first.bounding_box()
    assert track and handle
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] * 0.66, handle["y"] + handle["height"] / 2,
                    steps=12)
    page.mouse.up()

    def settled() -> bool:
        shown = float(cell.locator(".widget-readout").first.inner_text())
        start, looks = said(cell, ui["wall"]).groups()
        return float(start) == shown and looks == expected_looks(shown)

    wait_until(settled, "the sentence does not match the slider")
    start = float(said(cell, ui["wall"])[1])
    assert 60 < start < 120, start  # two thirds of 0 … 138.5, give or take the handle
    img = lesson.wait_for_image(i)
    assert img.get_attribute("src") != before
    assert ui["alt"].format(start) in img.get_attribute("alt"), img.get_attribute("alt")
    return start


# ------------------------------------------------------------------ the tests
def test_the_tofu_check_sees_boxes_without_a_cjk_font(tmp_path):
    """The glyph check is worth trusting: in a Chromium that can only find matplotlib's
    DejaVu fonts (no CJK), the title's characters come out as the same box."""
    tofu_title = "这是真的吗？当个真假小侦探"
    need_browser()
    import matplotlib
    from playwright.sync_api import sync_playwright

    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<?xml version='1.0'?><fontconfig><dir>{fonts}</dir>"
                    f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>", "utf-8")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=["--no-sandbox", "--disable-dev-shm-usage"],
                                     env={**os.environ, "FONTCONFIG_FILE": str(conf)})
        try:
            page = browser.new_page()
            page.set_content(f"<h1>{tofu_title}</h1>")
            got = page.locator("h1").evaluate(GLYPHS)
        finally:
            browser.close()
    assert got["chars"] == len(set(tofu_title)) and got["distinct"] < 4, got


@pytest.mark.parametrize("lang", ["zh", "en"], ids=["zh", "en"])
def test_pupil_runs_a_lesson_in_the_browser(tmp_path, lang):
    """Run All from the menu in a JupyterLab in the lesson's language, then: no error box,
    real charts, the title in real glyphs, and a click and a drag that redraw the chart
    and say the right numbers; screenshots of the title, the chart and the used widget."""
    need_browser()
    if lang == "zh":
        need_cjk_font()
    ui = UI[lang]
    views = build_views(lang, tmp_path / "views")
    nb = nbformat.read(views / LESSON, 4)
    first_chart = cell_index(nb, "draw_milk_chart(AD_AXIS_START)")
    toggle = cell_index(nb, "axis_toggle = widgets.ToggleButtons")
    slider = cell_index(nb, "wall_slider = widgets.FloatSlider")

    with jupyter_lab(views, lang) as (base, token), chromium_page(ui["locale"]) as page:
        page_errors: list[str] = []
        page.on("pageerror", lambda e: page_errors.append(str(e)))
        page.goto(f"{base}/lab/tree/{LESSON}?token={token}")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']",
                               timeout=120_000)
        lesson = LessonPage(page, nb)
        lesson.run_all_from_menu(ui)

        look = assert_chart(lesson.wait_for_image(first_chart))
        assert ui["alt"].format(AD_AXIS_START) in look["alt"], look["alt"]
        for i in (toggle, slider):  # the widgets drew their first chart too
            assert_chart(lesson.wait_for_image(i))
        page.wait_for_timeout(500)  # let late widget renders land before looking for errors
        assert lesson.error_outputs() == []
        assert_title_glyphs(page, nb)

        shots = [shoot(lesson.scroll_to_title(), f"{lang}-title")]
        lesson.cell(first_chart).scroll_into_view_if_needed()
        outputs = ".jp-Cell-outputArea"  # the cell's own outputs, not a widget's inner one
        shots.append(shoot(lesson.cell(first_chart).locator(outputs), f"{lang}-chart"))

        click_honest_axis(lesson, toggle, ui)
        shots.append(shoot(lesson.cell(toggle).locator(outputs), f"{lang}-widget"))
        drag_the_wall(lesson, slider, ui)

        assert lesson.error_outputs() == []
        assert page.console_errors == [] and page_errors == [], (page.console_errors,
                                                                   page_errors)
    for shot in shots:
        assert_picture(shot)
