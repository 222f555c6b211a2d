"""One real Rasa + action server (loopback, defaults) shared by the privacy tests that need no special setting."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.servers import Servers, running_assistant


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    env = {"WEBCHAT_ALLOWED_ORIGINS": "", "SENCO_MAX_MESSAGE_CHARS": "", "SENCO_LOG_MESSAGE_TEXT": ""}
    with running_assistant(tmp_path_factory.mktemp("privacy"), env=env) as servers:
        yield servers
