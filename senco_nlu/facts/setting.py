"""The setting the person works in (the contract's `setting` values), from the names of kinds of school and places.

Precision first, in order:
1. Names that do not describe the person's current setting are left out: in a question or supposition ("do
   academies need...?"), negated ("not one of the academies"), or about an earlier school ("moved from a special
   school"); a nation the person comes from ("trained in Wales").
2. Where the person says where they are SENCO ("SENCO at a primary academy", "academy senco"), that setting is the
   one: another named in passing ("I also advise our trust's AP academy") is not theirs.
3. A place decides the nation: in Wales, Scotland, Northern Ireland or a Crown dependency is `outside_england`,
   whatever kind of school it is ("academy in Dundee"). A place that may be in England or elsewhere ("Newport")
   with nothing else to settle it is asked about.
4. The more specific description wins (senco-rules.md section 1): a special academy is `special`, an AP academy
   `ap_academy`, a hospital school run as a PRU `pru`; the vocabulary's `more_specific` table says which.
5. A weak word ("church school", "college") decides only alone.
6. Two settings still standing that disagree ("community primary ... federated with a special school") are asked
   about, offering both; the assistant never picks one silently.
"""

from __future__ import annotations

from ..reading import Reading
from .base import Ambiguity, FactMatch, ambiguity, fact

__all__ = ["read_setting"]

_OUTSIDE = "outside_england"


def read_setting(r: Reading) -> FactMatch | Ambiguity | None:
    types = [
        (i, term.value, term.weak)
        for i, term in sorted(r.terms.items())
        if term.kind == "setting" and term.value != _OUTSIDE and _current(r, i)
    ]
    nation, where = _nation(r)
    if nation == _OUTSIDE:
        return fact(r, "setting", _OUTSIDE, where, where + 1)
    types = _settle_either(r, types)
    anchored = [c for c in types if _anchored(r, c[0])]
    # ...with any more specific name for the same school ("SENCO at an academy that is a special school")
    pool = [c for c in types if c in anchored or any(_same_school(r, c[0], a[0]) for a in anchored)] or types
    strong = [c for c in pool if not c[2]] or pool
    values = _most_specific(r, strong)
    if not values:
        return None
    spans = [i for i, value, _ in strong if value in values]
    if len(values) == 1 and "|" in values[0]:  # "nursery school" alone: maintained or private?
        return ambiguity(r, "setting", values[0].split("|"), spans[0], spans[-1] + 1)
    if nation is None:  # "an academy in Newport": Wales or England
        return ambiguity(r, "setting", [_OUTSIDE, *values], min(where, *spans), max(where, *spans) + 1)
    if len(values) == 1:
        return fact(r, "setting", values[0], spans[-1], spans[-1] + 1)
    return ambiguity(r, "setting", values, min(spans), max(spans) + 1)


def _current(r: Reading, i: int) -> bool:
    """Does the name at unit i describe where the person is now?"""
    if r.hypothetical(i) or r.negated(i) or r.previous(i):
        return False
    term = r.terms[i]
    if term.plural and not any(r.norms[j] in r.lex.words["plural_owners"] for j in range(max(0, i - 2), i)):
        return False  # "I know special schools aren't covered": a kind of school, not theirs
    if any(r.norms[k] == "@persona" and r.terms[k].value == "wide" for k in range(r.n) if r.clause[k] == r.clause[i]):
        return False  # "I'm the SEND adviser for a MAT": where the person asking works, not the SENCO
    if term.weak and any(r.reports(k) for k in range(i + 1, r.n) if r.sentence[k] == r.sentence[i]):
        return False  # "our trust is asking whether...": who asks, not where anyone is SENCO
    anchor = r.attached.get(r.clause[i])
    if anchor is not None and r.norms[r.clause_start[r.clause[anchor]]] in ("before", "until", "after"):
        return False  # "...at my old school before this (academy)": which school is meant?
    if term.kind == "place" or term.value == _OUTSIDE:  # "moved from Wales", "trained in Glasgow"
        not_after = r.lex.words["outside_england_not_after"]
        return not any(r.norms[j] in not_after for j in range(max(0, i - 2), i))
    return True


def _nation(r: Reading) -> tuple[str | None, int]:
    """`outside_england`, `england` (also when nothing is said), or None when a place could be in England or not
    and nothing settles it; with the unit that says so. A nation named outright ("Wales") counts as a place, and
    a title used only outside England ("ALNCo") counts when no place in England is named."""
    outside, england, unsettled = [], [], []
    for i, term in sorted(r.terms.items()):
        if term.kind == "setting" and term.value == _OUTSIDE and _current(r, i):
            outside.append(i)
        elif term.kind == "place" and _current(r, i):
            nations = set((term.value or "").split("|"))
            if "england" not in nations and not nations <= {"abroad"}:
                outside.append(i)
            elif nations <= {"england", "abroad"}:
                england.append(i)
            else:
                unsettled.append(i)
    if outside:
        return _OUTSIDE, outside[0]
    if unsettled and not england:
        return None, unsettled[0]
    if not england:
        for k in range(r.n):
            if r.norms[k] == "@senco" and r.units[k].text.lower() in r.lex.outside_titles and not r.previous(k):
                return _OUTSIDE, k
    return "england", -1


def _anchored(r: Reading, i: int) -> bool:
    """Is the setting at unit i where the person says they are SENCO ("SENCO at a primary academy", "academy
    senco", "I'm the SENCO of a studio school")?"""
    c = r.clause[i]
    near = [k for k in range(max(0, i - 6), min(r.n, i + 3)) if r.clause[k] == c and r.norms[k] == "@senco"]
    return any(not r.previous(k) and not r.hypothetical(k) for k in near)


def _settle_either(r: Reading, types: list[tuple[int, str, bool]]) -> list[tuple[int, str, bool]]:
    """A name that fits two settings takes the one another name for the school gives or narrows it to; the other
    name then adds nothing ("nursery school (maintained)" is a maintained nursery school)."""
    either = [(i, value) for i, value, _ in types if "|" in value]
    if not either:
        return types
    out = [c for c in types if "|" not in c[1]]
    for i, value in either:
        options = value.split("|")
        for j, other, _ in list(out):
            narrowed = other if other in options else r.lex.narrowed_by.get(other)
            if narrowed in options:
                out = [c for c in out if c[0] != j] + [(i, narrowed, False)]
                break
        else:
            out.append((i, value, False))
    return sorted(out)


def _most_specific(r: Reading, found: list[tuple[int, str, bool]]) -> list[str]:
    """The values no other value is more specific than, in order of first mention. A value gives way only to a
    more specific one said of the same school: in its clause, or in a clause describing it ("an academy that is
    a special school", "hospital school (run by the LA as a PRU)"); "a community primary ... federated with a
    special school" names two schools, and is asked about."""
    table = r.lex.more_specific
    kept = []
    for i, value, _ in found:
        if any(value in table.get(other, ()) and _same_school(r, i, j) for j, other, _ in found if other != value):
            continue
        kept.append(value)
    return list(dict.fromkeys(kept))


def _same_school(r: Reading, i: int, j: int) -> bool:
    if r.sentence[i] != r.sentence[j]:
        return False
    ci, cj = r.clause[i], r.clause[j]
    joined = {r.norms[k] for k in range(min(i, j) + 1, max(i, j))} & {"and", "&", "plus", "both", "with"}
    if ci == cj and not joined:
        return True
    if r.attached.get(cj) is not None and r.clause[r.attached[cj]] == ci:
        return True
    if r.attached.get(ci) is not None and r.clause[r.attached[ci]] == cj:
        return True
    between = {r.norms[k] for k in range(min(i, j) + 1, max(i, j))}
    if between & {"and", "&", "plus", "both", "also", "with"}:
        return False  # "a community special school and a community primary": two schools
    return bool(between & r.lex.words["same_school_links"])
