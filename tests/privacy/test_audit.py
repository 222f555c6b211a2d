"""The dependency audit's rules (tools/audit_deps.py) on made-up index answers: advisories on a pin that is the
latest release fail unless justified, a yanked pin fails unless justified, older pins are reported as not audited
(never as safe), and an exception that matches nothing fails. `make audit` runs it against the real index."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.audit_deps import assess_pin, audit, load_exceptions, pins


def project(latest: str, releases: dict[str, bool], advisories: list[str] = ()) -> dict:  # type: ignore[assignment]
    return {
        "info": {"version": latest},
        "releases": {v: [{"filename": f"x-{v}.whl", "yanked": y}] for v, y in releases.items()},
        "vulnerabilities": [{"id": a, "fixed_in": []} for a in advisories],
    }


def test_pins_are_read_from_constraints() -> None:
    text = "# comment\nrasa==3.6.21\nSQLAlchemy==1.4.54 ; python_version < '4'\nuvicorn[standard]==0.1\n-e .\nfoo>=1\n"
    assert pins(text) == [("rasa", "3.6.21"), ("SQLAlchemy", "1.4.54"), ("uvicorn", "0.1")]


def test_the_real_constraints_all_parse() -> None:
    text = (Path(__file__).resolve().parents[2] / "constraints.txt").read_text()
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    assert len(pins(text)) == len(lines)


def test_only_the_latest_release_is_audited_and_yanked_is_a_finding() -> None:
    latest = assess_pin("x", "2.0", project("2.0", {"1.0": True, "2.0": False}, ["GHSA-1"]))
    assert (latest.audited, latest.findings) == (True, ["GHSA-1"])
    older = assess_pin("x", "1.0", project("2.0", {"1.0": True, "2.0": False}, ["GHSA-1"]))
    assert (older.audited, older.findings) == (False, ["yanked"])  # latest's advisories say nothing about 1.0


def test_unjustified_findings_and_stale_exceptions_are_reported() -> None:
    index = {"a": project("1", {"1": False}, ["GHSA-a"]), "b": project("2", {"1": True, "2": False})}
    exceptions = {("a", "GHSA-a"): "not reachable from our code", ("c", "GHSA-c"): "old"}
    reports, unjustified, stale = audit([("a", "1"), ("b", "1")], index.__getitem__, exceptions)
    assert unjustified == ["b==1: yanked"]
    assert stale == ["c GHSA-c"]
    assert [r.audited for r in reports] == [True, False]


def test_an_unreachable_index_is_an_error_not_a_pass() -> None:
    def down(name: str) -> dict:
        raise OSError("no route to host")

    reports, _, _ = audit([("a", "1")], down, {})
    assert reports[0].error
    assert not reports[0].audited


def test_every_exception_needs_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_text('[[exception]]\npackage = "a"\nfinding = "GHSA-1"\nreason = ""\n')
    with pytest.raises(ValueError, match="no reason"):
        load_exceptions(path)
    path.write_text('[[exception]]\npackage = "A"\nfinding = "GHSA-1"\nreason = "why"\n')
    assert load_exceptions(path) == {("a", "GHSA-1"): "why"}
