"""Percentiles, run summaries, medians over repeated runs and CPU per message from /proc snapshots (pure)."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from bench.cpu import cpu_per_message, cpu_seconds_between, ms_per_message, parse_stat, snapshot
from bench.repeat import merge
from bench.stats import RunSamples, median, percentile, summarize


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


def test_timeouts_are_errors_counted_apart() -> None:
    samples = RunSamples(latencies_s=[0.2] * 10, window_s=1.0)
    samples.add_error("quick_question: timed out: no reply within the client's timeout (TimeoutError)", True)
    samples.add_error("quick_question: HTTP 500")
    summary = summarize(samples, 100)
    assert (summary["errors"], summary["timeouts"]) == (2, 1)


def test_median_of_runs() -> None:
    assert median([3.12, 2.91, 4.08]) == 3.12
    assert median([2.91, 4.08]) == 3.5  # the middle two averaged, rounded to 2 places
    assert median([100, 100, 100]) == 100
    assert isinstance(median([100, 100]), int)
    assert median([1.0, None, 3.0]) is None  # missing in one run is missing
    assert median([]) is None


def stat_line(pid: int, command: str, utime: int, stime: int, start: int) -> str:
    # /proc/<pid>/stat: pid (comm) state ppid ... utime(14) stime(15) ... starttime(22) ...
    after = ["S", "1", *["0"] * 9, str(utime), str(stime), *["0"] * 6, str(start), "123456", "789"]
    return f"{pid} ({command}) " + " ".join(after)


def test_parse_stat_reads_ticks_after_a_command_with_spaces_and_parentheses() -> None:
    assert parse_stat(stat_line(42, "rasa (worker) 1", 1500, 250, 9000)) == (9000, 1750)


def test_snapshot_reads_proc_and_skips_a_process_gone_before_it_is_read(tmp_path: Path) -> None:
    for pid, ticks in ((10, 300), (11, 50)):
        (tmp_path / str(pid)).mkdir()
        (tmp_path / str(pid) / "stat").write_text(stat_line(pid, "python", ticks, 0, pid * 100))
    assert snapshot([10, 11, 12], tmp_path) == {(10, 1000): 300, (11, 1100): 50}


def test_cpu_seconds_between_two_snapshots() -> None:
    before = {(100, 5000): 1000, (101, 5001): 400, (102, 5002): 70}
    after = {
        (100, 5000): 1600,  # +600 ticks
        (101, 5001): 400,  # idle
        (103, 6000): 50,  # a worker started during the load: all of it counts
        (102, 7000): 30,  # pid 102 reused by a new process: its own 30 ticks, not 30 - 70
    }
    assert cpu_seconds_between(before, after, 100) == pytest.approx(6.8)


def test_cpu_per_message_adds_both_servers_and_divides_by_every_message_sent() -> None:
    before = {"rasa": {(1, 1): 10_000, (2, 1): 5_000}, "actions": {(3, 1): 2_000}}
    after = {"rasa": {(1, 1): 10_100, (2, 1): 6_500}, "actions": {(3, 1): 2_400}}
    # Rasa 1,600 ticks = 16 s, actions 400 ticks = 4 s at 100 ticks a second; 1,000 messages
    figures = cpu_per_message(before, after, 1000, 100)
    assert figures == {
        "messages_sent": 1000,
        "cpu_s": 20.0,
        "cpu_ms_per_msg": 20.0,
        "rasa_cpu_ms_per_msg": 16.0,
        "actions_cpu_ms_per_msg": 4.0,
    }
    assert cpu_per_message(before, after, 0, 100)["cpu_ms_per_msg"] is None
    assert ms_per_message(1.0, 3) == 333.33


def test_merge_of_runs_adds_counts_and_takes_the_median_of_figures() -> None:
    runs = [
        {"concurrent_users": 100, "messages": 1000, "errors": 0, "timeouts": 0, "error_rate": 0.0, "p95_ms": 900.0},
        {"concurrent_users": 100, "messages": 1000, "errors": 3, "timeouts": 3, "error_rate": 0.003, "p95_ms": 1100.0},
        {"concurrent_users": 100, "messages": 1000, "errors": 1, "timeouts": 0, "error_rate": 0.001, "p95_ms": 950.0},
    ]
    runs[1]["error_examples"] = ["a: timed out"] * 4
    runs[2]["error_examples"] = ["b: HTTP 500"] * 2
    merged = merge(runs)
    assert merged["concurrent_users"] == 100
    assert (merged["messages"], merged["errors"], merged["timeouts"]) == (3000, 4, 3)
    assert merged["error_rate"] == round(4 / 3000, 4)
    assert merged["p95_ms"] == 950.0
    assert merged["error_examples"] == ["a: timed out"] * 4 + ["b: HTTP 500"]
    assert merge(runs[:1]) == runs[0]  # one run is its own median
    with pytest.raises(ValueError, match="no runs"):
        merge([])
