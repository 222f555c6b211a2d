"""Bot Framework activities in and out, as pure functions (no network, no Rasa): what a Teams message says and who
sent it, and how the assistant's replies look in Teams.

Incoming: only a `message` with text (or a card button's value) is a turn for the assistant; the bot's own
@mention is removed, because in a channel every message to the bot starts with it and the NLU must not read it.
Outgoing: text is sent as plain text (nothing a person typed is read as Markdown or HTML), buttons become card
actions Teams can click, and the assessment payload becomes a compact Adaptive Card. Wording comes from the rules
engine's `wording.yaml`, the one place the answer's words live.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from actions.payload import PAYLOAD_TYPE
from channels.answer_summary import calendar_link, day, state, state_text, summary_lines, timeline_lines
from rules_engine.dates import long_date
from rules_engine.wording import WORDING

from .limits import screen
from .teams_auth import TEAMS_CHANNEL_ID

HERO_CARD = "application/vnd.microsoft.card.hero"
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
# the state's colour only repeats what its first word says (OVERDUE, AT RISK, LATE TO START, ON TRACK)
_STATE_COLOUR = {
    "overdue": "Attention",
    "at_risk": "Attention",
    "late": "Warning",
    "on_track": "Good",
}
MAX_BUTTONS_PER_CARD = 6  # Teams shows at most six buttons on a hero card; more go on the next card
MAX_SENDER_ID = 255  # the SQL tracker store's sender_id column
BOT_ID_PREFIX = "28:"  # Teams writes a bot's id as "28:<app id>"

_URL_SAFE = ":/?#@!$&'*+,;=%~"  # everything a URL needs except "(", ")" and spaces, which would end a Markdown link
_AT_TAG = re.compile(r"<at>(.*?)</at>", re.IGNORECASE | re.DOTALL)
_R = WORDING["render"]


class ActivityError(ValueError):
    """The activity lacks something a reply needs: answered 400 with the field named."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ForeignTenant(ActivityError):
    """A message from another organisation's Microsoft 365 tenant: answered 403, never reaching a conversation.
    The token proves the Bot Connector sent it, not that the school's own staff did: an app package shared
    outside the school would otherwise let anyone's Teams talk to (and be answered from) the school's bot."""


@dataclass(frozen=True)
class ReplyTarget:
    """Where and to whom replies go: the Bot Connector at the activity's serviceUrl, in its conversation."""

    service_url: str
    conversation_id: str
    activity_id: str | None
    user: Mapping[str, Any]
    bot: Mapping[str, Any] | None


@dataclass(frozen=True)
class TeamsMessage:
    """One turn for the assistant."""

    text: str
    sender_id: str
    target: ReplyTarget


def read_activity(activity: Any, app_id: str, tenant_id: str | None = None) -> TeamsMessage | None:
    """The turn a Teams activity asks for; None for activities that start none (conversationUpdate, typing,
    reactions, a message with only a picture), which are acknowledged without reaching the assistant. With
    `tenant_id`, a message must come from that tenant (`channelData.tenant.id`)."""
    if not isinstance(activity, dict):
        raise ActivityError("body", "the body must be a JSON object (a Bot Framework activity)")
    kind = activity.get("type")
    if not isinstance(kind, str) or not kind:
        raise ActivityError("type", "the activity has no type")
    if kind != "message":
        return None
    channel = activity.get("channelId", TEAMS_CHANNEL_ID)
    if channel != TEAMS_CHANNEL_ID:
        raise ActivityError(
            "channelId", f"only Microsoft Teams activities (channelId {TEAMS_CHANNEL_ID!r}) are accepted"
        )
    if tenant_id is not None and message_tenant(activity) != tenant_id:
        raise ForeignTenant("channelData.tenant.id", "this bot answers only its own organisation's Teams tenant")
    target = _reply_target(activity)
    text = screen(_turn_text(activity, bot_ids(target.bot, app_id)))
    if not text:
        return None
    user_id = _text_or_none(target.user.get("aadObjectId")) or str(target.user["id"])
    return TeamsMessage(text, sender_id(user_id, target.conversation_id), target)


def message_tenant(activity: Mapping[str, Any]) -> str | None:
    """The Microsoft 365 tenant a Teams message comes from, if it says."""
    data = activity.get("channelData")
    tenant = data.get("tenant") if isinstance(data, dict) else None
    return _text_or_none(tenant.get("id")) if isinstance(tenant, dict) else None


def _reply_target(activity: Mapping[str, Any]) -> ReplyTarget:
    service_url = _required_text(activity, "serviceUrl")
    parts = urlsplit(service_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ActivityError("serviceUrl", "serviceUrl must be an absolute http(s) URL")
    conversation = _required_object(activity, "conversation")
    user = _required_object(activity, "from")
    _required_text(conversation, "id", "conversation.id")
    _required_text(user, "id", "from.id")
    bot = activity.get("recipient")
    return ReplyTarget(
        service_url,
        conversation["id"],
        _text_or_none(activity.get("id")),
        user,
        bot if isinstance(bot, dict) else None,
    )


def _turn_text(activity: Mapping[str, Any], bots: frozenset[str]) -> str:
    """A clicked button's payload (card actions send it as the activity's value), else the typed text without the
    bot's @mention."""
    payload = button_payload(activity.get("value"))
    if payload:
        return payload
    text = activity.get("text")
    if text is None:
        return ""
    if not isinstance(text, str):
        raise ActivityError("text", "text must be a string")
    return strip_bot_mention(text, activity.get("entities"), bots)


def button_payload(value: Any) -> str | None:
    """The payload of a card button this channel rendered (`{"payload": "/intent..."}`); anything else is not one."""
    if isinstance(value, dict):
        payload = value.get("payload")
        if isinstance(payload, str) and payload.strip():
            return payload.strip()
    return None


def bot_ids(recipient: Mapping[str, Any] | None, app_id: str) -> frozenset[str]:
    """The ids the bot can be @mentioned by: the activity's recipient, and "28:<app id>"."""
    ids = {BOT_ID_PREFIX + app_id} if app_id else set()
    if recipient and isinstance(recipient.get("id"), str):
        ids.add(recipient["id"])
    return frozenset(ids)


def strip_bot_mention(text: str, entities: Any, bots: frozenset[str]) -> str:
    """The message without the bot's @mention (its `<at>Name</at>` text, found through its mention entity); other
    people's mentions keep their names but lose the tags, and whitespace is tidied."""
    for mention in _bot_mentions(entities, bots):
        text = text.replace(mention, " ")
    text = _AT_TAG.sub(lambda match: match.group(1), text)
    return " ".join(text.split())


def _bot_mentions(entities: Any, bots: frozenset[str]) -> Iterable[str]:
    for entity in entities if isinstance(entities, list) else ():
        if not isinstance(entity, dict) or entity.get("type") != "mention":
            continue
        mentioned = entity.get("mentioned")
        if not isinstance(mentioned, dict) or mentioned.get("id") not in bots:
            continue
        written = entity.get("text")
        if isinstance(written, str) and written:
            yield written
        elif isinstance(mentioned.get("name"), str):
            yield f"<at>{mentioned['name']}</at>"


def sender_id(user_id: str, conversation_id: str) -> str:
    """One Rasa conversation per person per Teams conversation: two people in one channel thread must not share
    answers. Readable when it fits the tracker store's column, else a stable hash of the same pair. The "~" between
    them is a character no URL encodes, so the id can be used as it is in the HTTP API's /conversations/{id}/tracker
    (Rasa does not decode percent-escapes there)."""
    readable = f"{user_id}~{conversation_id}"
    if len(readable) <= MAX_SENDER_ID:
        return readable
    return "teams-" + hashlib.sha256(readable.encode("utf-8")).hexdigest()


def _required_object(activity: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = activity.get(name)
    if not isinstance(value, dict):
        raise ActivityError(name, f"the activity has no {name} object")
    return value


def _required_text(holder: Mapping[str, Any], name: str, path: str | None = None) -> str:
    value = holder.get(name)
    if not isinstance(value, str) or not value.strip():
        raise ActivityError(path or name, f"the activity has no {path or name}")
    return value


def _text_or_none(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


# --- outgoing -------------------------------------------------------------------------------------------------


def text_activity(text: str) -> dict[str, Any]:
    """Plain text: Teams would otherwise read Markdown and some HTML, and a reply can quote what a person typed."""
    return {"type": "message", "text": text, "textFormat": "plain"}


def buttons_activity(text: str, buttons: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """The text as plain text, and the buttons on hero cards (six to a card) below it: a card's own text would be
    read as Markdown, so the words stay in the message."""
    actions = [action for action in map(card_action, buttons) if action is not None]
    activity = text_activity(text) if text else {"type": "message"}
    if actions:
        activity["attachmentLayout"] = "list"
        activity["attachments"] = [
            {"contentType": HERO_CARD, "content": {"buttons": actions[i : i + MAX_BUTTONS_PER_CARD]}}
            for i in range(0, len(actions), MAX_BUTTONS_PER_CARD)
        ]
    return activity


def card_action(button: Mapping[str, Any]) -> dict[str, Any] | None:
    """A Rasa button as a Teams card action. A payload button is `messageBack`: Teams shows the title in the chat as
    what the person said, and sends the payload back as the text and as `value.payload`, so the assistant reads
    exactly the intent the button stands for. A link button opens its URL. Anything else is left out."""
    title = button.get("title") if isinstance(button, Mapping) else None
    if not isinstance(title, str) or not title:
        return None
    url = button.get("url")
    if isinstance(url, str) and _is_web_url(url):
        return {"type": "openUrl", "title": title, "value": url}
    payload = button.get("payload")
    if isinstance(payload, str) and payload:
        return {
            "type": "messageBack",
            "title": title,
            "displayText": title,
            "text": payload,
            "value": {"payload": payload},
        }
    return None


def image_activity(url: str) -> dict[str, Any] | None:
    if not _is_web_url(url):
        return None
    return {"type": "message", "attachments": [{"contentType": HERO_CARD, "content": {"images": [{"url": url}]}}]}


def custom_activity(custom: Any) -> dict[str, Any] | None:
    """A custom payload Teams can show, or None: it is never posted as raw JSON."""
    if isinstance(custom, Mapping) and custom.get("type") == PAYLOAD_TYPE:
        card = assessment_card(custom)
        if card is not None:
            return {"type": "message", "attachments": [card]}
    return None


def assessment_card(payload: Mapping[str, Any]) -> dict[str, Any] | None:
    """The answer at a glance: where the teacher stands (first), headline, qualification, deadline, latest safe
    start, a text timeline, an "Add to calendar" action and the sources as links. The full explanation is in the
    text message beside it. None when the payload is not an assessment this code understands."""
    headline = _R["headline"].get(payload.get("outcome")) if isinstance(payload.get("outcome"), str) else None
    if headline is None:
        return None
    body = [_block(_R["title"], weight="Bolder", size="Medium")]
    as_at = day(payload.get("as_at"))
    if as_at is not None:
        body.append(_block(_R["as_at"].format(today=long_date(as_at)), isSubtle=True, spacing="None"))
    lead = state_text(payload)
    if lead:
        body.append(_block(lead, weight="Bolder", color=_STATE_COLOUR[state(payload) or "on_track"]))
    elif payload.get("overdue") is True:
        body.append(_block(_R["overdue_line"], color="Attention", weight="Bolder"))
    body.append(_block(headline))
    body += [_block(line, spacing="Small") for line in summary_lines(payload)]
    timeline = timeline_lines(payload)
    if timeline:
        body.append(_block(_R["timeline_heading"], weight="Bolder", spacing="Medium"))
        body += [_block(line, spacing="None", isSubtle=True) for line in timeline]
    sources = [_source_block(c) for c in payload.get("citations") or () if isinstance(c, Mapping)]
    sources = [block for block in sources if block is not None]
    if sources:
        body.append(_block(_R["sources"], weight="Bolder", spacing="Medium"))
        body += sources
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.4",
        "body": body,
    }
    link = calendar_link(payload)
    if link and _is_web_url(link):
        content["actions"] = [{"type": "Action.OpenUrl", "title": _R["add_to_calendar"], "url": link}]
    return {"contentType": ADAPTIVE_CARD, "content": content}


def _source_block(citation: Mapping[str, Any]) -> dict[str, Any] | None:
    """A source as a link titled as in the text answer. Square brackets in a title would end the link's label, so
    they become round ones; a URL that is not http(s) is shown as text, never linked."""
    title, provision, url = (citation.get(k) for k in ("title", "provision", "url"))
    if not isinstance(title, str) or not title:
        return None
    label = f"{title}, {provision}" if isinstance(provision, str) and provision else title
    label = label.replace("[", "(").replace("]", ")")
    if isinstance(url, str) and _is_web_url(url):
        return _block(f"[{label}]({quote(url, safe=_URL_SAFE)})", spacing="Small")
    return _block(label, spacing="Small")


def _block(text: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": text, "wrap": True, **style}


def _is_web_url(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
