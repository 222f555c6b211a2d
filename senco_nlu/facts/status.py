"""The teacher status of the person asked about (the contract's `teacher_status`): head teacher, induction
complete, in induction (ECT), or no QTS."""

from __future__ import annotations

from ..reading import DETERMINERS, Reading
from .base import Candidate, FactMatch, best

__all__ = ["read_teacher_status"]


def read_teacher_status(r: Reading, role: str | bool | None) -> FactMatch | None:
    candidates = []
    for i, term in r.terms.items():
        if term.kind != "status" or term.value is None:
            continue
        subject = _status_subject(r, i)
        if (r.hypothetical(i) and subject != "first") or (term.person and _person_elsewhere(r, i)):
            continue
        if _status_past(r, i):
            continue
        value = term.negated if r.negated(i) else term.value
        if value is not None and _about_subject(subject, role):
            candidates.append(Candidate(term.rank, value, i, i + 1))
    if role != "other":
        candidates += [Candidate(30, "qts_induction_incomplete", i, i + 1) for i in range(r.n) if _status_label(r, i)]
    for hit in r.hits.get("head_speaker", []) + r.hits.get("head_subject", []):
        head = next((k for k in range(hit.start, hit.end) if r.norms[k] == "@head"), None)
        if head is None:
            continue
        if head == hit.end - 1 and r.subject_follows(head + 1):
            continue  # "Head said I need the NPQ"
        if not _head_of_a_school(r, head) or r.negated(hit.start) or _status_past(r, hit.start):
            continue
        if r.hypothetical(hit.start) or r.previous(head):
            continue
        if hit.rule.group == "head_speaker" and role == "other":
            continue  # the speaker is the head; the question is about someone else
        candidates.append(Candidate(50, "headteacher", hit.start, hit.end))
    return best(r, "teacher_status", candidates)


_LABEL_BEFORE = ("", ",", "and", "&", "+", ".", ";")
_LABEL_AFTER = ("", "here", ",", ".", "and", "&", "+", "(", "-", ":", ";", "/")


def _status_label(r: Reading, i: int) -> bool:
    """A bare "ECT" written as the writer's label ("ECT here", "ect and senco", "aspiring senco, ect.")."""
    if r.norms[i] not in r.lex.words["status_labels"]:
        return False
    before = r.norms[i - 1] if i > 0 and r.sentence[i - 1] == r.sentence[i] else ""
    after = r.norms[i + 1] if i + 1 < r.n and r.sentence[i + 1] == r.sentence[i] else ""
    if before in (",", "and", "&", "+") and not any(r.norms[j] == "@senco" for j in range(max(0, i - 4), i)):
        return False  # only a list of the writer's labels ("aspiring senco, ect"), not "mentors, ect and..."
    return before in _LABEL_BEFORE and after in _LABEL_AFTER and not r.hypothetical(i) and not r.negated(i)


def _status_subject(r: Reading, i: int) -> str | None:
    """Who a status is about: "first" (I, my), "third" (she, our SENCO) or None (not said)."""
    lowered = f" {r.units[i].text.lower()} "
    if " my " in lowered or " i " in lowered:
        return "first"
    words, j = r.lex.words, i - 1
    while j >= 0 and r.same_clause(i, j):
        norm = r.norms[j]
        if norm in words["first_person"]:
            return "first"
        if norm in words["third_person_status"]:
            return "third"
        if norm in words["person_nouns"] and j > 0 and r.norms[j - 1] in r.lex.sets["poss"]:
            return "third"  # "our SENCO is an ECT", "my colleague is an NQT"
        j -= 1
    return None


def _person_elsewhere(r: Reading, i: int) -> bool:
    """A person noun that names someone else ("our TA", "we have an ECT", "mentoring an NQT") or only
    qualifies another noun ("an ECT mentor")."""
    if i + 1 < r.n and r.norms[i + 1] in r.lex.words["person_not_before"]:
        return True
    j = i - 1
    if j >= 0 and r.norms[j] in ("a", "an"):
        j -= 1
    if j < 0 or not r.same_clause(i, j):
        return False
    if r.norms[j] == "'s":  # "she's an ECT" is about her; "the school's TA" is someone else
        return j > 0 and r.norms[j - 1] not in ("she", "he", "it", "that", "who", "there", "what")
    return r.norms[j] in r.lex.words["person_not_after"]


def _status_past(r: Reading, i: int) -> bool:
    """A status the person had ("I was a TA") or will have ("could take on SENCO in my ECT year"), not has."""
    past, future = r.lex.words["status_past_words"], r.lex.words["status_future_words"]
    if any(r.norms[j] in past and r.same_clause(i, j) for j in range(max(0, i - 3), i)):
        return True
    return any(r.norms[j] in future and r.same_clause(i, j) for j in range(max(0, i - 8), i))


def _head_of_a_school(r: Reading, head: int) -> bool:
    """Whether "head" names a head teacher: "head of a small primary" does; "head of maths" does not, and
    "head of school" (a title that may or may not be the head teacher) is left unsaid."""
    norms = r.norms
    if head + 1 >= r.n or norms[head + 1] != "of":
        return True
    j = head + 2
    if j >= r.n or norms[j] not in DETERMINERS:
        return False
    return any(norms[k] in r.lex.words["head_of_school_nouns"] for k in range(j + 1, min(j + 4, r.n)))


def _about_subject(subject: str | None, role: str | bool | None) -> bool:
    """Facts describe the person asked about: the speaker, unless the role says it is someone else."""
    return subject is None or (subject == "third") == (role == "other")
