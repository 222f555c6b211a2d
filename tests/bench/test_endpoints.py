"""The bench-only endpoints file: the project's endpoints plus a Redis lock store (pure)."""

from __future__ import annotations

import pytest
import yaml

from bench.endpoints import with_redis_lock_store
from tests.servers import ROOT


def test_lock_store_is_added_and_the_rest_kept() -> None:
    original = yaml.safe_load((ROOT / "endpoints.yml").read_text())
    text = with_redis_lock_store((ROOT / "endpoints.yml").read_text(), "redis://127.0.0.1:6380/3", "sencobenchx1")
    endpoints = yaml.safe_load(text)
    assert endpoints["lock_store"] == {
        "type": "redis",
        "url": "127.0.0.1",
        "port": 6380,
        "db": 3,
        "key_prefix": "sencobenchx1",
    }
    assert {k: v for k, v in endpoints.items() if k != "lock_store"} == {
        k: v for k, v in original.items() if k != "lock_store"
    }
    assert "${ACTION_ENDPOINT_URL}" in text  # environment references stay for Rasa to fill in


def test_each_run_gets_its_own_letters_and_digits_prefix() -> None:
    first = yaml.safe_load(with_redis_lock_store("", "redis://localhost"))["lock_store"]
    second = yaml.safe_load(with_redis_lock_store("", "redis://localhost"))["lock_store"]
    assert first["key_prefix"] != second["key_prefix"]
    assert first["key_prefix"].isalnum()
    assert (first["port"], first["db"]) == (6379, 0)


def test_a_bad_redis_address_names_the_setting() -> None:
    with pytest.raises(ValueError, match="BENCH_REDIS_URL"):
        with_redis_lock_store("", "http://127.0.0.1:6379")
