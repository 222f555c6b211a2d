"""A bounded soak of the scale-out topology as `make cluster` runs it: nginx in front of two Rasa replicas and two
action servers under supervisord, on the machine's real PostgreSQL and Redis, many teachers at once each holding
whole conversations, every message sent to nginx, which spreads them over the replicas in turn (the access log shows
both served). Passes only with no reply other than 200 and every conversation's stored events intact.

`make test` runs it small (SENCO_SOAK_MESSAGES=600 across 20 conversations by default); `make soak` runs 20,000
messages across 200 conversations. SENCO_SOAK_CONVERSATIONS and SENCO_SOAK_USERS (conversations at once) adjust it.
"""

from __future__ import annotations

import asyncio
import os
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp
import pytest

from tests.scale.cluster import running_cluster
from tests.scale.conversations import SCRIPTS, assessment, check_intact
from tests.services import stored_events

pytestmark = [pytest.mark.slow, pytest.mark.services]

MESSAGES = int(os.environ.get("SENCO_SOAK_MESSAGES", "600"))
CONVERSATIONS = int(os.environ.get("SENCO_SOAK_CONVERSATIONS", str(max(1, MESSAGES // 30))))
USERS = int(os.environ.get("SENCO_SOAK_USERS", "20"))
START_OVER = "/start_again"
# Every teacher of the soak shares one client address: nginx's per-address limit (for people) must not count them.
UNLIMITED = {"CLUSTER_RATE_LIMIT": "100000", "CLUSTER_RATE_BURST": "100000"}


@dataclass
class Conversation:
    """One teacher's messages: scripts one after another, each after "start again"."""

    sender: str
    messages: list[str] = field(default_factory=list)
    checks: list[tuple[int, str, str | None]] = field(default_factory=list)  # (message index, outcome, deadline)
    replies: list[list[dict]] = field(default_factory=list)


def plan(run: str, conversations: int, messages: int) -> list[Conversation]:
    per, extra = divmod(messages, conversations)
    planned = []
    for c in range(conversations):
        conversation = Conversation(f"soak-{run}-{c}")
        size, s = per + (c < extra), c
        while len(conversation.messages) < size:
            script = SCRIPTS[s % len(SCRIPTS)]
            s += 1
            turn = [START_OVER, *script.messages]
            conversation.messages += turn[: size - len(conversation.messages)]
            if len(conversation.messages) <= size and conversation.messages[-len(turn) :] == turn:
                conversation.checks.append((len(conversation.messages) - 1, script.outcome, script.deadline))
        planned.append(conversation)
    return planned


async def soak(urls: list[str], conversations: list[Conversation]) -> Counter:
    statuses: Counter = Counter()
    queue: asyncio.Queue[Conversation] = asyncio.Queue()
    for conversation in conversations:
        queue.put_nowait(conversation)
    total, started = sum(len(c.messages) for c in conversations), time.monotonic()

    async def teacher(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            conversation = queue.get_nowait()
            for k, text in enumerate(conversation.messages):
                url = f"{urls[k % len(urls)]}/webhooks/rest/webhook"
                try:
                    async with session.post(url, json={"sender": conversation.sender, "message": text}) as reply:
                        statuses[reply.status] += 1
                        conversation.replies.append(await reply.json() if reply.status == 200 else [])
                except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                    statuses[type(error).__name__] += 1
                    conversation.replies.append([])
                done = sum(statuses.values())
                if done % 1000 == 0:
                    rate = done / (time.monotonic() - started)
                    print(f"soak: {done}/{total} messages, {rate:.1f}/s, replies {dict(statuses)}", flush=True)

    timeout = aiohttp.ClientTimeout(total=120)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await asyncio.gather(*(teacher(session) for _ in range(min(USERS, len(conversations)))))
    elapsed = time.monotonic() - started
    print(f"soak: {total} messages in {len(conversations)} conversations, {elapsed:.0f} s, {dict(statuses)}")
    return statuses


def test_plan_covers_the_messages_and_checks_whole_scripts() -> None:
    planned = plan("x", 7, 100)
    assert sum(len(c.messages) for c in planned) == 100
    for conversation in planned:
        for index, _, _ in conversation.checks:
            assert conversation.messages[index] != START_OVER
    assert all(c.checks for c in planned)


def test_soak(tmp_path: Path) -> None:
    conversations = plan(uuid.uuid4().hex[:8], CONVERSATIONS, MESSAGES)
    with running_cluster(tmp_path, UNLIMITED) as cluster:
        statuses = asyncio.run(soak([cluster.url], conversations))
        log = cluster.access_log()
        served = Counter(line.split('"')[3] for line in log if "POST /webhooks/rest/webhook " in line)
        assert statuses == Counter({200: MESSAGES})
        assert len(served) == 2, served  # both replicas took their share
        assert min(served.values()) > MESSAGES // 4, served
        for conversation in conversations:
            stored = stored_events(cluster.db_url, conversation.sender)
            check_intact(stored, conversation.messages, conversation.replies)
            for index, outcome, deadline in conversation.checks:
                result = assessment(conversation.replies[index])
                assert result is not None, (conversation.sender, index)
                assert (result["outcome"], result["deadline"]) == (outcome, deadline), (conversation.sender, index)
