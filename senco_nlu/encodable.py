"""Text spaCy can take: JSON lets lone UTF-16 surrogates through ("\\ud800"), and spaCy raises UnicodeEncodeError on
them. The channels already remove them (channels/limits.py); this keeps the parsers safe for any other caller."""

from __future__ import annotations

import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """`text` with each lone surrogate replaced by U+FFFD: the same length, so character offsets still hold."""
    return _SURROGATE.sub("\ufffd", text)
