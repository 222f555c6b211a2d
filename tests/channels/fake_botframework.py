"""Microsoft's side of a Teams conversation, on loopback, for the channel tests: the OpenID metadata and its key set
(JWKS), the tenant's token endpoint and the Bot Connector (which records every activity posted to it). Also what
Microsoft sends: RSA signing keys made with cryptography, tokens signed with PyJWT, and Teams activities.

One threaded HTTP server plays every endpoint; its state (published keys, what was fetched, issued and posted) is
read by the tests.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "5f0c7e4a-0000-4000-8000-000000000001"
APP_PASSWORD = "fake-client-secret"
TENANT_ID = "fake-tenant-0000"
ISSUER = "https://api.botframework.com"
SCOPE = "https://api.botframework.com/.default"
BOT = {"id": f"28:{APP_ID}", "name": "SENCO assistant"}
CONNECTOR_PATH = "/connector/uk/"  # a serviceUrl with a path and a trailing slash, like Teams' own
BROKEN_CONVERSATION_PREFIX = "broken-"  # the fake connector answers 500 for these conversations


class SigningKey:
    """An RSA key pair as Microsoft publishes it: the public half as a JWK with a kid and endorsements."""

    def __init__(self, kid: str, endorsements: Sequence[str] | None = ("msteams", "webchat")) -> None:
        self.kid = kid
        self.endorsements = endorsements
        self._private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict[str, Any]:
        key = json.loads(RSAAlgorithm.to_jwk(self._private.public_key()))
        key |= {"kid": self.kid, "use": "sig"}
        if self.endorsements is not None:
            key["endorsements"] = list(self.endorsements)
        return key

    def sign(self, claims: dict[str, Any], kid: str | None = None) -> str:
        """A token signed with this key; `kid` lets a test name another key's id (a forgery), or none at all ("")."""
        headers = {"kid": self.kid if kid is None else kid} if kid != "" else {}
        return jwt.encode(claims, self._private, algorithm="RS256", headers=headers)


def claims(service_url: str, *, lifetime: int = 3600, start: float | None = None, **override: Any) -> dict[str, Any]:
    """The claims of a Bot Connector token for this bot; `override` changes or (with None) removes any of them."""
    now = time.time() if start is None else start
    base = {
        "iss": ISSUER,
        "aud": APP_ID,
        "iat": int(now) - 5,
        "nbf": int(now) - 5,
        "exp": int(now) + lifetime,
        "serviceurl": service_url,
    }
    base |= override
    return {k: v for k, v in base.items() if v is not None}


def message(
    text: str | None,
    service_url: str,
    *,
    user: str = "29:user-a",
    aad: str | None = "aad-user-a",
    conversation: str | None = None,
    conversation_type: str = "personal",
    entities: list[dict[str, Any]] | None = None,
    value: Any = None,
) -> dict[str, Any]:
    """A Teams message activity as the Bot Connector posts it."""
    sender: dict[str, Any] = {"id": user, "name": "A Teacher"}
    if aad:
        sender["aadObjectId"] = aad
    activity: dict[str, Any] = {
        "type": "message",
        "id": f"activity-{uuid.uuid4().hex[:10]}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": sender,
        "recipient": dict(BOT),
        "conversation": {"id": conversation or f"a:{uuid.uuid4().hex}", "conversationType": conversation_type},
        "channelData": {"tenant": {"id": TENANT_ID}},
        "entities": entities or [],
    }
    if text is not None:
        activity["text"] = text
    if value is not None:
        activity["value"] = value
    return activity


def bot_mention() -> tuple[str, dict[str, Any]]:
    """The text Teams puts in a message that @mentions the bot, and the mention entity that goes with it."""
    written = f"<at>{BOT['name']}</at>"
    return written, {"type": "mention", "text": written, "mentioned": dict(BOT)}


@dataclass
class Posted:
    """An activity the assistant posted to the Bot Connector."""

    conversation_id: str
    authorization: str | None
    activity: dict[str, Any]


class FakeBotFramework:
    """Every Microsoft endpoint the channel talks to, on one loopback port (chosen by the OS unless given, so a test
    can reserve a port, point the assistant at it and start the fake later: "unreachable, then back")."""

    def __init__(self, port: int = 0) -> None:
        self._port = port
        self._server: ThreadingHTTPServer | None = None
        self._lock = threading.Lock()
        self.keys: list[SigningKey] = []
        self.metadata_fetches: list[float] = []
        self.jwks_fetches: list[float] = []
        self.token_requests: list[dict[str, str]] = []
        self.issued_tokens: list[str] = []
        self.token_lifetime = 3600
        self.posted: list[Posted] = []

    # --- addresses -----------------------------------------------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def port(self) -> int:
        return self._server.server_address[1] if self._server else self._port

    @property
    def openid_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    @property
    def token_url(self) -> str:
        return f"{self.url}/{TENANT_ID}/oauth2/v2.0/token"

    @property
    def service_url(self) -> str:
        return f"{self.url}{CONNECTOR_PATH}"

    # --- lifecycle -------------------------------------------------------------------------------------------------
    def start(self) -> FakeBotFramework:
        self._server = ThreadingHTTPServer(("127.0.0.1", self._port), _handler(self))
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @contextmanager
    def running(self) -> Iterator[FakeBotFramework]:
        self.start()
        try:
            yield self
        finally:
            self.stop()

    # --- state the tests read or change ------------------------------------------------------------------------------
    def publish(self, *keys: SigningKey) -> None:
        with self._lock:
            self.keys.extend(keys)

    def posts_to(self, conversation_id: str) -> list[Posted]:
        with self._lock:
            return [p for p in self.posted if p.conversation_id == conversation_id]

    # --- what the endpoints answer ------------------------------------------------------------------------------------
    def _metadata(self) -> dict[str, Any]:
        self.metadata_fetches.append(time.monotonic())
        return {
            "issuer": ISSUER,
            "authorization_endpoint": "https://invalid.botframework.com",
            "jwks_uri": f"{self.url}/v1/.well-known/keys",
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        }

    def _jwks(self) -> dict[str, Any]:
        self.jwks_fetches.append(time.monotonic())
        with self._lock:
            return {"keys": [key.jwk() for key in self.keys]}

    def _token(self, form: dict[str, str]) -> tuple[int, dict[str, Any]]:
        with self._lock:
            self.token_requests.append(form)
            expected = {
                "grant_type": "client_credentials",
                "client_id": APP_ID,
                "client_secret": APP_PASSWORD,
                "scope": SCOPE,
            }
            if any(form.get(k) != v for k, v in expected.items()):
                return 401, {"error": "invalid_client"}
            token = f"fake-access-token-{len(self.issued_tokens) + 1}"
            self.issued_tokens.append(token)
            return 200, {"token_type": "Bearer", "expires_in": self.token_lifetime, "access_token": token}

    def _post_activity(self, conversation_id: str, authorization: str | None, body: Any) -> tuple[int, dict]:
        with self._lock:
            self.posted.append(Posted(conversation_id, authorization, body))
            if conversation_id.startswith(BROKEN_CONVERSATION_PREFIX):
                return 500, {"error": {"code": "ServiceError", "message": "the fake connector is broken here"}}
            if authorization not in {f"Bearer {t}" for t in self.issued_tokens}:
                return 401, {"error": {"code": "Unauthorized"}}
            return 200, {"id": f"reply-{len(self.posted)}"}


def _handler(fake: FakeBotFramework) -> type[BaseHTTPRequestHandler]:
    activities_prefix = f"{CONNECTOR_PATH}v3/conversations/"

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:  # keep test output quiet
            pass

        def do_GET(self) -> None:
            if self.path == "/v1/.well-known/openidconfiguration":
                self._reply(200, fake._metadata())
            elif self.path == "/v1/.well-known/keys":
                self._reply(200, fake._jwks())
            else:
                self._reply(404, {"error": "not found"})

        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path == f"/{TENANT_ID}/oauth2/v2.0/token":
                form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
                self._reply(*fake._token(form))
            elif self.path.startswith(activities_prefix) and self.path.endswith("/activities"):
                conversation = unquote(self.path[len(activities_prefix) : -len("/activities")])
                self._reply(*fake._post_activity(conversation, self.headers.get("Authorization"), json.loads(body)))
            else:
                self._reply(404, {"error": "not found"})

        def _reply(self, status: int, body: Any) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler
