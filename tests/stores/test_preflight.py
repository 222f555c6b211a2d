"""An unreachable or wrong store stops the start within seconds with one clear line (stores/preflight.py, run by
tools/serve_rasa.sh), against the machine's real PostgreSQL and Redis and ports where nothing listens."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.servers import ROOT, free_port
from tests.services import postgres_database, redis_prefix

pytestmark = pytest.mark.services


def preflight(env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "REDIS_", "SENCO_"))}
    full = clean | {"SENCO_TRACKER_DB": str(tmp_path / "t.db")} | env
    return subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "stores.preflight"],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=60,
    )


def one_error_line(result: subprocess.CompletedProcess) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    return lines[0]


def test_sqlite_default_is_ready_and_its_folder_made(tmp_path: Path) -> None:
    result = preflight({"SENCO_TRACKER_DB": str(tmp_path / "new" / "tracker.db")}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "new").is_dir()
    assert "SQLite" in result.stderr


def test_real_postgresql_and_redis_are_ready(tmp_path: Path) -> None:
    with postgres_database() as url, redis_prefix() as (redis_url, prefix):
        result = preflight({"DB_URL": url, "REDIS_URL": redis_url, "REDIS_KEY_PREFIX": prefix}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "PostgreSQL" in result.stderr
    assert "Redis" in result.stderr


def test_postgresql_down_is_one_line_naming_the_store_without_the_password(tmp_path: Path) -> None:
    port = free_port()
    result = preflight({"DB_URL": f"postgresql://rasa:hunter2@127.0.0.1:{port}/senco"}, tmp_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert f"postgresql://rasa@127.0.0.1:{port}/senco" in line
    assert "hunter2" not in result.stderr


def test_missing_database_is_named(tmp_path: Path) -> None:
    result = preflight({"DB_HOST": "127.0.0.1", "DB_NAME": "senco_no_such_database_here"}, tmp_path)
    assert result.returncode == 1
    assert 'database "senco_no_such_database_here" does not exist' in one_error_line(result)


def test_redis_down_is_one_line(tmp_path: Path) -> None:
    port = free_port()
    result = preflight({"REDIS_URL": f"redis://:hunter2@127.0.0.1:{port}/0"}, tmp_path)
    assert result.returncode == 1
    line = one_error_line(result)
    assert "lock store" in line
    assert f"127.0.0.1:{port}" in line
    assert "hunter2" not in result.stderr


def test_bad_setting_is_exit_2_naming_the_variable(tmp_path: Path) -> None:
    result = preflight({"DB_URL": "mysql://h/d"}, tmp_path)
    assert result.returncode == 2
    assert "DB_URL" in one_error_line(result)


def test_serve_rasa_stops_before_rasa_when_the_database_is_down(tmp_path: Path) -> None:
    """The real start script: one line, no traceback, and Rasa is never started (no model is even needed)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DB_", "REDIS_"))}
    env["DB_URL"] = f"postgresql://postgres@127.0.0.1:{free_port()}/senco"
    result = subprocess.run(
        ["bash", "tools/serve_rasa.sh", "no-model.tar.gz"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "cannot reach the tracker store" in one_error_line(result)
