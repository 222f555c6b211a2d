"""The text of a domain response, for a message an action assembles from parts (or a button title it builds).

Why: some messages are put together in Python (the answer's warnings, "From what you told me", a button per fact,
a hint chosen by the question asked), yet every word a person reads must stay in domain.yml, where it is reviewed
and changed without touching code. Each part is then a response of its own, read and filled in here.
"""

from __future__ import annotations

from collections.abc import Mapping

from rasa_sdk.types import DomainDict


def response_text(domain: DomainDict, name: str, values: Mapping[str, str] | None = None) -> str:
    """A domain response's (first) text, filled in with `values`."""
    return domain["responses"][name][0]["text"].format(**(values or {}))


def optional_response_text(domain: DomainDict, name: str, values: Mapping[str, str] | None = None) -> str:
    """The same, or "" when the domain has no such response (a part that only some cases have)."""
    return response_text(domain, name, values) if name in domain.get("responses", {}) else ""


__all__ = ["optional_response_text", "response_text"]
