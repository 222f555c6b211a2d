"""The Rasa NLU component wrapping the pure reader (`senco_nlu.understanding`): one reading of each message gives
every entity the assistant acts on.

Rule-based on purpose: a deadline must never hang on a statistical guess of a date or a setting, and the reader needs
no training data or downloaded model (a blank English spaCy pipeline built in code).

Entities it adds, named as the assessment contract's fact keys so that slots fill from them:
- one per fact the message states (`setting`, `appointment_date`...), with the words it came from and, for a date
  that needed interpreting, how it was read (`additional_info.note`);
- `senco_unclear` for a fact the message leaves open to more than one reading (value: the fact key; the readings in
  `additional_info.choices`): the form asks about it, offering the readings as buttons;
- `invalid_date` for a date that cannot be used (the reason in `additional_info.error`);
- `date` for a date that names no fact: it answers only a date question the assistant has just asked;
- `senco_asked_setting` for each kind of setting the message names, which a question about settings asks about.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rules_engine.clock import current_day

from .routing import routed_intent
from .understanding import understood

__all__ = ["ASKED_SETTING", "GENERIC_DATE", "INVALID_DATE", "UNCLEAR", "QuestionRouter", "SencoReader", "entities"]

INVALID_DATE = "invalid_date"
GENERIC_DATE = "date"
UNCLEAR = "senco_unclear"
ASKED_SETTING = "senco_asked_setting"
_WARM_UP = "I became SENCO at our academy on 6/1/25 and haven't done the NASENCO"


def entities(text: str) -> list[dict[str, Any]]:
    """The entities for one message, resolved against today (SENCO_TODAY when set)."""
    reading = understood(text, current_day())
    found: list[dict[str, Any]] = []
    for fact in reading.facts:
        info = {"text": fact.text, "note": fact.note}
        found.append(_entity(fact.key, fact.value, fact.start, fact.end, info))
    for unclear in reading.unclear:
        choices = [{"value": choice.value, "text": choice.text, "note": choice.note} for choice in unclear.choices]
        found.append(
            _entity(UNCLEAR, unclear.key, unclear.start, unclear.end, {"text": unclear.text, "choices": choices})
        )
    for match in reading.invalid_dates:
        found.append(_entity(INVALID_DATE, match.text, match.start, match.end, {"error": match.error}))
    for match in reading.generic_dates:
        assert match.value is not None
        info = {"text": match.text, "note": match.assumption}
        found.append(_entity(GENERIC_DATE, match.value.iso(), match.start, match.end, info))
    for value in reading.asked_settings:
        found.append(_entity(ASKED_SETTING, value, 0, len(text), {}))
    return sorted(found, key=lambda entity: (entity["start"], entity["entity"]))


def _entity(name: str, value: Any, start: int, end: int, info: dict[str, Any]) -> dict[str, Any]:
    return {"entity": name, "value": value, "start": start, "end": end, "confidence": 1.0, "additional_info": info}


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class SencoReader(GraphComponent, EntityExtractorMixin):
    """Reads every fact and date a teacher states; no training, no persisted state."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> SencoReader:
        reader = cls()
        # Build the pipeline and vocabulary now: a broken vocabulary fails training or start-up, not a teacher's
        # message, and the first message is not slowed by the build.
        entities(_WARM_UP)
        return reader

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue  # button payloads carry their own entities
            found = self.add_extractor_name(entities(text))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class QuestionRouter(GraphComponent):
    """A question in general terms is answered as a question (`senco_nlu.routing`), whatever intent the classifier
    guessed: it goes after the response selector, which has already chosen its FAQ answer, and before the fallback
    classifier, which then sees the routed intent as certain."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> QuestionRouter:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            intent = (message.get(INTENT) or {}).get(INTENT_NAME_KEY)
            if not text or text.startswith("/") or intent is None:
                continue
            target = routed_intent(intent, understood(text, current_day()))
            if target is None:
                continue
            routed = {INTENT_NAME_KEY: target, "confidence": 1.0}
            # the other guesses stay listed, at no confidence: the fallback's ambiguity check compares the top two
            ranking = [
                {**r, "confidence": 0.0}
                for r in message.get(INTENT_RANKING_KEY) or []
                if r.get(INTENT_NAME_KEY) != target
            ]
            message.set(INTENT, routed, add_to_output=True)
            message.set(INTENT_RANKING_KEY, [routed, *ranking], add_to_output=True)
        return messages
