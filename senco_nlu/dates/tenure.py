"""How long someone has been SENCO, read as when they became SENCO: "I've been SENCO for 18 months" is May 2025,
"senco 5 years" is 2021, "been senco for the last 2 years 3 months" is August 2024 (today 22 November 2026).

Only a length of the current post counts: in a clause about the SENCO post that says it is still going ("been",
"now", "for the last", or the title written as a label: "studio school senco 2 yrs"), never earlier service
("I was SENCO at my last school for 3 years"), a deputy's time, a question or a course. The date keeps the precision
the words give: whole years give a year, months give a month, and a rough length ("just over two years") gives the
year only when every reading falls in one year; otherwise nothing, and the assistant asks.
"""

from __future__ import annotations

from datetime import date

from rules_engine.dates import PartialDate, add_months

from ..facts.service import Duration, durations
from ..reading import Reading

__all__ = ["Tenure", "tenure"]


class Tenure:
    """A date read from a length in post: its value and the words it came from."""

    def __init__(self, value: PartialDate, start: int, end: int, text: str) -> None:
        self.value, self.start, self.end, self.text = value, start, end, text

    @property
    def note(self) -> str:
        when = self.value.written() if self.value.precision != "year" else str(self.value.year)
        return f"I've taken '{self.text}' as since {when}."


def tenure(reading: Reading, today: date) -> list[Tenure]:
    """Dates of appointment read from lengths of the current SENCO post."""
    found = []
    spans = _joined(durations(reading))
    for group in spans:
        first, last = group[0], group[-1]
        if not _in_post(reading, first.start):
            continue
        value = _since(group, today)
        if value is not None:
            start, end = reading.chars(first.start, last.end)
            found.append(Tenure(value, start, end, reading.text[start:end]))
    return found


def _joined(found: list[Duration]) -> list[list[Duration]]:
    """ "2 years 3 months" is one length."""
    groups: list[list[Duration]] = []
    for duration in found:
        if groups and groups[-1][-1].end == duration.start:
            groups[-1].append(duration)
        else:
            groups.append([duration])
    return groups


def _in_post(r: Reading, i: int) -> bool:
    """Is the length at unit i how long the person has held their current SENCO post?"""
    c = r.clause[i]
    if c in r.service_clauses or r.hypothetical(i) or r.previous(i):
        return False
    members = [k for k in range(r.n) if r.clause[k] == c]
    words = {r.norms[k] for k in members}
    seniors = [k for k in members if r.norms[k] == "@senco"]
    if any(k > 0 and r.norms[k - 1] in r.lex.words["not_the_senco"] for k in seniors):
        return False  # "deputy SENCO for 18 months"
    if words & r.lex.words["career_words"]:
        return False  # "a SENCO for 12 years in total across three schools": not this post
    ongoing = bool(words & r.lex.words["tenure_words"])
    label = any(abs(k - i) <= 2 and r.self_label(k) for k in seniors)
    if seniors and (ongoing or label):
        return True
    # "I'm SENCO at a VC primary and I have been for three years": carries on the clause before
    before = c - 1 if c > 0 else None
    if before is None or not ongoing or not words & {"i", "she", "he"}:
        return False
    return any(r.norms[k] == "@senco" and not r.previous(k) for k in range(r.n) if r.clause[k] == before)


def _since(group: list[Duration], today: date) -> PartialDate | None:
    low, high = sum(d.low for d in group), sum(d.high for d in group)
    if high == float("inf") or high > 12 * 60 or not all(d.exact_unit for d in group):
        return None  # "over a year", "2 terms" (does this term count?): no date
    if low == high and low % 12 == 0:
        return PartialDate(today.year - int(low // 12))  # "for 6 years": the year, as said
    earliest, latest = add_months(today, -round(high)), add_months(today, -round(low))
    if low == high:
        return PartialDate(earliest.year, earliest.month)
    if earliest.year == latest.year:
        return PartialDate(earliest.year)
    return None
