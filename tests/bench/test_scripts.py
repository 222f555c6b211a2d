"""The simulated teachers' scripts: valid against the domain, and (slow) understood as intended by the trained
NLU, so the benchmark measures the real dialogue rather than the fallback path."""

from __future__ import annotations

import asyncio
import os

import pytest
import yaml

from bench.scripts import SCRIPTS, turns_per_cycle
from tests.servers import ROOT, trained_model


def test_scripts_use_the_domains_intents_and_each_ends_with_an_answer() -> None:
    intents = set(yaml.safe_load((ROOT / "domain.yml").read_text())["intents"])
    assert {turn.intent for script in SCRIPTS for turn in script.turns} <= intents
    assert len({script.name for script in SCRIPTS}) == len(SCRIPTS)
    assert all(any(turn.expect_assessment for turn in script.turns) for script in SCRIPTS)
    assert turns_per_cycle() == sum(len(s.turns) for s in SCRIPTS)


@pytest.mark.slow
def test_the_trained_nlu_reads_every_turn_as_scripted() -> None:
    os.environ["SENCO_TODAY"] = "2026-11-22"
    from rasa.core.agent import Agent

    agent = Agent.load(str(trained_model()))
    turns = [turn for script in SCRIPTS for turn in script.turns]

    async def parse_all() -> list[str]:
        return [(await agent.parse_message(turn.text))["intent"]["name"] for turn in turns]

    got = asyncio.run(parse_all())
    assert [(t.text, t.intent) for t in turns] == [(t.text, g) for t, g in zip(turns, got, strict=True)]
