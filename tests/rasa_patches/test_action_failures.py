"""The action-server fault handling's settings and installation (rasa_patches/action_failures.py); its behaviour on the
real servers is tested in tests/scale/test_faults.py."""

from __future__ import annotations

import os
import subprocess

import pytest
from rasa.core.actions.action import RemoteAction
from rasa.core.processor import MessageProcessor

from rasa_patches.action_failures import DEFAULT_ACTION_TIMEOUT, TRY_AGAIN, action_timeout, install
from tests.servers import ROOT


def test_timeout_defaults_to_ten_seconds_and_reads_the_environment() -> None:
    assert action_timeout({}) == DEFAULT_ACTION_TIMEOUT == 10.0
    assert action_timeout({"SENCO_ACTION_TIMEOUT": "2.5"}) == 2.5


@pytest.mark.parametrize("value", ["soon", "0", "-3"])
def test_bad_timeout_names_the_variable(value: str) -> None:
    with pytest.raises(ValueError, match="SENCO_ACTION_TIMEOUT"):
        action_timeout({"SENCO_ACTION_TIMEOUT": value})


def wrappers(function: object) -> list[object]:
    """The function and every one it wraps (`__wrapped__`): other patches (store_failures) may wrap this one."""
    chain = [function]
    while hasattr(chain[-1], "__wrapped__"):
        chain.append(chain[-1].__wrapped__)
    return chain


def test_installing_twice_wraps_once() -> None:
    install()
    run, handle = RemoteAction.run, MessageProcessor.handle_message
    install()
    assert (RemoteAction.run, MessageProcessor.handle_message) == (run, handle)
    assert getattr(run, "senco_fault_handling", False)
    assert sum(bool(getattr(f, "senco_fault_handling", False)) for f in wrappers(handle)) == 1


def test_the_reply_is_a_domain_response() -> None:
    import yaml

    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    assert domain["responses"][TRY_AGAIN][0]["text"]


def test_rasa_refuses_a_bad_timeout_in_one_line() -> None:
    env = os.environ | {"SENCO_ACTION_TIMEOUT": "soon"}
    result = subprocess.run(
        [str(ROOT / ".venv/bin/python"), "-m", "rasa_patches.cli", "run", "--help"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == ["error: SENCO_ACTION_TIMEOUT='soon' must be a number above 0"]
