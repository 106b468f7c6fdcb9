"""One message catalogue for everything the kit says to a learner or a teacher.

Messages live in ``locales/<lang>.yaml`` (data, not code), so adding a language means
adding a catalogue file and tagged notebook cells, with no change here. The language is
chosen, in order, by an explicit :func:`set_lang` (the notebook's setup cell calls it),
the ``SUYANG_LANG`` environment variable, and finally the default, Chinese.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

DEFAULT_LANG = "zh"
_current: str | None = None


@cache
def languages() -> tuple[str, ...]:
    """The languages the kit speaks: one per catalogue file, default first."""
    names = sorted(
        p.name.removesuffix(".yaml")
        for p in resources.files("suyang.locales").iterdir()
        if p.name.endswith(".yaml") and "." not in p.name.removesuffix(".yaml")
    )
    names.remove(DEFAULT_LANG)
    return (DEFAULT_LANG, *names)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The messages of one language, as a flat key -> template mapping.

    ``<lang>.yaml`` holds the core messages; ``<lang>.<part>.yaml`` files (one per tool,
    e.g. ``zh.collect.yaml``) are merged in, so each module keeps its own messages.
    """
    folder = resources.files("suyang.locales")
    messages: dict[str, str] = {}
    parts = sorted(p.name for p in folder.iterdir()
                   if p.name.startswith(f"{lang}.") and p.name.endswith(".yaml"))
    for name in parts:
        messages.update(yaml.safe_load(folder.joinpath(name).read_text("utf-8")) or {})
    return messages


def normalise_lang(lang: str | None) -> str:
    """Map 'zh_CN', 'zh-cn', 'EN' … onto a catalogue language, or raise a clear error."""
    if not lang:
        return DEFAULT_LANG
    short = lang.strip().lower().replace("_", "-").split("-")[0]
    if short not in languages():
        known = ", ".join(languages())
        raise ValueError(f"unknown language {lang!r}; the kit speaks: {known}")
    return short


def get_lang() -> str:
    """The language in force: set_lang(), else SUYANG_LANG, else the default."""
    if _current:
        return _current
    return normalise_lang(os.environ.get("SUYANG_LANG"))


def set_lang(lang: str | None) -> str:
    """Choose the language for this process (a notebook's kernel); returns it."""
    global _current
    _current = normalise_lang(lang) if lang else None
    return get_lang()


def has(key: str, lang: str | None = None) -> bool:
    """Is there a message ``key`` (in ``lang`` or the default language)?"""
    lang = normalise_lang(lang) if lang else get_lang()
    return key in catalogue(lang) or key in catalogue(DEFAULT_LANG)


def t(key: str, lang: str | None = None, **values: Any) -> str:
    """Translate a message key, filling ``{placeholders}`` from ``values``.

    A key missing from a language falls back to the default language, then to the key
    itself, so a gap in a catalogue never crashes a learner's notebook.
    """
    lang = normalise_lang(lang) if lang else get_lang()
    template = catalogue(lang).get(key) or catalogue(DEFAULT_LANG).get(key) or key
    try:
        return template.format(**values)
    except (KeyError, IndexError):
        return template


def pick(text: str | Mapping[str, Any], lang: str | None = None) -> Any:
    """Choose one language from a ``{"zh": …, "en": …}`` mapping; plain values pass through.

    Lessons and checks hold their bilingual text as such mappings.
    """
    if not isinstance(text, Mapping):
        return text
    lang = normalise_lang(lang) if lang else get_lang()
    if lang in text:
        return text[lang]
    if DEFAULT_LANG in text:
        return text[DEFAULT_LANG]
    return next(iter(text.values()))


def tr(lang: str | None = None, **texts: Any) -> Any:
    """``tr(zh="气温", en="Temperature")``: the text in the current language.

    Code cells are shared by both language views, so a chart title is written as one
    ``tr`` call rather than two cells.
    """
    return pick(texts, lang)
