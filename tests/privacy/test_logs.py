"""What people type stays out of the logs: Rasa, the action server and the channels log no message text at INFO
by default, and SENCO_LOG_MESSAGE_TEXT=1 turns it on for debugging. Real servers, real log files."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tests.servers import Servers, running_assistant

pytestmark = pytest.mark.slow


def logs(servers: Servers) -> str:
    return "".join(Path(servers.log_dir, name).read_text(errors="replace") for name in ("rasa.log", "actions.log"))


def conversation(servers: Servers, marker: str) -> None:
    """A whole turn through the form and an action, with the marker in the text a person types."""
    who = f"logs-{uuid.uuid4().hex[:8]}"
    servers.say(who, f"what qualification do i need {marker}")
    servers.say(who, f"an academy {marker}")
    servers.say(who, "x" * 1001 + marker)  # refused as too long: not logged either
    servers.say(who, "show my answers")


def test_no_message_text_in_the_logs_by_default(served: Servers) -> None:
    marker = f"quokka{uuid.uuid4().hex[:10]}"
    conversation(served, marker)
    assert marker not in logs(served)


def test_the_setting_logs_message_text_for_debugging(tmp_path: Path) -> None:
    marker = f"wombat{uuid.uuid4().hex[:10]}"
    with running_assistant(tmp_path, env={"SENCO_LOG_MESSAGE_TEXT": "1"}) as servers:
        conversation(servers, marker)
        assert f"what qualification do i need {marker}" in logs(servers)
