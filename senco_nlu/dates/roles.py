"""Which fact a date in a message is about: the appointment, the NASENCO's start or completion, or the NPQ's start.

Teachers put several dates in one message ("SENDCo since 6/1/25, started the NASENCO in Jan 2024"). Each date is
attributed on the shared reading of the message (`senco_nlu.reading`), by the nearest cue in its own clause: a
course name (one unit, so "NPQ for SENCOs" is never read as "SENCO"), the SENCO noun or a verb of taking the post.
Cues before the date win over cues after it, because English puts the event first ("became SENCO in March").

Precision first, a date is given no fact when its clause says it is not one of the contract's dates:
- an NPQ's completion or result ("passed the NPQ in July": the contract has no such fact), any course dropped,
  paused or cancelled, or a completion still expected ("expects to finish in December");
- a clause that asks or supposes ("if a SENCO was appointed on 29 February"), or about an earlier post;
- a role that is only hoped for ("want a SENCO job by next autumn": nothing is fixed yet).
A date whose clause has no cue but opens with a start word ("Started 01/09/2025", "since March") carries on the
subject of the clause before it in its sentence, or of the sentence before. Anything else stays generic (`date`)
and only answers the question the assistant has just asked.
"""

from __future__ import annotations

from ..reading import Reading

__all__ = ["GENERIC", "date_role"]

GENERIC = "date"
_SKIP = ""  # a date that is about no contract fact at all


def date_role(reading: Reading, start: int, end: int) -> str | None:
    """The fact key for the date at characters [start, end): a contract date key, `GENERIC` when nothing in
    the message says, or None when the message says it is about something the contract does not record."""
    units = reading.units_in(start, end)
    if not units:
        return GENERIC
    first, last = units[0], units[-1]
    found = _role_in_clause(reading, first, last)
    if found is None and _opens_with_start_word(reading, first):
        found = _carried_over(reading, first)
    if found == _SKIP:
        return None
    return found or GENERIC


def _role_in_clause(reading: Reading, first: int, last: int) -> str | None:
    """The role given by the nearest cue in the date's clause (before the date first, then after it)."""
    c = reading.clause[first]
    members = [k for k in range(reading.n) if reading.clause[k] == c and not first <= k <= last]
    before = [k for k in members if k < first]
    after = [k for k in members if k > last]
    for candidates in (reversed(before), after):
        for k in candidates:
            role = _cue_role(reading, k, c)
            if role is not None:
                return role
    return None


def _cue_role(reading: Reading, k: int, c: int) -> str | None:
    """What a cue at unit k makes of a date in clause c, or None when unit k is not a cue."""
    words = reading.lex.date_cues
    norm = reading.norms[k]
    term = reading.terms.get(k)
    if term is not None and term.kind == "qual" and term.value in ("nasenco", "npq"):
        return _course_role(reading, term.value, c)
    if not (norm == "@senco" or norm in words["appointment"]):
        return None
    clause = {reading.norms[j] for j in range(reading.n) if reading.clause[j] == c}
    if reading.hypothetical(k) or reading.previous(k) or reading.hoped_for(k) or clause & words["departure"]:
        return _SKIP
    return "appointment_date"


def _course_role(reading: Reading, course: str, c: int) -> str:
    words = reading.lex.date_cues
    clause = {reading.norms[k] for k in range(reading.n) if reading.clause[k] == c}
    if clause & words["dropped"] or reading.hypothetical(reading.clause_start[c]):
        return _SKIP
    if clause & words["completion"]:
        if clause & words["expected"] or course == "npq":
            return _SKIP  # a completion still to come, or the NPQ's outcome: no contract fact
        return "nasenco_completion_date"
    return f"{course}_start_date"


def _opens_with_start_word(reading: Reading, first: int) -> bool:
    """Does the date's clause open with only start words, pronouns and articles before it ("Started June 2024.",
    "I started on 05/01/2026", "since the autumn term 2023")?"""
    c = reading.clause[first]
    start = reading.clause_start[c]
    words = [reading.norms[k] for k in range(start, first) if not reading.units[k].punct]
    allowed = reading.lex.date_cues["start"] | reading.lex.words["clause_fillers"] | reading.lex.words["opening_words"]
    return all(word in allowed for word in words)


def _carried_over(reading: Reading, first: int) -> str | None:
    """The role of the nearest cue in the clauses before, back to the start of the sentence before."""
    c = reading.clause[first]
    sentence = reading.sentence[first]
    for earlier in range(c - 1, -1, -1):
        if earlier not in reading.clause_start:
            continue
        start = reading.clause_start[earlier]
        if reading.sentence[start] < sentence - 1:
            return None
        members = [k for k in range(start, reading.n) if reading.clause[k] == earlier]
        for k in reversed(members):
            role = _cue_role(reading, k, earlier)
            if role is not None:
                return role
    return None
