"""The facts a person gives, exactly as named in the assessment contract, parsed and validated.

A missing key (or a JSON null) means "not known yet". Anything else that is not one of the contract's
values raises `FactsError` naming the key, so a caller can ask again for just that answer.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .dates import PartialDate, parse_partial_date
from .errors import FactsError
from .rules_data import SETTINGS

ROLES = ("senco", "aspiring", "other")
TEACHER_STATUSES = ("qts_induction_complete", "qts_induction_incomplete", "headteacher", "no_qts")
NASENCO_STATES = ("none", "in_progress", "completed")
NPQ_STATES = ("none", "enrolled", "completed")

CHOICES: dict[str, tuple[str, ...]] = {
    "role": ROLES,
    "setting": tuple(SETTINGS),
    "teacher_status": TEACHER_STATUSES,
    "nasenco": NASENCO_STATES,
    "npq": NPQ_STATES,
}
DATE_KEYS = ("appointment_date", "nasenco_start_date", "nasenco_completion_date", "npq_start_date")
BOOL_KEYS = ("prior_senco_service_over_12_months",)
FACT_KEYS = (*CHOICES, *DATE_KEYS, *BOOL_KEYS)

# Facts a person may answer "I don't know" to and still get an answer (the engine states the assumption).
ASSUMABLE_WHEN_UNKNOWN = frozenset(
    {"prior_senco_service_over_12_months", "nasenco", "npq", "nasenco_start_date", "teacher_status"}
)


@dataclass(frozen=True, slots=True)
class Facts:
    role: str | None = None
    setting: str | None = None
    teacher_status: str | None = None
    appointment_date: PartialDate | None = None
    prior_senco_service_over_12_months: bool | None = None
    nasenco: str | None = None
    nasenco_start_date: PartialDate | None = None
    nasenco_completion_date: PartialDate | None = None
    npq: str | None = None
    npq_start_date: PartialDate | None = None


def parse_facts(raw: object) -> Facts:
    """Validate a facts mapping (as decoded from JSON) into `Facts`."""
    if not isinstance(raw, Mapping):
        raise FactsError("facts", "must be a JSON object of fact keys and values")
    values: dict[str, object] = {}
    for key, value in raw.items():
        if key not in FACT_KEYS:
            raise FactsError(str(key), f"unknown fact; expected one of {', '.join(FACT_KEYS)}")
        if value is None:
            continue
        if key in CHOICES:
            if not isinstance(value, str) or value not in CHOICES[key]:
                raise FactsError(key, f"{value!r} is not one of {', '.join(CHOICES[key])}")
            values[key] = value
        elif key in DATE_KEYS:
            values[key] = parse_partial_date(value, key)
        elif not isinstance(value, bool):
            raise FactsError(key, "must be true or false")
        else:
            values[key] = value
    _check_order(values, "nasenco_start_date", "nasenco_completion_date")
    return Facts(**values)  # type: ignore[arg-type]


def _check_order(values: Mapping[str, object], start_key: str, end_key: str) -> None:
    start, end = values.get(start_key), values.get(end_key)
    if isinstance(start, PartialDate) and isinstance(end, PartialDate) and end.latest() < start.earliest():
        raise FactsError(end_key, f"{end.iso()} is before the course started ({start.iso()})")


def facts_to_dict(facts: Facts) -> dict[str, object]:
    """The contract's JSON form of known facts (dates at their own precision)."""
    out: dict[str, object] = {}
    for key in FACT_KEYS:
        value = getattr(facts, key)
        if value is not None:
            out[key] = value.iso() if isinstance(value, PartialDate) else value
    return out
