"""`python -m rules_engine assess` as the contract specifies: JSON out, exit 2 with {error, field} on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.examples import FIRST_ROW

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str | bytes = "") -> subprocess.CompletedProcess[bytes]:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "rules_engine", *args], input=data, capture_output=True, cwd=ROOT, timeout=60
    )


def test_assess_from_stdin_prints_one_json_object() -> None:
    proc = run("assess", "--today", "2026-11-22", stdin=json.dumps(FIRST_ROW))
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert (result["outcome"], result["deadline"], result["latest_npq_start"]) == (
        "NPQ_REQUIRED",
        "2028-03-10",
        "2026-05-10",
    )
    assert proc.stderr == b""


def test_assess_from_file(tmp_path: Path) -> None:
    facts = tmp_path / "facts.json"
    facts.write_text(json.dumps(FIRST_ROW | {"appointment_date": "2023-09-04", "setting": "maintained_mainstream"}))
    proc = run("assess", "--today", "2026-11-22", "--facts", str(facts))
    result = json.loads(proc.stdout)
    assert (result["deadline"], result["latest_npq_start"], result["overdue"]) == ("2026-09-04", "2024-11-04", True)


def test_today_defaults_to_the_london_date() -> None:
    from rules_engine.clock import london_today
    from rules_engine.dates import long_date

    before = london_today()
    proc = run("assess", "--text", stdin=json.dumps({"setting": "independent"}))
    after = london_today()
    assert proc.returncode == 0
    assert any(f"as at {long_date(day)}." in proc.stdout.decode() for day in (before, after))


def test_text_flag_prints_the_email_rendering() -> None:
    proc = run("assess", "--today", "2026-11-22", "--text", stdin=json.dumps(FIRST_ROW))
    assert proc.returncode == 0
    text = proc.stdout.decode()
    assert "10 March 2028" in text
    assert "10 May 2026" in text
    assert "https://www.legislation.gov.uk/uksi/2014/1530/regulation/49" in text


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ('{"colour": "blue"}', "colour"),
        ('{"setting": "academy"}', "setting"),
        ('{"role": "SENCO"}', "role"),
        ('{"nasenco": true}', "nasenco"),
        ('{"appointment_date": "2024-02-30"}', "appointment_date"),
        ('{"appointment_date": "31/02/2024"}', "appointment_date"),
        ('{"appointment_date": 2024}', "appointment_date"),
        ('{"nasenco_start_date": "2024-13"}', "nasenco_start_date"),
        ('{"prior_senco_service_over_12_months": "false"}', "prior_senco_service_over_12_months"),
        ('{"prior_senco_service_over_12_months": 0}', "prior_senco_service_over_12_months"),
        ('{"nasenco": "completed", "nasenco_completion_date": "2027-01"}', "nasenco_completion_date"),
        ('{"nasenco_start_date": "2023-09", "nasenco_completion_date": "2023-01"}', "nasenco_completion_date"),
        ("[]", "facts"),
        ('"senco"', "facts"),
        ("", "facts"),
        ("{not json", "facts"),
        ("[" * 100000, "facts"),
    ],
)
def test_invalid_facts_exit_2_naming_the_field(stdin: str, field: str) -> None:
    proc = run("assess", "--today", "2026-11-22", stdin=stdin)
    assert proc.returncode == 2
    assert proc.stdout == b""
    error = json.loads(proc.stderr)
    assert error["field"] == field
    assert error["error"]


def test_binary_input_is_refused_cleanly() -> None:
    proc = run("assess", "--today", "2026-11-22", stdin=b"\xff\xfe\x00garbage")
    assert proc.returncode == 2
    assert json.loads(proc.stderr)["field"] == "facts"


@pytest.mark.parametrize("today", ["2026-02-30", "22/11/2026", "2026-11", "2024-08-31"])
def test_bad_today_exits_2_naming_today(today: str) -> None:
    proc = run("assess", "--today", today, stdin="{}")
    assert proc.returncode == 2
    assert json.loads(proc.stderr)["field"] == "today"


def test_missing_facts_file_and_bad_arguments_exit_2(tmp_path: Path) -> None:
    proc = run("assess", "--today", "2026-11-22", "--facts", str(tmp_path / "nope.json"))
    assert proc.returncode == 2
    assert json.loads(proc.stderr)["field"] == "facts"
    proc = run("judge")
    assert proc.returncode == 2
    assert json.loads(proc.stderr)["field"] == "arguments"


def test_ics_prints_the_calendar_file() -> None:
    facts = FIRST_ROW | {"appointment_date": "2026-09-01"}
    proc = run("assess", "--today", "2026-11-22", "--ics", stdin=json.dumps(facts))
    assert proc.returncode == 0, proc.stderr
    starts = sorted(e.decoded("dtstart") for e in Calendar.from_ical(proc.stdout).walk("VEVENT"))
    assert starts == [date(2027, 11, 1), date(2029, 9, 1)]


def test_ics_without_a_deadline_is_refused_naming_the_facts() -> None:
    proc = run("assess", "--today", "2026-11-22", "--ics", stdin=json.dumps({"setting": "independent"}))
    assert proc.returncode == 2
    assert json.loads(proc.stderr)["field"] == "facts"
    assert proc.stdout == b""


def test_text_and_ics_are_one_or_the_other() -> None:
    proc = run("assess", "--text", "--ics", stdin=json.dumps(FIRST_ROW))
    assert proc.returncode == 2
    assert json.loads(proc.stderr)["field"] == "arguments"


def test_text_leads_with_where_the_teacher_stands() -> None:
    proc = run("assess", "--today", "2026-11-22", "--text", stdin=json.dumps(FIRST_ROW))
    lines = proc.stdout.decode().splitlines()
    assert lines[3].startswith("AT RISK: ")
    assert "Latest safe start for the NPQ: 10 May 2026 (passed)" in lines
    assert not any("start by 10 May 2026" in line for line in lines)
