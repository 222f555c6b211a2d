"""What the simulated teachers say: whole assessment conversations, the same as in tests/e2e and tests/stories.

Each turn names the intent the NLU must give it (tests/bench checks that against the trained model, so a script
cannot drift into measuring the fallback path) and whether the reply must carry the assessment card, so a
server that answers fast but wrongly counts errors instead of throughput.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Turn:
    text: str
    intent: str
    expect_assessment: bool = False


@dataclass(frozen=True)
class Script:
    name: str
    turns: tuple[Turn, ...]


QUICK_QUESTION = Turn(
    # the question at the end: without it Rasa's default recipe (the baseline) hesitates between inform and
    # ask_qualification and falls back, which would measure its fallback instead of its dialogue
    "I'm the SENCO at a LA maintained primary since 10/03/2025, no nasenco, not on the npq, first SENCO job. "
    "What qualification do I need?",
    "ask_qualification",
    expect_assessment=True,
)

# The start-up probe: a button payload, which bypasses the statistical NLU (so a model whose intent scores are
# close cannot make a ready server look unready) and needs the model, the form and the action server to answer.
STARTUP_PROBE = Turn('/inform{"setting":"independent"}', "inform", expect_assessment=True)

SCRIPTS: tuple[Script, ...] = (
    # Everything in one message: answered at once.
    Script("quick_question", (QUICK_QUESTION,)),
    # A one-shot question with a relative date, then the two questions the engine still needs.
    Script(
        "form_with_dates",
        (
            Turn(
                "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?", "ask_qualification"
            ),
            Turn("not started", "deny"),
            Turn("no", "deny", expect_assessment=True),
        ),
    ),
    # A date the form refuses, asked again, then a valid one.
    Script(
        "form_refused_date",
        (
            Turn("I'm the SENCO at a free school, haven't done nasenco or the npq", "inform"),
            Turn("31/02/2024", "inform"),
            Turn("6/1/25", "inform"),
            Turn("no", "deny", expect_assessment=True),
        ),
    ),
    # An answer, then a correction that gives a new answer without starting over.
    Script(
        "correction",
        (QUICK_QUESTION, Turn("actually I became SENCO in March 2024", "correct", expect_assessment=True)),
    ),
    # A greeting, an FAQ in the middle of the form, the form resumes and a button finishes it.
    Script(
        "faq_in_form",
        (
            Turn("hello", "greet"),
            Turn("what qualification do I need as SENCO?", "ask_qualification"),
            Turn("how long does the NPQ for SENCOs take?", "faq"),
            Turn('/inform{"setting":"independent"}', "inform", expect_assessment=True),
            Turn("thanks", "thank"),
        ),
    ),
)


def turns_per_cycle() -> int:
    """Messages one simulated teacher sends going once through every script."""
    return sum(len(script.turns) for script in SCRIPTS)
