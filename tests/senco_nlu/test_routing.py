"""A question in general terms is answered as a question, whatever the intent classifier guessed; a message with a
fact about anyone, or a question about the writer's own case, keeps the classifier's intent."""

from __future__ import annotations

from datetime import date

import pytest

from senco_nlu.routing import routed_intent
from senco_nlu.understanding import understand

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "guess", "routed"),
    [
        ("do a SENCO's three years start at the appointment or the first day in the job?", "correct", "faq"),
        ("can an ECT be made SENCO?", "ask_qualification", "faq"),
        ("is the NASENCO still open to new starters?", "goodbye", "faq"),
        ("does a SENCO in a pupil referral unit need the NPQ?", "ask_qualification", "ask_setting"),
        ("how long is the npq for sencos?", "faq", "faq"),  # the classifier's own kind of question, made certain
        ("are private nurseries funded for the SENCO NPQ?", "faq", "faq"),  # names a setting, asks about money
    ],
)
def test_a_general_question_is_answered_as_a_question(text: str, guess: str, routed: str) -> None:
    understanding = understand(text, TODAY)
    assert understanding.general_question
    assert routed_intent(guess, understanding) == routed


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("do I need the NPQ?", "ask_qualification"),  # the writer's own case: the check asks what it needs
        ("I'm SENCO at an academy since March 2024, do I need the NPQ?", "ask_qualification"),
        ("our SENCO started in January, when must she be qualified?", "ask_qualification"),
        ("what's the weather like tomorrow?", "out_of_scope"),  # not on the subject
        ("do the three years start at the appointment?", "correct"),  # no word of the subject: left to the classifier
        ("start again", "start_again"),
        ("no, it's a mainstream academy", "inform"),
    ],
)
def test_a_personal_or_off_topic_message_keeps_the_classifiers_intent(text: str, guess: str) -> None:
    assert routed_intent(guess, understand(text, TODAY)) is None


@pytest.mark.parametrize(
    ("text", "guess"),
    [
        ("no, it's a mainstream academy", "deny"),
        ("no, but I've started the NPQ", "deny"),
        ("yes, two years as SENCO at my last school", "affirm"),
    ],
)
def test_a_yes_or_no_that_states_a_fact_is_inform(text: str, guess: str) -> None:
    assert routed_intent(guess, understand(text, TODAY)) == "inform"


@pytest.mark.parametrize("text", ["no", "yes I have", "nope, not yet"])
def test_a_bare_yes_or_no_stays_as_it_is(text: str) -> None:
    assert routed_intent("deny", understand(text, TODAY)) is None
