"""Rules-engine speed: median microseconds per assessment over 100,000 varied facts (target < 50 µs).

Each sample times validation plus assessment (`assess(parse_facts(raw), today)`), the work the assistant
does per turn. The facts are drawn from a seeded generator so runs are comparable.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from datetime import date
from pathlib import Path

from rules_engine import FactsError, assess, parse_facts
from rules_engine.assessment import Assessment
from rules_engine.facts import BOOL_KEYS, CHOICES, DATE_KEYS

# Most real questions come from covered schools and eligible teachers, which take the longest walk.
_WEIGHTS: dict[str, dict[str, int]] = {
    "setting": {"maintained_mainstream": 8, "academy_mainstream": 8, "maintained_nursery": 2, "pru": 1},
    "teacher_status": {"qts_induction_complete": 8, "headteacher": 1},
    "role": {"senco": 8, "other": 1},
}
RESULTS = Path(__file__).parent / "results"
TARGET_US = 50.0


def _date(rng: random.Random) -> str:
    year = rng.randint(2005, 2030)
    precision = rng.random()
    if precision < 0.1:
        return f"{year}"
    month = rng.randint(1, 12)
    if precision < 0.3:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{rng.randint(1, 28):02d}"


def varied_facts(count: int, seed: int = 2024) -> list[dict[str, object]]:
    """Facts with each key present about 80% of the time, so every stage and outcome is exercised."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        facts: dict[str, object] = {}
        for key, values in CHOICES.items():
            if rng.random() < 0.8:
                weights = _WEIGHTS.get(key, {})
                facts[key] = rng.choices(values, [weights.get(v, 1) for v in values])[0]
        for key in DATE_KEYS:
            if rng.random() < 0.5:
                facts[key] = _date(rng)
        for key in BOOL_KEYS:
            if rng.random() < 0.8:
                facts[key] = rng.random() < 0.2
        if facts.get("nasenco") == "completed" or facts.get("npq") == "completed":
            facts.pop("nasenco_completion_date", None)
            facts.pop("npq_start_date", None)
            facts.pop("nasenco_start_date", None)
        out.append(facts)
    return out


def _one(raw: dict[str, object], today: date) -> str:
    """The outcome id, or `rejected` for facts the engine refuses (contradictory dates): both are timed."""
    try:
        result: Assessment = assess(parse_facts(raw), today)
    except FactsError:
        return "rejected"
    return result.outcome


def measure(count: int) -> dict[str, float]:
    today = date(2026, 11, 22)
    samples = varied_facts(count)
    for raw in samples[:1000]:  # warm caches (law snapshot, imports)
        _one(raw, today)
    timings = []
    clock = time.perf_counter_ns
    outcomes: dict[str, int] = {}
    for raw in samples:
        start = clock()
        outcome = _one(raw, today)
        timings.append(clock() - start)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    timings.sort()
    return {
        "rules_engine_us_per_assessment": round(statistics.median(timings) / 1000, 2),
        "rules_engine_p95_us": round(timings[int(len(timings) * 0.95)] / 1000, 2),
        "rules_engine_samples": count,
        "rules_engine_outcomes": dict(sorted(outcomes.items())),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    report = measure(args.count)
    RESULTS.mkdir(parents=True, exist_ok=True)
    latest = RESULTS / "latest.json"
    merged = json.loads(latest.read_text()) if latest.exists() else {}
    merged.update(report)
    latest.write_text(json.dumps(merged, indent=2) + "\n")
    met = report["rules_engine_us_per_assessment"] < TARGET_US
    print(f"{'measure':<34}{'value':>12}{'target':>12}")
    print(f"{'rules engine median µs/assessment':<34}{report['rules_engine_us_per_assessment']:>12}{'< 50':>12}")
    print(f"{'rules engine p95 µs/assessment':<34}{report['rules_engine_p95_us']:>12}{'':>12}")
    print(f"outcomes over {args.count:,} facts: {report['rules_engine_outcomes']}")
    print(f"written {latest}; target {'met' if met else 'MISSED'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
