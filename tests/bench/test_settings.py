"""`make bench` settings from the environment (pure)."""

from __future__ import annotations

import pytest

from bench.run import settings_from


def test_defaults() -> None:
    settings = settings_from({})
    assert settings.users == (20, 100)
    assert (settings.duration_s, settings.warmup_s, settings.think_s) == (60.0, 5.0, (0.5, 1.5))
    assert settings.sides == ("baseline", "project")
    assert (settings.workers, settings.redis_url) == (1, "redis://127.0.0.1:6379/0")
    assert settings.out.name == "latest.json"


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
    ],
)
def test_bad_settings_name_the_variable(env: dict[str, str], names: str) -> None:
    with pytest.raises(ValueError, match=names):
        settings_from(env)
