"""`GET /health/live`, `GET /health/ready` and `GET /metrics` on the Rasa port (assessment-contract.md section 2).

Why an input channel: Rasa mounts each channel's blueprint at `urljoin("/webhooks/", url_prefix())`
(rasa.core.channels.channel.register), so a prefix of "/" puts these routes at the root of Rasa's own server,
beside Rasa's routes and whether or not its HTTP API is on. The channel takes no messages.

Who may read /metrics: the counts say how the assistant is used, so they are served to this machine (loopback)
and, when `RASA_TOKEN` is set, to anyone giving it as `?token=` (how Rasa's HTTP API takes it); anyone else gets
403. Loopback needs no token: whoever is on the machine can read the token from the environment anyway. A reverse
proxy on the same machine makes every client look like loopback: do not forward /metrics (README "Health,
metrics and logs"). The health routes are open: they say "ready" or which store is down, never a password.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from observability import logs, metrics
from observability.health import OK, Readiness
from senco_settings import value as setting


def is_loopback(address: str | None) -> bool:
    """127.0.0.0/8, ::1, and IPv4-mapped loopback; anything unparsable is not."""
    try:
        ip = ipaddress.ip_address((address or "").strip("[]"))
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return (mapped or ip).is_loopback


def may_read_metrics(client_ip: str | None, token_given: str | None, env: Mapping[str, str] = os.environ) -> bool:
    """Loopback always; beyond it only with `?token=` equal to RASA_TOKEN (compared in constant time)."""
    if is_loopback(client_ip):
        return True
    expected = str(setting("RASA_TOKEN", env) or "")
    return bool(expected and token_given) and hmac.compare_digest(str(token_given).encode(), expected.encode())


class ObservabilityInput(InputChannel):
    """Health and metrics at the root of the Rasa port (credentials.yml)."""

    @classmethod
    def name(cls) -> str:
        return "senco_observability"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> ObservabilityInput:
        return cls()

    def __init__(self) -> None:
        self.readiness = Readiness()

    def url_prefix(self) -> str:
        """urljoin("/webhooks/", "/") is "/": the routes below are at the server's root."""
        return "/"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("senco_observability", __name__)

        @blueprint.route("/health/live", methods=["GET"])
        async def live(_: Request) -> HTTPResponse:
            return response.json({"live": True})

        @blueprint.route("/health/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            stores = await self.readiness.stores(
                getattr(agent, "tracker_store", None), getattr(agent, "lock_store", None)
            )
            is_ready = all(state == OK for state in stores.values())
            return response.json({"ready": is_ready, "stores": dict(stores)}, status=200 if is_ready else 503)

        @blueprint.route("/metrics", methods=["GET"])
        async def metrics_page(request: Request) -> HTTPResponse:
            if not may_read_metrics(request.ip, request.args.get("token")):
                return response.json({"error": "metrics are served to this machine, or with ?token="}, status=403)
            return response.raw(metrics.render(), content_type=metrics.CONTENT_TYPE)

        @blueprint.listener("before_server_start")
        async def log_as_configured(*_: Any) -> None:
            """Sanic sets up its own log handlers when Rasa creates the app, after Rasa's start-up configured
            logging: set them back, in each worker."""
            logs.configure_handlers()

        return blueprint
