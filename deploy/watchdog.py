"""`make cluster`'s watchdog: a supervisord event listener that restarts a process that is running but not answering.

supervisord restarts a process that exits; nginx routes around one that refuses connections or times out. Neither
helps with a process that hangs (stopped, deadlocked): nginx would keep sending it a request every few seconds that
waits for a timeout. So every TICK_5 event this listener asks each program's health route (Rasa: the REST channel's
`/webhooks/rest/`, which answers whether or not the HTTP API is on; action server: `/health`); a program that has
answered since it started and then fails FAILURES_TO_RESTART checks in a row is stopped (SIGCONT first, so a stopped
process can take its SIGTERM) and started again. A program that never answers within STARTUP_GRACE seconds of
starting (a Rasa replica takes a while to load its model) is restarted too.

    python -m deploy.watchdog rasa-1=http://127.0.0.1:PORT/webhooks/rest/ action-server-1=http://127.0.0.1:PORT/health
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import requests
from supervisor import childutils

FAILURES_TO_RESTART = 3  # checks in a row (one per TICK_5 event): about 15 seconds
STARTUP_GRACE = 300.0  # seconds a new process may take before it must answer
CHECK_TIMEOUT = 5.0  # a replica busy with messages still answers its health route well within this


@dataclass
class Watched:
    name: str
    url: str
    pid: int = 0  # the process these counts are about; a new pid starts them over
    started: float = 0.0
    answered: bool = False
    failures: int = 0


def healthy(url: str) -> bool:
    try:
        return requests.get(url, timeout=CHECK_TIMEOUT).status_code == 200
    except requests.RequestException:
        return False


def log(message: str) -> None:
    print(f"watchdog: {message}", file=sys.stderr, flush=True)  # stdout is supervisord's protocol channel


def restart(rpc: object, watched: Watched, why: str) -> None:
    log(f"restarting {watched.name} (pid {watched.pid}): {why}")
    supervisor = rpc.supervisor  # type: ignore[attr-defined]
    supervisor.stopProcess(watched.name, False)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(watched.pid, signal.SIGCONT)  # a stopped process group cannot act on SIGTERM until continued
    deadline = time.monotonic() + 40  # stopwaitsecs (30) and then SIGKILL
    while time.monotonic() < deadline and supervisor.getProcessInfo(watched.name)["statename"] not in (
        "STOPPED",
        "EXITED",
        "FATAL",
    ):
        time.sleep(0.5)
    supervisor.startProcess(watched.name, False)
    watched.pid = 0


def check_all(rpc: object, programs: list[Watched], pool: ThreadPoolExecutor) -> None:
    infos = {info["name"]: info for info in rpc.supervisor.getAllProcessInfo()}  # type: ignore[attr-defined]
    running = [w for w in programs if infos.get(w.name, {}).get("statename") == "RUNNING"]
    for watched in running:
        pid = infos[watched.name]["pid"]
        if pid != watched.pid:
            watched.pid, watched.started, watched.answered, watched.failures = pid, time.monotonic(), False, 0
    for watched, ok in zip(running, pool.map(lambda w: healthy(w.url), running), strict=True):
        if ok:
            watched.answered, watched.failures = True, 0
        elif watched.answered:
            watched.failures += 1
            if watched.failures >= FAILURES_TO_RESTART:
                restart(rpc, watched, f"failed {watched.failures} health checks in a row")
        elif time.monotonic() - watched.started > STARTUP_GRACE:
            restart(rpc, watched, f"not answering {STARTUP_GRACE:.0f} s after starting")


def main(argv: list[str]) -> int:
    programs = [Watched(*arg.split("=", 1)) for arg in argv]
    rpc = childutils.getRPCInterface(os.environ)
    with ThreadPoolExecutor(max_workers=max(1, len(programs))) as pool:
        while True:
            headers, _ = childutils.listener.wait(sys.stdin, sys.stdout)
            try:
                if headers["eventname"].startswith("TICK"):
                    check_all(rpc, programs, pool)
            except Exception as error:  # one bad round (a timeout of supervisord's API) must not stop the watching
                if "SHUTDOWN_STATE" not in str(error):  # supervisord stopping everything: nothing to watch
                    log(f"check failed: {error!r}")
            childutils.listener.ok(sys.stdout)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
