"""Validate action server replies with a compiled JSON schema validator instead of `jsonschema.validate`.

Rasa 3.6's `RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)` on every reply,
which first checks the (large, unchanging) events schema against the JSON Schema meta-schema and builds a new
validator: about 100 ms of CPU per action call, over half of a turn. The schema never changes at runtime, so it
is checked and compiled once here; every reply is still validated against it and a bad reply still raises the
same `ValidationError` with Rasa's message.
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


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    """Drop-in for `RemoteAction._validate_action_result`: same result, same error, compiled validator."""
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
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]


def installed() -> bool:
    return RemoteAction._validate_action_result is validate_action_result


__all__ = ["ValidationError", "install", "installed", "validate_action_result"]
