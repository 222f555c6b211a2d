"""Every environment variable the project reads, declared once (name, kind, default, meaning), checked at start.

Why one place: the settings used to be read in about ten modules, each with its own parsing and no single list,
so a typo in a value surfaced as a stack trace somewhere deep, or not at all. Now every entry point (`make run`,
`make shell`, `make cluster`, `make retention`, `make bench`) runs `python -m senco_settings check` first: a bad
value stops start-up in one line naming the variable. Modules read values through `value(name)`, which parses by
the declared kind and fills in the declared default, so each variable is parsed one way everywhere.

The README's settings table is generated from these declarations (`python -m senco_settings table`); a test
keeps the two the same.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from .kinds import KINDS, SettingsError
from .variables import VARIABLES, Variable

__all__ = ["BY_NAME", "VARIABLES", "SettingsError", "Variable", "check", "value"]

BY_NAME: dict[str, Variable] = {variable.name: variable for variable in VARIABLES}


def value(name: str, environ: Mapping[str, str] | None = None) -> Any:
    """The variable's value, parsed by its kind, or its default when unset or empty. Raises `SettingsError`
    naming the variable when the value cannot be used."""
    variable = BY_NAME[name]
    env = os.environ if environ is None else environ
    raw = (env.get(name) or "").strip()
    return KINDS[variable.kind](name, raw or variable.default)


def check(environ: Mapping[str, str] | None = None) -> list[SettingsError]:
    """Every problem with the settings as they are: each variable by its kind, then the checks that look at
    several variables together (the stores')."""
    env = os.environ if environ is None else environ
    problems = []
    for variable in VARIABLES:
        try:
            value(variable.name, env)
        except SettingsError as problem:
            problems.append(problem)
    if not problems:
        problems += _together(env)
    return problems


def _together(env: Mapping[str, str]) -> list[SettingsError]:
    """The stores' settings, which several variables decide together (stores/config.py parses them)."""
    from stores.config import StoreConfigError, lock_settings, sanic_workers, tracker_settings

    problems = []
    for read in (tracker_settings, lock_settings, sanic_workers):
        try:
            read(env)
        except StoreConfigError as problem:
            problems.append(SettingsError(str(problem).split("=", 1)[0].split(" ", 1)[0], str(problem)))
    return problems
