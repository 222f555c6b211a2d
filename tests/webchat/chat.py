"""Driving the widget as a person does, through Playwright, plus what the tests read back from the page.

Waits are on what the page shows (a reply drawn, a card present), never fixed sleeps, so a slow machine makes the
tests slower, not flaky.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "webchat" / "node_modules" / "axe-core" / "axe.min.js"
REPLY_TIMEOUT_MS = 60_000


@dataclass
class ChatPage:
    page: Page
    server: str

    # --- finding things --------------------------------------------------------------------------------------
    @property
    def launcher(self) -> Locator:
        return self.page.get_by_role("button", name="SENCO qualification help")

    @property
    def dialog(self) -> Locator:
        return self.page.get_by_role("dialog", name="SENCO qualification assistant")

    @property
    def input(self) -> Locator:
        return self.page.get_by_label("Your message")

    @property
    def card(self) -> Locator:
        return self.page.locator(".senco-chat .sc-card")

    def choice(self, title: str) -> Locator:
        return self.dialog.get_by_role("button", name=title, exact=True)

    def bot_count(self) -> int:
        return self.page.locator(".senco-chat .sc-msg-bot").count()

    def log_text(self) -> str:
        return self.page.locator(".senco-chat .sc-log").inner_text()

    def session_id(self) -> str:
        found = self.page.evaluate(
            "() => Object.keys(sessionStorage).filter(k => k.endsWith(':session')).map(k => sessionStorage[k])"
        )
        assert len(found) == 1, found
        return json.loads(found[0])

    def transcript(self) -> list[dict[str, Any]]:
        found = self.page.evaluate(
            "() => Object.keys(sessionStorage).filter(k => k.endsWith(':transcript')).map(k => sessionStorage[k])"
        )
        return json.loads(found[0]) if found else []

    def assessment(self) -> dict[str, Any]:
        """The custom payload the card was drawn from, as the widget received it."""
        found = [e["message"]["custom"] for e in self.transcript() if "custom" in e.get("message", {})]
        assert found, "no assessment payload received"
        return found[-1]

    # --- doing things ----------------------------------------------------------------------------------------
    def load(self, path: str = "/webchat/") -> ChatPage:
        self.page.goto(self.server + path)
        expect(self.launcher).to_be_visible()
        return self

    def open(self) -> None:
        """Open the dialog and wait for the assistant's greeting (sent the first time a conversation opens)."""
        before = self.bot_count()
        self.launcher.click()
        expect(self.dialog).to_be_visible()
        if not before:
            self.wait_for_reply(0)

    def wait_for_reply(self, before: int) -> None:
        """Wait until a new bot message is drawn, then until the turn's messages stop arriving."""
        self.page.wait_for_function(
            "n => document.querySelectorAll('.senco-chat .sc-msg-bot').length > n", arg=before, timeout=REPLY_TIMEOUT_MS
        )
        self.settle()

    def settle(self, quiet_s: float = 0.6) -> None:
        """A turn is several socket events; it is over when nothing new has been drawn for a moment."""
        deadline = time.monotonic() + REPLY_TIMEOUT_MS / 1000
        last, since = self.log_text(), time.monotonic()
        while time.monotonic() < deadline:
            self.page.wait_for_timeout(150)
            now = self.log_text()
            if now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet_s:
                return
        raise AssertionError("the conversation never settled")

    def send(self, text: str) -> None:
        before = self.bot_count()
        self.input.fill(text)
        self.input.press("Enter")
        self.wait_for_reply(before)

    def click(self, title: str) -> None:
        before = self.bot_count()
        self.choice(title).click()
        self.wait_for_reply(before)

    # --- checking things -------------------------------------------------------------------------------------
    def axe_violations(self, context: str = "document") -> list[dict[str, Any]]:
        """axe-core (from webchat/node_modules) run in the page: the serious and critical WCAG A/AA violations.

        Injected with evaluate, which the demo page's CSP does not block (a <script> tag would be refused)."""
        if not self.page.evaluate("() => Boolean(window.axe)"):
            self.page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
        result = self.page.evaluate(
            """async (context) => {
                const options = {runOnly: {type: 'tag', values:
                    ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}};
                const r = await axe.run(context === 'document' ? document : document.querySelector(context), options);
                return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => n.target.join(' ') + ': ' + n.failureSummary)}));
            }""",
            context,
        )
        return [v for v in result if v["impact"] in ("serious", "critical")]
