"""Which fact a date in a message is about: appointment, NASENCO start/completion or NPQ start.

Teachers put several dates in one message ("SENDCo since 6/1/25, started the NASENCO in Jan 2024"). Each
date is attributed by the nearest cue word in its own clause: cues before the date win over cues after it,
because English puts the event first ("became SENCO in March"). A date with no cue is left generic (`date`)
and only fills the slot the assistant has just asked about.
"""

from __future__ import annotations

import re

GENERIC = "date"

# Cue patterns, most specific first: a completion cue only counts next to a NASENCO cue.
_NASENCO = r"nasenc?o|national\s+award|sen(?:co|dco)?\s+award|the\s+award"
_NPQ = r"npq(?!h|sl|lt|ltd|el|eyl|lbc)\w*(?:[\s-]+(?:for\s+)?(?:the\s+)?sen(?:d)?co'?s?)?"
_COMPLETED = r"finish\w*|complet\w*|pass\w*|got|gained|achiev\w*|qualif\w*|graduat\w*|awarded|done"
_ROLE = (
    r"sen(?:d)?co\w*|job|post|role|appointed|appointment|became|become|took\s+over|taking\s+over|"
    r"promoted|in\s+charge|since|start\w*\s+(?:as|in\s+post|the\s+job|the\s+role)|head\s*teacher"
)
_CLAUSE_BREAK = re.compile(r"[,;.!?\n]|\b(?:and|but|then|while|although|though)\b", re.IGNORECASE)
_CUES = (
    ("nasenco", re.compile(_NASENCO, re.IGNORECASE)),
    ("npq", re.compile(_NPQ, re.IGNORECASE)),
    ("role", re.compile(rf"\b(?:{_ROLE})\b", re.IGNORECASE)),
)
_COMPLETED_RE = re.compile(rf"\b(?:{_COMPLETED})\b", re.IGNORECASE)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of the clause holding text[start:end]."""
    left = 0
    for brk in _CLAUSE_BREAK.finditer(text, 0, start):
        left = brk.end()
    following = _CLAUSE_BREAK.search(text, end)
    return left, following.start() if following else len(text)


def _nearest_cue(segment: str, from_end: bool) -> tuple[str, re.Match[str]] | None:
    """The cue closest to the date; "SENCO" inside a qualification's name ("NPQ for SENCOs") is not a role cue."""
    best: tuple[int, str, re.Match[str]] | None = None
    taken: list[tuple[int, int]] = []
    for name, pattern in _CUES:
        for found in pattern.finditer(segment):
            if any(found.start() < end and start < found.end() for start, end in taken):
                continue
            if name != "role":
                taken.append(found.span())
            distance = len(segment) - found.end() if from_end else found.start()
            if best is None or distance < best[0]:
                best = (distance, name, found)
    return (best[1], best[2]) if best else None


def date_role(text: str, start: int, end: int) -> str:
    """The fact key for the date at text[start:end], or `date` when nothing in its clause says."""
    left, right = _clause(text, start, end)
    before, after = text[left:start], text[end:right]
    cue = _nearest_cue(before, from_end=True) or _nearest_cue(after, from_end=False)
    if cue is None:
        return GENERIC
    name, _ = cue
    if name == "nasenco":
        return "nasenco_completion_date" if _COMPLETED_RE.search(text[left:right]) else "nasenco_start_date"
    if name == "npq":
        return "npq_start_date"
    return "appointment_date"
