"""Whole conversations in a real browser, on the demo page Rasa serves: buttons only, typing, a reload in the middle.

Assertions are on the card's dates (as the widget writes them), on the payload the widget received and on the
tracker that the widget's session id names, so the browser, the socket and Rasa are all checked together.
"""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.servers import Servers
from tests.webchat.chat import ChatPage

pytestmark = pytest.mark.slow


def test_buttons_only_conversation_reaches_the_answer_card(chat: ChatPage, assistant: Servers) -> None:
    chat.open()
    for title in ("I want to become a SENCO", "Academy or free school"):
        chat.click(title)
    for _ in range(6):  # whatever else the form still asks, answer with its first button
        if chat.card.count():
            break
        buttons = chat.dialog.locator(".sc-choices button")
        assert buttons.count(), f"no buttons to answer with:\n{chat.log_text()}"
        chat.click(buttons.first.inner_text())
    expect(chat.card).to_have_count(1)
    expect(chat.card.locator("dd").first).to_have_text("NPQ for SENCOs")
    assert (chat.assessment()["outcome"], chat.assessment()["deadline"]) == ("ASPIRING", None)
    slots = assistant.tracker(chat.session_id())["slots"]
    assert (slots["role"], slots["setting"]) == ("aspiring", "academy_mainstream")


def test_typed_conversation_gives_the_right_deadline(chat: ChatPage, assistant: Servers) -> None:
    chat.open()
    chat.send("got the SENCO job at our academy last Sept, haven't done NASENCO")
    assert assistant.tracker(chat.session_id())["slots"]["requested_slot"] == "npq"
    chat.send("not started")
    chat.send("no")
    card = chat.card
    expect(card).to_have_count(1)
    facts = dict(zip(card.locator("dt").all_inner_texts(), card.locator("dd").all_inner_texts(), strict=True))
    assert facts["Qualification needed"] == "NPQ for SENCOs"
    assert facts["Deadline"] == "1 September 2029"  # SENCO_TODAY=2026-11-22: "last Sept" is September 2026
    assert facts["Latest safe start for the NPQ"] == "1 November 2027"
    assert facts["Worked out as at"] == "22 November 2026"
    expect(card.locator(".sc-notice-overdue")).to_have_count(0)
    sources = card.locator(".sc-card-section a").evaluate_all("links => links.map(a => a.href)")
    assert any(href.startswith("https://www.legislation.gov.uk/") for href in sources)
    assert all(href.startswith(("https://www.legislation.gov.uk/", "https://www.gov.uk/")) for href in sources)


def test_answer_text_is_folded_into_the_card_not_shown_twice(chat: ChatPage) -> None:
    chat.open()
    chat.send("I'm the SENCO at a free school since 6/1/25, no nasenco, not on the npq, first SENCO job")
    expect(chat.card).to_have_count(1)
    headline = chat.card.locator(".sc-card-lead").inner_text()
    assert "6 January 2028" in headline
    # the headline appears once, in the card; the whole text is kept in the card's "Full answer"
    assert chat.log_text().count(headline) == 1
    full = chat.card.locator("details.sc-card-full")
    expect(full).not_to_have_attribute("open", "")
    full.locator("summary").click()
    expect(full).to_contain_text("reg 49")


def test_the_card_says_what_it_took_from_the_teachers_words(chat: ChatPage, assistant: Servers) -> None:
    chat.open()
    chat.send("I'm the SENCO at a special academy since 6/1/25, no nasenco, not on the npq, first SENCO job")
    expect(chat.card).to_have_count(1)
    told = chat.card.locator(".sc-card-understood li").all_inner_texts()
    assert "“special academy”: a special school" in told
    assert chat.assessment()["outcome"] == "NOT_STATUTORY_SETTING"
    chat.send("no, it's a mainstream academy")
    expect(chat.card).to_have_count(2)
    assert chat.assessment()["outcome"] == "NPQ_REQUIRED"
    assert assistant.tracker(chat.session_id())["slots"]["setting"] == "academy_mainstream"


def test_overdue_and_unclear_are_flagged_in_words(chat: ChatPage) -> None:
    chat.open()
    chat.send("I'm the SENCO at a pupil referral unit since 4/9/2023, no nasenco, not on the npq, first SENCO job")
    notices = chat.card.locator(".sc-notice")
    expect(notices).to_have_count(2)
    expect(chat.card.locator(".sc-notice-overdue")).to_contain_text("Overdue")
    expect(chat.card.locator(".sc-notice-overdue")).to_contain_text("4 September 2026")
    expect(chat.card.locator(".sc-notice-unclear")).to_contain_text("local authority")
    assert chat.assessment()["overdue"] is True
    assert chat.assessment()["statutory"] == "unclear"


def test_reload_keeps_the_conversation_and_the_next_message_continues_it(chat: ChatPage, assistant: Servers) -> None:
    chat.open()
    chat.click("What do I need?")
    chat.click("Academy or free school")
    session, shown = chat.session_id(), chat.log_text()

    chat.page.reload()
    expect(chat.dialog).to_be_visible()  # it was open, so it opens again
    assert chat.session_id() == session
    assert chat.log_text() == shown

    chat.click("I'm the SENCO (or starting soon)")  # the last question's buttons still answer it
    slots = assistant.tracker(session)["slots"]
    assert (slots["setting"], slots["role"], slots["requested_slot"]) == ("academy_mainstream", "senco", "nasenco")


def test_bot_links_are_real_links_that_open_safely(chat: ChatPage) -> None:
    chat.open()
    chat.send("how long does the NPQ for SENCOs take?")
    link = chat.dialog.locator(".sc-msg-bot a[href^='https://www.gov.uk/']").last
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    assert link.inner_text() == link.get_attribute("href")


def test_copy_puts_the_plain_text_answer_on_the_clipboard(chat: ChatPage) -> None:
    chat.page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=chat.server)
    chat.open()
    chat.send("I'm the SENCO at a free school since 6/1/25, no nasenco, not on the npq, first SENCO job")
    chat.card.get_by_role("button", name="Copy").click()
    expect(chat.card.get_by_role("status")).to_have_text("Answer copied as text.")
    assert chat.page.evaluate("() => navigator.clipboard.readText()") == chat.assessment()["plain_text"]


def test_copy_falls_back_when_the_clipboard_api_is_missing(chat: ChatPage) -> None:
    """As on a school intranet page served over plain http, where navigator.clipboard does not exist."""
    chat.page.evaluate(
        """() => {
            Object.defineProperty(navigator, 'clipboard', {value: undefined});
            document.addEventListener('copy', (e) => {
                window.copied = e.target.value.slice(e.target.selectionStart, e.target.selectionEnd);
            });
        }"""
    )
    chat.open()
    chat.send("I'm the SENCO at a free school since 6/1/25, no nasenco, not on the npq, first SENCO job")
    copy = chat.card.get_by_role("button", name="Copy")
    copy.click()
    expect(chat.card.get_by_role("status")).to_have_text("Answer copied as text.")
    assert chat.page.evaluate("() => window.copied") == chat.assessment()["plain_text"]
    expect(copy).to_be_focused()  # focus goes back to the button, not lost on the hidden text area
    assert chat.page.locator("textarea").count() == 0


def test_print_shows_only_the_card(chat: ChatPage) -> None:
    chat.open()
    chat.send("I'm the SENCO at a free school since 6/1/25, no nasenco, not on the npq, first SENCO job")
    chat.page.emulate_media(media="print")
    # window.print() is where the browser lays out the printout: record what is visible at that moment
    chat.page.evaluate(
        """() => { window.print = () => {
            const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden';
            window.printed = {
                card: shown(document.querySelector('.sc-card')),
                page: shown(document.querySelector('main')),
                others: [...document.querySelectorAll('.sc-log > li:not(.sc-msg-card)')].some(shown),
                form: shown(document.querySelector('.sc-form')),
                buttons: shown(document.querySelector('.sc-card-actions')),
            };
        }; }"""
    )
    chat.card.get_by_role("button", name="Print").click()
    printed = chat.page.evaluate("() => window.printed")
    assert printed == {"card": True, "page": False, "others": False, "form": False, "buttons": False}
    assert not chat.page.evaluate("() => document.documentElement.classList.contains('senco-chat-printing')")


def test_add_to_calendar_gives_the_dates_of_the_answer(chat: ChatPage) -> None:
    chat.open()
    chat.send("I'm the SENCO at a free school since 1/9/26, no nasenco, not on the npq, first SENCO job")
    expect(chat.card).to_have_count(1)
    expect(chat.card.locator(".sc-notice-state")).to_contain_text("On track")
    link = chat.card.locator("a.sc-calendar")
    expect(link).to_have_text("Add to calendar")
    href = link.get_attribute("href")
    assert href
    assert href.startswith(chat.server)
    reply = chat.page.request.get(href)
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/calendar")
    events = {str(e["summary"]): e.decoded("dtstart") for e in Calendar.from_ical(reply.body()).walk("VEVENT")}
    assert sorted(events.values()) == [date(2027, 11, 1), date(2029, 9, 1)]
