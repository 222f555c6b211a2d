"""Slack, faked on loopback for the tests: the Web API (records every call and answers like Slack, including
Slack's refusals of a bad token or of blocks that break its limits, so tests see what a workspace would have
shown), and the deliveries Slack makes to the webhook (signed events and button clicks).

Only the Web API method the channel uses is implemented (chat.postMessage); any other gets `unknown_method`. A
test can script how the next posts to a channel fare (`FakeSlack.script`): accepted and then the connection dropped,
reset or stalled, a 500 after posting, or Slack's 429 `ratelimited`; each scripted call is recorded all the same.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import socket
import struct
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlencode

TEXT_TYPES = {"plain_text", "mrkdwn"}


@dataclass
class Call:
    method: str
    token: str | None
    body: dict[str, Any]
    result: dict[str, Any] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


@dataclass
class FakeSlack:
    """State shared with the HTTP handler: the calls seen, the token expected, channels that fail, a gate, and
    scripted fates for the next posts to a channel (`script[channel] = ["drop", ...]`, one per call, then normal):

    - "drop": Slack posts the message, then the connection closes before any answer;
    - "reset": the same, but the connection is reset (TCP RST);
    - "stall": Slack posts it and then answers nothing for `stall_s` seconds;
    - "500": Slack posts it and then answers 500;
    - "429": Slack does not post it and answers 429 `ratelimited` with `Retry-After: retry_after`.
    """

    token: str
    calls: list[Call] = field(default_factory=list)
    failing_channels: set[str] = field(default_factory=set)
    script: dict[str, list[str]] = field(default_factory=dict)
    stall_s: float = 5.0
    retry_after: str = "1"
    gate: threading.Event = field(default_factory=threading.Event)
    url: str = ""
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ts: int = 0

    def __post_init__(self) -> None:
        self.gate.set()

    def posts(self, channel: str | None = None) -> list[dict[str, Any]]:
        """Bodies of the chat.postMessage calls Slack accepted, optionally for one channel."""
        with self._lock:
            calls = list(self.calls)
        return [
            c.body
            for c in calls
            if c.method == "chat.postMessage" and c.result.get("ok") and channel in (None, c.body.get("channel"))
        ]

    def wait_for(self, check: Callable[[], bool], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {self.calls}")
            time.sleep(0.1)

    def next_ts(self) -> str:
        with self._lock:
            self._ts += 1
            return f"1800000000.{self._ts:06d}"

    def record(self, call: Call) -> None:
        with self._lock:
            self.calls.append(call)

    def calls_to(self, channel: str) -> list[Call]:
        """Every chat.postMessage call for this channel, whatever became of it."""
        with self._lock:
            return [c for c in self.calls if c.method == "chat.postMessage" and c.body.get("channel") == channel]

    def next_fate(self, channel: Any) -> str | None:
        with self._lock:
            fates = self.script.get(channel) if isinstance(channel, str) else None
            return fates.pop(0) if fates else None


def block_problems(body: dict[str, Any]) -> list[str]:
    """Why Slack would refuse these blocks (the limits of api.slack.com/reference/block-kit), if it would."""
    blocks = body.get("blocks") or []
    problems = [] if len(blocks) <= 50 else ["more than 50 blocks"]
    for block in blocks:
        kind = block.get("type")
        if kind in ("section", "header"):
            text = block.get("text") or {}
            limit = 3000 if kind == "section" else 150
            if text.get("type") not in TEXT_TYPES or not 0 < len(text.get("text") or "") <= limit:
                problems.append(f"bad {kind} text: {text}")
        elif kind == "actions":
            elements = block.get("elements") or []
            if not 0 < len(elements) <= 25:
                problems.append("actions block needs 1 to 25 elements")
            if len({e.get("action_id") for e in elements}) != len(elements):
                problems.append("action_id repeated in a block")
            for element in elements:
                text = element.get("text") or {}
                if text.get("type") != "plain_text" or not 0 < len(text.get("text") or "") <= 75:
                    problems.append(f"bad button text: {text}")
                url = element.get("url")
                if url is not None:  # a link button: Slack opens the address, no value is sent back
                    if not (isinstance(url, str) and url.startswith(("https://", "http://")) and len(url) <= 3000):
                        problems.append(f"bad button url: {url!r}")
                elif not 0 < len(element.get("value") or "") <= 2000:
                    problems.append(f"bad button value: {element.get('value')!r}")
        elif kind == "context":
            if not 0 < len(block.get("elements") or []) <= 10:
                problems.append("context block needs 1 to 10 elements")
        else:
            problems.append(f"unexpected block type {kind!r}")
    return problems


def _handler(state: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:  # keep test output quiet
            pass

        def do_POST(self) -> None:
            method = self.path.rsplit("/", 1)[-1]
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            auth = self.headers.get("Authorization") or ""
            token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else None
            try:
                body = json.loads(raw or b"{}")
            except json.JSONDecodeError:
                body = {"_raw": raw.decode("utf-8", "replace")}
            state.gate.wait(timeout=60)
            fate = state.next_fate(body.get("channel")) if method == "chat.postMessage" else None
            if fate == "429":
                state.record(Call(method, token, body, {"ok": False, "error": "ratelimited"}))
                self._answer({"ok": False, "error": "ratelimited"}, 429, {"Retry-After": state.retry_after})
                return
            result = self._result(method, token, body)
            state.record(Call(method, token, body, result))
            if fate is None:
                self._answer(result)
            elif fate == "500":
                self._answer({"ok": False, "error": "internal_error"}, 500)
            else:
                self._fail_after_posting(fate)

        def _fail_after_posting(self, fate: str) -> None:
            """The message is posted (recorded as accepted), but the answer never arrives."""
            if fate == "stall":
                time.sleep(state.stall_s)
            elif fate == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            elif fate != "drop":
                raise ValueError(f"unknown fate {fate!r}")
            self.close_connection = True

        def _result(self, method: str, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
            if token != state.token:
                return {"ok": False, "error": "invalid_auth"}
            if method != "chat.postMessage":
                return {"ok": False, "error": "unknown_method"}
            if body.get("channel") in state.failing_channels:
                return {"ok": False, "error": "channel_not_found"}
            if not body.get("channel") or not (body.get("text") or body.get("blocks")):
                return {"ok": False, "error": "no_text"}
            problems = block_problems(body)
            if problems:
                return {"ok": False, "error": "invalid_blocks", "errors": problems}
            ts = state.next_ts()
            return {"ok": True, "channel": body["channel"], "ts": ts, "message": {**body, "ts": ts}}

        def _answer(self, result: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(result).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler


@contextmanager
def fake_slack(token: str, port: int = 0) -> Iterator[FakeSlack]:
    """The fake on a loopback port (a free one unless given); `url` is what SLACK_API_URL should be."""
    state = FakeSlack(token)
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.gate.set()
        server.shutdown()
        server.server_close()


# --- Slack's side of the webhook: signed deliveries, as Slack sends them ---------------------------------------------


def signed_headers(
    secret: str, body: bytes, timestamp: int | None = None, content_type: str = "application/json"
) -> dict[str, str]:
    """The headers Slack sends: a `v0` HMAC-SHA256 signature of `v0:{timestamp}:{body}` with the signing secret."""
    stamp = str(int(time.time()) if timestamp is None else timestamp)
    digest = hmac.new(secret.encode(), f"v0:{stamp}:".encode() + body, hashlib.sha256).hexdigest()
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp, "X-Slack-Signature": f"v0={digest}"}


def event_body(event: dict[str, Any], event_id: str, bot_user: str = "UBOT") -> bytes:
    """An Events API delivery (event_callback) for the app whose bot user is `bot_user`."""
    envelope = {
        "token": "deprecated-verification-token",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(time.time()),
        "authorizations": [{"team_id": "T0001", "user_id": bot_user, "is_bot": True, "is_enterprise_install": False}],
        "event": event,
    }
    return json.dumps(envelope).encode()


def click_body(user: str, channel: str, value: str, message: dict[str, Any], trigger_id: str) -> bytes:
    """An interactivity delivery (block_actions, form-encoded `payload=`) for a click on a button with `value`."""
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": "teacher", "team_id": "T0001"},
        "api_app_id": "A0001",
        "team": {"id": "T0001"},
        "container": {"type": "message", "message_ts": message.get("ts"), "channel_id": channel},
        "trigger_id": trigger_id,
        "channel": {"id": channel, "name": "directmessage"},
        "message": message,
        "actions": [
            {
                "type": "button",
                "action_id": "senco_button_0",
                "block_id": "b1",
                "text": {"type": "plain_text", "text": "chosen"},
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }
    return urlencode({"payload": json.dumps(payload)}).encode()
