"""The benchmark report (assessment-contract.md section 5), its target checks and the printed table. Pure:
everything here takes measured numbers and returns data or text, so it is unit-tested without servers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# issue 5: at least 3x the baseline's throughput (at the highest load), p95 at most 300 ms at 20 users, first
# answer within 20 s of start, under 800 MB resident per Rasa server.
MIN_THROUGHPUT_RATIO = 3.0
MAX_P95_MS = 300.0
P95_USERS = 20
MAX_STARTUP_S = 20.0
MAX_RSS_MB = 800.0


@dataclass
class SideResult:
    """Everything measured for one side (project or baseline) in one run."""

    name: str
    startup_s: float | None
    rss_mb: float  # resident sets of the server's whole process tree added up (shared pages counted in each)
    rss_largest_process_mb: float  # the largest one process (a Sanic worker is a whole server of its own)
    pss_mb: float  # proportional set sizes of the tree added up (shared pages divided among sharers)
    processes: int
    scenarios: dict[int, dict[str, Any]]  # concurrent users -> stats.summarize(...)


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 2)


def _target(name: str, value: float | None, op: str, limit: float) -> dict[str, Any]:
    met = value is not None and (value >= limit if op == ">=" else value <= limit if op == "<=" else value < limit)
    return {"name": name, "value": value, "target": f"{op} {limit:g}", "met": met}


def targets(project: SideResult, baseline: SideResult | None) -> list[dict[str, Any]]:
    """The four targets of issue 5, each with its measured value and whether it is met. A missing measurement
    (no baseline, no 20-user run, a server that never answered) is not met. Errors fail the run as well: a
    target met by a server that answered wrongly is not met."""
    top = max(project.scenarios)
    ratio = _ratio(
        project.scenarios[top]["throughput_msgs_per_s"],
        baseline.scenarios.get(top, {}).get("throughput_msgs_per_s") if baseline else None,
    )
    p95 = project.scenarios.get(P95_USERS, {}).get("p95_ms")
    errors = sum(s["errors"] for s in project.scenarios.values())
    return [
        _target(f"throughput vs baseline at {top} users (x)", ratio, ">=", MIN_THROUGHPUT_RATIO),
        _target(f"p95 latency at {P95_USERS} users (ms)", p95, "<=", MAX_P95_MS),
        _target("first answer after start (s)", project.startup_s, "<=", MAX_STARTUP_S),
        _target("resident memory of the Rasa server, all processes (MB)", project.rss_mb, "<", MAX_RSS_MB),
        _target("errors in the project's replies", errors, "<=", 0),
    ]


def _side(side: SideResult) -> dict[str, Any]:
    return {
        "startup_s": side.startup_s,
        "rss_mb": side.rss_mb,
        "rss_largest_process_mb": side.rss_largest_process_mb,
        "pss_mb": side.pss_mb,
        "processes": side.processes,
        "scenarios": {str(users): summary for users, summary in sorted(side.scenarios.items())},
    }


def build_report(
    project: SideResult, baseline: SideResult | None, conditions: dict[str, Any], engine: dict[str, Any]
) -> dict[str, Any]:
    """The contract's keys at the top (the project at the highest load, against the baseline at the same load),
    then the per-scenario detail of both sides, the targets and the conditions of the run."""
    top = max(project.scenarios)
    mine = project.scenarios[top]
    theirs = baseline.scenarios.get(top, {}) if baseline else {}
    checked = targets(project, baseline)
    if engine.get("rules_engine_us_per_assessment") is not None:
        checked.append(
            _target("rules engine median µs per assessment", engine["rules_engine_us_per_assessment"], "<", 50)
        )
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
        "errors": sum(s["errors"] for s in project.scenarios.values()),
        "baseline_errors": sum(s["errors"] for s in baseline.scenarios.values()) if baseline else None,
        "targets": checked,
        "targets_met": all(t["met"] for t in checked),
        "project": _side(project),
        "baseline": _side(baseline) if baseline else None,
        "conditions": conditions,
        "rules_engine": engine,
    }


def _fmt(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:,.1f}" if abs(value) >= 10 else f"{value:.2f}"
    return str(value)


def table(report: dict[str, Any]) -> str:
    """Side-by-side table of both sides per scenario, then the targets."""
    rows = [("measure", "project", "baseline", "ratio")]
    project, baseline = report["project"], report["baseline"] or {"scenarios": {}}
    for users, mine in project["scenarios"].items():
        theirs = baseline["scenarios"].get(users, {})
        for key, label in (
            ("throughput_msgs_per_s", "msgs/s"),
            ("p50_ms", "p50 ms"),
            ("p95_ms", "p95 ms"),
            ("p99_ms", "p99 ms"),
            ("server_cpu_ms_per_msg", "server CPU ms/msg"),
            ("errors", "errors"),
            ("messages", "messages"),
        ):
            rows.append(
                (
                    f"{users} users: {label}",
                    _fmt(mine.get(key)),
                    _fmt(theirs.get(key)),
                    _fmt(_ratio(mine.get(key), theirs.get(key))) if key.endswith(("_s", "_ms", "_msg")) else "",
                )
            )
    for key, label in (
        ("startup_s", "first answer after start (s)"),
        ("rss_mb", "RSS, all server processes (MB)"),
        ("rss_largest_process_mb", "RSS, largest process (MB)"),
        ("pss_mb", "PSS, all server processes (MB)"),
        ("processes", "processes (supervisor + workers)"),
    ):
        rows.append((label, _fmt(project.get(key)), _fmt(baseline.get(key)), ""))
    rows.append(("rules engine µs/assessment", _fmt(report.get("rules_engine_us_per_assessment")), "", ""))
    width = max(len(name) for name in [r[0] for r in rows] + [t["name"] for t in report["targets"]]) + 2
    lines = [f"{r[0]:<{width}}{r[1]:>12}{r[2]:>12}{r[3]:>8}" for r in rows]
    lines.insert(1, "-" * (width + 32))
    lines += ["", f"{'target':<{width}}{'value':>12}{'needed':>12}{'met':>8}", "-" * (width + 32)]
    lines += [
        f"{t['name']:<{width}}{_fmt(t['value']):>12}{t['target']:>12}{_fmt(t['met']):>8}" for t in report["targets"]
    ]
    lines.append(f"\nall targets met: {_fmt(report['targets_met'])}")
    return "\n".join(lines)
