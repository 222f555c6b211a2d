"""`make cluster` for tests: the launcher (deploy/cluster.py, which becomes supervisord) started on free ports, its
own database and Redis key prefix, every file under the test's directory; supervisorctl to look at and change its
programs."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.servers import ROOT, free_port
from tests.services import postgres_database, redis_prefix

SUPERVISORCTL = ROOT / ".venv" / "bin" / "supervisorctl"
START_TIMEOUT = 400.0  # two replicas loading their models at once on two shared cores


@dataclass
class Cluster:
    url: str  # nginx
    proc: subprocess.Popen  # the launcher, then supervisord (same process: exec)
    log_dir: Path
    db_url: str

    @property
    def conf(self) -> Path:
        return self.log_dir / "supervisord.conf"

    def supervisorctl(self, *args: str) -> str:
        out = subprocess.run(
            [str(SUPERVISORCTL), "-c", str(self.conf), *args], capture_output=True, text=True, timeout=120
        )
        return out.stdout + out.stderr

    def status(self) -> dict[str, tuple[str, int | None]]:
        """Each program's state and pid, from `supervisorctl status`."""
        found = {}
        for line in self.supervisorctl("status").splitlines():
            parts = line.split()
            if len(parts) >= 2:
                pid = re.search(r"pid (\d+)", line)
                found[parts[0]] = (parts[1], int(pid.group(1)) if pid else None)
        return found

    def ports(self, kind: str) -> dict[str, int]:
        """Program name -> its loopback port (`RASA_PORT` or `ACTION_PORT`), read from supervisord's file."""
        pattern = re.compile(rf"\[program:([\w-]+)\][^\[]*?{kind}=\"(\d+)\"", re.S)
        return {name: int(port) for name, port in pattern.findall(self.conf.read_text())}

    def replica_ready(self, name: str) -> bool:
        """The REST channel's health route, on the replica's own port (not through nginx)."""
        try:
            url = f"http://127.0.0.1:{self.ports('RASA_PORT')[name]}/webhooks/rest/"
            return requests.get(url, timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def wait_until(self, what: str, done: Callable[[], bool], timeout: float = START_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the cluster exited; its log:\n{self.log_text()}")
            if self.conf.exists() and done():
                return
            time.sleep(1)
        raise RuntimeError(f"cluster: {what} did not happen; its log:\n{self.log_text()}")

    def wait_all_ready(self) -> None:
        def ready() -> bool:
            status = self.status()
            rasa = [n for n in status if n.startswith("rasa-")]
            return (
                len(status) >= 5
                and all(state == "RUNNING" for state, _ in status.values())
                and all(self.replica_ready(n) for n in rasa)
            )

        self.wait_until("every program running and every replica answering", ready)

    def say(self, sender: str, text: str) -> list[dict]:
        reply = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120
        )
        assert reply.status_code == 200, reply.text
        return reply.json()

    def access_log(self) -> list[str]:
        path = self.log_dir / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def log_text(self) -> str:
        parts = []
        for name in ("cluster.log", "supervisord.log", "nginx.log"):
            path = self.log_dir / name
            if path.exists():
                parts.append(f"--- {name}\n{path.read_text()[-3000:]}")
        return "\n".join(parts)


@contextmanager
def running_cluster(tmp: Path, settings: Mapping[str, str] | None = None) -> Iterator[Cluster]:
    """`python -m deploy.cluster` with its own PostgreSQL database and Redis prefix; SIGTERM at the end."""
    with postgres_database() as db_url, redis_prefix() as (redis_url, prefix):
        port = free_port()
        env = (
            {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "REDIS_", "SENCO_TLS_"))}
            | {
                "DB_URL": db_url,
                "REDIS_URL": redis_url,
                "REDIS_KEY_PREFIX": prefix,
                "RASA_HOST": "127.0.0.1",
                "RASA_PORT": str(port),
                "CLUSTER_LOG_DIR": str(tmp),
                "SENCO_TODAY": "2026-11-22",
                "WEBCHAT_ALLOWED_ORIGINS": "",
            }
            | dict(settings or {})
        )
        with (tmp / "cluster.log").open("w") as out:
            proc = subprocess.Popen(
                [str(ROOT / ".venv/bin/python"), "-m", "deploy.cluster"], cwd=ROOT, env=env, stdout=out, stderr=out
            )
        cluster = Cluster(f"http://127.0.0.1:{port}", proc, tmp, db_url)
        try:
            cluster.wait_all_ready()
            yield cluster
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=120)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait()
