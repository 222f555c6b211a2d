"""Progress on each qualification (the contract's `nasenco` and `npq`): none, in progress / enrolled, completed.

Each mention of a course takes the progress cue nearest before it in its clause (else the nearest after it); a
negation up to three words before the cue flips it ("haven't done" -> none, "haven't finished" -> in progress); a
need or a question ("need to do the NPQ") says nothing; then the last stated mention wins.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..lexicon import UNCLEAR_STATE, Term
from ..patterns import Hit
from ..reading import DETERMINERS, Reading
from .base import Ambiguity, Candidate, FactMatch, ambiguity, best, fact

__all__ = ["cue_for", "mentions", "read_progress", "state_of"]


def read_progress(r: Reading, key: str) -> FactMatch | Ambiguity | None:
    found = _stated(r, key)
    if found is not None:
        return found
    for hit in r.hits.get("no_courses", []):  # "no quals", "haven't started anything"
        if r.hypothetical(hit.start) or r.impersonal(r.units[hit.start].start) or r.previous(hit.start):
            continue
        if _label_of_other_course(r, hit.start, key):
            continue  # "npq: nothing yet" says nothing of the NASENCO
        return fact(r, key, r.lex.states[key]["none"], hit.start, hit.end)
    return None


def _label_of_other_course(r: Reading, start: int, key: str) -> bool:
    """Is the phrase at `start` the value of a label for one course ("npq: nothing yet")?"""
    j = start - 1
    while j >= 0 and r.units[j].punct and r.norms[j] in ("-", ":"):
        j -= 1
    term = r.terms.get(j)
    return j < start - 1 and term is not None and term.kind == "qual" and term.value != key


def _stated(r: Reading, key: str) -> FactMatch | Ambiguity | None:
    candidates = []
    named = mentions(r, key)
    for m in named:
        if r.hypothetical(m) or r.impersonal(r.units[m].start):
            continue
        found = cue_for(r, m)
        if found is None:
            continue
        hit, negator = found
        if r.speaker_role != "other" and r.third_person_before(min(hit.start, m)):
            continue  # "I'm co-SENCO ...; she has the NASENCO": the colleague's course, not the person asked about
        state = state_of(hit, negator is not None)
        if state is None:
            continue
        first = hit.start if negator is None or hit.rule.negated is None else min(negator, hit.start)
        candidates.append(Candidate(0, _value(r, key, state), min(first, m), max(hit.end, m + 1)))
    candidates += _continuations(r, key, named)
    states = r.lex.states[key]
    if key == "npq" and candidates and r.hits.get("awaiting_result"):
        # "finished the NPQ course in the summer but still waiting for my result": the duty is met on the outcome
        candidates = [Candidate(1, states["in_progress"], c.start, c.end) for c in candidates]
    if any(c.value == states["completed"] for c in candidates):
        # "finished the nasenco june 2025, had started it jan 2024": finishing presupposes starting
        candidates = [c for c in candidates if c.value != states["in_progress"]]
    open_ended = [c for c in candidates if c.value == UNCLEAR_STATE]
    if open_ended:  # "started it in 2023, never finished": abandoned, or still to finish?
        start, end = min(c.start for c in candidates), max(c.end for c in candidates)
        return ambiguity(r, key, [states["none"], states["in_progress"]], start, end)
    return best(r, key, candidates)


def _value(r: Reading, key: str, state: str) -> str:
    return UNCLEAR_STATE if state == UNCLEAR_STATE else r.lex.states[key][state]


def _senco_context(r: Reading) -> bool:
    kinds = ("senco", "context", "qualctx")
    return r.answer_mode or any(
        term.kind in kinds or (term.kind == "qual" and not term.weak) for term in r.terms.values()
    )


def _other_npq_follows(r: Reading, i: int) -> bool:
    """A bare "NPQ" followed by "in headship", "for senior leaders", "SL"... is another NPQ."""
    norms, others = r.norms, r.lex.words["other_npq_words"]
    if i + 1 < r.n and norms[i + 1] in others:
        return True
    return i + 2 < r.n and norms[i + 1] in ("in", "for", "of") and norms[i + 2] in others


def _names_it(r: Reading, i: int, term: Term, context: bool) -> bool:
    """Does the qualification name at unit i count? A generic one ("NPQ", "award") needs SENCO words in the
    message or a determiner just before it ("the NPQ"), and no other NPQ or qualifier after it."""
    if not term.weak:
        return True
    if _other_npq_follows(r, i):
        return False
    definite = i > 0 and r.norms[i - 1] in r.lex.words["generic_determiners"]
    if term.definite:
        return definite and not _qualified_after(r, i)
    return context or definite


def _qualified_after(r: Reading, i: int) -> bool:
    """Does a word other than a date qualify the name at unit i ("the award for best teacher")?"""
    j = i + 1
    if j >= r.n or r.norms[j] not in r.lex.words["generic_qualified_by"]:
        return False
    nxt = j + 1
    return not (nxt < r.n and (r.units[nxt].number or r.norms[nxt] in r.lex.months))


def mentions(r: Reading, key: str) -> list[int]:
    """Units naming the qualification, or "it" standing for it (last one named earlier in the sentence)."""
    context = _senco_context(r)
    named = [
        (i, term.value) for i, term in sorted(r.terms.items()) if term.kind == "qual" and _names_it(r, i, term, context)
    ]
    found = [i for i, value in named if value == key]
    for i, norm in enumerate(r.norms):
        if norm == "it":
            before = [(j, value) for j, value in named if j < i and r.sentence[j] == r.sentence[i]]
            if before and before[-1][1] == key and not r.same_clause(before[-1][0], i):
                found.append(i)
    return sorted(found)


def cue_for(r: Reading, m: int) -> tuple[Hit, int | None] | None:
    """The progress cue for a mention at unit m (nearest before it, else after) and its negation, if any."""
    cues = [hit for hit in r.hits.get("cue", ()) if r.same_clause(hit.start, m)]
    words = r.lex.words

    def fits(a: int, b: int, allowed: frozenset[str]) -> bool:
        """Only gap words, punctuation or a date ("the November 2026 NPQ cohort") between cue and name."""
        gap = range(a, b)
        return len(gap) <= r.lex.cue_max_gap and all(
            r.norms[k] in allowed or r.units[k].punct or r.units[k].number or r.norms[k] in r.lex.months for k in gap
        )

    if m + 1 < r.n and r.norms[m + 1] in words["place_words"]:
        place = [hit for hit in cues if hit.end <= m and hit.rule.state == "completed"]
        if place:  # "has an NPQ place for April 2027": a place on the course, not the course done
            return _PlaceCue(place[-1]), None
    before = [hit for hit in cues if hit.end <= m and fits(hit.end, m, words["cue_gap_words"])]
    silent = None
    if before:
        hit = max(before, key=lambda h: h.end)
        if hit.rule.state is not None:
            return hit, r.negator(hit.start)
        silent = hit, r.negator(hit.start)  # "hoping to get on the NPQ ... but haven't applied": look on
    if m + 1 < r.n and r.norms[m + 1] in ("-", ":", "?"):  # "NASENCO - done", "npq: yes, started", "npq? no."
        label = {r.clause[m] + 1, r.clause[m] + 2}
        cues += [hit for hit in r.hits.get("cue", ()) if r.clause[hit.start] in label]
    following = r.clause[m] + 1  # "the NPQ, which I've now started"
    if following in r.attached and r.clause[r.attached[following]] == r.clause[m]:
        cues += [hit for hit in r.hits.get("cue", ()) if r.clause[hit.start] == following]
    after = [hit for hit in cues if hit.start > m and fits(m + 1, hit.start, words["cue_post_gap_words"])]
    if after and silent is None:
        hit = min(after, key=lambda h: h.start)
        return hit, r.negator(hit.start)
    if silent is not None:
        later = [hit for hit in r.hits.get("cue", ()) if hit.start > m and _same_sentence_next(r, m, hit.start)]
        stated = [hit for hit in later if hit.rule.state is not None and hit.rule.continues]
        return (stated[0], r.negator(stated[0].start)) if stated else silent
    shared = _conjoined_with(r, m)
    if shared is not None:
        return cue_for(r, shared)  # "no NASENCO or NPQ", "done the NASENCO and the NPQ"
    return None


def _same_sentence_next(r: Reading, m: int, k: int) -> bool:
    """Is unit k in the clause after m's, in the same sentence ("...the NPQ at some point but haven't applied")?"""
    return r.sentence[k] == r.sentence[m] and r.clause[k] == r.clause[m] + 1


def _conjoined_with(r: Reading, m: int) -> int | None:
    """The qualification named just before m with only "or"/"and"/"nor" (and an article) between."""
    j = m - 1
    if j >= 0 and r.norms[j] in DETERMINERS:
        j -= 1
    if j < 1 or r.norms[j] not in ("or", "and", "nor", "&", "/", ","):
        return None
    j -= 1
    return j if r.norms[j] == "@qual" or r.norms[j] == "it" else None


def _continuations(r: Reading, key: str, named: Sequence[int]) -> list[Candidate]:
    """A finishing or leaving verb opening the next clause carries on about the course named just before:
    "started the NASENCO in 2023 and finished in 2024", "started the NPQ but withdrew"."""
    joiners = (
        "and", "then", "but", "so", "actually", "i", "have", "has", "had", "finally", "just", "now", "eventually",
        "later", "she", "he", "it", "the", "course", "was", "got", "been", "is", "never", "'ve", "'s",
    )  # fmt: skip
    found = []
    for hit in r.hits.get("cue", ()):
        if not hit.rule.continues or r.negated(hit.start) or hit.rule.state is None:
            continue
        c = r.clause[hit.start]
        start = r.clause_start[c]
        if c == 0 or (r.norms[start] not in ("and", "then", "but", "so") and start != hit.start):
            continue  # "...and finished in 2024", "..., never finished"
        if any(r.norms[k] not in joiners for k in range(start, hit.start)):
            continue
        earlier = [m for m in named if r.clause[m] == c - 1 and r.sentence[m] == r.sentence[hit.start]]
        if earlier:
            found.append(Candidate(0, _value(r, key, hit.rule.state), earlier[-1], hit.end))
    return found


class _PlaceCue(Hit):
    """A completed-cue ("has") before "NPQ place": read as enrolled."""

    def __new__(cls, hit: Hit) -> _PlaceCue:
        rule = type(hit.rule)(hit.rule.group, "in_progress", None, hit.rule.initial, hit.rule.continues)
        return super().__new__(cls, rule, hit.start, hit.end)


def state_of(hit: Hit, negated: bool) -> str | None:
    """The progress state a cue sets, negated or not."""
    return hit.rule.negated if negated and hit.rule.negated is not None else hit.rule.state
