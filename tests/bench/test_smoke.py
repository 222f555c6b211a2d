"""`make bench` end to end at a tiny size against the real servers (project side only, so CI does not train the
baseline): the load generator, the checks, the memory watch and the report. No timing is asserted."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.report import table
from bench.run import run, settings_from

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
