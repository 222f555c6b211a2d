"""Buttons that let a person pick which of their answers to change (one place, used by several actions)."""

from __future__ import annotations

from collections.abc import Iterable

from rasa_sdk.types import DomainDict

from rules_engine.render import fact_name

from .slots import CHANGE_ENTITY
from .wording import response_text


def change_buttons(domain: DomainDict, keys: Iterable[str]) -> list[dict[str, str]]:
    """One button per fact: its payload clears that fact and asks its question again (its title is in the domain)."""
    return [
        {
            "title": response_text(domain, "utter_senco_change_button", {"question": fact_name(key)}),
            "payload": f'/correct{{"{CHANGE_ENTITY}":"{key}"}}',
        }
        for key in keys
    ]
