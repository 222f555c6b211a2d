"""Who may talk to the Teams webhook, and how the assistant may answer.

Incoming: every request carries a JWT that the Bot Connector service signed with a key it publishes through OpenID
metadata; a request is believed only when that signature, the issuer, the audience (our app id), the validity period
and the key's endorsements all check out, and the token names the activity's serviceUrl. Outgoing: the Bot
Connector accepts replies only with an access token the tenant's token endpoint issues to our app (client
credentials), and that token goes only to https addresses (http on loopback when tests allow it).

Nothing here touches the network until the first request: the server must start on a machine with no route to
Microsoft (tests, a school network coming up), and a key server that is down must cost one refused request, not a
crashed assistant.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import jwt
import yarl

logger = logging.getLogger(__name__)

DEFAULT_OPENID_URL = "https://login.botframework.com/v1/.well-known/openidconfiguration"
DEFAULT_TOKEN_URL = "https://login.microsoftonline.com/{tenant_id}/oauth2/v2.0/token"
BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
BOT_FRAMEWORK_SCOPE = "https://api.botframework.com/.default"
TEAMS_CHANNEL_ID = "msteams"
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost"})  # where TEAMS_ALLOW_LOOPBACK_HTTP=1 allows http

CLOCK_SKEW_S = 300  # Microsoft's documented allowance for clock differences between its servers and ours
KEYS_MAX_AGE_S = 24 * 3600  # Microsoft rotates signing keys and asks bots to re-read them daily
UNKNOWN_KEY_REFRESH_S = 300  # a token naming an unknown key re-reads the keys at most this often
RETRY_AFTER_FAILURE_S = 5  # an unreachable key server is asked again no sooner than this
TOKEN_REFRESH_MARGIN_S = 300  # an access token is renewed this long before it expires
HTTP_TIMEOUT_S = 10.0

_BEARER = re.compile(r"Bearer[ \t]+([A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+)[ \t]*", re.IGNORECASE)


class AuthError(Exception):
    """The request is not from the Bot Connector for this bot: answered 401, and it reaches no conversation."""


class KeyServerUnavailable(Exception):
    """The signing keys could not be read, so no token can be checked: answered 503, never a guess."""


class HttpFailure(Exception):
    """A call to a Microsoft endpoint failed (network, timeout, status or body); the message says which and why, and
    `status` is the HTTP status when there was one (a 401 from the Bot Connector means our token was refused)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class JsonHttp:
    """The channel's one aiohttp session, created in the server's event loop on first use (the loop does not exist
    when Rasa builds the channel) and closed when the server stops. Every call has a timeout, so a slow endpoint
    holds up one request, never the server. Proxy variables (HTTPS_PROXY, NO_PROXY) are honoured, as school networks
    often need them."""

    def __init__(self, timeout_s: float = HTTP_TIMEOUT_S) -> None:
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._session: aiohttp.ClientSession | None = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(timeout=self._timeout, trust_env=True)
        return self._session

    async def request_json(self, method: str, url: str | yarl.URL, **kwargs: Any) -> Any:
        """The JSON body of a 2xx answer; anything else raises HttpFailure naming the URL and the reason."""
        try:
            async with self._client().request(method, url, **kwargs) as reply:
                if not 200 <= reply.status < 300:
                    body = (await reply.text())[:300]
                    raise HttpFailure(f"{method} {url} answered {reply.status}: {body}", reply.status)
                return await reply.json(content_type=None)
        except HttpFailure:
            raise
        except asyncio.TimeoutError as error:
            raise HttpFailure(f"{method} {url} timed out") from error
        except (aiohttp.ClientError, ValueError) as error:
            raise HttpFailure(f"{method} {url} failed: {error.__class__.__name__}: {error}") from error

    async def close(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()


def bearer_token(authorization: str | None) -> str:
    """The compact JWT from an `Authorization: Bearer ...` header."""
    if not authorization:
        raise AuthError("no Authorization header")
    match = _BEARER.fullmatch(authorization)
    if match is None:
        raise AuthError("the Authorization header is not 'Bearer <JWT>'")
    return match.group(1)


def signing_key_id(token: str) -> str:
    """The `kid` a token names, read before any key is fetched: a token that could never pass (not a JWT, not
    RS256, no key id) is refused without touching the network."""
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError as error:
        raise AuthError(f"malformed token: {error}") from error
    if header.get("alg") != "RS256":
        raise AuthError(f"token algorithm {header.get('alg')!r} is not RS256")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise AuthError("token names no signing key (kid)")
    return kid


def verify_token(token: str, jwk: Mapping[str, Any], app_id: str, issuers: frozenset[str]) -> dict[str, Any]:
    """The token's claims, once its signature (with this published key), issuer, audience and validity period
    (with Microsoft's five minutes of clock skew) are right, and the key is endorsed for Teams when it lists
    endorsements (Microsoft scopes each key to the channels it may sign for)."""
    endorsements = jwk.get("endorsements")
    if isinstance(endorsements, list) and TEAMS_CHANNEL_ID not in endorsements:
        raise AuthError("the signing key is not endorsed for msteams")
    try:
        key = jwt.PyJWK(dict(jwk), algorithm="RS256")
        return jwt.decode(
            token,
            key,
            algorithms=["RS256"],
            audience=app_id,
            issuer=issuers,
            leeway=CLOCK_SKEW_S,
            options={"require": ["exp", "iss", "aud"]},
        )
    except jwt.PyJWTError as error:
        raise AuthError(f"token rejected: {error}") from error


def service_url_claim(claims: Mapping[str, Any]) -> str:
    """The `serviceurl` claim, which every token the Bot Connector issues carries. Required: replies go to the
    activity's serviceUrl with our access token, and only this claim ties that address to Microsoft's signature;
    without it, anyone holding a valid token could name any address."""
    claimed = claims.get("serviceurl")
    if not isinstance(claimed, str) or not claimed.strip():
        raise AuthError("the token has no serviceurl claim")
    return claimed


def check_service_url(claims: Mapping[str, Any], service_url: Any) -> None:
    """The activity's serviceUrl must be the one the token names, or a token lifted from one request could send our
    credentials elsewhere. Compared as Microsoft's SDKs compare them (botbuilder-python and -js: the exact string),
    allowing only one trailing slash more or less: replies are posted to the address without its trailing slash
    (`teams.activities_url`), so both spellings reach the same endpoint. Nothing else is normalised (case, default
    port, percent-encoding), because each of those can name another endpoint or hide one."""
    claimed = service_url_claim(claims)
    if not isinstance(service_url, str) or _one_slash_off(claimed) != _one_slash_off(service_url):
        raise AuthError("the activity's serviceUrl does not match the token's serviceurl claim")


def _one_slash_off(url: str) -> str:
    return url[:-1] if url.endswith("/") else url


def reply_url_refusal(url: str | yarl.URL, allow_loopback_http: bool) -> str | None:
    """Why replies, which carry our access token, must not go to this address; None when they may. Only `https`:
    the token would otherwise cross the network readable by anyone on the way. With TEAMS_ALLOW_LOOPBACK_HTTP (tests
    against a fake Bot Connector) also `http` to 127.0.0.1 or localhost, which never leaves the machine. Parsed as
    yarl parses it, because that is the address aiohttp connects to."""
    try:
        parsed = url if isinstance(url, yarl.URL) else yarl.URL(url)
    except (TypeError, ValueError):
        return "serviceUrl is not a URL"
    host = (parsed.host or "").lower()
    if not host or parsed.user is not None or parsed.password is not None:
        return "serviceUrl must name a host and nothing else before it"
    if parsed.scheme == "https":
        return None
    if parsed.scheme == "http" and allow_loopback_http and host in LOOPBACK_HOSTS:
        return None
    if parsed.scheme == "http" and host in LOOPBACK_HOSTS:
        return "replies go only to https service URLs (TEAMS_ALLOW_LOOPBACK_HTTP=1 allows http on loopback, for tests)"
    return "replies go only to https service URLs"


@dataclass
class _KeySet:
    keys: dict[str, dict[str, Any]] = field(default_factory=dict)
    issuer: str | None = None
    loaded_at: float | None = None


class OpenIdKeys:
    """Microsoft's signing keys, read lazily from the OpenID metadata and its JWKS, cached, and re-read daily, when
    a token names a key not seen yet (rotation; at most every UNKNOWN_KEY_REFRESH_S, so forged key ids cannot make
    the server hammer Microsoft) and, after a failure, no sooner than RETRY_AFTER_FAILURE_S. Concurrent requests
    share one fetch."""

    def __init__(self, http: JsonHttp, openid_url: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._http = http
        self._openid_url = openid_url
        self._clock = clock
        self._set = _KeySet()
        self._lock = asyncio.Lock()
        self._fetches = 0
        self._last_failure: float | None = None
        self._last_unknown_refresh: float | None = None

    @property
    def issuers(self) -> frozenset[str]:
        """Bot Framework's issuer, and the metadata's own where it declares another (sovereign clouds)."""
        return frozenset(i for i in (BOT_FRAMEWORK_ISSUER, self._set.issuer) if i)

    async def key(self, kid: str) -> dict[str, Any]:
        """The published JWK with this id; AuthError when Microsoft does not publish it, KeyServerUnavailable when
        no keys could ever be read."""
        refreshed = False
        if self._stale():
            refreshed = await self._refresh("first use" if self._set.loaded_at is None else "daily refresh")
        if kid not in self._set.keys and not refreshed and self._may_refresh_for_unknown():
            self._last_unknown_refresh = self._clock()
            await self._refresh(f"unknown key id {kid!r}")
        if self._set.loaded_at is None:
            raise KeyServerUnavailable(f"the Bot Framework signing keys could not be read from {self._openid_url}")
        found = self._set.keys.get(kid)
        if found is None:
            raise AuthError(f"token signed by a key Microsoft does not publish (kid {kid!r})")
        return found

    def _stale(self) -> bool:
        loaded = self._set.loaded_at
        return loaded is None or self._clock() - loaded >= KEYS_MAX_AGE_S

    def _may_refresh_for_unknown(self) -> bool:
        """Only with keys in hand: attempts against an unreachable key server must not use up the allowance that a
        key rotation needs once it answers again."""
        if self._set.loaded_at is None:
            return False
        last = self._last_unknown_refresh
        return last is None or self._clock() - last >= UNKNOWN_KEY_REFRESH_S

    async def _refresh(self, reason: str) -> bool:
        """Re-read the keys unless another request just did, or the last attempt failed moments ago. True when this
        call fetched them; a failure keeps the keys already held (a key server blip must not lock Teams out)."""
        seen = self._fetches
        async with self._lock:
            if self._fetches != seen:
                return False
            if self._last_failure is not None and self._clock() - self._last_failure < RETRY_AFTER_FAILURE_S:
                return False
            self._fetches += 1
            try:
                self._set = await self._fetch()
            except HttpFailure as error:
                self._last_failure = self._clock()
                held = "keeping the keys already held" if self._set.loaded_at is not None else "refusing requests"
                logger.error(
                    "Teams: cannot read the Bot Framework signing keys (%s): %s; %s with 503 until it answers",
                    reason,
                    error,
                    held,
                )
                return False
            self._last_failure = None
            logger.info("Teams: read %d Bot Framework signing keys (%s)", len(self._set.keys), reason)
            return True

    async def _fetch(self) -> _KeySet:
        metadata = await self._http.request_json("GET", self._openid_url)
        jwks_uri = metadata.get("jwks_uri") if isinstance(metadata, dict) else None
        if not isinstance(jwks_uri, str) or not jwks_uri:
            raise HttpFailure(f"the OpenID metadata at {self._openid_url} has no jwks_uri")
        jwks = await self._http.request_json("GET", jwks_uri)
        listed = jwks.get("keys") if isinstance(jwks, dict) else None
        if not isinstance(listed, list):
            raise HttpFailure(f"the key set at {jwks_uri} has no 'keys' list")
        keys = {k["kid"]: k for k in listed if isinstance(k, dict) and isinstance(k.get("kid"), str)}
        issuer = metadata.get("issuer")
        return _KeySet(keys, issuer if isinstance(issuer, str) else None, self._clock())


class TokenUnavailable(Exception):
    """No access token could be obtained, so replies cannot be sent (logged; the conversation carries on)."""


class AccessTokens:
    """The app's access token for the Bot Connector (client credentials at the tenant's token endpoint: Microsoft
    no longer creates multi-tenant bots), cached until shortly before it expires, one request at a time."""

    def __init__(
        self,
        http: JsonHttp,
        token_url: str,
        app_id: str,
        password: str,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._http = http
        self._token_url = token_url
        self._form = {
            "grant_type": "client_credentials",
            "client_id": app_id,
            "client_secret": password,
            "scope": BOT_FRAMEWORK_SCOPE,
        }
        self._clock = clock
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = asyncio.Lock()

    async def token(self) -> str:
        async with self._lock:
            if self._token is None or self._clock() >= self._renew_at:
                self._token, lifetime = await self._request()
                self._renew_at = self._clock() + max(lifetime - TOKEN_REFRESH_MARGIN_S, lifetime / 2)
            return self._token

    def forget(self) -> None:
        """Drop the cached token (the Bot Connector refused it), so the next reply asks for a new one."""
        self._token = None

    async def _request(self) -> tuple[str, float]:
        try:
            body = await self._http.request_json("POST", self._token_url, data=self._form)
        except HttpFailure as error:
            raise TokenUnavailable(f"the token endpoint refused or failed: {error}") from error
        token = body.get("access_token") if isinstance(body, dict) else None
        lifetime = body.get("expires_in") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise TokenUnavailable(f"the token endpoint {self._token_url} returned no access_token")
        try:
            seconds = float(lifetime) if lifetime is not None else 3600.0
        except (TypeError, ValueError):
            seconds = 3600.0
        return token, max(seconds, 0.0)
