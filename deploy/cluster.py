"""`make cluster`: the scale-out topology on one machine, with nothing but Python: 2 Rasa replicas and 2 action
servers behind round-robin balancers, sharing PostgreSQL (conversations) and Redis (conversation locks).

    people --> balancer :RASA_PORT --> Rasa replica 1, 2 --> balancer (loopback) --> action server 1, 2
                                            |                  (stateless)
                                 PostgreSQL (DB_URL) + Redis (REDIS_URL)

Every process is started by the same scripts as `make run` (tools/serve_rasa.sh, tools/serve_actions.sh) and
watched: its health check (Rasa `/` and `/status`, action server `/health`) runs every few seconds; a member that
fails it three times in a row is withdrawn from its balancer, and restarted if it does not recover; a process
that exits is restarted. `GET /cluster-status` on the public port shows every member. Ctrl-C or SIGTERM stops all.

Settings: DB_URL (default postgresql://postgres@127.0.0.1:5432/senco; the database is created if missing),
REDIS_URL (default redis://127.0.0.1:6379/0), CLUSTER_REPLICAS and CLUSTER_ACTION_SERVERS (default 2 each),
RASA_HOST/RASA_PORT for the public balancer (default 127.0.0.1:5005), logs under CLUSTER_LOG_DIR (var/cluster).
WEBCHAT_ALLOWED_ORIGINS defaults to the balancer's own address, where the web chat's demo page is served.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from aiohttp import web

from deploy.balancer import Balancer, Member
from deploy.processes import ROOT, free_port, trained_model
from senco_settings import check
from senco_settings import value as setting
from stores.config import StoreConfigError, TrackerSettings, tracker_settings

logger = logging.getLogger("cluster")

HEALTH_INTERVAL = 2.0  # seconds between health checks
FAILURES_TO_WITHDRAW = 3  # failed checks in a row before a member leaves the rotation
FAILING_BEFORE_RESTART = 30.0  # seconds a withdrawn member may take to recover before it is restarted
STARTUP_GRACE = 300.0  # seconds a new Rasa replica may take to load its model
DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/senco"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


@dataclass
class Process:
    """One supervised server: how to start it, where it answers its health checks, and its balancer member."""

    member: Member
    command: list[str]
    env: dict[str, str]
    health_paths: tuple[str, ...]
    log: Path
    proc: subprocess.Popen | None = None
    started: float = 0.0
    failures: int = 0
    failing_since: float | None = None
    restarts: int = 0
    ever_ready: bool = False
    not_before: float = 0.0  # restarts back off, so a server that cannot start does not spin

    def start(self) -> None:
        with self.log.open("a") as out:
            self.proc = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        self.started, self.failures, self.failing_since = time.monotonic(), 0, None
        self.member.note, self.member.pid = "starting", self.proc.pid
        logger.info("%s started (pid %s)", self.member.name, self.proc.pid)

    def stop(self) -> None:
        """SIGTERM (and SIGCONT, for a process stopped by a signal), then SIGKILL after 30 s. Blocks: run it in a
        thread when the balancers are serving."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.send_signal(signal.SIGCONT)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    async def restart(self, why: str) -> None:
        self.member.withdraw(why)
        logger.warning("%s restarting: %s", self.member.name, why)
        await asyncio.to_thread(self.stop)
        self.restarts += 1
        self.start()

    async def healthy(self, session: aiohttp.ClientSession, token: str) -> bool:
        for path in self.health_paths:
            url = self.member.url + path + (f"?token={token}" if token and path == "/status" else "")
            try:
                async with session.get(url) as reply:
                    if reply.status != 200:
                        return False
            except (aiohttp.ClientError, asyncio.TimeoutError):
                return False
        return True

    async def check(self, session: aiohttp.ClientSession, token: str) -> None:
        """One round of supervision (see the module docstring)."""
        now = time.monotonic()
        if self.proc is None or self.proc.poll() is not None:
            self.member.withdraw("not running")
            if now >= self.not_before:
                code = self.proc.returncode if self.proc else None
                self.not_before = now + min(60.0, 2.0 * 2 ** min(self.restarts, 5))
                await self.restart(f"exited with code {code}")
            return
        if await self.healthy(session, token):
            self.failures, self.failing_since, self.ever_ready, self.restarts = 0, None, True, 0
            self.member.admit()
            return
        self.failures += 1
        if not self.ever_ready:
            if now - self.started > STARTUP_GRACE:
                await self.restart(f"not ready {STARTUP_GRACE:.0f} s after starting")
            return
        if self.failures >= FAILURES_TO_WITHDRAW:
            self.member.withdraw(f"failed {self.failures} health checks in a row")
            self.failing_since = self.failing_since or now
            if now - self.failing_since > FAILING_BEFORE_RESTART:
                self.ever_ready = False
                await self.restart(f"failing its health checks for {FAILING_BEFORE_RESTART:.0f} s")


def ensure_database(settings: TrackerSettings) -> None:
    """Create the PostgreSQL database the settings name if it does not exist (connecting to `postgres`)."""
    import psycopg2
    from psycopg2 import sql

    login = {
        "host": settings.host,
        "port": settings.port,
        "user": settings.username,
        "password": settings.password,
        "connect_timeout": 5,
    }
    try:
        psycopg2.connect(dbname=settings.db, **login).close()
        return
    except psycopg2.OperationalError as error:
        if "does not exist" not in str(error):
            return  # the preflight of each replica reports it in one line
    conn = psycopg2.connect(dbname="postgres", **login)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings.db)))
    conn.close()
    logger.info("created the database %s", settings.db)


@dataclass
class Topology:
    rasa: list[Process]
    actions: list[Process]
    public: Balancer
    internal: Balancer
    internal_port: int


def plan(env: dict[str, str], model: str, log_dir: Path) -> Topology:
    replicas = int(setting("CLUSTER_REPLICAS", env))
    action_servers = int(setting("CLUSTER_ACTION_SERVERS", env))
    action_members = [
        Member(f"action-server-{i + 1}", f"http://127.0.0.1:{free_port()}") for i in range(action_servers)
    ]
    actions_balancer = Balancer("action server", action_members)
    actions_port = free_port()
    actions = [
        Process(
            member,
            ["bash", "tools/serve_actions.sh"],
            env | {"ACTION_PORT": member.url.rsplit(":", 1)[1]},
            ("/health",),
            log_dir / f"{member.name}.log",
        )
        for member in action_members
    ]
    rasa_members = [Member(f"rasa-{i + 1}", f"http://127.0.0.1:{free_port()}") for i in range(replicas)]
    rasa = [
        Process(
            member,
            ["bash", "tools/serve_rasa.sh", model],
            env
            | {
                "RASA_HOST": "127.0.0.1",
                "RASA_PORT": member.url.rsplit(":", 1)[1],
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
            },
            ("/", "/status"),
            log_dir / f"{member.name}.log",
        )
        for member in rasa_members
    ]
    public = Balancer("Rasa", rasa_members, shown=rasa_members + action_members)
    return Topology(rasa, actions, public, actions_balancer, actions_port)


async def serve(env: dict[str, str]) -> None:
    log_dir = ROOT / setting("CLUSTER_LOG_DIR", env)  # relative to the repository, or absolute
    log_dir.mkdir(parents=True, exist_ok=True)
    ensure_database(tracker_settings(env))
    model = str(trained_model())
    topology = plan(env, model, log_dir)
    rasa, actions = topology.rasa, topology.actions
    runners = []
    for balancer, host, port in (
        (topology.internal, "127.0.0.1", topology.internal_port),
        (topology.public, env.get("RASA_HOST") or "127.0.0.1", int(env.get("RASA_PORT") or 5005)),
    ):
        runner = web.AppRunner(balancer.app(), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, host, port).start()
        runners.append(runner)
    processes = actions + rasa
    for process in processes:
        process.start()
    public_url = f"http://{env.get('RASA_HOST') or '127.0.0.1'}:{env.get('RASA_PORT') or 5005}"
    logger.info(
        "balancer on %s (state of every process: %s/cluster-status); logs in %s", public_url, public_url, log_dir
    )
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    token = env.get("RASA_TOKEN", "")
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            while not stopping.is_set():
                await asyncio.gather(*(p.check(session, token) for p in processes))
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stopping.wait(), HEALTH_INTERVAL)
    finally:
        logger.info("stopping")
        for process in processes:
            process.member.withdraw("stopping")
        await asyncio.gather(*(asyncio.to_thread(p.stop) for p in rasa + actions))
        for runner in runners:
            await runner.cleanup()


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s cluster: %(message)s", stream=sys.stderr)
    env = dict(os.environ)
    if not any(env.get(name) for name in ("DB_URL", "DB_HOST", "DB_PORT", "DB_USER", "DB_PASSWORD", "DB_NAME")):
        env["DB_URL"] = DEFAULT_DB_URL
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    if not env.get("WEBCHAT_ALLOWED_ORIGINS"):
        # The web chat's own pages are served through the balancer, so "our own address" is the balancer's.
        host, port = env.get("RASA_HOST") or "127.0.0.1", env.get("RASA_PORT") or "5005"
        env["WEBCHAT_ALLOWED_ORIGINS"] = ",".join(
            dict.fromkeys(f"http://{h}:{port}" for h in (host, "127.0.0.1", "localhost") if h != "0.0.0.0")
        )
    problems = [str(problem) for problem in check(env)]
    try:
        if not problems and not tracker_settings(env).is_postgresql:
            raise StoreConfigError("make cluster needs PostgreSQL: set DB_URL")
    except StoreConfigError as error:
        problems.append(str(error))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    asyncio.run(serve(env))
    return 0


if __name__ == "__main__":
    sys.exit(main())
