"""Deleting a conversation on request ("delete my conversation").

The action only answers and stops the form: Rasa saves the tracker after the action has run, so deleting rows
from here would be undone by that save. The erasure happens in the Rasa process, in the tracker store
(privacy/forgetting.py), which sees this action's name among the turn's events and erases instead of saving.
"""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, AllSlotsReset, EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

FORGET_ACTION = "action_senco_forget_conversation"


class ActionSencoForgetConversation(Action):
    def name(self) -> str:
        return FORGET_ACTION

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(response="utter_conversation_forgotten")
        return [ActiveLoop(None), AllSlotsReset()]
