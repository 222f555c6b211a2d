"""Remember which Event class each event type name resolves to.

Rasa 3.6's `Event.resolve_by_type` walks the whole tree of Event subclasses (recursively, building lists) for
every event it reads back: each tracker fetched from the store and each action server reply, about 20 calls a
message here. Event classes are defined at import time, so the first match for a name is remembered; names
that do not match (the `topic` leftover, defaults, unknown names) take Rasa's path every time, unchanged.
"""

from __future__ import annotations

from rasa.shared.core.events import Event

_ORIGINAL = Event.__dict__["resolve_by_type"].__func__
_found: dict[str, type[Event]] = {}


def resolve_by_type(type_name: str, default: type[Event] | None = None) -> type[Event] | None:
    """Drop-in for `Event.resolve_by_type`."""
    found = _found.get(type_name)
    if found is not None:
        return found
    resolved = _ORIGINAL(type_name, default)
    if resolved is not None and resolved is not default and getattr(resolved, "type_name", None) == type_name:
        _found[type_name] = resolved
    return resolved


def install() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)  # type: ignore[method-assign,assignment]


def installed() -> bool:
    return Event.__dict__["resolve_by_type"].__func__ is resolve_by_type
