"""Run a kit notebook's language view in a real kernel, for tests.

``run_view`` renders one language view of a source notebook into a temporary folder
(as ``suyang build`` does), executes it with nbclient in the notebook's own folder, then
runs any extra code in the same kernel, so a test can drive the lesson's widgets and
read what the lesson computed.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

from suyang.build import build_one
from suyang.notebooks import NotebookRef

ROOT = Path(__file__).resolve().parents[1]
GLYPH_WARNING = "missing from font"
# Run first in the kernel: every traceback IPython shows is also recorded, including those
# raised inside widget callbacks, which land in an Output widget and not in cell outputs.
RECORD_ERRORS = """
import sys as _sys
__suyang_errors__ = []
_ip = get_ipython()
_shown = _ip.showtraceback
def _record(*args, **kwargs):
    __suyang_errors__.append(repr(_sys.exc_info()[1]))
    return _shown(*args, **kwargs)
_ip.showtraceback = _record
"""
REPORT_ERRORS = "import json as _json\nprint(_json.dumps(__suyang_errors__))"


@dataclass
class Run:
    nb: nbformat.NotebookNode
    extra: list[nbformat.NotebookNode] = field(default_factory=list)
    callback_errors: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        out = []
        for cell in [*self.nb.cells, *self.extra]:
            for o in cell.get("outputs", []):
                if o.get("output_type") == "error":
                    out.append(f"{o.get('ename')}: {o.get('evalue')}")
        return out

    def stderr(self) -> str:
        return "".join(o.get("text", "") for cell in [*self.nb.cells, *self.extra]
                       for o in cell.get("outputs", [])
                       if o.get("output_type") == "stream" and o.get("name") == "stderr")

    def value(self, index: int) -> Any:
        """The JSON value printed by extra cell ``index`` (it must print json.dumps(...))."""
        text = "".join(o.get("text", "") for o in self.extra[index].outputs
                       if o.get("output_type") == "stream" and o.get("name") == "stdout")
        return json.loads(text.strip().splitlines()[-1])

    def texts(self) -> str:
        """Every text/plain, markdown and HTML output, joined (to search for messages)."""
        parts = []
        for cell in [*self.nb.cells, *self.extra]:
            for o in cell.get("outputs", []):
                if o.get("output_type") == "stream":
                    parts.append(o.get("text", ""))
                for mime in ("text/plain", "text/markdown", "text/html"):
                    parts.append(str(o.get("data", {}).get(mime, "")))
        return "\n".join(parts)


def run_view(source: Path, lang: str, tmp: Path, extra: list[str] | None = None,
             timeout: int = 120) -> Run:
    """Render ``source`` (a path relative to the kit root) in ``lang`` and execute it."""
    rel = source.relative_to(ROOT) if source.is_absolute() else source
    out = tmp / lang
    if out.exists():
        shutil.rmtree(out)
    view = build_one(NotebookRef(ROOT, rel), lang, out)
    nb = nbformat.read(view, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                            resources={"metadata": {"path": str(view.parent)}},
                            allow_errors=True)
    lesson_cells = list(nb.cells)
    nb.cells = [nbformat.v4.new_code_cell(RECORD_ERRORS), *lesson_cells,
                *(nbformat.v4.new_code_cell(code) for code in [*(extra or []), REPORT_ERRORS])]
    with client.setup_kernel():
        for index, cell in enumerate(nb.cells):
            client.execute_cell(cell, index)
    extra_cells = nb.cells[1 + len(lesson_cells):]
    nb.cells = nb.cells[1:1 + len(lesson_cells)]
    run = Run(nb, extra_cells[:-1])
    run.callback_errors = json.loads(
        "".join(o.get("text", "") for o in extra_cells[-1].outputs
                if o.get("name") == "stdout").strip() or "[]")
    return run
