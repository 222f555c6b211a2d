"""A tiny round-robin HTTP (and WebSocket) balancer, for machines without nginx or haproxy.

Each request goes to the next member in rotation. A member that refuses the connection is withdrawn at once and
the request tried on the next one, so a replica that is down is never seen by a person. A member that fails once it
has the request (reset, timeout) is withdrawn too, but that request gets a 502 and is not retried: the replica may
have processed the message, and a second replica would store it twice. `deploy/cluster.py` puts members in and
out of rotation from their health checks. Sticky sessions are not needed: every replica reads a conversation from
the shared tracker store and the Redis lock store serialises its messages. The exception is the web chat's socket.io
session, which lives in one replica's memory: its requests carry the session id (`sid`), and the balancer sends them
to the member that answered the session's first request (a WebSocket stays on one member anyway).
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

logger = logging.getLogger(__name__)

_HOP_BY_HOP = frozenset(
    h.lower()
    for h in (
        "Connection",
        "Keep-Alive",
        "Proxy-Authenticate",
        "Proxy-Authorization",
        "TE",
        "Trailers",
        "Transfer-Encoding",
        "Upgrade",
        "Host",
        "Content-Length",
    )
)


@dataclass
class Member:
    """One backend: its base URL, and whether it is in rotation (`ready`)."""

    name: str
    url: str
    ready: bool = False
    note: str = field(default="starting")
    pid: int | None = None  # the process behind it, when a supervisor started one

    def withdraw(self, why: str) -> None:
        if self.ready:
            logger.warning("%s withdrawn from the balancer: %s", self.name, why)
        self.ready, self.note = False, why

    def admit(self) -> None:
        if not self.ready:
            logger.warning("%s is in the balancer's rotation", self.name)
        self.ready, self.note = True, "ready"


def _forwarded(headers: Iterable[tuple[str, str]], also: frozenset[str] = frozenset()) -> dict[str, str]:
    return {k: v for k, v in headers if k.lower() not in _HOP_BY_HOP | also}


# the session id in engine.io's open packet, e.g. 0{"sid":"Xy1...","upgrades":["websocket"],...}
_SID = re.compile(rb'"sid"\s*:\s*"([^"]+)"')
_MAX_SESSIONS = 100_000

# aiohttp has already decoded a compressed reply's body
_DECODED = frozenset({"content-encoding"})


class Balancer:
    """Round-robin over `members`; `status_path` answers with the state of `shown` (default: the members), as JSON."""

    def __init__(
        self, name: str, members: list[Member], status_path: str = "/cluster-status", shown: list[Member] | None = None
    ) -> None:
        self.name = name
        self.members = members
        self.shown = members if shown is None else shown
        self.status_path = status_path
        self._turn = itertools.count()
        self._sessions: dict[str, Member] = {}  # socket.io session id -> the member that holds it
        self._session: aiohttp.ClientSession | None = None

    def rotation(self, request: web.Request | None = None) -> list[Member]:
        """The members in rotation, starting with the next one's turn; a socket.io session's own member first."""
        ready = [m for m in self.members if m.ready]
        if not ready:
            return []
        start = next(self._turn) % len(ready)
        order = ready[start:] + ready[:start]
        owner = self._sessions.get(request.query.get("sid", "")) if request is not None else None
        if owner is not None:
            # a socket.io session lives in one replica's memory: it must stay there (or fail, and reconnect)
            return [owner] if owner.ready else []
        return order

    def _remember_session(self, request: web.Request, member: Member, payload: bytes) -> None:
        """socket.io's first request (no `sid`) is answered with the new session's id: note whose it is."""
        if not request.path.startswith("/socket.io") or "sid" in request.query:
            return
        found = _SID.search(payload)
        if found:
            if len(self._sessions) >= _MAX_SESSIONS:
                self._sessions.pop(next(iter(self._sessions)))
            self._sessions[found.group(1).decode()] = member

    def app(self) -> web.Application:
        app = web.Application(client_max_size=16 * 1024 * 1024)
        app.router.add_get(self.status_path, self.status)
        app.router.add_route("*", "/{tail:.*}", self.forward)
        app.on_startup.append(self._open)
        app.on_cleanup.append(self._close)
        return app

    async def _open(self, _: web.Application) -> None:
        # A new connection per request (loopback, so cheap): a member that died then refuses the connection, which
        # is safe to retry elsewhere, instead of failing a request already sent on a kept-alive connection.
        self._session = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(force_close=True),
            timeout=aiohttp.ClientTimeout(total=300, sock_connect=2),
        )

    async def _close(self, _: web.Application) -> None:
        if self._session:
            await self._session.close()

    async def status(self, _: web.Request) -> web.Response:
        return web.json_response(
            {
                "balancer": self.name,
                "members": [{"name": m.name, "ready": m.ready, "note": m.note, "pid": m.pid} for m in self.shown],
            }
        )

    async def forward(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._forward_websocket(request)
        assert self._session is not None
        body = await request.read()
        headers = _forwarded(request.headers.items())
        headers["X-Forwarded-For"] = request.remote or ""
        for member in self.rotation(request):
            try:
                async with self._session.request(
                    request.method, member.url + request.path_qs, headers=headers, data=body, allow_redirects=False
                ) as reply:
                    payload = await reply.read()
                    self._remember_session(request, member, payload)
                    return web.Response(
                        status=reply.status, body=payload, headers=_forwarded(reply.headers.items(), _DECODED)
                    )
            except aiohttp.ClientConnectorError as error:
                member.withdraw(f"refused a connection ({error.os_error or error})")
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                # The request reached the member, which may have acted on it: not retried elsewhere. The member
                # leaves the rotation until its next health check passes.
                member.withdraw(f"failed while answering {request.path} ({type(error).__name__})")
                return web.json_response({"error": f"the {self.name} server failed; try again shortly"}, status=502)
        return web.json_response({"error": f"no {self.name} member is ready; try again shortly"}, status=503)

    async def _forward_websocket(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        for member in self.rotation(request):
            try:
                upstream = await self._session.ws_connect(
                    member.url + request.path_qs, headers=_forwarded(request.headers.items()), autoping=False
                )
            except aiohttp.ClientConnectorError as error:
                member.withdraw(f"refused a connection ({error.os_error or error})")
                continue
            downstream = web.WebSocketResponse(autoping=False)
            await downstream.prepare(request)
            await asyncio.gather(_pump(downstream, upstream), _pump(upstream, downstream))
            return downstream
        return web.json_response({"error": f"no {self.name} member is ready; try again shortly"}, status=503)


async def _pump(source: web.WebSocketResponse | aiohttp.ClientWebSocketResponse, sink: object) -> None:
    """Copy WebSocket messages one way until either side closes."""
    async for message in source:
        if message.type == aiohttp.WSMsgType.TEXT:
            await sink.send_str(message.data)  # type: ignore[attr-defined]
        elif message.type == aiohttp.WSMsgType.BINARY:
            await sink.send_bytes(message.data)  # type: ignore[attr-defined]
        elif message.type == aiohttp.WSMsgType.PING:
            await sink.ping(message.data)  # type: ignore[attr-defined]
        elif message.type == aiohttp.WSMsgType.PONG:
            await sink.pong(message.data)  # type: ignore[attr-defined]
        else:
            break
    await sink.close()  # type: ignore[attr-defined]
