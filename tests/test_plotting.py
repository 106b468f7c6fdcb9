"""Charts render Chinese with a real CJK font, a colour-blind-safe palette and alt text."""

from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ft2font import FT2Font  # noqa: E402

from suyang import plotting  # noqa: E402

TITLE, XLABEL, YLABEL = "一周最高气温", "星期", "气温（°C）"


def _chinese_figure():
    plotting.configure()
    fig, ax = plt.subplots()
    ax.bar(["周一", "周二", "周三"], [12.5, 14.0, 9.5])
    ax.set_title(TITLE)
    ax.set_xlabel(XLABEL)
    ax.set_ylabel(YLABEL)
    return fig, ax


def test_chinese_text_renders_with_cjk_glyphs(tmp_path):
    fig, ax = _chinese_figure()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph would raise here
        fig.savefig(tmp_path / "chart.png")
    texts = [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.get_xticklabels()]
    for text in texts:
        path = font_manager.findfont(text.get_fontproperties(), fallback_to_default=False)
        assert path.endswith(plotting.CJK_FONT_FILE), path
        font = FT2Font(path)
        for char in text.get_text():
            if not char.isspace():
                assert font.get_char_index(ord(char)) != 0, f"no glyph for {char!r}"
    plt.close(fig)


def test_default_font_would_have_failed():
    """Guard the guard: without the kit's font, matplotlib really lacks these glyphs."""
    dejavu = FT2Font(font_manager.findfont("DejaVu Sans"))
    assert dejavu.get_char_index(ord("气")) == 0


def test_palette_and_sizes():
    plotting.configure()
    colours = [c["color"] for c in matplotlib.rcParams["axes.prop_cycle"]]
    assert colours[:7] == plotting.PALETTE[:7]
    assert matplotlib.rcParams["font.size"] == plotting.BASE_FONT_SIZE
    plotting.configure(large_print=True)
    assert matplotlib.rcParams["font.size"] >= 1.5 * plotting.BASE_FONT_SIZE
    plotting.configure()


def test_figure_html_carries_alt_text():
    fig, _ = _chinese_figure()
    html = plotting.figure_html(fig, '一周最高气温的柱形图，周二最高 "14"')
    assert 'alt="一周最高气温的柱形图，周二最高 &quot;14&quot;"' in html
    assert html.count("<img") == 1 and "data:image/png;base64," in html
    plt.close(fig)
