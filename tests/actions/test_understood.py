"""Words with two readings are asked about (readings as buttons), what was read from the teacher's words is shown with
the answer, and any of it can be corrected. Entities are the reader's own output for real sentences."""

from __future__ import annotations

import json

from actions.answer import ActionSencoAnswer
from actions.clarify import ActionAskSencoClarify
from actions.senco_form import ValidateSencoForm
from senco_nlu.components import entities as read
from tests.examples import FIRST_ROW

from .conftest import DOMAIN, make_tracker, responses, run_action, slot_sets

FORM = ValidateSencoForm()
TWO_READINGS = "I became SENCO at our academy three years ago this January, no nasenco, not started the npq"


def reader_entities(text: str) -> list[dict]:
    return [entity | {"extractor": "SencoReader"} for entity in read(text)]


def first_turn(text: str, intent: str = "ask_qualification") -> dict:
    """The form's first turn on a message, as Rasa runs it: fact entities fill their slots, then validation."""
    found = reader_entities(text)
    facts = {
        e["entity"]: e["value"] for e in found if e["entity"] in DOMAIN["slots"] and e["entity"] != "senco_unclear"
    }
    events, messages = run_action(FORM, make_tracker(text=text, intent=intent, entities=found, candidates=facts))
    return slot_sets(events) | {"_messages": messages, "_facts": facts}


def test_a_date_with_two_readings_is_asked_about_not_guessed() -> None:
    sets = first_turn(TWO_READINGS)
    assert "appointment_date" not in sets["_facts"]
    assert sets["requested_slot"] == "senco_clarify"
    (pending,) = sets["senco_unclear"]
    assert pending["key"] == "appointment_date"
    assert pending["text"] == "three years ago this January"
    assert [choice["value"] for choice in pending["choices"]] == ["2023-01", "2024-01"]
    assert [choice["label"] for choice in pending["choices"]] == ["January 2023", "January 2024"]


def test_the_question_offers_each_reading_as_a_button_that_sets_the_fact() -> None:
    pending = first_turn(TWO_READINGS)["senco_unclear"]
    _, messages = run_action(ActionAskSencoClarify(), make_tracker(slots={"senco_unclear": pending}))
    (message,) = messages
    assert message["response"] == "utter_ask_senco_clarify"
    assert message["words"] == "three years ago this January"
    payloads = [button["payload"] for button in message["buttons"]]
    assert payloads[:2] == ['/inform{"appointment_date":"2023-01"}', '/inform{"appointment_date":"2024-01"}']
    assert json.loads(payloads[0].removeprefix("/inform")) == {"appointment_date": "2023-01"}
    assert "{words}" in DOMAIN["responses"]["utter_ask_senco_clarify"][0]["text"]


def test_a_button_settles_the_question_and_the_form_moves_on() -> None:
    first = first_turn(TWO_READINGS)
    known = {k: v for k, v in first.items() if not k.startswith("_")} | first["_facts"]
    tracker = make_tracker(
        text='/inform{"appointment_date":"2024-01"}',
        slots=known,
        candidates={"appointment_date": "2024-01"},
        requested="senco_clarify",
    )
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["appointment_date"] == "2024-01"
    assert sets["senco_unclear"] == []
    assert sets["requested_slot"] == "prior_senco_service_over_12_months"


def test_a_typed_answer_to_the_question_settles_it_too() -> None:
    first = first_turn(TWO_READINGS)
    known = {k: v for k, v in first.items() if not k.startswith("_")} | first["_facts"]
    text = "January 2023"
    tracker = make_tracker(text=text, slots=known, entities=reader_entities(text), requested="senco_clarify")
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["appointment_date"] == "2023-01"
    assert sets["requested_slot"] == "prior_senco_service_over_12_months"


def test_not_sure_drops_the_readings_and_asks_the_plain_question() -> None:
    first = first_turn(TWO_READINGS)
    known = {k: v for k, v in first.items() if not k.startswith("_")} | first["_facts"]
    tracker = make_tracker(text="not sure", intent="dont_know", slots=known, requested="senco_clarify")
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["senco_unclear"] == []
    assert sets["requested_slot"] == "appointment_date"


def test_a_reading_the_outcome_does_not_depend_on_is_not_asked_about() -> None:
    sets = first_turn("I'm SENCO at an independent prep, became SENCO three years ago this January")
    assert sets["_facts"]["setting"] == "independent"
    assert sets["requested_slot"] is None


def test_the_answer_says_what_it_took_from_the_teachers_words() -> None:
    text = "im senco at a special academy since 6/1/25"
    sets = first_turn(text)
    assert sets["senco_understood"]["setting"] == {"value": "special", "text": "special academy"}
    assert sets["senco_understood"]["appointment_date"]["text"] == "6/1/25"
    slots = sets["_facts"] | {"senco_understood": sets["senco_understood"]}
    _, messages = run_action(ActionSencoAnswer(), make_tracker(slots=slots, form_active=False))
    answer, custom = messages[0], messages[1]["custom"]
    assert '"special academy", so a special school' in answer["warnings"]
    assert '"6/1/25", so became SENCO at this school on 6 January 2025' in answer["warnings"]
    by_key = {item["key"]: item for item in custom["understood"]}
    assert by_key["setting"] == {
        "key": "setting",
        "value": "special",
        "label": "a special school",
        "words": "special academy",
    }
    assert by_key["appointment_date"]["words"] == "6/1/25"


def test_a_fact_given_by_a_button_shows_no_words_of_the_teachers() -> None:
    slots = FIRST_ROW | {"senco_understood": {"setting": {"value": "independent", "text": "private school"}}}
    _, messages = run_action(ActionSencoAnswer(), make_tracker(slots=slots, form_active=False))
    assert "From what you told me" not in messages[0]["warnings"]
    assert all(item["words"] is None for item in messages[1]["custom"]["understood"])


def test_a_correction_after_the_answer_replaces_the_fact_and_its_words() -> None:
    words = {"setting": {"value": "special", "text": "special academy"}}
    slots = FIRST_ROW | {"setting": "special", "senco_understood": words, "senco_last_answer": FIRST_ROW}
    text = "no, it's a mainstream academy"
    found = reader_entities(text)
    assert {e["entity"]: e["value"] for e in found}.get("setting") == "academy_mainstream"
    tracker = make_tracker(
        text=text, intent="inform", entities=found, slots=slots, candidates={"setting": "academy_mainstream"}
    )
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["setting"] == "academy_mainstream"
    assert sets["senco_understood"]["setting"] == {"value": "academy_mainstream", "text": "academy"}
    assert sets["requested_slot"] is None
    assert "utter_senco_not_understood" not in responses(run_action(FORM, tracker)[1])
