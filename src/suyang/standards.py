"""The frameworks the kit maps to: literacy keys, curriculum-standard codes and levels.

Kept as data (``standards.yaml``) so the schema, lint, catalogue and reports all join on
the same codes.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml


@cache
def registry() -> dict[str, Any]:
    """The whole standards file, parsed once."""
    text = resources.files("suyang").joinpath("standards.yaml").read_text("utf-8")
    return yaml.safe_load(text)


def literacy_keys() -> list[str]:
    """The nine literacy dimensions, in the Action Outline's order."""
    return list(registry()["literacy"])


def codes() -> dict[str, dict[str, str]]:
    """Every known curriculum-standard code with its zh/en name."""
    return registry()["codes"]


def levels() -> dict[str, dict[str, Any]]:
    """The five levels (folder names) with their names and grades."""
    return registry()["levels"]


def framework_of(code: str) -> str:
    """'CN-CS2022-S4-ai' -> 'CN-CS2022'; 'DigComp-1.2' -> 'DigComp'."""
    for name in registry()["frameworks"]:
        if code.startswith(name + "-"):
            return name
    return ""


def is_school_code(code: str) -> bool:
    """True for codes of the national school curriculum standards."""
    fw = framework_of(code)
    return bool(fw) and registry()["frameworks"][fw]["school"]
