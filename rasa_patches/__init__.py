"""Every change this project makes to Rasa's own code, fenced in one package with one way in: `install()`.

What is here, each module saying what it changes and why:
- speed: `action_validation` (compiled reply validation), `event_types` (event class lookup), `graph_runner`
  (the model graph without dask), `model_loading` (no compiled training step to load a model), `sqlite_tuning`
  (SQLite's write-ahead log);
- `action_failures`: an action server that is down, slow or failing ends the turn cleanly instead of silently
  losing it.
- `store_failures`: the tracker store's database lost while running gets the same "try again shortly" reply;
- `turn_metrics`: counts each message turn for /metrics (observability/metrics.py).

Two callers, one path: `python -m rasa_patches.cli` (how tools/serve_rasa.sh and tools/shell.sh start Rasa) and the
pipeline component `rasa_patches.RuntimeTuning` (so that every process that loads the model, each Sanic worker
included, has them) both call `install()`, which is idempotent. The patches replace private Rasa attributes, so
they are only correct for the Rasa they were written against: `install()` refuses any other version in one line
(`UPGRADING.md` lists every attribute to recheck before changing the pin).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version

PINNED_RASA = "3.6.21"  # constraints.txt; change both together, after UPGRADING.md

__all__ = ["PINNED_RASA", "RasaVersionError", "check_rasa_version", "install"]


class RasaVersionError(RuntimeError):
    """The installed Rasa is not the one the patches were written against; `str()` is the one line to show."""


def check_rasa_version(installed: str | None = None) -> None:
    """Refuse any Rasa but the pinned one (the patches replace its private attributes)."""
    if installed is None:
        try:
            installed = version("rasa")
        except PackageNotFoundError:
            installed = "none"
    if installed != PINNED_RASA:
        raise RasaVersionError(
            f"rasa_patches were written for Rasa {PINNED_RASA}, but Rasa {installed} is installed: "
            "follow rasa_patches/UPGRADING.md before changing the pin"
        )


def install(environ: Mapping[str, str] = os.environ) -> list[str]:
    """Check the Rasa version, then install every patch (the speed patches less those SENCO_RUNTIME_OFF names, the
    action-server and tracker-store failure handling, and the turn metrics). Safe to call more than once. Returns
    the names of the speed patches installed."""
    check_rasa_version()
    from rasa_patches import action_failures, component, store_failures, turn_metrics

    installed = component.install_all(environ)
    action_failures.install()
    store_failures.install()
    turn_metrics.install()
    return installed
