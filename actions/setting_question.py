"""Answering "does a special school / PRU / nursery need a qualified SENCO?" from the same settings data the rules
engine decides by (`rules_engine.rules_data.SETTINGS`), so the general answer and a personal assessment can never
disagree about a kind of setting. The wording is in domain.yml; which response applies is decided here."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from rules_engine.rules_data import SETTINGS, SOURCES

ASKED_SETTING = "senco_asked_setting"
MAX_SETTINGS = 3  # a question naming more kinds than this gets the overview instead
_RESPONSE = {True: "utter_setting_covered", False: "utter_setting_not_covered", "unclear": "utter_setting_unclear"}


def setting_answer(value: str) -> tuple[str, dict[str, str]]:
    """The response that answers for one kind of setting, and its values (label, source), from the settings data."""
    setting = SETTINGS[value]
    response = _RESPONSE.get(setting.statutory, "utter_setting_outside")  # statutory None: not English law
    label = setting.label
    source = SOURCES[setting.citations[-1]].url
    return response, {"label": label, "Label": label[:1].upper() + label[1:], "source": source}


def asked_settings(entities: list[dict[str, Any]]) -> list[str]:
    return [e["value"] for e in entities if e.get("entity") == ASKED_SETTING and e.get("value") in SETTINGS]


class ActionSencoSettingAnswer(Action):
    """A general question about kinds of setting: one answer per kind named, or the overview when none is."""

    def name(self) -> str:
        return "action_senco_setting_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        asked = asked_settings(tracker.latest_message.get("entities") or [])
        if not asked or len(asked) > MAX_SETTINGS:
            dispatcher.utter_message(response="utter_setting_overview")
            return []
        for value in asked:
            response, values = setting_answer(value)
            dispatcher.utter_message(response=response, **values)
            note = f"utter_setting_note_{value}"
            if note in domain.get("responses", {}):
                dispatcher.utter_message(response=note)
        return []
