"""What "today" is, for callers (the engine itself never reads the clock: `today` is always passed in)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .dates import parse_iso_day

LONDON = ZoneInfo("Europe/London")


def london_today() -> date:
    """Today's date in England (a UTC server would otherwise be a day out between 00:00 and 01:00 BST)."""
    return datetime.now(LONDON).date()


def current_day(env: Mapping[str, str] | None = None) -> date:
    """`SENCO_TODAY` (YYYY-MM-DD) when set, so a whole deployment or test run can pin the date; else London's."""
    pinned = (os.environ if env is None else env).get("SENCO_TODAY", "").strip()
    return parse_iso_day(pinned, "SENCO_TODAY") if pinned else london_today()
