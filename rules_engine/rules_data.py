"""Loads the engine's data files once, at import, so a broken file fails loudly before any answer is given."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import RulesDataError
from .parameters import Rulebook, load_parameters
from .sources import Citation, load_sources

_HERE = Path(__file__).parent
_SETTING_KEYS = {"statutory", "citations", "label"}


@dataclass(frozen=True, slots=True)
class Setting:
    value: str
    statutory: bool | str | None  # True, False, "unclear", or None (outside English law)
    citations: tuple[str, ...]
    label: str


def load_settings(path: Path, sources: dict[str, Citation]) -> dict[str, Setting]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict):
        raise RulesDataError(f"{path.name}: expected a mapping of setting values")
    settings: dict[str, Setting] = {}
    for value, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) != _SETTING_KEYS:
            raise RulesDataError(f"{path.name}: setting {value!r} must have exactly {sorted(_SETTING_KEYS)}")
        if entry["statutory"] not in (True, False, "unclear", None):
            raise RulesDataError(f"{path.name}: setting {value!r} has statutory {entry['statutory']!r}")
        unknown = [c for c in entry["citations"] if c not in sources]
        if unknown:
            raise RulesDataError(f"{path.name}: setting {value!r} cites unknown sources {unknown}")
        settings[value] = Setting(value, entry["statutory"], tuple(entry["citations"]), entry["label"])
    return settings


SOURCES: dict[str, Citation] = load_sources(_HERE / "sources.yaml")
RULEBOOK = Rulebook(load_parameters(_HERE / "parameters.yaml", SOURCES))
SETTINGS: dict[str, Setting] = load_settings(_HERE / "settings.yaml", SOURCES)
