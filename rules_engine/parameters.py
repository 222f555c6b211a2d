"""Dated legal values (OpenFisca style): each value has a period of validity and a citation.

Why: the rules hinge on dates set by law (1 Sep 2009, 1 Sep 2024, 31 Aug 2027...). Keeping them as data with
their legal reference means a change in the law is a data change, and looking a value up on a day outside
its period raises instead of silently carrying an old value forward.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, fields
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .errors import FactsError, RulesDataError
from .sources import Citation

_PARAMETER_KEYS = {"description", "citation", "values"}
_PERIOD_KEYS = {"from", "until", "value"}


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date | None  # inclusive; None while still in force
    value: Any

    def covers(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    description: str
    citation: Citation
    periods: tuple[Period, ...]

    def at(self, day: date) -> Any:
        for period in self.periods:
            if period.covers(day):
                return period.value
        raise ParameterOutOfRange(self.name, day)


class ParameterOutOfRange(FactsError):
    """No value of a legal parameter is in force on the day asked (reported against `today`)."""

    def __init__(self, name: str, day: date) -> None:
        super().__init__("today", f"the rules data has no value of {name} in force on {day.isoformat()}")
        self.parameter = name


@dataclass(frozen=True, slots=True)
class Law:
    """The values in force on one day; field names must match `parameters.yaml` exactly."""

    duty_applies_after: date
    qualification_period_years: int
    prior_service_limit_months: int
    nasenco_start_before: date
    nasenco_complete_before: date
    npq_start_on_or_after: date
    npq_taught_months: int
    npq_max_months: int
    transition_cohort_start: date
    transition_npq_start_by: str
    transition_npq_latest_start: date
    npq_cohort_starts: dict[str, dict[str, int]]
    academic_year_start: dict[str, int]
    term_starts: dict[str, dict[str, int]]


_LAW_FIELDS = {f.name: f.type for f in fields(Law)}


def _period(name: str, entry: object) -> Period:
    if not isinstance(entry, dict) or not set(entry) <= _PERIOD_KEYS or not {"from", "value"} <= set(entry):
        raise RulesDataError(f"parameter {name!r}: each value needs 'from' and 'value' (and may have 'until')")
    start, end = entry["from"], entry.get("until")
    if not isinstance(start, date) or (end is not None and (not isinstance(end, date) or end < start)):
        raise RulesDataError(f"parameter {name!r}: bad period {start!r}..{end!r}")
    return Period(start, end, entry["value"])


def load_parameters(path: Path, sources: dict[str, Citation]) -> dict[str, Parameter]:
    """Load and validate: unknown or missing keys, unknown citations and overlapping periods all raise."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise RulesDataError(f"{path.name}: expected a mapping of parameters")
    unknown, missing = set(raw) - set(_LAW_FIELDS), set(_LAW_FIELDS) - set(raw)
    if unknown or missing:
        raise RulesDataError(f"{path.name}: unknown parameters {sorted(unknown)}, missing {sorted(missing)}")
    params: dict[str, Parameter] = {}
    for name, spec in raw.items():
        if not isinstance(spec, dict) or set(spec) != _PARAMETER_KEYS:
            raise RulesDataError(f"parameter {name!r} must have exactly {sorted(_PARAMETER_KEYS)}")
        if spec["citation"] not in sources:
            raise RulesDataError(f"parameter {name!r} cites unknown source {spec['citation']!r}")
        if not isinstance(spec["values"], list) or not spec["values"]:
            raise RulesDataError(f"parameter {name!r} has no values")
        periods = sorted((_period(name, e) for e in spec["values"]), key=lambda p: p.start)
        for before, after in itertools.pairwise(periods):
            if before.end is None or before.end >= after.start:
                raise RulesDataError(f"parameter {name!r}: periods from {before.start} and {after.start} overlap")
        expected = _LAW_FIELDS[name]
        for period in periods:
            if not _has_type(period.value, expected):
                raise RulesDataError(f"parameter {name!r}: value {period.value!r} is not a {expected}")
        params[name] = Parameter(name, spec["description"], sources[spec["citation"]], tuple(periods))
    return params


def _has_type(value: Any, annotation: str) -> bool:
    kinds = {"date": date, "int": int, "str": str}
    if annotation in kinds:
        wanted = kinds[annotation]
        return isinstance(value, wanted) and not isinstance(value, bool) and (wanted is not int or value >= 0)
    return isinstance(value, dict)


class Rulebook:
    """All parameters; `law_on(day)` gives the snapshot in force that day (cached: it is asked per answer)."""

    def __init__(self, params: dict[str, Parameter]) -> None:
        self.params = params
        self.law_on = lru_cache(maxsize=64)(self._law_on)

    def _law_on(self, day: date) -> Law:
        return Law(**{name: param.at(day) for name, param in self.params.items()})

    def citation_of(self, name: str) -> Citation:
        return self.params[name].citation
