"""The report of assessment-contract.md section 5, the target checks, the median of paired runs and the table
(pure)."""

from __future__ import annotations

from typing import Any

import pytest

from bench.report import SideResult, build_paired_report, build_report, exit_status, figures, table, targets

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


def scenario(
    users: int, throughput: float, p95: float, errors: int = 0, timeouts: int = 0, cpu: float | None = None
) -> dict[str, Any]:
    return {
        "concurrent_users": users,
        "messages": 1000,
        "errors": errors,
        "timeouts": timeouts,
        "error_rate": round(errors / 1000, 4),
        "throughput_msgs_per_s": throughput,
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "p99_ms": p95 * 1.5,
        "cpu_ms_per_msg": cpu,
    }


def side(name: str, s20: dict[str, Any], s100: dict[str, Any], startup: float = 12.0, rss: float = 600.0):
    return SideResult(name, startup, rss, rss * 0.4, rss * 0.6, 3, {20: s20, 100: s100})


PROJECT = side("project", scenario(20, 19.5, 120.0), scenario(100, 75.0, 400.0, cpu=16.0))
BASELINE = side("baseline", scenario(20, 15.0, 900.0), scenario(100, 20.0, 4000.0, cpu=52.0), startup=30.0, rss=1100.0)
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
    assert (report["repeat"], len(report["runs"])) == (1, 1)
    assert report["runs"][0]["throughput_ratio_vs_baseline"] == 3.75


def test_cpu_per_message_is_reported_for_both_sides_with_the_ratio_the_right_way_round() -> None:
    report = build_report(PROJECT, BASELINE, {}, ENGINE)
    assert (report["cpu_ms_per_msg"], report["baseline_cpu_ms_per_msg"]) == (16.0, 52.0)
    assert report["cpu_per_msg_ratio_vs_baseline"] == 3.25  # baseline / project: higher is better, as throughput
    assert "CPU/msg, baseline / project (x)" in table(report)


def test_baseline_timeouts_are_reported_but_never_fail_the_run() -> None:
    busy = side("baseline", scenario(20, 15.0, 900.0), scenario(100, 19.0, 29000.0, errors=7, timeouts=6))
    report = build_report(PROJECT, busy, {}, ENGINE)
    assert (report["baseline_errors"], report["baseline_timeouts"]) == (7, 6)
    assert report["baseline"]["scenarios"]["100"]["timeouts"] == 6
    assert report["targets_met"] is True
    assert exit_status(report) == 0
    text = table(report)
    assert "baseline: 7 errors, 6 of them timeouts: reported, not judged" in text
    assert text.rstrip().endswith("all targets met: yes")


def test_the_projects_own_timeouts_fail_the_run() -> None:
    slow = side("project", scenario(20, 19.5, 120.0), scenario(100, 75.0, 400.0, errors=2, timeouts=2))
    report = build_report(slow, BASELINE, {}, ENGINE)
    assert (report["errors"], report["timeouts"]) == (2, 2)
    assert exit_status(report) == 1


def test_a_missed_target_fails_the_run_with_or_without_baseline_timeouts() -> None:
    busy = side("baseline", scenario(20, 15.0, 900.0), scenario(100, 30.0, 29000.0, errors=9, timeouts=9))
    report = build_report(PROJECT, busy, {}, ENGINE)  # 75 / 30 = 2.5x
    assert report["throughput_ratio_vs_baseline"] == 2.5
    assert exit_status(report) == 1


def pair(throughput: float, baseline_throughput: float, p95_20: float, cpu: float, baseline_cpu: float, **kw: Any):
    project = side(
        "project", scenario(20, 19.5, p95_20), scenario(100, throughput, 400.0, cpu=cpu), kw.get("startup", 8.0)
    )
    baseline = side(
        "baseline",
        scenario(20, 15.0, 900.0),
        scenario(100, baseline_throughput, 4000.0, timeouts=kw.get("timeouts", 0), errors=kw.get("timeouts", 0)),
    )
    baseline.scenarios[100]["cpu_ms_per_msg"] = baseline_cpu
    return project, baseline


def test_repeated_runs_report_the_median_of_each_pair_and_every_run() -> None:
    runs = [
        pair(60.0, 20.0, 100.0, 17.0, 51.0, startup=7.0),  # 3.0x, CPU 3.0x
        pair(80.0, 19.6, 320.0, 16.0, 56.0, startup=9.0, timeouts=4),  # 4.08x, CPU 3.5x
        pair(58.2, 20.0, 110.0, 18.0, 54.0, startup=8.0, timeouts=1),  # 2.91x, CPU 3.0x
    ]
    report = build_paired_report(runs, {}, ENGINE)
    assert report["repeat"] == 3
    assert [r["throughput_ratio_vs_baseline"] for r in report["runs"]] == [3.0, 4.08, 2.91]
    # the ratio is the median of the pairs' ratios, not the ratio of the medians (60 / 20 = 3.0 either way here)
    assert report["throughput_ratio_vs_baseline"] == 3.0
    assert report["cpu_per_msg_ratio_vs_baseline"] == 3.0
    assert report["throughput_msgs_per_s"] == 60.0
    assert report["cpu_ms_per_msg"] == 17.0
    assert report["p95_ms_at_20_users"] == 110.0  # one run over 300 ms, the median under
    assert report["startup_s"] == 8.0
    # failures are added up over the runs, never medianed
    assert (report["baseline_errors"], report["baseline_timeouts"], report["errors"]) == (5, 5, 0)
    assert report["baseline"]["scenarios"]["100"]["timeouts"] == 5
    assert report["baseline"]["scenarios"]["100"]["messages"] == 3000
    assert report["baseline"]["scenarios"]["100"]["error_rate"] == round(5 / 3000, 4)
    assert report["project"]["scenarios"]["100"]["throughput_msgs_per_s"] == 60.0
    assert report["targets_met"] is True
    text = table(report)
    assert "median of 3 paired runs" in text
    assert "4.08" in text  # each run's figures are printed too


def test_the_median_ratio_uses_the_pairing() -> None:
    # pairs' ratios 2.0, 4.0, 4.0 -> 4.0; the medians' ratio would be 80 / 40 = 2.0
    runs = [pair(80.0, 40.0, 100.0, 16, 50), pair(80.0, 20.0, 100.0, 16, 50), pair(160.0, 40.0, 100.0, 16, 50)]
    report = build_paired_report(runs, {}, ENGINE)
    assert report["throughput_ratio_vs_baseline"] == 4.0
    assert report["targets_met"] is True


def test_errors_in_any_repeated_run_fail_the_set() -> None:
    good = pair(60.0, 20.0, 100.0, 17.0, 51.0)
    broken = pair(60.0, 20.0, 100.0, 17.0, 51.0)
    broken[0].scenarios[20]["errors"] = 1
    report = build_paired_report([good, broken, good], {}, ENGINE)
    assert report["errors"] == 1
    assert exit_status(report) == 1


def test_an_even_number_of_runs_takes_the_middle_two() -> None:
    report = build_paired_report([pair(60.0, 20.0, 100.0, 17, 51), pair(66.0, 20.0, 200.0, 16, 50)], {}, ENGINE)
    assert report["throughput_ratio_vs_baseline"] == 3.15
    assert report["p95_ms_at_20_users"] == 150.0


def test_no_runs_is_an_error() -> None:
    with pytest.raises(ValueError, match="no runs"):
        build_paired_report([], {}, ENGINE)


def test_each_target_can_fail() -> None:
    slow = side("project", scenario(20, 19.0, 301.0), scenario(100, 59.0, 900.0), startup=21.0, rss=800.0)
    checked = {t["name"]: t for t in targets(figures(slow, BASELINE, {}))}
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
