"""One JSON object per log line, for the project's loggers, Rasa's, Sanic's and every other library's.

Why: a log collector (journald, Docker, Kubernetes, Loki...) reads one JSON object per line without parsing
rules, and every line has the same keys: `timestamp` (UTC, ISO 8601), `level`, `logger`, `event`, plus
`exception` when there is one. `SENCO_LOG_FORMAT=console` keeps human-readable lines for a person at a terminal
(`make shell` sets it).

Rasa 3.6 configures structlog itself when it starts (rasa.utils.log_utils.configure_structlog: JSON only when not
on a terminal, no timestamp or logger name) and leaves the standard library's records as plain text. So
`rasa_patches.cli` calls `configure()` right after Rasa's own configuration: structlog's events and standard
`logging` records then go through the same `ProcessorFormatter` on one root handler. Sanic installs handlers of its
own when Rasa creates the app; the observability channel puts ours back before the server starts
(`configure_handlers`).

Message text stays out (README "Security and privacy"): the keys Rasa's structlog events carry a person's text in
(the list Rasa's own anonymiser uses) are dropped unless `SENCO_LOG_MESSAGE_TEXT=1`, and a `token=` in a logged
URL is masked.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Mapping

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

from senco_settings import value as setting

TEXT_KEYS = frozenset(
    {
        "text",
        "response_text",
        "user_text",
        "slot_values",
        "parse_data_text",
        "parse_data_entities",
        "prediction_events",
        "tracker_latest_message",
        "prefilled_slots",
        "message",
        "response",
        "slot_candidates",
        "rasa_event",
        "rasa_events",
        "tracker_states",
        "current_states",
        "old_states",
        "successes",
        "current_entity",
        "next_entity",
        "states",
        "entity",
        "token_text",
        "user_message",
        "json_message",
        "slots",
    }
)
"""rasa.utils.log_utils._anonymizer's keys (the ones that can hold what a person typed), and `slots`."""
_TOKEN_IN_URL = re.compile(r"([?&](?:token|access_token)=)[^&\s\"']+")
SANIC_LOGGERS = ("sanic.root", "sanic.error", "sanic.access", "sanic.server")


def log_format(env: Mapping[str, str] = os.environ) -> str:
    return str(setting("SENCO_LOG_FORMAT", env))


def _drop_message_text(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    for key in TEXT_KEYS.intersection(event_dict):
        event_dict[key] = "[not logged]"
    return event_dict


def _mask_tokens(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    event = event_dict.get("event")
    if isinstance(event, str) and "token=" in event:
        event_dict["event"] = _TOKEN_IN_URL.sub(r"\1***", event)
    return event_dict


def _stdlib_level(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """The record's own level name (structlog's add_log_level reads the method name, which foreign records lack)."""
    record = event_dict.get("_record")
    if record is not None:
        event_dict["level"] = record.levelname.lower()
    return event_dict


def _shared() -> list[Processor]:
    return [
        structlog.stdlib.add_log_level,
        structlog.stdlib.add_logger_name,
        structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
    ]


def formatter(env: Mapping[str, str] = os.environ) -> logging.Formatter:
    """The formatter of the root handler: JSON, or coloured text for a terminal."""
    renderer: Processor
    if log_format(env) == "console":
        renderer = structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        finish: list[Processor] = []
    else:
        renderer = structlog.processors.JSONRenderer()
        finish = [structlog.processors.format_exc_info]
    keep_text = bool(setting("SENCO_LOG_MESSAGE_TEXT", env))
    return structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[*_shared(), _stdlib_level, structlog.processors.StackInfoRenderer()],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            *([] if keep_text else [_drop_message_text]),
            _mask_tokens,
            *finish,
            renderer,
        ],
    )


def configure_handlers(env: Mapping[str, str] = os.environ) -> None:
    """One handler, on the root logger, writing to stdout; Sanic's loggers hand their records to it."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(formatter(env))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    for name in SANIC_LOGGERS:
        sanic_logger = logging.getLogger(name)
        sanic_logger.handlers.clear()
        sanic_logger.propagate = True


def configure(log_level: int | None = None, env: Mapping[str, str] = os.environ) -> None:
    """structlog's events and standard logging records, both through `formatter()`; Python warnings logged too."""
    if log_level is None:
        log_level = logging.getLevelName(env.get("LOG_LEVEL") or "INFO")
        if not isinstance(log_level, int):
            log_level = logging.INFO
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            structlog.contextvars.merge_contextvars,
            *_shared(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        context_class=dict,
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.make_filtering_bound_logger(log_level),
        cache_logger_on_first_use=True,
    )
    configure_handlers(env)
    logging.getLogger().setLevel(log_level)
    logging.captureWarnings(True)
