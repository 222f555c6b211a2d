"""`rasa data validate --fail-on-warnings`, with Rasa 3.6's one blind spot filled.

Rasa's validator reports every response not named in a story or rule as unused. A form's `utter_ask_<slot>`
and a response a custom action sends (`utter_message(response=...)`) never are, so with forms the flag can
never pass (see RasaHQ/rasa#11843 for the same family of problem). This runs the real CLI unchanged except
that responses proven to be used by the form or by an action are not reported; every other warning still fails.
A response that an action names but the domain lacks is itself an error.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
_RESPONSE_REF = re.compile(r'response=f?"(utter_[A-Za-z_]+)(\{)?')


def responses_used_outside_dialogue(domain: dict) -> tuple[set[str], set[str]]:
    """(responses the form or actions send, names actions use that the domain does not define)."""
    responses = set(domain.get("responses") or {})
    used: set[str] = set()
    for form, spec in (domain.get("forms") or {}).items():
        for slot in spec.get("required_slots") or []:
            used |= {f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"} & responses
    missing: set[str] = set()
    for path in (ROOT / "actions").rglob("*.py"):
        for name, templated in _RESPONSE_REF.findall(path.read_text(encoding="utf-8")):
            matches = {r for r in responses if r.startswith(name)} if templated else {name} & responses
            used |= matches
            if not matches:
                missing.add(name)
    return used, missing


def main() -> int:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    used, missing = responses_used_outside_dialogue(domain)
    if missing:
        print(f"error: actions use responses the domain does not define: {sorted(missing)}", file=sys.stderr)
        return 1

    from rasa.validator import Validator

    gather = Validator._gather_utterance_actions

    def gather_dialogue_utterances(self: Validator) -> set[str]:
        return gather(self) - used

    Validator._gather_utterance_actions = gather_dialogue_utterances  # type: ignore[method-assign]
    from rasa.__main__ import main as rasa_main

    sys.argv = [
        "rasa",
        "data",
        "validate",
        "--fail-on-warnings",
        "--domain",
        "domain.yml",
        "--data",
        "data",
        "--config",
        "config.yml",
    ]
    rasa_main()
    return 0


if __name__ == "__main__":
    sys.exit(main())
