"""The widget's files and its demo page, served by Rasa itself under /webchat/ (built into `webchat/dist/`).

Why from Rasa and not a separate web server: a school embeds one script tag pointing at the assistant, and the
assistant's own page is then the same origin as its socket.io, which is what an empty WEBCHAT_ALLOWED_ORIGINS
allows. Only a fixed set of file names is served, so no request path ever reaches the file system.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

DIST = Path(__file__).resolve().parents[1] / "webchat" / "dist"
ASSETS = {
    "senco-chat.js": "text/javascript; charset=utf-8",
    "senco-chat.css": "text/css; charset=utf-8",
    "demo.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
DEMO_PAGE = "index.html"
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")

COMMON_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # revalidate every time (cheap: the ETag answers 304), so a school's page picks up an update at once
    "Cache-Control": "no-cache",
}


def demo_page_csp(host: str | None) -> str:
    """The demo page's Content-Security-Policy: nothing inline, nothing from elsewhere.

    connect-src names ws:// and wss:// of this host as well as 'self', because browsers before CSP level 3 do not
    count a WebSocket to the same host as 'self'. A Host header of an unexpected shape is left out, not echoed.
    """
    sockets = f" ws://{host} wss://{host}" if host and _HOST.fullmatch(host) else ""
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src 'self'{sockets}; object-src 'none'; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"
    )


def _not_built() -> HTTPResponse:
    return response.text(
        "The web chat has not been built yet: run `make webchat` (`make run` does it too), then reload.\n",
        status=503,
        headers={**COMMON_HEADERS, "Retry-After": "60"},
    )


def _file_response(request: Request, name: str, content_type: str, headers: dict[str, str]) -> HTTPResponse:
    """The file with an ETag; 304 when the browser already has this version."""
    path = DIST / name
    try:
        body = path.read_bytes()
    except OSError:
        return _not_built()
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    all_headers = {**COMMON_HEADERS, **headers, "ETag": etag}
    if etag in [tag.strip() for tag in request.headers.get("if-none-match", "").split(",")]:
        return response.empty(status=304, headers=all_headers)
    return response.raw(body, content_type=content_type, headers=all_headers)


def _demo_page(request: Request) -> HTTPResponse:
    headers = {"Content-Security-Policy": demo_page_csp(request.host), "X-Frame-Options": "DENY"}
    return _file_response(request, DEMO_PAGE, "text/html; charset=utf-8", headers)


def add_asset_routes(blueprint: Blueprint) -> None:
    """GET / (the demo page), /senco-chat.js, /senco-chat.css and /demo.css on the channel's blueprint (mounted at
    /webchat)."""

    @blueprint.route("/", methods=["GET"], name="webchat_demo_page")
    async def demo_page(request: Request) -> HTTPResponse:
        return _demo_page(request)

    @blueprint.route("/<name:str>", methods=["GET"], name="webchat_asset")
    async def asset(request: Request, name: str) -> HTTPResponse:
        if name in ("", DEMO_PAGE):  # Sanic routes "/webchat/" here, with an empty name
            return _demo_page(request)
        if name not in ASSETS:
            return response.text("Not found\n", status=404, headers=COMMON_HEADERS)
        # embedded by schools' pages on other origins, so they may load it even under a cross-origin policy
        return _file_response(request, name, ASSETS[name], {"Cross-Origin-Resource-Policy": "cross-origin"})
