"""What a person types is text, never markup; the demo page's headers; cross-origin embedding, allowed and refused.

The cross-origin tests serve a stand-in school page from a second origin on loopback and start a second assistant
whose WEBCHAT_ALLOWED_ORIGINS lists only that page.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from playwright.sync_api import Browser, expect

from tests.servers import Servers, free_port, running_assistant
from tests.webchat.chat import ChatPage

pytestmark = pytest.mark.slow

XSS = "<img src=x onerror=alert(1)>"


def test_typed_html_is_shown_as_text_and_creates_no_element(chat: ChatPage) -> None:
    chat.open()
    chat.send(XSS)
    chat.send("**not bold** [not a link](https://example.org)")
    bubbles = chat.dialog.locator(".sc-msg-user .sc-text")
    expect(bubbles.nth(0)).to_have_text(XSS)
    expect(bubbles.nth(1)).to_have_text("**not bold** [not a link](https://example.org)")
    assert chat.page.locator(".senco-chat img, .senco-chat strong").count() == 0
    assert chat.page.locator(".senco-chat .sc-msg-user a").count() == 0
    chat.page.reload()  # drawn again from the transcript: still text
    expect(chat.dialog.locator(".sc-msg-user .sc-text").nth(0)).to_have_text(XSS)
    assert chat.page.locator(".senco-chat img").count() == 0
    # the page fixture fails the test if an alert() ran


def test_demo_page_headers(assistant: Servers) -> None:
    reply = requests.get(f"{assistant.url}/webchat/", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("text/html")
    csp = reply.headers["Content-Security-Policy"]
    host = assistant.url.removeprefix("http://")
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert f"connect-src 'self' ws://{host} wss://{host};" in csp
    assert "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    # no inline script or handler: every script has a src, no on* attribute anywhere
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", reply.text) == []
    assert re.findall(r"\son[a-z]+\s*=", reply.text) == []


def test_widget_files_are_cached_by_etag(assistant: Servers) -> None:
    first = requests.get(f"{assistant.url}/webchat/senco-chat.js", timeout=10)
    assert first.status_code == 200
    assert first.headers["Content-Type"].startswith("text/javascript")
    assert first.headers["Cache-Control"] == "no-cache"
    assert first.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    again = requests.get(
        f"{assistant.url}/webchat/senco-chat.js", headers={"If-None-Match": first.headers["ETag"]}, timeout=10
    )
    assert again.status_code == 304
    assert requests.get(f"{assistant.url}/webchat/senco-chat.css", timeout=10).status_code == 200


@pytest.mark.parametrize("path", ["/webchat/nothing.js", "/webchat/..%2fcredentials.yml", "/webchat/%2e%2e/README.md"])
def test_only_the_widget_files_are_served(assistant: Servers, path: str) -> None:
    reply = requests.get(assistant.url + path, timeout=10)
    assert reply.status_code == 404
    assert "rest:" not in reply.text


# --- embedding on another origin ----------------------------------------------------------------------------------

SCHOOL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A school</title></head>
<body><main><h1>Our school</h1></main>
<script src="{server}/webchat/senco-chat.js" data-server="{server}" defer></script></body></html>
"""


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, Path]]:
    """A port for the stand-in school site, and the folder it serves."""
    folder = tmp_path_factory.mktemp("school")
    port = free_port()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield port, folder
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def restricted(tmp_path_factory: pytest.TempPathFactory, school: tuple[int, Path]) -> Iterator[Servers]:
    """An assistant that allows only the school's page (http://127.0.0.1:SCHOOL_PORT) to connect."""
    port, folder = school
    env = {"WEBCHAT_ALLOWED_ORIGINS": f"http://127.0.0.1:{port}/"}  # the trailing slash is forgiven
    with running_assistant(tmp_path_factory.mktemp("restricted"), env=env) as servers:
        (folder / "index.html").write_text(SCHOOL_PAGE.format(server=servers.url), encoding="utf-8")
        yield servers


def test_a_listed_school_site_embeds_the_chat_with_one_tag(
    browser: Browser, restricted: Servers, school: tuple[int, Path]
) -> None:
    context = browser.new_context()
    try:
        chat = ChatPage(context.new_page(), f"http://127.0.0.1:{school[0]}").load("/index.html")
        chat.open()  # the greeting arrives over socket.io from the assistant's origin
        chat.send("I'm the SENCO at a free school since 6/1/25, no nasenco, not on the npq, first SENCO job")
        expect(chat.card.locator("dd").nth(1)).to_have_text("6 January 2028")
        # the stylesheet came from the assistant, next to the script
        assert chat.page.evaluate("() => getComputedStyle(document.querySelector('.sc-launcher')).position") == "fixed"
    finally:
        context.close()


def test_an_unlisted_origin_cannot_connect(browser: Browser, restricted: Servers, school: tuple[int, Path]) -> None:
    """The same page from http://localhost:PORT is another origin: refused, and the widget says it can't connect."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(f"http://localhost:{school[0]}/index.html")
        chat = ChatPage(page, "")
        chat.launcher.click()
        expect(chat.dialog.get_by_role("status").first).to_have_text(re.compile("Can't reach the assistant"))
        assert chat.bot_count() == 0
    finally:
        context.close()


def test_the_assistants_own_page_is_refused_when_a_list_is_set(restricted: Servers) -> None:
    port = restricted.url.rsplit(":", 1)[1]
    for origin in (f"http://127.0.0.1:{port}", f"http://localhost:{port}", "https://evil.example"):
        reply = requests.get(
            f"{restricted.url}/socket.io/",
            params={"EIO": "4", "transport": "polling"},
            headers={"Origin": origin},
            timeout=10,
        )
        assert reply.status_code == 400, origin
        assert "not an accepted origin" in reply.text


HOSTILE = [
    "<script>alert(1)</script>",
    '<a href="http://evil.example">x</a>',
    "[x](http://evil.example)",
    "<!channel> *bold* _it_",
    "I started on 31/02/2024 <b>really</b> http://evil.example/x",
]


def test_hostile_text_is_shown_as_typed_and_no_reply_links_it(chat: ChatPage) -> None:
    """Script, HTML links, Markdown links, Slack mentions and emphasis stay text in the person's bubbles, and the
    assistant's replies (which make addresses into links) never carry an address someone typed."""
    chat.open()
    for text in HOSTILE:
        chat.send(text)
    bubbles = chat.dialog.locator(".sc-msg-user .sc-text")
    for index, text in enumerate(HOSTILE):
        expect(bubbles.nth(index)).to_have_text(text)
    assert chat.page.locator(".senco-chat script, .senco-chat b, .senco-chat strong, .senco-chat em").count() == 0
    assert chat.page.locator(".senco-chat .sc-msg-user a").count() == 0
    assert chat.page.locator('.senco-chat a[href*="evil.example"]').count() == 0
