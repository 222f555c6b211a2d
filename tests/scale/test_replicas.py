"""Two Rasa replicas and two action servers sharing the machine's real PostgreSQL and Redis: each conversation's
messages go alternately to both replicas, several conversations at once; no event is lost and every message is
answered exactly once (checked in the events PostgreSQL holds)."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from tests.scale.conversations import SCRIPTS, Script, assessment, check_intact
from tests.servers import Servers, running_replicas
from tests.services import postgres_database, redis_prefix, stored_events

pytestmark = [pytest.mark.slow, pytest.mark.services]

CONVERSATIONS = 12  # three of each script, all at once


def post(url: str, sender: str, text: str) -> list[dict]:
    reply = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}, timeout=120)
    assert reply.status_code == 200, reply.text
    return reply.json()


def hold(replicas: list[Servers], sender: str, script: Script, first: int) -> list[list[dict]]:
    """One teacher's conversation, message k to replica (first + k) % 2, each after the previous answer."""
    return [post(replicas[(first + k) % len(replicas)].url, sender, m) for k, m in enumerate(script.messages)]


def test_alternating_replicas_lose_nothing_and_answer_once(tmp_path: Path) -> None:
    with postgres_database() as db_url, redis_prefix() as (redis_url, prefix):
        env = {"DB_URL": db_url, "REDIS_URL": redis_url, "REDIS_KEY_PREFIX": prefix}
        with running_replicas(tmp_path, env, replicas=2, action_servers=2) as replicas:
            run = uuid.uuid4().hex[:8]
            jobs = [(f"teacher-{run}-{i}", SCRIPTS[i % len(SCRIPTS)], i % 2) for i in range(CONVERSATIONS)]
            with ThreadPoolExecutor(max_workers=CONVERSATIONS) as pool:
                results = list(pool.map(lambda job: hold(replicas, *job), jobs))
            # both replicas' view of a conversation is the same, read from PostgreSQL
            sender = jobs[0][0]
            assert replicas[0].tracker(sender)["events"] == replicas[1].tracker(sender)["events"]
        for (sender, script, _), replies in zip(jobs, results, strict=True):
            result = assessment(replies[-1])
            assert result is not None, sender
            assert (result["outcome"], result["deadline"]) == (script.outcome, script.deadline)
            check_intact(stored_events(db_url, sender), list(script.messages), replies)
        assert {s for s, _, _ in stored_events(db_url)} == {s for s, _, _ in jobs}
