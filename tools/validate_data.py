"""`rasa data validate --fail-on-warnings`, made to mean what it says.

Rasa 3.6 passes `--fail-on-warnings` even when it warns that a response is unused or that domain files repeat an
intent: those warnings never change its exit code. This runs the same validation in-process, records every warning
Rasa raises, and fails on any of them, except three kinds explained below, each proved rather than assumed: a
response the form asks with (`utter_ask_<slot>`) or an action sends (any `"utter_..."` literal in `actions/`, or
in `rasa_patches/`, which sends the "try again shortly" reply) is used although no story or rule names it; a
retrieval intent is always reported as repeated; one warning Rasa raises for every project; and "not in the NLU
training data" for an intent only the channels send (channels/limits.py), never typed. A response an action names
but the domain lacks is an error too.
"""

from __future__ import annotations

import re
import sys
import warnings
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
# "utter_x" and the fixed prefix of f"utter_x_{...}" (which then stands for every response with that prefix)
_RESPONSE_REF = re.compile(r'"(utter_[A-Za-z0-9_]+)(\{)?')
_UNUSED = re.compile(r"The utterance '(utter_[A-Za-z0-9_/]+)' is not used in any story or rule\.")
# Rasa 3.6.21 raises this for every domain that has slots, whatever their mappings
# (rasa/shared/core/slot_mappings.py, validate_slot_mappings): it says nothing about this project.
_ALWAYS_RAISED = frozenset(
    {
        "Slot auto-fill has been removed in 3.0 and replaced with a new explicit mechanism to set slots. "
        "Please refer to https://rasa.com/docs/rasa/domain#slots to learn more."
    }
)
# Rasa merges a domain it builds from a retrieval intent's responses into domain.yml (ResponsesSyncImporter), and
# the story reader requires the intent in domain.yml too: so every retrieval intent is reported as "duplicated".
_DUPLICATED = re.compile(r"The following duplicated intents have been found across multiple domain files: (.*)")
_NO_NLU = re.compile(
    r"The intent '([A-Za-z0-9_]+)' is listed in the domain file, but is not found in the NLU training data\."
)


def channel_intents(limits: Path = ROOT / "channels" / "limits.py") -> set[str]:
    """Intents the channels send in place of a message (proved by reading channels/limits.py): they have no NLU
    examples by design, since a person never types them and the model must never predict them."""
    return set(re.findall(r'^[A-Z_]+_INTENT = "([a-z0-9_]+)"', limits.read_text(encoding="utf-8"), re.MULTILINE))


def responses_used_outside_dialogue(domain: dict, actions: Path = ROOT / "actions") -> tuple[set[str], set[str]]:
    """(responses the form or actions send, names the actions use that the domain does not define)."""
    responses = set(domain.get("responses") or {})
    used: set[str] = set()
    for form, spec in (domain.get("forms") or {}).items():
        for slot in spec.get("required_slots") or []:
            used |= {f"utter_ask_{slot}", f"utter_ask_{form}_{slot}"} & responses
    missing: set[str] = set()
    for path in sorted(actions.rglob("*.py")):
        for name, templated in _RESPONSE_REF.findall(path.read_text(encoding="utf-8")):
            matches = {r for r in responses if r.startswith(name)} if templated else {name} & responses
            used |= matches
            if not matches:
                missing.add(name)
    return used, missing


def retrieval_intents(domain: dict) -> set[str]:
    return {name.split("/", 1)[0].removeprefix("utter_") for name in domain.get("responses") or {} if "/" in name}


def unexplained(messages: list[str], used: set[str], retrieval: set[str]) -> list[str]:
    """The warnings that must fail validation: all of them, except "unused" for a response proved used, "duplicated"
    for a retrieval intent, and the one Rasa raises for every project."""

    def explained(message: str) -> bool:
        if message in _ALWAYS_RAISED:
            return True
        if found := _UNUSED.fullmatch(message):
            return found.group(1) in used
        if found := _DUPLICATED.fullmatch(message):
            return set(found.group(1).split(", ")) <= retrieval
        if found := _NO_NLU.fullmatch(message):
            return found.group(1) in channel_intents()
        return False

    return [m for m in messages if not explained(m)]


def main() -> int:
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    used, missing = set(), set()
    for folder in (ROOT / "actions", ROOT / "rasa_patches"):
        found, unknown = responses_used_outside_dialogue(domain, folder)
        used, missing = used | found, missing | unknown
    if missing:
        print(f"error: actions use responses the domain does not define: {sorted(missing)}", file=sys.stderr)
        return 1

    from rasa.cli.utils import validate_files
    from rasa.shared.importers.importer import TrainingDataImporter

    importer = TrainingDataImporter.load_from_config(
        str(ROOT / "config.yml"), str(ROOT / "domain.yml"), [str(ROOT / "data")]
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        validate_files(fail_on_warnings=True, max_history=None, importer=importer)
    raised = [str(w.message) for w in caught if w.category in (UserWarning, FutureWarning)]
    problems = unexplained(list(dict.fromkeys(raised)), used, retrieval_intents(domain))
    for problem in problems:
        print(f"warning treated as an error: {problem}", file=sys.stderr)
    if problems:
        return 1
    print("Data validation passed with no warnings.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
