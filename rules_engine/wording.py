"""The engine's sentences, loaded from `wording.yaml` (copy lives in data, not in the rules)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

WORDING: dict[str, Any] = yaml.safe_load((Path(__file__).parent / "wording.yaml").read_text(encoding="utf-8"))
