"""Settings of the fault handling, read without importing Rasa (so a bad value is refused before Rasa loads)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from senco_settings import BY_NAME
from senco_settings import value as setting

DEFAULT_ACTION_TIMEOUT = float(BY_NAME["SENCO_ACTION_TIMEOUT"].default)


def action_timeout(env: Mapping[str, str] = os.environ) -> float:
    """Seconds a call to the action server may take (`SENCO_ACTION_TIMEOUT`, default 10)."""
    return float(setting("SENCO_ACTION_TIMEOUT", env))
