"""When a chat.postMessage is tried again, and when it is given up: never twice on the same person's screen.

A post is not idempotent: Slack has no idempotency key for chat.postMessage, so a post that reached Slack and is
sent again shows the answer twice. The Slack SDK's default handler retries on any dropped or reset connection and on
a read timeout, which are exactly the cases where Slack may already have posted the message and only the answer was
lost. So the channel retries only when the post provably never reached Slack:

- the connection could not be opened (refused, no route, a DNS failure): nothing was sent;
- Slack answered 429 `ratelimited`: Slack says it did not post, and asks to wait `Retry-After` seconds first.

Everything else (a timeout once the request may have been sent, a connection dropped or reset mid-exchange, a 5xx)
is logged once and that post given up: a missing reply can be asked for again, a doubled one cannot be taken back.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

logger = logging.getLogger(__name__)

NOT_SENT_RETRIES = 1  # a refused connection is tried once more (a restart of a proxy, a DNS blip)
RATE_LIMIT_RETRIES = 2  # and a rate-limited post up to twice, after the wait Slack asks for
MAX_RETRY_AFTER_S = 30.0  # a longer wait would hold up the person's conversation: the post is given up instead
DEFAULT_RETRY_AFTER_S = 1.0  # Slack always sends Retry-After with 429; this is for when it does not


def never_sent(error: BaseException | None) -> bool:
    """True only for a failure to open the connection (aiohttp's connector errors: refused, unreachable, DNS),
    where the request provably never left. Certificate and TLS failures never left either, but trying again cannot
    mend them, so they are not counted."""
    return isinstance(error, aiohttp.ClientConnectorError) and not isinstance(error, aiohttp.ClientSSLError)


class NotSentRetryHandler(AsyncRetryHandler):
    """Retries a post whose connection could not be opened, after the SDK's short backoff."""

    def __init__(self, max_retry_count: int = NOT_SENT_RETRIES, **kwargs: Any) -> None:
        super().__init__(max_retry_count, **kwargs)

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is None and never_sent(error)


def retry_after_s(response: HttpResponse) -> float:
    """The seconds a 429 asks to wait (Retry-After in seconds, as Slack sends it), or a second when unreadable."""
    for name, values in response.headers.items():
        if name.lower() == "retry-after" and values:
            try:
                return max(float(values[0]), 0.0)
            except ValueError:
                break
    return DEFAULT_RETRY_AFTER_S


class RateLimitedRetryHandler(AsyncRetryHandler):
    """Retries a post Slack refused with 429, after exactly the Retry-After Slack gave (the SDK's own handler reads
    it too, but waits out any length; here a wait beyond MAX_RETRY_AFTER_S gives the post up)."""

    def __init__(self, max_retry_count: int = RATE_LIMIT_RETRIES, max_wait_s: float = MAX_RETRY_AFTER_S) -> None:
        super().__init__(max_retry_count)
        self.max_wait_s = max_wait_s

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429 and retry_after_s(response) <= self.max_wait_s

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        state.next_attempt_requested = True
        await asyncio.sleep(retry_after_s(response) if response is not None else DEFAULT_RETRY_AFTER_S)
        state.increment_current_attempt()


def retry_handlers() -> list[AsyncRetryHandler]:
    """The channel's retry policy, for AsyncWebClient(retry_handlers=...): nothing else is ever retried."""
    return [NotSentRetryHandler(), RateLimitedRetryHandler()]


def give_up_reason(error: BaseException) -> str:
    """Why a post was given up, for the log: the kind of failure and Slack's error code, never the message text."""
    if isinstance(error, SlackApiError):
        response = error.response
        status = getattr(response, "status_code", None)
        data = getattr(response, "data", None)
        code = data.get("error") if isinstance(data, dict) else None
        if status == 429:
            return "rate limited by Slack (429), not posted"
        if isinstance(status, int) and status >= 500:
            return f"Slack answered {status}; it may have posted, so it is not sent again"
        return f"Slack refused it ({code or f'HTTP {status}'})"
    if never_sent(error):
        return f"Slack could not be reached ({error.__class__.__name__}), not posted"
    return f"{error.__class__.__name__} once the post may have reached Slack; it is not sent again"
