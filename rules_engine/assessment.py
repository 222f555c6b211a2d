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
        }
