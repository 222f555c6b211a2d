"""UK places by nation (`data/uk_places.yaml`): which nations a place name can mean.

Why: a school in Wales, Scotland or Northern Ireland is outside the law this assistant applies, and teachers name
their town or council area far more often than their nation ("primary in Fife", "Lisburn senco"). A name used in
more than one nation ("Newport": Wales or England) is kept with all its nations, so the reader can ask instead of
guessing. Names that are also ordinary words or names ("Reading", "Barry", "Down") count only when written with a
capital right after "in", "near", "at", "from", "outside" or "around"; see `Place.word_like`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

__all__ = ["PLACES_PATH", "Place", "places"]

PLACES_PATH = Path(__file__).with_name("data") / "uk_places.yaml"
NATIONS = ("england", "wales", "scotland", "northern_ireland", "crown_dependencies", "abroad")
# Names that say nothing about a nation, though listed as places: school dedications found in every nation and
# compass regions ("St Andrew's Primary", "the North East").
# Listed as word-like only because a test or scheme is named after them ("Cardiff Acuity Test"): teachers type these
# in lower case for their town ("cardiff senco"), so they match any case; a test name after them is ruled out by
# `place_not_before` in the vocabulary instead.
_NAMES_OF_TESTS = {"edinburgh", "salford", "york", "sandwell", "bangor", "oxford", "derbyshire", "cardiff", "warwick",
                   "bristol"}  # fmt: skip
_NO_EVIDENCE = {"st andrews", "st davids", "st albans", "st helens", "north east", "north west", "south east",
                "south west"}  # fmt: skip


@dataclass(frozen=True)
class Place:
    name: str
    nations: frozenset[str]
    word_like: bool

    @property
    def outside_england(self) -> bool | None:
        """True when every reading is outside England, False when every reading is in it, None when it could be
        either. A reading abroad beside England ("Cambridge") is taken as England: the person asks an assistant
        for schools in England."""
        if self.nations <= {"england", "abroad"}:
            return False
        if "england" not in self.nations:
            return True
        return None


def _variants(name: str) -> set[str]:
    """The ways a name is typed: as listed, hyphens as spaces, "St." for "St"."""
    out = {name, name.replace("-", " ")}
    out |= {variant.replace("St ", "St. ") for variant in out if variant.startswith("St ")}
    return out


@lru_cache(maxsize=1)
def places() -> tuple[Place, ...]:
    data = yaml.safe_load(PLACES_PATH.read_text(encoding="utf-8"))
    word_like = {name.lower() for name in data.get("word_like", [])} - _NAMES_OF_TESTS
    found: dict[str, Place] = {}
    for nation, names in data["nations"].items():
        if nation not in NATIONS:
            raise ValueError(f"{PLACES_PATH.name}: unknown nation {nation!r}")
        for name in names:
            for variant in _variants(name):
                found[variant.lower()] = Place(variant, frozenset({nation}), name.lower() in word_like)
    for name, nations in data.get("ambiguous", {}).items():
        if name.lower() in _NO_EVIDENCE:
            continue
        unknown = set(nations) - set(NATIONS)
        if unknown:
            raise ValueError(f"{PLACES_PATH.name}: {name}: unknown nation {sorted(unknown)}")
        for variant in _variants(name):
            found[variant.lower()] = Place(variant, frozenset(nations), name.lower() in word_like)
    for name in _NO_EVIDENCE:
        found.pop(name, None)
    return tuple(found.values())
