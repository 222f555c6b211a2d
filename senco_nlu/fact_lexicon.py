"""Every fact a teacher states in one message, read with the vocabulary in `fact_lexicon.yaml`.

Teachers type one quick message ("got the SENCO job at our academy last Sept, haven't done NASENCO, what do I
need?") and the assistant should not ask again for what they already said. This module turns such a message
into contract facts (setting, role, teacher_status, nasenco, npq, prior_senco_service_over_12_months) and
reads short answers to a direct question ("an academy", "nope", "halfway").

Why rules and not a trained model: a deadline must never rest on a statistical guess, no spaCy model can be
downloaded here, and the words teachers use change faster than code, so the vocabulary lives in YAML and
every fact found carries the exact words it came from.

How a message is read:
1. A blank English spaCy pipeline (built once, lazily) tokenizes it. spaCy PhraseMatchers (LOWER, and ORTH for
   abbreviations whose lower case is an ordinary word: "MAT", "TA") find the vocabulary's phrases; the longest
   wins ("special academy" is not "academy", "NPQH" is not "NPQ"). Each phrase becomes one unit whose norm
   names its kind (@senco, @qual, @setting, @status, @head, @staff, @context, @block).
2. Token patterns from the YAML run over the norms: who is speaking ("I'm the SENCO", "our SENCO", "want to be
   a SENCO"), cues of progress ("haven't done", "halfway through", "signed up for"), earlier-school markers.
   They are compiled to a small indexed matcher rather than spaCy's Matcher, whose `IN` sets are evaluated in
   Python for every pattern at every token (about 15 us per pattern per message: too slow for the 1 ms budget).
3. The message is cut into clauses (punctuation; conjunctions such as "but", "because", "if"). Negations, cues
   and earlier-school markers never reach across a clause, and a clause that asks or supposes ("do academies
   need...?", "if I become SENCO") states no setting or progress.

Precedence, at most one fact per key (ties go to the last stated):
- setting: a setting of an earlier school ("my last school was a special school", "moved from Wales", "was
  SENCO at a special school for 3 years") or a negated one ("not an academy") never counts; a strong phrase
  beats a weak one ("C of E", "state primary" or "college" decide only alone); then the last stated.
- role: an explicit statement ("I'm the SENCO", "want to become a SENCO", "asking on behalf of") beats a mere
  mention of someone else's SENCO ("our SENCO is great" gives role=other, never senco); then the last stated.
  "I'm not a SENCO (yet)" is aspiring; "I'm not the SENCO" is other; "she's just become SENCO" is other; an
  assistant or deputy SENCO is aspiring (the duty is on the designated SENCO).
- teacher_status: the most decisive status wins (headteacher > induction explicitly complete > ECT/NQT >
  no QTS > "has QTS"), then the last stated. A status about someone other than the person asked about is
  ignored ("I'm the head and our SENCO..." asks about the SENCO, so the speaker's headship is not theirs).
- nasenco / npq: each mention takes the cue nearest before it in its clause (else the nearest after it); a
  negation up to three words before the cue flips it ("haven't done" -> none, "haven't finished" ->
  in_progress); a need or question ("need to do the NPQ") says nothing; then the last stated mention wins.
  A bare "NPQ" counts only beside SENCO words or right after "the" ("started the NPQ in Jan": in this
  conversation, the one under discussion; "my NPQ starts in Feb" could be any NPQ); "the award" is the National
  Award, but "award" alone, or "the award for best teacher", is not. NPQH, NPQSL and the other NPQs never count.
- prior_senco_service_over_12_months: durations of earlier SENCO posts are added up (more than 12 months ->
  true, at most 12 -> false, "about a year" -> unknown) and beat a phrase such as "first SENCO job" (false).
  Service at a setting the law does not clearly cover (special, independent, PRU...) does not count, so it gives
  no fact: the assistant asks the precise question instead. The lexicon sees that setting when it is named in the
  clause of the earlier post, in brackets after it or in a "which" clause ("at my last school (a special school)",
  "..., which was an independent school"); such a setting is never taken as the current one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import spacy
import yaml
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Span
from spacy.util import compile_infix_regex, compile_suffix_regex, filter_spans

from rules_engine.facts import BOOL_KEYS, CHOICES
from rules_engine.rules_data import SETTINGS
from senco_nlu.encodable import encodable

__all__ = ["LEXICON_PATH", "FactMatch", "LexiconError", "extract_facts", "match_answer"]

LEXICON_PATH = Path(__file__).with_name("fact_lexicon.yaml")
PRIOR = "prior_senco_service_over_12_months"
QUALIFICATIONS = ("nasenco", "npq")
# Earlier SENCO service counts only at settings the law covers (senco-rules.md section 3).
COVERED_SETTINGS = frozenset(value for value, setting in SETTINGS.items() if setting.statutory is True)
_CONTRACTIONS = {"'ve": "have", "'m": "am", "'re": "are", "'ll": "will", "n't": "not", "nt": "not"}
_DETERMINERS = frozenset({"the", "a", "an", "my", "our", "this", "their", "his", "her", "your"})
_YEAR = re.compile(r"^(?:19[89]\d|20[0-4]\d)$")
_SHORT_YEAR = re.compile(r"^\d\d$")
_MODIFIER_KINDS = ("above", "at_least", "below", "near_below", "approx", "exact")


class LexiconError(ValueError):
    """The YAML vocabulary is malformed or names a value the assessment contract does not have."""


@dataclass(frozen=True)
class FactMatch:
    """One fact found in a message: a contract key and value, and the evidence (character offsets, text)."""

    key: str
    value: str | bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _Term:
    """What a vocabulary phrase means once matched."""

    kind: str
    value: str | None = None
    weak: bool = False
    rank: int = 0
    negated: str | None = None
    person: bool = False
    definite: bool = False  # a generic name that counts only after a determiner such as "the" ("the award")


@dataclass(frozen=True)
class _Rule:
    """One token pattern from the YAML: its group, and for progress cues the state it sets."""

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
    rule: _Rule
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


class _Hit(NamedTuple):
    rule: _Rule
    start: int
    end: int


class _Unit(NamedTuple):
    """A token of the message, or one matched vocabulary phrase standing as a single token."""

    start: int
    end: int
    text: str
    norm: str
    punct: bool
    space: bool
    number: bool


class _Duration(NamedTuple):
    start: int
    end: int
    low: float
    high: float
    introduced: bool


class _Candidate(NamedTuple):
    """A possible value for one key and what ranks it (a higher priority wins, then a later start)."""

    priority: int
    value: str | bool
    start: int
    end: int


# --------------------------------------------------------------------------------------------------------------
# The vocabulary, compiled once
# --------------------------------------------------------------------------------------------------------------


def _strings(raw: Any, where: str) -> list[str]:
    """A YAML list of strings; anything else (a bare `no` read as False, say) is an error, not a silent miss."""
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise LexiconError(f"{where}: expected a list of strings (quote yes/no/on/off), got {raw!r}")
    return raw


def _norm(word: str) -> str:
    lowered = word.lower()
    return _CONTRACTIONS.get(lowered, lowered)


class _Lexicon:
    """The compiled vocabulary: tokenizer, phrase matchers, token patterns and word lists."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.nlp = self._make_nlp()
        self.sets = {name: self._words(words, f"sets.{name}") for name, words in data["sets"].items()}
        self.terms: dict[int, _Term] = {}
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.answer_exact = PhraseMatcher(self.nlp.vocab, attr="LOWER")  # exact-case phrases, any case
        self._seen: dict[str, str] = {}
        self._load_terms()
        self.index: dict[str, list[_Pattern]] = {}
        self._load_patterns()
        self.answers: dict[str, PhraseMatcher] = {}
        self._load_answers()
        self._load_words()

    def _one_token(self, word: str) -> bool:
        return word.startswith("@") or word.lower() in _CONTRACTIONS or len(self.nlp.make_doc(word)) == 1

    def _words(self, words: Any, where: str) -> frozenset[str]:
        """Single-token words as norms; a word the tokenizer splits ("part-time") could never match one token."""
        out = set()
        for word in _strings(words, where):
            if not self._one_token(word):
                raise LexiconError(f"{where}: {word!r} is several tokens; write it as a phrase or pattern")
            out.add(_norm(word))
        return frozenset(out)

    @staticmethod
    def _make_nlp() -> Language:
        """Blank English, with brackets and "18months"-style units split so they match like spaced text."""
        nlp = spacy.blank("en")
        nlp.tokenizer.infix_finditer = compile_infix_regex([*nlp.Defaults.infixes, r"[()\[\]]"]).finditer
        units = r"(?<=[0-9])(?:months?|mths?|mnths?|years?|yrs?|terms?|weeks?|wks?)"
        nlp.tokenizer.suffix_search = compile_suffix_regex([*nlp.Defaults.suffixes, units]).search
        return nlp

    # -- phrases ----------------------------------------------------------------------------------------------

    def _add_phrases(self, term: _Term, phrases: Iterable[str], exact: Iterable[str], where: str) -> None:
        key = f"T{len(self.terms)}"
        self.terms[self.nlp.vocab.strings.add(key)] = term
        meaning = f"{term.kind}:{term.value}"
        lower_docs, exact_docs, answer_docs = [], [], []
        for phrase in phrases:
            self._claim(phrase.lower(), meaning, where)
            lower_docs.append(self.nlp.make_doc(phrase))
        for phrase in exact:
            self._claim(phrase, meaning, where)
            exact_docs.append(self.nlp.make_doc(phrase))
            answer_docs.append(self.nlp.make_doc(phrase.lower()))
        if lower_docs:
            self.lower.add(key, lower_docs)
        if exact_docs:
            self.exact.add(key, exact_docs)
            self.answer_exact.add(key, answer_docs)

    def _claim(self, phrase: str, meaning: str, where: str) -> None:
        """One phrase, one meaning: a phrase listed under two meanings would be matched by chance."""
        known = self._seen.setdefault(phrase, meaning)
        if known != meaning:
            raise LexiconError(f"{where}: {phrase!r} is listed as both {known} and {meaning}")

    @staticmethod
    def _choice(key: str, value: object, where: str) -> str:
        if not isinstance(value, str) or value not in CHOICES[key]:
            raise LexiconError(f"{where}: {value!r} is not a {key} value ({', '.join(CHOICES[key])})")
        return value

    def _load_terms(self) -> None:
        terms = self.data["terms"]
        for kind in ("senco", "head", "staff", "context", "block"):
            self._add_phrases(_Term(kind), _strings(terms[kind], f"terms.{kind}"), (), f"terms.{kind}")
        kinds = {
            "other_npq": _Term("block", "other_npq"),
            "nasenco": _Term("qual", "nasenco"),
            "npq_senco": _Term("qual", "npq"),
            "npq_generic": _Term("qual", "npq", weak=True),
            "nasenco_generic": _Term("qual", "nasenco", weak=True, definite=True),
        }
        for name, term in kinds.items():
            self._add_phrases(term, _strings(terms[name], f"terms.{name}"), (), f"terms.{name}")
        for kind, words in self.data.get("exact_case_terms", {}).items():
            self._add_phrases(_Term(kind), (), _strings(words, f"exact_case_terms.{kind}"), kind)
        for n, group in enumerate(self.data["settings"]):
            where = f"settings[{n}]"
            term = _Term("setting", self._choice("setting", group.get("value"), where), weak=bool(group.get("weak")))
            phrases = _strings(group.get("phrases", []), where)
            self._add_phrases(term, phrases, _strings(group.get("exact_case", []), where), where)
        for n, group in enumerate(self.data["teacher_status"]):
            where = f"teacher_status[{n}]"
            negated = group.get("negated")
            term = _Term(
                "status",
                self._choice("teacher_status", group.get("value"), where),
                rank=int(group["rank"]),
                negated=None if negated is None else self._choice("teacher_status", negated, where),
                person=bool(group.get("person", False)),
            )
            phrases = _strings(group.get("phrases", []), where)
            self._add_phrases(term, phrases, _strings(group.get("exact_case", []), where), where)

    # -- token patterns ---------------------------------------------------------------------------------------

    def _compile(self, pattern: str, rule: _Rule, where: str) -> _Pattern:
        """Compile the YAML mini-syntax (described in the YAML header)."""
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
                            raise LexiconError(f"{where}: unknown set {alternative} in {pattern!r}")
                        norms |= self.sets[alternative[1:]]
                    elif alternative:
                        if not self._one_token(alternative):
                            raise LexiconError(f"{where}: {alternative!r} in {pattern!r} is several tokens")
                        norms.add(_norm(alternative))
                if not norms:
                    raise LexiconError(f"{where}: empty element in {pattern!r}")
            elements.append(_Element(None if norms is None else frozenset(norms), optional))
        required = [element.norms for element in elements if not element.optional and element.norms is not None]
        if not required:
            raise LexiconError(f"{where}: pattern {pattern!r} needs at least one required word")
        anchor = min(required, key=len)
        return _Pattern(_Rule(rule.group, rule.state, rule.negated, initial, rule.continues), tuple(elements), anchor)

    def _split_literals(self, parts: Sequence[str]) -> list[str]:
        """A plain word the tokenizer splits ("part-way", "co-ordinator") becomes one element per token."""
        out: list[str] = []
        for part in parts:
            optional = "?" if len(part) > 1 and part.endswith("?") else ""
            body = part[: len(part) - len(optional)]
            if any(mark in body for mark in "|$@") or body == "_" or self._one_token(body):
                out.append(part)
            else:
                out += [token.text + optional for token in self.nlp.make_doc(body)]
        return out

    def _add_pattern(self, pattern: _Pattern, where: str) -> None:
        """Index a pattern by the norms that can open it, so only plausible starts are tried."""
        first: set[str] = set()
        for element in pattern.elements:
            if element.norms is None:
                raise LexiconError(f"{where}: a pattern may not open with `_`")
            first |= element.norms
            if not element.optional:
                break
        for norm in first:
            self.index.setdefault(norm, []).append(pattern)

    def _load_patterns(self) -> None:
        for group, patterns in self.data["patterns"].items():
            for pattern in _strings(patterns, f"patterns.{group}"):
                self._add_pattern(self._compile(pattern, _Rule(group), f"patterns.{group}"), f"patterns.{group}")
        states = self.data["qualification_states"]
        self.states: dict[str, dict[str, str]] = {}
        for key in QUALIFICATIONS:
            self.states[key] = {
                state: self._choice(key, v, f"qualification_states.{key}") for state, v in states[key].items()
            }
        for n, group in enumerate(self.data["qualification_cues"]):
            where = f"qualification_cues[{n}]"
            state, negated = group.get("state"), group.get("negated")
            for name in (state, negated):
                if name is not None and name not in self.states["nasenco"]:
                    raise LexiconError(f"{where}: unknown state {name!r}")
            rule = _Rule("cue", state, negated, continues=bool(group.get("continues", False)))
            for pattern in _strings(group["patterns"], where):
                self._add_pattern(self._compile(pattern, rule, where), where)

    def match(self, norms: Sequence[str], punct: Sequence[bool]) -> list[_Hit]:
        """Every pattern hit: for each start and pattern, the longest match."""
        hits = []
        present = set(norms)
        for start, norm in enumerate(norms):
            for pattern in self.index.get(norm, ()):
                if pattern.anchor.isdisjoint(present):
                    continue
                end = pattern.longest(norms, punct, start)
                if end is not None:
                    hits.append(_Hit(pattern.rule, start, end))
        return hits

    # -- answers and word lists -------------------------------------------------------------------------------

    def _load_answers(self) -> None:
        answers = self.data["answers"]
        for key in ("setting", "role", "teacher_status"):
            matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
            for value, phrases in answers[key].items():
                self._choice(key, value, f"answers.{key}")
                matcher.add(value, [self.nlp.make_doc(p) for p in _strings(phrases, f"answers.{key}.{value}")])
            self.answers[key] = matcher
        self.yes = self._phrases(answers["yes"], "answers.yes")
        self.no = self._phrases(answers["no"], "answers.no")
        unknown = sorted((re.escape(p.lower()) for p in _strings(answers["unknown"], "answers.unknown")), key=len)
        self.unknown = re.compile(rf"(?<![\w])(?:{'|'.join(reversed(unknown))})(?![\w])")

    def _tokens(self, phrase: object) -> tuple[str, ...]:
        return tuple(_norm(t.norm_) for t in self.nlp.make_doc(str(phrase).lower()))

    def _phrases(self, phrases: Any, where: str) -> list[tuple[str, ...]]:
        """Phrases as tuples of token norms, longest first."""
        return sorted({self._tokens(p) for p in _strings(phrases, where)}, key=len, reverse=True)

    def _ranges(self, table: Mapping[str, Any], where: str) -> dict[str, list[tuple[tuple[str, ...], float, float]]]:
        """Phrase -> (low, high) months, indexed by first token, longest phrase first."""
        out: dict[str, list[tuple[tuple[str, ...], float, float]]] = {}
        for phrase, amount in table.items():
            if isinstance(amount, int | float):
                low = high = float(amount)
            elif isinstance(amount, list) and len(amount) == 2:
                low, high = float(amount[0]), float(amount[1])
            else:
                raise LexiconError(f"{where}: {phrase!r} must be a number or [low, high]")
            tokens = self._tokens(phrase)
            out.setdefault(tokens[0], []).append((tokens, low, high))
        for entries in out.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        return out

    def _load_words(self) -> None:
        data = self.data
        names = (
            "other_npq_words",
            "outside_england_not_after",
            "previous_reset_words",
            "person_not_after",
            "person_not_before",
            "negators",
            "clause_break_words",
            "soft_break_words",
            "hypothetical_starts",
            "question_auxiliaries",
            "question_subjects",
            "clause_fillers",
            "greetings",
            "subject_verbs",
            "third_person",
            "subject_skip",
            "first_person",
            "third_person_status",
            "person_nouns",
            "status_past_words",
            "head_of_school_nouns",
            "cue_gap_words",
            "cue_post_gap_words",
            "generic_determiners",
            "generic_qualified_by",
            "attached_clause_starts",
            "question_continuations",
        )
        self.words = {name: frozenset(map(_norm, _strings(data[name], name))) for name in names}
        self.break_punct = frozenset(_strings(data["clause_break_punct"], "clause_break_punct"))
        self.sentence_punct = frozenset(_strings(data["sentence_break_punct"], "sentence_break_punct"))
        self.cue_max_gap = int(data["cue_max_gap"])
        durations = data["durations"]
        self.numbers = self._ranges(durations["numbers"], "durations.numbers")
        self.units = self._ranges(durations["units"], "durations.units")
        modifiers = []
        for phrase, kind in durations["modifiers"].items():
            if kind not in _MODIFIER_KINDS:
                raise LexiconError(f"durations.modifiers: {phrase!r} has unknown kind {kind!r}")
            modifiers.append((self._tokens(phrase), kind))
        self.modifiers = sorted(modifiers, key=lambda item: -len(item[0]))
        self.duration_before = frozenset(map(_norm, _strings(durations["before"], "durations.before")))
        self.duration_activity = frozenset(map(_norm, _strings(durations["not_after_activity"], "not_after_activity")))
        self.duration_after = self._phrases(durations["after"], "durations.after")
        self.duration_excluded_after = self._phrases(durations["excluded_after"], "durations.excluded_after")
        self.duration_excluded_before = frozenset(map(_norm, _strings(durations["excluded_before"], "excluded_before")))
        self.months = {str(k): int(v) for k, v in durations["months"].items()}
        self.span_joiners = frozenset(_strings(durations["span_joiners"], "durations.span_joiners"))


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    """Built once, on first use: loading spaCy and compiling the vocabulary takes a moment; reading does not."""
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise LexiconError(f"{LEXICON_PATH.name}: expected a mapping")
    return _Lexicon(data)


# --------------------------------------------------------------------------------------------------------------
# Reading one message
# --------------------------------------------------------------------------------------------------------------


def _starts_with(words: Sequence[str], at: int, phrase: Sequence[str]) -> bool:
    return tuple(words[at : at + len(phrase)]) == tuple(phrase)


class _Reading:
    """One message: its units (tokens, with matched phrases as one unit each), clauses and pattern hits."""

    def __init__(self, lexicon: _Lexicon, text: str, answer_mode: bool = False) -> None:
        self.lex = lexicon
        self.text = text
        self.answer_mode = answer_mode
        self.doc = lexicon.nlp.make_doc(encodable(text))
        self.units: list[_Unit] = []
        self.terms: dict[int, _Term] = {}
        self.service_clauses: set[int] = set()
        self._merge()
        self.norms = [unit.norm for unit in self.units]
        self.n = len(self.units)
        self._clauses()
        self.hits: dict[str, list[_Hit]] = {}
        roles: list[_Hit] = []
        for hit in lexicon.match(self.norms, [unit.punct for unit in self.units]):
            if hit.rule.initial and not self._initial(hit.start):
                continue  # checked before overlaps are resolved, so it cannot hide a pattern that does apply
            self.hits.setdefault(hit.rule.group, []).append(hit)
            if hit.rule.group.startswith("role_"):
                roles.append(hit)
        self.hits = {group: _longest(hits) for group, hits in self.hits.items()}
        self.roles = _longest(roles)

    # -- preparation ------------------------------------------------------------------------------------------

    def _merge(self) -> None:
        """Match the vocabulary (longest phrase wins); each matched phrase becomes one unit with norm @kind."""
        lex, doc = self.lex, self.doc
        matches = lex.lower(doc) + lex.exact(doc)
        if self.answer_mode:
            matches += lex.answer_exact(doc)
        spans = {span.start: span for span in filter_spans([Span(doc, s, e, label=m) for m, s, e in matches])}
        i = 0
        while i < len(doc):
            span = spans.get(i)
            if span is not None:
                term = lex.terms[span.label]
                self.terms[len(self.units)] = term
                self.units.append(
                    _Unit(span.start_char, span.end_char, span.text, f"@{term.kind}", False, False, False)
                )
                i = span.end
                continue
            token = doc[i]
            if token.is_space and "\n" not in token.text:
                i += 1  # extra spaces say nothing; a line break still ends a sentence
                continue
            end = token.idx + len(token.text)
            self.units.append(
                _Unit(token.idx, end, token.text, token.norm_, token.is_punct, token.is_space, token.like_num)
            )
            i += 1

    def _continues(self, j: int) -> bool:
        """Does unit j carry on a phrase, so that "and"/"as" before it joins words, not clauses?"""
        if j >= self.n:
            return False
        norm = self.norms[j]
        if self.units[j].number or norm in self.lex.months or norm == "half" or norm.startswith("@"):
            return True
        if norm in ("a", "an") and j + 1 < self.n and self.norms[j + 1] == "half":
            return True
        return norm in _DETERMINERS and j + 1 < self.n and self.norms[j + 1].startswith("@")

    def _clauses(self) -> None:
        """Clause and sentence ids: punctuation ends a clause, a conjunction opens the next one."""
        lex, units, norms = self.lex, self.units, self.norms
        self.clause = [0] * self.n
        self.sentence = [0] * self.n
        clause = sentence = 0
        breaks, soft = lex.words["clause_break_words"], lex.words["soft_break_words"]
        for i, unit in enumerate(units):
            if norms[i] in breaks and i > 0 and self.clause[i - 1] == clause:
                at_end = i + 1 >= self.n or units[i + 1].punct or units[i + 1].space
                if not at_end and not (norms[i] in soft and self._continues(i + 1)):
                    clause += 1
            self.clause[i] = clause
            self.sentence[i] = sentence
            if (unit.space and "\n" in unit.text) or unit.text in lex.sentence_punct:
                sentence += 1
                clause += 1
            elif unit.text in lex.break_punct and (unit.text != "-" or self._spaced(i)):
                clause += 1
        self.clause_start: dict[int, int] = {}
        for i in range(self.n - 1, -1, -1):
            self.clause_start[self.clause[i]] = i
        # A clause followed by "before moving here" / "until I left" describes an earlier post.
        self.previous_clauses: set[int] = set()
        for c, start in self.clause_start.items():
            if norms[start] in ("before", "until", "till") and start + 1 < self.n:
                after = norms[start + 1]
                if after.endswith("ing") or after in ("i", "that", "this", "then", "we", "my"):
                    self.previous_clauses.add(c - 1)
        # A clause in brackets or opening with "which" describes the clause before it ("my last school (a special
        # school)", "..., which was independent"): clause -> the last unit of the clause it describes.
        self.attached: dict[int, int] = {}
        relative = lex.words["attached_clause_starts"]
        for c, start in self.clause_start.items():
            if (
                start > 0
                and self.clause[start - 1] == c - 1
                and (units[start - 1].text == "(" or norms[start] in relative)
            ):
                self.attached[c] = start - 1

    def _spaced(self, i: int) -> bool:
        """A dash with space on both sides separates clauses; a hyphen ("16-19", "part-way") does not."""
        units = self.units
        return (i == 0 or units[i - 1].end < units[i].start) and (i + 1 >= self.n or units[i + 1].start > units[i].end)

    # -- shared tests -----------------------------------------------------------------------------------------

    def _chars(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of units [start, end)."""
        return self.units[start].start, self.units[end - 1].end

    def _same_clause(self, i: int, j: int) -> bool:
        return self.clause[i] == self.clause[j]

    def _negator(self, i: int, window: int = 3) -> int | None:
        """The negation at most `window` units before unit i, in its clause ("haven't yet done")."""
        negators = self.lex.words["negators"]
        for j in range(max(0, i - window), i):
            if self.norms[j] in negators and self._same_clause(i, j):
                return j
        return None

    def _negated(self, i: int, window: int = 3) -> bool:
        return self._negator(i, window) is not None

    def _hypothetical(self, i: int) -> bool:
        """Is unit i in a clause that asks or supposes ("Do academies need...", "if I become SENCO")?"""
        if self.answer_mode:
            return False
        c = self.clause[i]
        j = self.clause_start[c]
        fillers = self.lex.words["clause_fillers"]
        while j < self.n and self.clause[j] == c and (self.norms[j] in fillers or self.units[j].punct):
            j += 1
        if j >= self.n or self.clause[j] != c:
            return False
        words = self.lex.words
        if self.norms[j] in words["hypothetical_starts"]:
            return True
        before = self.clause_start[c] - 1
        if (
            self.norms[j] in words["question_continuations"]
            and before >= 0
            and self.sentence[before] == self.sentence[j]
        ):
            return self._hypothetical(before)  # "how soon | after starting the NPQ do you get the result?"
        subject = self.norms[j + 1] if j + 1 < self.n and self.clause[j + 1] == c else ""
        return self.norms[j] in words["question_auxiliaries"] and (
            subject in words["question_subjects"] or subject.startswith("@")
        )

    def _initial(self, i: int) -> bool:
        """Does unit i open its sentence (after a greeting such as "Hi all,")?"""
        greetings = self.lex.words["greetings"]
        j = i - 1
        while j >= 0 and self.sentence[j] == self.sentence[i]:
            if not (self.norms[j] in greetings or self.units[j].punct or self.units[j].space):
                return False
            j -= 1
        return True

    def _in_clause(self, group: str, i: int) -> list[_Hit]:
        return [hit for hit in self.hits.get(group, ()) if self._same_clause(hit.start, i)]

    def _previous(self, i: int) -> bool:
        """Is unit i about an earlier school or post ("my last school was...", "moved from...", "...before")?"""
        if self.clause[i] in self.previous_clauses or self.clause[i] in self.service_clauses:
            return True
        anchor = self.attached.get(self.clause[i])
        if anchor is not None and self._previous(anchor):
            return True
        resets = self.lex.words["previous_reset_words"]

        def clear(a: int, b: int) -> bool:
            return not any(self.norms[k] in resets for k in range(a, b))

        if any(hit.end <= i and clear(hit.end, i) for hit in self._in_clause("previous_marker", i)):
            return True
        for hit in self._in_clause("previous_place", i):
            if (hit.end <= i and clear(hit.end, i)) or (hit.start > i and clear(i + 1, hit.start)):
                return True
        return any(hit.start > i and clear(i + 1, hit.start) for hit in self._in_clause("previous_post_marker", i))

    def _subject_follows(self, end: int) -> bool:
        """Is the noun ending at `end` the subject of a verb ("our SENCO is...", "Head said...")?"""
        return end < self.n and self.norms[end] in self.lex.words["subject_verbs"]

    def _third_person_before(self, start: int) -> bool:
        """Is the subject just before `start` someone else ("she has just been appointed SENCO")?"""
        skip, j = self.lex.words["subject_skip"], start - 1
        while j >= 0 and self._same_clause(j, start) and self.norms[j] in skip:
            j -= 1
        return j >= 0 and self._same_clause(j, start) and self.norms[j] in self.lex.words["third_person"]

    # -- facts ------------------------------------------------------------------------------------------------

    def facts(self) -> list[FactMatch]:
        prior = self.prior_service()  # first: it marks the clauses about earlier posts
        role = self.role()
        found = [
            self.setting(),
            role,
            self.teacher_status(role.value if role else None),
            self.qualification("nasenco"),
            self.qualification("npq"),
            prior,
        ]
        return sorted((f for f in found if f is not None), key=lambda f: (f.start, f.key))

    def _fact(self, key: str, value: str | bool, start: int, end: int) -> FactMatch:
        first, last = self._chars(start, end)
        return FactMatch(key, value, first, last, self.text[first:last])

    def _best(self, key: str, candidates: Sequence[_Candidate]) -> FactMatch | None:
        if not candidates:
            return None
        best = max(candidates, key=lambda c: (c.priority, c.start))
        return self._fact(key, best.value, best.start, best.end)

    # setting

    def setting(self) -> FactMatch | None:
        candidates = []
        not_after = self.lex.words["outside_england_not_after"]
        for i, term in self.terms.items():
            if term.kind != "setting" or term.value is None:
                continue
            if self._hypothetical(i) or self._negated(i) or self._previous(i):
                continue
            if term.value == "outside_england" and any(self.norms[j] in not_after for j in range(max(0, i - 2), i)):
                continue
            candidates.append(_Candidate(0 if term.weak else 1, term.value, i, i + 1))
        return self._best("setting", candidates)

    # role

    def role(self) -> FactMatch | None:
        candidates = []
        for hit in self.roles:
            group = hit.rule.group
            ends_with_senco = self.norms[hit.end - 1] == "@senco"
            value = {"role_senco": "senco", "role_aspiring": "aspiring"}.get(group, "other")
            about_me = "me" in self.norms[hit.start : hit.end]  # "my head wants me to take on SENCO"
            if value == "aspiring" and not about_me and self._third_person_before(hit.start):
                value = "other"  # "she wants to be a SENCO"
            elif value == "senco":
                if ends_with_senco and self._subject_follows(hit.end):
                    continue  # "...as the SENCO is off sick": that SENCO is someone else
                if self._previous(hit.end - 1) or self._hypothetical(hit.start):
                    continue
                if self._negated(hit.start):
                    value = "aspiring"  # "haven't been appointed SENCO yet"
                elif not about_me and self._third_person_before(hit.start):
                    value = "other"  # "she's just become SENCO"
            elif group == "role_other" and ends_with_senco and self._role_noun_follows(hit.end):
                continue  # "asking about the SENCO role" is about the job, not a person
            candidates.append(_Candidate(1 if group == "role_other_weak" else 2, value, hit.start, hit.end))
        return self._best("role", candidates)

    def _role_noun_follows(self, end: int) -> bool:
        return end < self.n and self.norms[end] in self.lex.sets["role_noun"]

    # teacher status

    def teacher_status(self, role: str | bool | None) -> FactMatch | None:
        candidates = []
        for i, term in self.terms.items():
            if term.kind != "status" or term.value is None:
                continue
            subject = self._status_subject(i)
            if (self._hypothetical(i) and subject != "first") or (term.person and self._person_elsewhere(i)):
                continue
            if self._status_past(i):
                continue
            value = term.negated if self._negated(i) else term.value
            if value is not None and _about_subject(subject, role):
                candidates.append(_Candidate(term.rank, value, i, i + 1))
        for hit in self.hits.get("head_speaker", []) + self.hits.get("head_subject", []):
            head = next((k for k in range(hit.start, hit.end) if self.norms[k] == "@head"), None)
            if head is None:
                continue
            if head == hit.end - 1 and self._subject_follows(head + 1):
                continue  # "Head said I need the NPQ"
            if not self._head_of_a_school(head) or self._negated(hit.start) or self._status_past(hit.start):
                continue
            if self._hypothetical(hit.start) or self._previous(head):
                continue
            if hit.rule.group == "head_speaker" and role == "other":
                continue  # the speaker is the head; the question is about someone else
            candidates.append(_Candidate(50, "headteacher", hit.start, hit.end))
        return self._best("teacher_status", candidates)

    def _status_subject(self, i: int) -> str | None:
        """Who a status is about: "first" (I, my), "third" (she, our SENCO) or None (not said)."""
        lowered = f" {self.units[i].text.lower()} "
        if " my " in lowered or " i " in lowered:
            return "first"
        words, j = self.lex.words, i - 1
        while j >= 0 and self._same_clause(i, j):
            norm = self.norms[j]
            if norm in words["first_person"]:
                return "first"
            if norm in words["third_person_status"]:
                return "third"
            if norm in words["person_nouns"] and j > 0 and self.norms[j - 1] in self.lex.sets["poss"]:
                return "third"  # "our SENCO is an ECT", "my colleague is an NQT"
            j -= 1
        return None

    def _person_elsewhere(self, i: int) -> bool:
        """A person noun that names someone else ("our TA", "we have an ECT", "mentoring an NQT") or only
        qualifies another noun ("an ECT mentor")."""
        if i + 1 < self.n and self.norms[i + 1] in self.lex.words["person_not_before"]:
            return True
        j = i - 1
        if j >= 0 and self.norms[j] in ("a", "an"):
            j -= 1
        if j < 0 or not self._same_clause(i, j):
            return False
        if self.norms[j] == "'s":  # "she's an ECT" is about her; "the school's TA" is someone else
            return j > 0 and self.norms[j - 1] not in ("she", "he", "it", "that", "who", "there", "what")
        return self.norms[j] in self.lex.words["person_not_after"]

    def _status_past(self, i: int) -> bool:
        past = self.lex.words["status_past_words"]
        return any(self.norms[j] in past and self._same_clause(i, j) for j in range(max(0, i - 3), i))

    def _head_of_a_school(self, head: int) -> bool:
        """Whether "head" names a head teacher: "head of a small primary" does; "head of maths" does not, and
        "head of school" (a title that may or may not be the head teacher) is left unsaid."""
        norms = self.norms
        if head + 1 >= self.n or norms[head + 1] != "of":
            return True
        j = head + 2
        if j >= self.n or norms[j] not in _DETERMINERS:
            return False
        return any(norms[k] in self.lex.words["head_of_school_nouns"] for k in range(j + 1, min(j + 4, self.n)))

    # qualifications

    def _senco_context(self) -> bool:
        return self.answer_mode or any(
            term.kind in ("senco", "context") or (term.kind == "qual" and not term.weak) for term in self.terms.values()
        )

    def _other_npq_follows(self, i: int) -> bool:
        """A bare "NPQ" followed by "in headship", "for senior leaders", "SL"... is another NPQ."""
        norms, others = self.norms, self.lex.words["other_npq_words"]
        if i + 1 < self.n and norms[i + 1] in others:
            return True
        return i + 2 < self.n and norms[i + 1] in ("in", "for", "of") and norms[i + 2] in others

    def _names_it(self, i: int, term: _Term, context: bool) -> bool:
        """Does the qualification name at unit i count? A generic one ("NPQ", "award") needs SENCO words in the
        message or a determiner just before it ("the NPQ"), and no other NPQ or qualifier after it."""
        if not term.weak:
            return True
        if self._other_npq_follows(i):
            return False
        definite = i > 0 and self.norms[i - 1] in self.lex.words["generic_determiners"]
        if term.definite:
            return definite and not self._qualified_after(i)
        return context or definite

    def _qualified_after(self, i: int) -> bool:
        """Does a word other than a date qualify the name at unit i ("the award for best teacher")?"""
        j = i + 1
        if j >= self.n or self.norms[j] not in self.lex.words["generic_qualified_by"]:
            return False
        nxt = j + 1
        return not (nxt < self.n and (self.units[nxt].number or self.norms[nxt] in self.lex.months))

    def _mentions(self, key: str) -> list[int]:
        """Units naming the qualification, or "it" standing for it (last one named earlier in the sentence)."""
        context = self._senco_context()
        named = [
            (i, term.value)
            for i, term in sorted(self.terms.items())
            if term.kind == "qual" and self._names_it(i, term, context)
        ]
        mentions = [i for i, value in named if value == key]
        for i, norm in enumerate(self.norms):
            if norm == "it":
                before = [(j, value) for j, value in named if j < i and self.sentence[j] == self.sentence[i]]
                if before and before[-1][1] == key and not self._same_clause(before[-1][0], i):
                    mentions.append(i)
        return sorted(mentions)

    def _cue(self, m: int) -> tuple[_Hit, int | None] | None:
        """The progress cue for a mention at unit m (nearest before it, else after) and its negation, if any."""
        cues = [hit for hit in self.hits.get("cue", ()) if self._same_clause(hit.start, m)]
        words = self.lex.words

        def fits(a: int, b: int, allowed: frozenset[str]) -> bool:
            gap = range(a, b)
            return len(gap) <= self.lex.cue_max_gap and all(
                self.norms[k] in allowed or self.units[k].punct for k in gap
            )

        before = [hit for hit in cues if hit.end <= m and fits(hit.end, m, words["cue_gap_words"])]
        if before:
            hit = max(before, key=lambda h: h.end)
            return hit, self._negator(hit.start)
        shared = self._conjoined_with(m)
        if shared is not None:
            return self._cue(shared)  # "no NASENCO or NPQ", "done the NASENCO and the NPQ"
        if m + 1 < self.n and self.norms[m + 1] in ("-", ":"):  # "NASENCO - done": the label's value
            cues += [hit for hit in self.hits.get("cue", ()) if self.clause[hit.start] == self.clause[m] + 1]
        after = [hit for hit in cues if hit.start > m and fits(m + 1, hit.start, words["cue_post_gap_words"])]
        if not after:
            return None
        hit = min(after, key=lambda h: h.start)
        return hit, self._negator(hit.start)

    def _conjoined_with(self, m: int) -> int | None:
        """The qualification named just before m with only "or"/"and"/"nor" (and an article) between."""
        j = m - 1
        if j >= 0 and self.norms[j] in _DETERMINERS:
            j -= 1
        if j < 1 or self.norms[j] not in ("or", "and", "nor", "&", "/", ","):
            return None
        j -= 1
        return j if self.norms[j] == "@qual" or self.norms[j] == "it" else None

    def qualification(self, key: str) -> FactMatch | None:
        candidates = []
        mentions = self._mentions(key)
        for m in mentions:
            if self._hypothetical(m):
                continue
            found = self._cue(m)
            if found is None:
                continue
            hit, negator = found
            state = _state(hit, negator is not None)
            if state is None:
                continue
            first = hit.start if negator is None or hit.rule.negated is None else min(negator, hit.start)
            candidates.append(_Candidate(0, self.lex.states[key][state], min(first, m), max(hit.end, m + 1)))
        candidates += self._continuations(key, mentions)
        return self._best(key, candidates)

    def _continuations(self, key: str, mentions: Sequence[int]) -> list[_Candidate]:
        """A finishing or leaving verb opening the next clause carries on about the course named just before:
        "started the NASENCO in 2023 and finished in 2024", "started the NPQ but withdrew"."""
        joiners = ("and", "then", "but", "i", "have", "has", "had", "finally", "just", "now", "eventually", "later")
        found = []
        for hit in self.hits.get("cue", ()):
            if not hit.rule.continues or self._negated(hit.start) or hit.rule.state is None:
                continue
            c = self.clause[hit.start]
            start = self.clause_start[c]
            if c == 0 or self.norms[start] not in ("and", "then", "but"):
                continue
            if any(self.norms[k] not in joiners for k in range(start, hit.start)):
                continue
            earlier = [m for m in mentions if self.clause[m] == c - 1 and self.sentence[m] == self.sentence[hit.start]]
            if earlier:
                found.append(_Candidate(0, self.lex.states[key][hit.rule.state], earlier[-1], hit.end))
        return found

    # earlier SENCO service

    def prior_service(self) -> FactMatch | None:
        durations = self._service_durations()
        if durations:
            low, high = sum(d.low for d in durations), sum(d.high for d in durations)
            if low > 12 or high <= 12:
                return self._fact(PRIOR, low > 12, durations[0].start, durations[-1].end)
            return None  # "about a year": could be either side of twelve months
        for hit in reversed(self.hits.get("prior_false", [])):
            if not (self._negated(hit.start) or self._hypothetical(hit.start)):
                return self._fact(PRIOR, False, hit.start, hit.end)
        return None

    def _service_durations(self) -> list[_Duration]:
        """Durations of earlier SENCO posts (all of them in answer mode: the question gave the context)."""
        self.service_clauses = set()
        found = self.durations()
        if self.answer_mode:
            return found
        kept = []
        for duration in found:
            c = self._service_clause(duration.start)
            if c is None or not duration.introduced:
                continue
            self.service_clauses.add(c)
            if not self._uncovered_setting(c):
                kept.append(duration)
        return kept

    def _service_clause(self, i: int) -> int | None:
        """The clause a duration at unit i describes, if it is about an earlier SENCO post."""
        c = self.clause[i]
        start = self.clause_start[c]
        members = [k for k in range(self.n) if self.clause[k] == c]
        if not any(self.norms[k] == "@senco" for k in members):
            # "I was SENCO at my last school, for about 3 years": a "for" clause carries on the one before.
            if c == 0 or self.norms[start] != "for" or self.sentence[self.clause_start[c - 1]] != self.sentence[start]:
                return None
            c -= 1
            if c in self.attached:  # "...at my last school (an academy) for 2 years": skip the bracket
                c = self.clause[self.attached[c]]
            members = [k for k in range(self.n) if self.clause[k] == c]
            if not any(self.norms[k] == "@senco" for k in members):
                return None
        if any(self.clause[hit.start] == c for hit in self.hits.get("current_marker", ())):
            return None
        groups = ("previous_marker", "previous_place", "previous_post_marker", "past_service_marker")
        if c in self.previous_clauses or any(
            self.clause[hit.start] == c for g in groups for hit in self.hits.get(g, ())
        ):
            return c
        return None

    def _uncovered_setting(self, c: int) -> bool:
        """Earlier service counts only at settings the law covers: not a special or independent school, nor a
        PRU or AP academy, where the law is unclear (so such service gives no fact rather than a guess)."""
        return any(
            term.kind == "setting" and term.value not in COVERED_SETTINGS and c in self._described_clauses(i)
            for i, term in self.terms.items()
        )

    def _described_clauses(self, i: int) -> set[int]:
        """The clause of unit i and, for a bracket or "which" clause, the clause it describes."""
        c = self.clause[i]
        anchor = self.attached.get(c)
        return {c} if anchor is None else {c, self.clause[anchor]}

    def durations(self) -> list[_Duration]:
        """Every duration in the message ("for 2 years", "over a year", "18 months", "2018-2021")."""
        out: list[_Duration] = []
        i = 0
        while i < self.n:
            norm = self.norms[i]
            if not (self.units[i].number or norm in self.lex.numbers or norm in self.lex.months):
                i += 1
                continue
            found = self._year_span(i) or self._amount(i)
            if found is None:
                i += 1
            else:
                out.append(found)
                i = found.end
        return out

    def _range_at(
        self, i: int, table: Mapping[str, list[tuple[tuple[str, ...], float, float]]]
    ) -> tuple[int, float, float] | None:
        """(units used, low, high) of the longest phrase of `table` at unit i."""
        for phrase, low, high in table.get(self.norms[i], ()):
            if _starts_with(self.norms, i, phrase):
                return len(phrase), low, high
        return None

    def _number(self, i: int) -> tuple[int, float, float] | None:
        """(units used, low, high) for a number at unit i: digits, words, or a range such as "2-3"."""
        if self.norms[i] in self.lex.numbers:
            return self._range_at(i, self.lex.numbers)
        try:
            value = float(self.units[i].text.replace(",", ""))
        except ValueError:
            return self._range_at(i, self.lex.numbers)
        if i + 2 < self.n and self.norms[i + 1] in ("-", "to", "or"):
            try:
                upper = float(self.units[i + 2].text)
            except ValueError:
                return 1, value, value
            return 3, min(value, upper), max(value, upper)
        return 1, value, value

    def _amount(self, i: int) -> _Duration | None:
        number = self._number(i)
        if number is None:
            return None
        used, low, high = number
        j = i + used
        half = ("and", "a", "half")
        if _starts_with(self.norms, j, half):
            low, high, j = low + 0.5, high + 0.5, j + 3
        unit = self._range_at(j, self.lex.units) if j < self.n else None
        if unit is None:
            return None
        used, unit_low, unit_high = unit
        low, high, j = low * unit_low, high * unit_high, j + used
        if _starts_with(self.norms, j, half):
            low, high, j = low + unit_low / 2, high + unit_high / 2, j + 3
        start, kind = i, "exact"
        for phrase, modifier in self.lex.modifiers:
            if i >= len(phrase) and _starts_with(self.norms, i - len(phrase), phrase):
                start, kind = i - len(phrase), modifier
                break
        for tail in (("or", "so"), ("ish",)):
            if _starts_with(self.norms, j, tail):
                kind, j = "approx", j + len(tail)
        before = self.norms[start - 1] if start > 0 else ""
        if before in self.lex.duration_excluded_before:
            return None
        if any(_starts_with(self.norms, j, phrase) for phrase in self.lex.duration_excluded_after):
            return None
        introduced = any(_starts_with(self.norms, j, phrase) for phrase in self.lex.duration_after) or (
            before in self.lex.duration_before
            and not (start > 1 and self.norms[start - 2] in self.lex.duration_activity)
        )
        low, high = _modified(low, high, kind)
        return _Duration(start, j, low, high, introduced)

    def _year_span(self, i: int) -> _Duration | None:
        """A span of years as a range of months: "2018-2021", "from Sept 2019 to July 2020", "between 2018 and 21"."""
        norms, units, months = self.norms, self.units, self.lex.months
        first_month = months.get(norms[i])
        y = i + 1 if first_month else i
        if y + 2 >= self.n or not _YEAR.match(units[y].text) or norms[y + 1] not in self.lex.span_joiners:
            return None
        k = y + 2
        second_month = months.get(norms[k])
        k += 1 if second_month else 0
        if k >= self.n:
            return None
        if _YEAR.match(units[k].text):
            second = int(units[k].text)
        elif _SHORT_YEAR.match(units[k].text) and not second_month:
            second = 2000 + int(units[k].text)
        else:
            return None
        first = int(units[y].text)
        if second < first:
            return None
        if first_month and second_month:
            span = (second * 12 + second_month) - (first * 12 + first_month)
            low, high = max(0.0, span - 1.0), span + 1.0
        else:
            low, high = max(0.0, 12.0 * (second - first) - 11), 12.0 * (second - first) + 11
        start = i - 1 if i > 0 and norms[i - 1] in ("from", "between") else i
        return _Duration(start, k + 1, low, high, True)

    # -- short answers ----------------------------------------------------------------------------------------

    def unknown(self) -> bool:
        return bool(self.lex.unknown.search(self.text.lower()))

    def polarity(self) -> bool | None:
        """Yes (True), no (False) or neither, from how the answer starts; then any negation means no."""
        words = [unit.norm for unit in self.units if not (unit.punct or unit.space)]
        fillers = self.lex.words["clause_fillers"]
        while words and words[0] in fillers:
            words = words[1:]
        for phrases, value in ((self.lex.no, False), (self.lex.yes, True)):
            if any(_starts_with(words, 0, phrase) for phrase in phrases):
                return value
        return False if any(word in self.lex.words["negators"] for word in words) else None

    def answer_phrase(self, key: str) -> str | None:
        """The last answer phrase for `key` with no negation just before it ("not maintained, an academy")."""
        matcher = self.lex.answers.get(key)
        if matcher is None:
            return None
        doc, negators = self.doc, self.lex.words["negators"]
        spans = filter_spans([Span(doc, s, e, label=m) for m, s, e in matcher(doc)])
        kept = [
            s for s in spans if not any(_norm(doc[j].norm_) in negators for j in range(max(0, s.start - 2), s.start))
        ]
        return kept[-1].label_ if kept else None

    def qualification_answer(self, key: str) -> str | None:
        """A progress answer ("halfway", "done it", "not yet", "signed up"): the last cue decides, else yes/no."""
        others = [self._cue(m) for other in QUALIFICATIONS if other != key for m in self._mentions(other)]
        taken = {found[0] for found in others if found is not None}
        cues = [hit for hit in self.hits.get("cue", []) if hit not in taken]  # "no, I'm doing the NPQ" is about the NPQ
        if cues:
            hit = cues[-1]
            state = _state(hit, self._negated(hit.start))
            return None if state is None else self.lex.states[key][state]
        answer = self.polarity()
        if answer is False:
            return self.lex.states[key]["none"]
        if answer is True and key == "nasenco":
            return self.lex.states[key]["completed"]  # "Have you done the NASENCO?" "Yes."
        return None  # "And the NPQ for SENCOs?" "Yes." could mean enrolled or completed: better to ask again


def _longest(hits: Iterable[_Hit]) -> list[_Hit]:
    """Overlapping hits: keep the longest (then the earliest), like spaCy's filter_spans; in text order."""
    taken: set[int] = set()
    kept = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        span = range(hit.start, hit.end)
        if taken.isdisjoint(span):
            kept.append(hit)
            taken.update(span)
    return sorted(kept, key=lambda h: h.start)


def _state(hit: _Hit, negated: bool) -> str | None:
    return hit.rule.negated if negated and hit.rule.negated is not None else hit.rule.state


def _about_subject(subject: str | None, role: str | bool | None) -> bool:
    """Facts describe the person asked about: the speaker, unless the role says it is someone else."""
    return subject is None or (subject == "third") == (role == "other")


def _modified(low: float, high: float, kind: str) -> tuple[float, float]:
    """Apply "over", "nearly", "about"... to a duration range in months."""
    if kind == "above":
        return high + 0.01, math.inf
    if kind == "at_least":
        return low, math.inf
    if kind == "below":
        return 0.0, max(0.0, low - 0.01)
    if kind == "near_below":
        return low * 0.75, max(0.0, low - 0.01)
    if kind == "approx":
        return low * 0.85, high * 1.15
    return low, high


# --------------------------------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------------------------------


def extract_facts(text: str) -> list[FactMatch]:
    """Every fact stated in `text`, in text order, at most one per key (the module docstring says which wins).

    Deterministic: the same text always gives the same facts, each with the words it came from.
    """
    if not text or not text.strip():
        return []
    return _Reading(_lexicon(), text).facts()


def match_answer(key: str, text: str) -> str | bool | None:
    """Interpret a short typed answer to the question for `key`; None when it does not answer it.

    The message rules run first (so "we're an academy" and "I'm halfway through it" work), then the YAML's
    short answers ("LA", "nope", "halfway"). "Not sure" and the like give None, so the assistant can carry on
    without the fact rather than guess. Date keys are not handled here (see date_parsing).
    """
    if (key not in CHOICES and key not in BOOL_KEYS) or not text or not text.strip():
        return None
    reading = _Reading(_lexicon(), text, answer_mode=True)
    if reading.unknown():
        return None
    if key == PRIOR:
        if any(term.kind == "setting" and term.value not in COVERED_SETTINGS for term in reading.terms.values()):
            return None  # "yes, at a special school": that service does not count, so neither yes nor no
        found = reading.prior_service()
        if found is not None or reading.durations():
            return None if found is None else bool(found.value)
        return reading.polarity()
    facts = {fact.key: fact.value for fact in reading.facts()}
    if key in facts:
        return facts[key]
    value = reading.answer_phrase(key)
    if value is not None:
        return value
    return reading.qualification_answer(key) if key in QUALIFICATIONS else None
