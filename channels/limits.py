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
import re

from rasa.shared.exceptions import RasaException

from senco_settings import BY_NAME, SettingsError
from senco_settings import value as setting

logger = logging.getLogger(__name__)

MESSAGE_TOO_LONG_INTENT = "senco_message_too_long"
"""Sent instead of an over-long message; answered by a rule (data/rules/privacy.yml). Never has NLU examples."""
DEFAULT_MAX_MESSAGE_CHARS = int(BY_NAME["SENCO_MAX_MESSAGE_CHARS"].default)
MAX_SENDER_CHARS = 128
"""A conversation id longer than this is refused: ids name tracker rows, and no channel makes one this long."""

_LINE_BREAKS = re.compile(r"[\t\n\r\v\f\x85\u2028\u2029]+")
# C0 and C1 controls, DEL, bidi embeddings/overrides/isolates, and lone surrogates.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


class LimitConfigError(RasaException):
    """SENCO_MAX_MESSAGE_CHARS is not a positive whole number (senco_settings refuses it at start). A RasaException,
    so `rasa run` (where the REST channel reads the setting at start) prints the message and exits instead of
    printing a stack trace."""


def max_message_chars() -> int:
    """The length limit (SENCO_MAX_MESSAGE_CHARS), read each time (cheap; lets tests set it per server)."""
    try:
        return int(setting("SENCO_MAX_MESSAGE_CHARS"))
    except SettingsError as error:
        raise LimitConfigError(str(error)) from None


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
    return bool(setting("SENCO_LOG_MESSAGE_TEXT"))


def clean_sender(value: object) -> str | None:
    """A conversation id from a client, or None when it is not a usable one (not text, empty, too long, or
    containing control characters)."""
    if not isinstance(value, str):
        return None
    if not value or len(value) > MAX_SENDER_CHARS or value != clean_text(value):
        return None
    return value
