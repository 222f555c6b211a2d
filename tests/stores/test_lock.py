"""The lock store (stores/lock.py) against the machine's real Redis, and a private redis-server stopped mid-run."""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path

import pytest
import redis
from rasa.core.lock_store import InMemoryLockStore, RedisLockStore

from stores.lock import AtomicRedisLockStore, SencoLockStore
from tests.services import private_redis, redis_prefix

pytestmark = pytest.mark.services


def redis_store(url: str, prefix: str) -> AtomicRedisLockStore:
    store = SencoLockStore(env={"REDIS_URL": url, "REDIS_KEY_PREFIX": prefix})
    assert isinstance(store, AtomicRedisLockStore)
    return store


def test_in_memory_without_redis_url_and_redis_with_it() -> None:
    assert isinstance(SencoLockStore(env={}), InMemoryLockStore)
    with redis_prefix() as (url, prefix):
        store = redis_store(url, prefix)
        # Rasa allows several Sanic workers only with a RedisLockStore
        assert isinstance(store, RedisLockStore)
        assert store.key_prefix.startswith(f"{prefix}:")


def test_tickets_taken_at_once_by_many_replicas_are_all_different() -> None:
    """Rasa's own read-change-write would hand two replicas the same ticket; every ticket here is unique."""
    with redis_prefix() as (url, prefix):
        stores = [redis_store(url, prefix) for _ in range(8)]
        tickets: list[int] = []
        guard = threading.Lock()

        def take(store: AtomicRedisLockStore) -> None:
            for _ in range(25):
                number = store.issue_ticket("one-conversation", 60)
                with guard:
                    tickets.append(number)

        threads = [threading.Thread(target=take, args=(s,)) for s in stores]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sorted(tickets) == list(range(200))
        lock = stores[0].get_lock("one-conversation")
        assert lock is not None
        assert len(lock.tickets) == 200
        for number in tickets:
            stores[number % 8].cleanup("one-conversation", number)
        assert stores[0].get_lock("one-conversation") is None


def test_two_replicas_never_hold_one_conversation_at_once() -> None:
    with redis_prefix() as (url, prefix):
        stores = [redis_store(url, prefix), redis_store(url, prefix)]
        inside, most, done = 0, 0, []

        async def turn(i: int) -> None:
            nonlocal inside, most
            async with stores[i % 2].lock("shared", wait_time_in_seconds=0.01):
                inside += 1
                most = max(most, inside)
                await asyncio.sleep(0.005)
                inside -= 1
                done.append(i)

        async def all_turns() -> None:
            await asyncio.gather(*(turn(i) for i in range(40)))

        asyncio.run(all_turns())
        assert (most, sorted(done)) == (1, list(range(40)))
        assert stores[0].get_lock("shared") is None


def test_redis_lost_mid_run_locks_locally_then_uses_redis_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with private_redis(tmp_path) as server:
        store = redis_store(server.url, "senco")
        store.retry_redis_after = 0.2
        seen = redis.Redis(port=server.port)

        async def hold(conversation: str) -> bool:
            """Take the lock; say whether Redis held it meanwhile."""
            async with store.lock(conversation):
                try:
                    return seen.exists(f"senco:lock:{conversation}") == 1
                except redis.ConnectionError:
                    return False

        assert asyncio.run(hold("a"))
        server.stop()
        caplog.set_level(logging.WARNING, logger="stores.lock")
        assert not asyncio.run(hold("a"))  # answered, with this process's own lock
        assert not asyncio.run(hold("b"))
        assert sum("does not answer" in r.getMessage() for r in caplog.records) == 1

        async def exclusive_locally() -> int:
            inside, most = 0, 0

            async def turn() -> None:
                nonlocal inside, most
                async with store.lock("c"):
                    inside += 1
                    most = max(most, inside)
                    await asyncio.sleep(0.01)
                    inside -= 1

            await asyncio.gather(*(turn() for _ in range(10)))
            return most

        assert asyncio.run(exclusive_locally()) == 1
        server.start()
        seen = redis.Redis(port=server.port)
        for _ in range(50):
            if asyncio.run(hold("a")):
                break
            threading.Event().wait(0.1)
        assert asyncio.run(hold("a"))
        assert any("answers again" in r.getMessage() for r in caplog.records)
        assert not store._local


def test_a_lock_left_by_a_dead_replica_expires_in_redis() -> None:
    with redis_prefix() as (url, prefix):
        store = redis_store(url, prefix)
        store.issue_ticket("abandoned", 5)
        ttl = store.red.ttl(store.key_prefix + "abandoned")
        assert 0 < ttl <= 65
