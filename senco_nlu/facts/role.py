"""Who the question is about (the contract's `role`): the SENCO in post, someone hoping to be one, or another person."""

from __future__ import annotations

from ..reading import Reading
from .base import Candidate, FactMatch, best

__all__ = ["read_role"]


def read_role(r: Reading) -> FactMatch | None:
    candidates = []
    for hit in r.roles:
        group = hit.rule.group
        ends_with_senco = r.norms[hit.end - 1] == "@senco"
        value = {"role_senco": "senco", "role_aspiring": "aspiring"}.get(group, "other")
        about_me = "me" in r.norms[hit.start : hit.end]  # "my head wants me to take on SENCO"
        if value == "aspiring" and not about_me and r.third_person_before(hit.start):
            value = "other"  # "she wants to be a SENCO"
        elif value == "senco":
            if ends_with_senco and r.subject_follows(hit.end):
                continue  # "...as the SENCO is off sick": that SENCO is someone else
            if r.previous(hit.end - 1) or r.hypothetical(hit.start):
                continue
            if r.negated(hit.start):
                value = "aspiring"  # "haven't been appointed SENCO yet"
            elif not about_me and r.third_person_before(hit.start):
                value = "other"  # "she's just become SENCO"
        elif group == "role_other" and ends_with_senco and _role_noun_follows(r, hit.end):
            continue  # "asking about the SENCO role" is about the job, not a person
        candidates.append(Candidate(1 if group == "role_other_weak" else 2, value, hit.start, hit.end))
    return best(r, "role", candidates)


def _role_noun_follows(r: Reading, end: int) -> bool:
    return end < r.n and r.norms[end] in r.lex.sets["role_noun"]
