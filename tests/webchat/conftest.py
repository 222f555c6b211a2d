"""The web chat tests' fixtures: the real servers (tests/servers.py), Debian's Chromium driven by Playwright, and a
fresh browser context (so a fresh sessionStorage, so a fresh conversation) for every test.

Chromium comes from `make browser` (apt-get), never from Playwright's own download. A missing browser fails the
tests instead of skipping them: a web chat that was never tested in a browser must not look green.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.servers import Servers, running_assistant
from tests.webchat.chat import AXE, ROOT, ChatPage

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
WIDGET = ROOT / "webchat" / "dist" / "senco-chat.js"


@pytest.fixture(scope="session")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    """One Rasa + action server for the web chat tests, with WEBCHAT_ALLOWED_ORIGINS empty (same origin only)."""
    if not WIDGET.is_file() or not AXE.is_file():
        pytest.fail("the web chat is not built: run `make webchat` (make test does it)")
    with running_assistant(tmp_path_factory.mktemp("webchat"), env={"WEBCHAT_ALLOWED_ORIGINS": ""}) as servers:
        yield servers


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser` (make test does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(viewport={"width": 1024, "height": 800}, locale="en-GB")
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any script error, CSP refusal or failed request in the page."""
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("dialog", lambda dialog: (problems.append(f"unexpected {dialog.type}: {dialog.message}"), dialog.dismiss()))
    yield page
    assert not problems, problems


@pytest.fixture
def chat(page: Page, assistant: Servers) -> ChatPage:
    return ChatPage(page, assistant.url).load()
