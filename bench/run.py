"""`make bench`: the project against stock Rasa, same machine, same run; writes bench/results/latest.json.

For each side (the baseline first, then the project): start its action server and Rasa server, time the first
correct answer from the moment Rasa's process starts, then run each load level, watching the memory of Rasa's
process tree throughout and reading both servers' CPU time before and after each level (bench/cpu.py). The
rules-engine benchmark (bench/engine_bench.py) runs first, on its own. With BENCH_REPEAT=N the pair of sides runs
N times, each time from a fresh start, and the report gives the median of each figure (bench/repeat.py) beside
every run's own.

Settings (environment):
  BENCH_USERS       load levels, concurrent teachers             (default "20,100")
  BENCH_DURATION_S  measured seconds per load level              (default 60)
  BENCH_WARMUP_S    unmeasured seconds before each level         (default 5)
  BENCH_THINK_S     a teacher's pause between messages, "min,max" (default "0.5,1.5")
  BENCH_SIDES       which sides to run                           (default "baseline,project")
  BENCH_WORKERS     Sanic workers of the project's Rasa server    (default 1: a second bought nothing on the
                    shared 2-core machine, see README "Performance")
  BENCH_REDIS_URL   Redis for their lock store (redis://host:port/db, default redis://127.0.0.1:6379/0)
  BENCH_ENGINE_COUNT facts for the rules-engine benchmark        (default 100000)
  BENCH_OUT         report path                                  (default bench/results/latest.json)
  BENCH_REPEAT      paired runs (baseline then project), medians reported (default 1)
Exit status 1 when a target is missed or the project answered wrongly (judged on the medians), 0 otherwise; the
baseline's errors and timeouts are reported beside its figures and never fail the run. 2 for a bad setting.
"""

from __future__ import annotations

import asyncio
import json
import os
import platform
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from bench import engine_bench
from bench.cpu import cpu_per_message, ticks_per_second
from bench.load import LoadPlan, first_correct_answer, run_load
from bench.report import SideResult, build_paired_report, exit_status, table
from bench.scripts import STARTUP_PROBE
from bench.stats import summarize
from deploy.processes import ROOT

STARTUP_DEADLINE_S = 300.0


@dataclass(frozen=True)
class Settings:
    users: tuple[int, ...]
    duration_s: float
    warmup_s: float
    think_s: tuple[float, float]
    sides: tuple[str, ...]
    workers: int
    redis_url: str
    engine_count: int
    out: Path
    repeat: int = 1


def settings_from(env: Mapping[str, str]) -> Settings:
    """Parse the BENCH_* variables, naming the variable in any error."""

    def number(name: str, default: str) -> float:
        raw = env.get(name, default)
        try:
            value = float(raw)
        except ValueError:
            raise ValueError(f"{name}={raw!r} is not a number") from None
        if value < 0:
            raise ValueError(f"{name}={raw!r} must not be negative")
        return value

    def count(name: str, default: str) -> int:
        # as senco_settings' "count" kind reads it: unset or blank is the default, else digits only, at least 1
        raw = env.get(name, "").strip() or default
        if not re.fullmatch(r"[0-9]+", raw) or int(raw) < 1:
            raise ValueError(f"{name}={raw!r} must be a whole number, at least 1")
        return int(raw)

    try:
        users = tuple(int(u) for u in env.get("BENCH_USERS", "20,100").split(","))
        low, high = (float(t) for t in env.get("BENCH_THINK_S", "0.5,1.5").split(","))
    except ValueError:
        raise ValueError("BENCH_USERS is a list like 20,100 and BENCH_THINK_S a range like 0.5,1.5") from None
    if not users or min(users) < 1 or not 0 <= low <= high:
        raise ValueError("BENCH_USERS must be positive and BENCH_THINK_S must be min,max with 0 <= min <= max")
    sides = tuple(s.strip() for s in env.get("BENCH_SIDES", "baseline,project").split(",") if s.strip())
    if not set(sides) <= {"baseline", "project"} or "project" not in sides:
        raise ValueError("BENCH_SIDES must list project and optionally baseline")
    return Settings(
        users=tuple(sorted(set(users))),
        duration_s=number("BENCH_DURATION_S", "60"),
        warmup_s=number("BENCH_WARMUP_S", "5"),
        think_s=(low, high),
        sides=sides,
        workers=max(1, int(number("BENCH_WORKERS", "1"))),
        redis_url=env.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"),
        engine_count=int(number("BENCH_ENGINE_COUNT", "100000")),
        out=Path(env.get("BENCH_OUT", str(ROOT / "bench" / "results" / "latest.json"))),
        repeat=count("BENCH_REPEAT", "1"),
    )


def project_model() -> Path:
    out = subprocess.run(["bash", "tools/train.sh"], cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True)
    return ROOT / out.stdout.strip().splitlines()[-1]


def side_env(name: str, settings: Settings, workdir: Path) -> dict[str, str]:
    """The project's runtime settings (several Sanic workers sharing the Redis lock store that REDIS_URL turns on,
    under a key prefix of this run's own); none for the baseline, which runs as stock single-process `rasa run`."""
    if name != "project" or settings.workers == 1:
        return {"SANIC_WORKERS": "1"}
    prefix = f"sencobench{uuid.uuid4().hex[:8]}"
    return {"SANIC_WORKERS": str(settings.workers), "REDIS_URL": settings.redis_url, "REDIS_KEY_PREFIX": prefix}


def measure_side(name: str, model: Path, settings: Settings, workdir: Path) -> SideResult:
    from bench.servers import serving

    print(f"[{name}] starting ({model.name})", flush=True)
    with serving(name, model, workdir, side_env(name, settings, workdir)) as side:
        startup = asyncio.run(first_correct_answer(side.url, side.started_at, STARTUP_DEADLINE_S, STARTUP_PROBE))
        if startup is None:
            raise RuntimeError(f"{name}: no correct answer within {STARTUP_DEADLINE_S:.0f} s; see {side.log}")
        print(f"[{name}] first correct answer {startup:.1f} s after start", flush=True)
        scenarios = {}
        for users in settings.users:
            plan = LoadPlan(users, settings.duration_s, settings.warmup_s, settings.think_s)
            before = side.cpu_snapshot()
            samples = asyncio.run(run_load(side.url, plan))
            after = side.cpu_snapshot()
            # CPU per message is what the servers cost, whatever else the machine is running
            s = summarize(samples, users) | cpu_per_message(before, after, samples.sent_in_total, ticks_per_second())
            scenarios[users] = s
            print(
                f"[{name}] {users} users: {s['throughput_msgs_per_s']} msgs/s, p50 {s['p50_ms']} ms, "
                f"p95 {s['p95_ms']} ms, {s['errors']} errors ({s['timeouts']} timeouts), "
                f"CPU {s['cpu_ms_per_msg']} ms/msg (Rasa {s['rasa_cpu_ms_per_msg']}, "
                f"actions {s['actions_cpu_ms_per_msg']})",
                flush=True,
            )
        side.memory.sample()
        memory = side.memory
    return SideResult(
        name,
        round(startup, 2),
        round(memory.max_rss_mb, 1),
        round(memory.max_process_rss_mb, 1),
        round(memory.max_pss_mb, 1),
        memory.processes,
        scenarios,
    )


def conditions(settings: Settings, started: float) -> dict[str, Any]:
    rev = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
    return {
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "git": rev.stdout.strip() or None,
        "cpus": os.cpu_count(),
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "duration_s_per_level": settings.duration_s,
        "warmup_s_per_level": settings.warmup_s,
        "think_s": list(settings.think_s),
        "project_sanic_workers": settings.workers,
        "baseline_sanic_workers": 1,
        "repeat": settings.repeat,
        "wall_s": round(time.monotonic() - started, 1),
    }


def run(settings: Settings, workdir: Path) -> dict[str, Any]:
    from bench.baseline import trained_baseline

    started = time.monotonic()
    engine = engine_bench.measure(settings.engine_count)
    models = {"project": project_model()}
    if "baseline" in settings.sides:
        models["baseline"] = trained_baseline()
    runs = []
    for number in range(1, settings.repeat + 1):
        if settings.repeat > 1:
            print(f"[run {number} of {settings.repeat}]", flush=True)
        where = workdir if settings.repeat == 1 else workdir / f"run{number}"
        results = {side: measure_side(side, models[side], settings, where / side) for side in settings.sides}
        runs.append((results["project"], results.get("baseline")))
    return build_paired_report(runs, conditions(settings, started), engine)


def main() -> int:
    try:
        settings = settings_from(os.environ)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    workdir = ROOT / "var" / "bench" / datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    report = run(settings, workdir)
    settings.out.parent.mkdir(parents=True, exist_ok=True)
    settings.out.write_text(json.dumps(report, indent=2) + "\n")
    print()
    print(table(report))
    print(f"written {settings.out} (server logs under {workdir})")
    return exit_status(report)


if __name__ == "__main__":
    sys.exit(main())
