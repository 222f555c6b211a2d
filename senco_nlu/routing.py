"""Which intent a question in general terms, or a yes or no with a fact, gets when the intent classifier guessed
otherwise.

Why a rule over the classifier: a question such as "do the three years run from the appointment or the first day
in post?" names no one and states no fact, yet a statistical classifier trained on short examples may take it for
a personal request (the form starts and asks for a kind of school), a correction ("...or from when...") or small
talk. The reader knows better: it finds no fact about anyone, and a sentence that asks in general terms about
SENCOs or their qualification (`Understanding.general_question`). Such a message is answered as a question: by
the settings answer when it names kinds of setting, by the FAQ answer otherwise, and the answer then offers a
personal check (data/rules/conversation.yml).

The classifier keeps the last word between the two kinds of question (`faq`, `ask_setting`): "are private
nurseries funded for the NPQ?" names a setting but asks about funding. Its guess of a kind of question is made
certain, so that a low score does not turn a question on the subject into "I didn't understand".
"""

from __future__ import annotations

from .understanding import Understanding

__all__ = ["QUESTION_INTENTS", "ROUTED_FROM", "YES_NO", "routed_intent"]

QUESTION_INTENTS = frozenset({"faq", "ask_setting"})
# Intents a general question may be mistaken for: a request for a personal check, facts (inform and correct need
# facts, and there are none), and small talk (a question on the subject is never a greeting or out of scope).
ROUTED_FROM = frozenset({"ask_qualification", "inform", "correct", "out_of_scope", "greet", "goodbye", "thank"})
# A yes or no that states a fact ("no, it's a mainstream academy", "yes, two years at my last school") is `inform`
# (the labelling policy in data/nlu/assessment.yml): after an answer it corrects that fact and gives a new answer;
# in the form the fact answers the question as the bare yes or no would.
YES_NO = frozenset({"affirm", "deny"})


def routed_intent(intent: str, understanding: Understanding) -> str | None:
    """The intent a general question has for certain (the classifier's own, when it already guessed a kind of
    question, however unsure), `inform` for a yes or no that states a fact, or None to leave the classifier's
    guess as it is."""
    if intent in YES_NO and understanding.facts:
        return "inform"
    if not understanding.general_question:
        return None
    if intent in QUESTION_INTENTS:
        return intent
    if intent in ROUTED_FROM:
        return "ask_setting" if understanding.asked_settings else "faq"
    return None
