"""Validate action server replies with a compiled JSON schema validator instead of `jsonschema.validate`.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` on every reply,
which first checks the (large, unchanging) events schema against the JSON Schema meta-schema and builds a new
validator: about 100 ms of CPU per action call, over half of a turn. The schema never changes at runtime, so it
is checked and compiled once here; every reply is still validated against it and a bad reply still raises the
same `ValidationError` with Rasa's message.

Even compiled, the events schema costs about 2 ms a reply: each event is tried against all 23 branches of a
`oneOf`. The branches are told apart by the constant `event` name, so an event is valid exactly when it passes the
shared part plus the one branch its name picks (every other branch fails on that constant). `_valid_by_event_name`
checks that, and only a reply it does not accept goes through the full schema, which then gives Rasa's own error.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jsonschema import ValidationError, exceptions, validators
from rasa.core.actions.action import RemoteAction
from rasa.shared.constants import DOCS_BASE_URL

_ORIGINAL = RemoteAction._validate_action_result


@cache
def compiled_validator() -> Any:
    """The validator `jsonschema.validate` would pick for Rasa's schema, after one meta-schema check."""
    schema = RemoteAction.action_response_format_spec()
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@cache
def _validators_by_event_name() -> tuple[Any, dict[str, Any]]:
    """The reply schema without its events' `oneOf`, and for each event name the event schema with that one branch."""
    spec = RemoteAction.action_response_format_spec()
    events = spec["properties"]["events"]
    event = events["items"]
    shared = {key: value for key, value in event.items() if key != "oneOf"}
    reply = spec | {"properties": spec["properties"] | {"events": {k: v for k, v in events.items() if k != "items"}}}
    cls = validators.validator_for(spec)
    by_name = {branch["properties"]["event"]["const"]: cls(shared | {"allOf": [branch]}) for branch in event["oneOf"]}
    return cls(reply), by_name


def _valid_by_event_name(result: Any) -> bool:
    """True only for a reply the full schema accepts (see the module docstring); False means "ask the full schema"."""
    reply, by_name = _validators_by_event_name()
    if not reply.is_valid(result):
        return False
    for event in result.get("events") or ():
        name = event.get("event") if isinstance(event, dict) else None
        check = by_name.get(name) if isinstance(name, str) else None
        if check is None or not check.is_valid(event):
            return False
    return True


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Drop-in for `RemoteAction._validate_action_result`: same result, same error, compiled validator."""
    if _valid_by_event_name(result):
        return True
    error = exceptions.best_match(compiled_validator().iter_errors(result))
    if error is None:
        return True
    error.message += (
        ". Failed to validate Action server response from API, "
        "make sure your response from the Action endpoint is valid. "
        f"For more information about the format visit {DOCS_BASE_URL}/custom-actions"
    )
    raise error


def install() -> None:
    compiled_validator()
    _validators_by_event_name()
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def installed() -> bool:
    return RemoteAction._validate_action_result is validate_action_result


__all__ = ["ValidationError", "install", "installed", "validate_action_result"]
