"""Conversations survive a Rasa restart, in SQLite (the default) and in the machine's real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.servers import running_assistant
from tests.services import postgres_database, stored_events

pytestmark = [pytest.mark.slow, pytest.mark.services]

FIRST = "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?"


def answer(replies: list[dict]) -> dict | None:
    found = [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]
    return next((c for c in found if c.get("type") == "senco_assessment"), None)


def converse_across_a_restart(tmp: Path, env: dict[str, str]) -> None:
    user = "restart-teacher"
    with running_assistant(tmp, env) as bot:
        assert answer(bot.say(user, FIRST)) is None
        bot.say(user, "not started")
        assert bot.tracker(user)["slots"]["requested_slot"] == "prior_senco_service_over_12_months"
    with running_assistant(tmp, env) as bot:
        slots = bot.tracker(user)["slots"]
        assert (slots["setting"], slots["npq"], slots["requested_slot"]) == (
            "academy_mainstream",
            "none",
            "prior_senco_service_over_12_months",
        )
        result = answer(bot.say(user, "no"))
        assert result is not None
        assert (result["outcome"], result["deadline"]) == ("NPQ_REQUIRED", "2029-09-01")


def test_sqlite_conversation_survives_a_restart(tmp_path: Path) -> None:
    converse_across_a_restart(tmp_path, {"SENCO_TRACKER_DB": str(tmp_path / "tracker.db")})
    assert (tmp_path / "tracker.db").stat().st_size > 0


def test_postgresql_conversation_survives_a_restart(tmp_path: Path) -> None:
    with postgres_database() as url:
        converse_across_a_restart(tmp_path, {"DB_URL": url})
        texts = [e[2].get("text") for e in stored_events(url, "restart-teacher") if e[1] == "user"]
        assert texts == [FIRST, "not started", "no"]
