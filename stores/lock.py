"""The lock store endpoints.yml names: Redis when `REDIS_URL` is set, in memory otherwise.

Rasa processes one message per conversation at a time by taking a ticket lock around it. With several Rasa
replicas the lock must live in Redis. Two things are added to Rasa's `RedisLockStore`:

- Every change to a lock is atomic (Redis WATCH/MULTI). Rasa reads a lock, changes it and writes it back, so two
  replicas taking tickets for one conversation at the same moment can both get the same ticket, or one can erase
  the other's; both then process at once, or one fails with a LockError.
- Redis lost mid-run does not stop the assistant. While Redis does not answer, each Rasa process locks
  conversations by itself (one warning per outage) and tries Redis again every few seconds; messages keep being
  answered. The only risk in that window is two messages of one conversation reaching two replicas at the same
  instant, which a person waiting for each answer does not do.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections.abc import AsyncGenerator, Callable, Mapping
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, InMemoryLockStore, LockError, LockStore, RedisLockStore
from redis.exceptions import RedisError

from stores.config import LockSettings, check_locking, describe_lock, lock_settings

logger = logging.getLogger(__name__)

RETRY_REDIS_AFTER = 5.0  # seconds between attempts to use Redis again after it failed
T = TypeVar("T")


class SencoLockStore(LockStore):
    """Chooses the lock store: Rasa instantiates the class endpoints.yml names, so this class's constructor
    returns the store the environment asks for (an `AtomicRedisLockStore`, or Rasa's `InMemoryLockStore`)."""

    def __new__(cls, endpoint_config: Any = None, env: Mapping[str, str] | None = None) -> LockStore:  # type: ignore[misc]
        env = os.environ if env is None else env
        check_locking(env)
        settings = lock_settings(env)
        logger.info("Conversation locks are kept %s.", describe_lock(settings))
        if settings is None:
            return InMemoryLockStore()
        return AtomicRedisLockStore(settings)


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's Redis lock store with atomic lock changes and a per-process fallback while Redis is away."""

    def __init__(self, settings: LockSettings) -> None:
        super().__init__(**settings.store_kwargs())
        self.retry_redis_after = RETRY_REDIS_AFTER
        self._redis_down_until = 0.0
        self._redis_lost = False
        self._local: dict[str, tuple[asyncio.Lock, int]] = {}

    # --- atomic changes -------------------------------------------------------------------------------------
    def _change(self, conversation_id: str, change: Callable[[TicketLock | None], tuple[TicketLock | None, T]]) -> T:
        """Read the lock, apply `change` (which returns the new lock, or None to delete it, and a result) and
        write it back, retrying if another process changed the lock in between."""
        key = self.key_prefix + conversation_id

        def transaction(pipe: Any) -> T:
            raw = pipe.get(key)
            new_lock, result = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
            pipe.multi()
            if new_lock is None or not new_lock.tickets:
                pipe.delete(key)
            else:
                # gone by itself a minute after its last ticket expires, should every replica holding it die
                last = max(ticket.expires for ticket in new_lock.tickets)
                pipe.set(key, new_lock.dumps(), ex=max(1, int(last - time.time()) + 60))
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def take(lock: TicketLock | None) -> tuple[TicketLock, int]:
            lock = lock or TicketLock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        return self._change(conversation_id, take)

    def update_lock(self, conversation_id: str) -> None:
        def expire(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, expire)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self.cleanup(conversation_id, ticket_number)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> tuple[TicketLock | None, None]:
            if lock:
                lock.remove_ticket_for(ticket_number)
            return lock, None

        self._change(conversation_id, finish)

    # --- Redis lost -----------------------------------------------------------------------------------------
    def _redis_failed(self, error: Exception) -> None:
        self._redis_down_until = time.monotonic() + self.retry_redis_after
        if not self._redis_lost:
            self._redis_lost = True
            logger.warning(
                "The Redis lock store does not answer (%s): this Rasa process locks conversations by itself until "
                "it does.",
                type(error).__name__,
            )

    def _redis_answered(self) -> None:
        if self._redis_lost:
            self._redis_lost = False
            logger.warning("The Redis lock store answers again: conversations are locked in Redis.")

    @asynccontextmanager
    async def lock(
        self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME, wait_time_in_seconds: float = 1
    ) -> AsyncGenerator[TicketLock, None]:
        """Rasa's ticket lock in Redis; this process's own lock while Redis does not answer."""
        acquired: TicketLock | None = None
        ticket = -1
        if time.monotonic() >= self._redis_down_until:
            try:
                ticket = self.issue_ticket(conversation_id, lock_lifetime)
                acquired = await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
                self._redis_answered()
            except RedisError as error:
                self._redis_failed(error)
                acquired = None
            except LockError:
                self.cleanup(conversation_id, ticket)  # our ticket expired while waiting: Rasa's own outcome
                raise
        if acquired is None:
            async with self._local_lock(conversation_id) as local:
                yield local
            return
        try:
            yield acquired
        finally:
            try:
                self.cleanup(conversation_id, ticket)
            except RedisError as error:
                # The ticket expires by itself after `lock_lifetime`; the answer has been given.
                self._redis_failed(error)

    @asynccontextmanager
    async def _local_lock(self, conversation_id: str) -> AsyncGenerator[TicketLock, None]:
        lock, users = self._local.get(conversation_id, (asyncio.Lock(), 0))
        self._local[conversation_id] = (lock, users + 1)
        try:
            async with lock:
                yield TicketLock(conversation_id)
        finally:
            lock, users = self._local[conversation_id]
            if users <= 1:
                del self._local[conversation_id]
            else:
                self._local[conversation_id] = (lock, users - 1)
