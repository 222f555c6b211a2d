"""Start the real action server and Rasa server for tests (no mocks), on free loopback ports, with the same
primitives `make cluster` and `make bench` use (deploy/processes.py)."""

from __future__ import annotations

import os
import sqlite3
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from deploy.processes import ROOT, free_port, stop, trained_model, wait_until_up

__all__ = [
    "ROOT",
    "Servers",
    "free_port",
    "running_assistant",
    "running_replicas",
    "start_action_server",
    "trained_model",
    "wait_until_up",
]


@dataclass
class Servers:
    url: str
    action_url: str
    log_dir: Path
    tracker_db: Path | None = None
    rasa_proc: subprocess.Popen | None = None
    action_proc: subprocess.Popen | None = None

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


def _env(tmp: Path, env: Mapping[str, str] | None) -> dict[str, str]:
    return (
        dict(os.environ)
        | {"SENCO_TODAY": "2026-11-22", "SENCO_TRACKER_DB": str(tmp / "tracker.db"), "RASA_HOST": "127.0.0.1"}
        | dict(env or {})
    )


def start_action_server(port: int, env: Mapping[str, str], log: Path) -> subprocess.Popen:
    """The action server, as `make run` starts it, on `port`; returns once it answers /health."""
    with log.open("a") as out:
        proc = subprocess.Popen(
            ["bash", "tools/serve_actions.sh"],
            cwd=ROOT,
            env=dict(env) | {"ACTION_PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", proc, log)
    except BaseException:
        stop([proc])
        raise
    return proc


@contextmanager
def running_replicas(
    tmp: Path, env: Mapping[str, str] | None = None, replicas: int = 2, action_servers: int = 2
) -> Iterator[list[Servers]]:
    """`replicas` Rasa servers and `action_servers` action servers, all sharing the stores `env` names (give
    DB_URL and REDIS_URL to share for real: the default SQLite file and in-memory locks are per machine and
    per process). Rasa replica i calls action server i % action_servers, unless `env` sets ACTION_ENDPOINT_URL.
    The Rasa servers start in parallel; all stop together."""
    model = trained_model()
    base_env = _env(tmp, env)
    single = replicas == 1 and action_servers == 1
    action_ports = [free_port() for _ in range(action_servers)]
    rasa_ports = [free_port() for _ in range(replicas)]
    action_logs = [tmp / ("actions.log" if single else f"actions-{i}.log") for i in range(action_servers)]
    rasa_logs = [tmp / ("rasa.log" if single else f"rasa-{i}.log") for i in range(replicas)]
    action_procs: list[subprocess.Popen] = []
    rasa_procs: list[subprocess.Popen] = []
    try:
        for port, log in zip(action_ports, action_logs, strict=True):
            action_procs.append(start_action_server(port, base_env, log))
        for i, (port, log) in enumerate(zip(rasa_ports, rasa_logs, strict=True)):
            default_url = f"http://127.0.0.1:{action_ports[i % action_servers]}/webhook"
            action_url = (env or {}).get("ACTION_ENDPOINT_URL") or default_url
            with log.open("w") as out:
                rasa_procs.append(
                    subprocess.Popen(
                        ["bash", "tools/serve_rasa.sh", str(model)],
                        cwd=ROOT,
                        env=base_env | {"RASA_PORT": str(port), "ACTION_ENDPOINT_URL": action_url},
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                )
        for port, proc, log in zip(rasa_ports, rasa_procs, rasa_logs, strict=True):
            # the REST channel's health check: it answers whether or not the HTTP API (/status) is on
            wait_until_up(f"http://127.0.0.1:{port}/webhooks/rest/", proc, log)
        yield [
            Servers(
                f"http://127.0.0.1:{port}",
                f"http://127.0.0.1:{action_ports[i % action_servers]}",
                tmp,
                Path(base_env["SENCO_TRACKER_DB"]),
                rasa_procs[i],
                action_procs[i % action_servers],
            )
            for i, port in enumerate(rasa_ports)
        ]
    finally:
        stop(rasa_procs + action_procs)


@contextmanager
def running_assistant(tmp: Path, env: Mapping[str, str] | None = None) -> Iterator[Servers]:
    """The action server and Rasa, started by the same scripts as `make run`, on free loopback ports."""
    with running_replicas(tmp, env, replicas=1, action_servers=1) as (servers,):
        yield servers
