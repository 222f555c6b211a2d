"""The strict data validation fails on every Rasa warning it cannot prove harmless."""

from __future__ import annotations

from pathlib import Path

import yaml

from tools.validate_data import responses_used_outside_dialogue, retrieval_intents, unexplained

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def test_every_response_the_actions_name_is_in_the_domain() -> None:
    used, missing = responses_used_outside_dialogue(DOMAIN)
    assert missing == set()
    assert {"utter_senco_statutory_unclear", "utter_senco_outcome_NPQ_REQUIRED", "utter_ask_setting"} <= used


def test_an_action_naming_a_missing_response_is_reported(tmp_path: Path) -> None:
    (tmp_path / "broken.py").write_text('dispatcher.utter_message(response="utter_not_in_the_domain")\n')
    _, missing = responses_used_outside_dialogue(DOMAIN, tmp_path)
    assert missing == {"utter_not_in_the_domain"}


def test_only_proved_warnings_are_let_through() -> None:
    used, _ = responses_used_outside_dialogue(DOMAIN)
    retrieval = retrieval_intents(DOMAIN)
    assert retrieval == {"faq"}
    harmless = [
        "The utterance 'utter_senco_statutory_unclear' is not used in any story or rule.",
        "The following duplicated intents have been found across multiple domain files: faq",
    ]
    real = [
        "The utterance 'utter_forgotten' is not used in any story or rule.",
        "The following duplicated intents have been found across multiple domain files: greet",
        "Slot 'x' uses a 'from_entity' mapping for a non-existent entity 'y'.",
    ]
    assert unexplained(harmless + real, used, retrieval) == real
