"""The language a course speaks: its ``.suyang/course.json``, else SUYANG_LANG."""

from __future__ import annotations

import json
from pathlib import Path

from . import i18n


def recorded_lang(course: Path) -> str | None:
    """The language ``suyang course init`` recorded for the course, if it did."""
    settings = Path(course) / ".suyang" / "course.json"
    if not settings.is_file():
        return None
    try:
        lang = json.loads(settings.read_text("utf-8")).get("lang")
    except (ValueError, OSError, AttributeError):
        return None
    return i18n.normalise_lang(lang) if lang else None


def course_lang(course: Path) -> str:
    """The course's recorded language, else the one in force (SUYANG_LANG or zh)."""
    return recorded_lang(course) or i18n.get_lang()
