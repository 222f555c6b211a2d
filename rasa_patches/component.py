"""`RuntimeTuning`: the first component of the NLU pipeline, which installs the runtime patches when a Rasa
process builds the model's graph (training, `rasa run`, each Sanic worker and replica). It adds nothing to a
message, has no training and stores nothing, so the model itself is unchanged by it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from rasa_patches import action_validation, event_types, graph_runner, model_loading, sqlite_tuning
from senco_settings import value as setting

PATCHES = {
    "action_validation": action_validation.install,
    "model_loading": model_loading.install,
    "graph_runner": graph_runner.install,
    "sqlite_tuning": sqlite_tuning.install,
    "event_types": event_types.install,
}


def install_all(environ: Mapping[str, str] = os.environ) -> list[str]:
    """Install every patch except those named in SENCO_RUNTIME_OFF (comma-separated: to measure what each
    buys, or to rule one out when chasing a problem). Returns the names installed."""
    off = set(setting("SENCO_RUNTIME_OFF", environ))
    unknown = off - set(PATCHES)
    if unknown:
        raise ValueError(f"SENCO_RUNTIME_OFF names no patch {sorted(unknown)}; patches: {sorted(PATCHES)}")
    installed = [name for name in PATCHES if name not in off]
    for name in installed:
        PATCHES[name]()
    return installed


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class RuntimeTuning(GraphComponent):
    """Installs the patches of rasa_patches (see each module for what and why) when the graph is built."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuntimeTuning:
        from rasa_patches import install

        install()
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
