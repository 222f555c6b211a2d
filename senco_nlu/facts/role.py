"""Who the question is about (the contract's `role`): the SENCO in post (or with a start date fixed), someone hoping
to be one, or another person.

In order:
1. A speaker who names a job that is not the SENCO's ("LA adviser.", "sbm -", "trust SEND lead", "head here") and
   then speaks of a SENCO asks about that SENCO: `other`, unless they also say they are the SENCO ("head & SENCO").
2. Statements from the vocabulary's patterns: "I'm the SENCO" / "I take over as SENCO in June" (senco), "want to
   become a SENCO" / "not a SENCO yet" (aspiring), "asking about our SENCO" (other). A negated claim ("haven't been
   appointed SENCO yet") is aspiring; a negated hope ("I'm not planning to be SENCO") says nothing; a deputy or
   assistant SENCO is neither, unless they say what they hope for.
3. A settled future post ("it's all agreed", "I said yes", "contract signed") makes a hope or a "not yet" a start
   date fixed: senco.
4. "SENCO" used as the writer's own label, with no article or owner before it ("pru senco, started 12/01/2026",
   "senco since sept 23", "Cardiff senco - ..."): senco.
5. A mention of someone else's SENCO ("our SENCO is great") says `other`, unless that SENCO is leaving ("our
   SENCO is leaving. Can an ECT be SENCO?"): then it is context, and says nothing.
"""

from __future__ import annotations

from ..reading import Reading
from .base import Candidate, FactMatch, best, fact

__all__ = ["read_role"]

_OTHER_SUBJECTS = frozenset({"she", "he", "they", "her", "his", "their", "our", "new"})
_OWNERS = frozenset({"the", "a", "an", "our", "their", "his", "her", "your"})


def read_role(r: Reading) -> FactMatch | None:
    claims = _claims(r)
    persona = _persona(r)
    if persona is not None and not _mine(r, claims, persona) and _senco_mentioned(r):
        return fact(r, "role", "other", persona, persona + 1)
    claims += _trust_leads(r, claims)
    fixed = [hit for hit in r.hits.get("role_fixed", []) if not _unsettled(r, hit.start)]
    if fixed and any(c.value in ("senco", "aspiring") for c in claims):
        hit = fixed[-1]
        claims.append(Candidate(3, "senco", hit.start, hit.end))
    if persona is None:
        claims += _bare_labels(r)
    if any(c.value == "other" for c in claims):
        # "One of our SENCOs ... after 14 months as SENCO": a SENCO claim with no "I" beside someone else's
        claims = [c for c in claims if c.value != "senco" or _first_person(r, c)]
    return best(r, "role", claims)


def _claims(r: Reading) -> list[Candidate]:
    candidates = []
    for hit in r.roles:
        group = hit.rule.group
        if group == "role_fixed":
            continue
        ends_with_senco = r.norms[hit.end - 1] == "@senco"
        value = {"role_senco": "senco", "role_label": "senco", "role_aspiring": "aspiring"}.get(group, "other")
        about_me = bool({"me", "i"} & set(r.norms[hit.start : hit.end]))  # "my head wants me to take on SENCO"
        if value == "aspiring":
            if r.negated(hit.start) and not _yet(r, hit):
                continue  # "I'm not planning to be SENCO": no hope, no role
            if not about_me and r.third_person_before(hit.start):
                value = "other"  # "she wants to be a SENCO"
        elif value == "senco":
            if ends_with_senco and r.subject_follows(hit.end):
                continue  # "...as the SENCO is off sick": that SENCO is someone else
            if group == "role_label" and (r.norms[hit.start] in _OWNERS or r.third_person_before(hit.start)):
                continue  # "The SENCO at our academy is asking...", "she's been SENCO since 2014": not the writer
            if r.previous(hit.end - 1) or r.hypothetical(hit.start):
                continue
            if r.negated(hit.start) and "until" not in r.norms[hit.start : hit.end]:
                value = "aspiring"  # "haven't been appointed SENCO yet" (but "wasn't SENCO until June" is)
            elif not about_me and r.third_person_before(hit.start):
                value = "other"  # "she's just become SENCO"
        elif group == "role_other" and ends_with_senco and _role_noun_follows(r, hit.end):
            continue  # "asking about the SENCO role" is about the job, not a person
        elif group == "role_other_weak" and _leaving(r, hit.end):
            continue  # "our SENCO is leaving. Can an ECT be SENCO?": context, not the person asked about
        if r.impersonal(r.units[hit.start].start):
            continue
        candidates.append(Candidate(1 if group == "role_other_weak" else 2, value, hit.start, hit.end))
    return candidates


def _trust_leads(r: Reading, claims: list[Candidate]) -> list[Candidate]:
    """ "I'm the SEND lead for a MAT": someone who leads across schools asks about a school's SENCO. Their "I'm the
    SEND lead" is not a SENCO claim (removed from `claims`)."""
    found = []
    for hit in r.hits.get("trust_lead", []):
        if any("lead" in r.units[k].text.lower() for k in range(hit.start, hit.end)):
            claims[:] = [c for c in claims if not (hit.start <= c.start < hit.end)]
            found.append(Candidate(2, "other", hit.start, hit.end))
    return found


def _first_person(r: Reading, claim: Candidate) -> bool:
    first_person = r.lex.words["first_person"] | {"am", "'m", "m"}
    return bool(first_person & set(r.norms[max(0, claim.start - 2) : claim.end]))


def _unsettled(r: Reading, start: int) -> bool:
    """ "Nothing's confirmed yet", "not agreed": the post is not settled after all."""
    return r.negated(start) or any(r.norms[k] == "nothing" for k in range(max(0, start - 3), start))


def _mine(r: Reading, claims: list[Candidate], persona: int) -> bool:
    """Does the speaker with another job say they are (or hope to be) the SENCO too: "I'm the SENCO as well", "head &
    SENCO", "headteacher, been senco as well"? A terse "SENCO at a UTC since 2022" after "trust SEND lead." is not,
    nor "new senco from jan" after "head:"."""
    head = r.norms[persona] == "@head"
    first_person = r.lex.words["first_person"] | {"am", "'m", "m"}
    for claim in claims:
        if claim.value == "other" or claim.priority < 2 or r.roles_group(claim.start) == "role_label":
            continue
        if "@head" in r.norms[claim.start : claim.end] or first_person & set(
            r.norms[max(0, claim.start - 2) : claim.end]
        ):
            return True  # "I'm the SENCO too", "head & SENCO", "I've had the SENCO duties", "can I be the SENCO?"
        joined = r.sentence[claim.start] == r.sentence[persona] and claim.start > persona
        between = set(r.norms[persona + 1 : claim.start + 1])  # "head: new senco from jan" is someone else
        if joined and not between & _OTHER_SUBJECTS:
            return True  # "acting head and doing the SENCO role too"
    if not head:
        return False
    return any(
        c.start > persona and not r.subject_follows(c.end) and not set(r.norms[persona + 1 : c.start]) & _OTHER_SUBJECTS
        for c in _bare_labels(r)
    )


def _yet(r: Reading, hit: object) -> bool:
    start, end = hit.start, hit.end  # type: ignore[attr-defined]
    return "yet" in r.norms[max(0, start - 2) : end + 1]


def _persona(r: Reading) -> int | None:
    """The unit of a job the speaker holds that is not the SENCO's, if they say so."""
    for i, term in sorted(r.terms.items()):
        if term.kind != "persona" or r.hypothetical(i) or r.previous(i):
            continue
        if r.initial(i) or _speaker_before(r, i) or (i + 1 < r.n and r.norms[i + 1] in ("here", ":", "-", ".")):
            return i  # "LA adviser.", "I'm a governor", "Kent SEND adviser here"
    for hit in r.hits.get("head_speaker", []):
        head = hit.end - 1
        if r.norms[head] != "@head" or r.negated(hit.start) or r.hypothetical(hit.start):
            continue
        if r.subject_follows(hit.end):
            continue  # "head asked if I'd be interested": the head is someone else
        return head
    return None


def _speaker_before(r: Reading, i: int) -> bool:
    """ "I'm a local authority SEND adviser", "as the school business manager", "I work as an SBM"."""
    words = {"i", "am", "as", "'m", "work", "a", "an", "the", "our", "my", "m"}
    j = i - 1
    while j >= 0 and r.same_clause(i, j) and r.norms[j] in words | {"trust", "mat", "school", "la"}:
        if r.norms[j] in ("i", "as"):
            return True
        j -= 1
    return False


def _senco_mentioned(r: Reading) -> bool:
    return any(r.norms[k] == "@senco" and not r.impersonal(r.units[k].start) for k in range(r.n))


def _bare_labels(r: Reading) -> list[Candidate]:
    """ "senco since sept 23", "pru senco, started 12/01/2026": the writer's own title, with no owner before it."""
    return [
        Candidate(1, "senco", k, k + 1)
        for k in range(r.n)
        if r.self_label(k) and not r.impersonal(r.units[k].start) and not r.hoped_for(k) and not _modal(r, k)
    ]


def _modal(r: Reading, k: int) -> bool:
    """ "might take a long-term SENCO cover next year": a possibility, not a post."""
    modals = r.lex.words["status_future_words"]
    return any(r.norms[j] in modals and r.same_clause(j, k) for j in range(max(0, k - 8), k))


def _leaving(r: Reading, end: int) -> bool:
    """ "our SENCO is leaving": that SENCO is context, not the person asked about."""
    departure = r.lex.date_cues["departure"]
    return any(r.norms[k] in departure for k in range(end, min(r.n, end + 4)) if r.same_clause(k, end - 1))


def _role_noun_follows(r: Reading, end: int) -> bool:
    return end < r.n and r.norms[end] in r.lex.sets["role_noun"]
