"""Load DIET and ResponseSelector without compiling a training step that is run once and thrown away.

To give a model's variables their shapes before restoring the trained weights, Rasa 3.6's `RasaModel.load`
runs `fit` for one step on one example, and with the configured (graph) mode that first traces and compiles the
whole training step with autograph: about 11 s of a 17 s model load here, plus the memory of that graph. Doing
that single step eagerly creates the same variables (and optimizer slots) in a fraction of the time; the trained
weights are then restored over them exactly as before, and prediction stays compiled as configured, so the
answers do not change.
"""

from __future__ import annotations

import logging
from typing import Any

import tensorflow as tf
from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
from rasa.utils.tensorflow.model_data import RasaModelData
from rasa.utils.tensorflow.models import RasaModel

logger = logging.getLogger(__name__)
_ORIGINAL = RasaModel.__dict__["load"]


def load(
    cls: type[RasaModel],
    model_file_name: str,
    model_data_example: RasaModelData,
    predict_data_example: RasaModelData | None = None,
    finetune_mode: bool = False,
    *args: Any,
    **kwargs: Any,
) -> RasaModel:
    """`RasaModel.load` with the shape-building step run eagerly; otherwise the same steps in the same order."""
    if finetune_mode:  # training continues from here: keep Rasa's own path
        return _ORIGINAL.__func__(cls, model_file_name, model_data_example, predict_data_example, True, *args, **kwargs)
    model = cls(*args, **kwargs)
    config = kwargs.get("config", {})
    model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
    model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
    model.load_weights(model_file_name)
    # back to the configured mode before the first prediction, which traces the (compiled) prediction step
    model._run_eagerly = config.get(RUN_EAGERLY)
    if predict_data_example:
        model.run_inference(predict_data_example)
    logger.debug("Loaded %s with an eager shape-building step.", cls.__name__)
    return model


def install() -> None:
    RasaModel.load = classmethod(load)  # type: ignore[method-assign,assignment]


def installed() -> bool:
    return RasaModel.__dict__["load"].__func__ is load
