"""Buttons that let a person pick which of their answers to change (one place, used by several actions)."""

from __future__ import annotations

from collections.abc import Iterable

from rules_engine.render import fact_name

from .slots import CHANGE_ENTITY


def change_buttons(keys: Iterable[str]) -> list[dict[str, str]]:
    """One button per fact: its payload clears that fact and asks its question again."""
    return [{"title": f"Change: {fact_name(key)}", "payload": f'/correct{{"{CHANGE_ENTITY}":"{key}"}}'} for key in keys]
