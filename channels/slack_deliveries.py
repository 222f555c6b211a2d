"""Which Slack deliveries were already seen, so a retried or repeated event is never answered twice.

Slack retries an event it thinks went unanswered, and may deliver one message as two events. One Rasa process can
remember deliveries in memory; several replicas behind a balancer cannot, because a retry may reach another
replica. So when `REDIS_URL` is set (the shared lock store of README "Stores and scaling out"), the log lives in
Redis: one atomic transaction of "set if absent, with expiry" per delivery. If Redis stops answering, each process
falls back to its own memory for a while and says so once: answering a retry twice is better than not answering.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Protocol

from redis import asyncio as aioredis
from redis.exceptions import RedisError

from stores.config import LockSettings, lock_settings

logger = logging.getLogger(__name__)

DELIVERY_TTL_S = 60 * 60  # Slack retries an event three times within about five minutes
DELIVERY_LOG_SIZE = 10_000
RETRY_REDIS_AFTER_S = 5.0


class DeliveryLog(Protocol):
    """Remembers which deliveries were seen."""

    async def first_delivery(self, keys: tuple[str, ...]) -> bool:
        """True, and remembers them, when none of `keys` was seen before."""
        ...


class MemoryDeliveryLog:
    """A bounded, expiring in-memory `DeliveryLog`: right for one Rasa process."""

    def __init__(
        self, ttl_s: float = DELIVERY_TTL_S, size: int = DELIVERY_LOG_SIZE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._seen: OrderedDict[str, float] = OrderedDict()
        self._ttl_s, self._size, self._clock = ttl_s, size, clock

    async def first_delivery(self, keys: tuple[str, ...]) -> bool:
        now = self._clock()
        while self._seen and next(iter(self._seen.values())) <= now:
            self._seen.popitem(last=False)
        if any(key in self._seen for key in keys):
            return False
        for key in keys:
            self._seen[key] = now + self._ttl_s
            if len(self._seen) > self._size:
                self._seen.popitem(last=False)
        return True


class RedisDeliveryLog:
    """A `DeliveryLog` shared by every replica through Redis, with a local fallback while Redis is away."""

    def __init__(self, settings: LockSettings, ttl_s: float = DELIVERY_TTL_S) -> None:
        self._redis = aioredis.Redis(**settings.client_kwargs())
        self._prefix = f"{settings.key_prefix}:slack:delivery:"
        self._ttl_s = int(ttl_s)
        self._fallback = MemoryDeliveryLog(ttl_s)
        self._redis_down_until = 0.0

    async def first_delivery(self, keys: tuple[str, ...]) -> bool:
        if time.monotonic() < self._redis_down_until:
            return await self._fallback.first_delivery(keys)
        try:
            # One MULTI/EXEC: two replicas given the same delivery at once cannot both see every key as new.
            async with self._redis.pipeline(transaction=True) as pipe:
                for key in keys:
                    pipe.set(self._prefix + key, 1, nx=True, ex=self._ttl_s)
                created = await pipe.execute()
        except (RedisError, OSError) as error:
            if not self._redis_down_until:
                logger.warning("Slack deliveries are remembered per process while Redis does not answer (%s)", error)
            self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER_S
            return await self._fallback.first_delivery(keys)
        if self._redis_down_until:
            logger.warning("Slack deliveries are remembered in Redis again")
            self._redis_down_until = 0.0
        return all(created)


def delivery_log_from_env(env: Mapping[str, str]) -> DeliveryLog:
    """Redis when `REDIS_URL` is set (several replicas), else memory (one process)."""
    settings = lock_settings(env)
    return RedisDeliveryLog(settings) if settings else MemoryDeliveryLog()
