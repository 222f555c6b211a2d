"""Settings of the fault handling, read without importing Rasa (so a bad value is refused before Rasa loads)."""

from __future__ import annotations

import os
from collections.abc import Mapping

DEFAULT_ACTION_TIMEOUT = 10.0


def action_timeout(env: Mapping[str, str] = os.environ) -> float:
    """Seconds a call to the action server may take (`SENCO_ACTION_TIMEOUT`, default 10)."""
    value = (env.get("SENCO_ACTION_TIMEOUT") or "").strip()
    if not value:
        return DEFAULT_ACTION_TIMEOUT
    try:
        seconds = float(value)
    except ValueError:
        raise ValueError(f"SENCO_ACTION_TIMEOUT must be a number of seconds, not {value!r}") from None
    if seconds <= 0:
        raise ValueError(f"SENCO_ACTION_TIMEOUT must be more than 0 seconds, not {value!r}")
    return seconds
