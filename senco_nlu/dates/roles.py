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

from collections.abc import Callable

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
    if found is None and (_opens_with_start_word(reading, first) or _post_noun_in_clause(reading, first)):
        found = _carried_over(reading, first)
    if found and found != GENERIC and _deadline(reading, first):
        return None  # "should have enrolled by spring 2025": a deadline, not when anything happened
    if found == _SKIP:
        return None
    return found or GENERIC


def _role_in_clause(reading: Reading, first: int, last: int) -> str | None:
    """The role given by the nearest cue in the date's clause (before the date first, then after it)."""
    c = reading.clause[first]
    members = [k for k in range(reading.n) if reading.clause[k] == c and not first <= k <= last]
    before = [k for k in members if k < first]
    after = [k for k in members if k > last]
    if any(reading.clause[hit.start] == c and hit.end <= first for hit in reading.hits.get("arrival", ())):
        return "appointment_date"  # "before joining us in sept 2025", "moving here (community primary) in sept 2025"
    relative = reading.lex.words["relative_pronouns"]
    for candidates in (reversed(before), after):
        for k in candidates:
            if k < first and any(reading.norms[j] in relative for j in range(k + 1, first)):
                break  # "SENCO at a free school that opened in 2019": the date is the school's
            role = _cue_role(reading, k, c, first)
            if role is not None:
                return role
    return None


def _cue_role(reading: Reading, k: int, c: int, first: int) -> str | None:
    """What a cue at unit k (in clause c) makes of the date starting at unit `first`, or None when unit k is not
    a cue."""
    words = reading.lex.date_cues
    norm = reading.norms[k]
    term = reading.terms.get(k)
    if term is not None and term.kind == "qual" and term.value in ("nasenco", "npq"):
        return _course_role(reading, term.value, c, reading.clause[first])
    if not (norm == "@senco" or norm in words["appointment"] or norm in words["post_nouns"]):
        return None
    clause = _words(reading, c)
    if norm != "@senco" and "@senco" not in clause:
        if clause & {"@head", "@staff"}:
            return _SKIP  # "when I became head in September 2024": another post
        if norm in words["post_nouns"]:
            return None  # "moving to a job in Kent in September": which job?
    if reading.hypothetical(k) or reading.previous(k) or reading.hoped_for(k) or clause & words["unreal"]:
        return _SKIP
    if norm == "@senco" and (_leaving(reading, k) or _someone_else(reading, k)):
        return _SKIP  # "our SENCO is leaving in July", "she's been SENCO since 2014" (the speaker's colleague)
    if any(reading.clause[hit.start] == c for hit in reading.hits.get("at_school", ())):
        return _SKIP  # "has been with us since 2015 but only became senco last january"
    return "appointment_date"


def _leaving(reading: Reading, k: int) -> bool:
    departure = reading.lex.date_cues["departure"]
    return any(reading.norms[j] in departure for j in range(k + 1, min(reading.n, k + 4)) if reading.same_clause(j, k))


def _someone_else(reading: Reading, k: int) -> bool:
    """A SENCO noun whose subject is someone other than the person asked about, when the speaker is the SENCO; not
    "deputy head and SENCO", where the speaker holds both."""
    if not reading.speaker_is_senco or not reading.third_person_before(k):
        return False
    return not (k > 1 and reading.norms[k - 1] in ("and", "&", "+") and reading.norms[k - 2] in ("@staff", "@head"))


def _words(reading: Reading, *clauses: int) -> set[str]:
    return {reading.norms[k] for k in range(reading.n) if reading.clause[k] in clauses}


def _course_role(reading: Reading, course: str, c: int, dated: int) -> str:
    """A course's date: its start, the NASENCO's completion, or nothing the contract records. Cue words count in
    the course's clause and the date's ("halfway through the npq. started nov 2024")."""
    words = reading.lex.date_cues
    own = _words(reading, dated)
    clause = own if own & (words["course_start"] | words["completion"]) else _words(reading, c, dated)
    if clause & words["dropped"] or reading.hypothetical(reading.clause_start[c]) or _dropped_after(reading, dated):
        return _SKIP
    if clause & words["completion"]:
        if clause & words["expected"] or course == "npq":
            return _SKIP  # a completion still to come, or the NPQ's outcome: no contract fact
        return "nasenco_completion_date"
    if clause & words["course_start"] or _labelled(reading, c):
        return f"{course}_start_date"
    if course == "nasenco" and clause & words["holding"]:
        return "nasenco_completion_date"  # "I have the NASENCO (2023)": held since then
    return _SKIP  # "NASENCO 2023": started or finished then? Not said


def _labelled(reading: Reading, c: int) -> bool:
    """ "npq: Feb 2025", "NPQ - autumn 2024 cohort": a course's label with its date."""
    return any(
        reading.norms[k] in (":", "-") and reading.norms[k - 1] == "@qual" and reading.clause[k - 1] == c
        for k in range(1, reading.n)
    )


def _dropped_after(reading: Reading, c: int) -> bool:
    """ "I signed up for the NASENCO in summer 2024 but the course was cancelled": the date began nothing."""
    start = reading.clause_start[c]
    dropped = reading.lex.date_cues["never_began"]
    return any(
        reading.norms[k] in dropped and reading.sentence[k] == reading.sentence[start]
        for k in range(start, reading.n)
        if reading.clause[k] in (c + 1, c + 2)
    )


def _deadline(reading: Reading, first: int) -> bool:
    """Is the date a deadline ("by spring 2025", "before September") rather than when something happened?"""
    j = first - 1
    while j >= 0 and reading.norms[j] in ("the", "end", "of", "start", "early", "late", "mid"):
        j -= 1
    if j < 0 or reading.norms[j] not in reading.lex.date_cues["deadline"]:
        return False
    before = {reading.norms[k] for k in range(max(0, j - 2), j)}
    return not before & reading.lex.date_cues["course_start"]  # "it doesn't start until February" is its start


def _post_noun_in_clause(reading: Reading, first: int) -> bool:
    """ "Took the role on in Sept 2025": the post, named before in the message."""
    nouns = reading.lex.date_cues["post_nouns"]
    return any(reading.norms[k] in nouns for k in range(reading.n) if reading.clause[k] == reading.clause[first])


def _opens_with_start_word(reading: Reading, first: int) -> bool:
    """Does the date's clause open with only start words, pronouns and articles before it ("Started June 2024.",
    "I started on 05/01/2026", "since the autumn term 2023", "got a place on the nov 2026 cohort")?"""
    c = reading.clause[first]
    start = reading.clause_start[c]
    words = [reading.norms[k] for k in range(start, first) if not reading.units[k].punct]
    cues = reading.lex.date_cues
    allowed = cues["start"] | cues["course_start"] | cues["completion"] | cues["dropped"]
    allowed |= reading.lex.words["clause_fillers"] | reading.lex.words["opening_words"]
    return all(word in allowed for word in words)


def _carried_over(reading: Reading, first: int) -> str | None:
    """The role of the nearest cue in the clauses before, back to the start of the sentence before. A person who
    started ("she started in jan") started the post: a course named before is passed over for the SENCO noun,
    unless the clause speaks of the course ("I started it in November 2025")."""
    c = reading.clause[first]
    sentence = reading.sentence[first]
    clause = _words(reading, c)
    person = reading.lex.words["third_person_status"] | {"i", "we"}
    if clause & person and not clause & {"it", "course", "cohort", "@qual"}:
        found = _nearest(reading, c, sentence, first, lambda k: reading.norms[k] == "@senco")
        if found is not None:
            return found
    return _nearest(reading, c, sentence, first, lambda k: True)


def _nearest(reading: Reading, c: int, sentence: int, first: int, wanted: Callable[[int], bool]) -> str | None:
    for earlier in range(c - 1, -1, -1):
        start = reading.clause_start.get(earlier)
        if start is None or reading.sentence[start] < sentence - 1 - _labels_between(reading, start, sentence):
            return None
        members = [k for k in range(start, reading.n) if reading.clause[k] == earlier]
        for k in reversed(members):
            if wanted(k):
                role = _cue_role(reading, k, earlier, first)
                if role is not None:
                    return role
    return None


def _labels_between(reading: Reading, start: int, sentence: int) -> int:
    """How many sentences between unit `start`'s and `sentence` are bare labels ("senco. academy. started
    01/11/2023": "academy." says nothing of the date), so that the date looks past them."""
    count = 0
    for s in range(sentence - 1, reading.sentence[start], -1):
        units = [k for k in range(reading.n) if reading.sentence[k] == s and not reading.units[k].punct]
        if len(units) > 3:
            break
        count += 1
    return count
