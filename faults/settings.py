"""Settings of the fault handling, read without importing Rasa (so a bad value is refused before Rasa loads)."""

from __future__ import annotations

import os
from collections.abc import Mapping

from stores.config import positive_seconds

DEFAULT_ACTION_TIMEOUT = 10.0


def action_timeout(env: Mapping[str, str] = os.environ) -> float:
    """Seconds a call to the action server may take (`SENCO_ACTION_TIMEOUT`, default 10)."""
    return positive_seconds(env, "SENCO_ACTION_TIMEOUT", DEFAULT_ACTION_TIMEOUT)
