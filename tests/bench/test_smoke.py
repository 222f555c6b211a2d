"""`make bench` end to end at a tiny size against the real servers (project side only, so CI does not train the
baseline): the load generator, the checks, the memory watch and the report. No timing is asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench.report import table
from bench.run import run, settings_from
from tests.servers import ROOT

pytestmark = pytest.mark.slow


def test_a_tiny_benchmark_run(tmp_path: Path) -> None:
    settings = settings_from(
        {
            "BENCH_USERS": "1,3",
            "BENCH_DURATION_S": "4",
            "BENCH_WARMUP_S": "0",
            "BENCH_THINK_S": "0,0.05",
            "BENCH_SIDES": "project",
            "BENCH_ENGINE_COUNT": "1000",
            "BENCH_OUT": str(tmp_path / "latest.json"),
        }
    )
    report = run(settings, tmp_path)
    json.dumps(report)  # the report is plain JSON
    assert report["errors"] == 0, report["project"]["scenarios"]
    scenarios = report["project"]["scenarios"]
    assert set(scenarios) == {"1", "3"}
    assert all(s["messages"] > 0 and s["p95_ms"] is not None for s in scenarios.values())
    assert report["startup_s"] is not None
    assert report["rss_mb"] > 0
    assert report["rules_engine_us_per_assessment"] > 0
    assert report["baseline"] is None
    assert "3 users: msgs/s" in table(report)


def test_the_profiler_starts_and_explains_itself() -> None:
    """`python -m bench.profile_turn` is a tool people run by hand: it must at least import and parse its options."""
    done = subprocess.run(
        [sys.executable, "-m", "bench.profile_turn", "--help"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "--conversations" in done.stdout
