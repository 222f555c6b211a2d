"""Microsoft Teams for the assistant: a Rasa input channel at /webhooks/teams/webhook, registered in credentials.yml
as `channels.teams.TeamsInput` and configured from TEAMS_* variables (assessment-contract.md section 4).

Not Rasa's stock `botframework` connector, because that one fetches Microsoft's keys with blocking calls when the
server starts (so no start without network) and trusts any token those keys sign, whatever its issuer, key
endorsements or serviceUrl; asks the retired multi-tenant token endpoint for its access token; posts replies with
blocking calls; splits answers at blank lines; and posts custom payloads to people as raw JSON.

A request is believed only with a valid Bot Framework token whose serviceurl claim is the activity's serviceUrl
(teams_auth); a refused one gets 401 and reaches no conversation. Replies, which carry the app's access token, go
only to https service URLs (and http on loopback with TEAMS_ALLOW_LOOPBACK_HTTP=1, for tests). A message is one
turn for the person who sent it, in its Teams conversation; the replies go back through the Bot Connector as plain
text and cards (teams_activity).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import yarl
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from observability.metrics import refused
from senco_settings import value as setting

from .teams_activity import (
    ActivityError,
    ForeignTenant,
    ReplyTarget,
    TeamsMessage,
    buttons_activity,
    custom_activity,
    image_activity,
    read_activity,
    text_activity,
)
from .teams_auth import (
    DEFAULT_OPENID_URL,
    DEFAULT_TOKEN_URL,
    RETRY_AFTER_FAILURE_S,
    AccessTokens,
    AuthError,
    HttpFailure,
    JsonHttp,
    KeyServerUnavailable,
    OpenIdKeys,
    TokenUnavailable,
    bearer_token,
    check_service_url,
    reply_url_refusal,
    service_url_claim,
    signing_key_id,
    verify_token,
)

logger = logging.getLogger(__name__)

# credentials.yml key -> the environment variable it is read from (through `${VAR}` in credentials.yml)
VARIABLES = {
    "app_id": "TEAMS_APP_ID",
    "app_password": "TEAMS_APP_PASSWORD",
    "tenant_id": "TEAMS_TENANT_ID",
    "openid_url": "TEAMS_OPENID_URL",
    "token_url": "TEAMS_TOKEN_URL",
}
_REQUIRED = ("app_id", "app_password", "tenant_id")
# characters a path segment may hold as they are (RFC 3986 pchar), so Teams conversation ids ("19:...@thread.tacv2;
# messageid=...") reach the Bot Connector as written; anything else is percent-encoded
_SEGMENT_SAFE = ":@!$&'()*+,;="


@dataclass(frozen=True)
class TeamsSettings:
    app_id: str
    app_password: str = field(repr=False)
    tenant_id: str
    openid_url: str
    token_url: str
    allow_loopback_http: bool = False  # TEAMS_ALLOW_LOOPBACK_HTTP: replies may also go to http on loopback (tests)

    @classmethod
    def from_credentials(cls, credentials: Mapping[str, Any] | None) -> TeamsSettings | None:
        """The settings, or None when the channel is off: with no app id, password and tenant there is nobody to
        answer as, and the rest of the assistant must still start. A half-filled set is off too, with a warning
        naming what is missing."""
        values = {key: _setting(credentials, key) for key in VARIABLES}
        missing = [VARIABLES[key] for key in _REQUIRED if not values[key]]
        if len(missing) == len(_REQUIRED):
            logger.info("Teams channel off: %s are empty", ", ".join(missing))
            return None
        if missing:
            logger.warning("Teams channel off: %s empty (all of %s are needed)", ", ".join(missing), _required_names())
            return None
        tenant = values["tenant_id"]
        return cls(
            app_id=values["app_id"],
            app_password=values["app_password"],
            tenant_id=tenant,
            openid_url=values["openid_url"] or DEFAULT_OPENID_URL,
            token_url=values["token_url"] or DEFAULT_TOKEN_URL.format(tenant_id=quote(tenant, safe="")),
            allow_loopback_http=setting("TEAMS_ALLOW_LOOPBACK_HTTP"),
        )


def _setting(credentials: Mapping[str, Any] | None, key: str) -> str:
    value = (credentials or {}).get(key)
    return "" if value is None else str(value).strip()


def _required_names() -> str:
    return ", ".join(VARIABLES[key] for key in _REQUIRED)


def activities_url(target: ReplyTarget) -> yarl.URL:
    """The Bot Connector's "send to conversation" endpoint for this conversation (the reply names the activity it
    answers in `replyToId`; Teams threads replies by the conversation id, which already names a channel thread)."""
    conversation = quote(target.conversation_id, safe=_SEGMENT_SAFE)
    return yarl.URL(f"{target.service_url.rstrip('/')}/v3/conversations/{conversation}/activities", encoded=True)


class BotConnector:
    """Posts replies to the Bot Connector with the app's access token. A failure is logged and the conversation
    carries on: a reply that cannot be delivered must not lose the person's answers.

    The address is checked again here, on the very URL posted to, although the webhook already refused activities
    whose serviceUrl is not allowed: this is the one place the access token leaves the process, so no other path
    (a reply Rasa sends on its own, a later change to the webhook) can send it to plain http or another host. Nor
    is a redirect followed: the Bot Connector never redirects a reply."""

    def __init__(self, http: JsonHttp, tokens: AccessTokens, allow_loopback_http: bool = False) -> None:
        self._http = http
        self._tokens = tokens
        self._allow_loopback_http = allow_loopback_http

    async def send(self, target: ReplyTarget, activity: Mapping[str, Any]) -> bool:
        url = activities_url(target)
        refusal = reply_url_refusal(url, self._allow_loopback_http)
        if refusal is not None:
            logger.error("Teams: reply not sent to conversation %s: %s", target.conversation_id, refusal)
            return False
        try:
            token = await self._tokens.token()
        except TokenUnavailable as error:
            logger.error("Teams: reply not sent to conversation %s: %s", target.conversation_id, error)
            return False
        try:
            await self._http.request_json(
                "POST", url, json=addressed(activity, target), headers=_bearer(token), allow_redirects=False
            )
        except HttpFailure as error:
            if error.status == 401:
                self._tokens.forget()
            logger.error("Teams: reply not sent to conversation %s: %s", target.conversation_id, error)
            return False
        return True


def addressed(activity: Mapping[str, Any], target: ReplyTarget) -> dict[str, Any]:
    """The activity addressed from the bot to the person, in their conversation, as a reply to their message."""
    reply = {
        **activity,
        "recipient": {k: target.user[k] for k in ("id", "name") if isinstance(target.user.get(k), str)},
        "conversation": {"id": target.conversation_id},
    }
    if target.bot is not None:
        reply["from"] = {k: target.bot[k] for k in ("id", "name") if isinstance(target.bot.get(k), str)}
    if target.activity_id is not None:
        reply["replyToId"] = target.activity_id
    return reply


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class TeamsOutput(OutputChannel):
    """The replies of one turn, rendered for Teams (teams_activity) and posted through the Bot Connector."""

    def __init__(self, connector: BotConnector, target: ReplyTarget) -> None:
        self._connector = connector
        self._target = target

    @classmethod
    def name(cls) -> str:
        return TeamsInput.name()

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        if text:
            await self._connector.send(self._target, text_activity(text))

    async def send_text_with_buttons(
        self, recipient_id: str, text: str, buttons: list[dict[str, Any]], **kwargs: Any
    ) -> None:
        await self._connector.send(self._target, buttons_activity(text, buttons))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        activity = image_activity(image)
        if activity is None:
            logger.debug("Teams: skipped an image that is not an http(s) URL")
            return
        await self._connector.send(self._target, activity)

    async def send_attachment(self, recipient_id: str, attachment: Any, **kwargs: Any) -> None:
        logger.debug("Teams: skipped an attachment (this channel does not render attachments)")

    async def send_elements(self, recipient_id: str, elements: Any, **kwargs: Any) -> None:
        logger.debug("Teams: skipped carousel elements (this channel does not render them)")

    async def send_custom_json(self, recipient_id: str, json_message: dict[str, Any], **kwargs: Any) -> None:
        activity = custom_activity(json_message)
        if activity is None:
            kind = json_message.get("type") if isinstance(json_message, dict) else None
            logger.debug("Teams: skipped a custom payload it does not render (type %r)", kind)
            return
        await self._connector.send(self._target, activity)


class TeamsInput(InputChannel):
    """The webhook Microsoft's Bot Connector posts Teams activities to."""

    @classmethod
    def name(cls) -> str:
        return "teams"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls(TeamsSettings.from_credentials(credentials))

    def __init__(self, settings: TeamsSettings | None) -> None:
        """Builds the clients only: nothing is fetched until the first request arrives."""
        self.settings = settings
        self._http = JsonHttp()
        if settings is not None:
            self._keys = OpenIdKeys(self._http, settings.openid_url)
            tokens = AccessTokens(self._http, settings.token_url, settings.app_id, settings.app_password)
            self._connector = BotConnector(self._http, tokens, settings.allow_loopback_http)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams_webhook = Blueprint("teams_webhook", __name__)

        @teams_webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            if self.settings is None:
                return _not_configured()
            return response.json({"status": "ok"})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            return await self.handle(request, on_new_message)

        @teams_webhook.listener("after_server_stop")
        async def close_http(*_: Any) -> None:
            await self._http.close()

        return teams_webhook

    async def handle(self, request: Request, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> HTTPResponse:
        """Authenticate, check where replies would go, read, then run the turn; the order matters: nothing about an
        unauthenticated request is parsed or answered beyond 401, and no activity whose serviceUrl is not the token's
        (401) or is not an allowed reply address (400) reaches a conversation or gets anything sent to it."""
        if self.settings is None:
            return _not_configured()
        try:
            claims = await self._authenticate(request.headers.get("Authorization"))
            activity = _json_body(request.body)
            if isinstance(activity, dict):
                check_service_url(claims, activity.get("serviceUrl"))
                self._check_reply_url(activity["serviceUrl"])
            message = read_activity(activity, self.settings.app_id, self.settings.tenant_id)
        except AuthError as error:
            logger.warning("Teams: refused a request from %s (401): %s", request.ip, error)
            refused("teams", "auth")
            return _error(401, "a valid Bot Framework token is required", {"WWW-Authenticate": "Bearer"})
        except KeyServerUnavailable as error:
            logger.warning("Teams: refused a request (503): %s", error)
            refused("teams", "keys")
            retry = {"Retry-After": str(RETRY_AFTER_FAILURE_S)}
            return _error(503, "the Bot Framework signing keys cannot be read just now; try again shortly", retry)
        except ForeignTenant as error:
            logger.warning("Teams: refused an activity from another tenant (403): %s", error)
            refused("teams", "tenant")
            return _error(403, str(error), field=error.field)
        except ActivityError as error:
            logger.info("Teams: refused an activity (400): %s", error)
            refused("teams", "bad_body")
            return _error(400, str(error), field=error.field)
        if message is not None:
            await self._run_turn(message, on_new_message)
        return response.json({}, status=200)

    async def _authenticate(self, authorization: str | None) -> dict[str, Any]:
        """The token's claims, once it is valid and names the serviceUrl it was issued for (every activity is then
        checked against that claim, as Microsoft's SDKs do)."""
        token = bearer_token(authorization)
        jwk = await self._keys.key(signing_key_id(token))
        claims = verify_token(token, jwk, self.settings.app_id, self._keys.issuers)
        service_url_claim(claims)
        return claims

    def _check_reply_url(self, service_url: str) -> None:
        """A serviceUrl replies may not go to (not https; http only on loopback with TEAMS_ALLOW_LOOPBACK_HTTP=1)
        gets 400 naming the field, not 401: the token is valid and names this very address, so who sent it is not in
        doubt; what is refused is the address itself, like a serviceUrl that is no URL at all. Checked before any
        turn, so nothing is posted there and no conversation starts for an activity that could never be answered."""
        refusal = reply_url_refusal(service_url, self.settings.allow_loopback_http)
        if refusal is not None:
            raise ActivityError("serviceUrl", refusal)

    async def _run_turn(self, message: TeamsMessage, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        """The turn runs before the webhook answers, so replies go out in order. As in Rasa's own channels, a failure
        inside the assistant is logged and the activity still acknowledged: the Bot Connector resending it would
        replay half a turn."""
        user_message = UserMessage(
            text=message.text,
            output_channel=TeamsOutput(self._connector, message.target),
            sender_id=message.sender_id,
            input_channel=self.name(),
            message_id=message.target.activity_id,
        )
        try:
            await on_new_message(user_message)
        except Exception:
            logger.exception("Teams: the assistant failed on a message in conversation %s", message.sender_id)


def _json_body(body: bytes | None) -> Any:
    try:
        return json.loads(body or b"")
    except (ValueError, RecursionError) as error:
        raise ActivityError("body", "the body is not valid JSON") from error


def _not_configured() -> HTTPResponse:
    return _error(404, f"the Microsoft Teams channel is not configured on this server ({_required_names()} are empty)")


def _error(status: int, message: str, headers: dict[str, str] | None = None, field: str | None = None) -> HTTPResponse:
    body = {"error": message} | ({"field": field} if field else {})
    return response.json(body, status=status, headers=headers)
