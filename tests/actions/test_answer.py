"""The answer: headline per outcome, overdue warning, cited details, the contract's payload, and follow-ups."""

from __future__ import annotations

from actions.answer import (
    ActionSencoAnswer,
    ActionSencoCopyAnswer,
    ActionSencoShowAnswers,
    ActionSencoStartOver,
)
from rules_engine import OUTCOMES
from tests.examples import FIRST_ROW

from .conftest import DOMAIN, make_tracker, responses, run_action, slot_sets

ANSWER = ActionSencoAnswer()


def payload_of(messages: list[dict]) -> dict:
    (custom,) = [m["custom"] for m in messages if m.get("custom")]
    return custom


def test_answer_is_one_message_then_the_payload_then_next_steps() -> None:
    events, messages = run_action(ANSWER, make_tracker(slots=FIRST_ROW, form_active=False))
    assert responses(messages) == ["utter_senco_outcome_NPQ_REQUIRED", "utter_senco_next"]
    answer = messages[0]
    assert (answer["deadline"], answer["latest_start"]) == ("10 March 2028", "10 May 2026")
    # where she stands comes first: the latest safe start (10 May 2026) has passed and even the next cohort
    # (1 April 2027) gives its outcome after the deadline; a past date is never a date to start by
    assert answer["lead"].startswith("AT RISK: ")
    assert answer["lead"].endswith("\n")
    assert "1 April 2027" in answer["lead"]
    assert "10 May 2026" not in answer["lead"]
    assert answer["warnings"] == ""
    assert "https://www.legislation.gov.uk/uksi/2014/1530/regulation/49" in answer["details"]
    assert messages[1].get("custom"), "the payload comes straight after the answer it belongs to"
    payload = payload_of(messages)
    assert payload["type"] == "senco_assessment"
    assert (payload["outcome"], payload["deadline"], payload["latest_npq_start"]) == (
        "NPQ_REQUIRED",
        "2028-03-10",
        "2026-05-10",
    )
    assert payload["citations"]
    assert payload["trace"]
    assert "10 March 2028" in payload["plain_text"]
    assert (payload["latest_npq_start_passed"], payload["next_npq_cohort"], payload["at_risk"]) == (
        True,
        "2027-04-01",
        True,
    )
    assert (payload["state"], payload["state_text"]) == ("at_risk", answer["lead"].rstrip("\n"))
    assert payload["calendar_url"] == "/webhooks/calendar/senco.ics?deadline=2028-03-10&qualification=NPQ_SENCO"
    assert [point["kind"] for point in payload["timeline"]] == [
        "appointed",
        "latest_start",
        "today",
        "deadline",
        "cohort_outcome",
    ]
    assert slot_sets(events)["senco_last_answer"] == FIRST_ROW


def test_every_outcome_response_has_room_for_warnings_and_details() -> None:
    for outcome in OUTCOMES:
        if outcome != "NEED_MORE_INFO":
            text = DOMAIN["responses"][f"utter_senco_outcome_{outcome}"][0]["text"]
            assert "{warnings}" in text
            assert "{details}" in text


def test_the_answer_has_no_blank_line_so_no_channel_splits_it() -> None:
    slots = FIRST_ROW | {"setting": "pru", "appointment_date": "2023-09-04"}
    _, messages = run_action(ANSWER, make_tracker(slots=slots, form_active=False))
    answer = messages[0]
    template = DOMAIN["responses"][answer["response"]][0]["text"]
    text = template.format(**{k: v for k, v in answer.items() if isinstance(v, str)})
    assert "\n\n" not in text
    assert "Sources:" in text


def test_on_track_says_the_date_to_start_by_while_it_is_ahead() -> None:
    _, messages = run_action(
        ANSWER, make_tracker(slots=FIRST_ROW | {"appointment_date": "2026-09-01"}, form_active=False)
    )
    assert responses(messages) == ["utter_senco_outcome_NPQ_REQUIRED", "utter_senco_next"]
    assert messages[0]["lead"].startswith("ON TRACK: start the NPQ by 1 November 2027")
    assert messages[0]["warnings"] == ""
    assert payload_of(messages)["calendar_url"].endswith(
        "deadline=2029-09-01&qualification=NPQ_SENCO&start_by=2027-11-01"
    )


def test_overdue_comes_first_with_what_to_do_this_week() -> None:
    slots = FIRST_ROW | {"setting": "maintained_mainstream", "appointment_date": "2023-09-04"}
    _, messages = run_action(ANSWER, make_tracker(slots=slots, form_active=False))
    assert messages[0]["lead"].startswith("OVERDUE: the deadline, 4 September 2026, has passed")
    assert "This week" in messages[0]["lead"]
    custom = payload_of(messages)
    assert (custom["overdue"], custom["at_risk"], custom["state"]) == (True, False, "overdue")
    assert "start_by" not in custom["calendar_url"]  # a past start date is never offered


def test_unclear_setting_is_flagged() -> None:
    _, messages = run_action(ANSWER, make_tracker(slots=FIRST_ROW | {"setting": "pru"}, form_active=False))
    unclear = DOMAIN["responses"]["utter_senco_statutory_unclear"][0]["text"].format(setting="a pupil referral unit")
    assert unclear in messages[0]["warnings"]
    assert payload_of(messages)["statutory"] == "unclear"


def test_date_reading_notes_join_the_assumptions() -> None:
    note = "I've taken 'last Sept' as September 2026."
    slots = FIRST_ROW | {"appointment_date": "2026-09", "senco_notes": {"appointment_date": note}}
    _, messages = run_action(ANSWER, make_tracker(slots=slots, form_active=False))
    assert note in messages[0]["details"]
    assert note in payload_of(messages)["plain_text"]


def test_missing_facts_say_what_is_still_needed() -> None:
    _, messages = run_action(ANSWER, make_tracker(slots={"setting": "academy_mainstream"}, form_active=False))
    assert responses(messages) == ["utter_senco_still_need"]
    assert not [m for m in messages if m.get("custom")]


def test_after_three_failures_the_way_out_is_offered() -> None:
    tracker = make_tracker(slots={"setting": "academy_mainstream", "senco_failed_turns": 3.0}, form_active=False)
    events, messages = run_action(ANSWER, tracker)
    assert responses(messages) == ["utter_senco_way_out"]
    assert slot_sets(events)["senco_failed_turns"] == 0
    titles = {b["title"] for b in DOMAIN["responses"]["utter_senco_way_out"][0]["buttons"]}
    assert {"Try again", "Start again"} <= titles


def test_correction_with_nothing_new_offers_choices_instead_of_repeating() -> None:
    tracker = make_tracker(intent="correct", slots=FIRST_ROW | {"senco_last_answer": FIRST_ROW}, form_active=False)
    _, messages = run_action(ANSWER, tracker)
    assert responses(messages) == ["utter_senco_change_which"]
    payloads = {b["payload"] for b in messages[0]["buttons"]}
    assert '/correct{"senco_change":"appointment_date"}' in payloads


def test_show_answers_lists_facts_in_words_with_change_buttons() -> None:
    _, messages = run_action(ActionSencoShowAnswers(), make_tracker(slots=FIRST_ROW, form_active=False))
    assert responses(messages) == ["utter_senco_answers"]
    lines = messages[0]["answers"].splitlines()
    assert "- When you became SENCO at this school: 10 March 2025" in lines
    assert "- The kind of school or setting: a mainstream academy or free school" in lines
    assert "- Whether you have done the NASENCO: not done" in lines
    assert "- Whether you were a SENCO elsewhere for more than 12 months before: no" in lines
    assert len(messages[0]["buttons"]) == len(FIRST_ROW)


def test_show_answers_lists_not_sure_answers() -> None:
    slots = {"setting": "academy_mainstream", "senco_unknown": ["nasenco"]}
    _, messages = run_action(ActionSencoShowAnswers(), make_tracker(slots=slots, form_active=False))
    assert "- Whether you have done the NASENCO: not sure" in messages[0]["answers"].splitlines()
    assert [b["payload"] for b in messages[0]["buttons"]] == ['/correct{"senco_change":"setting"}']


def test_show_answers_with_nothing_known() -> None:
    _, messages = run_action(ActionSencoShowAnswers(), make_tracker(form_active=False))
    assert responses(messages) == ["utter_senco_no_answers"]


def test_copy_gives_the_plain_text_rendering() -> None:
    tracker = make_tracker(slots=FIRST_ROW | {"senco_last_answer": FIRST_ROW}, form_active=False)
    _, messages = run_action(ActionSencoCopyAnswer(), tracker)
    assert "10 March 2028" in messages[0]["plain_text"]
    _, messages = run_action(ActionSencoCopyAnswer(), make_tracker(form_active=False))
    assert responses(messages) == ["utter_senco_no_answer_yet"]


def test_start_over_clears_everything() -> None:
    events, _ = run_action(ActionSencoStartOver(), make_tracker(slots=FIRST_ROW))
    kinds = [e["event"] for e in events]
    assert "reset_slots" in kinds
    assert any(e["event"] == "active_loop" and e["name"] is None for e in events)


def test_every_outcome_has_a_headline_response() -> None:
    for outcome in OUTCOMES:
        if outcome != "NEED_MORE_INFO":
            assert f"utter_senco_outcome_{outcome}" in DOMAIN["responses"]
