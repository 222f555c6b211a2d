"""Which stores the environment chooses (stores/config.py): pure functions, no server needed."""

from __future__ import annotations

import pytest

from stores.config import (
    StoreConfigError,
    check_locking,
    describe_lock,
    describe_tracker,
    lock_settings,
    tracker_settings,
)


def test_sqlite_by_default_at_var_tracker_db() -> None:
    settings = tracker_settings({})
    assert (settings.dialect, settings.db) == ("sqlite", "var/tracker.db")
    assert settings.store_kwargs()["query"] is None


def test_sqlite_file_from_senco_tracker_db() -> None:
    assert tracker_settings({"SENCO_TRACKER_DB": "/tmp/x/t.db"}).db == "/tmp/x/t.db"


def test_postgresql_from_db_url() -> None:
    settings = tracker_settings({"DB_URL": "postgresql://rasa:s%40cret@db.example:6543/senco?sslmode=require"})
    kwargs = settings.store_kwargs()
    assert {k: kwargs[k] for k in ("dialect", "host", "port", "db", "username", "password")} == {
        "dialect": "postgresql",
        "host": "db.example",
        "port": 6543,
        "db": "senco",
        "username": "rasa",
        "password": "s@cret",
    }
    assert kwargs["query"] == {"sslmode": "require", "connect_timeout": "5"}


def test_db_url_wins_over_db_parts_and_sqlite() -> None:
    env = {"DB_URL": "postgres://postgres@127.0.0.1/one", "DB_NAME": "two", "SENCO_TRACKER_DB": "x.db"}
    settings = tracker_settings(env)
    assert (settings.dialect, settings.db, settings.port) == ("postgresql", "one", 5432)


def test_postgresql_from_db_parts_with_defaults() -> None:
    settings = tracker_settings({"DB_HOST": "db", "DB_PASSWORD": "pw"})
    assert (settings.host, settings.port, settings.username, settings.password, settings.db) == (
        "db",
        5432,
        "postgres",
        "pw",
        "senco",
    )
    assert tracker_settings({"DB_NAME": "other"}).host == "127.0.0.1"


def test_connect_timeout_from_the_environment() -> None:
    settings = tracker_settings({"DB_URL": "postgresql://h/d", "SENCO_DB_CONNECT_TIMEOUT": "2"})
    assert settings.store_kwargs()["query"] == {"connect_timeout": "2"}
    explicit = tracker_settings({"DB_URL": "postgresql://h/d?connect_timeout=9"})
    assert explicit.store_kwargs()["query"] == {"connect_timeout": "9"}


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"DB_URL": "mysql://h/d"}, "DB_URL"),
        ({"DB_URL": "postgresql://h:99999/d"}, "DB_URL"),
        ({"DB_URL": "postgresql://h:5432"}, "DB_URL"),
        ({"DB_HOST": "h", "DB_PORT": "five"}, "DB_PORT"),
        ({"DB_HOST": "h", "DB_PORT": "0"}, "DB_PORT"),
        ({"SENCO_DB_CONNECT_TIMEOUT": "soon"}, "SENCO_DB_CONNECT_TIMEOUT"),
        ({"SENCO_DB_CONNECT_TIMEOUT": "-1"}, "SENCO_DB_CONNECT_TIMEOUT"),
    ],
)
def test_bad_tracker_settings_name_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(StoreConfigError, match=names):
        tracker_settings(env)


def test_descriptions_never_show_the_password() -> None:
    settings = tracker_settings({"DB_URL": "postgresql://rasa:hunter2@db:5432/senco"})
    assert describe_tracker(settings) == "PostgreSQL at postgresql://rasa@db:5432/senco"
    assert "hunter2" not in repr(settings)
    lock = lock_settings({"REDIS_URL": "redis://:hunter2@cache:6380/3"})
    assert lock is not None
    assert "hunter2" not in describe_lock(lock) + repr(lock)
    assert describe_lock(lock) == "in Redis at redis://cache:6380/3 (key prefix senco)"


def test_in_memory_locks_without_redis_url() -> None:
    assert lock_settings({}) is None
    assert describe_lock(None).startswith("in memory")


def test_redis_lock_store_from_redis_url() -> None:
    lock = lock_settings({"REDIS_URL": "rediss://user:pw@cache:6380/3", "REDIS_KEY_PREFIX": "run42"})
    assert lock is not None
    assert lock.store_kwargs() == {
        "host": "cache",
        "port": 6380,
        "db": 3,
        "username": "user",
        "password": "pw",
        "use_ssl": True,
        "key_prefix": "run42",
        "socket_timeout": 2.0,
    }
    plain = lock_settings({"REDIS_URL": "redis://127.0.0.1"})
    assert plain is not None
    assert (plain.port, plain.db, plain.use_ssl, plain.key_prefix) == (6379, 0, False, "senco")


@pytest.mark.parametrize(
    ("env", "name"),
    [
        ({"REDIS_URL": "http://cache"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://cache/zero"}, "REDIS_URL"),
        ({"REDIS_URL": "redis://cache", "REDIS_KEY_PREFIX": "a-b"}, "REDIS_KEY_PREFIX"),
        ({"REDIS_URL": "redis://cache", "SENCO_REDIS_TIMEOUT": "x"}, "SENCO_REDIS_TIMEOUT"),
    ],
)
def test_bad_lock_settings_name_the_variable(env: dict[str, str], name: str) -> None:
    with pytest.raises(StoreConfigError, match=name):
        lock_settings(env)


def test_several_sanic_workers_need_redis() -> None:
    with pytest.raises(StoreConfigError, match="SANIC_WORKERS"):
        check_locking({"SANIC_WORKERS": "4"})
    check_locking({"SANIC_WORKERS": "4", "REDIS_URL": "redis://cache"})
    check_locking({"SANIC_WORKERS": "1"})
    with pytest.raises(StoreConfigError, match="SANIC_WORKERS"):
        check_locking({"SANIC_WORKERS": "many"})
