"""`RuntimeTuning`: the first component of the NLU pipeline, which installs the runtime patches when a Rasa
process builds the model's graph (training, `rasa run`, each Sanic worker and replica). It adds nothing to a
message, has no training and stores nothing, so the model itself is unchanged by it."""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from senco_runtime import action_validation, model_loading, sqlite_tuning


def install_all() -> None:
    action_validation.install()
    model_loading.install()
    sqlite_tuning.install()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class RuntimeTuning(GraphComponent):
    """Installs the patches of senco_runtime (see each module for what and why) when the graph is built."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> RuntimeTuning:
        install_all()
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
