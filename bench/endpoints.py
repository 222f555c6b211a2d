"""A bench-only endpoints file: the project's endpoints.yml plus a Redis lock store, which Rasa requires before
it runs more than one Sanic worker. The lock keys get a unique prefix, so runs never share locks."""

from __future__ import annotations

import uuid
from urllib.parse import urlparse

import yaml


def with_redis_lock_store(endpoints_text: str, redis_url: str, prefix: str | None = None) -> str:
    """endpoints.yml's text with its lock store replaced by Redis at `redis_url` (redis://host:port/db)."""
    url = urlparse(redis_url)
    if url.scheme != "redis" or not url.hostname:
        raise ValueError(f"BENCH_REDIS_URL={redis_url!r} is not a redis://host:port/db address")
    endpoints = yaml.safe_load(endpoints_text) or {}
    endpoints["lock_store"] = {
        "type": "redis",
        "url": url.hostname,
        "port": url.port or 6379,
        "db": int(url.path.strip("/") or 0),
        # Rasa accepts only letters and digits here
        "key_prefix": prefix or f"sencobench{uuid.uuid4().hex[:8]}",
    }
    return yaml.safe_dump(endpoints, sort_keys=False)
