"""Errors the engine raises on purpose, each naming the field a person must correct."""

from __future__ import annotations


class FactsError(ValueError):
    """Invalid facts (or `today`): `field` is the key to fix, `message` says why in plain English."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message

    def to_dict(self) -> dict[str, str]:
        return {"error": self.message, "field": self.field}


class RulesDataError(RuntimeError):
    """The engine's own data files are inconsistent; raised when they are loaded, never at answer time."""
