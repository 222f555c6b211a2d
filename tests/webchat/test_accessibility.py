"""Accessibility in a real browser: keyboard only, axe-core (no serious or critical WCAG A/AA violation), a 320 px
wide window, live announcements, reduced motion."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.servers import Servers
from tests.webchat.chat import ChatPage

pytestmark = pytest.mark.slow

ANSWER_IN_ONE = "I'm the SENCO at a pupil referral unit since 4/9/2023, no nasenco, not on the npq, first SENCO job"


def focused(chat: ChatPage) -> str:
    """What has the keyboard focus: its text, or its accessible label."""
    return chat.page.evaluate(
        "() => { const e = document.activeElement; return e.getAttribute('aria-label') || e.id && "
        'document.querySelector(`label[for="${e.id}"]`)?.textContent || e.textContent.trim(); }'
    )


def test_keyboard_only_open_answer_type_and_close(chat: ChatPage) -> None:
    keys = chat.page.keyboard
    keys.press("Tab")
    assert focused(chat) == "SENCO qualification help"
    outline = chat.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the launcher shows no focus indicator"
    before = chat.bot_count()
    keys.press("Enter")
    expect(chat.dialog).to_be_visible()
    assert focused(chat) == "Your message"
    chat.wait_for_reply(before)

    for _ in range(8):  # back from the text box into the greeting's choices
        keys.press("Shift+Tab")
        if focused(chat) == "What do I need?":
            break
    assert focused(chat) == "What do I need?"
    assert chat.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    before = chat.bot_count()
    keys.press("Enter")
    chat.wait_for_reply(before)
    assert focused(chat) == "Your message"  # after a choice, focus is ready for typing

    before = chat.bot_count()
    keys.type("academy")
    keys.press("Enter")
    chat.wait_for_reply(before)
    expect(chat.dialog.locator(".sc-msg-user").last).to_have_text("You said: academy")

    keys.press("Escape")
    expect(chat.dialog).to_be_hidden()
    assert focused(chat) == "SENCO qualification help"
    expect(chat.launcher).to_have_attribute("aria-expanded", "false")


def test_new_bot_messages_are_announced_politely(chat: ChatPage) -> None:
    live = chat.page.locator(".senco-chat [aria-live='polite']")
    expect(live).to_have_count(1)
    chat.open()
    expect(live).to_contain_text("SENCO qualification")  # the greeting
    chat.send(ANSWER_IN_ONE)
    expect(live).to_contain_text("Answer card: NPQ for SENCOs needed by 4 September 2026 (overdue)")


def test_axe_finds_no_serious_violations_with_the_dialog_open(chat: ChatPage) -> None:
    chat.open()
    assert chat.axe_violations() == []


def test_axe_finds_no_serious_violations_with_an_answer_card(chat: ChatPage) -> None:
    chat.open()
    chat.send(ANSWER_IN_ONE)  # overdue and "unclear": both notices are checked too
    expect(chat.card.locator(".sc-notice")).to_have_count(2)
    assert chat.axe_violations() == []
    chat.card.locator("summary").click()  # and with the full answer open
    assert chat.axe_violations() == []


def test_320_px_wide_window_needs_no_horizontal_scrolling(browser: Browser, assistant: Servers) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    try:
        chat = ChatPage(context.new_page(), assistant.url).load()
        launcher = chat.launcher.bounding_box()
        assert launcher
        assert 0 <= launcher["x"] <= launcher["x"] + launcher["width"] <= 320
        chat.open()
        chat.send(ANSWER_IN_ONE)
        chat.card.locator("summary").click()  # long source addresses inside
        widths = chat.page.evaluate(
            """() => ({page: document.documentElement.scrollWidth,
                       log: document.querySelector('.sc-log').scrollWidth,
                       logClient: document.querySelector('.sc-log').clientWidth})"""
        )
        assert widths["page"] <= 320, widths
        assert widths["log"] <= widths["logClient"], widths
        box = chat.dialog.bounding_box()
        assert box
        assert 0 <= box["x"] <= box["x"] + box["width"] <= 320
        drawing = chat.card.locator(".sc-timeline svg").bounding_box()  # the timeline fits too
        assert drawing
        assert 0 <= drawing["x"] <= drawing["x"] + drawing["width"] <= 320
    finally:
        context.close()


def test_the_timeline_is_labelled_and_said_in_words(chat: ChatPage) -> None:
    chat.open()
    chat.send(ANSWER_IN_ONE)
    figure = chat.card.locator("figure.sc-timeline")
    expect(figure).to_have_count(1)
    heading_id = figure.get_attribute("aria-labelledby")
    assert heading_id
    expect(chat.page.locator(f"#{heading_id}")).to_have_text("Timeline")
    expect(figure.locator("svg")).to_have_attribute("aria-hidden", "true")
    said = figure.locator("ol li").all_inner_texts()
    assert said[-1] == "22 November 2026: Today"  # the deadline (4 September 2026) has passed: today comes last
    assert "4 September 2026 (passed): Deadline" in said
    assert figure.locator("svg text").count() == 2 * len(said)  # every point labelled, with its date
    assert chat.axe_violations() == []


def test_text_can_be_doubled_without_losing_anything(chat: ChatPage) -> None:
    """WCAG 1.4.4: at 200% text size (the root font size doubled, as a browser setting does) nothing overflows."""
    chat.page.evaluate("() => { document.documentElement.style.fontSize = '200%'; }")  # CSSOM: allowed by the CSP
    chat.open()
    chat.send(ANSWER_IN_ONE)
    widths = chat.page.evaluate(
        "() => { const l = document.querySelector('.sc-log'); return {log: l.scrollWidth, client: l.clientWidth}; }"
    )
    assert widths["log"] <= widths["client"], widths
    expect(chat.input).to_be_visible()


def test_reduced_motion_turns_the_animation_off(chat: ChatPage) -> None:
    chat.page.emulate_media(reduced_motion="reduce")
    chat.open()
    assert chat.page.evaluate("() => getComputedStyle(document.querySelector('.sc-panel')).animationName") == "none"
    chat.page.emulate_media(reduced_motion="no-preference")
    assert chat.page.evaluate("() => getComputedStyle(document.querySelector('.sc-panel')).animationName") != "none"
