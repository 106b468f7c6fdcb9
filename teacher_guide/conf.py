"""Sphinx configuration of the teacher guide (both language trees use it).

`python -m suyang.guide` (or `make guide`) generates the source trees and runs Sphinx
with warnings as errors and `-D language=…`; nothing here needs the network.
"""

project = "素养 Suyang"
author = "Suyang"
copyright = "Suyang contributors"
extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
myst_enable_extensions = ["colon_fence", "deflist"]
myst_heading_anchors = 3
html_theme = "furo"
html_static_path: list[str] = []
html_show_sourcelink = False
html_copy_source = False
exclude_patterns = ["_build"]
suppress_warnings: list[str] = []
html_favicon = "_static/favicon.png"
