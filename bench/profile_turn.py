"""Where a turn's time goes: cProfile over Agent.handle_message for the bench scripts, in one process.

    .venv/bin/python -m bench.profile_turn [--model PATH] [--conversations 40] [--top 40]

Starts the real action server (tools/serve_actions.sh) on a free port, loads the model with endpoints.yml (a
temporary SQLite tracker store), warms up, then profiles whole conversations and prints the heaviest functions by
cumulative and by own time, and the mean milliseconds per message.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import importlib
import io
import logging
import os
import pstats
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from bench.scripts import SCRIPTS
from bench.servers import _stop
from deploy.processes import ROOT, free_port, trained_model, wait_until_up


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def _conversations(agent: object, count: int) -> int:
    from rasa.core.channels.channel import CollectingOutputChannel, UserMessage

    sent = 0
    for index in range(count):
        script = SCRIPTS[index % len(SCRIPTS)]
        sender = f"profile-{uuid.uuid4().hex[:8]}"
        for turn in script.turns:
            await agent.handle_message(UserMessage(turn.text, CollectingOutputChannel(), sender))  # type: ignore[attr-defined]
            sent += 1
    return sent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--conversations", type=int, default=40)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--no-profile", action="store_true", help="time only (no cProfile overhead)")
    parser.add_argument(
        "--install",
        default="",
        help="comma-separated rasa_patches patches to install first (action_validation, sqlite_tuning), to "
        "measure one change at a time on a model trained without RuntimeTuning",
    )
    args = parser.parse_args()
    model = args.model or trained_model()
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        os.environ |= {
            "SENCO_TODAY": "2026-11-22",
            "SENCO_TRACKER_DB": str(Path(tmp) / "tracker.db"),
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{port}/webhook",
        }
        log = Path(tmp) / "actions.log"
        with log.open("w") as out:
            actions = subprocess.Popen(
                ["bash", "tools/serve_actions.sh"],
                cwd=ROOT,
                env={**os.environ, "ACTION_PORT": str(port)},
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        try:
            wait_until_up(f"http://127.0.0.1:{port}/health", actions, log)
            from rasa.core.agent import load_agent
            from rasa.core.utils import AvailableEndpoints
            from rasa.utils.common import configure_logging_and_warnings
            from rasa.utils.log_utils import configure_structlog

            # as `rasa run` does: INFO, so the profile does not measure debug logging
            configure_logging_and_warnings(logging.INFO)
            configure_structlog(logging.INFO)
            for name in filter(None, args.install.split(",")):
                importlib.import_module(f"rasa_patches.{name}").install()

            endpoints = AvailableEndpoints.read_endpoints(str(ROOT / "endpoints.yml"))

            async def run() -> None:
                agent = await load_agent(model_path=str(model), endpoints=endpoints)
                await _conversations(agent, len(SCRIPTS) * 2)  # warm up
                profiler = cProfile.Profile()
                start, cpu, action_cpu = time.perf_counter(), time.process_time(), cpu_seconds(actions.pid)
                if not args.no_profile:
                    profiler.enable()
                sent = await _conversations(agent, args.conversations)
                profiler.disable()
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
                action_cpu = cpu_seconds(actions.pid) - action_cpu
                for order in () if args.no_profile else ("cumulative", "tottime"):
                    text = io.StringIO()
                    pstats.Stats(profiler, stream=text).sort_stats(order).print_stats(args.top)
                    print(text.getvalue())
                how = "timed" if args.no_profile else "profiled"
                print(
                    f"{sent} messages, {elapsed * 1000 / sent:.1f} ms per message, of which Rasa's CPU "
                    f"{cpu * 1000 / sent:.1f} ms, action server's CPU {action_cpu * 1000 / sent:.1f} ms "
                    f"({how}, one process)"
                )

            asyncio.run(run())
        finally:
            _stop(actions)


if __name__ == "__main__":
    main()
