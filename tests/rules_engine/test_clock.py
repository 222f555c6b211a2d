"""The serving day: `make run` refuses, in one line, a SENCO_TODAY it could not answer for."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from rules_engine.clock import check_serving_day
from rules_engine.errors import FactsError

ROOT = Path(__file__).resolve().parents[2]


def test_a_day_with_law_in_force_is_served() -> None:
    assert check_serving_day({"SENCO_TODAY": "2026-11-22"}) == date(2026, 11, 22)


@pytest.mark.parametrize("value", ["2024-08-31", "22/11/2026", "2026-02-30", "2026-11"])
def test_a_day_the_engine_cannot_answer_for_is_refused_naming_today(value: str) -> None:
    with pytest.raises(FactsError) as error:
        check_serving_day({"SENCO_TODAY": value})
    assert error.value.field in {"SENCO_TODAY", "today"}


def test_the_start_up_check_says_why_in_one_line_without_a_traceback() -> None:
    env = os.environ | {"SENCO_TODAY": "2024-08-31"}
    command = [sys.executable, "-m", "rules_engine.clock"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") == 0
    assert "SENCO_TODAY='2024-08-31'" in done.stderr
    assert "Traceback" not in done.stderr
