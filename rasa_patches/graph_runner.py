"""Run the model's graph in plain Python instead of through dask, with each target set's subgraph planned once.

Rasa 3.6 runs its graph (NLU on every message, the policies on every prediction: three or four runs a message)
with `dask.get`, after recomputing the minimal subgraph for the targets on every run. On this one-threaded,
in-order use dask only adds overhead. This runs the same nodes (`GraphNode` objects, with their hooks) with the
same inputs, each once, dependencies first, and returns what `DaskGraphRunner.run` returns; a clash of an
input's name with a node's and a node's RuntimeError are reported as Rasa reports them.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner

_ORIGINAL = DaskGraphRunner.run


def plan(schema: GraphSchema, targets: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Nodes needed for `targets`, each after the nodes it needs, with the names of its inputs in order."""
    ordered: list[tuple[str, tuple[str, ...]]] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen or name not in schema.nodes:  # not a node: a run input
            return
        seen.add(name)
        needs = tuple(schema.nodes[name].needs.values())
        for need in needs:
            visit(need)
        ordered.append((name, needs))

    for target in targets:
        visit(target)
    return ordered


def run(self: DaskGraphRunner, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict:
    """Drop-in for `DaskGraphRunner.run`."""
    run_targets = targets if targets else self._graph_schema.target_names
    plans = self.__dict__.setdefault("_senco_plans", {})
    key = tuple(run_targets)
    if key not in plans:
        plans[key] = plan(self._graph_schema, list(run_targets))
    results: dict[str, Any] = {}
    for name, value in (inputs or {}).items():
        if isinstance(value, str) and value in self._graph_schema.nodes:
            raise GraphRunError(
                f"Input value '{value}' clashes with a node name. Make sure that none of the input names passed "
                f"to the `run` method are the same as node names in the graph schema."
            )
        results[name] = (name, value)  # as dask passes an input: (name, value)
    try:
        for name, needs in plans[key]:
            # a need that is neither a node nor an input is passed as its name, as dask does
            results[name] = self._instantiated_nodes[name](*(results.get(need, need) for need in needs))
    except RuntimeError as e:
        raise GraphRunError("Error running runner.") from e
    return dict(results[target] for target in run_targets)


def install() -> None:
    DaskGraphRunner.run = run  # type: ignore[method-assign]


def installed() -> bool:
    return DaskGraphRunner.run is run
