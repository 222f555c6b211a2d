"""Faults, on the real servers: the action server down, slow or failing gives a friendly "try again shortly", never a
5xx, leaves the stored conversation exactly as it was, and the conversation carries on when it is back; Redis lost
mid-run under two replicas keeps every message answered, and Redis is used again when it returns."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import yaml

from tests.scale.conversations import SCRIPTS, assessment, check_intact
from tests.servers import ROOT, Servers, _env, free_port, running_assistant, running_replicas, start_action_server
from tests.services import postgres_database, private_redis, stored_events

pytestmark = [pytest.mark.slow, pytest.mark.services]

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
TRY_AGAIN = [r["text"] for r in DOMAIN["responses"]["utter_senco_try_again"]]
FIRST = "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?"


def say(bot: Servers, user: str, text: str) -> list[dict]:
    """Servers.say, which also asserts the reply is a 200."""
    return bot.say(user, text)


def is_try_again(replies: list[dict]) -> bool:
    return len(replies) == 1 and replies[0].get("text") in TRY_AGAIN


def finish_after_the_fault(bot: Servers, user: str, events_before: list[dict]) -> None:
    """The failed turn stored nothing; the same message now works and the form goes on to the answer."""
    assert bot.tracker(user)["events"] == events_before
    say(bot, user, "not started")
    assert bot.tracker(user)["slots"]["requested_slot"] == "prior_senco_service_over_12_months"
    result = assessment(say(bot, user, "no"))
    assert result is not None
    assert (result["outcome"], result["deadline"]) == ("NPQ_REQUIRED", "2029-09-01")


def test_action_server_down_then_back(tmp_path: Path) -> None:
    with running_assistant(tmp_path) as bot:
        user = "teacher-down"
        say(bot, user, FIRST)
        before = bot.tracker(user)["events"]
        assert bot.tracker(user)["slots"]["requested_slot"] == "npq"
        assert bot.action_proc is not None
        bot.action_proc.terminate()
        bot.action_proc.wait(timeout=30)
        assert is_try_again(say(bot, user, "not started"))
        assert is_try_again(say(bot, "teacher-new-while-down", FIRST))
        port = int(bot.action_url.rsplit(":", 1)[1])
        back = start_action_server(port, _env(tmp_path, None), tmp_path / "actions.log")
        try:
            finish_after_the_fault(bot, user, before)
        finally:
            back.terminate()
            back.wait(timeout=30)
        assert "The action server failed" in (tmp_path / "rasa.log").read_text()


class FaultyProxy:
    """Between Rasa and the action server: passes calls on, or holds them (`slow`), or answers 500 (`failing`)."""

    def __init__(self, target: str) -> None:
        self.mode = "pass"
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if proxy.mode == "slow":
                    time.sleep(20)
                if proxy.mode == "failing":
                    status, reply = 500, b'{"error": "boom"}'
                else:
                    answer = requests.post(target, data=body, headers={"Content-Type": "application/json"}, timeout=60)
                    status, reply = answer.status_code, answer.content
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", free_port()), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/webhook"

    @contextmanager
    def running(self) -> Iterator[FaultyProxy]:
        thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self.server.shutdown()
            self.server.server_close()


@pytest.mark.parametrize("fault", ["slow", "failing"])
def test_action_server_slow_or_failing_then_well(tmp_path: Path, fault: str) -> None:
    action_port = free_port()
    env = _env(tmp_path, None)
    action = start_action_server(action_port, env, tmp_path / "real-actions.log")
    try:
        with FaultyProxy(f"http://127.0.0.1:{action_port}/webhook").running() as proxy:
            settings = {"ACTION_ENDPOINT_URL": proxy.url, "SENCO_ACTION_TIMEOUT": "2"}
            with running_assistant(tmp_path, settings) as bot:
                user = f"teacher-{fault}"
                say(bot, user, FIRST)
                before = bot.tracker(user)["events"]
                proxy.mode = fault
                assert is_try_again(say(bot, user, "not started"))
                assert is_try_again(say(bot, user, "not started"))
                proxy.mode = "pass"
                finish_after_the_fault(bot, user, before)
    finally:
        action.terminate()
        action.wait(timeout=30)


def test_redis_lost_mid_run_every_message_still_answered(tmp_path: Path) -> None:
    """Documented behaviour (README, Faults): while Redis is away each replica locks conversations by itself and
    keeps answering; when Redis is back the replicas use it again. Nothing is lost meanwhile."""
    script = SCRIPTS[0].messages
    with private_redis(tmp_path) as redis_server, postgres_database() as db_url:
        env = {"DB_URL": db_url, "REDIS_URL": redis_server.url}
        with running_replicas(tmp_path, env, replicas=2, action_servers=1) as replicas:
            sent: dict[str, list[str]] = {}
            replies: dict[str, list[list[dict]]] = {}

            def converse(user: str, phase: int) -> None:
                for k, text in enumerate(script):
                    sent.setdefault(user, []).append(text)
                    replies.setdefault(user, []).append(say(replicas[(phase + k) % 2], user, text))

            converse("before", 0)
            redis_server.stop()
            converse("during", 0)
            converse("during-2", 1)
            redis_server.start()
            time.sleep(6)  # the replicas try Redis again 5 s after it failed
            converse("after", 0)
            converse("after-2", 1)
            logs = "".join((tmp_path / f"rasa-{i}.log").read_text() for i in range(2))
        for user in sent:
            result = assessment(replies[user][-1])
            assert result is not None, user
            assert result["outcome"] == SCRIPTS[0].outcome
            check_intact(stored_events(db_url, user), sent[user], replies[user])
        assert "The Redis lock store does not answer" in logs
        assert "The Redis lock store answers again" in logs
