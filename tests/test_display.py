"""The large-print, high-contrast mode (seniors' lessons): sizes and contrast computed on
a rendered chart and on the notebook stylesheet, against WCAG 2.1 AA."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402

from suyang import display, plotting  # noqa: E402

AA_TEXT, AA_GRAPHICS = 4.5, 3.0


def luminance(colour: str) -> float:
    """WCAG relative luminance of a colour."""
    rgb = [int(to_hex(colour)[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_formula_matches_known_values():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


def _chart(large: bool):
    plotting.configure(large_print=large)
    fig, ax = plt.subplots()
    for i in range(len(plotting.LARGE_PRINT_PALETTE)):
        ax.plot([0, 1, 2], [i, i + 1, i + 0.5])
    ax.set_title("每天走的步数")
    ax.set_xlabel("日期")
    ax.set_ylabel("步数")
    fig.canvas.draw()
    texts = {"title": ax.title, "xlabel": ax.xaxis.label, "ylabel": ax.yaxis.label,
             "tick": ax.get_xticklabels()[0]}
    sizes = {k: t.get_fontsize() for k, t in texts.items()}
    return fig, ax, texts, sizes


def test_large_print_chart_is_at_least_one_and_a_half_times_larger_and_high_contrast():
    fig_normal, _, _, normal = _chart(False)
    fig, ax, texts, large = _chart(True)
    try:
        for key in normal:
            assert large[key] >= 1.5 * normal[key], (key, normal[key], large[key])
        assert large["tick"] >= 16  # readable from arm's length on a projected screen
        background = to_hex(fig.get_facecolor())
        for key, text in texts.items():
            assert contrast(to_hex(text.get_color()), background) >= AA_TEXT, key
        for line in ax.get_lines():
            assert contrast(to_hex(line.get_color()), background) >= AA_GRAPHICS, \
                line.get_color()
        assert ax.get_lines()[0].get_linewidth() >= 3
    finally:
        plt.close(fig)
        plt.close(fig_normal)
        plotting.configure()


def test_large_print_stylesheet_scales_text_and_keeps_aa_contrast():
    css = display.LARGE_PRINT_CSS
    sizes = [float(x) for x in re.findall(r"font-size:\s*([\d.]+)em", css)]
    assert sizes and min(sizes) >= 1.4 and display.LARGE_PRINT_SCALE >= 1.5
    colours = re.findall(r"(?<!-)color:\s*(#[0-9a-fA-F]{6})", css)
    backgrounds = re.findall(r"background:\s*(#[0-9a-fA-F]{6})", css)
    assert colours and backgrounds
    for colour in colours:
        for background in backgrounds:
            assert contrast(colour, background) >= AA_TEXT, (colour, background)
