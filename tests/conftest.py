"""Test set-up shared by every test module."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# nbgrader shells out to `alembic` (and the tests to `jupyter`, `nbgrader`): make the
# environment's own scripts findable even when pytest is run as `.venv/bin/python -m pytest`.
_bin = str(Path(sys.executable).parent)
if _bin not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _bin + os.pathsep + os.environ.get("PATH", "")
os.environ.setdefault("PYTHONUTF8", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).parent))
