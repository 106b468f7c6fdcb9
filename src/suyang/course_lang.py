"""The language a course speaks: its ``.suyang/course.json``, else SUYANG_LANG."""

from __future__ import annotations

import json
from pathlib import Path

from . import i18n


def course_lang(course: Path) -> str:
    settings = Path(course) / ".suyang" / "course.json"
    if settings.is_file():
        try:
            lang = json.loads(settings.read_text("utf-8")).get("lang")
            if lang:
                return i18n.normalise_lang(lang)
        except (ValueError, OSError):
            pass
    return i18n.get_lang()
