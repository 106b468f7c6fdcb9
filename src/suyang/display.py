"""Notebook styling: the large-print, high-contrast mode used in seniors' lessons."""

from __future__ import annotations

LARGE_PRINT_SCALE = 1.6
# Black on white (21:1) and a dark blue for links (#0b3d91 on white, 10.4:1): both far
# above WCAG AA's 4.5:1 for body text.
# Text in markdown and outputs is scaled by LARGE_PRINT_SCALE (em: these are never nested).
# Widgets nest (a box in a box in an Output), so em would compound at every level: their
# text gets one size computed from the page's base size instead, and they grow to fit it
# (buttons wrap rather than cut a label to "…", radio rows and tick boxes get taller).
_WIDGET_TEXT = f"calc(var(--jp-content-font-size1, 14px) * {LARGE_PRINT_SCALE})"
LARGE_PRINT_CSS = f"""
<style id="suyang-large-print">
.jp-RenderedMarkdown, .jp-RenderedHTMLCommon, .jp-OutputArea-output pre {{
  font-size: {LARGE_PRINT_SCALE}em !important; line-height: 1.5 !important;
  color: #000000 !important; background: #ffffff !important;
}}
.jp-RenderedHTMLCommon table {{ font-size: inherit !important; }}
.jp-RenderedHTMLCommon a {{ color: #0b3d91 !important; text-decoration: underline; }}
.widget-label, .widget-label-basic, .widget-radio-box label, .widget-checkbox,
.widget-html-content, .widget-dropdown select, .widget-readout, .widget-text input,
.widget-textarea textarea, .jupyter-button {{
  font-size: {_WIDGET_TEXT} !important; line-height: 1.45 !important;
}}
.widget-label, .widget-label-basic, .widget-radio-box label {{ color: #000000 !important; }}
.jupyter-button {{ height: auto !important; min-height: 2.2em; padding: 0.3em 0.9em !important;
  white-space: normal !important; }}
.jupyter-widgets.jupyter-button.widget-button,
.jupyter-widgets.jupyter-button.widget-toggle-button {{ width: auto; max-width: 100%; }}
.widget-radio-box, .widget-radio-box label, .widget-checkbox, .widget-checkbox label,
.widget-dropdown, .widget-dropdown select, .widget-inline-hbox, .widget-label {{
  height: auto !important; }}
.widget-radio, .widget-radio-box {{ max-width: 100%; }}
.widget-radio-box label {{ padding: 0.15em 0; white-space: normal !important;
  overflow: visible !important; display: flex !important; align-items: flex-start; }}
.widget-radio-box label input {{ order: -1; flex: none; margin-top: 0.2em !important; }}
.widget-vbox > .jupyter-button.widget-button {{ align-self: flex-start; }}
.widget-radio-box input, .widget-checkbox input {{ width: 1em; height: 1em; }}
/* ipywidgets' coloured buttons carry white text on light colours (2.2-3.1:1): darker
   shades of the same colours keep it above 5:1 */
.jupyter-button.mod-primary {{ background-color: #0b5cad !important; }}
.jupyter-button.mod-success {{ background-color: #1e7b34 !important; }}
.jupyter-button.mod-info {{ background-color: #00707f !important; }}
.jupyter-button.mod-warning {{ background-color: #a14f00 !important; }}
.jupyter-button.mod-danger {{ background-color: #b3261e !important; }}
</style>
"""


def large_print_css() -> None:
    """Inject the large-print stylesheet into the notebook page."""
    from IPython.display import HTML, display

    display(HTML(LARGE_PRINT_CSS))
