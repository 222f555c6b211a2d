"""PostgreSQL lost while Rasa runs (rasa_patches/store_failures.py), on a private PostgreSQL this test starts and
stops itself: the message gets "try again shortly" with a 200, /health/ready names the tracker store, nothing of
the failed attempt is stored, and when the database is back the form carries on where it was."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg2
import pytest
import requests
import yaml

from tests.servers import ROOT, free_port, running_assistant
from tests.services import stored_events

pytestmark = [pytest.mark.slow, pytest.mark.services]

TRY_AGAIN = [r["text"] for r in yaml.safe_load((ROOT / "domain.yml").read_text())["responses"]["utter_senco_try_again"]]
FIRST = "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?"
PASSWORD = "pw-never-shown-7f3a"  # trust authentication ignores it; it must still never be shown


class PrivatePostgres:
    """initdb + pg_ctl on a directory of its own and a free port; run as the `postgres` user when the tests run as
    root (PostgreSQL refuses to run as root)."""

    def __init__(self) -> None:
        found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not found:
            pytest.skip("no PostgreSQL server binaries under /usr/lib/postgresql")
        self.bin = Path(found[-1]).parent
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="senco-pg-"))
        self.data = self.dir / "data"
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run(str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
        log = str(self.dir / "log")
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgresql://postgres:{PASSWORD}@127.0.0.1:{self.port}/{database}"


@contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    server = PrivatePostgres()
    server.init()
    server.start()
    try:
        conn = psycopg2.connect(host="127.0.0.1", port=server.port, user="postgres", dbname="postgres")
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("CREATE DATABASE senco")
        conn.close()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)


def ready(url: str) -> requests.Response:
    return requests.get(f"{url}/health/ready", timeout=15)


def test_a_message_while_the_database_is_away_gets_try_again_and_the_form_carries_on(tmp_path: Path) -> None:
    with private_postgres() as pg:
        db_url = pg.url("senco")
        with running_assistant(tmp_path, env={"DB_URL": db_url, "SENCO_DB_CONNECT_TIMEOUT": "2"}) as bot:
            user = "teacher-db-lost"
            bot.say(user, FIRST)
            assert bot.tracker(user)["slots"]["requested_slot"] == "npq"
            before = stored_events(db_url, user)

            pg.stop()
            started = time.monotonic()
            replies = bot.say(user, "not started")  # asserts the 200
            assert time.monotonic() - started < 15
            assert [r.get("text") for r in replies] == TRY_AGAIN[:1]
            down = ready(bot.url)
            assert down.status_code == 503
            body = down.json()
            assert body["ready"] is False
            assert body["stores"]["lock"] == "ok"
            assert body["stores"]["tracker"] != "ok"
            assert PASSWORD not in down.text

            pg.start()
            deadline = time.monotonic() + 30
            while ready(bot.url).status_code != 200:
                assert time.monotonic() < deadline, "the tracker store was not ready again within 30 seconds"
                time.sleep(0.5)
            assert stored_events(db_url, user) == before  # no trace of the failed attempt

            bot.say(user, "not started")
            assert bot.tracker(user)["slots"]["requested_slot"] == "prior_senco_service_over_12_months"
            answer = bot.say(user, "no")
            assert any((r.get("custom") or {}).get("outcome") == "NPQ_REQUIRED" for r in answer)
            metrics = requests.get(f"{bot.url}/metrics", timeout=10).text
            assert 'senco_store_failures_total{store="tracker"} 1.0' in metrics
        log = (tmp_path / "rasa.log").read_text()
        assert "The tracker store does not answer" in log
        assert PASSWORD not in log
