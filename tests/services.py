"""The machine's real PostgreSQL and Redis for tests, each test run in its own database / key prefix, cleaned up
after; and a private `redis-server` a test may stop and start (never the shared one on 6379)."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import redis

from tests.servers import free_port

PG_HOST = os.environ.get("SENCO_TEST_PG_HOST", "127.0.0.1")
PG_PORT = int(os.environ.get("SENCO_TEST_PG_PORT", "5432"))
PG_USER = os.environ.get("SENCO_TEST_PG_USER", "postgres")
REDIS_HOST = os.environ.get("SENCO_TEST_REDIS_HOST", "127.0.0.1")
REDIS_PORT = int(os.environ.get("SENCO_TEST_REDIS_PORT", "6379"))


def _admin() -> psycopg2.extensions.connection:
    conn = psycopg2.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", connect_timeout=5)
    conn.autocommit = True
    return conn


@contextmanager
def postgres_database() -> Iterator[str]:
    """A new, empty PostgreSQL database for this test; yields its DB_URL and drops it afterwards."""
    name = f"senco_test_{uuid.uuid4().hex[:12]}"
    conn = _admin()
    try:
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
    finally:
        with conn.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.close()


def stored_events(db_url: str, sender: str | None = None) -> list[tuple[str, str, dict]]:
    """(sender_id, type_name, data) of every event Rasa stored, in the order it stored them."""
    import json

    query = "SELECT sender_id, type_name, data FROM events"
    args: tuple = ()
    if sender is not None:
        query += " WHERE sender_id = %s"
        args = (sender,)
    with psycopg2.connect(db_url, connect_timeout=5) as conn, conn.cursor() as cur:
        cur.execute(query + " ORDER BY id", args)
        return [(s, t, json.loads(d)) for s, t, d in cur.fetchall()]


@contextmanager
def redis_prefix() -> Iterator[tuple[str, str]]:
    """A unique lock-store key prefix on the shared Redis: yields (REDIS_URL, REDIS_KEY_PREFIX); deletes its keys."""
    prefix = f"sencotest{uuid.uuid4().hex[:12]}"
    try:
        yield f"redis://{REDIS_HOST}:{REDIS_PORT}/0", prefix
    finally:
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=0)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)
        client.close()


class PrivateRedis:
    """A `redis-server` of this test's own, on a free port, that the test may stop and start again."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        server = shutil.which("redis-server") or "/usr/bin/redis-server"
        command = [server, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.workdir)]
        self.proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        client = redis.Redis(port=self.port, socket_connect_timeout=1)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"private redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(timeout=30)
            self.proc = None


@contextmanager
def private_redis(workdir: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(workdir)
    server.start()
    try:
        yield server
    finally:
        server.stop()
