"""The kit's offline data sets and their provenance cards.

Every data set ships inside the package as ``datasets/<name>.csv`` with a card
``datasets/<name>.card.yaml`` (source, licence, columns with units, simulated or real,
and for simulated data the generating script and seed). Nothing is fetched at run time,
so a lesson works the same in a computer room with no internet.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import pandas as pd
import yaml

from . import i18n

CARD_FIELDS = ("name", "title", "description", "simulated", "source", "licence", "columns", "rows")
SIMULATED_FIELDS = ("script", "seed")


def _folder():
    return resources.files("suyang.datasets")


def names() -> list[str]:
    """Every data set the kit ships, by name."""
    return sorted(p.name.removesuffix(".card.yaml") for p in _folder().iterdir()
                  if p.name.endswith(".card.yaml"))


@dataclass(frozen=True)
class Card:
    """A data set's provenance card; shows itself as a short table in a notebook."""

    data: dict[str, Any]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def label(self, column: str, lang: str | None = None) -> str:
        """The column's human name with its unit: '最高气温 (°C)'."""
        col = self.data["columns"][column]
        text = i18n.pick({k: v for k, v in col.items() if k not in ("unit", "values")}, lang)
        unit = i18n.pick(col.get("unit") or "", lang)
        return f"{text} ({unit})" if unit else text

    def _repr_markdown_(self) -> str:
        lang = i18n.get_lang()
        lines = [f"**{i18n.pick(self.data['title'], lang)}**", "",
                 i18n.pick(self.data["description"], lang), ""]
        if self.data.get("simulated"):
            lines.append(i18n.t("data.simulated", lang, script=self.data["script"],
                                seed=self.data["seed"]))
        lines += [i18n.t("data.source", lang, source=i18n.pick(self.data["source"], lang),
                         licence=self.data["licence"]), "",
                  f"| {i18n.t('data.column', lang)} | {i18n.t('data.meaning', lang)} |"
                  f" {i18n.t('data.unit', lang)} |", "|---|---|---|"]
        for name, col in self.data["columns"].items():
            meaning = i18n.pick({k: v for k, v in col.items() if k not in ("unit", "values")},
                                lang)
            lines.append(f"| `{name}` | {meaning} | {i18n.pick(col.get('unit') or '', lang)} |")
        return "\n".join(lines)


@cache
def _card_data(name: str) -> dict[str, Any]:
    path = _folder().joinpath(f"{name}.card.yaml")
    if not path.is_file():
        known = ", ".join(names())
        raise KeyError(i18n.t("data.unknown", name=name, known=known))
    return yaml.safe_load(path.read_text("utf-8"))


def card(name: str) -> Card:
    """The provenance card of data set ``name``."""
    return Card(_card_data(name))


@cache
def _raw(name: str) -> pd.DataFrame:
    _card_data(name)  # a clear error for unknown names
    with resources.as_file(_folder().joinpath(f"{name}.csv")) as path:
        return pd.read_csv(path)


def load(name: str, translate: bool = True, lang: str | None = None) -> pd.DataFrame:
    """A fresh copy of data set ``name`` as a DataFrame.

    Column names are English identifiers (code is shared by both language views); with
    ``translate`` the category values a learner reads (weekdays, dishes …) are shown in
    the current language, as the card's ``values`` tables say.
    """
    df = _raw(name).copy()
    if translate:
        for column, spec in _card_data(name)["columns"].items():
            values = spec.get("values")
            if values and column in df:
                df[column] = df[column].map(lambda v, vs=values: i18n.pick(vs[v], lang)
                                            if v in vs else v)
    return df


def value_label(name: str, column: str, code: str, lang: str | None = None) -> str:
    """The learner-facing label of one category code ('braised_pork' -> '红烧肉')."""
    values = _card_data(name)["columns"][column].get("values", {})
    return i18n.pick(values[code], lang) if code in values else code


def card_problems(name: str) -> list[str]:
    """What is missing or inconsistent in a card (used by lint and tests)."""
    problems: list[str] = []
    try:
        data = _card_data(name)
    except KeyError as err:
        return [str(err)]
    for field in CARD_FIELDS:
        if field not in data:
            problems.append(i18n.t("data.card_missing", field=field))
    if data.get("simulated"):
        for field in SIMULATED_FIELDS:
            if field not in data:
                problems.append(i18n.t("data.card_missing", field=field))
        title = i18n.pick(data.get("title", {}), "zh")
        if "模拟" not in title:
            problems.append(i18n.t("data.card_unlabelled"))
    if not problems:
        columns = list(_raw(name).columns)
        if columns != list(data["columns"]):
            problems.append(i18n.t("data.card_columns", card=list(data["columns"]), csv=columns))
        if len(_raw(name)) != data["rows"]:
            problems.append(i18n.t("data.card_rows", card=data["rows"], csv=len(_raw(name))))
    return problems
