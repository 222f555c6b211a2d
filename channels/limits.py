"""What every channel does to a person's text before Rasa sees it: one rule, in one place.

- Control characters are removed (they carry nothing a person meant to say, and some break logs, terminals or
  JSON), and so are invisible bidirectional overrides, which can make text read differently from what it is, and
  lone UTF-16 surrogates, which JSON lets through but no database or UTF-8 encoder accepts. Line breaks and tabs
  become spaces.
- A message longer than the limit (`SENCO_MAX_MESSAGE_CHARS`, default 1000 characters) never reaches NLU: the
  channel sends the fixed intent `/senco_message_too_long` in its place, so the text is neither classified nor
  stored, and a rule answers with the domain's `utter_message_too_long`.
- What people type is not logged: Rasa, the action server and the channels log no message text at INFO. For
  debugging, `SENCO_LOG_MESSAGE_TEXT=1` logs each message's cleaned text here, at INFO.
"""

from __future__ import annotations

import logging
import os
import re

from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)

MESSAGE_TOO_LONG_INTENT = "senco_message_too_long"
"""Sent instead of an over-long message; answered by a rule (data/rules/privacy.yml). Never has NLU examples."""
DEFAULT_MAX_MESSAGE_CHARS = 1000
MAX_SENDER_CHARS = 128
"""A conversation id longer than this is refused: ids name tracker rows, and no channel makes one this long."""

_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, and lone surrogates.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class LimitConfigError(RasaException):
    """SENCO_MAX_MESSAGE_CHARS is not a positive whole number. A RasaException, so `rasa run` (where the REST channel
    reads the setting at start) prints the message and exits instead of printing a stack trace."""


def max_message_chars() -> int:
    """The length limit, read from the environment each time (cheap; lets tests set it per server)."""
    value = os.environ.get("SENCO_MAX_MESSAGE_CHARS", "").strip()
    if not value:
        return DEFAULT_MAX_MESSAGE_CHARS
    if not value.isdigit() or int(value) < 1:
        raise LimitConfigError(f"SENCO_MAX_MESSAGE_CHARS='{value}' is not a positive whole number")
    return int(value)


def clean_text(text: str) -> str:
    """The text with line breaks as single spaces, control and invisible direction characters removed, trimmed."""
    return _INVISIBLE.sub("", _LINE_BREAKS.sub(" ", text)).strip()


def screen(text: str) -> str:
    """What a channel gives Rasa for a person's message: the cleaned text, or the too-long intent in its place.

    Returns "" for a message with nothing left after cleaning; the channel refuses that as empty.
    """
    cleaned = clean_text(text)
    if log_message_text():
        logger.info("message text (%d characters): %r", len(cleaned), cleaned)
    if len(cleaned) > max_message_chars():
        return f"/{MESSAGE_TOO_LONG_INTENT}"
    return cleaned


def log_message_text() -> bool:
    """SENCO_LOG_MESSAGE_TEXT=1: log what people type (for debugging only; off by default, data minimisation)."""
    return os.environ.get("SENCO_LOG_MESSAGE_TEXT", "").strip().lower() in ("1", "true", "yes", "on")


def clean_sender(value: object) -> str | None:
    """A conversation id from a client, or None when it is not a usable one (not text, empty, too long, or
    containing control characters)."""
    if not isinstance(value, str):
        return None
    if not value or len(value) > MAX_SENDER_CHARS or value != clean_text(value):
        return None
    return value
