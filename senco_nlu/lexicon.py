"""The fact vocabulary (`fact_lexicon.yaml`), loaded, checked and compiled once.

Why a YAML vocabulary: the words teachers use change faster than code, and every value must stay a value of the
assessment contract. So the vocabulary is data, checked when it loads: a value that drifts from
`rules_engine.facts.CHOICES`, a phrase listed under two meanings, a bare `no` that YAML reads as a boolean, or a
"word" the tokenizer splits all stop start-up (and the tests) with the entry named, never a silent miss.

Phrases become spaCy `PhraseMatcher`s on the shared pipeline (`senco_nlu.text`), patterns a `PatternIndex`, word
lists frozensets of normalised words, durations ranges in months.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.matcher import PhraseMatcher

from rules_engine.facts import CHOICES

from .normalise import MONTH_OF_NORM
from .patterns import PatternError, PatternIndex, Rule
from .places import places
from .text import CONTRACTIONS, document, norm, pipeline

__all__ = ["LEXICON_PATH", "QUALIFICATIONS", "UNCLEAR_STATE", "Lexicon", "LexiconError", "Term", "lexicon"]

LEXICON_PATH = Path(__file__).with_name("fact_lexicon.yaml")
QUALIFICATIONS = ("nasenco", "npq")
UNCLEAR_STATE = "unclear"  # a progress cue that leaves two states open ("never finished")
_MODIFIER_KINDS = ("above", "near_above", "at_least", "below", "near_below", "approx", "exact")
_WORD_LISTS = (
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
    "status_labels",
    "topic_words",
    "head_of_school_nouns",
    "cue_gap_words",
    "cue_post_gap_words",
    "generic_determiners",
    "generic_qualified_by",
    "attached_clause_starts",
    "question_continuations",
    "hope_words",
    "personal_anchors",
    "place_cues",
    "opening_words",
    "same_school_links",
    "place_not_before",
    "reporting_verbs",
    "question_openers",
    "not_the_senco",
    "tenure_words",
    "career_words",
    "relative_pronouns",
    "place_words",
    "plural_owners",
    "status_future_words",
    "question_words",
)
_DATE_CUES = (
    "appointment", "start", "completion", "dropped", "never_began", "holding", "expected", "departure", "course_start",
    "deadline", "post_nouns", "unreal",
)  # fmt: skip

Ranges = dict[str, list[tuple[tuple[str, ...], float, float]]]


class LexiconError(ValueError):
    """The YAML vocabulary is malformed or names a value the assessment contract does not have."""


@dataclass(frozen=True)
class Term:
    """What a vocabulary phrase means once matched."""

    kind: str
    value: str | None = None
    weak: bool = False
    rank: int = 0
    negated: str | None = None
    person: bool = False
    definite: bool = False  # a generic name that counts only after a determiner such as "the" ("the award")
    cased: bool = False  # a place that is also a word ("Reading"): only capitalised, after "in", "near"...
    plural: bool = False  # a setting named in the plural ("special schools"): a kind in general


def strings(raw: Any, where: str) -> list[str]:
    """A YAML list of strings; anything else (a bare `no` read as False, say) is an error, not a silent miss."""
    if not isinstance(raw, list) or not all(isinstance(item, str) for item in raw):
        raise LexiconError(f"{where}: expected a list of strings (quote yes/no/on/off), got {raw!r}")
    return raw


_PLURALS = {
    "school": "schools",
    "primary": "primaries",
    "secondary": "secondaries",
    "academy": "academies",
    "nursery": "nurseries",
    "college": "colleges",
    "unit": "units",
    "infant": "infants",
    "junior": "juniors",
}


def _with_variants(phrases: list[str]) -> list[str]:
    """A setting's names as typed: also in the plural ("maintained primaries") and hyphenated
    ("local-authority-run"), each only once."""
    out = dict.fromkeys(phrases)
    for phrase in phrases:
        words = phrase.split()
        last = words[-1].rsplit("-", 1) if words else []
        if last and last[-1] in _PLURALS:  # "maintained primaries", "pre-schools"
            plural = "-".join([*last[:-1], _PLURALS[last[-1]]])
            out.setdefault(" ".join([*words[:-1], plural]))
        if 2 <= len(words) <= 3 and all(word.isalpha() for word in words):
            out.setdefault("-".join(words))
    return list(out)


def _plural(phrase: str) -> bool:
    last = phrase.split()[-1].rsplit("-", 1)[-1] if phrase.split() else ""
    return last in _PLURALS.values() or last in ("sencos", "prus")


def phrase_norms(phrase: object) -> tuple[str, ...]:
    """A phrase as the norms a message with those words would have."""
    return tuple(token.norm_ for token in document(str(phrase).lower()))


class Lexicon:
    """The compiled vocabulary: phrase matchers, token patterns, word lists, durations and short answers."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.nlp = pipeline()
        self.sets = {name: self._words(words, f"sets.{name}") for name, words in data["sets"].items()}
        self.terms: dict[int, Term] = {}
        self.lower = PhraseMatcher(self.nlp.vocab, attr="NORM")  # normalised: typos and "n't" read as written
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.answer_exact = PhraseMatcher(self.nlp.vocab, attr="LOWER")  # exact-case phrases, any case
        self._seen: dict[str, str] = {}
        self._load_terms()
        self.patterns = PatternIndex(self.sets, self._split, norm, self._one_token)
        try:
            self._load_patterns()
        except PatternError as err:
            raise LexiconError(str(err)) from err
        self.answers: dict[str, PhraseMatcher] = {}
        self._load_answers()
        self._load_words()

    def _one_token(self, word: str) -> bool:
        return word.startswith("@") or word.lower() in CONTRACTIONS or len(self.nlp.make_doc(word)) == 1

    def _split(self, word: str) -> list[str]:
        return [token.text for token in self.nlp.make_doc(word)]

    def _words(self, words: Any, where: str) -> frozenset[str]:
        """Single-token words as norms; a word the tokenizer splits ("part-time") could never match one token."""
        out = set()
        for word in strings(words, where):
            if not self._one_token(word):
                raise LexiconError(f"{where}: {word!r} is several tokens; write it as a phrase or pattern")
            out.add(norm(word))
        return frozenset(out)

    # -- phrases ----------------------------------------------------------------------------------------------

    def _add_phrases(
        self, term: Term, phrases: Iterable[str], exact: Iterable[str], where: str, answers: bool = True
    ) -> None:
        key = f"T{len(self.terms)}"
        self.terms[self.nlp.vocab.strings.add(key)] = term
        meaning = f"{term.kind}:{term.value}"
        lower_docs, exact_docs, answer_docs = [], [], []
        for phrase in phrases:
            self._claim(phrase.lower(), meaning, where)
            lower_docs.append(document(phrase))
        for phrase in exact:
            self._claim(phrase, meaning, where)
            exact_docs.append(self.nlp.make_doc(phrase))
            answer_docs.append(self.nlp.make_doc(phrase.lower()))
        if lower_docs:
            self.lower.add(key, lower_docs)
        if exact_docs:
            self.exact.add(key, exact_docs)
            if answers:
                self.answer_exact.add(key, answer_docs)

    def _claim(self, phrase: str, meaning: str, where: str) -> None:
        """One phrase, one meaning: a phrase listed under two meanings would be matched by chance."""
        known = self._seen.setdefault(phrase, meaning)
        if known != meaning:
            raise LexiconError(f"{where}: {phrase!r} is listed as both {known} and {meaning}")

    @staticmethod
    def choice(key: str, value: object, where: str) -> str:
        if not isinstance(value, str) or value not in CHOICES[key]:
            raise LexiconError(f"{where}: {value!r} is not a {key} value ({', '.join(CHOICES[key])})")
        return value

    def _load_terms(self) -> None:
        terms = self.data["terms"]
        for kind in ("senco", "head", "staff", "context", "block"):
            self._add_phrases(Term(kind), strings(terms[kind], f"terms.{kind}"), (), f"terms.{kind}")
        for name, reach in (("persona", "school"), ("persona_wide", "wide")):  # jobs other than the SENCO's
            self._add_phrases(Term("persona", reach), strings(terms[name], f"terms.{name}"), (), f"terms.{name}")
        qualctx = strings(terms["qualification_context"], "terms.qualification_context")
        self._add_phrases(Term("qualctx"), qualctx, (), "terms.qualification_context")
        kinds = {
            "other_npq": Term("block", "other_npq"),
            "nasenco": Term("qual", "nasenco"),
            "npq_senco": Term("qual", "npq"),
            "npq_generic": Term("qual", "npq", weak=True),
            "nasenco_generic": Term("qual", "nasenco", weak=True, definite=True),
        }
        for name, term in kinds.items():
            self._add_phrases(term, strings(terms[name], f"terms.{name}"), (), f"terms.{name}")
        for kind, words in self.data.get("exact_case_terms", {}).items():
            self._add_phrases(Term(kind), (), strings(words, f"exact_case_terms.{kind}"), kind)
        for n, group in enumerate(self.data["settings"]):
            where = f"settings[{n}]"
            if "either" in group:  # a name that fits two settings: the reader asks which
                value = "|".join(self.choice("setting", v, where) for v in strings(group["either"], where))
            else:
                value = self.choice("setting", group.get("value"), where)
            term = Term("setting", value, weak=bool(group.get("weak")))
            phrases = _with_variants(strings(group.get("phrases", []), where))
            singular = [p for p in phrases if not _plural(p)]
            self._add_phrases(term, singular, strings(group.get("exact_case", []), where), where)
            plural = [p for p in phrases if _plural(p)]
            if plural:
                self._add_phrases(replace(term, plural=True), plural, (), where)
        for n, group in enumerate(self.data["teacher_status"]):
            where = f"teacher_status[{n}]"
            negated = group.get("negated")
            term = Term(
                "status",
                self.choice("teacher_status", group.get("value"), where),
                rank=int(group["rank"]),
                negated=None if negated is None else self.choice("teacher_status", negated, where),
                person=bool(group.get("person", False)),
            )
            phrases = strings(group.get("phrases", []), where)
            self._add_phrases(term, phrases, strings(group.get("exact_case", []), where), where)
        self._load_places()

    def _load_places(self) -> None:
        """Place names as `@place` units whose value lists the nations they may be in ("scotland",
        "england|wales"). A name the vocabulary already gives a meaning ("Wales", "Jersey") keeps that meaning."""
        for place in places():
            if place.name.lower() in self._seen:
                continue
            term = Term("place", "|".join(sorted(place.nations)), cased=place.word_like)
            if place.word_like:
                self._add_phrases(term, (), (place.name,), "uk_places.yaml", answers=False)
            else:
                self._add_phrases(term, (place.name,), (), "uk_places.yaml")

    # -- token patterns ---------------------------------------------------------------------------------------

    def _load_patterns(self) -> None:
        for group, patterns in self.data["patterns"].items():
            for pattern in strings(patterns, f"patterns.{group}"):
                self.patterns.add(pattern, Rule(group), f"patterns.{group}")
        states = self.data["qualification_states"]
        self.states: dict[str, dict[str, str]] = {}
        for key in QUALIFICATIONS:
            self.states[key] = {
                state: self.choice(key, v, f"qualification_states.{key}") for state, v in states[key].items()
            }
        for n, group in enumerate(self.data["qualification_cues"]):
            where = f"qualification_cues[{n}]"
            state, negated = group.get("state"), group.get("negated")
            for name in (state, negated):
                if name is not None and name not in self.states["nasenco"] and name != UNCLEAR_STATE:
                    raise LexiconError(f"{where}: unknown state {name!r}")
            rule = Rule("cue", state, negated, continues=bool(group.get("continues", False)))
            for pattern in strings(group["patterns"], where):
                self.patterns.add(pattern, rule, where)

    # -- answers and word lists -------------------------------------------------------------------------------

    def _load_answers(self) -> None:
        answers = self.data["answers"]
        for key in ("setting", "role", "teacher_status"):
            matcher = PhraseMatcher(self.nlp.vocab, attr="NORM")
            for value, phrases in answers[key].items():
                self.choice(key, value, f"answers.{key}")
                matcher.add(value, [document(p) for p in strings(phrases, f"answers.{key}.{value}")])
            self.answers[key] = matcher
        self.yes = self._phrases(answers["yes"], "answers.yes")
        self.no = self._phrases(answers["no"], "answers.no")
        unknown = sorted((re.escape(p.lower()) for p in strings(answers["unknown"], "answers.unknown")), key=len)
        self.unknown = re.compile(rf"(?<![\w])(?:{'|'.join(reversed(unknown))})(?![\w])")

    @staticmethod
    def _phrases(phrases: Any, where: str) -> list[tuple[str, ...]]:
        """Phrases as tuples of token norms, longest first."""
        return sorted({phrase_norms(p) for p in strings(phrases, where)}, key=len, reverse=True)

    @staticmethod
    def _ranges(table: Mapping[str, Any], where: str) -> Ranges:
        """Phrase -> (low, high) months, indexed by first token, longest phrase first."""
        out: Ranges = {}
        for phrase, amount in table.items():
            if isinstance(amount, int | float):
                low = high = float(amount)
            elif isinstance(amount, list) and len(amount) == 2:
                low, high = float(amount[0]), float(amount[1])
            else:
                raise LexiconError(f"{where}: {phrase!r} must be a number or [low, high]")
            tokens = phrase_norms(phrase)
            out.setdefault(tokens[0], []).append((tokens, low, high))
        for entries in out.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        return out

    def _load_words(self) -> None:
        data = self.data
        self.words = {name: frozenset(map(norm, strings(data[name], name))) for name in _WORD_LISTS}
        self.break_punct = frozenset(strings(data["clause_break_punct"], "clause_break_punct"))
        self.sentence_punct = frozenset(strings(data["sentence_break_punct"], "sentence_break_punct"))
        self.cue_max_gap = int(data["cue_max_gap"])
        durations = data["durations"]
        self.numbers = self._ranges(durations["numbers"], "durations.numbers")
        self.units = self._ranges(durations["units"], "durations.units")
        modifiers = []
        for phrase, kind in durations["modifiers"].items():
            if kind not in _MODIFIER_KINDS:
                raise LexiconError(f"durations.modifiers: {phrase!r} has unknown kind {kind!r}")
            modifiers.append((phrase_norms(phrase), kind))
        self.modifiers = sorted(modifiers, key=lambda item: -len(item[0]))
        self.duration_before = frozenset(map(norm, strings(durations["before"], "durations.before")))
        self.duration_activity = frozenset(map(norm, strings(durations["not_after_activity"], "not_after_activity")))
        self.duration_after = self._phrases(durations["after"], "durations.after")
        self.duration_excluded_after = self._phrases(durations["excluded_after"], "durations.excluded_after")
        self.duration_excluded_before = frozenset(map(norm, strings(durations["excluded_before"], "excluded_before")))
        self.months = MONTH_OF_NORM  # the date vocabulary's, so a month reads the same in a date and a duration
        self.span_joiners = frozenset(strings(durations["span_joiners"], "durations.span_joiners"))
        self.outside_titles = frozenset(t.lower() for t in strings(data["outside_england_titles"], "titles"))
        self.narrowed_by = {
            self.choice("setting", k, "narrowed_by"): self.choice("setting", v, "narrowed_by")
            for k, v in data["narrowed_by"].items()
        }
        self.more_specific = {
            self.choice("setting", value, "more_specific"): frozenset(
                self.choice("setting", other, f"more_specific.{value}") for other in strings(than, value)
            )
            for value, than in data["more_specific"].items()
        }
        cues = data["date_cues"]
        self.date_cues = {name: frozenset(map(norm, strings(cues[name], f"date_cues.{name}"))) for name in _DATE_CUES}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Built once, on first use: compiling the vocabulary takes a moment; reading a message does not."""
    data = yaml.safe_load(LEXICON_PATH.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise LexiconError(f"{LEXICON_PATH.name}: expected a mapping")
    return Lexicon(data)
