"""Rasa NLU components wrapping the pure parsers: dates (with the fact each is about) and stated facts.

Rule-based on purpose: a deadline must never hang on a statistical guess of a date or a setting, and these
extractors need no training data or downloaded model (a blank English spaCy pipeline built in code).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rules_engine.clock import current_day

from .dates import find_dates
from .dates.roles import date_role
from .facts import extract_facts

INVALID_DATE = "invalid_date"
_WARM_UP = "I became SENCO at our academy on 6/1/25 and haven't done the NASENCO"


def date_entities(text: str) -> list[dict[str, Any]]:
    """Entities for every date in `text`, resolved against today (SENCO_TODAY when set)."""
    entities = []
    for match in find_dates(text, current_day()):
        role = date_role(text, match.start, match.end)
        entity: dict[str, Any] = {"start": match.start, "end": match.end, "confidence": 1.0}
        if match.value is None:
            entity |= {
                "entity": INVALID_DATE,
                "value": match.text,
                "additional_info": {"error": match.error, "role": role},
            }
        else:
            entity |= {
                "entity": role,
                "value": match.value.iso(),
                "additional_info": {
                    "text": match.text,
                    "assumption": match.assumption,
                    "precision": match.value.precision,
                },
            }
        entities.append(entity)
    return entities


def fact_entities(text: str) -> list[dict[str, Any]]:
    return [
        {
            "entity": f.key,
            "value": f.value,
            "start": f.start,
            "end": f.end,
            "confidence": 1.0,
            "additional_info": {"text": f.text},
        }
        for f in extract_facts(text)
    ]


class _RuleExtractor(GraphComponent, EntityExtractorMixin):
    """Shared plumbing: no training, no persisted state; adds entities to each message."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> _RuleExtractor:
        extractor = cls()
        # Build the pipelines now: a broken vocabulary fails training or start-up, not a teacher's message,
        # and the first message is not slowed by the build.
        extractor.extract(_WARM_UP)
        return extractor

    def extract(self, text: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT)
            if not text or text.startswith("/"):
                continue  # button payloads carry their own entities
            found = self.add_extractor_name(self.extract(text))
            message.set(ENTITIES, message.get(ENTITIES, []) + found, add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class SencoDateExtractor(_RuleExtractor):
    """Finds dates the way English teachers write them and says which fact each one is about."""

    def extract(self, text: str) -> list[dict[str, Any]]:
        return date_entities(text)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class SencoFactExtractor(_RuleExtractor):
    """Finds the setting, role, teacher status, qualification progress and earlier SENCO service."""

    def extract(self, text: str) -> list[dict[str, Any]]:
        return fact_entities(text)
