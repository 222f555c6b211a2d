"""BENCH_REPEAT=N: the median of N paired runs, because one run on a shared machine is one machine's mood.

Each run is a pair (the baseline, then the project, under whatever else the machine was doing then), so a ratio is
taken within its pair and the ratios' median reported: the pairing is what cancels the machine's load. Every other
figure is the median of its per-run values. Counts of failures are added up over the runs, never medianed: one
wrong answer in any run is a wrong answer, and the baseline's timeouts are reported whole.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bench.stats import median

# counted over all the runs (per load level and in the headline figures)
SUMMED = frozenset(
    {
        "errors",
        "timeouts",
        "baseline_errors",
        "baseline_timeouts",
        "messages",
        "messages_sent",
        "conversations_completed",
    }
)
MAX_EXAMPLES = 5


def _merge_one(key: str, values: Sequence[Any]) -> Any:
    if key in SUMMED:
        return None if any(v is None for v in values) else sum(values)
    if any(isinstance(v, list) for v in values):  # error examples, absent from a run without errors
        return [item for v in values for item in v or []][:MAX_EXAMPLES]
    if all(v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)) for v in values):
        return median(values)
    return values[0] if all(v == values[0] for v in values) else None


def merge(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """One dict of figures from the same dict of each run: counts added up, lists of examples joined (a few),
    numbers medianed (`stats.median`: missing in any run is missing), anything else kept when all runs agree. An
    error rate is recomputed from the added-up counts so that it matches them."""
    if not rows:
        raise ValueError("no runs to merge")
    keys = list(dict.fromkeys(key for row in rows for key in row))
    merged = {key: _merge_one(key, [row.get(key) for row in rows]) for key in keys}
    if "error_rate" in merged and merged.get("messages"):
        merged["error_rate"] = round(merged["errors"] / merged["messages"], 4)
    return merged
