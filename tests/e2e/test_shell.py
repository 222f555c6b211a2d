"""`make shell` as a new user meets it: from nothing set, through a pseudo-terminal, to an answer, with no library
warnings on the screen."""

from __future__ import annotations

import os
import pty
import re
import select
import signal
import subprocess
import time
from pathlib import Path

import pytest

from deploy.processes import ROOT, free_port

pytestmark = pytest.mark.slow
# the settings a person may well not have: the shell must work with none of them set
UNSET = ("SLACK_", "TEAMS_", "WEBCHAT_", "RASA_", "SENCO_", "DB_", "REDIS_", "ACTION_", "SANIC_", "PYTHONWARNINGS")


class Terminal:
    """A process on a pseudo-terminal, read as a person would see it."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.fd, child = pty.openpty()
        self.proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdin=child, stdout=child, stderr=child, start_new_session=True
        )
        os.close(child)
        self.seen = ""

    def read_until(self, pattern: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while not re.search(pattern, self.seen):
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"never saw {pattern!r}; the screen:\n{self.seen[-3000:]}")
            if select.select([self.fd], [], [], min(left, 1.0))[0]:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:  # the terminal closed: the program ended
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"ended before {pattern!r}; the screen:\n{self.seen[-3000:]}")
                self.seen += chunk.decode("utf-8", "replace")
        return self.seen

    def type(self, text: str) -> None:
        os.write(self.fd, (text + "\r").encode())

    def close(self) -> None:
        """The whole session ends: make, the script, the action server and Rasa (one process group)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        os.close(self.fd)


def test_make_shell_answers_with_nothing_set_and_no_warnings(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(UNSET)}
    env |= {"SENCO_TODAY": "2026-11-22", "SENCO_TRACKER_DB": str(tmp_path / "t.db"), "ACTION_PORT": str(free_port())}
    terminal = Terminal(["make", "--no-print-directory", "shell"], env)
    try:
        terminal.read_until(r"Your input ->", timeout=600)
        terminal.type("I'm the SENCO at a free school since 6/1/25, no nasenco, not on the npq, first SENCO job")
        screen = terminal.read_until(r"6 January 2028", timeout=120)
    finally:
        terminal.close()
    assert "Warning" not in screen, screen
    assert "Traceback" not in screen, screen
    assert "RasaException" not in screen, screen
