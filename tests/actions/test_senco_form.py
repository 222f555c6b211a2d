"""The form asks exactly what the engine needs, reads typed answers, and never loops forever."""

from __future__ import annotations

from actions.senco_form import ActionAskAppointmentDate, ValidateSencoForm
from tests.examples import FIRST_ROW

from .conftest import make_tracker, responses, run_action, slot_sets

FORM = ValidateSencoForm()
ALL_FACTS = FIRST_ROW


def date_entity(value: str, text: str, entity: str = "date", assumption: str | None = None) -> dict:
    return {
        "entity": entity,
        "value": value,
        "start": 0,
        "end": len(text),
        "additional_info": {"text": text, "note": assumption},
    }


def test_one_shot_message_asks_only_what_is_still_needed() -> None:
    facts = {"role": "senco", "setting": "academy_mainstream", "appointment_date": "2025-09", "nasenco": "none"}
    events, _ = run_action(FORM, make_tracker(intent="ask_qualification", candidates=facts))
    sets = slot_sets(events)
    assert sets["requested_slot"] == "npq"
    assert {k: sets[k] for k in facts} == facts


def test_form_ends_as_soon_as_the_outcome_is_decided() -> None:
    events, _ = run_action(FORM, make_tracker(candidates={"setting": "independent"}))
    assert slot_sets(events)["requested_slot"] is None


def test_typed_day_first_date_answers_the_requested_question() -> None:
    tracker = make_tracker(
        text="6/1/25",
        slots={k: v for k, v in ALL_FACTS.items() if k != "appointment_date"},
        entities=[date_entity("2025-01-06", "6/1/25")],
        requested="appointment_date",
    )
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["appointment_date"] == "2025-01-06"
    assert sets["requested_slot"] is None
    assert sets["senco_failed_turns"] == 0


def test_date_assumptions_are_said_and_kept_for_the_answer() -> None:
    note = "I've taken 'last Sept' as September 2026."
    tracker = make_tracker(
        text="last sept",
        entities=[date_entity("2026-09", "last sept", assumption=note)],
        requested="appointment_date",
        slots={"setting": "academy_mainstream", "role": "senco"},
    )
    events, messages = run_action(FORM, tracker)
    assert slot_sets(events)["senco_notes"] == {"appointment_date": note}
    assert "utter_senco_noted" in responses(messages)


def test_impossible_date_is_explained_and_asked_again() -> None:
    tracker = make_tracker(
        text="31/02/2024",
        requested="appointment_date",
        slots={"setting": "academy_mainstream", "role": "senco", "nasenco": "none", "npq": "none"},
        entities=[
            {
                "entity": "invalid_date",
                "value": "31/02/2024",
                "start": 0,
                "end": 10,
                "additional_info": {"error": "31 February 2024 isn't a real date.", "role": "date"},
            }
        ],
    )
    events, messages = run_action(FORM, tracker)
    sets = slot_sets(events)
    assert "appointment_date" not in sets
    assert sets["requested_slot"] == "appointment_date"
    assert responses(messages) == ["utter_senco_invalid_date"]
    assert messages[0]["error"].startswith("31 February 2024")


def test_three_failed_answers_end_the_form_instead_of_looping() -> None:
    base = {"setting": "academy_mainstream", "role": "senco"}
    failed = 0.0
    for turn in range(3):
        tracker = make_tracker(
            text="purple", intent="nlu_fallback", requested="nasenco", slots=base | {"senco_failed_turns": failed}
        )
        events, messages = run_action(FORM, tracker)
        sets = slot_sets(events)
        failed = sets["senco_failed_turns"]
        assert failed == turn + 1
        assert "utter_senco_not_understood" in responses(messages)
    assert sets["requested_slot"] is None


def test_progress_resets_the_failure_count() -> None:
    tracker = make_tracker(
        text="no",
        intent="deny",
        requested="nasenco",
        candidates={"nasenco": "none"},
        slots={"setting": "academy_mainstream", "role": "senco", "senco_failed_turns": 2.0},
    )
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["senco_failed_turns"] == 0
    assert sets["requested_slot"] == "npq"


def test_dont_know_is_accepted_where_the_engine_can_assume() -> None:
    tracker = make_tracker(
        text="not sure",
        intent="dont_know",
        requested="prior_senco_service_over_12_months",
        slots={k: v for k, v in ALL_FACTS.items() if not k.startswith("prior")},
    )
    events, messages = run_action(FORM, tracker)
    sets = slot_sets(events)
    assert sets["senco_unknown"] == ["prior_senco_service_over_12_months"]
    assert sets["requested_slot"] is None
    assert responses(messages) == ["utter_senco_dont_know_ok"]


def test_dont_know_where_the_engine_cannot_work_without_it_explains_and_counts() -> None:
    tracker = make_tracker(
        text="no idea",
        intent="dont_know",
        requested="appointment_date",
        slots={"setting": "academy_mainstream", "role": "senco", "nasenco": "none", "npq": "none"},
    )
    events, messages = run_action(FORM, tracker)
    sets = slot_sets(events)
    assert sets["requested_slot"] == "appointment_date"
    assert sets["senco_failed_turns"] == 1
    assert responses(messages) == ["utter_senco_need_this"]


def test_an_interruption_is_left_to_the_rules() -> None:
    tracker = make_tracker(text="how long is the npq", intent="faq", requested="nasenco")
    assert run_action(FORM, tracker) == ([], [])


def test_year_only_appointment_is_asked_again_for_the_month_then_completed() -> None:
    slots = {"setting": "academy_mainstream", "role": "senco", "nasenco": "none", "npq": "none"}
    sets = slot_sets(run_action(FORM, make_tracker(candidates={"appointment_date": "2019"}, slots=slots))[0])
    assert sets["requested_slot"] == "appointment_date"
    _, messages = run_action(ActionAskAppointmentDate(), make_tracker(slots=slots | {"appointment_date": "2019"}))
    assert responses(messages) == ["utter_ask_appointment_month"]
    tracker = make_tracker(
        text="march",
        requested="appointment_date",
        slots=slots | {"appointment_date": "2019"},
        entities=[date_entity("2026-03", "march")],
    )
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["appointment_date"] == "2019-03"


def test_september_2009_asks_for_the_day() -> None:
    slots = {
        "setting": "academy_mainstream",
        "role": "senco",
        "nasenco": "none",
        "npq": "none",
        "appointment_date": "2009-09",
    }
    _, messages = run_action(ActionAskAppointmentDate(), make_tracker(slots=slots))
    assert responses(messages) == ["utter_ask_appointment_day"]
    sets = slot_sets(run_action(FORM, make_tracker(text="the 1st", requested="appointment_date", slots=slots))[0])
    assert sets["appointment_date"] == "2009-09-01"
    assert sets["requested_slot"] is None


def test_change_button_clears_the_slot_and_asks_it() -> None:
    tracker = make_tracker(intent="correct", slots=ALL_FACTS, entities=[{"entity": "senco_change", "value": "setting"}])
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["setting"] is None
    assert sets["requested_slot"] == "setting"


def test_a_typed_correction_replaces_the_fact() -> None:
    tracker = make_tracker(intent="correct", slots=ALL_FACTS, candidates={"appointment_date": "2026-03"})
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["appointment_date"] == "2026-03"
    assert sets["requested_slot"] is None


def test_tampered_button_value_is_refused_not_kept() -> None:
    events, messages = run_action(FORM, make_tracker(candidates={"setting": "castle"}))
    sets = slot_sets(events)
    assert sets["setting"] is None
    assert sets["requested_slot"] == "setting"
    assert "utter_senco_not_understood" in responses(messages)


def test_contradictory_dates_are_refused_naming_the_fact() -> None:
    tracker = make_tracker(
        candidates={"nasenco": "completed", "nasenco_completion_date": "2027-05"},
        slots={"setting": "academy_mainstream", "role": "senco"},
    )
    events, messages = run_action(FORM, tracker)
    sets = slot_sets(events)
    assert sets["nasenco_completion_date"] is None
    assert sets["requested_slot"] == "nasenco_completion_date"
    assert "utter_senco_invalid_date" in responses(messages)


def test_reactivation_keeps_notes_of_dates_given_earlier() -> None:
    note = "I've taken 'last Sept' as September 2026."
    slots = ALL_FACTS | {"appointment_date": "2026-09", "senco_notes": {"appointment_date": note}}
    tracker = make_tracker(intent="correct", slots=slots, candidates=slots | {"setting": "maintained_mainstream"})
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert "senco_notes" not in sets


def test_a_date_the_nlu_tied_to_another_fact_does_not_answer_this_question() -> None:
    text = "started the npq in jan 2025"
    tracker = make_tracker(
        text=text,
        requested="appointment_date",
        slots={"setting": "academy_mainstream", "role": "senco", "nasenco": "none"},
        candidates={"npq": "enrolled", "npq_start_date": "2025-01"},
        entities=[date_entity("2025-01", text, entity="npq_start_date")],
    )
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["npq_start_date"] == "2025-01"
    assert "appointment_date" not in sets
    assert sets["requested_slot"] == "appointment_date"
    assert sets["senco_failed_turns"] == 0


def test_a_correction_with_an_uncued_date_replaces_the_only_date_given() -> None:
    note = "I've taken 'March' as March 2026, the most recent March."
    text = "actually I started in March"
    tracker = make_tracker(
        text=text,
        intent="correct",
        slots=ALL_FACTS,
        entities=[date_entity("2026-03", text, assumption=note)],
        form_active=False,
    )
    events, messages = run_action(FORM, tracker)
    sets = slot_sets(events)
    assert sets["appointment_date"] == "2026-03"
    assert sets["senco_notes"] == {"appointment_date": note}
    assert responses(messages) == ["utter_senco_noted"]
    assert sets["requested_slot"] is None


def test_a_correction_with_an_uncued_date_asks_which_when_several_dates_were_given() -> None:
    slots = ALL_FACTS | {"nasenco": "in_progress", "nasenco_start_date": "2024-06"}
    text = "sorry, it was March 2024"
    tracker = make_tracker(text=text, intent="correct", slots=slots, entities=[date_entity("2024-03", text)])
    events, messages = run_action(FORM, tracker)
    sets = slot_sets(events)
    assert "appointment_date" not in sets
    assert "nasenco_start_date" not in sets
    assert responses(messages) == ["utter_senco_which_date"]
    assert {b["payload"] for b in messages[0]["buttons"]} == {
        '/correct{"senco_change":"appointment_date"}',
        '/correct{"senco_change":"nasenco_start_date"}',
    }


def test_an_uncued_date_answering_a_date_question_is_not_taken_as_a_correction_of_another() -> None:
    slots = {k: v for k, v in ALL_FACTS.items() if k != "appointment_date"} | {"nasenco_start_date": "2024-06"}
    tracker = make_tracker(
        text="sorry, 6/1/25",
        intent="correct",
        requested="appointment_date",
        slots=slots,
        entities=[date_entity("2025-01-06", "6/1/25")],
    )
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["appointment_date"] == "2025-01-06"
    assert "nasenco_start_date" not in sets


def test_a_first_message_read_as_a_correction_does_not_move_the_date_it_states_itself() -> None:
    """ "Appointed 1 March 2024 ... she started the course in February 2025": the course date names no fact, and
    there is nothing earlier to correct, so it replaces nothing (the appointment date stays as stated)."""
    text = "our SENCO (appointed 1 March 2024) started the course in February 2025"
    stated = {"entity": "appointment_date", "value": "2024-03-01", "start": 18, "end": 30}
    tracker = make_tracker(
        text=text,
        intent="correct",
        candidates={"appointment_date": "2024-03-01", "role": "other"},
        entities=[stated, date_entity("2025-02", "February 2025")],
        form_active=False,
    )
    sets = slot_sets(run_action(FORM, tracker)[0])
    assert sets["appointment_date"] == "2024-03-01"
    assert "npq_start_date" not in sets
