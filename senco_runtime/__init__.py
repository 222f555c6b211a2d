"""Runtime tuning for the Rasa server: patches applied by the first graph component (`RuntimeTuning`), so they
load in every Rasa process that loads the model (`rasa run`, each Sanic worker, every replica, `rasa shell`)."""

from senco_runtime.component import RuntimeTuning

__all__ = ["RuntimeTuning"]
