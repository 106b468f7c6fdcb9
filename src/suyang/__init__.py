"""Suyang (素养): a bilingual Jupyter teaching kit for data and computational thinking.

In a notebook, the first code cell calls :func:`setup` with the view's language; it
sets the language of every message, makes charts render Chinese, loads the lesson's
declared checks (``checks.yaml`` beside the notebook), and makes every error a calm box in
the learner's language instead of a Python traceback (:mod:`suyang.errors`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .i18n import get_lang, set_lang, t, tr

__all__ = ["setup", "get_lang", "set_lang", "t", "tr", "__version__"]
__version__ = "0.1.0"


def setup(lang: str | None = None, *, large_print: bool = False,
          checks: str | Path | None = "checks.yaml", level: str | None = None) -> str:
    """Prepare a notebook's kernel: language, charts, the lesson's checks, and errors.

    ``level`` (primary, middle, high, vocational, seniors) decides whether Python's folded
    traceback stays below an error's plain sentence (middle school up) or not (primary,
    seniors); by default it is read from the notebook's own metadata.
    Returns the language in force, so the setup cell shows which one it is.
    """
    from . import check, errors, plotting

    chosen = set_lang(lang)
    if not errors._grading():  # graders see the kernel as they always did
        errors.install(errors.detect_level(level, large_print=large_print))
    plotting.configure(large_print=large_print)
    if large_print:
        from .display import large_print_css

        large_print_css()
    if checks and Path(checks).is_file():
        check.load(checks)
    return chosen


def _in_kernel() -> bool:
    return "ipykernel" in sys.modules and "IPython" in sys.modules


if _in_kernel():  # charts speak Chinese as soon as the kit is imported in a notebook
    try:
        from . import plotting as _plotting

        _plotting.configure()
    except Exception:  # never break a learner's import; setup() reports problems
        pass
