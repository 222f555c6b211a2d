"""Whole conversations over the REST channel against the real servers: what `rasa test` cannot check,
because it never runs the actions. Assertions are on the payload and the tracker, not on wording."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

import pytest
import requests
from icalendar import Calendar

from tests.servers import Servers, running_assistant

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running_assistant(tmp_path_factory.mktemp("e2e")) as servers:
        yield servers


def sender() -> str:
    return f"test-{uuid.uuid4().hex[:12]}"


def assessment(replies: list[dict]) -> dict | None:
    found = [
        r["custom"]
        for r in replies
        if isinstance(r.get("custom"), dict) and r["custom"].get("type") == "senco_assessment"
    ]
    assert len(found) <= 1
    return found[0] if found else None


def requested(bot: Servers, user: str) -> str | None:
    return bot.tracker(user)["slots"]["requested_slot"]


def test_one_quick_message_then_only_the_missing_questions(bot: Servers) -> None:
    user = sender()
    replies = bot.say(user, "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?")
    assert assessment(replies) is None
    slots = bot.tracker(user)["slots"]
    assert (slots["setting"], slots["role"], slots["nasenco"], slots["appointment_date"]) == (
        "academy_mainstream",
        "senco",
        "none",
        "2026-09",
    )
    assert slots["requested_slot"] == "npq"
    bot.say(user, "not started")
    assert requested(bot, user) == "prior_senco_service_over_12_months"
    result = assessment(bot.say(user, "no"))
    assert result is not None
    assert (result["outcome"], result["deadline"], result["latest_npq_start"], result["overdue"]) == (
        "NPQ_REQUIRED",
        "2029-09-01",
        "2027-11-01",
        False,
    )
    assert any(c["kind"] == "legislation" for c in result["citations"])
    assert bot.tracker(user)["slots"]["requested_slot"] is None


def test_buttons_only_conversation(bot: Servers) -> None:
    user = sender()
    bot.say(user, "/ask_qualification")
    assert requested(bot, user) == "setting"
    result = assessment(bot.say(user, '/inform{"setting":"independent"}'))
    assert result is not None
    assert (result["outcome"], result["statutory"], result["qualification"]) == ("NOT_STATUTORY_SETTING", False, "NONE")


def test_correction_gives_a_new_answer_without_starting_over(bot: Servers) -> None:
    user = sender()
    first = assessment(
        bot.say(
            user,
            "I'm the SENCO at a LA maintained primary since 10/03/2025, no nasenco, not on the npq, first SENCO job",
        )
    )
    assert first is not None
    assert first["deadline"] == "2028-03-10"
    second = assessment(bot.say(user, "actually I became SENCO in March 2024"))
    assert second is not None
    assert (second["outcome"], second["deadline"]) == ("NPQ_REQUIRED", "2027-03-01")
    assert bot.tracker(user)["slots"]["setting"] == "maintained_mainstream"


def test_faq_interrupts_the_form_and_the_form_resumes(bot: Servers) -> None:
    user = sender()
    bot.say(user, "what qualification do I need as SENCO?")
    asked = requested(bot, user)
    assert asked == "setting"
    replies = bot.say(user, "how long does the NPQ for SENCOs take?")
    assert replies, "the FAQ got no answer"
    tracker = bot.tracker(user)
    assert tracker["active_loop"]["name"] == "senco_form"
    assert tracker["slots"]["requested_slot"] == asked


def test_impossible_date_is_refused_and_asked_again(bot: Servers) -> None:
    user = sender()
    bot.say(user, "I'm the SENCO at a free school, haven't done nasenco or the npq")
    assert requested(bot, user) == "appointment_date"
    bot.say(user, "31/02/2024")
    slots = bot.tracker(user)["slots"]
    assert slots["appointment_date"] is None
    assert slots["requested_slot"] == "appointment_date"
    result = None
    for answer in ("6/1/25", "no"):
        result = assessment(bot.say(user, answer)) or result
    assert result is not None
    assert result["deadline"] == "2028-01-06"


def test_nonsense_outside_the_form_gets_a_helpful_fallback_and_no_deadline(bot: Servers) -> None:
    user = sender()
    replies = bot.say(user, "qwxz plmokn")
    assert replies
    assert all("text" in r for r in replies)
    assert assessment(replies) is None


def test_aspiring_senco_needs_no_dates(bot: Servers) -> None:
    user = sender()
    bot.say(user, "I want to become a SENCO in an academy, what do I need to do?")
    result = None
    for _ in range(3):
        if requested(bot, user) is None:
            break
        result = assessment(bot.say(user, "no")) or result
    assert result is not None
    assert (result["outcome"], result["qualification"], result["deadline"]) == ("ASPIRING", "NPQ_SENCO", None)


def test_a_misreading_is_shown_and_corrected_in_one_message(bot: Servers) -> None:
    user = sender()
    replies = bot.say(
        user, "I'm the SENCO at a special academy since 6/1/25, no nasenco, not on the npq, first SENCO job"
    )
    first = assessment(replies)
    assert first is not None
    assert first["outcome"] == "NOT_STATUTORY_SETTING"
    assert {"key": "setting", "value": "special", "label": "a special school", "words": "special academy"} in first[
        "understood"
    ]
    assert any('"special academy", so a special school' in r.get("text", "") for r in replies)
    second = assessment(bot.say(user, "no, it's a mainstream academy"))
    assert second is not None
    assert (second["outcome"], second["deadline"]) == ("NPQ_REQUIRED", "2028-01-06")


def test_two_readings_are_asked_about_with_buttons_not_guessed(bot: Servers) -> None:
    user = sender()
    replies = bot.say(user, "I became SENCO at our academy three years ago this January, no nasenco, npq not started")
    assert assessment(replies) is None
    assert requested(bot, user) == "senco_clarify"
    payloads = [b["payload"] for r in replies for b in r.get("buttons", [])]
    assert '/inform{"appointment_date":"2023-01"}' in payloads
    assert '/inform{"appointment_date":"2024-01"}' in payloads
    bot.say(user, '/inform{"appointment_date":"2023-01"}')
    result = assessment(bot.say(user, "no"))
    assert result is not None
    assert (result["deadline"], result["overdue"]) == ("2026-01-01", True)


def test_a_general_question_is_answered_then_a_check_is_offered(bot: Servers) -> None:
    user = sender()
    replies = bot.say(user, "Can an early career teacher be appointed as a school's SENCO?")
    tracker = bot.tracker(user)
    assert tracker["active_loop"].get("name") is None
    assert tracker["latest_message"]["intent"]["name"] == "faq"
    assert any(b["payload"] == "/ask_qualification" for r in replies for b in r.get("buttons", []))
    setting = bot.say(user, "do pupil referral units need a qualified senco?")
    assert bot.tracker(user)["latest_message"]["intent"]["name"] == "ask_setting"
    assert any("The law is not clear for a pupil referral unit" in r.get("text", "") for r in setting)


def test_the_calendar_link_gives_an_rfc_5545_file_of_the_answers_dates(bot: Servers) -> None:
    user = sender()
    result = assessment(
        bot.say(user, "I'm the SENCO at a free school since 1/9/26, no nasenco, not on the npq, first SENCO job")
    )
    assert result is not None
    assert result["calendar_url"].startswith("/webhooks/calendar/senco.ics?")
    reply = requests.get(bot.url + result["calendar_url"], timeout=10)
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(reply.content)
    events = sorted((e.decoded("dtstart"), str(e["summary"])) for e in calendar.walk("VEVENT"))
    assert [day for day, _ in events] == [dt.date(2027, 11, 1), dt.date(2029, 9, 1)]
    assert all(len(list(e.walk("VALARM"))) == 1 for e in calendar.walk("VEVENT"))
    text = reply.content.decode()
    assert user not in text
    assert "free school" not in text  # dates and the qualification only


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("deadline=2029-02-30&qualification=NPQ_SENCO", "deadline"),
        ("deadline=2029-09-01&qualification=PHD", "qualification"),
        ("deadline=2029-09-01&qualification=NPQ_SENCO&start_by=2030-01-01", "start_by"),
        ("deadline=2029-09-01&qualification=NPQ_SENCO&name=Jo", "name"),
        ("qualification=NPQ_SENCO", "deadline"),
    ],
)
def test_a_bad_calendar_link_is_refused_naming_the_field(bot: Servers, query: str, field: str) -> None:
    reply = requests.get(f"{bot.url}/webhooks/calendar/senco.ics?{query}", timeout=10)
    assert reply.status_code == 400
    assert reply.json()["field"] == field
