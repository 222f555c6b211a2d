"""Percentiles and run summaries (pure)."""

from __future__ import annotations

import statistics

import pytest

from bench.stats import RunSamples, percentile, summarize


@pytest.mark.parametrize("q", [0, 10, 50, 90, 95, 99, 100])
def test_percentile_matches_the_inclusive_method(q: int) -> None:
    values = [12.0, 3.0, 7.5, 40.0, 1.0, 9.0, 15.0, 22.0, 5.0, 31.0, 2.5]
    expected = {0: min(values), 100: max(values)}.get(q)
    if expected is None:
        cuts = statistics.quantiles(values, n=100, method="inclusive")
        expected = cuts[q - 1]
    assert percentile(values, q) == pytest.approx(expected)


def test_percentile_of_one_value_and_bad_input() -> None:
    assert percentile([4.0], 95) == 4.0
    with pytest.raises(ValueError, match="no values"):
        percentile([], 50)
    with pytest.raises(ValueError, match="between 0 and 100"):
        percentile([1.0], 101)


def test_summary_counts_only_correct_replies_as_throughput() -> None:
    samples = RunSamples(latencies_s=[0.1] * 90 + [0.5] * 10, window_s=10.0, conversations=30)
    for _ in range(7):
        samples.add_error("faq_in_form: HTTP 500")
    summary = summarize(samples, 20)
    assert summary["throughput_msgs_per_s"] == 10.0
    assert (summary["messages"], summary["errors"], summary["concurrent_users"]) == (107, 7, 20)
    assert summary["error_rate"] == round(7 / 107, 4)
    assert summary["p50_ms"] == 100.0
    assert summary["p95_ms"] == 500.0
    assert summary["max_ms"] == 500.0
    assert summary["error_examples"] == ["faq_in_form: HTTP 500"] * 5  # a few examples, not all


def test_summary_of_a_run_with_no_correct_reply() -> None:
    samples = RunSamples(window_s=5.0)
    samples.add_error("quick_question: empty reply")
    summary = summarize(samples, 1)
    assert summary["throughput_msgs_per_s"] == 0.0
    assert summary["p95_ms"] is None
    assert summary["errors"] == 1
