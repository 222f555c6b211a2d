"""The report of assessment-contract.md section 5, the target checks and the table (pure)."""

from __future__ import annotations

from typing import Any

from bench.report import SideResult, build_report, table, targets

CONTRACT_KEYS = {
    "throughput_msgs_per_s",
    "p50_ms",
    "p95_ms",
    "concurrent_users",
    "baseline_throughput_msgs_per_s",
    "throughput_ratio_vs_baseline",
    "p95_ratio_vs_baseline",
    "startup_s",
    "rss_mb",
    "rules_engine_us_per_assessment",
}


def scenario(users: int, throughput: float, p95: float, errors: int = 0) -> dict[str, Any]:
    return {
        "concurrent_users": users,
        "messages": 1000,
        "errors": errors,
        "throughput_msgs_per_s": throughput,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 1.5,
    }


def side(name: str, s20: dict[str, Any], s100: dict[str, Any], startup: float = 12.0, rss: float = 600.0):
    return SideResult(name, startup, rss, rss * 0.4, rss * 0.6, 3, {20: s20, 100: s100})


PROJECT = side("project", scenario(20, 19.5, 120.0), scenario(100, 75.0, 400.0))
BASELINE = side("baseline", scenario(20, 15.0, 900.0), scenario(100, 20.0, 4000.0), startup=30.0, rss=1100.0)
ENGINE = {"rules_engine_us_per_assessment": 21.0, "rules_engine_samples": 1000}


def test_report_has_the_contract_keys_from_the_highest_load() -> None:
    report = build_report(PROJECT, BASELINE, {"cpus": 2}, ENGINE)
    assert set(report) >= CONTRACT_KEYS
    assert report["concurrent_users"] == 100
    assert report["throughput_msgs_per_s"] == 75.0
    assert report["baseline_throughput_msgs_per_s"] == 20.0
    assert report["throughput_ratio_vs_baseline"] == 3.75
    assert report["p95_ratio_vs_baseline"] == 0.1
    assert report["p95_ms_at_20_users"] == 120.0
    assert report["rules_engine_us_per_assessment"] == 21.0
    assert (report["rss_mb"], report["project"]["rss_largest_process_mb"]) == (600.0, 240.0)
    assert report["project"]["scenarios"]["20"]["throughput_msgs_per_s"] == 19.5
    assert report["baseline"]["scenarios"]["100"]["p95_ms"] == 4000.0
    assert report["targets_met"] is True


def test_each_target_can_fail() -> None:
    slow = side("project", scenario(20, 19.0, 301.0), scenario(100, 59.0, 900.0), startup=21.0, rss=800.0)
    checked = {t["name"]: t for t in targets(slow, BASELINE)}
    assert [t["met"] for t in checked.values()] == [False, False, False, False, True]
    assert checked["throughput vs baseline at 100 users (x)"]["value"] == 2.95


def test_errors_fail_the_run_even_when_fast() -> None:
    broken = side("project", scenario(20, 19.5, 10.0, errors=3), scenario(100, 500.0, 20.0))
    report = build_report(broken, BASELINE, {}, ENGINE)
    assert report["errors"] == 3
    assert report["targets_met"] is False


def test_without_a_baseline_the_ratio_is_unknown_and_not_met() -> None:
    report = build_report(PROJECT, None, {}, {})
    assert report["throughput_ratio_vs_baseline"] is None
    assert report["baseline"] is None
    assert report["targets_met"] is False
    assert "rules engine" not in " ".join(t["name"] for t in report["targets"])


def test_a_slow_rules_engine_fails_the_run() -> None:
    report = build_report(PROJECT, BASELINE, {}, {"rules_engine_us_per_assessment": 51.0})
    assert report["targets_met"] is False


def test_table_shows_both_sides_and_every_target() -> None:
    text = table(build_report(PROJECT, BASELINE, {}, ENGINE))
    assert "100 users: msgs/s" in text
    assert "3.75" in text
    # one "yes" per target, and one for all of them
    assert text.count("yes") == len(build_report(PROJECT, BASELINE, {}, ENGINE)["targets"]) + 1
    assert text.rstrip().endswith("all targets met: yes")
