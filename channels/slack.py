"""The Slack channel: Rasa's `SlackInput`, hardened, at `/webhooks/slack/webhook` (assessment-contract.md section 4).

Why not the stock connector as it is: it answers a bad signature with 400 (the contract says 401); it answers a
retried or repeated event again unless Slack's retry reason was a timeout; it passes a custom payload straight to
chat.postMessage and posts text as `mrkdwn`, so a person's `<!channel>` could come back as a real mention; it
builds a Slack client per turn, always for slack.com (GovSlack needs another API URL); and some malformed bodies
get a 500. What is kept: its name (so the webhook path), its credentials' names, its check at start-up that a
signing secret is set, its reading of interactive actions and its background tasks for messages.

Order of work for every request: signature and timestamp (401), then the body's shape (400), then the
url_verification challenge, then duplicates (200, nothing more), then the message goes to Rasa in the background
and Slack gets its 200 at once, well inside its 3 seconds.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import os
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

import aiohttp
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackClientError
from slack_sdk.web.async_client import AsyncWebClient

from actions.payload import PAYLOAD_TYPE
from observability.metrics import refused

from .limits import screen
from .slack_blocks import assessment_message, leading_mention, text_message, user_text
from .slack_deliveries import DeliveryLog, MemoryDeliveryLog, delivery_log_from_env
from .slack_retries import give_up_reason, retry_handlers

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
MAX_CLOCK_SKEW_S = 5 * 60  # Slack's advice: refuse a request signed more than five minutes from now (replays)
API_TIMEOUT_S = 10
GREETING = "/greet"  # what a bare "@assistant" means: say hello and offer the buttons
# Every post: Slack parses no markup, names or links in the top-level text and previews no link.
INERT = {"mrkdwn": False, "parse": "none", "link_names": False, "unfurl_links": False, "unfurl_media": False}

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


# --- authentication ----------------------------------------------------------------------------------------------


def signature_refusal(secret: str, timestamp: str | None, body: bytes, signature: str | None, now: float) -> str | None:
    """Why a request is not from Slack, or None when it is: a `v0` HMAC-SHA256 of `v0:{timestamp}:{body}` with the
    signing secret, compared in constant time, and a timestamp within five minutes of `now`."""
    if not timestamp or not signature:
        return "missing X-Slack-Request-Timestamp or X-Slack-Signature"
    if not re.fullmatch(r"[0-9]{1,12}", timestamp):
        return "timestamp is not a number of seconds"
    if abs(now - int(timestamp)) > MAX_CLOCK_SKEW_S:
        return "timestamp more than five minutes from now (a replay?)"
    signed = b"v0:" + timestamp.encode() + b":" + body
    expected = "v0=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        return "signature does not match the signing secret"
    return None


# --- what a request says -----------------------------------------------------------------------------------------


class PayloadError(ValueError):
    """A body Slack would never send: answered 400 with this message, never a stack trace."""


@dataclass(frozen=True)
class Challenge:
    """Slack's url_verification: echoed back once the signature is good."""

    value: str


@dataclass(frozen=True)
class SlackMessage:
    """A person's message (or button click) bound for the assistant, and where the reply goes.

    `thread_ts` is the thread to reply in (None: the top level of a DM). `keys` identify the delivery, so that a
    retry or a second delivery of the same message is recognised and never answered twice.
    """

    text: str
    user: str
    channel: str
    thread_ts: str | None
    keys: tuple[str, ...] = field(default=())

    @property
    def conversation_id(self) -> str:
        return conversation_id(self.user, self.channel, self.thread_ts)


def is_direct_message(channel: str) -> bool:
    """Slack's ids for a DM with the app start with "D" (channels "C", private channels "G")."""
    return channel.startswith("D")


def conversation_id(user: str, channel: str, thread_ts: str | None) -> str:
    """One conversation per person per DM, and per person per thread in a channel: two people in one thread, or
    one person in two threads, never share facts. Slack ids and timestamps never contain "_", so the id can be
    read back (`reply_target`)."""
    if is_direct_message(channel) or not thread_ts:
        return f"{user}_{channel}"
    return f"{user}_{channel}_{thread_ts}"


def reply_target(sender_id: str) -> tuple[str, str | None]:
    """The channel and thread a conversation id belongs to, for messages Rasa sends on its own (HTTP API)."""
    parts = sender_id.split("_")
    channel = parts[1] if len(parts) > 1 else sender_id
    return channel, (parts[2] if len(parts) > 2 else None)


def _require(container: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = container.get(key)
    if not isinstance(value, kind) or (kind is str and not value):
        raise PayloadError(f"{where}.{key} is missing or not a {'string' if kind is str else kind.__name__}")
    return value


def read_body(content_type: str, body: bytes) -> dict[str, Any]:
    """The JSON document a request carries: the body itself (Events API), or the `payload` field of a form
    (interactivity, e.g. a button click)."""
    try:
        text = body.decode("utf-8")
        if content_type.split(";")[0].strip().lower() == "application/x-www-form-urlencoded":
            values = parse_qs(text, keep_blank_values=True).get("payload")
            if not values:
                raise PayloadError("form body has no payload field")
            text = values[0]
        document = json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PayloadError(f"body is not valid JSON: {error}") from None
    if not isinstance(document, dict):
        raise PayloadError("body is not a JSON object")
    return document


def bot_user_ids(envelope: Mapping[str, Any]) -> set[str]:
    """The app's own bot user ids, from the event's authorizations (or the older `authed_users`)."""
    ids = {a.get("user_id") for a in envelope.get("authorizations") or [] if isinstance(a, dict) and a.get("is_bot")}
    ids.update(user for user in envelope.get("authed_users") or [] if isinstance(user, str))
    return {user for user in ids if isinstance(user, str)}


def message_from_event(envelope: Mapping[str, Any]) -> SlackMessage | None:
    """The person's message in an event_callback, or None for anything the assistant does not answer: bot
    messages (its own included), edits, deletions and other subtypes, channel messages that do not mention it,
    and other event types."""
    event = _require(envelope, "event", dict, "body")
    event_id = _require(envelope, "event_id", str, "body")
    kind = _require(event, "type", str, "event")
    if kind not in ("message", "app_mention") or event.get("subtype") or event.get("bot_id"):
        return None
    channel = _require(event, "channel", str, "event")
    if (kind == "message") != is_direct_message(channel):
        return None  # DMs arrive as message.im; in channels only a mention is meant for the assistant
    user, ts = _require(event, "user", str, "event"), _require(event, "ts", str, "event")
    raw = event.get("text")
    if not isinstance(raw, str):
        raise PayloadError("event.text is missing or not a string")
    bots = bot_user_ids(envelope)
    if user in bots:
        return None
    if kind == "app_mention" and not bots:
        bots = {leading_mention(raw) or ""}
    thread = event.get("thread_ts") if isinstance(event.get("thread_ts"), str) else None
    if kind == "app_mention" and not thread:
        thread = ts  # a mention in a channel is answered in a thread under it, not in the channel itself
    keys = (f"event:{event_id}", f"message:{channel}:{ts}")
    return SlackMessage(screen(user_text(raw, bots)) or GREETING, user, channel, thread, keys)


def message_from_action(payload: Mapping[str, Any]) -> SlackMessage | None:
    """A button click (block_actions) as the person's message: the button's value, which is the Rasa payload it
    was given. None for a button without a value (a link)."""
    user = _require(_require(payload, "user", dict, "payload"), "id", str, "payload.user")
    channel = _require(_require(payload, "channel", dict, "payload"), "id", str, "payload.channel")
    actions = _require(payload, "actions", list, "payload")
    if not actions or not isinstance(actions[0], dict):
        raise PayloadError("payload.actions has no action")
    _require(actions[0], "type", str, "payload.actions[0]")
    value = SlackInput._get_interactive_response(actions[0])
    value = screen(value) if isinstance(value, str) else None
    if not value:
        return None
    message = payload.get("message") if isinstance(payload.get("message"), dict) else {}
    container = payload.get("container") if isinstance(payload.get("container"), dict) else {}
    thread = message.get("thread_ts") or container.get("thread_ts")
    thread = thread if isinstance(thread, str) else None
    delivery = payload.get("trigger_id") or actions[0].get("action_ts")
    return SlackMessage(value, user, channel, thread, (f"action:{delivery}",) if delivery else ())


def parse_request(content_type: str, body: bytes) -> Challenge | SlackMessage | None:
    """What a signed request asks for: a challenge to echo, a message for the assistant, or nothing to do."""
    document = read_body(content_type, body)
    kind = _require(document, "type", str, "body")
    if kind == "url_verification":
        return Challenge(_require(document, "challenge", str, "body"))
    if kind == "event_callback":
        return message_from_event(document)
    if kind == "block_actions":
        return message_from_action(document)
    return None  # other interactions and Events API notices (app_rate_limited...) need only a 200


# --- out ---------------------------------------------------------------------------------------------------------


def web_client(token: str, api_url: str, timeout_s: float = API_TIMEOUT_S) -> AsyncWebClient:
    """The one non-blocking Slack client the channel uses. It tries a post again only when the post provably did
    not reach Slack (slack_retries): a connection that could not be opened, or Slack's 429 after its Retry-After."""
    return AsyncWebClient(
        token,
        base_url=api_url or DEFAULT_API_URL,
        timeout=timeout_s,  # type: ignore[arg-type]  # aiohttp takes seconds as a float; the SDK's hint says int
        retry_handlers=retry_handlers(),
    )


class SlackOutput(OutputChannel):
    """Posts the assistant's turns with chat.postMessage as Block Kit, in the person's DM or thread.

    Not Rasa's `SlackBot`: that one creates a client per turn, posts `mrkdwn` text and sends custom payloads to
    Slack as API arguments. A failed post is logged once (without its text) and the conversation carries on; it is
    tried again only when it provably never reached Slack (slack_retries), so no answer is ever shown twice."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    def __init__(self, client: AsyncWebClient, channel: str | None = None, thread_ts: str | None = None) -> None:
        super().__init__()
        self.client, self.channel, self.thread_ts = client, channel, thread_ts

    async def _post(self, recipient_id: str, message: dict[str, Any] | None) -> None:
        if message is None:
            return
        channel, thread_ts = (self.channel, self.thread_ts) if self.channel else reply_target(recipient_id)
        try:
            await self.client.chat_postMessage(channel=channel, thread_ts=thread_ts, **INERT, **message)
        except (SlackClientError, aiohttp.ClientError, asyncio.TimeoutError) as error:
            logger.error("Slack chat.postMessage to %s failed: %s", channel, give_up_reason(error))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._post(recipient_id, text_message(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._post(recipient_id, text_message(text, buttons))

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        """The answer's payload as blocks; any other custom payload is for other channels and is not shown."""
        if json_message.get("type") == PAYLOAD_TYPE:
            await self._post(recipient_id, assessment_message(json_message))
        else:
            logger.info("Custom payload of type %r has no Slack rendering; not shown", json_message.get("type"))

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        """Only a text attachment is shown: anything else would be posted as raw data."""
        if isinstance(attachment, str):
            await self.send_text_message(recipient_id, attachment)


# --- in ----------------------------------------------------------------------------------------------------------


class SlackOff(InputChannel):
    """Slack when SLACK_TOKEN or SLACK_SIGNING_SECRET is empty: no route at all, so the webhook is a 404 and
    Rasa starts as usual."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        return Blueprint("slack_webhook_off")


@dataclass(frozen=True)
class Verdict:
    """How the webhook answers a request, and the message (if any) to hand to the assistant."""

    status: int
    body: dict[str, Any]
    message: SlackMessage | None = None


class SlackChannel(SlackInput):
    """Slack's Events API and interactivity at `/webhooks/slack/webhook`, configured from the environment."""

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        """Off (a 404) unless both the token and the signing secret are set; an empty api_url means slack.com."""
        settings = credentials or {}
        token, secret = settings.get("slack_token") or "", settings.get("slack_signing_secret") or ""
        if not token or not secret:
            if token or secret:
                logger.warning("Slack is off: SLACK_TOKEN and SLACK_SIGNING_SECRET must both be set")
            return SlackOff()
        api_url = str(settings.get("api_url") or DEFAULT_API_URL)
        return cls(str(token), str(secret), api_url, delivery_log_from_env(os.environ))

    def __init__(
        self,
        slack_token: str,
        slack_signing_secret: str,
        api_url: str = DEFAULT_API_URL,
        deliveries: DeliveryLog | None = None,
    ) -> None:
        super().__init__(slack_token, slack_signing_secret=slack_signing_secret, use_threads=True)
        self.api_url = api_url
        self.client = web_client(slack_token, api_url)
        self.deliveries: DeliveryLog = deliveries or MemoryDeliveryLog()

    async def verdict(self, headers: Mapping[str, str], body: bytes) -> Verdict:
        """The whole decision for one request, apart from Sanic, in the order the module docstring gives."""
        refusal = signature_refusal(
            self.slack_signing_secret,
            headers.get("X-Slack-Request-Timestamp"),
            body,
            headers.get("X-Slack-Signature"),
            time.time(),
        )
        if refusal:
            logger.warning("Slack request refused: %s", refusal)
            refused("slack", "signature")
            return Verdict(HTTPStatus.UNAUTHORIZED, {"error": "request is not signed by Slack, or is too old"})
        try:
            parsed = parse_request(headers.get("Content-Type") or "", body)
        except PayloadError as error:
            refused("slack", "bad_body")
            return Verdict(HTTPStatus.BAD_REQUEST, {"error": str(error)})
        if isinstance(parsed, Challenge):
            return Verdict(HTTPStatus.OK, {"challenge": parsed.value})
        if parsed is None:
            return Verdict(HTTPStatus.OK, {"ok": True})
        if not await self.deliveries.first_delivery(parsed.keys):
            retry = headers.get("X-Slack-Retry-Num")
            logger.info("Slack delivery already handled%s: %s", f" (retry {retry})" if retry else "", parsed.keys)
            return Verdict(HTTPStatus.OK, {"ok": True, "duplicate": True})
        return Verdict(HTTPStatus.OK, {"ok": True}, parsed)

    def hand_over(self, message: SlackMessage, on_new_message: OnNewMessage) -> None:
        """Give the message to Rasa in a background task, so Slack gets its 200 now rather than after the turn."""
        user_message = UserMessage(
            message.text,
            self.get_output_channel(message.channel, message.thread_ts),
            message.conversation_id,
            input_channel=self.name(),
            metadata={"slack": {"user": message.user, "channel": message.channel, "thread_ts": message.thread_ts}},
        )
        task = asyncio.create_task(self._handle(user_message, on_new_message))
        self._background_tasks.add(task)
        task.add_done_callback(self._background_tasks.discard)

    @staticmethod
    async def _handle(user_message: UserMessage, on_new_message: OnNewMessage) -> None:
        try:
            await on_new_message(user_message)
        except Exception:  # a background task: nobody else would see the error
            logger.exception("Slack message for %s could not be handled", user_message.sender_id)

    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        slack_webhook = Blueprint("slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @slack_webhook.route("/webhook", methods=["GET", "POST"])
        async def webhook(request: Request) -> HTTPResponse:
            verdict = await self.verdict(request.headers, request.body)
            if verdict.message is not None:
                self.hand_over(verdict.message, on_new_message)
            return response.json(verdict.body, status=verdict.status)

        @slack_webhook.listener("before_server_start")
        async def open_session(*_: Any) -> None:
            """One HTTP session for every post, so turns reuse the connection to Slack (created in the loop)."""
            self.client.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=API_TIMEOUT_S))

        @slack_webhook.listener("after_server_stop")
        async def close_session(*_: Any) -> None:
            if self.client.session is not None:
                await self.client.session.close()

        return slack_webhook

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return SlackOutput(self.client, channel, thread_id)
