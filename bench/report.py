"""The benchmark report (assessment-contract.md section 5), its target checks and the printed table. Pure:
everything here takes measured numbers and returns data or text, so it is unit-tested without servers."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bench.repeat import merge
from bench.stats import median

# issue 5: at least 3x the baseline's throughput (at the highest load), p95 at most 300 ms at 20 users, first
# answer within 20 s of start, under 800 MB resident per Rasa server.
MIN_THROUGHPUT_RATIO = 3.0
MAX_P95_MS = 300.0
P95_USERS = 20
MAX_STARTUP_S = 20.0
MAX_RSS_MB = 800.0
MAX_ENGINE_US = 50.0


@dataclass
class SideResult:
    """Everything measured for one side (project or baseline) in one run."""

    name: str
    startup_s: float | None
    rss_mb: float | None  # resident sets of the server's whole process tree added up (shared pages counted in each)
    rss_largest_process_mb: float | None  # the largest one process (a Sanic worker is a whole server of its own)
    pss_mb: float | None  # proportional set sizes of the tree added up (shared pages divided among sharers)
    processes: int
    scenarios: dict[int, dict[str, Any]]  # concurrent users -> stats.summarize(...)


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def _target(name: str, value: float | None, op: str, limit: float) -> dict[str, Any]:
    met = value is not None and (value >= limit if op == ">=" else value <= limit if op == "<=" else value < limit)
    return {"name": name, "value": value, "target": f"{op} {limit:g}", "met": met}


def _count(side: SideResult | None, key: str) -> int | None:
    return sum(s.get(key, 0) for s in side.scenarios.values()) if side else None


def figures(project: SideResult, baseline: SideResult | None, engine: Mapping[str, Any]) -> dict[str, Any]:
    """The headline figures of one paired run, flat: the contract's keys (the project at the highest load against
    the baseline at the same load), then the CPU per message of both sides, each side's errors and timeouts and
    the baseline's own figures, so that a run can be read (and medianed, bench/repeat.py) without the detail.
    Ratios whose larger value is better for the project: throughput (project / baseline) and CPU per message
    (baseline / project); the p95 ratio is project / baseline, as the contract has it."""
    top = max(project.scenarios)
    mine = project.scenarios[top]
    theirs = baseline.scenarios.get(top, {}) if baseline else {}
    return {
        "throughput_msgs_per_s": mine["throughput_msgs_per_s"],
        "p50_ms": mine["p50_ms"],
        "p95_ms": mine["p95_ms"],
        "concurrent_users": top,
        "baseline_throughput_msgs_per_s": theirs.get("throughput_msgs_per_s"),
        "throughput_ratio_vs_baseline": _ratio(mine["throughput_msgs_per_s"], theirs.get("throughput_msgs_per_s")),
        "p95_ratio_vs_baseline": _ratio(mine["p95_ms"], theirs.get("p95_ms")),
        "startup_s": project.startup_s,
        "rss_mb": project.rss_mb,
        "rules_engine_us_per_assessment": engine.get("rules_engine_us_per_assessment"),
        f"p95_ms_at_{P95_USERS}_users": project.scenarios.get(P95_USERS, {}).get("p95_ms"),
        "cpu_ms_per_msg": mine.get("cpu_ms_per_msg"),
        "baseline_cpu_ms_per_msg": theirs.get("cpu_ms_per_msg"),
        "cpu_per_msg_ratio_vs_baseline": _ratio(theirs.get("cpu_ms_per_msg"), mine.get("cpu_ms_per_msg")),
        "baseline_p95_ms": theirs.get("p95_ms"),
        "baseline_startup_s": baseline.startup_s if baseline else None,
        "baseline_rss_mb": baseline.rss_mb if baseline else None,
        "errors": _count(project, "errors"),
        "timeouts": _count(project, "timeouts"),
        "baseline_errors": _count(baseline, "errors"),
        "baseline_timeouts": _count(baseline, "timeouts"),
    }


def targets(figs: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The targets of issue 5 on the headline figures (`figures`, or their median over runs), each with its value
    and whether it is met. A missing measurement (no baseline, no 20-user run, a server that never answered) is
    not met, and so is any error in the project's replies, however fast: a server that answered wrongly has not
    met anything. The baseline's errors and timeouts are no target: stock Rasa timing out under 100 users is a
    fact about the baseline, reported beside its figures (its throughput counts only its correct replies)."""
    checked = [
        _target(
            f"throughput vs baseline at {figs['concurrent_users']} users (x)",
            figs["throughput_ratio_vs_baseline"],
            ">=",
            MIN_THROUGHPUT_RATIO,
        ),
        _target(f"p95 latency at {P95_USERS} users (ms)", figs[f"p95_ms_at_{P95_USERS}_users"], "<=", MAX_P95_MS),
        _target("first answer after start (s)", figs["startup_s"], "<=", MAX_STARTUP_S),
        _target("resident memory of the Rasa server, all processes (MB)", figs["rss_mb"], "<", MAX_RSS_MB),
        _target("errors in the project's replies", figs["errors"], "<=", 0),
    ]
    if figs.get("rules_engine_us_per_assessment") is not None:
        checked.append(
            _target("rules engine median µs per assessment", figs["rules_engine_us_per_assessment"], "<", MAX_ENGINE_US)
        )
    return checked


def exit_status(report: Mapping[str, Any]) -> int:
    """1 when a target is missed (the project's own errors included), else 0, whatever the baseline's errors."""
    return 0 if report["targets_met"] else 1


def _side(side: SideResult) -> dict[str, Any]:
    return {
        "startup_s": side.startup_s,
        "rss_mb": side.rss_mb,
        "rss_largest_process_mb": side.rss_largest_process_mb,
        "pss_mb": side.pss_mb,
        "processes": side.processes,
        "scenarios": {str(users): summary for users, summary in sorted(side.scenarios.items())},
    }


def median_side(sides: Sequence[SideResult]) -> SideResult:
    """One side's median over runs, load level by load level (bench/repeat.py says how)."""
    return SideResult(
        sides[0].name,
        median([s.startup_s for s in sides]),
        median([s.rss_mb for s in sides]),
        median([s.rss_largest_process_mb for s in sides]),
        median([s.pss_mb for s in sides]),
        max(s.processes for s in sides),  # a count of processes, not a speed: the most any run had
        {users: merge([s.scenarios[users] for s in sides]) for users in sides[0].scenarios},
    )


def build_paired_report(
    runs: Sequence[tuple[SideResult, SideResult | None]], conditions: dict[str, Any], engine: dict[str, Any]
) -> dict[str, Any]:
    """The report of N paired runs (project, baseline or None): the headline figures are the median of each run's
    (so a ratio is the median of the pairs' ratios), the targets are judged on them, both sides' detail is the
    per-level median, and `runs` keeps every run's own figures and detail. One run is its own median."""
    if not runs:
        raise ValueError("no runs to report")
    per_run = [figures(project, baseline, engine) for project, baseline in runs]
    headline = merge(per_run)
    checked = targets(headline)
    baselines = [baseline for _, baseline in runs if baseline is not None]
    return {
        **headline,
        "targets": checked,
        "targets_met": all(t["met"] for t in checked),
        "repeat": len(runs),
        "project": _side(median_side([project for project, _ in runs])),
        "baseline": _side(median_side(baselines)) if len(baselines) == len(runs) else None,
        "runs": [
            {**figs, "project": _side(project), "baseline": _side(baseline) if baseline else None}
            for figs, (project, baseline) in zip(per_run, runs, strict=True)
        ],
        "conditions": conditions,
        "rules_engine": engine,
    }


def build_report(
    project: SideResult, baseline: SideResult | None, conditions: dict[str, Any], engine: dict[str, Any]
) -> dict[str, Any]:
    """The report of one paired run: the contract's keys at the top, then the detail, targets and conditions."""
    return build_paired_report([(project, baseline)], conditions, engine)


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


LEVEL_ROWS = (
    ("throughput_msgs_per_s", "msgs/s"),
    ("p50_ms", "p50 ms"),
    ("p95_ms", "p95 ms"),
    ("p99_ms", "p99 ms"),
    ("cpu_ms_per_msg", "CPU ms/msg, both servers"),
    ("rasa_cpu_ms_per_msg", "CPU ms/msg, Rasa"),
    ("actions_cpu_ms_per_msg", "CPU ms/msg, action server"),
    ("errors", "errors"),
    ("timeouts", "of which timeouts"),
    ("messages", "messages"),
)
SIDE_ROWS = (
    ("startup_s", "first answer after start (s)"),
    ("rss_mb", "RSS, all server processes (MB)"),
    ("rss_largest_process_mb", "RSS, largest process (MB)"),
    ("pss_mb", "PSS, all server processes (MB)"),
    ("processes", "processes (supervisor + workers)"),
)
RUN_COLUMNS = (
    ("throughput_ratio_vs_baseline", "msgs/s x"),
    ("cpu_per_msg_ratio_vs_baseline", "CPU x"),
    (f"p95_ms_at_{P95_USERS}_users", f"p95@{P95_USERS}"),
    ("startup_s", "start s"),
    ("rss_mb", "RSS MB"),
    ("errors", "errors"),
    ("baseline_errors", "b. errors"),
    ("baseline_timeouts", "b. t/outs"),
)


def _baseline_note(report: Mapping[str, Any]) -> list[str]:
    if not report.get("baseline_errors"):
        return []
    return [
        "",
        f"baseline: {report['baseline_errors']} errors, {report['baseline_timeouts']} of them timeouts: reported, "
        "not judged",
        "  (its msgs/s counts correct replies only; its percentiles leave the failed ones out)",
    ]


def _runs_table(report: Mapping[str, Any]) -> list[str]:
    if report.get("repeat", 1) < 2:
        return []
    lines = ["", f"{'run':<6}" + "".join(f"{label:>11}" for _, label in RUN_COLUMNS)]
    for number, run in enumerate(report["runs"], 1):
        lines.append(f"{number:<6}" + "".join(f"{_fmt(run.get(key)):>11}" for key, _ in RUN_COLUMNS))
    return lines


def table(report: dict[str, Any]) -> str:
    """Side-by-side table of both sides per load level (the median when runs were repeated, failures added up
    over the runs), the headline ratios each way round, the targets, the baseline's failures, and each run."""
    repeat = report.get("repeat", 1)
    rows = [("measure", "project", "baseline", "ratio")]
    project, baseline = report["project"], report["baseline"] or {"scenarios": {}}
    for users, mine in project["scenarios"].items():
        theirs = baseline["scenarios"].get(users, {})
        for key, label in LEVEL_ROWS:
            rows.append(
                (
                    f"{users} users: {label}",
                    _fmt(mine.get(key)),
                    _fmt(theirs.get(key)),
                    _fmt(_ratio(mine.get(key), theirs.get(key))) if key.endswith(("_s", "_ms", "_msg")) else "",
                )
            )
    for key, label in SIDE_ROWS:
        rows.append((label, _fmt(project.get(key)), _fmt(baseline.get(key)), ""))
    rows.append(("rules engine µs/assessment", _fmt(report.get("rules_engine_us_per_assessment")), "", ""))
    top = report["concurrent_users"]
    rows += [
        ("", "", "", ""),
        (f"at {top} users: msgs/s, project / baseline (x)", _fmt(report["throughput_ratio_vs_baseline"]), "", ""),
        (f"at {top} users: CPU/msg, baseline / project (x)", _fmt(report.get("cpu_per_msg_ratio_vs_baseline")), "", ""),
    ]
    width = max(len(name) for name in [r[0] for r in rows] + [t["name"] for t in report["targets"]]) + 2
    lines = [f"{r[0]:<{width}}{r[1]:>12}{r[2]:>12}{r[3]:>8}".rstrip() for r in rows]
    lines.insert(1, "-" * (width + 32))
    if repeat > 1:
        lines.insert(0, f"median of {repeat} paired runs (errors, timeouts and messages: added up over all runs)")
    lines += ["", f"{'target':<{width}}{'value':>12}{'needed':>12}{'met':>8}", "-" * (width + 32)]
    lines += [
        f"{t['name']:<{width}}{_fmt(t['value']):>12}{t['target']:>12}{_fmt(t['met']):>8}" for t in report["targets"]
    ]
    lines += _baseline_note(report) + _runs_table(report)
    lines.append(f"\nall targets met: {_fmt(report['targets_met'])}")
    return "\n".join(lines)
