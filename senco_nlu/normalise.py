"""Normalising the words that carry dates: month names with their abbreviations and typos ("Sept", "septmber" ->
"september"), term names ("autum" -> "autumn"), "academic" and apostrophes, and the tokenizer infixes that split
dates apart ("6/1/25" -> 6 / 1 / 25). The shared text layer (`text.py`) applies `norm_of` to every token, so the
date patterns and the fact readers see one form of each. English names are spelled out here: `calendar.month_name`
follows the process locale.
"""

from __future__ import annotations

from functools import lru_cache

MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_FULL = {name.lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
_ABBR_NORM = {number: f"{name[:3].lower()}." for number, name in enumerate(MONTH_NAMES, start=1)}
_ABBREVIATIONS = {"sept": 9} | {name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, start=1)}
# Longer prefixes ("septem", "janua") of the long names only: "marc" (a name) and "juli" are not months.
_ABBREVIATIONS |= {
    name[:length]: number for name, number in _FULL.items() if len(name) >= 6 for length in range(4, len(name))
}
del _ABBREVIATIONS["may"]  # "may" is a full name, kept out of the bare-month pattern below
_FUZZY_TARGETS = tuple(name for name in _FULL if len(name) >= 6)  # typos only for long names: "june"~"tune"
MONTH_OF_NORM = dict(_FULL) | {norm: number for number, norm in _ABBR_NORM.items()}
BARE_MONTH_NORMS = sorted(name for name in _FULL if name != "may")  # "I may start" is not May
MONTH_NORMS = sorted(MONTH_OF_NORM)

TERM_SPELLINGS = {
    "autumn": "autumn", "autum": "autumn", "autmn": "autumn", "atumn": "autumn", "autunm": "autumn",
    "autumm": "autumn", "autuum": "autumn",
    "spring": "spring", "sprng": "spring", "spirng": "spring", "sprnig": "spring",
    "summer": "summer", "sumer": "summer", "summmer": "summer", "sumemr": "summer", "summr": "summer",
}  # fmt: skip
ACADEMIC_SPELLINGS = {"academic", "acadmic", "acedemic", "accademic", "academc", "acadamic", "acadeimc"}
APOSTROPHES = {"'", "’", "‘", "`"}  # curly quotes are what phones type

# Extra tokenizer infixes: split digits from letters and from date separators, so "6/1/25", "6th", "Sept'23",
# "jan24" and "2023/24" become separate tokens the patterns can see. "3.30pm" becomes 3 . 30 pm: no pattern has
# two numbers around one separator, so times stay unmatched.
INFIXES = (
    r"(?<=[0-9])[/.\-–—](?=[0-9])",  # en and em dashes are typed in year ranges
    r"(?<=[0-9])(?=[A-Za-z])",
    r"(?<=[A-Za-z])(?=[0-9])",
    r"(?<=[0-9])-(?=[A-Za-z])",
    r"(?<=[A-Za-z])[-'’‘/](?=[0-9])",
)


def _osa_distance(a: str, b: str) -> int:
    """Edit distance counting an adjacent swap as one edit ("feburary" is one edit from "february")."""
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _common_letters(a: str, b: str) -> int:
    """Length of the longest common subsequence: a typo keeps nearly all of the name's letters in order."""
    previous = [0] * (len(b) + 1)
    for letter in a:
        current = [0]
        for j, other in enumerate(b, start=1):
            current.append(previous[j - 1] + 1 if letter == other else max(previous[j], current[j - 1]))
        previous = current
    return previous[-1]


# Words the fact vocabulary turns on, whose one-letter typos ("comunity", "volutary", "finsihed", "qualifcation") are
# read as the word. Only words of seven letters or more, with few real words one edit away.
_DOMAIN_WORDS = (
    "maintained", "voluntary", "controlled", "community", "independent", "foundation", "academy", "finished",
    "completed", "started", "enrolled", "qualification", "qualifications", "qualified", "secondary", "primary",
    "appointed", "nursery", "special", "induction", "headteacher", "alternative", "provision", "leadership",
    "required", "registered", "statutory", "federation", "international", "assistant", "training", "deputy",
)  # fmt: skip


@lru_cache(maxsize=8192)
def norm_of(lower: str) -> str | None:
    """The NORM the patterns match on for one lower-cased token, or None to keep spaCy's own.

    Full month names and their typos normalise to the name ("september"); abbreviations to "sep." style, because a
    bare abbreviation ("Jan", a person's name too) is only a month next to a year, a day or a preposition.
    Typos are accepted only for long names, within one edit (two for names of eight letters or more), with the
    right first letter and all but one of the name's letters in order, so ordinary words ("deceiver") are not
    taken for months.
    """
    if lower in APOSTROPHES:
        return "'"
    word = lower[:-1] if lower.endswith(".") and len(lower) > 1 else lower
    if not word.isalpha():
        return None
    if word in _FULL:
        return word
    if word in _ABBREVIATIONS:
        return _ABBR_NORM[_ABBREVIATIONS[word]]
    if word in TERM_SPELLINGS:
        return TERM_SPELLINGS[word]
    if word in ACADEMIC_SPELLINGS:
        return "academic"
    if len(word) >= 6 and word not in _DOMAIN_WORDS:
        for target in _DOMAIN_WORDS:
            if (
                word[0] == target[0]
                and abs(len(word) - len(target)) <= 1
                and _osa_distance(word, target) <= 1
                and _common_letters(word, target) >= len(target) - 1
            ):
                return target
    if len(word) >= 5:
        for name in _FUZZY_TARGETS:
            allowed = 1 if len(name) <= 7 else 2
            if (
                word[0] == name[0]
                and abs(len(word) - len(name)) <= allowed
                and _osa_distance(word, name) <= allowed
                and _common_letters(word, name) >= len(name) - 1
            ):
                return name
    return None


def month_name(month: int) -> str:
    return MONTH_NAMES[month - 1]
