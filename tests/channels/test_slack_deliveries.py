"""Slack deliveries shared by replicas through the machine's real Redis (and a private one that is stopped)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from channels.slack import SlackChannel
from channels.slack_deliveries import MemoryDeliveryLog, RedisDeliveryLog, delivery_log_from_env
from stores.config import lock_settings
from tests.services import private_redis, redis_prefix

pytestmark = pytest.mark.services


def replicas(env: dict[str, str], count: int = 2) -> list[RedisDeliveryLog]:
    logs = [delivery_log_from_env(env) for _ in range(count)]
    assert all(isinstance(log, RedisDeliveryLog) for log in logs)
    return logs  # type: ignore[return-value]


def test_a_retry_reaching_another_replica_is_not_answered_again() -> None:
    with redis_prefix() as (url, prefix):
        first, second = replicas({"REDIS_URL": url, "REDIS_KEY_PREFIX": prefix})

        async def deliveries() -> list[bool]:
            return [
                await first.first_delivery(("event:Ev1", "message:D1:1.0")),
                await second.first_delivery(("event:Ev1",)),  # Slack's retry, on the other replica
                await second.first_delivery(("event:Ev2", "message:D1:1.0")),  # the same message as a new event
                await second.first_delivery(("event:Ev3", "message:D1:2.0")),
            ]

        assert asyncio.run(deliveries()) == [True, False, False, True]


def test_the_same_delivery_at_once_on_many_replicas_is_answered_by_exactly_one() -> None:
    with redis_prefix() as (url, prefix):
        logs = replicas({"REDIS_URL": url, "REDIS_KEY_PREFIX": prefix}, count=8)

        async def all_at_once() -> list[bool]:
            keys = ("event:Ev9", "message:C1:9.0")
            return list(await asyncio.gather(*(log.first_delivery(keys) for log in logs)))

        assert sorted(asyncio.run(all_at_once())) == [False] * 7 + [True]


def test_with_redis_gone_each_process_still_answers_and_remembers_by_itself(tmp_path: Path) -> None:
    with private_redis(tmp_path) as server:
        settings = lock_settings({"REDIS_URL": server.url, "SENCO_REDIS_TIMEOUT": "0.5"})
        assert settings is not None
        log = RedisDeliveryLog(settings)

        async def deliveries() -> list[bool]:
            seen = [await log.first_delivery(("event:A",))]
            server.stop()
            seen.append(await log.first_delivery(("event:B",)))  # answered, not dropped
            seen.append(await log.first_delivery(("event:B",)))  # and still not twice in this process
            return seen

        assert asyncio.run(deliveries()) == [True, True, False]


def test_the_channel_shares_its_log_exactly_when_redis_url_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    credentials = {"slack_token": "xoxb-1", "slack_signing_secret": "s3cret", "api_url": ""}
    monkeypatch.delenv("REDIS_URL", raising=False)
    alone = SlackChannel.from_credentials(credentials)
    assert isinstance(alone, SlackChannel)
    assert isinstance(alone.deliveries, MemoryDeliveryLog)
    with redis_prefix() as (url, prefix):
        monkeypatch.setenv("REDIS_URL", url)
        monkeypatch.setenv("REDIS_KEY_PREFIX", prefix)
        shared = SlackChannel.from_credentials(credentials)
        assert isinstance(shared, SlackChannel)
        assert isinstance(shared.deliveries, RedisDeliveryLog)
