"""`make bench` settings from the environment (pure), and BENCH_REPEAT's paired runs (servers replaced)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import bench.baseline
import bench.run as run_module
from bench.report import SideResult
from bench.run import main, settings_from


def test_defaults() -> None:
    settings = settings_from({})
    assert settings.users == (20, 100)
    assert (settings.duration_s, settings.warmup_s, settings.think_s) == (60.0, 5.0, (0.5, 1.5))
    assert settings.sides == ("baseline", "project")
    assert (settings.workers, settings.redis_url) == (1, "redis://127.0.0.1:6379/0")
    assert settings.out.name == "latest.json"
    assert settings.repeat == 1


@pytest.mark.parametrize(("raw", "repeat"), [("1", 1), ("3", 3), (" 5 ", 5), ("", 1), ("  ", 1)])
def test_bench_repeat(raw: str, repeat: int) -> None:
    assert settings_from({"BENCH_REPEAT": raw}).repeat == repeat


def test_a_tiny_run() -> None:
    settings = settings_from(
        {"BENCH_USERS": "2", "BENCH_DURATION_S": "3", "BENCH_WARMUP_S": "0", "BENCH_THINK_S": "0,0.1"}
        | {"BENCH_SIDES": "project", "BENCH_OUT": "/tmp/x.json"}
    )
    assert (settings.users, settings.duration_s, settings.think_s, settings.sides) == (
        (2,),
        3.0,
        (0.0, 0.1),
        ("project",),
    )


@pytest.mark.parametrize(
    ("env", "names"),
    [
        ({"BENCH_DURATION_S": "long"}, "BENCH_DURATION_S"),
        ({"BENCH_WARMUP_S": "-1"}, "BENCH_WARMUP_S"),
        ({"BENCH_USERS": "twenty"}, "BENCH_USERS"),
        ({"BENCH_USERS": "0"}, "BENCH_USERS"),
        ({"BENCH_THINK_S": "2,1"}, "BENCH_THINK_S"),
        ({"BENCH_SIDES": "baseline"}, "BENCH_SIDES"),
        ({"BENCH_REPEAT": "0"}, "BENCH_REPEAT"),
        ({"BENCH_REPEAT": "-2"}, "BENCH_REPEAT"),
        ({"BENCH_REPEAT": "three"}, "BENCH_REPEAT"),
        ({"BENCH_REPEAT": "2.5"}, "BENCH_REPEAT"),
        ({"BENCH_REPEAT": "+3"}, "BENCH_REPEAT"),
        ({"BENCH_REPEAT": "1e2"}, "BENCH_REPEAT"),
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(ValueError, match=names):
        settings_from(env)


def test_a_bad_setting_stops_the_benchmark_with_one_line_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in [name for name in os.environ if name.startswith("BENCH_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("BENCH_REPEAT", "0")
    assert main() == 2  # before anything is trained or started
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "BENCH_REPEAT" in err


def test_bench_repeat_runs_that_many_pairs_baseline_first_and_reports_their_median(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The wiring of `run`, with the servers replaced by canned results (the real thing is test_smoke.py)."""
    throughput = iter([20.0, 60.0, 19.6, 80.0, 20.0, 58.2])  # baseline, project; three times
    order: list[str] = []

    def fake_side(name: str, model: Path, settings: object, workdir: Path) -> SideResult:
        order.append(f"{workdir.parent.name}/{name}")
        level = {"messages": 100, "errors": 0, "timeouts": 0, "p50_ms": 50.0, "p95_ms": 100.0}
        level["throughput_msgs_per_s"] = next(throughput)
        return SideResult(name, 8.0, 700.0, 700.0, 600.0, 2, {20: dict(level), 100: dict(level)})

    monkeypatch.setattr(run_module.engine_bench, "measure", lambda count: {"rules_engine_us_per_assessment": 20.0})
    monkeypatch.setattr(run_module, "project_model", lambda: tmp_path / "project.tar.gz")
    monkeypatch.setattr(bench.baseline, "trained_baseline", lambda: tmp_path / "baseline.tar.gz")
    monkeypatch.setattr(run_module, "measure_side", fake_side)
    report = run_module.run(settings_from({"BENCH_REPEAT": "3"}), tmp_path)
    assert order == [f"run{n}/{side}" for n in (1, 2, 3) for side in ("baseline", "project")]
    assert [r["throughput_ratio_vs_baseline"] for r in report["runs"]] == [3.0, 4.08, 2.91]
    assert (report["repeat"], report["conditions"]["repeat"]) == (3, 3)
    assert report["throughput_ratio_vs_baseline"] == 3.0
