"""`make cluster` (deploy/cluster.py): nginx in front of 2 Rasa replicas and 2 action servers under supervisord, on
the machine's real PostgreSQL and Redis. Through nginx: a whole conversation, spread over both replicas; nginx's
`Server` header; a web chat socket.io session (long-polling, then WebSocket) kept on one replica; 429 for a client
sending too fast; Rasa's HTTP API and /metrics out of reach; an access log without query strings. A replica or an
action server taken away leaves the other answering, and comes back; a hung action server is restarted by the
watchdog; SIGTERM stops every process."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import aiohttp
import pytest
import requests

from tests.scale.cluster import Cluster, running_cluster
from tests.scale.conversations import SCRIPTS, assessment, check_intact
from tests.services import stored_events

pytestmark = [pytest.mark.slow, pytest.mark.services]

RATE, BURST = 5, 60  # low enough for a flood to meet 429, high enough for the conversations of this test


def upstreams(cluster: Cluster, path: str) -> list[str]:
    """The replica (`$upstream_addr`) of every access-log line whose path starts with `path`."""
    found = []
    for line in cluster.access_log():
        match = re.search(r'"\w+ (\S+) HTTP/[\d.]+" (\d+) \d+ \S+ "([^"]*)"', line)
        if match and match.group(1).startswith(path) and match.group(3) not in ("", "-"):
            found.append(match.group(3))
    return found


def converse(cluster: Cluster, sender: str) -> None:
    script = SCRIPTS[0]
    replies = [cluster.say(sender, m) for m in script.messages]
    result = assessment(replies[-1])
    assert result is not None, sender
    assert (result["outcome"], result["deadline"]) == (script.outcome, script.deadline)
    check_intact(stored_events(cluster.db_url, sender), list(script.messages), replies)


def polling_session(cluster: Cluster) -> None:
    """socket.io over long-polling by hand, as the widget starts: the first request has no session id; every later
    one must reach the replica holding the session (any other answers 400)."""
    base = f"{cluster.url}/socket.io/?EIO=4&transport=polling"
    headers = {"Origin": cluster.url}

    def send(sid: str, packet: str) -> None:
        reply = requests.post(f"{base}&sid={sid}", data=packet, headers=headers, timeout=10)
        assert (reply.status_code, reply.text.lower()) == (200, "ok"), reply.text

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


async def web_chat(cluster: Cluster, upgrade: bool) -> dict:
    """A session, one message, its answer, over a WebSocket through nginx: opened directly, or (`upgrade`) as the
    widget does, long-polling first and then upgraded, which reaches the replica holding the session only when
    nginx keeps the session's requests together. Engine.io packets by hand: 0 open, 2/3 ping/pong, 4 message,
    5 upgrade; socket.io inside: 40 connect, 42 event."""
    headers = {"Origin": cluster.url}
    ws_url = f"{cluster.url}/socket.io/?EIO=4&transport=websocket"
    session = uuid.uuid4().hex
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as http:
        if upgrade:
            base = f"{cluster.url}/socket.io/?EIO=4&transport=polling"
            async with http.get(base, headers=headers) as opened:
                assert opened.status == 200, await opened.text()
                sid = json.loads((await opened.text())[1:])["sid"]
            async with http.post(f"{base}&sid={sid}", data="40", headers=headers) as sent:
                assert sent.status == 200, await sent.text()
            async with http.get(f"{base}&sid={sid}", headers=headers) as connected:
                assert (await connected.text()).startswith("40")
            ws = await http.ws_connect(f"{ws_url}&sid={sid}", headers=headers)
            await ws.send_str("2probe")
            assert await ws.receive_str() == "3probe"
            await ws.send_str("5")
        else:
            ws = await http.ws_connect(ws_url, headers=headers)
            assert (await ws.receive_str()).startswith("0")
            await ws.send_str("40")
            assert (await ws.receive_str()).startswith("40")

        async def event(name: str) -> object:
            while True:
                packet = await ws.receive_str()
                if packet == "2":
                    await ws.send_str("3")
                elif packet.startswith("42") and json.loads(packet[2:])[0] == name:
                    return json.loads(packet[2:])[1]

        try:
            await ws.send_str("42" + json.dumps(["session_request", {"session_id": session}]))
            assert await event("session_confirm") == session
            message = {"message": "/ask_qualification", "session_id": session}
            await ws.send_str("42" + json.dumps(["user_uttered", message]))
            return await event("bot_uttered")  # type: ignore[return-value]
        finally:
            await ws.close()


def listening(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    stat = Path(f"/proc/{pid}/stat")  # a zombie is not running
    return stat.exists() and stat.read_text().split(") ", 1)[1][0] != "Z"


def test_cluster_behind_nginx(tmp_path: Path) -> None:
    settings = {"CLUSTER_RATE_LIMIT": str(RATE), "CLUSTER_RATE_BURST": str(BURST)}
    with running_cluster(tmp_path, settings) as cluster:
        replica_addrs = {f"127.0.0.1:{p}" for p in cluster.ports("RASA_PORT").values()}
        assert len(replica_addrs) == 2

        # a whole conversation through nginx, its messages spread over both replicas
        converse(cluster, "through-nginx")
        assert set(upstreams(cluster, "/webhooks/rest/webhook")) == replica_addrs

        # nginx answers, without its version; what nginx does not proxy is a 404 from nginx itself
        page = requests.get(f"{cluster.url}/webhooks/rest/", timeout=10)
        assert (page.status_code, page.headers.get("Server")) == (200, "nginx")
        for path in ("/conversations/x/tracker", "/status", "/model", "/version", "/", "/metrics", "/health/ready"):
            for method in ("GET", "POST", "PUT", "DELETE"):
                reply = requests.request(method, f"{cluster.url}{path}?token=secret", timeout=10)
                assert (reply.status_code, reply.headers.get("Server")) == (404, "nginx"), (method, path)
        some_port = next(iter(cluster.ports("RASA_PORT").values()))
        assert requests.get(f"http://127.0.0.1:{some_port}/status", timeout=10).status_code == 200  # it exists
        calendar = "/webhooks/calendar/senco.ics?deadline=2029-09-01&qualification=NPQ_REQUIRED"
        assert requests.get(cluster.url + calendar, timeout=10).headers.get("Server") == "nginx"

        # the web chat: by hand over long-polling (three sessions), then as the widget does (polling, then a
        # WebSocket), then WebSocket only; every socket.io request from this address reached one replica
        for _ in range(3):
            polling_session(cluster)
        for upgrade in (True, False):
            assert asyncio.run(web_chat(cluster, upgrade)).get("buttons"), upgrade
        assert len(set(upstreams(cluster, "/socket.io/"))) == 1, upstreams(cluster, "/socket.io/")

        # a client sending too fast gets 429; one that slows down is served again
        with ThreadPoolExecutor(max_workers=8) as pool:
            flood = list(
                pool.map(lambda _: requests.get(f"{cluster.url}/webhooks/rest/", timeout=10).status_code, range(200))
            )
        assert flood.count(429) > 0, flood
        assert flood.count(200) >= BURST // 2, flood
        assert set(flood) == {200, 429}
        time.sleep(BURST / RATE + 1)
        converse(cluster, "after-the-flood")

        # no line of the access log carries a query string (socket.io's sid, the calendar link's details, tokens)
        lines = cluster.access_log()
        assert any("/webhooks/calendar/senco.ics " in line for line in lines)
        assert any(" 429 " in line for line in lines)
        assert not [line for line in lines if "?" in line or "secret" in line or "sid=" in line]
        assert "limiting requests" not in (tmp_path / "nginx.log").read_text()  # its error log names the query

        # a replica stopped: the other answers every message meanwhile; started again, it is back in rotation
        rasa_ports = cluster.ports("RASA_PORT")
        assert "rasa-1: stopped" in cluster.supervisorctl("stop", "rasa-1")
        assert not listening(rasa_ports["rasa-1"])
        converse(cluster, "while-rasa-1-is-stopped")
        cluster.supervisorctl("start", "rasa-1")
        cluster.wait_until("rasa-1 back", lambda: cluster.replica_ready("rasa-1"))

        # a replica killed outright: supervisord starts it again; meanwhile the other answers
        killed = cluster.status()["rasa-2"][1]
        assert killed is not None
        os.kill(killed, signal.SIGKILL)
        # (a message that reaches it while it dies gets 502, as it may have been processed: wait until it is gone)
        cluster.wait_until("rasa-2 gone", lambda: not listening(rasa_ports["rasa-2"]), timeout=30)
        converse(cluster, "after-rasa-2-was-killed")
        cluster.wait_until(
            "rasa-2 restarted",
            lambda: cluster.status()["rasa-2"][1] not in (None, killed) and cluster.replica_ready("rasa-2"),
        )
        time.sleep(6)  # nginx tries a failed replica again after fail_timeout (5 s)
        before = len(cluster.access_log())
        for k in range(4):
            cluster.say("both-back", "hello" if k == 0 else "/ask_qualification")
        recent = [line for line in cluster.access_log()[before:] if "/webhooks/rest/webhook" in line]
        assert {addr for addr in replica_addrs if any(addr in line for line in recent)} == replica_addrs

        # an action server stopped: Rasa's calls go to the other (a refused connection is tried on the next)
        assert "action-server-1: stopped" in cluster.supervisorctl("stop", "action-server-1")
        converse(cluster, "while-an-action-server-is-stopped")
        cluster.supervisorctl("start", "action-server-1")

        # an action server that hangs (running, not answering): the watchdog restarts it
        hung = cluster.status()["action-server-2"][1]
        assert hung is not None
        os.kill(hung, signal.SIGSTOP)
        cluster.wait_until(
            "the hung action-server-2 restarted",
            lambda: (
                cluster.status()["action-server-2"][1] not in (None, hung)
                and cluster.status()["action-server-2"][0] == "RUNNING"
            ),
            timeout=120,
        )
        assert not alive(hung)
        assert "restarting action-server-2" in (tmp_path / "watchdog.log").read_text()
        cluster.wait_until("action-server-1 back", lambda: cluster.status()["action-server-1"][0] == "RUNNING")
        converse(cluster, "after-the-hang")

        # SIGTERM to the launcher (supervisord by now) stops every process and frees every port
        status = cluster.status()
        pids = [pid for _, pid in status.values() if pid is not None]
        assert len(pids) == 6, status  # 2 replicas, 2 action servers, nginx, the watchdog
        ports = [int(cluster.url.rsplit(":", 1)[1]), *cluster.ports("RASA_PORT").values()]
        ports += cluster.ports("ACTION_PORT").values()
        cluster.proc.send_signal(signal.SIGTERM)
        assert cluster.proc.wait(timeout=120) == 0
        assert not [pid for pid in pids if alive(pid)]
        assert not [port for port in ports if listening(port)]
        assert not [p for p in Path("/proc").glob("[0-9]*/cmdline") if str(tmp_path) in _read(p)]  # nginx's


def _read(path: Path) -> str:
    try:
        return path.read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""
