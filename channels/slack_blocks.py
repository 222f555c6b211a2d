"""Slack text in and Block Kit out, as pure functions (no Slack, no Rasa), so they are unit tested directly.

Out: everything the assistant says goes into `plain_text` objects, which Slack never parses, so nothing a person
typed and the assistant repeats can become a link, a mention (@channel, @here) or formatting. The only `mrkdwn` is
the list of sources, built from our own data with `&`, `<` and `>` escaped. The top-level `text` (shown in
notifications) is escaped too.

In: Slack writes mentions, channels and links as `<...>` markup and escapes `&`, `<` and `>`; the NLU gets the
words a person sees instead ("click", "@channel"), with the bot's own mention removed.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from typing import Any

from channels.answer_summary import calendar_link, day, state_text, summary_lines, timeline_lines
from rules_engine.dates import long_date
from rules_engine.wording import WORDING

# Slack's limits (api.slack.com/reference/block-kit): a longer text or list makes chat.postMessage fail.
SECTION_TEXT_LIMIT = 3000
HEADER_TEXT_LIMIT = 150
BUTTON_TEXT_LIMIT = 75
BUTTON_VALUE_LIMIT = 2000
ACTIONS_PER_BLOCK = 25
BLOCKS_PER_MESSAGE = 50
FALLBACK_TEXT_LIMIT = 3000

Block = dict[str, Any]
_R = WORDING["render"]
_MARKUP = re.compile(r"<([^<>]*)>")
_LEADING_MENTION = re.compile(r"^\s*<@([A-Z0-9]+)(?:\|[^<>]*)?>")
_SAFE_URL = re.compile(r"https?://[^\s<>|]+")


# --- out: what the assistant says ------------------------------------------------------------------------------


def escape(text: str) -> str:
    """Slack's three control characters as entities: the only escaping `mrkdwn` and the top-level text need."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def plain(text: str, limit: int = SECTION_TEXT_LIMIT) -> Block:
    """A `plain_text` object: shown exactly as written, never parsed for links, mentions or formatting."""
    return {"type": "plain_text", "text": text[:limit], "emoji": True}


def split_text(text: str, limit: int = SECTION_TEXT_LIMIT) -> list[str]:
    """`text` in pieces of at most `limit` characters, cut at line ends where possible, so a long answer is
    several sections of one message rather than a message Slack refuses."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines():
        while len(line) > limit:
            pieces += [current, line[:limit]]
            current, line = "", line[limit:]
        joined = f"{current}\n{line}" if current else line
        if len(joined) > limit:
            pieces.append(current)
            joined = line
        current = joined
    pieces.append(current)
    return [piece.strip() for piece in pieces if piece.strip()]


def text_blocks(text: str) -> list[Block]:
    """The text as `section` blocks of `plain_text` (none for an empty text)."""
    return [{"type": "section", "text": plain(piece)} for piece in split_text(text)]


def fallback_text(text: str) -> str:
    """The top-level `text` Slack shows in notifications: escaped, because Slack parses it as markup."""
    return escape(text.strip()[:FALLBACK_TEXT_LIMIT])


def button_blocks(buttons: Iterable[Mapping[str, Any]]) -> list[Block]:
    """Rasa buttons as `actions` blocks of `button` elements whose `value` is the payload Rasa gets on a click.

    A button without a title or payload, or with a payload Slack would refuse, is left out rather than failing
    the whole message; more than 25 buttons take several blocks (Slack's limit per block)."""
    elements = []
    for button in buttons:
        title, payload = button.get("title"), button.get("payload")
        if isinstance(title, str) and title and isinstance(payload, str) and 0 < len(payload) <= BUTTON_VALUE_LIMIT:
            elements.append(
                {
                    "type": "button",
                    "action_id": f"senco_button_{len(elements)}",
                    "text": plain(title, BUTTON_TEXT_LIMIT),
                    "value": payload,
                }
            )
    return [
        {"type": "actions", "elements": elements[start : start + ACTIONS_PER_BLOCK]}
        for start in range(0, len(elements), ACTIONS_PER_BLOCK)
    ]


def text_message(text: str, buttons: Iterable[Mapping[str, Any]] = ()) -> dict[str, Any] | None:
    """chat.postMessage arguments for a text (and buttons); None when there is nothing to show."""
    actions = button_blocks(buttons)
    sections = text_blocks(text)[: BLOCKS_PER_MESSAGE - len(actions)]
    if not sections and not actions:
        return None
    return {"text": fallback_text(text) or " ", "blocks": [*sections, *actions]}


# --- out: the answer's custom payload ----------------------------------------------------------------------------


def _source_links(citations: Any) -> list[str]:
    """One `mrkdwn` link per citation with an http(s) URL; titles escaped so they cannot become markup."""
    links = []
    for citation in citations if isinstance(citations, list) else []:
        if not isinstance(citation, Mapping):
            continue
        label = ", ".join(str(citation[key]) for key in ("title", "provision") if citation.get(key))
        url = citation.get("url")
        if isinstance(url, str) and _SAFE_URL.fullmatch(url) and label:
            links.append(f"• <{escape(url)}|{escape(label)}>")
        elif label:
            links.append(f"• {escape(label)}")
    return links


def assessment_message(payload: Mapping[str, Any]) -> dict[str, Any]:
    """The `senco_assessment` payload as compact blocks: title, date checked, where the teacher stands (first),
    qualification, deadline, latest safe start, a text timeline, an "Add to calendar" link button and the sources
    as links. The answer's text has already said why; this is the summary a person scans, never raw JSON."""
    lead = state_text(payload)
    summary = summary_lines(payload)
    blocks: list[Block] = [{"type": "header", "text": plain(_R["title"], HEADER_TEXT_LIMIT)}]
    as_at = day(payload.get("as_at"))
    if as_at:
        blocks.append({"type": "context", "elements": [plain(_R["as_at"].format(today=long_date(as_at)))]})
    if lead:
        blocks += text_blocks(lead)
    elif payload.get("overdue") is True:
        blocks += text_blocks(_R["overdue_line"])
    blocks += text_blocks("\n".join(summary))
    timeline = timeline_lines(payload)
    if timeline:
        blocks.append({"type": "context", "elements": [plain("\n".join([_R["timeline_heading"], *timeline]))]})
    link = calendar_link(payload)
    if link:
        button = {"type": "button", "action_id": "senco_calendar", "text": plain(_R["add_to_calendar"]), "url": link}
        blocks.append({"type": "actions", "elements": [button]})
    links = _source_links(payload.get("citations"))
    if links:
        sources = "\n".join([f"*{escape(_R['sources'])}*", *links])
        blocks.append({"type": "section", "text": {"type": "mrkdwn", "text": sources[:SECTION_TEXT_LIMIT]}})
    return {"text": fallback_text("\n".join([_R["title"], *([lead] if lead else []), *summary])), "blocks": blocks}


# --- in: what a person typed -------------------------------------------------------------------------------------


def leading_mention(text: str) -> str | None:
    """The user id of a mention that opens the text (how an app_mention addresses the bot)."""
    match = _LEADING_MENTION.match(text)
    return match.group(1) if match else None


def _shown(markup: str, bot_user_ids: Collection[str]) -> str:
    """What Slack displays for one `<...>` element: a link's label (or its address), "@name", "#channel"."""
    target, _, label = markup.partition("|")
    if target.startswith("@"):
        return " " if target[1:] in bot_user_ids else f"@{label or target[1:]}"
    if target.startswith("#"):
        return f"#{label or target[1:]}"
    if target.startswith("!"):
        return label or f"@{target[1:].split('^')[0]}"
    return label or target.removeprefix("mailto:")


def user_text(text: str, bot_user_ids: Collection[str] = ()) -> str:
    """A Slack message as the words a person sees, without mentions of the bot, for the NLU."""
    shown = _MARKUP.sub(lambda match: _shown(match.group(1), bot_user_ids), text)
    shown = shown.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return re.sub(r"[ \t]+", " ", shown).strip()
