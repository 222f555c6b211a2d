"""The form base class is reusable: a second, unrelated form is built on it unchanged, with its own names and limit.

The pet form below shares nothing with the SENCO form: its own domain, required slots, failed-turns slot, limit (2,
not 3), "not understood" response and answer intents. It supplies only a name and a `FormConfig`, plus one SDK-style
`validate_<slot>` hook, and relies on the base's defaults for everything else.
"""

from __future__ import annotations

import gc
import inspect
from pathlib import Path
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

import actions.custom_forms
from actions.custom_forms import FormConfig, LimitedAttemptsForm

from .conftest import make_tracker, responses, run_action, slot_sets

PET_DOMAIN: dict[str, Any] = {
    "slots": {
        "pet_name": {"type": "text", "mappings": [{"type": "from_entity", "entity": "pet_name"}]},
        "pet_age": {"type": "float", "mappings": [{"type": "from_entity", "entity": "pet_age"}]},
        "pet_attempts": {"type": "float", "initial_value": 0, "mappings": [{"type": "custom"}]},
    },
    "forms": {"pet_form": {"required_slots": ["pet_name", "pet_age"]}},
    "responses": {
        "utter_ask_pet_name": [{"text": "What is your pet called?"}],
        "utter_ask_pet_age": [{"text": "How old is it?"}],
        "utter_pet_pardon": [{"text": "Sorry, I didn't catch that."}],
        "utter_pet_too_old": [{"text": "No pet is that old."}],
    },
}


class ValidatePetForm(LimitedAttemptsForm):
    config = FormConfig(
        failed_turns_slot="pet_attempts",
        max_failed_turns=2,
        not_understood_response="utter_pet_pardon",
        answer_intents=frozenset({"inform"}),
    )

    def name(self) -> str:
        return "validate_pet_form"

    async def validate_pet_age(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        if isinstance(value, (int, float)) and 0 <= value <= 40:
            return {"pet_age": float(value)}
        dispatcher.utter_message(response="utter_pet_too_old")
        return {"pet_age": None}


FORM = ValidatePetForm()


def pet_turn(**kwargs: Any) -> tuple[dict[str, Any], list[str]]:
    events, messages = run_action(FORM, make_tracker(domain=PET_DOMAIN, form="pet_form", **kwargs), PET_DOMAIN)
    return slot_sets(events), responses(messages)


def test_the_second_form_asks_its_own_required_slots_in_order() -> None:
    sets, said = pet_turn()
    assert sets == {"pet_attempts": 0.0, "requested_slot": "pet_name"}
    assert said == []
    sets, said = pet_turn(candidates={"pet_name": "Rex"}, requested="pet_name")
    assert sets == {"pet_name": "Rex", "pet_attempts": 0.0, "requested_slot": "pet_age"}
    assert said == []


def test_failed_turns_are_counted_in_its_own_slot_and_end_the_form_at_its_own_limit() -> None:
    attempts = 0.0
    for turn in range(2):
        sets, said = pet_turn(text="hmm", requested="pet_name", slots={"pet_attempts": attempts})
        attempts = sets["pet_attempts"]
        assert attempts == turn + 1
        assert said == ["utter_pet_pardon"]
        assert sets["requested_slot"] == ("pet_name" if turn == 0 else None)  # 2 failures, not the SENCO form's 3
        assert "senco_failed_turns" not in sets


def test_a_validator_that_rejects_and_says_why_needs_no_pardon_but_the_turn_still_counts() -> None:
    sets, said = pet_turn(candidates={"pet_age": 300}, requested="pet_age", slots={"pet_name": "Rex"})
    assert said == ["utter_pet_too_old"]
    assert sets == {"pet_age": None, "pet_attempts": 1.0, "requested_slot": "pet_age"}


def test_an_answer_resets_the_count_and_the_form_ends_when_every_slot_is_filled() -> None:
    sets, said = pet_turn(candidates={"pet_age": 3}, requested="pet_age", slots={"pet_name": "Rex", "pet_attempts": 1})
    assert sets == {"pet_age": 3.0, "pet_attempts": 0.0, "requested_slot": None}
    assert said == []


def test_an_intent_that_is_not_one_of_its_answers_is_left_to_the_rules() -> None:
    events, messages = run_action(
        FORM, make_tracker(intent="greet", requested="pet_name", domain=PET_DOMAIN, form="pet_form"), PET_DOMAIN
    )
    assert (events, messages) == ([], [])


def test_a_form_must_name_its_own_bookkeeping() -> None:
    class Unconfigured(LimitedAttemptsForm):
        def name(self) -> str:
            return "validate_unconfigured_form"

    with pytest.raises(TypeError, match="FormConfig"):
        Unconfigured()
    del Unconfigured
    gc.collect()  # gone from Action.__subclasses__(), so an action executor in this process never tries to load it
    with pytest.raises(ValueError, match="max_failed_turns"):
        FormConfig("attempts", 0, "utter_pardon", frozenset({"inform"}))


def test_the_base_class_holds_nothing_of_this_assistant() -> None:
    """Abstract, so the action server never registers it; and no slot, response or module of the SENCO assistant."""
    assert inspect.isabstract(LimitedAttemptsForm)
    source = Path(inspect.getfile(actions.custom_forms)).read_text(encoding="utf-8")
    assert "senco" not in source.lower()
    assert '"utter_' not in source  # no response name (its response comes from the subclass's config)
    assert "from ." not in source  # imports only rasa-sdk and the standard library
