"""The assessment object and its contract JSON form."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from .sources import Citation


@dataclass(frozen=True, slots=True)
class Assessment:
    outcome: str
    statutory: bool | str | None
    qualification: str
    deadline: date | None
    latest_npq_start: date | None
    overdue: bool
    needs: tuple[str, ...]
    assumptions: tuple[str, ...]
    citations: tuple[Citation, ...]
    trace: tuple[str, ...]
    latest_npq_start_passed: bool = False
    next_npq_cohort: date | None = None
    at_risk: bool = False
    # how the answer leads (rules_engine.timing): overdue, at_risk, late, on_track, or None with no deadline
    state: str | None = None
    # the next cohort's (or the NPQ under way's) outcome, results at the earliest and at the latest
    outcome_window: tuple[date, date] | None = None

    def to_dict(self) -> dict[str, Any]:
        """Exactly the keys of assessment-contract.md section 1, dates as YYYY-MM-DD."""
        return {
            "outcome": self.outcome,
            "statutory": self.statutory,
            "qualification": self.qualification,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "latest_npq_start": self.latest_npq_start.isoformat() if self.latest_npq_start else None,
            "overdue": self.overdue,
            "needs": list(self.needs),
            "assumptions": list(self.assumptions),
            "citations": [c.to_dict() for c in self.citations],
            "trace": list(self.trace),
            "latest_npq_start_passed": self.latest_npq_start_passed,
            "next_npq_cohort": self.next_npq_cohort.isoformat() if self.next_npq_cohort else None,
            "at_risk": self.at_risk,
        }
