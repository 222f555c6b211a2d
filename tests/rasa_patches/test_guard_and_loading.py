"""The fence around the patches: any Rasa but the pinned one is refused in one line, `install()` is the one path
and is idempotent, and the model-loading patch gives the same model as Rasa's own loading."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import numpy as np
import pytest

import rasa_patches
from rasa_patches import PINNED_RASA, RasaVersionError, check_rasa_version, cli, install


def test_the_pinned_rasa_is_the_one_in_the_constraints() -> None:
    constraints = Path(rasa_patches.__file__).resolve().parents[1] / "constraints.txt"
    assert f"rasa=={PINNED_RASA}\n" in constraints.read_text(encoding="utf-8")
    check_rasa_version()  # the installed one is accepted


@pytest.mark.parametrize("other", ["3.6.20", "3.7.0", "none"])
def test_another_rasa_is_refused_in_one_line(other: str) -> None:
    with pytest.raises(RasaVersionError) as refused:
        check_rasa_version(other)
    assert "\n" not in str(refused.value)
    assert PINNED_RASA in str(refused.value)
    assert other in str(refused.value)


def test_starting_rasa_with_another_version_stops_with_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(rasa_patches, "version", lambda name: "3.7.1")
    monkeypatch.setattr(sys, "argv", ["rasa_patches.cli", "run"])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 2
    lines = capsys.readouterr().err.strip().splitlines()
    assert lines == [f"error: rasa_patches were written for Rasa {PINNED_RASA}, but Rasa 3.7.1 is installed: "
                     "follow rasa_patches/UPGRADING.md before changing the pin"]  # fmt: skip


def test_install_is_the_one_path_and_is_idempotent() -> None:
    from rasa.core.actions.action import RemoteAction

    from rasa_patches import action_failures, action_validation, event_types, graph_runner, model_loading

    first = install({})
    run = RemoteAction.run
    assert install({}) == first
    assert RemoteAction.run is run, "installing twice wraps once"
    assert getattr(run, "senco_fault_handling", False)
    for patch in (action_validation, event_types, graph_runner, model_loading):
        assert patch.installed()
    assert action_failures.TRY_AGAIN == "utter_senco_try_again"


@pytest.mark.slow  # loads the trained model twice
def test_model_loading_gives_the_same_model_as_rasas_own_loading() -> None:
    """The eager shape-building step restores the same weights: every prediction of the patched load equals Rasa's."""
    from rasa.core.agent import Agent
    from rasa.utils.tensorflow.models import RasaModel

    from rasa_patches import model_loading
    from tests.servers import trained_model

    os.environ.setdefault("SENCO_TODAY", "2026-11-22")
    messages = [
        "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?",
        "how long does the npq for sencos take",
        "do special schools need a qualified senco",
        "no, it's a mainstream academy",
    ]

    def parses() -> list[dict]:
        import asyncio

        agent = Agent.load(str(trained_model()))
        return [asyncio.run(agent.parse_message(text)) for text in messages]

    model_loading.install()
    patched = parses()
    RasaModel.load = model_loading._ORIGINAL  # type: ignore[method-assign]
    try:
        assert not model_loading.installed()
        original = parses()
    finally:
        model_loading.install()
    for ours, theirs in zip(patched, original, strict=True):
        assert ours["intent"]["name"] == theirs["intent"]["name"]
        ranking = {r["name"]: r["confidence"] for r in theirs["intent_ranking"]}
        for r in ours["intent_ranking"]:
            assert np.isclose(r["confidence"], ranking[r["name"]], atol=1e-5), (r, ranking[r["name"]])
        ours_faq = ours["response_selector"]["faq"]["response"]
        theirs_faq = theirs["response_selector"]["faq"]["response"]
        assert ours_faq["intent_response_key"] == theirs_faq["intent_response_key"]
        assert np.isclose(ours_faq["confidence"], theirs_faq["confidence"], atol=1e-5)
