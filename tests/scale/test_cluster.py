"""`make cluster` (deploy/cluster.py): 2 Rasa replicas and 2 action servers behind the balancer, on the machine's
real PostgreSQL and Redis. A conversation and a web chat session go through the balancer; a replica killed outright
is withdrawn (the other answers meanwhile), then restarted and back in rotation; an action server that hangs is
withdrawn, then restarted; SIGTERM stops every process."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from tests.scale.conversations import SCRIPTS, assessment
from tests.servers import ROOT, free_port
from tests.services import postgres_database, redis_prefix

pytestmark = [pytest.mark.slow, pytest.mark.services]


class Cluster:
    def __init__(self, url: str, proc: subprocess.Popen, log: Path) -> None:
        self.url, self.proc, self.log = url, proc, log

    def members(self) -> dict[str, dict]:
        reply = requests.get(f"{self.url}/cluster-status", timeout=10)
        assert reply.status_code == 200, reply.text
        return {m["name"]: m for m in reply.json()["members"]}

    def wait_for(self, what: str, done: Callable[[dict[str, dict]], bool], timeout: float = 400) -> dict[str, dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the cluster exited; log:\n{self.log.read_text()[-4000:]}")
            try:
                members = self.members()
                if done(members):
                    return members
            except requests.RequestException:
                pass
            time.sleep(1)
        raise RuntimeError(f"cluster: {what} did not happen; log:\n{self.log.read_text()[-4000:]}")

    def say(self, sender: str, text: str) -> list[dict]:
        reply = requests.post(
            f"{self.url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120
        )
        assert reply.status_code == 200, reply.text
        return reply.json()


@contextmanager
def running_cluster(tmp: Path) -> Iterator[Cluster]:
    with postgres_database() as db_url, redis_prefix() as (redis_url, prefix):
        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "REDIS_"))} | {
            "DB_URL": db_url,
            "REDIS_URL": redis_url,
            "REDIS_KEY_PREFIX": prefix,
            "RASA_PORT": str(port),
            "CLUSTER_LOG_DIR": str(tmp),
            "SENCO_TODAY": "2026-11-22",
        }
        log = tmp / "cluster.log"
        with log.open("w") as out:
            proc = subprocess.Popen(
                [str(ROOT / ".venv/bin/python"), "-m", "deploy.cluster"], cwd=ROOT, env=env, stdout=out, stderr=out
            )
        try:
            yield Cluster(f"http://127.0.0.1:{port}", proc, log)
        finally:
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
                try:
                    proc.wait(timeout=90)
                except subprocess.TimeoutExpired:
                    proc.kill()


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a child that exited but was not yet reaped is a zombie: not running
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().split(") ", 1)[1][0] != "Z"


def web_chat_session_stays_on_its_replica(cluster: Cluster) -> None:
    """socket.io over long-polling, as the widget starts: every request of the session reaches the replica holding
    it (round robin alone would send every other one to the replica that does not know the session: a 400)."""
    base = f"{cluster.url}/socket.io/?EIO=4&transport=polling"
    headers = {"Origin": cluster.url}

    def send(sid: str, packet: str) -> None:
        reply = requests.post(f"{base}&sid={sid}", data=packet, headers=headers, timeout=10)
        assert (reply.status_code, reply.text.lower()) == (200, "ok")

    def receive(sid: str) -> str:
        reply = requests.get(f"{base}&sid={sid}", headers=headers, timeout=30)
        assert reply.status_code == 200, reply.text
        return reply.text

    opened = requests.get(base, headers=headers, timeout=10)
    assert opened.status_code == 200, opened.text
    sid = json.loads(opened.text[1:])["sid"]
    send(sid, "40")
    assert receive(sid).startswith("40")
    send(sid, "42" + json.dumps(["session_request", {"session_id": uuid.uuid4().hex}]))
    assert "session_confirm" in receive(sid)


def all_ready(members: dict[str, dict]) -> bool:
    return len(members) == 4 and all(m["ready"] for m in members.values())


def test_cluster_serves_withdraws_a_dead_replica_and_restarts_it(tmp_path: Path) -> None:
    script = SCRIPTS[0]
    with running_cluster(tmp_path) as cluster:
        members = cluster.wait_for("every member ready", all_ready)
        assert set(members) == {"rasa-1", "rasa-2", "action-server-1", "action-server-2"}
        replies = [cluster.say("through-the-balancer", m) for m in script.messages]
        result = assessment(replies[-1])
        assert result is not None
        assert (result["outcome"], result["deadline"]) == (script.outcome, script.deadline)

        web_chat_session_stays_on_its_replica(cluster)

        killed = members["rasa-1"]["pid"]
        os.kill(killed, signal.SIGKILL)
        withdrawn = cluster.wait_for("rasa-1 withdrawn", lambda m: not m["rasa-1"]["ready"], timeout=30)
        assert withdrawn["rasa-2"]["ready"]
        # while it is away, every message is answered by the other replica
        replies = [cluster.say("after-the-kill", m) for m in script.messages]
        assert assessment(replies[-1]) is not None
        back = cluster.wait_for("rasa-1 restarted", lambda m: m["rasa-1"]["ready"] and m["rasa-1"]["pid"] != killed)
        assert all_ready(back)
        assert "rasa-1 withdrawn from the balancer" in cluster.log.read_text()

        # an action server that hangs (still running, not answering) is withdrawn, then restarted
        hung = back["action-server-2"]["pid"]
        os.kill(hung, signal.SIGSTOP)
        cluster.wait_for("action-server-2 withdrawn", lambda m: not m["action-server-2"]["ready"], timeout=60)
        replies = [cluster.say("while-one-hangs", m) for m in script.messages]
        assert assessment(replies[-1]) is not None
        back = cluster.wait_for(
            "action-server-2 restarted", lambda m: m["action-server-2"]["ready"] and m["action-server-2"]["pid"] != hung
        )
        assert all_ready(back)
        assert not alive(hung)
        pids = [m["pid"] for m in back.values()]
        cluster.proc.send_signal(signal.SIGTERM)
        assert cluster.proc.wait(timeout=90) == 0
        assert not any(alive(pid) for pid in pids)
