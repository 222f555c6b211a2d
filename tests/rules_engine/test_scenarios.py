"""Table-driven cross-check of the rules engine against scenarios.yaml.

The expected values in the table come from the specification (shared/spec/senco-rules.md,
shared/spec/assessment-contract.md and docs/engine-decisions.md), not from the engine's code, so a row failing
means either the engine or the table disagrees with the spec. This module asserts only what a row states, plus
the contract-level invariants that must hold for every assessment whatever the facts.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

from rules_engine import assess_json

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
SCENARIO_FILE = HERE / "scenarios.yaml"
DEFAULT_TODAY = "2026-11-22"

# senco-rules.md section 5: the stable outcome ids.
OUTCOMES = frozenset(
    {
        "NEED_MORE_INFO",
        "OUTSIDE_ENGLAND",
        "NOT_STATUTORY_SETTING",
        "CANNOT_BE_SENCO",
        "ALREADY_QUALIFIED",
        "EXEMPT_APPOINTED_BEFORE_SEPT_2009",
        "EXEMPT_PRIOR_EXPERIENCE",
        "NASENCO_IN_PROGRESS",
        "NPQ_IN_PROGRESS",
        "NPQ_REQUIRED",
        "ASPIRING",
    }
)

# senco-rules.md section 1: every setting value and its `statutory` label (outside_england: null, per
# engine-decisions.md walk step 1).
SETTINGS: dict[str, bool | str | None] = {
    "maintained_mainstream": True,
    "academy_mainstream": True,
    "maintained_nursery": True,
    "special": False,
    "independent": False,
    "pru": "unclear",
    "ap_academy": "unclear",
    "post16": False,
    "early_years_pvi": False,
    "childminder": False,
    "outside_england": None,
}

# assessment-contract.md section 1: the assessment object's keys, exactly.
ASSESSMENT_KEYS = frozenset(
    {
        "outcome",
        "statutory",
        "qualification",
        "deadline",
        "latest_npq_start",
        "overdue",
        "needs",
        "assumptions",
        "citations",
        "trace",
        "latest_npq_start_passed",
        "next_npq_cohort",
        "at_risk",
    }
)

# senco-rules.md "Sources": id -> (kind, url). Kind follows the instrument: Acts and SIs are legislation,
# DfE publications and the Code of Practice are guidance.
SOURCES: dict[str, tuple[str, str]] = {
    "cfa-s67": ("legislation", "https://www.legislation.gov.uk/ukpga/2014/6/section/67"),
    "cfa-s83": ("legislation", "https://www.legislation.gov.uk/ukpga/2014/6/section/83"),
    "reg-49": ("legislation", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/49"),
    # the consolidated text of reg 49 (the amending regulation, SI 2024/535 reg 2, is named beside it)
    "reg-49-7": ("legislation", "https://www.legislation.gov.uk/uksi/2014/1530/regulation/49"),
    "dfe-transition": ("guidance", "https://www.gov.uk/government/publications/mandatory-qualification-for-sencos"),
    "dfe-npq-senco": (
        "guidance",
        "https://www.gov.uk/guidance/special-educational-needs-co-ordinators-national-professional-qualification",
    ),
    "send-code": ("guidance", "https://www.gov.uk/government/publications/send-code-of-practice-0-to-25"),
}
CITATION_KEYS = frozenset({"id", "title", "provision", "url", "kind", "last_checked"})

# assessment-contract.md section 1: fact keys and their allowed values (None: a date string).
FACT_VALUES: dict[str, tuple[Any, ...] | None] = {
    "role": ("senco", "aspiring", "other"),
    "setting": tuple(SETTINGS),
    "teacher_status": ("qts_induction_complete", "qts_induction_incomplete", "headteacher", "no_qts"),
    "appointment_date": None,
    "prior_senco_service_over_12_months": (True, False),
    "nasenco": ("none", "in_progress", "completed"),
    "nasenco_start_date": None,
    "nasenco_completion_date": None,
    "npq": ("none", "enrolled", "completed"),
    "npq_start_date": None,
}
EXPECT_KEYS = frozenset(
    {
        "outcome",
        "statutory",
        "qualification",
        "deadline",
        "latest_npq_start",
        "overdue",
        "needs",
        "cites",
        "assumptions_min",
    }
)
ROW_KEYS = frozenset({"id", "why", "today", "facts", "unknown", "expect"})
DATE_FACT = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def load_rows() -> list[dict[str, Any]]:
    """Load the table once at collection time; a malformed table should fail loudly, not skip rows."""
    with SCENARIO_FILE.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    rows = data["scenarios"]
    assert isinstance(rows, list)
    return rows


ROWS = load_rows()


def check_assessment_shape(result: Mapping[str, Any]) -> None:
    """Contract invariants every assessment must satisfy, whatever the facts.

    Kept as a plain function so the boundary and property tests can reuse the same definition of "well formed".
    """
    assert isinstance(result, dict)
    assert set(result) == ASSESSMENT_KEYS
    assert result["outcome"] in OUTCOMES
    assert result["statutory"] in (True, False, "unclear", None)
    assert result["qualification"] in ("NPQ_SENCO", "NASENCO", "NONE")
    for key in ("deadline", "latest_npq_start"):
        value = result[key]
        assert value is None or (isinstance(value, str) and ISO_DAY.match(value)), (key, value)
        if value is not None:
            dt.date.fromisoformat(value)
    assert isinstance(result["overdue"], bool)
    assert isinstance(result["needs"], list)
    assert all(isinstance(need, str) for need in result["needs"])
    assert isinstance(result["assumptions"], list)
    assert all(isinstance(sentence, str) and sentence.strip() for sentence in result["assumptions"])
    assert isinstance(result["trace"], list)
    assert result["trace"], "trace lists the rule steps taken, so it is never empty"
    assert all(isinstance(step, str) for step in result["trace"])
    # senco-rules.md "Sources": cite these, with their links, in every outcome.
    assert isinstance(result["citations"], list)
    assert result["citations"], "every outcome carries at least one citation"
    for citation in result["citations"]:
        assert isinstance(citation, dict)
        assert set(citation) >= CITATION_KEYS, citation
        for key in ("id", "title", "provision", "url"):
            assert isinstance(citation[key], str), (key, citation)
            assert citation[key].strip(), (key, citation)
        assert citation["kind"] in ("legislation", "guidance"), citation
        assert isinstance(citation["last_checked"], str), citation
        assert ISO_DAY.match(citation["last_checked"]), citation
        dt.date.fromisoformat(citation["last_checked"])
        assert citation["id"] in SOURCES, citation["id"]
        kind, url = SOURCES[citation["id"]]
        assert citation["kind"] == kind, citation
        assert citation["url"] == url, citation
    # NEED_MORE_INFO iff there is something to ask.
    assert (result["outcome"] == "NEED_MORE_INFO") == bool(result["needs"]), (result["outcome"], result["needs"])


def run_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Assess one table row through the Python API."""
    today = dt.date.fromisoformat(row.get("today", DEFAULT_TODAY))
    return assess_json(dict(row["facts"]), today, row.get("unknown", ()))


@pytest.mark.parametrize("row", ROWS, ids=[row["id"] for row in ROWS])
def test_scenario(row: dict[str, Any]) -> None:
    """Each row's stated expectations hold, and the result is a well-formed contract assessment."""
    result = run_row(row)
    check_assessment_shape(result)
    expect = row["expect"]
    for key in ("outcome", "statutory", "qualification", "deadline", "latest_npq_start", "overdue", "needs"):
        if key in expect:
            assert result[key] == expect[key], f"{key}: expected {expect[key]!r}, engine gave {result[key]!r}"
    if "cites" in expect:
        present = {citation["id"] for citation in result["citations"]}
        missing = set(expect["cites"]) - present
        assert not missing, f"citations {sorted(missing)} missing; engine cited {sorted(present)}"
    if "assumptions_min" in expect:
        assert len(result["assumptions"]) >= expect["assumptions_min"], result["assumptions"]


# ---------------------------------------------------------------------------------------------- table hygiene


def test_table_is_well_formed() -> None:
    """Guards the table itself: a typo in a key or value would otherwise test nothing (or the wrong thing)."""
    ids = [row["id"] for row in ROWS]
    assert len(ids) == len(set(ids)), "row ids must be unique"
    assert len(ROWS) >= 60
    for row in ROWS:
        assert set(row) <= ROW_KEYS, (row["id"], set(row) - ROW_KEYS)
        assert isinstance(row["why"], str), row["id"]
        assert row["why"].strip(), row["id"]
        assert isinstance(row["facts"], dict), row["id"]
        if "today" in row:
            assert isinstance(row["today"], str), f"{row['id']}: quote today in YAML"
            dt.date.fromisoformat(row["today"])
        for key, value in row["facts"].items():
            assert key in FACT_VALUES, (row["id"], key)
            allowed = FACT_VALUES[key]
            if allowed is None:
                assert isinstance(value, str), f"{row['id']}: {key} must be a quoted date"
                assert DATE_FACT.match(value), f"{row['id']}: {key} is not YYYY, YYYY-MM or YYYY-MM-DD"
            else:
                assert value in allowed, (row["id"], key, value)
                assert type(value) is type(allowed[0]), (row["id"], key, value)
        for key in row.get("unknown", []):
            assert key in FACT_VALUES, (row["id"], key)
        expect = row["expect"]
        assert expect, row["id"]
        assert set(expect) <= EXPECT_KEYS, (row["id"], set(expect) - EXPECT_KEYS)
        if "outcome" in expect:
            assert expect["outcome"] in OUTCOMES, row["id"]
        for key in ("deadline", "latest_npq_start"):
            if expect.get(key) is not None:
                assert isinstance(expect[key], str), f"{row['id']}: quote {key}"
                assert ISO_DAY.match(expect[key]), f"{row['id']}: {key} must be YYYY-MM-DD"
        for cited in expect.get("cites", []):
            assert cited in SOURCES, (row["id"], cited)


def test_table_covers_every_outcome_and_setting() -> None:
    """The table cannot silently shrink below the spec: every outcome id and every setting value appears."""
    outcomes = {row["expect"].get("outcome") for row in ROWS}
    assert outcomes >= OUTCOMES, f"outcomes not covered: {sorted(OUTCOMES - outcomes)}"
    settings = {row["facts"].get("setting") for row in ROWS}
    assert settings >= set(SETTINGS), f"settings not covered: {sorted(set(SETTINGS) - settings)}"


def test_table_covers_the_worked_examples() -> None:
    """Contract section 6's six worked examples must stay in the table."""
    ids = {row["id"] for row in ROWS}
    worked = {row_id for row_id in ids if row_id.startswith("ex")}
    assert len(worked) == 6, sorted(worked)


# ---------------------------------------------------------------------------------------------- the CLI


WORKED_EXAMPLES = [row for row in ROWS if row["id"].startswith("ex")]


def run_cli(args: list[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m rules_engine` from the repository root, as the acceptance checks do."""
    return subprocess.run(
        [sys.executable, "-m", "rules_engine", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO_ROOT,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("row", WORKED_EXAMPLES, ids=[row["id"] for row in WORKED_EXAMPLES])
def test_cli_stdin_matches_api(row: dict[str, Any]) -> None:
    """The CLI prints, for stdin facts, the same assessment the API returns (contract section 1)."""
    proc = run_cli(["assess", "--today", row.get("today", DEFAULT_TODAY)], stdin=json.dumps(row["facts"]))
    assert proc.returncode == 0, proc.stderr
    printed = json.loads(proc.stdout)
    assert printed == run_row(row)


def test_cli_facts_file(tmp_path: Path) -> None:
    """`--facts F` reads the facts from a file (contract section 1)."""
    facts_file = tmp_path / "facts.json"
    facts_file.write_text(json.dumps(WORKED_EXAMPLES[0]["facts"]), encoding="utf-8")
    proc = run_cli(["assess", "--today", DEFAULT_TODAY, "--facts", str(facts_file)])
    assert proc.returncode == 0, proc.stderr
    printed = json.loads(proc.stdout)
    assert printed["outcome"] == "NPQ_REQUIRED"
    assert printed["deadline"] == "2028-03-10"
    assert printed["latest_npq_start"] == "2026-05-10"


@pytest.mark.parametrize(
    ("facts", "field"),
    [
        ({"appointment_date": "2023-02-29"}, "appointment_date"),
        ({"appointment_date": "10/03/2025"}, "appointment_date"),
        ({"setting": "castle"}, "setting"),
        ({"favourite_colour": "blue"}, "favourite_colour"),
    ],
    ids=["impossible-date", "bad-date-format", "unknown-value", "unknown-key"],
)
def test_cli_invalid_facts_exit_2(facts: dict[str, Any], field: str) -> None:
    """Invalid facts exit 2 with {"error", "field"} on stderr naming the field (contract section 1)."""
    proc = run_cli(["assess", "--today", DEFAULT_TODAY], stdin=json.dumps(facts))
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    error = json.loads(proc.stderr)
    assert set(error) >= {"error", "field"}
    assert error["field"] == field
