"""How each kind of setting is parsed: one function per kind, each naming the variable when a value is unusable."""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """A setting that cannot be used; `str()` is the one line shown at start-up."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _text(name: str, raw: str) -> str:
    return raw


def _flag(name: str, raw: str) -> bool:
    lowered = raw.lower()
    if lowered in ("", "0", "false", "no", "off"):
        return False
    if lowered in ("1", "true", "yes", "on"):
        return True
    raise SettingsError(name, f"{name}={raw!r} must be 1 or 0 (or true/false, yes/no, on/off)")


def _whole(minimum: int, maximum: int | None = None) -> Callable[[str, str], int]:
    def parse(name: str, raw: str) -> int:
        if not raw.isdigit() or int(raw) < minimum or (maximum is not None and int(raw) > maximum):
            upper = f" and at most {maximum}" if maximum is not None else ""
            raise SettingsError(name, f"{name}={raw!r} must be a whole number, at least {minimum}{upper}")
        return int(raw)

    return parse


def _number(lowest: float, inclusive: bool, wording: str) -> Callable[[str, str], float]:
    """A finite number above `lowest` (or at least it, when `inclusive`); `wording` ends the error line."""

    def parse(name: str, raw: str) -> float:
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not (lowest <= number if inclusive else lowest < number) or number == math.inf:
            raise SettingsError(name, f"{name}={raw!r} must be {wording}")
        return number

    return parse


_positive = _number(0, inclusive=False, wording="a number above 0")
_not_negative = _number(0, inclusive=True, wording="a number, 0 or more")


def _web_url(name: str, raw: str) -> str:
    if not raw:
        return raw
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(name, f"{name}={raw!r} must be an http(s):// address")
    return raw


def _origins(name: str, raw: str) -> tuple[str, ...]:
    found = tuple(part for part in re.split(r"[,\s]+", raw) if part)
    for origin in found:
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
            raise SettingsError(name, f"{name}: {origin!r} is not a website origin like https://school.example")
    return found


def _names(name: str, raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _numbers(name: str, raw: str) -> tuple[float, ...]:
    try:
        found = tuple(float(part) for part in raw.split(",") if part.strip())
    except ValueError:
        found = ()
    if not found or any(not 0 <= n < math.inf for n in found):
        raise SettingsError(name, f"{name}={raw!r} must be numbers, 0 or more, separated by commas")
    return found


def _day(name: str, raw: str) -> date | None:
    if not raw:
        return None
    from rules_engine.clock import check_serving_day
    from rules_engine.errors import FactsError

    try:
        return check_serving_day({"SENCO_TODAY": raw})
    except FactsError as error:
        raise SettingsError(name, f"{name}={raw!r}: {error.message}") from None


def _log_format(name: str, raw: str) -> str:
    if raw not in ("json", "console"):
        raise SettingsError(name, f"{name}={raw!r} must be json or console")
    return raw


def _host(name: str, raw: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9.:\-\[\]]+", raw):
        raise SettingsError(name, f"{name}={raw!r} is not a host name or address")
    return raw


KINDS: dict[str, Callable[[str, str], Any]] = {
    "text": _text,
    "secret": _text,
    "path": _text,
    "flag": _flag,
    "port": _whole(1, 65535),
    "count": _whole(1),
    "seconds": _positive,
    "minutes": _positive,
    "not_negative": _not_negative,
    "web_url": _web_url,
    "origins": _origins,
    "names": _names,
    "numbers": _numbers,
    "day": _day,
    "host": _host,
    "log_format": _log_format,
}
