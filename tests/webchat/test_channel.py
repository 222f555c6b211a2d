"""The channel's pure parts, without servers: configuration, origins, payload checks, what the output side emits,
and the widget files' responses (including "not built yet"). The last test starts `rasa run` only to see it refuse
a bad WEBCHAT_ALLOWED_ORIGINS with one clear line."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from channels import webchat_assets
from channels.webchat import (
    BadInput,
    OriginPolicy,
    WebChatConfigError,
    WebChatInput,
    WebChatOutput,
    parse_allowed_origins,
    parse_incoming,
    valid_session_id,
)
from tests.servers import ROOT, free_port, trained_model
from tests.webchat.loops import run_async


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ()),
        ("", ()),
        (" , ", ()),
        ("https://www.school.org.uk", ("https://www.school.org.uk",)),
        ("https://WWW.School.org.uk/ , http://intranet:8080", ("https://www.school.org.uk", "http://intranet:8080")),
        ("https://a.example:443,http://b.example:80", ("https://a.example", "http://b.example")),
        ("https://a.example,https://a.example/", ("https://a.example",)),
    ],
)
def test_allowed_origins_are_normalised_as_browsers_send_them(value: str | None, expected: tuple[str, ...]) -> None:
    assert parse_allowed_origins(value) == expected


@pytest.mark.parametrize(
    "value",
    ["*", "https://a.example,*", "www.school.org.uk", "ftp://a.example", "https://a.example/chat", "https://a:b@c.d",
     "https://a.example?x=1", "https://a.example:99999", 5],
)  # fmt: skip
def test_bad_allowed_origins_are_refused_with_a_clear_message(value: object) -> None:
    with pytest.raises(WebChatConfigError, match="WEBCHAT_ALLOWED_ORIGINS"):
        parse_allowed_origins(value)


def environ(port: int) -> dict[str, Any]:
    return {"sanic.request": SimpleNamespace(conn_info=SimpleNamespace(server_port=port))}


def test_empty_list_allows_only_the_page_rasa_serves() -> None:
    policy = OriginPolicy(())
    assert policy("http://127.0.0.1:5005", environ(5005))
    assert policy("http://localhost:5005", environ(5005))
    assert not policy("http://localhost:5006", environ(5005))
    assert not policy("https://127.0.0.1:5005", environ(5005))
    assert not policy("http://evil.example", environ(5005))
    assert not policy(None, environ(5005))
    assert not policy("http://127.0.0.1:5005", {})  # no way to tell the port: refuse


def test_a_configured_list_replaces_the_default() -> None:
    policy = OriginPolicy(("https://www.school.org.uk",))
    assert policy("https://www.school.org.uk", environ(5005))
    assert not policy("http://127.0.0.1:5005", environ(5005))


@pytest.mark.parametrize(
    ("value", "valid"),
    [("0123456789abcdef0123456789abcdef", True), ("0123456789ABCDEF0123456789ABCDEF", False), ("abc", False),
     ("0123456789abcdef0123456789abcdef0", False), (None, False), (123, False), ("../" * 11, False)],
)  # fmt: skip
def test_session_id_shape(value: object, valid: bool) -> None:
    assert (valid_session_id(value) is not None) is valid


def test_incoming_message_is_checked_and_trimmed() -> None:
    session = "ab" * 16
    incoming = parse_incoming({"message": "  hello ", "session_id": session, "metadata": '{"page": "x"}'})
    assert (incoming.text, incoming.session_id, incoming.metadata) == ("hello", session, {"page": "x"})
    assert parse_incoming({"message": "hi", "session_id": "nope"}).session_id is None


def test_an_over_long_message_becomes_the_too_long_intent() -> None:
    """The text never reaches NLU or the tracker: the assistant answers the fixed intent (channels/limits.py)."""
    assert parse_incoming({"message": "x" * 1001}).text == "/senco_message_too_long"
    assert parse_incoming({"message": "x" * 1000}).text == "x" * 1000


@pytest.mark.parametrize(
    "data",
    [None, "text", [], {}, {"message": None}, {"message": ""}, {"message": "\x00\u202e\n"},
     {"message": "a", "metadata": 1}, {"message": "a", "metadata": "{bad"},
     {"message": "a", "metadata": {"big": "x" * 5000}}],
)  # fmt: skip
def test_bad_incoming_messages_raise_bad_input(data: object) -> None:
    with pytest.raises(BadInput):
        parse_incoming(data)


class RecordingSio:
    def __init__(self) -> None:
        self.emitted: list[tuple[str, Any, str]] = []

    async def emit(self, event: str, data: Any, room: str) -> None:
        self.emitted.append((event, data, room))


def test_output_sends_each_message_whole_to_the_session_room() -> None:
    sio = RecordingSio()
    output = WebChatOutput(sio, "bot_uttered")  # type: ignore[arg-type]
    payload = {"type": "senco_assessment", "outcome": "NPQ_REQUIRED", "room": "not a keyword"}

    async def run() -> None:
        await output.send_response("s1", {"text": "one\n\ntwo"})
        await output.send_response("s1", {"text": "pick", "buttons": [{"title": "A", "payload": "/a"}, {"title": "x"}]})
        await output.send_response("s1", {"custom": payload})

    run_async(run)
    assert sio.emitted == [
        ("bot_uttered", {"text": "one\n\ntwo"}, "s1"),
        ("bot_uttered", {"text": "pick", "buttons": [{"title": "A", "payload": "/a"}]}, "s1"),
        ("bot_uttered", {"custom": payload}, "s1"),
    ]


def test_credentials_are_checked() -> None:
    channel = WebChatInput.from_credentials({"allowed_origins": "", "session_persistence": True})
    assert isinstance(channel, WebChatInput)
    assert (channel.allowed_origins, channel.session_persistence, channel.url_prefix()) == ((), True, "/webchat")
    with pytest.raises(WebChatConfigError, match="session_persistence"):
        WebChatInput.from_credentials({"session_persistence": "yes"})


def test_csp_names_the_host_only_when_it_looks_like_one() -> None:
    assert "connect-src 'self' ws://127.0.0.1:5005 wss://127.0.0.1:5005;" in webchat_assets.demo_page_csp(
        "127.0.0.1:5005"
    )
    assert "connect-src 'self';" in webchat_assets.demo_page_csp("evil; script-src *")
    assert "connect-src 'self';" in webchat_assets.demo_page_csp(None)


def test_widget_files_not_built_get_503_with_the_command_to_run(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    monkeypatch.setattr(webchat_assets, "DIST", tmp_path)
    reply = webchat_assets._file_response(SimpleNamespace(headers={}), "senco-chat.js", "text/javascript", {})
    assert reply.status == 503
    assert b"make webchat" in reply.body


@pytest.mark.slow
def test_rasa_refuses_a_bad_origin_list_with_a_message_not_a_traceback(tmp_path: Path) -> None:
    env = os.environ | {
        "WEBCHAT_ALLOWED_ORIGINS": "https://www.school.org.uk,*",
        "RASA_PORT": str(free_port()),
        "SENCO_TRACKER_DB": str(tmp_path / "tracker.db"),
    }
    run = subprocess.run(
        ["bash", "tools/serve_rasa.sh", str(trained_model())],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The settings check (senco_settings) stops it before Rasa starts: exit 2, one line naming the variable.
    assert run.returncode == 2
    assert "error: WEBCHAT_ALLOWED_ORIGINS: '*' is not a website origin like https://school.example" in run.stderr
    assert "Traceback" not in run.stdout + run.stderr
