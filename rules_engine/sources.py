"""The cited sources, loaded from `sources.yaml` and checked for the fields every citation must carry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import yaml

from .errors import RulesDataError

_FIELDS = {"title", "provision", "url", "kind", "last_checked"}
_KINDS = {"legislation", "guidance"}


@dataclass(frozen=True, slots=True)
class Citation:
    id: str
    title: str
    provision: str
    url: str
    kind: str
    last_checked: date

    def to_dict(self) -> dict[str, str]:
        return {
            "id": self.id,
            "title": self.title,
            "provision": self.provision,
            "url": self.url,
            "kind": self.kind,
            "last_checked": self.last_checked.isoformat(),
        }


def load_sources(path: Path) -> dict[str, Citation]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(raw, dict) or not raw:
        raise RulesDataError(f"{path.name}: expected a mapping of source ids")
    sources: dict[str, Citation] = {}
    for source_id, entry in raw.items():
        if not isinstance(entry, dict) or set(entry) != _FIELDS:
            raise RulesDataError(f"{path.name}: source {source_id!r} must have exactly {sorted(_FIELDS)}")
        if entry["kind"] not in _KINDS:
            raise RulesDataError(f"{path.name}: source {source_id!r} has kind {entry['kind']!r}")
        if not isinstance(entry["last_checked"], date) or not str(entry["url"]).startswith("https://"):
            raise RulesDataError(f"{path.name}: source {source_id!r} needs an https url and a last_checked date")
        sources[source_id] = Citation(id=source_id, **entry)
    return sources
