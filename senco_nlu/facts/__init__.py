"""Every fact a teacher states in one message (`extract_facts`), and short answers to one question (`match_answer`),
read with the vocabulary in `fact_lexicon.yaml`: one small reader per fact over the shared reading of the message.

Teachers type one quick message ("got the SENCO job at our academy last Sept, haven't done NASENCO, what do I
need?") and the assistant should not ask again for what they already said. This module turns such a message
into contract facts (setting, role, teacher_status, nasenco, npq, prior_senco_service_over_12_months) and
reads short answers to a direct question ("an academy", "nope", "halfway").

Why rules and not a trained model: a deadline must never rest on a statistical guess, no spaCy model can be
downloaded here, and the words teachers use change faster than code, so the vocabulary lives in YAML and
every fact found carries the exact words it came from.

How a message is read (`senco_nlu.text`, `senco_nlu.reading`; the readers are this package's modules):
1. The shared text layer's blank English spaCy pipeline (built once, lazily) tokenizes it. spaCy PhraseMatchers
   (LOWER, and ORTH for abbreviations whose lower case is an ordinary word: "MAT", "TA") find the vocabulary's
   phrases; the longest wins ("special academy" is not "academy", "NPQH" is not "NPQ"). Each phrase becomes one
   unit whose norm names its kind (@senco, @qual, @setting, @status, @head, @staff, @context, @block).
2. Token patterns from the YAML run over the norms: who is speaking ("I'm the SENCO", "our SENCO", "want to be
   a SENCO"), cues of progress ("haven't done", "halfway through", "signed up for"), earlier-school markers.
   They are compiled to a small indexed matcher (`senco_nlu.patterns`).
3. The message is cut into clauses (punctuation; conjunctions such as "but", "because", "if"). Negations, cues
   and earlier-school markers never reach across a clause, and a clause that asks or supposes ("do academies
   need...?", "if I become SENCO") states no setting or progress.

Precedence, at most one fact per key (ties go to the last stated):
- setting: a setting of an earlier school ("my last school was a special school", "moved from Wales", "was
  SENCO at a special school for 3 years") or a negated one ("not an academy") never counts; a strong phrase
  beats a weak one ("C of E", "state primary" or "college" decide only alone); then the last stated.
- role: an explicit statement ("I'm the SENCO", "want to become a SENCO", "asking on behalf of") beats a mere
  mention of someone else's SENCO ("our SENCO is great" gives role=other, never senco); then the last stated.
  "I'm not a SENCO (yet)" is aspiring; "I'm not the SENCO" is other; "she's just become SENCO" is other; an
  assistant or deputy SENCO is aspiring (the duty is on the designated SENCO).
- teacher_status: the most decisive status wins (headteacher > induction explicitly complete > ECT/NQT >
  no QTS > "has QTS"), then the last stated. A status about someone other than the person asked about is
  ignored ("I'm the head and our SENCO..." asks about the SENCO, so the speaker's headship is not theirs).
- nasenco / npq: each mention takes the cue nearest before it in its clause (else the nearest after it); a
  negation up to three words before the cue flips it ("haven't done" -> none, "haven't finished" ->
  in_progress); a need or question ("need to do the NPQ") says nothing; then the last stated mention wins.
  A bare "NPQ" counts only beside SENCO words or right after "the" ("started the NPQ in Jan": in this
  conversation, the one under discussion; "my NPQ starts in Feb" could be any NPQ); "the award" is the National
  Award, but "award" alone, or "the award for best teacher", is not. NPQH, NPQSL and the other NPQs never count.
- prior_senco_service_over_12_months: durations of earlier SENCO posts are added up (more than 12 months ->
  true, at most 12 -> false, "about a year" -> unknown) and beat a phrase such as "first SENCO job" (false).
  Service at a setting the law does not clearly cover (special, independent, PRU...) does not count, so it gives
  no fact: the assistant asks the precise question instead. The lexicon sees that setting when it is named in the
  clause of the earlier post, in brackets after it or in a "which" clause ("at my last school (a special school)",
  "..., which was an independent school"); such a setting is never taken as the current one.
"""

from __future__ import annotations

from rules_engine.facts import BOOL_KEYS, CHOICES

from ..lexicon import QUALIFICATIONS, lexicon
from ..reading import Reading
from .answers import answer_phrase, polarity, qualification_answer, unknown
from .base import Ambiguity, FactMatch
from .progress import read_progress
from .role import read_role
from .service import COVERED_SETTINGS, PRIOR, durations, read_prior_service
from .setting import read_setting
from .status import read_teacher_status

__all__ = ["Ambiguity", "FactMatch", "extract_facts", "match_answer", "read_facts"]


def read_facts(reading: Reading) -> list[FactMatch | Ambiguity]:
    """Every fact of a reading, in text order, at most one per key: a value, or the readings it is unclear
    between."""
    prior = read_prior_service(reading)  # first: it marks the clauses about earlier posts
    role = read_role(reading)
    reading.speaker_is_senco = isinstance(role, FactMatch) and role.value == "senco"
    reading.speaker_role = str(role.value) if isinstance(role, FactMatch) else None
    found = [
        read_setting(reading),
        role,
        read_teacher_status(reading, role.value if isinstance(role, FactMatch) else None),
        read_progress(reading, "nasenco"),
        read_progress(reading, "npq"),
        prior,
    ]
    return sorted((f for f in found if f is not None), key=lambda f: (f.start, f.key))


def extract_facts(text: str) -> list[FactMatch]:
    """Every fact stated in `text`, in text order, at most one per key (the package docstring says which wins).

    Deterministic: the same text always gives the same facts, each with the words it came from.
    """
    if not text or not text.strip():
        return []
    return [f for f in read_facts(Reading(lexicon(), text)) if isinstance(f, FactMatch)]


def match_answer(key: str, text: str) -> str | bool | None:
    """Interpret a short typed answer to the question for `key`; None when it does not answer it.

    The message rules run first (so "we're an academy" and "I'm halfway through it" work), then the YAML's
    short answers ("LA", "nope", "halfway"). "Not sure" and the like give None, so the assistant can carry on
    without the fact rather than guess. Date keys are not handled here (see `senco_nlu.dates`).
    """
    if (key not in CHOICES and key not in BOOL_KEYS) or not text or not text.strip():
        return None
    reading = Reading(lexicon(), text, answer_mode=True)
    if unknown(reading):
        return None
    if key == PRIOR:
        if any(term.kind == "setting" and term.value not in COVERED_SETTINGS for term in reading.terms.values()):
            return None  # "yes, at a special school": that service does not count, so neither yes nor no
        found = read_prior_service(reading)
        if found is not None or durations(reading):
            return None if found is None else bool(found.value)
        return polarity(reading)
    facts = {fact.key: fact.value for fact in read_facts(reading) if isinstance(fact, FactMatch)}
    if key in facts:
        return facts[key]
    value = answer_phrase(reading, key)
    if value is not None:
        return value
    return qualification_answer(reading, key) if key in QUALIFICATIONS else None
