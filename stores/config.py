"""Which tracker store and lock store to use, read from the environment: pure functions, no connection made.

Rasa's endpoints.yml can only substitute `${VAR}`; it cannot choose a store. endpoints.yml therefore names the
classes in this package, and this module is the one place that turns the environment into their settings:

- tracker store: SQLite file `SENCO_TRACKER_DB` (default `var/tracker.db`) unless `DB_URL`, or any of `DB_HOST`,
  `DB_PORT`, `DB_USER`, `DB_PASSWORD`, `DB_NAME`, is set: then PostgreSQL (`DB_URL` wins when both are given);
- lock store: Redis when `REDIS_URL` is set, else in memory (one Rasa process only).

Settings never appear in a log with their password: `describe_*` give the password-free form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

DEFAULT_SQLITE_PATH = "var/tracker.db"
DEFAULT_DB_CONNECT_TIMEOUT = 5.0
DEFAULT_REDIS_TIMEOUT = 2.0
DEFAULT_REDIS_KEY_PREFIX = "senco"
_POSTGRES_SCHEMES = frozenset({"postgresql", "postgres", "postgresql+psycopg2"})
DB_PARTS = ("DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME")


class StoreConfigError(ValueError):
    """A store setting in the environment that cannot be used; the message names the variable."""


@dataclass(frozen=True)
class TrackerSettings:
    """Keyword arguments for Rasa's `SQLTrackerStore`, plus how long a PostgreSQL connection may take."""

    dialect: str
    db: str
    host: str | None = None
    port: int | None = None
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    query: dict[str, str] = field(default_factory=dict)
    connect_timeout: float = DEFAULT_DB_CONNECT_TIMEOUT

    @property
    def is_postgresql(self) -> bool:
        return self.dialect == "postgresql"

    def store_kwargs(self) -> dict[str, Any]:
        """What `SQLTrackerStore.__init__` takes. PostgreSQL gets libpq's `connect_timeout`, so a database that
        does not answer fails within seconds instead of hanging on the operating system's TCP timeout."""
        query = dict(self.query)
        if self.is_postgresql:
            query.setdefault("connect_timeout", str(max(1, round(self.connect_timeout))))
        return {
            "dialect": self.dialect,
            "host": self.host,
            "port": self.port,
            "db": self.db,
            "username": self.username,
            "password": self.password,
            "query": query or None,
        }


@dataclass(frozen=True)
class LockSettings:
    """Keyword arguments for Rasa's `RedisLockStore`."""

    host: str
    port: int
    db: int
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    use_ssl: bool = False
    key_prefix: str = DEFAULT_REDIS_KEY_PREFIX
    socket_timeout: float = DEFAULT_REDIS_TIMEOUT

    def _connection(self) -> dict[str, Any]:
        return {
            "host": self.host,
            "port": self.port,
            "db": self.db,
            "username": self.username,
            "password": self.password,
        }

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for a redis-py client (sync or asyncio) of this Redis, with the timeouts applied."""
        timeouts = {"socket_timeout": self.socket_timeout, "socket_connect_timeout": self.socket_timeout}
        return self._connection() | {"ssl": self.use_ssl} | timeouts

    def store_kwargs(self) -> dict[str, Any]:
        extra = {"use_ssl": self.use_ssl, "key_prefix": self.key_prefix, "socket_timeout": self.socket_timeout}
        return self._connection() | extra


def _get(env: Mapping[str, str], name: str) -> str:
    return (env.get(name) or "").strip()


def _port(value: str, name: str) -> int:
    try:
        port = int(value)
    except ValueError:
        raise StoreConfigError(f"{name} must be a port number, not {value!r}") from None
    if not 0 < port < 65536:
        raise StoreConfigError(f"{name} must be a port number between 1 and 65535, not {port}")
    return port


def positive_seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """A timeout setting: a number of seconds above 0, or `default` when unset ."""
    value = _get(env, name)
    if not value:
        return default
    try:
        seconds = float(value)
    except ValueError:
        raise StoreConfigError(f"{name} must be a number of seconds, not {value!r}") from None
    if seconds <= 0:
        raise StoreConfigError(f"{name} must be more than 0 seconds, not {value!r}")
    return seconds


def _postgres_from_url(url: str, timeout: float) -> TrackerSettings:
    parts = urlsplit(url)
    if parts.scheme not in _POSTGRES_SCHEMES:
        raise StoreConfigError(
            f"DB_URL must start with postgresql:// (PostgreSQL is the only database server supported), "
            f"not {parts.scheme or 'no scheme'}://"
        )
    try:
        port = parts.port
    except ValueError:
        raise StoreConfigError("DB_URL has a port that is not a number between 1 and 65535") from None
    db = unquote(parts.path.lstrip("/"))
    if not db:
        raise StoreConfigError("DB_URL must name the database, e.g. postgresql://user@host:5432/senco")
    return TrackerSettings(
        dialect="postgresql",
        db=db,
        host=parts.hostname or "127.0.0.1",
        port=port or 5432,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        query=dict(parse_qsl(parts.query)),
        connect_timeout=timeout,
    )


def tracker_settings(env: Mapping[str, str]) -> TrackerSettings:
    """The tracker store the environment asks for (see the module docstring)."""
    timeout = positive_seconds(env, "SENCO_DB_CONNECT_TIMEOUT", DEFAULT_DB_CONNECT_TIMEOUT)
    url = _get(env, "DB_URL")
    if url:
        return _postgres_from_url(url, timeout)
    if any(_get(env, name) for name in DB_PARTS):
        return TrackerSettings(
            dialect="postgresql",
            db=_get(env, "DB_NAME") or "senco",
            host=_get(env, "DB_HOST") or "127.0.0.1",
            port=_port(_get(env, "DB_PORT") or "5432", "DB_PORT"),
            username=_get(env, "DB_USER") or "postgres",
            password=env.get("DB_PASSWORD") or None,
            connect_timeout=timeout,
        )
    return TrackerSettings(dialect="sqlite", db=_get(env, "SENCO_TRACKER_DB") or DEFAULT_SQLITE_PATH)


def lock_settings(env: Mapping[str, str]) -> LockSettings | None:
    """The Redis lock store `REDIS_URL` asks for, or None for the in-memory lock store."""
    url = _get(env, "REDIS_URL")
    if not url:
        return None
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss"):
        raise StoreConfigError(f"REDIS_URL must start with redis:// or rediss://, not {parts.scheme or 'nothing'}://")
    try:
        port = parts.port or 6379
    except ValueError:
        raise StoreConfigError("REDIS_URL has a port that is not a number between 1 and 65535") from None
    path = parts.path.strip("/")
    if path and not path.isdigit():
        raise StoreConfigError(f"REDIS_URL must end with a database number (e.g. /0), not /{path}")
    prefix = _get(env, "REDIS_KEY_PREFIX") or DEFAULT_REDIS_KEY_PREFIX
    if not prefix.isalnum():
        # Rasa's RedisLockStore silently ignores a prefix that is not alphanumeric: refuse it instead.
        raise StoreConfigError(f"REDIS_KEY_PREFIX must be letters and digits only, not {prefix!r}")
    return LockSettings(
        host=parts.hostname or "127.0.0.1",
        port=port,
        db=int(path or 0),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_ssl=parts.scheme == "rediss",
        key_prefix=prefix,
        socket_timeout=positive_seconds(env, "SENCO_REDIS_TIMEOUT", DEFAULT_REDIS_TIMEOUT),
    )


def sanic_workers(env: Mapping[str, str]) -> int:
    """How many Sanic worker processes Rasa will run (`SANIC_WORKERS`, default 1)."""
    value = _get(env, "SANIC_WORKERS") or "1"
    try:
        return int(value)
    except ValueError:
        raise StoreConfigError(f"SANIC_WORKERS must be a whole number, not {value!r}") from None


def check_locking(env: Mapping[str, str]) -> None:
    """Refuse several Sanic workers without Redis: each worker would have its own in-memory lock, so two
    messages of one conversation could be processed at once and one of them lost. (Rasa itself allows it
    whenever the lock store is a custom class, as ours is.)"""
    if sanic_workers(env) > 1 and lock_settings(env) is None:
        raise StoreConfigError("SANIC_WORKERS above 1 needs REDIS_URL (a shared lock store)")


def describe_tracker(settings: TrackerSettings) -> str:
    """The tracker store for a log line: never the password."""
    if not settings.is_postgresql:
        return f"SQLite at {settings.db}"
    user = f"{settings.username}@" if settings.username else ""
    return f"PostgreSQL at postgresql://{user}{settings.host}:{settings.port}/{settings.db}"


def describe_lock(settings: LockSettings | None) -> str:
    """The lock store for a log line: never the password."""
    if settings is None:
        return "in memory (one Rasa process)"
    scheme = "rediss" if settings.use_ssl else "redis"
    user = f"{settings.username}@" if settings.username else ""
    where = f"{scheme}://{user}{settings.host}:{settings.port}/{settings.db}"
    return f"in Redis at {where} (key prefix {settings.key_prefix})"
