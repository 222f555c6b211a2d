"""Short typed answers to the question just asked ("an academy", "nope", "halfway", "2 years")."""

from __future__ import annotations

from spacy.tokens import Span
from spacy.util import filter_spans

from ..lexicon import QUALIFICATIONS, UNCLEAR_STATE
from ..patterns import Hit
from ..reading import Reading, starts_with
from ..text import norm
from .progress import cue_for, mentions, state_of

__all__ = ["answer_phrase", "polarity", "qualification_answer", "unknown"]


def unknown(r: Reading) -> bool:
    return bool(r.lex.unknown.search(r.text.lower()))


def polarity(r: Reading) -> bool | None:
    """Yes (True), no (False) or neither, from how the answer starts; then any negation means no."""
    words = [unit.norm for unit in r.units if not (unit.punct or unit.space)]
    fillers = r.lex.words["clause_fillers"]
    while words and words[0] in fillers:
        words = words[1:]
    for phrases, value in ((r.lex.no, False), (r.lex.yes, True)):
        if any(starts_with(words, 0, phrase) for phrase in phrases):
            return value
    return False if any(word in r.lex.words["negators"] for word in words) else None


def answer_phrase(r: Reading, key: str) -> str | None:
    """The last answer phrase for `key` with no negation just before it ("not maintained, an academy")."""
    matcher = r.lex.answers.get(key)
    if matcher is None:
        return None
    doc, negators = r.doc, r.lex.words["negators"]
    spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in matcher(doc)])
    kept = [s for s in spans if not any(norm(doc[j].norm_) in negators for j in range(max(0, s.start - 2), s.start))]
    return kept[-1].label_ if kept else None


def qualification_answer(r: Reading, key: str) -> str | None:
    """A progress answer ("halfway", "done it", "not yet", "signed up"): the last cue decides, else yes/no."""
    other_mentions = [m for other in QUALIFICATIONS if other != key for m in mentions(r, other)]
    others = [cue_for(r, m) for m in other_mentions]
    taken = {found[0] for found in others if found is not None}
    own_mentions = mentions(r, key)
    # "no, I'm doing the NPQ" is about the NPQ, and so is every cue in its clause ("no, but I've started the NPQ")
    cues = [
        hit
        for hit in r.hits.get("cue", [])
        if hit not in taken and not _about_another(r, hit, other_mentions, own_mentions)
    ]
    if cues:
        hit = cues[-1]
        state = state_of(hit, r.negated(hit.start))
        return None if state is None or state == UNCLEAR_STATE else r.lex.states[key][state]
    answer = polarity(r)
    if answer is False:
        return r.lex.states[key]["none"]
    if answer is True and key == "nasenco":
        return r.lex.states[key]["completed"]  # "Have you done the NASENCO?" "Yes."
    return None  # "And the NPQ for SENCOs?" "Yes." could mean enrolled or completed: better to ask again


def _about_another(r: Reading, hit: Hit, other_mentions: list[int], own_mentions: list[int]) -> bool:
    """A progress cue in the clause of another course's name, and not of this one's."""
    return any(r.same_clause(hit.start, m) for m in other_mentions) and not any(
        r.same_clause(hit.start, m) for m in own_mentions
    )
