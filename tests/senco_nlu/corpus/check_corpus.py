#!/usr/bin/env python3
"""Validate the held-out NLU evaluation corpus and print summary counts.

Standalone: needs only Python 3 and PyYAML. No project imports.

    .venv/bin/python tests/senco_nlu/corpus/check_corpus.py [corpus_dir]

Exit status 0 when every file is valid, 1 otherwise (all problems are listed).
"""

from __future__ import annotations

import collections
import datetime as dt
import pathlib
import re
import sys

import yaml

TODAY = "2026-11-22"

PERSONAS = {
    "senco_in_post",
    "aspiring",
    "deputy",
    "head_as_senco",
    "head_asking",
    "business_manager",
    "trust_lead",
    "la_adviser",
    "class_teacher",
    "outside_england",
}
CHANNELS = {"website", "slack", "teams"}
TOPICS = {
    "qts_induction",
    "who_can_be_senco",
    "three_years_from",
    "missed_deadline",
    "not_finishing_in_time",
    "cost_funding",
    "course_length",
    "nasenco_vs_npq",
    "nasenco_still_start",
    "how_to_apply",
    "settings",
}
KINDS = {
    "special_beats_general",
    "counts_back",
    "idiom_negation",
    "fixed_future_start",
    "place",
    "prior_service",
    "informal_progress",
    "question_not_form",
    "cohort_month",
}
ENUM_FACTS = {
    "role": {"senco", "aspiring", "other"},
    "setting": {
        "maintained_mainstream",
        "academy_mainstream",
        "maintained_nursery",
        "special",
        "independent",
        "pru",
        "ap_academy",
        "post16",
        "early_years_pvi",
        "childminder",
        "outside_england",
    },
    "teacher_status": {
        "qts_induction_complete",
        "qts_induction_incomplete",
        "headteacher",
        "no_qts",
    },
    "nasenco": {"none", "in_progress", "completed"},
    "npq": {"none", "enrolled", "completed"},
}
BOOL_FACTS = {"prior_senco_service_over_12_months"}
DATE_FACTS = {"appointment_date", "nasenco_start_date", "nasenco_completion_date", "npq_start_date"}
FACT_KEYS = set(ENUM_FACTS) | BOOL_FACTS | DATE_FACTS
MESSAGE_KEYS = ["id", "persona", "channel", "text", "facts", "ask", "question", "kind"]
DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def valid_date(value: object) -> bool:
    if not isinstance(value, str):
        return False
    m = DATE_RE.match(value)
    if not m:
        return False
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day is not None:
            dt.date(int(year), int(month), int(day))
        elif month is not None:
            dt.date(int(year), int(month), 1)
        else:
            dt.date(int(year), 1, 1)
    except ValueError:
        return False
    return True


def check_message(msg: object, where: str, errors: list[str]) -> None:
    if not isinstance(msg, dict):
        errors.append(f"{where}: message is not a mapping")
        return
    keys = list(msg)
    missing = [k for k in MESSAGE_KEYS if k not in msg]
    extra = [k for k in keys if k not in MESSAGE_KEYS]
    if missing:
        errors.append(f"{where}: missing keys {missing}")
    if extra:
        errors.append(f"{where}: unknown keys {extra}")
    if not isinstance(msg.get("id"), str) or not msg.get("id"):
        errors.append(f"{where}: id must be a non-empty string")
    if msg.get("persona") not in PERSONAS:
        errors.append(f"{where}: bad persona {msg.get('persona')!r}")
    if msg.get("channel") not in CHANNELS:
        errors.append(f"{where}: bad channel {msg.get('channel')!r}")
    text = msg.get("text")
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}: text must be a non-empty string")
    facts = msg.get("facts")
    if not isinstance(facts, dict):
        errors.append(f"{where}: facts must be a mapping")
        facts = {}
    for key, value in facts.items():
        if key not in FACT_KEYS:
            errors.append(f"{where}: unknown fact key {key!r}")
        elif key in ENUM_FACTS:
            if value not in ENUM_FACTS[key]:
                errors.append(f"{where}: bad value {value!r} for {key}")
        elif key in BOOL_FACTS:
            if not isinstance(value, bool):
                errors.append(f"{where}: {key} must be true/false, got {value!r}")
        elif key in DATE_FACTS and not valid_date(value):
            errors.append(f"{where}: {key} is not a real YYYY / YYYY-MM / YYYY-MM-DD string: {value!r}")
    ask = msg.get("ask")
    if not isinstance(ask, list):
        errors.append(f"{where}: ask must be a list")
        ask = []
    for key in ask:
        if key not in FACT_KEYS:
            errors.append(f"{where}: unknown key in ask {key!r}")
        elif key in facts:
            errors.append(f"{where}: {key} is both in facts and in ask")
    if len(set(ask)) != len(ask):
        errors.append(f"{where}: duplicate keys in ask")
    question = msg.get("question")
    if question is not None and question not in TOPICS:
        errors.append(f"{where}: bad question topic {question!r}")
    kind = msg.get("kind")
    if not isinstance(kind, list):
        errors.append(f"{where}: kind must be a list")
        kind = []
    for k in kind:
        if k not in KINDS:
            errors.append(f"{where}: bad kind {k!r}")
    if len(set(kind)) != len(kind):
        errors.append(f"{where}: duplicate kinds")
    # Convention checks.
    if "question_not_form" in kind and question is None:
        errors.append(f"{where}: question_not_form needs a question topic")
    if msg.get("persona") == "outside_england" and facts and facts.get("setting") != "outside_england":
        errors.append(f"{where}: outside_england persona with facts but setting is not outside_england")


def main(argv: list[str]) -> int:
    corpus = pathlib.Path(argv[1]) if len(argv) > 1 else pathlib.Path(__file__).resolve().parent
    files = sorted(corpus.glob("*.yml")) + sorted(corpus.glob("*.yaml"))
    if not files:
        print(f"no YAML files in {corpus}")
        return 1
    errors: list[str] = []
    seen: dict[str, str] = {}
    by_file: collections.Counter = collections.Counter()
    by_persona: collections.Counter = collections.Counter()
    by_channel: collections.Counter = collections.Counter()
    by_topic: collections.Counter = collections.Counter()
    by_kind: collections.Counter = collections.Counter()
    by_fact: collections.Counter = collections.Counter()
    by_setting: collections.Counter = collections.Counter()
    by_ask: collections.Counter = collections.Counter()
    mix = collections.Counter()
    total = 0
    with_hard_kind = 0
    for path in files:
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            errors.append(f"{path.name}: YAML error: {exc}")
            continue
        if not isinstance(doc, dict) or set(doc) != {"today", "messages"}:
            errors.append(f"{path.name}: top level must have exactly 'today' and 'messages'")
            continue
        if doc.get("today") != TODAY:
            errors.append(f"{path.name}: today must be {TODAY!r}, got {doc.get('today')!r}")
        messages = doc.get("messages")
        if not isinstance(messages, list) or not messages:
            errors.append(f"{path.name}: messages must be a non-empty list")
            continue
        for i, msg in enumerate(messages):
            mid = msg.get("id") if isinstance(msg, dict) else None
            where = f"{path.name}[{i}] {mid}"
            check_message(msg, where, errors)
            if not isinstance(msg, dict):
                continue
            if isinstance(mid, str):
                if mid in seen:
                    errors.append(f"{where}: duplicate id (also in {seen[mid]})")
                seen[mid] = path.name
            total += 1
            by_file[path.name] += 1
            by_persona[msg.get("persona")] += 1
            by_channel[msg.get("channel")] += 1
            by_topic[msg.get("question") or "(none)"] += 1
            kinds = msg.get("kind") or []
            for k in kinds:
                by_kind[k] += 1
            if kinds:
                with_hard_kind += 1
            facts = msg.get("facts") or {}
            for k in facts:
                by_fact[k] += 1
            if "setting" in facts:
                by_setting[facts["setting"]] += 1
            for k in msg.get("ask") or []:
                by_ask[k] += 1
            q = msg.get("question")
            if facts and q:
                mix["mixed (facts + question)"] += 1
            elif q:
                mix["general question (no facts)"] += 1
            else:
                mix["personal (facts, no question)"] += 1

    def show(title: str, counter: collections.Counter) -> None:
        print(f"\n{title}")
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            print(f"  {key:<34} {n:>4}")

    print(f"messages: {total}   files: {len(files)}   with at least one hard kind: {with_hard_kind}")
    show("by file", by_file)
    show("by mix", mix)
    show("by persona", by_persona)
    show("by channel", by_channel)
    show("by question topic", by_topic)
    show("by kind (a message may carry several)", by_kind)
    print(f"  {'(sum of kind tags)':<34} {sum(by_kind.values()):>4}")
    show("by fact key present", by_fact)
    show("by setting value", by_setting)
    show("by ask key", by_ask)
    if errors:
        print(f"\n{len(errors)} problem(s):")
        for e in errors:
            print("  " + e)
        return 1
    print("\nOK: all files valid")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
