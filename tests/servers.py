"""Start the real action server and Rasa server for tests (no mocks), on free loopback ports."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import time
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def trained_model() -> Path:
    """The content-hashed model (trains only when its inputs changed)."""
    out = subprocess.run(["bash", "tools/train.sh"], cwd=ROOT, check=True, capture_output=True, text=True)
    return ROOT / out.stdout.strip().splitlines()[-1]


@dataclass
class Servers:
    url: str
    action_url: str
    log_dir: Path
    tracker_db: Path | None = None

    def say(self, sender: str, text: str) -> list[dict]:
        reply = requests.post(f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=60)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def tracker(self, sender: str) -> dict:
        reply = requests.get(f"{self.url}/conversations/{sender}/tracker", timeout=30)
        assert reply.status_code == 200, reply.text
        return reply.json()

    def conversation_ids(self) -> set[str]:
        """Every conversation the tracker store holds, read from the store itself: asking the HTTP API about a
        conversation would create it."""
        assert self.tracker_db is not None, "the tracker store is not a file these tests know"
        with closing(sqlite3.connect(f"file:{self.tracker_db}?mode=ro", uri=True)) as db:
            return {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}


def _wait(url: str, proc: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early; log:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server not ready at {url}; log:\n{log.read_text()[-4000:]}")


@contextmanager
def running_assistant(tmp: Path, env: Mapping[str, str] | None = None) -> Iterator[Servers]:
    """The action server and Rasa, started by the same scripts as `make run`, on free loopback ports."""
    model = trained_model()
    rasa_port, action_port = free_port(), free_port()
    base_env = (
        os.environ
        | {
            "SENCO_TODAY": "2026-11-22",
            "SENCO_TRACKER_DB": str(tmp / "tracker.db"),
            "RASA_HOST": "127.0.0.1",
            "RASA_PORT": str(rasa_port),
            "ACTION_PORT": str(action_port),
        }
        | dict(env or {})
    )
    action_log, rasa_log = tmp / "actions.log", tmp / "rasa.log"
    procs: list[subprocess.Popen] = []
    try:
        with action_log.open("w") as alog, rasa_log.open("w") as rlog:
            for script, log in (("serve_actions.sh", alog), ("serve_rasa.sh", rlog)):
                command = ["bash", f"tools/{script}", *([str(model)] if script == "serve_rasa.sh" else [])]
                procs.append(subprocess.Popen(command, cwd=ROOT, env=base_env, stdout=log, stderr=subprocess.STDOUT))
            _wait(f"http://127.0.0.1:{action_port}/health", procs[0], action_log)
            # the REST channel's health check: it answers whether or not the HTTP API (/status) is on
            _wait(f"http://127.0.0.1:{rasa_port}/webhooks/rest/", procs[1], rasa_log)
            yield Servers(
                f"http://127.0.0.1:{rasa_port}",
                f"http://127.0.0.1:{action_port}",
                tmp,
                Path(base_env["SENCO_TRACKER_DB"]),
            )
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
