"""Scoring the reader on the held-out corpus (tests/senco_nlu/corpus/), fact by fact: right, wrong or missed.

The corpus was written apart from `data/` and `senco_nlu/` (its README says how). A fact is *right* when the
reader gives the gold value, *missed* when it gives nothing (or asks, offering readings), and *wrong* when it
gives another value, or a value for a fact the message does not state. Precision first: a wrong fact costs a
teacher her deadline, a missed one costs one question, so the test fails on any wrong fact.

About a fifth of the corpus is *sealed* (chosen by a hash of the id): its failures are not printed unless asked
for, so that the reader can be tuned on the rest and then measured on text nobody looked at while tuning. Run
`python -m tests.senco_nlu.corpus_score` for the figures and the failures of the open part.
"""

from __future__ import annotations

import argparse
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from senco_nlu.understanding import understand

CORPUS = Path(__file__).parent / "corpus"
SEALED_SHARE = 5  # one message in five


@dataclass(frozen=True)
class Message:
    id: str
    file: str
    today: date
    text: str
    facts: dict[str, Any]
    ask: tuple[str, ...]
    question: str | None
    kind: tuple[str, ...]
    persona: str
    channel: str

    @property
    def sealed(self) -> bool:
        return int(hashlib.sha256(self.id.encode()).hexdigest()[:8], 16) % SEALED_SHARE == 0


def load_corpus(folder: Path = CORPUS) -> list[Message]:
    messages = []
    for path in sorted(folder.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        today = date.fromisoformat(str(data["today"]))
        for item in data["messages"]:
            messages.append(
                Message(
                    id=item["id"],
                    file=path.name,
                    today=today,
                    text=item["text"],
                    facts=dict(item.get("facts") or {}),
                    ask=tuple(item.get("ask") or ()),
                    question=item.get("question"),
                    kind=tuple(item.get("kind") or ()),
                    persona=item.get("persona", ""),
                    channel=item.get("channel", ""),
                )
            )
    return messages


@dataclass
class Verdict:
    """One message's facts compared with gold."""

    message: Message
    got: dict[str, Any]
    asked: tuple[str, ...]
    right: list[str] = field(default_factory=list)
    wrong: list[tuple[str, Any, Any]] = field(default_factory=list)  # key, gold (None: not stated), got
    missed: list[tuple[str, Any]] = field(default_factory=list)


def judge(message: Message) -> Verdict:
    reading = understand(message.text, message.today)
    got = {fact.key: fact.value for fact in reading.facts}
    asked = tuple(question.key for question in reading.unclear)
    verdict = Verdict(message, got, asked)
    for key, gold in message.facts.items():
        if key not in got:
            verdict.missed.append((key, gold))
        elif _same(got[key], gold):
            verdict.right.append(key)
        else:
            verdict.wrong.append((key, gold, got[key]))
    for key, value in got.items():
        if key not in message.facts:
            verdict.wrong.append((key, None, value))
    return verdict


def _same(got: Any, gold: Any) -> bool:
    return str(got).lower() == str(gold).lower() if isinstance(gold, bool) or isinstance(got, bool) else got == gold


@dataclass
class Score:
    verdicts: list[Verdict]

    @property
    def right(self) -> int:
        return sum(len(v.right) for v in self.verdicts)

    @property
    def wrong(self) -> int:
        return sum(len(v.wrong) for v in self.verdicts)

    @property
    def missed(self) -> int:
        return sum(len(v.missed) for v in self.verdicts)

    @property
    def recall(self) -> float:
        gold = self.right + self.missed + sum(1 for v in self.verdicts for w in v.wrong if w[1] is not None)
        return self.right / gold if gold else 1.0

    def by_key(self) -> dict[str, Counter]:
        table: dict[str, Counter] = {}
        for verdict in self.verdicts:
            for key in verdict.right:
                table.setdefault(key, Counter())["right"] += 1
            for key, gold, _ in verdict.wrong:
                table.setdefault(key, Counter())["wrong" if gold is not None else "spurious"] += 1
            for key, _ in verdict.missed:
                table.setdefault(key, Counter())["missed"] += 1
        return table

    def summary(self) -> str:
        return (
            f"{len(self.verdicts)} messages: {self.right} right, {self.wrong} wrong, {self.missed} missed; "
            f"recall {self.recall:.1%}"
        )


def score(messages: Iterable[Message]) -> Score:
    return Score([judge(message) for message in messages])


def _report(verdicts: Sequence[Verdict], show: str) -> None:
    for verdict in verdicts:
        if not (verdict.wrong or (show == "all" and verdict.missed)):
            continue
        m = verdict.message
        print(f"\n[{m.id}] {m.text}")
        for key, gold, got in verdict.wrong:
            print(f"   WRONG  {key}: gold {gold!r}, read {got!r}")
        if show == "all":
            for key, gold in verdict.missed:
                print(f"   missed {key}: gold {gold!r}{' (asked)' if key in verdict.asked else ''}")


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", choices=("wrong", "all"), default="wrong", help="failures to print")
    parser.add_argument("--sealed", action="store_true", help="also print the sealed part's failures")
    parser.add_argument("--file", help="only this corpus file")
    args = parser.parse_args(argv)
    messages = [m for m in load_corpus() if args.file is None or m.file == args.file]
    open_part = score(m for m in messages if not m.sealed)
    sealed_part = score(m for m in messages if m.sealed)
    _report(open_part.verdicts, args.show)
    if args.sealed:
        _report(sealed_part.verdicts, args.show)
    print("\nopen:   ", open_part.summary())
    print("sealed: ", sealed_part.summary())
    for key, counts in sorted(Score(open_part.verdicts + sealed_part.verdicts).by_key().items()):
        print(f"  {key:40s} {dict(counts)}")


if __name__ == "__main__":
    main()
