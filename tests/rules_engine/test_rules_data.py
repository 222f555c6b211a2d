"""The legal parameters are validated when loaded, and never used outside their dates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from rules_engine.errors import FactsError, RulesDataError
from rules_engine.parameters import ParameterOutOfRange, Rulebook, load_parameters
from rules_engine.rules_data import RULEBOOK, SETTINGS, SOURCES, load_settings
from rules_engine.sources import load_sources

DATA = Path(__file__).resolve().parents[2] / "rules_engine"


def _params() -> dict:
    return yaml.safe_load((DATA / "parameters.yaml").read_text())


def _write(tmp_path: Path, data: object, name: str = "parameters.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data))
    return path


def test_shipped_values_match_the_spec() -> None:
    law = RULEBOOK.law_on(date(2026, 11, 22))
    assert law.duty_applies_after == date(2009, 9, 1)
    assert law.qualification_period_years == 3
    assert law.prior_service_limit_months == 12
    assert law.nasenco_start_before == date(2024, 9, 1)
    assert law.nasenco_complete_before == date(2027, 9, 1)
    assert law.npq_start_on_or_after == date(2024, 9, 1)
    assert (law.npq_taught_months, law.npq_max_months) == (18, 22)
    assert law.transition_cohort_start == date(2023, 9, 1)
    assert law.academic_year_start == {"month": 9, "day": 1}
    assert law.term_starts["spring"] == {"month": 1, "day": 1}


def test_every_parameter_cites_a_known_source() -> None:
    for param in RULEBOOK.params.values():
        assert param.citation.id in SOURCES


def test_unknown_parameter_raises(tmp_path: Path) -> None:
    data = _params() | {
        "surprise": {"description": "x", "citation": "reg-49", "values": [{"from": date(2020, 1, 1), "value": 1}]}
    }
    with pytest.raises(RulesDataError, match="surprise"):
        load_parameters(_write(tmp_path, data), SOURCES)


def test_missing_parameter_raises(tmp_path: Path) -> None:
    data = _params()
    del data["npq_max_months"]
    with pytest.raises(RulesDataError, match="npq_max_months"):
        load_parameters(_write(tmp_path, data), SOURCES)


def test_unknown_key_in_a_parameter_raises(tmp_path: Path) -> None:
    data = _params()
    data["npq_max_months"]["unit"] = "months"
    with pytest.raises(RulesDataError, match="npq_max_months"):
        load_parameters(_write(tmp_path, data), SOURCES)


def test_unknown_key_in_a_period_raises(tmp_path: Path) -> None:
    data = _params()
    data["npq_max_months"]["values"][0]["note"] = "x"
    with pytest.raises(RulesDataError, match="npq_max_months"):
        load_parameters(_write(tmp_path, data), SOURCES)


def test_overlapping_periods_raise(tmp_path: Path) -> None:
    data = _params()
    data["npq_max_months"]["values"] = [
        {"from": date(2024, 9, 1), "until": date(2026, 1, 1), "value": 22},
        {"from": date(2025, 9, 1), "value": 24},
    ]
    with pytest.raises(RulesDataError, match="overlap"):
        load_parameters(_write(tmp_path, data), SOURCES)


def test_open_period_followed_by_another_raises(tmp_path: Path) -> None:
    data = _params()
    data["npq_max_months"]["values"] = [
        {"from": date(2024, 9, 1), "value": 22},
        {"from": date(2026, 9, 1), "value": 24},
    ]
    with pytest.raises(RulesDataError, match="overlap"):
        load_parameters(_write(tmp_path, data), SOURCES)


def test_wrong_value_type_and_unknown_citation_raise(tmp_path: Path) -> None:
    data = _params()
    data["npq_max_months"]["values"][0]["value"] = "22"
    with pytest.raises(RulesDataError, match="npq_max_months"):
        load_parameters(_write(tmp_path, data), SOURCES)
    data = _params()
    data["npq_max_months"]["citation"] = "a-blog"
    with pytest.raises(RulesDataError, match="a-blog"):
        load_parameters(_write(tmp_path, data), SOURCES)


def test_successive_periods_pick_the_value_in_force_and_raise_outside(tmp_path: Path) -> None:
    data = _params()
    data["npq_max_months"]["values"] = [
        {"from": date(2024, 9, 1), "until": date(2026, 8, 31), "value": 22},
        {"from": date(2026, 9, 1), "until": date(2027, 8, 31), "value": 24},
    ]
    book = Rulebook(load_parameters(_write(tmp_path, data), SOURCES))
    assert book.law_on(date(2026, 8, 31)).npq_max_months == 22
    assert book.law_on(date(2026, 9, 1)).npq_max_months == 24
    with pytest.raises(ParameterOutOfRange) as err:
        book.law_on(date(2027, 9, 1))
    assert err.value.field == "today"
    assert isinstance(err.value, FactsError)


def test_law_before_the_npq_regime_is_not_answered() -> None:
    with pytest.raises(ParameterOutOfRange):
        RULEBOOK.law_on(date(2024, 8, 31))


def test_sources_need_every_citation_field(tmp_path: Path) -> None:
    raw = yaml.safe_load((DATA / "sources.yaml").read_text())
    del raw["reg-49"]["last_checked"]
    with pytest.raises(RulesDataError, match="reg-49"):
        load_sources(_write(tmp_path, raw, "sources.yaml"))
    raw = yaml.safe_load((DATA / "sources.yaml").read_text())
    raw["reg-49"]["kind"] = "blog"
    with pytest.raises(RulesDataError, match="reg-49"):
        load_sources(_write(tmp_path, raw, "sources.yaml"))


def test_settings_table_matches_the_spec(tmp_path: Path) -> None:
    expected = {
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
    assert {k: s.statutory for k, s in SETTINGS.items()} == expected
    raw = yaml.safe_load((DATA / "settings.yaml").read_text())
    raw["pru"]["statutory"] = "maybe"
    with pytest.raises(RulesDataError, match="pru"):
        load_settings(_write(tmp_path, raw, "settings.yaml"), SOURCES)
