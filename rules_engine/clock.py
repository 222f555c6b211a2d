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


def check_serving_day(env: Mapping[str, str] | None = None) -> date:
    """The day a server would answer for, refused at start-up when the rules data has no law in force on it (for
    example `SENCO_TODAY` before 1 September 2024): better one clear line then than a failed answer per message."""
    from .rules_data import RULEBOOK  # loaded only here: `current_day` stays free of the rules data

    day = current_day(env)
    RULEBOOK.law_on(day)
    return day


if __name__ == "__main__":
    import sys

    from .errors import FactsError

    try:
        check_serving_day()
    except FactsError as error:
        sys.exit(f"error: SENCO_TODAY={os.environ.get('SENCO_TODAY', '')!r}: {error.message}")
