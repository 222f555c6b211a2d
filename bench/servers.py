"""Start one side of the benchmark (action server + Rasa server), watch its memory and read its CPU time.

The project side runs exactly as `make run` does (tools/serve_actions.sh, tools/serve_rasa.sh); the baseline
side runs stock single-process `rasa run` with the same endpoints, credentials and action server. Memory is the
resident set of the Rasa server's whole process tree (Sanic workers included), read from /proc.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench.cpu import Snapshot, snapshot
from deploy.processes import ROOT, free_port, wait_until_up


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # the command may contain spaces and parentheses: the parent pid is the 2nd field after the last ')'
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def process_tree(pid: int) -> list[int]:
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(_children(current))
    return tree


def _kb(path: Path, key: str) -> int:
    try:
        for line in path.read_text().splitlines():
            if line.startswith(key):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


@dataclass
class MemoryWatch:
    """Samples the tree's memory every `interval_s`; keeps the maxima (MB) of the total and of one process."""

    pid: int
    interval_s: float = 0.25
    max_rss_mb: float = 0.0
    max_pss_mb: float = 0.0
    max_process_rss_mb: float = 0.0
    processes: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> None:
        pids = process_tree(self.pid)
        rss = [_kb(Path(f"/proc/{p}/status"), "VmRSS:") / 1024 for p in pids]
        pss = sum(_kb(Path(f"/proc/{p}/smaps_rollup"), "Pss:") for p in pids) / 1024
        self.max_rss_mb = max(self.max_rss_mb, sum(rss))
        self.max_pss_mb = max(self.max_pss_mb, pss)
        self.max_process_rss_mb = max([self.max_process_rss_mb, *rss])
        self.processes = max(self.processes, len([r for r in rss if r > 0]))

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.sample()

    def start(self) -> None:
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()


@dataclass
class Side:
    """A running side: its URL, when its Rasa process was started, its memory watch and both servers' processes
    (for their CPU time)."""

    name: str
    url: str
    started_at: float
    rasa: subprocess.Popen
    actions: subprocess.Popen
    memory: MemoryWatch
    log: Path

    def cpu_snapshot(self) -> dict[str, Snapshot]:
        """CPU ticks used so far by each part of the side (bench/cpu.py PARTS), whole process trees, since both
        are started through a shell script and the project's Rasa may run several Sanic workers."""
        return {"rasa": snapshot(process_tree(self.rasa.pid)), "actions": snapshot(process_tree(self.actions.pid))}


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def rasa_command(side: str, model: Path, port: int, endpoints: Path) -> list[str]:
    """The project as `make run` serves it; the baseline as stock `rasa run` with the same files."""
    if side == "project":
        return ["bash", "tools/serve_rasa.sh", str(model)]
    return [
        ".venv/bin/rasa",
        "run",
        "--model",
        str(model),
        "--enable-api",
        "-i",
        "127.0.0.1",
        "-p",
        str(port),
        "--endpoints",
        str(endpoints),
        "--credentials",
        "credentials.yml",
    ]


@contextmanager
def serving(side: str, model: Path, workdir: Path, env: Mapping[str, str]) -> Iterator[Side]:
    """Start the action server (and wait for it), then Rasa, recording the moment Rasa's process started."""
    workdir.mkdir(parents=True, exist_ok=True)
    rasa_port, action_port = free_port(), free_port()
    full_env = {
        **os.environ,
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SENCO_TODAY": "2026-11-22",
        "SENCO_TRACKER_DB": str(workdir / "tracker.db"),
        "RASA_HOST": "127.0.0.1",
        "RASA_PORT": str(rasa_port),
        "ACTION_PORT": str(action_port),
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        **env,
    }
    for var in ("SLACK_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL", "TEAMS_APP_ID", "TEAMS_APP_PASSWORD"):
        full_env.setdefault(var, "")
    for var in ("TEAMS_TENANT_ID", "TEAMS_OPENID_URL", "TEAMS_TOKEN_URL", "WEBCHAT_ALLOWED_ORIGINS"):
        full_env.setdefault(var, "")
    endpoints = Path(full_env.get("BENCH_ENDPOINTS", str(ROOT / "endpoints.yml")))
    action_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    procs: list[subprocess.Popen] = []
    try:
        with action_log.open("w") as alog, rasa_log.open("w") as rlog:
            actions = subprocess.Popen(
                ["bash", "tools/serve_actions.sh"], cwd=ROOT, env=full_env, stdout=alog, stderr=subprocess.STDOUT
            )
            procs.append(actions)
            wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, action_log)
            started_at = time.monotonic()
            rasa = subprocess.Popen(
                rasa_command(side, model, rasa_port, endpoints),
                cwd=ROOT,
                env=full_env,
                stdout=rlog,
                stderr=subprocess.STDOUT,
            )
            procs.append(rasa)
            memory = MemoryWatch(rasa.pid)
            memory.start()
            try:
                yield Side(side, f"http://127.0.0.1:{rasa_port}", started_at, rasa, actions, memory, rasa_log)
            finally:
                memory.stop()
    finally:
        for proc in reversed(procs):
            _stop(proc)
