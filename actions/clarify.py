"""Asking which reading was meant, when the teacher's words allow more than one ("three years ago this January":
January 2023 or January 2024?), offering the readings as buttons. Typing an answer works too (the form reads it)."""

from __future__ import annotations

import json

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from rules_engine.render import fact_name

from .slots import ASSUMABLE_WHEN_UNKNOWN, UNCLEAR


def choice_buttons(key: str, choices: list[dict]) -> list[dict[str, str]]:
    """One button per reading; each payload sets the fact, as the form's own question buttons do."""
    buttons = [
        {"title": choice["label"], "payload": f"/inform{json.dumps({key: choice['value']}, separators=(',', ':'))}"}
        for choice in choices
    ]
    if key in ASSUMABLE_WHEN_UNKNOWN:
        buttons.append({"title": "Not sure", "payload": "/dont_know"})
    return buttons


class ActionAskSencoClarify(Action):
    """Asked by the form (requested slot `senco_clarify`) while a fact in `senco_unclear` waits to be settled."""

    def name(self) -> str:
        return "action_ask_senco_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        pending = tracker.get_slot(UNCLEAR) or []
        if not pending:
            return []
        item = pending[0]
        values = {"words": item.get("text") or "", "question": fact_name(item["key"])}
        if item.get("choices"):
            buttons = choice_buttons(item["key"], item["choices"])
            dispatcher.utter_message(response="utter_ask_senco_clarify", buttons=buttons, **values)
        else:
            dispatcher.utter_message(response="utter_ask_senco_clarify_open", **values)
        return []
