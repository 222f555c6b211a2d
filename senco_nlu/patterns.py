"""The vocabulary's token patterns: a small mini-language over token norms, compiled to an indexed matcher.

Why not spaCy's `Matcher`: it evaluates `IN` sets in Python for every pattern at every token (about 15 us per
pattern per message), too slow for a few hundred patterns on every message. Here each pattern is indexed by the
norms that can open it, and skipped at once when its rarest required word is absent from the message.

Mini-syntax (space-separated; documented for vocabulary writers at the top of `fact_lexicon.yaml`):
`word`, `a|b|c`, `$set`, `@kind` (a matched vocabulary phrase), `_` (any non-punctuation token), a `?` suffix
for an optional element, and `^` first (the match must open a sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

__all__ = ["Hit", "PatternError", "PatternIndex", "Rule", "longest_hits"]


class PatternError(ValueError):
    """A pattern that cannot be compiled (an unknown set, a several-token word, no required word...)."""


@dataclass(frozen=True)
class Rule:
    """One token pattern's meaning: its group, and for progress cues the state it sets."""

    group: str
    state: str | None = None
    negated: str | None = None
    initial: bool = False
    continues: bool = False  # a cue that may open the next clause about the same course ("...but withdrew")


class _Element(NamedTuple):
    norms: frozenset[str] | None  # None: any token that is not punctuation
    optional: bool


@dataclass(frozen=True)
class _Pattern:
    rule: Rule
    elements: tuple[_Element, ...]
    anchor: frozenset[str]  # the rarest required element: a message without any of these cannot match

    def longest(self, norms: Sequence[str], punct: Sequence[bool], start: int) -> int | None:
        """End of the longest match starting at `start`, if any: the set of positions reachable after each
        element (linear in the pattern's length, however many optional elements it has)."""
        n = len(norms)
        positions = {start}
        for allowed, optional in self.elements:
            reached = {
                j + 1 for j in positions if j < n and (norms[j] in allowed if allowed is not None else not punct[j])
            }
            positions = reached | positions if optional else reached
            if not positions:
                return None
        end = max(positions)
        return end if end > start else None


class Hit(NamedTuple):
    """Where a pattern matched, in units of the reading."""

    rule: Rule
    start: int
    end: int


class PatternIndex:
    """Compiled patterns, indexed by the norms that can open them.

    `sets` are the vocabulary's named word sets (already normalised); `split` tokenizes a plain word the way
    messages are tokenized (a word the tokenizer splits, such as "part-way", becomes one element per token);
    `norm` normalises one word; `one_token` says whether a word stays one token.
    """

    def __init__(
        self,
        sets: Mapping[str, frozenset[str]],
        split: Callable[[str], list[str]],
        norm: Callable[[str], str],
        one_token: Callable[[str], bool],
    ) -> None:
        self.sets = sets
        self._split = split
        self._norm = norm
        self._one_token = one_token
        self.index: dict[str, list[_Pattern]] = {}

    def add(self, pattern: str, rule: Rule, where: str) -> None:
        compiled = self._compile(pattern, rule, where)
        first: set[str] = set()
        for element in compiled.elements:
            if element.norms is None:
                raise PatternError(f"{where}: a pattern may not open with `_`")
            first |= element.norms
            if not element.optional:
                break
        for norm in first:
            self.index.setdefault(norm, []).append(compiled)

    def match(self, norms: Sequence[str], punct: Sequence[bool]) -> list[Hit]:
        """Every pattern hit: for each start and pattern, the longest match."""
        hits = []
        present = set(norms)
        for start, norm in enumerate(norms):
            for pattern in self.index.get(norm, ()):
                if pattern.anchor.isdisjoint(present):
                    continue
                end = pattern.longest(norms, punct, start)
                if end is not None:
                    hits.append(Hit(pattern.rule, start, end))
        return hits

    def _compile(self, pattern: str, rule: Rule, where: str) -> _Pattern:
        parts = pattern.split()
        initial = bool(parts) and parts[0] == "^"
        elements = []
        for part in self._split_literals(parts[1:] if initial else parts):
            optional = len(part) > 1 and part.endswith("?")
            body = part[:-1] if optional else part
            norms: set[str] | None = None
            if body != "_":
                norms = set()
                for alternative in body.split("|"):
                    if alternative.startswith("$"):
                        if alternative[1:] not in self.sets:
                            raise PatternError(f"{where}: unknown set {alternative} in {pattern!r}")
                        norms |= self.sets[alternative[1:]]
                    elif alternative:
                        if not self._one_token(alternative):
                            raise PatternError(f"{where}: {alternative!r} in {pattern!r} is several tokens")
                        norms.add(self._norm(alternative))
                if not norms:
                    raise PatternError(f"{where}: empty element in {pattern!r}")
            elements.append(_Element(None if norms is None else frozenset(norms), optional))
        required = [element.norms for element in elements if not element.optional and element.norms is not None]
        if not required:
            raise PatternError(f"{where}: pattern {pattern!r} needs at least one required word")
        anchor = min(required, key=len)
        compiled_rule = Rule(rule.group, rule.state, rule.negated, initial, rule.continues)
        return _Pattern(compiled_rule, tuple(elements), anchor)

    def _split_literals(self, parts: Sequence[str]) -> list[str]:
        out: list[str] = []
        for part in parts:
            optional = "?" if len(part) > 1 and part.endswith("?") else ""
            body = part[: len(part) - len(optional)]
            if any(mark in body for mark in "|$@") or body == "_" or self._one_token(body):
                out.append(part)
            else:
                out += [token + optional for token in self._split(body)]
        return out


def longest_hits(hits: Iterable[Hit]) -> list[Hit]:
    """Overlapping hits: keep the longest (then the earliest), like spaCy's filter_spans; in text order."""
    taken: set[int] = set()
    kept = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        span = range(hit.start, hit.end)
        if taken.isdisjoint(span):
            kept.append(hit)
            taken.update(span)
    return sorted(kept, key=lambda h: h.start)
