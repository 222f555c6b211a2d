"""The REST channel (`POST /webhooks/rest/webhook`), with its input checked before Rasa sees it.

Rasa's stock `rest` channel trusts the body: a JSON array, a number as `sender` or a non-string `message` raise
inside Rasa (logged with the text) and the caller gets an empty 200; it lets the caller name another input
channel; and it logs the message text when a turn fails. This subclass keeps the stock name (so the URL is the
same) and the stock answer (a JSON list of bot messages), but refuses a bad body with 400 and
`{"error": ..., "field": ...}`, and passes the text through the shared limits (channels/limits.py).

A browser sends any page's form or `fetch` here (a "simple" cross-origin POST needs no CORS preflight), so a request
carrying an `Origin` header is refused with 403 unless it is one of the web chat's allowed origins (the same list,
`allowed_origins` in credentials.yml, and the same default: only the page Rasa serves itself). Servers and `curl`
send no Origin and are not affected.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.limits import MAX_SENDER_CHARS, clean_sender, max_message_chars, screen
from channels.webchat import OriginPolicy, parse_allowed_origins
from observability.metrics import refused

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 64 * 1024
"""Far above any real message (the text limit is about a thousand characters); a bigger body is refused unread."""
MAX_METADATA_CHARS = 4000


class RestPayloadError(ValueError):
    """A body the channel refuses; `field` names what is wrong."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class RestMessage:
    sender: str
    text: str
    metadata: dict[str, Any] | None


def parse_rest_body(body: bytes) -> RestMessage:
    """`{"sender": str, "message": str, "metadata"?: object}`, checked; raises RestPayloadError."""
    if len(body) > MAX_BODY_BYTES:
        raise RestPayloadError("body", f"the body is larger than {MAX_BODY_BYTES} bytes")
    try:
        document = json.loads(body or b"")
    except (ValueError, RecursionError) as error:
        raise RestPayloadError("body", "the body is not valid JSON") from error
    if not isinstance(document, dict):
        raise RestPayloadError("body", 'the body must be a JSON object: {"sender": "...", "message": "..."}')
    if "sender" not in document:
        raise RestPayloadError("sender", "sender is missing: the conversation id, a string")
    sender = clean_sender(document["sender"])
    if sender is None:
        raise RestPayloadError(
            "sender", f"sender must be a string of 1 to {MAX_SENDER_CHARS} characters with no control characters"
        )
    if "message" not in document:
        raise RestPayloadError("message", "message is missing: the text the person typed")
    if not isinstance(document["message"], str):
        raise RestPayloadError("message", "message must be a string")
    text = screen(document["message"])
    if not text:
        raise RestPayloadError("message", "message is empty")
    metadata = document.get("metadata")
    if metadata is not None and (
        not isinstance(metadata, dict) or len(json.dumps(metadata, default=str)) > MAX_METADATA_CHARS
    ):
        raise RestPayloadError("metadata", f"metadata must be a JSON object under {MAX_METADATA_CHARS} characters")
    return RestMessage(sender, text, metadata)


class CheckedRestInput(RestInput):
    """`rest` in credentials.yml's place: same name and URL, checked input, no text in the logs."""

    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> CheckedRestInput:
        max_message_chars()  # a bad SENCO_MAX_MESSAGE_CHARS stops the server at start, not each message later
        return cls(allowed_origins=parse_allowed_origins((credentials or {}).get("allowed_origins")))

    def __init__(self, allowed_origins: tuple[str, ...] = ()) -> None:
        self.origins = OriginPolicy(allowed_origins)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("checked_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            origin = request.headers.get("Origin")
            if origin is not None and not self.origins(origin, {"sanic.request": request}):
                refused("rest", "origin")
                return response.json({"error": "this website may not use the assistant", "field": "Origin"}, status=403)
            try:
                message = parse_rest_body(request.body)
            except RestPayloadError as error:
                refused("rest", "bad_body")
                return response.json({"error": str(error), "field": error.field}, status=400)
            collector = CollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(
                        message.text, collector, message.sender, input_channel=self.name(), metadata=message.metadata
                    )
                )
            except Exception:  # as the stock channel: the caller gets what was said so far; the log, no text
                logger.exception("rest: handling a message for conversation %s failed", message.sender)
            return response.json(collector.messages)

        return webhook
