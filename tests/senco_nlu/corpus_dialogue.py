"""The held-out corpus end to end: each first message goes to the real assistant (Rasa + action server), every
question it then asks is answered with the gold fact or, when the message did not state it, a plain default, and
the answer's payload is compared with the rules engine's assessment of the gold facts plus those defaults.

A general question (no personal facts) must be answered as a question: by the FAQ answer for its topic, or the
settings answer, without starting the form. A personal message whose first reply is not the form (a side question
answered first) is then asked for its check with the "Check my own deadline" button, as a person would.

`python -m tests.senco_nlu.corpus_dialogue` starts the servers, runs the whole corpus and prints the figures and every
disagreement.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from rules_engine import assess
from rules_engine.facts import parse_facts

from .corpus_score import Message, load_corpus

# The plain answer given to a question the first message leaves open: the commonest case, consistent with itself.
DEFAULTS: dict[str, Any] = {
    "setting": "maintained_mainstream",
    "role": "senco",
    "teacher_status": "qts_induction_complete",
    "appointment_date": "2025-09-01",
    "prior_senco_service_over_12_months": False,
    "nasenco": "none",
    "npq": "none",
    "nasenco_start_date": "2024-01",
    "nasenco_completion_date": "2025-07",
    "npq_start_date": "2025-10",
}
COMPARED = ("outcome", "deadline", "latest_npq_start", "overdue", "qualification", "statutory")
# Answers that also answer another topic's question, by their wording in domain.yml: each of these pairs states
# the other's rule (QTS and induction are who may be SENCO; a NASENCO counts only if started before September 2024;
# the deadline never moves, whether missed or about to be).
ALSO_ANSWERS = {
    "qts_induction": {"who_can_be_senco"},
    "who_can_be_senco": {"qts_induction"},
    "nasenco_vs_npq": {"nasenco_still_start"},
    "nasenco_still_start": {"nasenco_vs_npq"},
    "missed_deadline": {"not_finishing_in_time"},
    "not_finishing_in_time": {"missed_deadline"},
}
MAX_TURNS = 14
CLARIFY = "senco_clarify"
UNCLEAR = "senco_unclear"

Say = Callable[[str, str], list[dict]]
Tracker = Callable[[str], dict]


@dataclass
class Run:
    message: Message
    agreed: bool
    why: str = ""


def _payload(replies: list[dict]) -> dict | None:
    found = [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]
    return next((c for c in found if c.get("type") == "senco_assessment"), None)


def _refined(value: str) -> str:
    """A date one step more precise, as a person asked again would give it: September of a year, the 1st of a
    month."""
    return f"{value}-09" if len(value) == 4 else f"{value[:7]}-01"


def _inform(key: str, value: Any) -> str:
    return "/inform" + json.dumps({key: value}, separators=(",", ":"))


def _general(message: Message, say: Say, tracker: Tracker) -> Run:
    user = f"corpus-{uuid.uuid4().hex[:12]}"
    replies = say(user, message.text)
    state = tracker(user)
    latest = state.get("latest_message") or {}
    intent = (latest.get("intent") or {}).get("name")
    chosen = (((latest.get("response_selector") or {}).get("faq") or {}).get("response") or {}).get(
        "intent_response_key"
    )
    if (state.get("active_loop") or {}).get("name") or _payload(replies):
        return Run(message, False, f"started the check (intent {intent}) instead of answering the question")
    if message.question == "settings":
        ok = intent == "ask_setting"
    else:
        topic = (chosen or "").removeprefix("faq/")
        ok = intent == "faq" and (topic == message.question or message.question in ALSO_ANSWERS.get(topic, ()))
    return Run(message, ok, "" if ok else f"answered as {intent} {chosen or ''}, not {message.question}")


def _personal(message: Message, say: Say, tracker: Tracker) -> Run:
    user = f"corpus-{uuid.uuid4().hex[:12]}"
    payload = _payload(say(user, message.text))
    given: dict[str, Any] = {}
    asked_before: set[str] = set()
    for _ in range(MAX_TURNS):
        if payload is not None:
            break
        state = tracker(user)
        slots = state["slots"]
        asked = slots.get("requested_slot")
        if not (state.get("active_loop") or {}).get("name") or asked is None:
            payload = _payload(say(user, "/ask_qualification"))
            if payload is None and tracker(user)["slots"].get("requested_slot") is None:
                return Run(message, False, "no answer and no question after asking for the check")
            continue
        if asked == CLARIFY:
            asked = (slots.get(UNCLEAR) or [{}])[0].get("key")
        if asked is None:
            return Run(message, False, "asked to settle a reading without saying which fact")
        value = given.get(asked, message.facts.get(asked, DEFAULTS.get(asked)))
        if asked in asked_before:
            # asked again for a date known only to the year (or month): a person then gives a month (or day)
            value = given[asked] = _refined(str(value))
        elif asked not in message.facts:
            given[asked] = value
        asked_before.add(asked)
        payload = _payload(say(user, _inform(asked, value)))
    if payload is None:
        return Run(message, False, f"no answer after {MAX_TURNS} turns")
    expected = assess(parse_facts(message.facts | given), message.today).to_dict()
    differ = [f"{key}: got {payload.get(key)!r}, expected {expected.get(key)!r}" for key in COMPARED]
    differ = [line for line, key in zip(differ, COMPARED, strict=True) if payload.get(key) != expected.get(key)]
    return Run(message, not differ, "; ".join(differ) + (f" (defaults {given})" if differ and given else ""))


def run_one(message: Message, say: Say, tracker: Tracker) -> Run:
    if message.question and not message.facts:
        return _general(message, say, tracker)
    return _personal(message, say, tracker)


def run_corpus(messages: Sequence[Message], say: Say, tracker: Tracker, workers: int = 4) -> list[Run]:
    with ThreadPoolExecutor(workers) as pool:
        return list(pool.map(lambda m: run_one(m, say, tracker), messages))


def agreement(runs: Sequence[Run]) -> float:
    return sum(run.agreed for run in runs) / len(runs) if runs else 1.0


def report(runs: Sequence[Run]) -> str:
    lines = [f"[{r.message.id}] {r.message.text}\n    {r.why}" for r in runs if not r.agreed]
    general = [r for r in runs if r.message.question and not r.message.facts]
    personal = [r for r in runs if not (r.message.question and not r.message.facts)]
    lines.append(
        f"end to end: {sum(r.agreed for r in runs)}/{len(runs)} agree ({agreement(runs):.1%}); "
        f"personal {sum(r.agreed for r in personal)}/{len(personal)}, "
        f"general questions {sum(r.agreed for r in general)}/{len(general)}"
    )
    return "\n".join(lines)


def main() -> None:
    import tempfile
    from pathlib import Path

    from tests.servers import running_assistant

    with tempfile.TemporaryDirectory() as tmp, running_assistant(Path(tmp)) as servers:
        print(report(run_corpus(load_corpus(), servers.say, servers.tracker)))


if __name__ == "__main__":
    main()
