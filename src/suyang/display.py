"""Notebook styling: the large-print, high-contrast mode used in seniors' lessons."""

from __future__ import annotations

LARGE_PRINT_SCALE = 1.6
# Black on white (21:1) and a dark blue for links (#0b3d91 on white, 10.4:1): both far
# above WCAG AA's 4.5:1 for body text.
LARGE_PRINT_CSS = f"""
<style id="suyang-large-print">
.jp-RenderedMarkdown, .jp-RenderedHTMLCommon, .widget-label, .widget-radio-box label,
.jupyter-widgets, .jp-OutputArea-output pre {{
  font-size: {LARGE_PRINT_SCALE}em !important; line-height: 1.5 !important;
  color: #000000 !important; background: #ffffff !important;
}}
.jp-RenderedHTMLCommon a {{ color: #0b3d91 !important; text-decoration: underline; }}
.jupyter-button {{ font-size: 1.4em !important; height: auto !important; padding: 0.4em 1em; }}
</style>
"""


def large_print_css() -> None:
    """Inject the large-print stylesheet into the notebook page."""
    from IPython.display import HTML, display

    display(HTML(LARGE_PRINT_CSS))
