"""Every metric the assistant exports, defined once, with label values from short fixed lists.

Why fixed lists: a label value that comes from a request (a channel name, a reason, an outcome) could otherwise
grow the metric without bound, or carry something a person typed. Anything not in a list is counted as "other".

Several Sanic workers (`SANIC_WORKERS` > 1) each count in their own process; prometheus_client's multiprocess
mode adds them up when `PROMETHEUS_MULTIPROC_DIR` is set before this module is imported (tools/serve_rasa.sh sets
it to a fresh private directory). With one process the counts live in memory.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from rules_engine import OUTCOMES

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"

CHANNELS = ("rest", "webchat", "slack", "teams", "cmdline")
"""The channels a message can arrive on (Rasa's input channel names; the web chat's socket.io is "webchat")."""
_CHANNEL_ALIASES = {"socketio": "webchat", "msteams": "teams", "botframework": "teams"}

REFUSAL_REASONS = (
    "signature",  # a Slack request not signed with the signing secret, or signed too long ago
    "auth",  # a Teams request without a valid Bot Framework token
    "tenant",  # a Teams activity from another Microsoft tenant
    "keys",  # the Bot Framework signing keys cannot be read (503)
    "origin",  # a browser request from a website not allowed to use the assistant
    "bad_body",  # a body or socket event of the wrong shape
    "session",  # a web chat message with no session, or another page's session
    "too_long",  # a message over SENCO_MAX_MESSAGE_CHARS (answered, but its text not read)
)

OTHER = "other"

REGISTRY = CollectorRegistry(auto_describe=True)

MESSAGES = Counter("senco_messages", "Messages that reached the assistant, by channel", ["channel"], registry=REGISTRY)
ASSESSMENTS = Counter(
    "senco_assessments", "Answers given, by the outcome id of the assessment", ["outcome"], registry=REGISTRY
)
FALLBACKS = Counter(
    "senco_fallbacks",
    "Messages the assistant could not understand (NLU fallback, or Rasa's default fallback action)",
    registry=REGISTRY,
)
ACTION_FAILURES = Counter(
    "senco_action_failures",
    "Turns ended with 'try again shortly' because the action server failed",
    registry=REGISTRY,
)
STORE_FAILURES = Counter(
    "senco_store_failures",
    "Turns ended with 'try again shortly' because a store did not answer",
    ["store"],
    registry=REGISTRY,
)
REFUSALS = Counter(
    "senco_channel_refusals",
    "Requests a channel refused, by channel and reason",
    ["channel", "reason"],
    registry=REGISTRY,
)
RESPONSE_SECONDS = Histogram(
    "senco_response_seconds",
    "Seconds from a message reaching the assistant to its answer (lock wait included)",
    buckets=(0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
    registry=REGISTRY,
)


def channel_label(name: str | None) -> str:
    """A channel name from Rasa, as one of CHANNELS or "other"."""
    name = _CHANNEL_ALIASES.get(name or "", name or "")
    return name if name in CHANNELS else OTHER


def outcome_label(outcome: object) -> str:
    """An assessment's outcome id, as one of the rules engine's OUTCOMES or "other"."""
    return outcome if isinstance(outcome, str) and outcome in OUTCOMES else OTHER


def refused(channel: str, reason: str) -> None:
    """Count one refused request. Never raises: counting must not change what a channel answers."""
    REFUSALS.labels(channel=channel_label(channel), reason=reason if reason in REFUSAL_REASONS else OTHER).inc()


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROCESS_ENV) or None


def render() -> bytes:
    """The Prometheus text format: this process's counts, or every worker's added up in multiprocess mode."""
    if multiprocess_dir():
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        return generate_latest(registry)
    return generate_latest(REGISTRY)
