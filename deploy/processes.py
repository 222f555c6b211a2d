"""Starting the assistant's processes, shared by `make cluster`, `make bench` and the tests: the repository root,
a free loopback port, the trained model (trained only when its inputs changed), waiting until a server answers,
and stopping processes cleanly. One place, so that what the tests start is what operators start."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterable
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
STOP_TIMEOUT = 30.0  # seconds a process has to exit after SIGTERM before it is killed


def free_port() -> int:
    """A port nothing listens on now, on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def trained_model() -> Path:
    """The content-hashed model (tools/train.sh trains only when its inputs changed)."""
    out = subprocess.run(["bash", "tools/train.sh"], cwd=ROOT, check=True, capture_output=True, text=True)
    return ROOT / out.stdout.strip().splitlines()[-1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    """Until `url` answers 200; a server that exits or never answers raises with the end of its log."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited early; log:\n{log.read_text()[-4000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"server not ready at {url}; log:\n{log.read_text()[-4000:]}")


def stop(procs: Iterable[subprocess.Popen]) -> None:
    """SIGTERM to each, then wait; one that does not exit in time is killed."""
    procs = list(procs)
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    for proc in procs:
        try:
            proc.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
