"""The message catalogue: both languages complete, and the language chosen as documented."""

from __future__ import annotations

import string

import pytest

from suyang import i18n


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_language_has_every_key_with_the_same_placeholders():
    base = i18n.catalogue("zh")
    for lang in i18n.languages():
        cat = i18n.catalogue(lang)
        assert set(cat) == set(base), f"{lang}: {set(cat) ^ set(base)}"
        for key, text in cat.items():
            assert text.strip(), f"{lang}:{key} is empty"
            assert _fields(text) == _fields(base[key]), f"{lang}:{key} placeholders differ"


def test_language_precedence(monkeypatch):
    monkeypatch.setenv("SUYANG_LANG", "en")
    i18n.set_lang(None)
    assert i18n.get_lang() == "en"
    assert i18n.t("check.correct") == "Correct!"
    i18n.set_lang("zh_CN")
    assert i18n.get_lang() == "zh"
    assert i18n.t("check.correct") == "答对了！"
    monkeypatch.delenv("SUYANG_LANG")
    i18n.set_lang(None)
    assert i18n.get_lang() == "zh"  # the default


def test_unknown_language_is_a_clear_error():
    with pytest.raises(ValueError, match="zh, en"):
        i18n.normalise_lang("fr")


def test_pick_and_tr_follow_the_language():
    assert i18n.tr("en", zh="气温", en="Temperature") == "Temperature"
    assert i18n.pick({"zh": "周四", "en": "Thu"}, "zh") == "周四"
    assert i18n.pick(42, "en") == 42
    assert i18n.pick({"zh": "只有中文"}, "en") == "只有中文"  # falls back, never crashes


def test_missing_key_falls_back_to_the_key():
    assert i18n.t("no.such.key", "en") == "no.such.key"
    assert i18n.t("grade.undefined", "en", name="x").startswith("No variable called `x`")
