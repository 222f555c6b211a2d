"""Pure statistics over load runs: percentiles, throughput, a summary dict and medians (no I/O, no clock)."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks, as numpy's default does."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile {q} is not between 0 and 100")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


@dataclass
class RunSamples:
    """What the load generator recorded inside the measuring window of one run."""

    latencies_s: list[float] = field(default_factory=list)
    errors: int = 0
    timeouts: int = 0  # errors where no reply came within the client's timeout (a server too busy, not wrong)
    conversations: int = 0
    window_s: float = 0.0
    sent_in_total: int = 0  # warm-up and tail included: what the server's CPU time is divided by
    error_examples: list[str] = field(default_factory=list)

    def add_error(self, description: str, timed_out: bool = False) -> None:
        self.errors += 1
        self.timeouts += timed_out
        if len(self.error_examples) < 5:
            self.error_examples.append(description)


def summarize(samples: RunSamples, users: int) -> dict[str, object]:
    """Throughput counts only correct replies, so errors never make a server look faster."""
    ok = len(samples.latencies_s)
    total = ok + samples.errors
    summary: dict[str, object] = {
        "concurrent_users": users,
        "messages": total,
        "errors": samples.errors,
        "timeouts": samples.timeouts,
        "error_rate": round(samples.errors / total, 4) if total else 0.0,
        "conversations_completed": samples.conversations,
        "window_s": round(samples.window_s, 2),
        "throughput_msgs_per_s": round(ok / samples.window_s, 2) if samples.window_s > 0 else 0.0,
        "p50_ms": None,
        "p95_ms": None,
        "p99_ms": None,
        "max_ms": None,
    }
    if ok:
        ms = [value * 1000 for value in samples.latencies_s]
        summary |= {
            "p50_ms": round(percentile(ms, 50), 1),
            "p95_ms": round(percentile(ms, 95), 1),
            "p99_ms": round(percentile(ms, 99), 1),
            "max_ms": round(max(ms), 1),
        }
    if samples.error_examples:
        summary["error_examples"] = list(samples.error_examples)
    return summary


def median(values: Sequence[float | None]) -> float | None:
    """The median of one figure over several runs, rounded to 2 places. None when any run lacks the figure, so
    that a run which measured nothing cannot be outvoted into a figure that looks measured; a figure every run
    gave alike keeps its value and type (100 users stays the int 100)."""
    if not values or any(value is None for value in values):
        return None
    if all(value == values[0] for value in values):
        return values[0]
    return round(statistics.median(values), 2)
