"""The shared reading of one message that every fact reader works on: units, clauses, sentences, negation scope.

A unit is a token of the message (from the shared text layer, `senco_nlu.text`), or one matched vocabulary phrase
standing as a single unit whose norm names its kind ("special academy" -> `@setting`, "NPQ for SENCOs" -> `@qual`),
so the longest phrase wins before anything else is read ("special academy" is never "academy").

Clauses: punctuation ends one, a conjunction ("but", "because", "if"...) opens the next, except where it joins
words of one phrase ("between 2018 and 2021", "head and SENCO"). Negations ("not", "never", "n't") reach at most
three units back and never across a clause, so "I didn't do the NASENCO but I have started the NPQ" negates only
the first course. A clause that asks or supposes ("do academies need...?", "if I become SENCO") states nothing,
and a clause about an earlier school or post ("my last school was...", "moved from...", "...before moving here")
describes the past, not the person's current setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from spacy.tokens import Span
from spacy.util import filter_spans

from .lexicon import Lexicon, Term
from .patterns import Hit, longest_hits
from .text import document

__all__ = ["DETERMINERS", "Reading", "Unit", "starts_with"]

DETERMINERS = frozenset({"the", "a", "an", "my", "our", "this", "their", "his", "her", "your"})


class Unit(NamedTuple):
    """A token of the message, or one matched vocabulary phrase standing as a single token."""

    start: int
    end: int
    text: str
    norm: str
    punct: bool
    space: bool
    number: bool


def starts_with(words: Sequence[str], at: int, phrase: Sequence[str]) -> bool:
    """Do `words` from `at` on begin with `phrase`?"""
    return tuple(words[at : at + len(phrase)]) == tuple(phrase)


class Reading:
    """One message: its units (tokens, with matched phrases as one unit each), clauses and pattern hits."""

    def __init__(self, lexicon: Lexicon, text: str, answer_mode: bool = False) -> None:
        self.lex = lexicon
        self.text = text
        self.answer_mode = answer_mode
        self.doc = document(text)
        self.units: list[Unit] = []
        self.terms: dict[int, Term] = {}
        self.service_clauses: set[int] = set()  # clauses about earlier SENCO posts (set by the service reader)
        self.acting_service = False  # earlier service as acting SENCO was named (set by the service reader)
        self.speaker_is_senco = False  # the speaker says they are the SENCO (set by the role reader)
        self.speaker_role: str | None = None  # the role read from the message (set by the role reader)
        self._merge()
        self.norms = [unit.norm for unit in self.units]
        self.n = len(self.units)
        self._clauses()
        self.hits: dict[str, list[Hit]] = {}
        roles: list[Hit] = []
        for hit in lexicon.patterns.match(self.norms, [unit.punct for unit in self.units]):
            if hit.rule.initial and not self.initial(hit.start):
                continue  # checked before overlaps are resolved, so it cannot hide a pattern that does apply
            self.hits.setdefault(hit.rule.group, []).append(hit)
            if hit.rule.group.startswith("role_"):
                roles.append(hit)
        self.hits = {group: longest_hits(hits) for group, hits in self.hits.items()}
        self.roles = longest_hits(roles)

    # -- preparation ------------------------------------------------------------------------------------------

    def _merge(self) -> None:
        """Match the vocabulary (longest phrase wins); each matched phrase becomes one unit with norm @kind."""
        lex, doc = self.lex, self.doc
        matches = lex.lower(doc) + lex.exact(doc)
        if self.answer_mode:
            matches += lex.answer_exact(doc)
        matches = [(m, s, e) for m, s, e in matches if self._place_ok(lex.terms[m], s, e)]
        spans = {span.start: span for span in filter_spans([Span(doc, s, e, label=m) for m, s, e in matches])}
        i = 0
        while i < len(doc):
            span = spans.get(i)
            if span is not None:
                term = lex.terms[span.label]
                self.terms[len(self.units)] = term
                self.units.append(Unit(span.start_char, span.end_char, span.text, f"@{term.kind}", False, False, False))
                i = span.end
                continue
            token = doc[i]
            if token.is_space and "\n" not in token.text:
                i += 1  # extra spaces say nothing; a line break still ends a sentence
                continue
            end = token.idx + len(token.text)
            self.units.append(
                Unit(token.idx, end, token.text, token.norm_, token.is_punct, token.is_space, token.like_num)
            )
            i += 1

    def _place_ok(self, term: Term, start: int, end: int) -> bool:
        """A place name that is also a word ("Reading", "Barry") counts only right after "in", "near"...; none
        counts before the name of a test ("Edinburgh Reading Test", "Cardiff Acuity")."""
        if term.kind != "place":
            return True
        if end < len(self.doc) and self.doc[end].norm_ in self.lex.words["place_not_before"]:
            return False
        return not term.cased or (start > 0 and self.doc[start - 1].lower_ in self.lex.words["place_cues"])

    def _continues(self, j: int) -> bool:
        """Does unit j carry on a phrase, so that "and"/"as" before it joins words, not clauses?"""
        if j >= self.n:
            return False
        norm = self.norms[j]
        if self.units[j].number or norm in self.lex.months or norm == "half" or norm.startswith("@"):
            return True
        if norm in ("a", "an") and j + 1 < self.n and self.norms[j + 1] == "half":
            return True
        if norm in ("well", "easter", "christmas", "autumn", "spring", "summer"):  # "as well", "after easter"
            return True
        return norm in DETERMINERS and j + 1 < self.n and self.norms[j + 1].startswith("@")

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
            elif unit.text in lex.break_punct and (unit.text != "-" or self._spaced(i)) and not self._apposition(i):
                clause += 1
        self.clause_start: dict[int, int] = {}
        for i in range(self.n - 1, -1, -1):
            self.clause_start[self.clause[i]] = i
        # A clause followed by "before moving here" / "until I left" describes an earlier post.
        self.previous_clauses: set[int] = set()
        for c, start in self.clause_start.items():
            if norms[start] in ("before", "until", "till") and start + 1 < self.n and c > 0:
                after = norms[start + 1]
                same_sentence = self.sentence[self.clause_start[c - 1]] == self.sentence[start]
                if same_sentence and (after.endswith("ing") or after in ("i", "that", "this", "then", "we", "my")):
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

    def _apposition(self, i: int) -> bool:
        """ "Newport, South Wales", "Durham, England": a comma between two places joins them."""
        return (
            self.units[i].text == ","
            and 0 < i < self.n - 1
            and self.norms[i - 1] == "@place"
            and self.norms[i + 1] in ("@place", "@setting")
        )

    def _spaced(self, i: int) -> bool:
        """A dash with space on both sides separates clauses; a hyphen ("16-19", "part-way") does not."""
        units = self.units
        return (i == 0 or units[i - 1].end < units[i].start) and (i + 1 >= self.n or units[i + 1].start > units[i].end)

    # -- shared tests -----------------------------------------------------------------------------------------

    def chars(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of units [start, end)."""
        return self.units[start].start, self.units[end - 1].end

    def impersonal(self, char: int) -> bool:
        """Is the sentence at character `char` a question in general terms ("do academies need a SENCO?", "if a
        SENCO was appointed on 29 February, when...?"): a question with no word for the person asking or the person
        asked about? Such a sentence says nothing about either of them."""
        at = next((k for k, unit in enumerate(self.units) if unit.end > char), None)
        if at is None:
            return False
        s = self.sentence[at]
        members = [k for k in range(self.n) if self.sentence[k] == s]
        words = self.lex.words
        reported = next((k for k in members if self.reports(k)), None)
        if reported is not None and at > reported:  # "our trust is asking whether a teacher with QTS can...": what is
            members = [k for k in members if k > reported]  # asked is general unless it names someone
            return not any(self.norms[k] in words["personal_anchors"] for k in members)
        if any(self.norms[k] in words["personal_anchors"] or self._labels_writer(k) for k in members):
            return False
        if sum(not self.units[k].punct for k in members) < 3:
            return False  # "nasenco? no.": a label and its value, not a question
        if any(self.norms[k] == "here" and k > 0 and self.norms[k - 1].startswith("@") for k in members):
            return False  # "hlta here - can an hlta be senco?": the writer's own case
        asks = any(self.units[k].text.startswith("?") for k in members) or any(
            self.clause_start[self.clause[k]] in (k, k - 1)
            and (
                self.norms[k] in words["question_words"]
                or (self.norms[k] in words["question_auxiliaries"] and self._asks_from(k))
            )
            for k in members
        )
        return asks

    def _asks_from(self, k: int) -> bool:
        """Does the auxiliary at unit k open a question ("does the school get...", "is the npq senco...", "do
        pre-schools and day nurseries have to...")?"""
        if self.initial(k) and self.norms[k] in self.lex.words["question_openers"]:
            return True
        subject = self.norms[k + 1] if k + 1 < self.n and self.same_clause(k, k + 1) else ""
        return subject in self.lex.words["question_subjects"] or subject.startswith("@")

    def self_label(self, k: int) -> bool:
        """Is the SENCO noun at unit k the writer's own title, written as a label: no owner or article before it
        ("senco since sept 23", "pru senco, started...", "Cardiff senco - ..."), and not the subject of someone
        else's sentence ("senco has to be qualified?")."""
        if self.norms[k] != "@senco" or self.units[k].text.lower().endswith("s"):
            return False  # "SENCOs" are people in general
        if k + 1 < self.n and self.norms[k + 1] in self.lex.sets["label_not_before"]:
            return False  # "senco rules", "SENCO qualification"
        before = next((self.norms[j] for j in range(k - 1, -1, -1) if not self.units[j].space), "")
        if before in self.lex.sets["not_bare"] or self.hypothetical(k) or self.previous(k) or self.negated(k):
            return False
        return not self.subject_follows(k + 1) or (self.initial(k) and before == "")

    def roles_group(self, start: int) -> str | None:
        """The group of the role pattern that matched from unit `start`."""
        return next((hit.rule.group for hit in self.roles if hit.start == start), None)

    def _labels_writer(self, k: int) -> bool:
        """A SENCO label with a place or kind of school before it ("pru senco", "Lisburn primary senco") or a time
        after it ("senco since 2023", "senco 5 years") stands for the writer, as "I" would."""
        if not self.self_label(k):
            return False
        before = self.norms[k - 1] if k > 0 else ""
        after = self.norms[k + 1] if k + 1 < self.n else ""
        return (
            before in ("@setting", "@place", "primary", "secondary", "school", "&", "+", "and")
            or after in self.lex.date_cues["start"]
            or (k + 1 < self.n and self.units[k + 1].number)
            or after in ("here", ",", "-", ":", ".")
        )

    def units_in(self, start: int, end: int) -> list[int]:
        """The units overlapping characters [start, end)."""
        return [k for k, unit in enumerate(self.units) if unit.start < end and start < unit.end]

    def hoped_for(self, i: int) -> bool:
        """Is unit i in a clause that only hopes, wants or considers ("want a SENCO job by next autumn")?"""
        c, hopes = self.clause[i], self.lex.words["hope_words"]
        if any(self.norms[k] in hopes for k in range(self.n) if self.clause[k] == c):
            return True
        settled = bool(self.hits.get("role_fixed"))  # "asked to become the SENCO from 6 January ... I said yes"
        return not settled and any(self.clause[hit.start] == c for hit in self.hits.get("role_aspiring", ()))

    def same_clause(self, i: int, j: int) -> bool:
        return self.clause[i] == self.clause[j]

    def negator(self, i: int, window: int = 3) -> int | None:
        """The negation at most `window` units before unit i, in its clause ("haven't yet done")."""
        negators = self.lex.words["negators"]
        for j in range(max(0, i - window), i):
            if self.norms[j] in negators and self.same_clause(i, j):
                return j
        return None

    def negated(self, i: int, window: int = 3) -> bool:
        return self.negator(i, window) is not None

    def hypothetical(self, i: int) -> bool:
        """Is unit i in a clause that asks or supposes ("Do academies need...", "if I become SENCO")?"""
        if self.answer_mode:
            return False
        c = self.clause[i]
        if self._reported_question(i):
            return True
        j = self.clause_start[c]
        fillers = self.lex.words["clause_fillers"]
        while j < self.n and self.clause[j] == c and (self.norms[j] in fillers or self.units[j].punct):
            j += 1
        if j >= self.n or self.clause[j] != c:
            return False
        words = self.lex.words
        if self.norms[j] in words["attached_clause_starts"] and c in self.attached:
            return False  # "a hospital school which is registered as a PRU": a description, not a question
        if self.norms[j] in words["hypothetical_starts"]:
            return True
        nxt = self.norms[j + 1] if j + 1 < self.n and self.clause[j + 1] == c else ""
        if self.norms[j] in ("when", "where") and nxt in words["question_auxiliaries"]:
            return True  # "When should I start the NPQ?"
        if self.norms[self.clause_start[c]] in ("and", "or") and c > 0:
            earlier = self.clause_start[c - 1]
            if self.sentence[earlier] == self.sentence[j] and self.hypothetical(earlier):
                return True  # "Could I do the NPQ | and become the SENCO?"
        before = self.clause_start[c] - 1
        if (
            self.norms[j] in words["question_continuations"]
            and before >= 0
            and self.sentence[before] == self.sentence[j]
        ):
            return self.hypothetical(before)  # "how soon | after starting the NPQ do you get the result?"
        subject = self.norms[j + 1] if j + 1 < self.n and self.clause[j + 1] == c else ""
        if self.norms[j] not in words["question_auxiliaries"]:
            return False
        asked = any(
            self.units[k].text.startswith("?") for k in range(j, self.n) if self.sentence[k] == self.sentence[j]
        )
        return asked or subject in words["question_subjects"] or subject.startswith("@")

    def _reported_question(self, i: int) -> bool:
        """Is unit i after "whether" ("our trust is asking whether a teacher with QTS...") or a reported "if"
        ("head asked if I'd be interested") in its clause?"""
        return any(self.reports(j) for j in range(self.clause_start[self.clause[i]], i))

    def reports(self, j: int) -> bool:
        """Is unit j "whether", or an "if" after a reporting verb ("asked if")?"""
        if self.norms[j] == "whether":
            return True
        return self.norms[j] == "if" and j > 0 and self.norms[j - 1] in self.lex.words["reporting_verbs"]

    def initial(self, i: int) -> bool:
        """Does unit i open its sentence (after a greeting such as "Hi all,")?"""
        greetings = self.lex.words["greetings"]
        j = i - 1
        while j >= 0 and self.sentence[j] == self.sentence[i]:
            if not (self.norms[j] in greetings or self.units[j].punct or self.units[j].space):
                return False
            j -= 1
        return True

    def in_clause(self, group: str, i: int) -> list[Hit]:
        return [hit for hit in self.hits.get(group, ()) if self.same_clause(hit.start, i)]

    def previous(self, i: int) -> bool:
        """Is unit i about an earlier school or post ("my last school was...", "moved from...", "...before")?"""
        if self.clause[i] in self.previous_clauses or self.clause[i] in self.service_clauses:
            return True
        anchor = self.attached.get(self.clause[i])
        if anchor is not None and self.previous(anchor):
            return True
        resets = self.lex.words["previous_reset_words"]

        def clear(a: int, b: int) -> bool:
            return not any(self.norms[k] in resets for k in range(a, b))

        markers = [
            hit
            for hit in self.in_clause("previous_marker", i)
            if not (self.norms[hit.start] == "before" and self.clause_start[self.clause[hit.start]] == hit.start)
        ]  # "before I became SENCO in January" times this clause; it does not put it in the past
        if any(hit.end <= i and clear(hit.end, i) for hit in markers):
            return True
        for hit in self.in_clause("previous_place", i):
            if (hit.end <= i and clear(hit.end, i)) or (hit.start > i and clear(i + 1, hit.start)):
                return True
        return any(hit.start > i and clear(i + 1, hit.start) for hit in self.in_clause("previous_post_marker", i))

    def subject_follows(self, end: int) -> bool:
        """Is the noun ending at `end` the subject of a verb ("our SENCO is...", "Head said...")?"""
        return end < self.n and self.norms[end] in self.lex.words["subject_verbs"]

    def third_person_before(self, start: int) -> bool:
        """Is the subject just before `start` someone else ("she has just been appointed SENCO")? A clause opening
        with "and" and no subject of its own shares the subject of the clause before ("she's been SENCO since 2014
        and has the NASENCO")."""
        skip, j = self.lex.words["subject_skip"], start - 1
        while j >= 0 and self.same_clause(j, start) and self.norms[j] in skip | {"and", "but", "then"}:
            j -= 1
        if j >= 0 and self.same_clause(j, start):
            if self.norms[j] == "@senco":  # "Our SENCO has been SENCO here since 2009"
                return j > 0 and self.norms[j - 1] in self.lex.sets["poss3"] | {"the", "our"}
            return self.norms[j] in self.lex.words["third_person"]
        c = self.clause[start]
        opener = self.norms[self.clause_start[c]]
        if opener not in ("and", "but", "then") or c == 0:
            return False
        earlier = self.clause_start[c - 1]
        first = next((k for k in range(earlier, self.n) if self.norms[k] not in skip), earlier)
        return self.sentence[earlier] == self.sentence[start] and self.norms[first] in ("she", "he", "they")
