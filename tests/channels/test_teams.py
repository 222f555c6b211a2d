"""The Teams channel in the real assistant (action server and Rasa started as `make run` starts them), talking to
fakes of Microsoft's services on loopback: OpenID metadata and keys, the token endpoint and the Bot Connector.

Assertions are on what reaches the fake Bot Connector and on the tracker store (a refused request must create no
conversation), not on wording, except the dates an answer gives.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jwt
import pytest
import requests

from rules_engine.wording import WORDING
from tests.channels.fake_botframework import (
    APP_ID,
    APP_PASSWORD,
    BOT,
    BROKEN_CONVERSATION_PREFIX,
    TENANT_ID,
    FakeBotFramework,
    SigningKey,
    bot_mention,
    claims,
    message,
)
from tests.servers import Servers, free_port, running_assistant

pytestmark = pytest.mark.slow

WEBHOOK = "/webhooks/teams/webhook"
HERO_CARD = "application/vnd.microsoft.card.hero"
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
ACADEMY_SENCO = "I'm the SENCO at an academy since 10/03/2025, no nasenco, not on the npq, first SENCO job"
TEAMS_OFF = dict.fromkeys(
    ("TEAMS_APP_ID", "TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID", "TEAMS_OPENID_URL", "TEAMS_TOKEN_URL"), ""
)


@dataclass
class Teams:
    """The running assistant, Microsoft's fakes, and what a message got while Microsoft was unreachable."""

    servers: Servers
    fake: FakeBotFramework
    key: SigningKey
    webchat_only_key: SigningKey
    offline_reply: requests.Response | None = None
    conversations_while_offline: frozenset[str] = frozenset()

    def post(self, activity: Any, authorization: str | None, **kwargs: Any) -> requests.Response:
        headers = {} if authorization is None else {"Authorization": authorization}
        body = {"data": activity} if isinstance(activity, (str, bytes)) else {"json": activity}
        return requests.post(self.servers.url + WEBHOOK, headers=headers, timeout=60, **body, **kwargs)

    def token(self, **claim_changes: Any) -> str:
        return "Bearer " + self.key.sign(claims(self.fake.service_url, **claim_changes))

    def send(self, activity: Any) -> requests.Response:
        return self.post(activity, self.token())

    def say(self, text: str | None, **fields: Any) -> tuple[dict[str, Any], list[dict[str, Any]], set[str]]:
        """A message from Teams: (the activity, what the assistant posted back, the conversations it created)."""
        activity = message(text, self.fake.service_url, **fields)
        conversation = activity["conversation"]["id"]
        seen, before = len(self.fake.posts_to(conversation)), self.servers.conversation_ids()
        reply = self.send(activity)
        assert reply.status_code == 200, reply.text
        posted = [p.activity for p in self.fake.posts_to(conversation)[seen:]]
        return activity, posted, self.servers.conversation_ids() - before


def teams_env(fake: FakeBotFramework) -> dict[str, str]:
    """The fake Bot Connector is plain http on 127.0.0.1, so replies may go to loopback http here (only here)."""
    return {
        "TEAMS_APP_ID": APP_ID,
        "TEAMS_APP_PASSWORD": APP_PASSWORD,
        "TEAMS_TENANT_ID": TENANT_ID,
        "TEAMS_OPENID_URL": fake.openid_url,
        "TEAMS_TOKEN_URL": fake.token_url,
        "TEAMS_ALLOW_LOOPBACK_HTTP": "1",
    }


def _wait_for_keys(teams: Teams, timeout: float = 60) -> None:
    """Microsoft is back: wait until the channel has read its keys (a conversationUpdate starts no conversation)."""
    update = {**message(None, teams.fake.service_url), "type": "conversationUpdate"}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = teams.send(update).status_code
        if status == 200:
            return
        assert status == 503, f"unexpected {status} while the keys were being read"
        time.sleep(0.5)
    raise AssertionError("the channel never read the keys once Microsoft's fake was up")


@pytest.fixture(scope="module")
def teams(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Teams]:
    """The assistant is started while nothing listens at the OpenID URL (the fake's port is reserved, the fake not
    started yet): it must start anyway, refuse a message with 503, then recover once Microsoft answers."""
    fake = FakeBotFramework(port=free_port())
    key, webchat_only = SigningKey("key-1"), SigningKey("key-webchat-only", endorsements=["webchat"])
    fake.publish(key, webchat_only)
    with running_assistant(tmp_path_factory.mktemp("teams"), teams_env(fake)) as servers:
        teams = Teams(servers, fake, key, webchat_only)
        teams.offline_reply = teams.send(message(ACADEMY_SENCO, fake.service_url))
        teams.conversations_while_offline = frozenset(servers.conversation_ids())
        with fake.running():
            _wait_for_keys(teams)
            yield teams


def adaptive_cards(posted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [a["content"] for p in posted for a in p.get("attachments", []) if a["contentType"] == ADAPTIVE_CARD]


def card_actions(posted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        b
        for p in posted
        for a in p.get("attachments", [])
        if a["contentType"] == HERO_CARD
        for b in a["content"]["buttons"]
    ]


def card_texts(card: dict[str, Any]) -> list[str]:
    return [block["text"] for block in card["body"] if block["type"] == "TextBlock"]


def user_texts(servers: Servers, conversation: str) -> list[str]:
    return [e["text"] for e in servers.tracker(conversation)["events"] if e["event"] == "user"]


# --- the channel switched off --------------------------------------------------------------------------------------


def test_without_teams_settings_the_webhook_is_off_and_the_assistant_still_serves(tmp_path: Path) -> None:
    with running_assistant(tmp_path, TEAMS_OFF) as servers:
        reply = requests.post(servers.url + WEBHOOK, json=message("hi", "https://smba.example/"), timeout=30)
        assert reply.status_code == 404
        assert "not configured" in reply.json()["error"]
        assert servers.conversation_ids() == set()
        assert servers.say("rest-user", "hello"), "the REST channel must still answer"


# --- start-up without Microsoft --------------------------------------------------------------------------------------


def test_it_starts_while_microsoft_is_unreachable_and_refuses_with_503_meanwhile(teams: Teams) -> None:
    assert teams.offline_reply is not None
    assert teams.offline_reply.status_code == 503
    assert teams.offline_reply.json()["error"]
    assert teams.conversations_while_offline == frozenset()
    log = (teams.servers.log_dir / "rasa.log").read_text()
    assert "cannot read the Bot Framework signing keys" in log
    assert "Traceback" not in log


# --- conversations ---------------------------------------------------------------------------------------------------


def test_a_message_is_answered_through_the_bot_connector_with_an_access_token(teams: Teams) -> None:
    activity, posted, created = teams.say("hello")
    assert posted, "nothing reached the Bot Connector"
    assert len(created) == 1
    conversation = activity["conversation"]["id"]
    issued = {f"Bearer {token}" for token in teams.fake.issued_tokens}
    assert all(p.authorization in issued for p in teams.fake.posts_to(conversation))
    first = posted[0]
    assert first["type"] == "message"
    assert first["textFormat"] == "plain"
    assert first["conversation"]["id"] == conversation
    assert first["replyToId"] == activity["id"]
    assert first["recipient"]["id"] == activity["from"]["id"]
    assert first["from"]["id"] == BOT["id"]


def test_buttons_are_clickable_card_actions_that_send_their_payload_back(teams: Teams) -> None:
    activity, posted, _ = teams.say("what qualification do I need as SENCO?")
    actions = card_actions(posted)
    assert len(actions) >= 11, "every setting must be offered as a button"
    assert all(a["type"] == "messageBack" and a["value"]["payload"] == a["text"] for a in actions)
    independent = next(a for a in actions if '"independent"' in a["value"]["payload"])
    conversation = activity["conversation"]["id"]
    _, answered, created = teams.say(independent["text"], conversation=conversation, value=independent["value"])
    assert created == set()
    [card] = adaptive_cards(answered)
    assert WORDING["render"]["headline"]["NOT_STATUTORY_SETTING"] in card_texts(card)


def test_a_whole_conversation_reaches_the_answer_and_its_card(teams: Teams) -> None:
    _, posted, created = teams.say(ACADEMY_SENCO)
    texts = [p.get("text", "") for p in posted]
    assert any("10 March 2028" in text for text in texts)
    [card] = adaptive_cards(posted)
    assert "Deadline (qualification held by): 10 March 2028" in card_texts(card)
    assert "Latest safe start for the NPQ: 10 May 2026 (passed)" in card_texts(card)
    assert card_texts(card)[2].startswith("AT RISK: ")
    assert "senco_assessment" not in json.dumps(posted), "raw payload posted to a person"
    [conversation] = created
    slots = teams.servers.tracker(conversation)["slots"]
    assert (slots["setting"], slots["appointment_date"]) == ("academy_mainstream", "2025-03-10")
    assert len(teams.fake.issued_tokens) == 1, "the access token must be reused until it nears expiry"


def test_the_bots_mention_is_stripped_in_a_channel(teams: Teams) -> None:
    written, entity = bot_mention()
    thread = f"19:{uuid.uuid4().hex}@thread.tacv2;messageid=1700000000000"
    _, posted, created = teams.say(
        f"{written} {ACADEMY_SENCO}", conversation=thread, conversation_type="channel", entities=[entity]
    )
    [conversation] = created
    assert user_texts(teams.servers, conversation) == [ACADEMY_SENCO]
    assert len(adaptive_cards(posted)) == 1


def test_two_people_in_one_channel_thread_do_not_share_a_conversation(teams: Teams) -> None:
    thread = f"19:{uuid.uuid4().hex}@thread.tacv2;messageid=1700000000001"
    _, _, first = teams.say("I'm the SENCO at an academy", conversation=thread, conversation_type="channel")
    _, _, second = teams.say(
        "what qualification do I need as SENCO?",
        conversation=thread,
        conversation_type="channel",
        user="29:user-b",
        aad="aad-user-b",
    )
    assert len(first) == len(second) == 1
    assert first != second
    assert teams.servers.tracker(next(iter(first)))["slots"]["setting"] == "academy_mainstream"
    assert teams.servers.tracker(next(iter(second)))["slots"]["setting"] is None


def test_a_conversation_update_is_acknowledged_without_a_turn(teams: Teams) -> None:
    update = {**message(None, teams.fake.service_url), "type": "conversationUpdate", "membersAdded": [BOT]}
    before = teams.servers.conversation_ids()
    assert teams.send(update).status_code == 200
    assert teams.servers.conversation_ids() == before
    assert teams.fake.posts_to(update["conversation"]["id"]) == []


def test_a_reply_the_connector_refuses_is_logged_and_the_conversation_goes_on(teams: Teams) -> None:
    conversation = f"{BROKEN_CONVERSATION_PREFIX}{uuid.uuid4().hex}"
    _, posted, created = teams.say(ACADEMY_SENCO, conversation=conversation)
    assert posted, "the assistant should have tried to reply"
    [sender] = created
    assert teams.servers.tracker(sender)["slots"]["appointment_date"] == "2025-03-10"
    assert f"reply not sent to conversation {conversation}" in (teams.servers.log_dir / "rasa.log").read_text()


# --- refused requests ------------------------------------------------------------------------------------------------

Authorization = Callable[[Teams], str | None]
_FORGER = SigningKey("key-1")  # the same kid as the published key, a different key pair


REFUSED_TOKENS: dict[str, Authorization] = {
    "no Authorization header": lambda t: None,
    "not a bearer token": lambda t: "Basic " + "dXNlcjpwYXNz",
    "malformed token": lambda t: "Bearer abc.def.ghi",
    "expired": lambda t: t.token(start=time.time() - 7200),
    "another bot's audience": lambda t: t.token(aud="00000000-0000-0000-0000-000000000000"),
    "another issuer": lambda t: t.token(iss="https://sts.windows.net/someone-else/"),
    "another key with the same kid": lambda t: "Bearer " + _FORGER.sign(claims(t.fake.service_url)),
    "a key not endorsed for Teams": lambda t: "Bearer " + t.webchat_only_key.sign(claims(t.fake.service_url)),
    "HS256 signed with the app password": lambda t: (
        "Bearer "
        + jwt.encode(claims(t.fake.service_url), APP_PASSWORD * 2, algorithm="HS256", headers={"kid": "key-1"})
    ),
    "a serviceUrl the token does not name": lambda t: t.token(serviceurl="https://smba.trafficmanager.net/uk/"),
    "a token without a serviceurl claim": lambda t: t.token(serviceurl=None),
    "a serviceurl claim on another path of the same host": lambda t: t.token(serviceurl=t.fake.url + "/connector/"),
}


@pytest.mark.parametrize("case", REFUSED_TOKENS, ids=list(REFUSED_TOKENS))
def test_a_refused_token_gets_401_and_reaches_no_conversation(teams: Teams, case: str) -> None:
    activity = message(ACADEMY_SENCO, teams.fake.service_url)
    before = teams.servers.conversation_ids()
    reply = teams.post(activity, REFUSED_TOKENS[case](teams))
    assert reply.status_code == 401, reply.text
    assert reply.json()["error"]
    assert teams.servers.conversation_ids() == before
    assert teams.fake.posts_to(activity["conversation"]["id"]) == []


def test_a_rotated_key_is_picked_up_and_unknown_keys_cannot_force_more_fetches(teams: Teams) -> None:
    rotated = SigningKey("key-2")
    teams.fake.publish(rotated)
    fetches = len(teams.fake.jwks_fetches)
    activity = message("hello", teams.fake.service_url)
    reply = teams.post(activity, "Bearer " + rotated.sign(claims(teams.fake.service_url)))
    assert reply.status_code == 200, reply.text
    assert teams.fake.posts_to(activity["conversation"]["id"]), "a message signed with the new key was not answered"
    assert len(teams.fake.jwks_fetches) == fetches + 1
    before = teams.servers.conversation_ids()
    for unknown in ("key-unknown-1", "key-unknown-2", "key-unknown-3"):
        forged = message(ACADEMY_SENCO, teams.fake.service_url)
        token = rotated.sign(claims(teams.fake.service_url), kid=unknown)
        assert teams.post(forged, f"Bearer {token}").status_code == 401
    assert len(teams.fake.jwks_fetches) == fetches + 1, "unknown key ids must not make the channel re-fetch each time"
    assert teams.servers.conversation_ids() == before


def _without(activity: dict[str, Any], outer: str, inner: str | None = None) -> dict[str, Any]:
    if inner is None:
        del activity[outer]
    else:
        del activity[outer][inner]
    return activity


BAD_ACTIVITIES: dict[str, tuple[Callable[[str], Any], str]] = {
    "not JSON": (lambda url: "{not json", "body"),
    "a JSON list": (lambda url: [message("hi", url)], "body"),
    "no type": (lambda url: _without(message("hi", url), "type"), "type"),
    "no conversation id": (lambda url: _without(message("hi", url), "conversation", "id"), "conversation.id"),
    "no sender": (lambda url: _without(message("hi", url), "from"), "from"),
    "text not a string": (lambda url: message("hi", url) | {"text": ["hi"]}, "text"),
    "another channel": (lambda url: message("hi", url) | {"channelId": "webchat"}, "channelId"),
}


@pytest.mark.parametrize("case", BAD_ACTIVITIES, ids=list(BAD_ACTIVITIES))
def test_a_malformed_activity_gets_400_naming_the_field(teams: Teams, case: str) -> None:
    build, field = BAD_ACTIVITIES[case]
    before = teams.servers.conversation_ids()
    reply = teams.send(build(teams.fake.service_url))
    assert reply.status_code == 400, reply.text
    assert reply.json()["field"] == field
    assert reply.json()["error"]
    assert teams.servers.conversation_ids() == before


FOREIGN_TENANTS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "another tenant": lambda a: a | {"channelData": {"tenant": {"id": "another-school-tenant"}}},
    "no tenant": lambda a: _without(a, "channelData"),
}


@pytest.mark.parametrize("case", FOREIGN_TENANTS, ids=list(FOREIGN_TENANTS))
def test_a_message_from_outside_the_schools_tenant_gets_403_and_reaches_no_conversation(
    teams: Teams, case: str
) -> None:
    activity = FOREIGN_TENANTS[case](message(ACADEMY_SENCO, teams.fake.service_url))
    before = teams.servers.conversation_ids()
    reply = teams.send(activity)
    assert reply.status_code == 403, reply.text
    assert reply.json()["field"] == "channelData.tenant.id"
    assert teams.servers.conversation_ids() == before
    assert teams.fake.posts_to(activity["conversation"]["id"]) == []


# --- where replies may go ------------------------------------------------------------------------------------------


def _conversation_of(teams: Teams, activity: dict[str, Any], token_service_url: str) -> tuple[int, set[str]]:
    """Posts the activity with a valid token naming `token_service_url`: its status and the conversations created."""
    before = teams.servers.conversation_ids()
    reply = teams.post(activity, "Bearer " + teams.key.sign(claims(token_service_url)))
    return reply.status_code, teams.servers.conversation_ids() - before


def test_an_http_service_url_off_loopback_gets_400_even_with_the_setting_and_reaches_no_conversation(
    teams: Teams,
) -> None:
    url = "http://smba.trafficmanager.net/uk/"
    activity = message(ACADEMY_SENCO, url)
    before = teams.servers.conversation_ids()
    reply = teams.post(activity, "Bearer " + teams.key.sign(claims(url)))
    assert reply.status_code == 400, reply.text
    assert reply.json()["field"] == "serviceUrl"
    assert teams.servers.conversation_ids() == before
    assert activity["conversation"]["id"] not in (teams.servers.log_dir / "rasa.log").read_text(), "a reply was tried"


def test_an_https_service_url_is_a_turn(teams: Teams) -> None:
    """Nothing serves https on this port, so the reply fails and is logged; the person's turn still counts."""
    url = f"https://127.0.0.1:{free_port()}/uk/"
    activity = message(ACADEMY_SENCO, url)
    status, created = _conversation_of(teams, activity, url)
    assert status == 200
    assert len(created) == 1
    conversation = activity["conversation"]["id"]
    assert f"reply not sent to conversation {conversation}" in (teams.servers.log_dir / "rasa.log").read_text()
    assert teams.fake.posts_to(conversation) == []


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_http_is_answered_with_the_setting(teams: Teams, host: str) -> None:
    url = teams.fake.service_url.replace("127.0.0.1", host)
    activity = message("hello", url)
    status, created = _conversation_of(teams, activity, url)
    assert status == 200
    assert len(created) == 1
    assert teams.fake.posts_to(activity["conversation"]["id"]), "nothing reached the fake Bot Connector"


def test_a_serviceurl_claim_without_the_trailing_slash_is_the_same_address(teams: Teams) -> None:
    activity = message("hello", teams.fake.service_url)
    status, created = _conversation_of(teams, activity, teams.fake.service_url.rstrip("/"))
    assert status == 200
    assert len(created) == 1
    assert teams.fake.posts_to(activity["conversation"]["id"])
