"""The web chat channel: socket.io for the widget in `webchat/`, and the widget itself, on the Rasa port.

Why not Rasa's stock `socketio` channel: it accepts every origin (it switches python-socketio's CORS check off),
never awaits joining the session's room (a coroutine in python-socketio 5, so session persistence silently fails),
trusts every payload (a message that is not a dict raises), and cannot send a custom payload (it spreads the payload
into `emit`'s keyword arguments). This channel keeps the stock wire protocol (`session_request` answered by
`session_confirm`, `user_uttered` in, `bot_uttered` out) and fixes those four things.

Configured in credentials.yml as `channels.webchat.WebChatInput` (see the README's "Web chat" section).
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint
from rasa.shared.exceptions import RasaException
from sanic import Blueprint
from socketio import AsyncServer

from channels.limits import screen
from channels.webchat_assets import add_asset_routes
from observability.metrics import refused

logger = logging.getLogger(__name__)

SESSION_ID = re.compile(r"[0-9a-f]{32}")
"""What the widget makes: 16 random bytes from crypto.getRandomValues, as lowercase hex."""
MAX_METADATA_CHARS = 4000
MAX_HTTP_BUFFER_BYTES = 64 * 1024
ERROR_EVENT = "webchat_error"
"""Sent to the one socket whose input was refused, with `{"error": reason}`: a clear answer instead of silence."""
_SESSION_KEY = "session_id"


class WebChatConfigError(RasaException):
    """A credentials.yml setting for the web chat is wrong. A RasaException, so `rasa run` prints the message and
    exits instead of printing a stack trace."""


class BadInput(ValueError):
    """A socket event the channel refuses; the message is shown to the person as it is."""


def _normalise_origin(text: str) -> str:
    """One allowed origin as a browser writes it in the Origin header (lowercase, no default port, no slash)."""
    parts = urlsplit(text.strip().rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise WebChatConfigError(f"WEBCHAT_ALLOWED_ORIGINS: '{text}' is not an origin like https://www.school.org.uk")
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise WebChatConfigError(
            f"WEBCHAT_ALLOWED_ORIGINS: '{text}' must be scheme://host[:port] only (no path, query or user)"
        )
    try:
        port = parts.port
    except ValueError as error:
        raise WebChatConfigError(f"WEBCHAT_ALLOWED_ORIGINS: '{text}' has a bad port") from error
    host = parts.hostname if ":" not in parts.hostname else f"[{parts.hostname}]"
    default_port = {"http": 80, "https": 443}[parts.scheme]
    return f"{parts.scheme}://{host}" + (f":{port}" if port not in (None, default_port) else "")


def parse_allowed_origins(value: object) -> tuple[str, ...]:
    """WEBCHAT_ALLOWED_ORIGINS: comma-separated origins. Empty means "only the page Rasa serves itself".

    A wildcard is refused rather than honoured: an origin list that allows every site is no restriction, and the
    point of the list is that another website's page cannot talk to the assistant as its visitor.
    """
    if value is None:
        return ()
    if not isinstance(value, str):
        raise WebChatConfigError("WEBCHAT_ALLOWED_ORIGINS must be a comma-separated list of origins")
    entries = [entry.strip() for entry in value.split(",") if entry.strip()]
    if "*" in entries:
        raise WebChatConfigError("WEBCHAT_ALLOWED_ORIGINS: '*' is not allowed; list the sites that embed the chat")
    return tuple(dict.fromkeys(_normalise_origin(entry) for entry in entries))


def own_origins(port: int) -> set[str]:
    """The origins of the demo page as Rasa serves it on this machine (what 'same origin' means here)."""
    suffix = "" if port == 80 else f":{port}"
    return {f"http://127.0.0.1{suffix}", f"http://localhost{suffix}"}


@dataclass(frozen=True)
class OriginPolicy:
    """python-socketio's `cors_allowed_origins` as a callable: the configured list, or else only our own pages.

    The port is read from the listening socket of each request (not from the Host header, which the page's
    author controls), so `RASA_PORT` needs no second place in the configuration.
    """

    allowed: tuple[str, ...] = ()

    def __call__(self, origin: str | None, environ: dict[str, Any]) -> bool:
        if not origin:
            return False
        if self.allowed:
            return origin in self.allowed
        request = environ.get("sanic.request")
        port = getattr(getattr(request, "conn_info", None), "server_port", None)
        return isinstance(port, int) and origin in own_origins(port)


def valid_session_id(value: object) -> str | None:
    """The session id if it has the widget's shape, else None (so a guessable or huge id never names a tracker)."""
    return value if isinstance(value, str) and SESSION_ID.fullmatch(value) else None


@dataclass(frozen=True)
class Incoming:
    """A `user_uttered` event after validation."""

    text: str
    session_id: str | None
    metadata: dict[str, Any] = field(default_factory=dict)


def parse_incoming(data: object, metadata_key: str = "metadata") -> Incoming:
    """Check a `user_uttered` payload: `{"message": str, "session_id": str, "metadata": dict}`; raises BadInput."""
    if not isinstance(data, dict):
        raise BadInput("A message must be an object with a 'message' text.")
    text = data.get("message")
    if not isinstance(text, str):
        raise BadInput("A message needs some text.")
    text = screen(text)  # over the length limit: the too-long intent, answered by the assistant
    if not text:
        raise BadInput("A message needs some text.")
    metadata = data.get(metadata_key)
    if isinstance(metadata, str):  # the stock channel accepts metadata as a JSON string too
        try:
            metadata = json.loads(metadata)
        except ValueError as error:
            raise BadInput("The message's metadata is not valid JSON.") from error
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict) or len(json.dumps(metadata, default=str)) > MAX_METADATA_CHARS:
        raise BadInput("The message's metadata must be a small object.")
    return Incoming(text, valid_session_id(data.get(_SESSION_KEY)), metadata)


def clean_buttons(buttons: Iterable[Any]) -> list[dict[str, str]]:
    """Buttons as the widget draws them: a title shown and a payload sent, both text."""
    return [
        {"title": str(button.get("title") or button.get("payload")), "payload": str(button["payload"])}
        for button in buttons
        if isinstance(button, dict) and button.get("payload")
    ]


class WebChatOutput(OutputChannel):
    """Sends each bot message as one `bot_uttered` event to the session's room (every tab of that session).

    Text is sent whole, never split at blank lines: the answer is one message on every channel. Shapes:
    `{"text"}`, `{"text", "buttons": [{"title", "payload"}]}`, `{"custom": {...}}`, `{"image"}`, `{"attachment"}`.
    """

    @classmethod
    def name(cls) -> str:
        return "webchat"

    def __init__(self, sio: AsyncServer, bot_message_evt: str) -> None:
        self.sio = sio
        self.bot_message_evt = bot_message_evt

    async def _emit(self, recipient_id: str, message: dict[str, Any]) -> None:
        await self.sio.emit(self.bot_message_evt, message, room=recipient_id)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._emit(recipient_id, {"text": text})

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._emit(recipient_id, {"text": text, "buttons": clean_buttons(buttons)})

    async def send_quick_replies(
        self, recipient_id: str, text: str, quick_replies: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self.send_text_with_buttons(recipient_id, text, quick_replies)

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        await self._emit(recipient_id, {"custom": json_message})

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._emit(recipient_id, {"image": image})

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:  # type: ignore[override]
        await self._emit(recipient_id, {"attachment": attachment})


def _setting(credentials: dict[str, Any], key: str, default: Any, kind: type) -> Any:
    value = credentials.get(key)
    if value is None or value == "":
        return default
    if not isinstance(value, kind):
        raise WebChatConfigError(
            f"credentials.yml, {WebChatInput.__module__}.WebChatInput: '{key}' must be a {kind.__name__}"
        )
    return value


class WebChatInput(InputChannel):
    """The web chat's input side: socket.io on `socketio_path`, the widget and demo page under /webchat/."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = credentials or {}
        return cls(
            allowed_origins=parse_allowed_origins(credentials.get("allowed_origins")),
            user_message_evt=_setting(credentials, "user_message_evt", "user_uttered", str),
            bot_message_evt=_setting(credentials, "bot_message_evt", "bot_uttered", str),
            session_persistence=_setting(credentials, "session_persistence", True, bool),
            socketio_path=_setting(credentials, "socketio_path", "/socket.io", str),
        )

    def __init__(
        self,
        allowed_origins: tuple[str, ...] = (),
        user_message_evt: str = "user_uttered",
        bot_message_evt: str = "bot_uttered",
        session_persistence: bool = True,
        socketio_path: str = "/socket.io",
    ) -> None:
        self.allowed_origins = allowed_origins
        self.user_message_evt = user_message_evt
        self.bot_message_evt = bot_message_evt
        self.session_persistence = session_persistence
        self.socketio_path = socketio_path
        self.sio: AsyncServer | None = None

    def url_prefix(self) -> str:
        """Rasa mounts a channel at urljoin('/webhooks/', url_prefix()): an absolute prefix puts the widget's
        files at /webchat/ (a short address to give a school) instead of /webhooks/webchat/."""
        return "/webchat"

    def get_output_channel(self) -> OutputChannel | None:
        return WebChatOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=OriginPolicy(self.allowed_origins),
            max_http_buffer_size=MAX_HTTP_BUFFER_BYTES,
        )
        self.sio = sio
        blueprint = SocketBlueprint(sio, self.socketio_path, "webchat", __name__)
        add_asset_routes(blueprint)
        handlers = _SocketHandlers(sio, on_new_message, self)
        sio.on("session_request", handlers.session_request)
        sio.on(self.user_message_evt, handlers.user_message)
        return blueprint


class _SocketHandlers:
    """The socket events. Every handler takes `*args`, so a client that sends too few or too many arguments gets
    an answer, not a TypeError inside python-socketio."""

    def __init__(
        self, sio: AsyncServer, on_new_message: Callable[[UserMessage], Awaitable[Any]], channel: WebChatInput
    ) -> None:
        self.sio = sio
        self.on_new_message = on_new_message
        self.channel = channel

    async def refuse(self, sid: str, reason: str) -> None:
        logger.info("webchat: refused input from socket %s: %s", sid, reason)
        await self.sio.emit(ERROR_EVENT, {"error": reason}, room=sid)

    async def session_request(self, sid: str, *args: Any) -> None:
        """Join the session the widget keeps (a new one when it sent none, or one of the wrong shape)."""
        data = args[0] if args and isinstance(args[0], dict) else {}
        session_id = valid_session_id(data.get(_SESSION_KEY)) or uuid.uuid4().hex
        if self.channel.session_persistence:
            await self._bind(sid, session_id)
        await self.sio.emit("session_confirm", session_id, room=sid)

    async def _bind(self, sid: str, session_id: str) -> None:
        async with self.sio.session(sid) as session:
            previous = session.get(_SESSION_KEY)
            if previous and previous != session_id:
                await self.sio.leave_room(sid, previous)
            await self.sio.enter_room(sid, session_id)
            session[_SESSION_KEY] = session_id

    async def user_message(self, sid: str, *args: Any) -> None:
        try:
            incoming = parse_incoming(args[0] if args else None)
        except BadInput as error:
            refused("webchat", "bad_body")
            await self.refuse(sid, str(error))
            return
        sender = sid
        if self.channel.session_persistence:
            if incoming.session_id is None:
                refused("webchat", "session")
                await self.refuse(sid, "This message has no valid session id; reload the page to start a session.")
                return
            bound = (await self.sio.get_session(sid)).get(_SESSION_KEY)
            if bound is None:
                await self._bind(sid, incoming.session_id)
            elif bound != incoming.session_id:
                refused("webchat", "session")
                await self.refuse(sid, "This message names a different session from the one this page joined.")
                return
            sender = incoming.session_id
        output = WebChatOutput(self.sio, self.channel.bot_message_evt)
        message = UserMessage(
            incoming.text, output, sender, input_channel=self.channel.name(), metadata=incoming.metadata
        )
        try:
            await self.on_new_message(message)
        except Exception:  # the person gets a sentence; the log gets the details
            logger.exception("webchat: handling a message failed")
            await self.refuse(sid, "Sorry, something went wrong on the server. Please try again in a moment.")
