"""The Teams channel's parts without Rasa: token checks, the key cache and access tokens against the fake Microsoft
endpoints on loopback, reading activities (mentions, senders, bad shapes) and rendering replies."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

import jwt
import pytest
from rasa.core.channels.channel import UserMessage

from actions.payload import payload
from channels import teams_auth
from channels.teams import BotConnector, TeamsInput, TeamsSettings, activities_url, addressed
from channels.teams_activity import (
    ADAPTIVE_CARD,
    HERO_CARD,
    MAX_SENDER_ID,
    ActivityError,
    ForeignTenant,
    ReplyTarget,
    assessment_card,
    buttons_activity,
    custom_activity,
    read_activity,
    sender_id,
    strip_bot_mention,
    text_activity,
)
from channels.teams_auth import (
    AccessTokens,
    AuthError,
    JsonHttp,
    KeyServerUnavailable,
    OpenIdKeys,
    TokenUnavailable,
    bearer_token,
    check_service_url,
    reply_url_refusal,
    signing_key_id,
    verify_token,
)
from rules_engine import assess, parse_facts
from tests.channels.fake_botframework import (
    APP_ID,
    APP_PASSWORD,
    BOT,
    ISSUER,
    TENANT_ID,
    FakeBotFramework,
    SigningKey,
    bot_mention,
    claims,
    message,
)
from tests.examples import FIRST_ROW
from tests.servers import ROOT, free_port

T = TypeVar("T")
SERVICE_URL = "https://smba.trafficmanager.net/uk/"
ISSUERS = frozenset({ISSUER})


@pytest.fixture(scope="module")
def key() -> SigningKey:
    return SigningKey("key-1")


@pytest.fixture(scope="module")
def other_key() -> SigningKey:
    return SigningKey("key-1")  # same kid, different key pair: a forgery


class Clock:
    """Time the key and token caches see, moved by the test instead of waited for."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def run(scenario: Callable[[JsonHttp], Awaitable[T]]) -> T:
    """Runs an async scenario with a fresh HTTP client, closed in the same event loop."""

    async def main() -> T:
        http = JsonHttp(timeout_s=5)
        try:
            return await scenario(http)
        finally:
            await http.close()

    return asyncio.run(main())


# --- token checks ----------------------------------------------------------------------------------------------------


def test_a_valid_token_gives_its_claims(key: SigningKey) -> None:
    token = key.sign(claims(SERVICE_URL))
    assert signing_key_id(token) == "key-1"
    assert verify_token(token, key.jwk(), APP_ID, ISSUERS)["serviceurl"] == SERVICE_URL


@pytest.mark.parametrize(
    ("why", "changes"),
    [
        ("expired", {"start": time.time() - 7200}),
        ("not valid yet", {"nbf": int(time.time()) + 3600}),
        ("for another bot", {"aud": "another-app"}),
        ("from another issuer", {"iss": "https://sts.windows.net/evil/"}),
        ("without an expiry", {"exp": None}),
        ("without an audience", {"aud": None}),
    ],
)
def test_wrong_claims_are_refused(key: SigningKey, why: str, changes: dict[str, Any]) -> None:
    changes = dict(changes)
    start = changes.pop("start", None)
    token = key.sign(claims(SERVICE_URL, start=start, **changes))
    with pytest.raises(AuthError):
        verify_token(token, key.jwk(), APP_ID, ISSUERS)


def test_clock_skew_of_a_few_minutes_is_tolerated_but_no_more(key: SigningKey) -> None:
    just_expired = key.sign(claims(SERVICE_URL, start=time.time() - 3600 - 120))
    assert verify_token(just_expired, key.jwk(), APP_ID, ISSUERS)
    long_expired = key.sign(claims(SERVICE_URL, start=time.time() - 3600 - teams_auth.CLOCK_SKEW_S - 60))
    with pytest.raises(AuthError):
        verify_token(long_expired, key.jwk(), APP_ID, ISSUERS)


def test_a_token_signed_by_another_key_with_the_same_kid_is_refused(key: SigningKey, other_key: SigningKey) -> None:
    forged = other_key.sign(claims(SERVICE_URL))
    assert signing_key_id(forged) == key.kid
    with pytest.raises(AuthError, match="Signature"):
        verify_token(forged, key.jwk(), APP_ID, ISSUERS)


def test_a_key_endorsed_only_for_other_channels_is_refused_and_one_without_endorsements_is_not() -> None:
    webchat_only = SigningKey("key-webchat", endorsements=["webchat"])
    token = webchat_only.sign(claims(SERVICE_URL))
    with pytest.raises(AuthError, match="msteams"):
        verify_token(token, webchat_only.jwk(), APP_ID, ISSUERS)
    plain = SigningKey("key-plain", endorsements=None)
    assert verify_token(plain.sign(claims(SERVICE_URL)), plain.jwk(), APP_ID, ISSUERS)


@pytest.mark.parametrize(
    "header",
    [None, "", "Basic dXNlcjpwYXNz", "Bearer", "Bearer not-a-jwt", "Bearer a.b", "Token a.b.c"],
)
def test_a_missing_or_malformed_authorization_header_is_refused(header: str | None) -> None:
    with pytest.raises(AuthError):
        bearer_token(header)


def test_tokens_that_could_never_pass_are_refused_before_any_key_is_fetched(key: SigningKey) -> None:
    hs256 = jwt.encode(claims(SERVICE_URL), "a-shared-secret-of-sufficient-length-000", algorithm="HS256")
    unsigned = jwt.encode(claims(SERVICE_URL), None, algorithm="none")
    no_kid = key.sign(claims(SERVICE_URL), kid="")
    for token in (hs256, unsigned, no_kid, "e30.e30.e30"):
        with pytest.raises(AuthError):
            signing_key_id(token)


def test_the_activity_service_url_must_match_the_token_claim() -> None:
    check_service_url({"serviceurl": SERVICE_URL}, SERVICE_URL)
    check_service_url({"serviceurl": SERVICE_URL}, SERVICE_URL.rstrip("/"))  # one trailing slash more or less
    check_service_url({"serviceurl": SERVICE_URL.rstrip("/")}, SERVICE_URL)
    for activity_url in (
        "https://attacker.example/",
        SERVICE_URL.upper(),
        SERVICE_URL + "/",
        SERVICE_URL.replace("https://", "http://"),
        SERVICE_URL.replace(".net/", ".net:443/"),
        SERVICE_URL + "evil/",
        None,
        42,
    ):
        with pytest.raises(AuthError, match="does not match"):
            check_service_url({"serviceurl": SERVICE_URL}, activity_url)


@pytest.mark.parametrize("token_claims", [{}, {"serviceurl": None}, {"serviceurl": ""}, {"serviceurl": ["x"]}])
def test_a_token_without_a_serviceurl_claim_is_refused_whatever_the_activity(token_claims: dict[str, Any]) -> None:
    with pytest.raises(AuthError, match="no serviceurl claim"):
        check_service_url(token_claims, SERVICE_URL)


@pytest.mark.parametrize(
    ("url", "allow_loopback_http", "allowed"),
    [
        ("https://smba.trafficmanager.net/uk/", False, True),
        ("HTTPS://smba.trafficmanager.net/uk/", False, True),
        ("https://127.0.0.1:8443/uk/", False, True),
        ("http://smba.trafficmanager.net/uk/", False, False),
        ("http://smba.trafficmanager.net/uk/", True, False),
        ("http://127.0.0.1:3978/uk/", False, False),
        ("http://127.0.0.1:3978/uk/", True, True),
        ("http://localhost:3978/uk/", True, True),
        ("http://LOCALHOST:3978/uk/", True, True),
        ("http://127.0.0.1@attacker.example/", True, False),
        ("https://user:secret@smba.trafficmanager.net/uk/", False, False),
        ("http://localhost.attacker.example/", True, False),
        ("http://127.0.0.2/", True, False),
        ("http://[::1]:3978/", True, False),
        ("http://127.0.0.1\\@attacker.example/", True, False),
        ("ftp://127.0.0.1/", True, False),
        ("https:///no-host", False, False),
        ("not a url", True, False),
    ],
)
def test_replies_go_only_to_https_or_with_the_setting_to_http_on_loopback(
    url: str, allow_loopback_http: bool, allowed: bool
) -> None:
    assert (reply_url_refusal(url, allow_loopback_http) is None) is allowed


# --- the key cache and access tokens, against the fake Microsoft endpoints ------------------------------------------


@pytest.fixture
def microsoft(key: SigningKey) -> Iterator[FakeBotFramework]:
    fake = FakeBotFramework()
    fake.publish(key)
    with fake.running():
        yield fake


def test_keys_are_fetched_lazily_and_cached(microsoft: FakeBotFramework, key: SigningKey) -> None:
    async def scenario(http: JsonHttp) -> None:
        keys = OpenIdKeys(http, microsoft.openid_url)
        assert microsoft.jwks_fetches == []
        assert (await keys.key("key-1"))["n"] == key.jwk()["n"]
        await keys.key("key-1")
        assert len(microsoft.metadata_fetches) == len(microsoft.jwks_fetches) == 1
        assert keys.issuers == {ISSUER}

    run(scenario)


def test_an_unknown_kid_refreshes_the_keys_at_most_once_per_interval(microsoft: FakeBotFramework) -> None:
    clock = Clock()

    async def scenario(http: JsonHttp) -> None:
        keys = OpenIdKeys(http, microsoft.openid_url, clock)
        await keys.key("key-1")
        rotated = SigningKey("key-2")
        microsoft.publish(rotated)
        assert (await keys.key("key-2"))["n"] == rotated.jwk()["n"]
        assert len(microsoft.jwks_fetches) == 2
        for forged in ("key-3", "key-4", "key-5"):
            with pytest.raises(AuthError, match="does not publish"):
                await keys.key(forged)
        assert len(microsoft.jwks_fetches) == 2
        clock.now += teams_auth.UNKNOWN_KEY_REFRESH_S
        with pytest.raises(AuthError):
            await keys.key("key-6")
        assert len(microsoft.jwks_fetches) == 3

    run(scenario)


def test_keys_are_re_read_daily(microsoft: FakeBotFramework) -> None:
    clock = Clock()

    async def scenario(http: JsonHttp) -> None:
        keys = OpenIdKeys(http, microsoft.openid_url, clock)
        await keys.key("key-1")
        clock.now += teams_auth.KEYS_MAX_AGE_S - 1
        await keys.key("key-1")
        assert len(microsoft.jwks_fetches) == 1
        clock.now += 1
        await keys.key("key-1")
        assert len(microsoft.jwks_fetches) == 2

    run(scenario)


def test_an_unreachable_key_server_gives_unavailable_then_recovers(key: SigningKey) -> None:
    clock = Clock()
    fake = FakeBotFramework(port=free_port())
    fake.publish(key)

    async def scenario(http: JsonHttp) -> None:
        keys = OpenIdKeys(http, fake.openid_url, clock)
        with pytest.raises(KeyServerUnavailable):
            await keys.key("key-1")
        fake.start()
        try:
            with pytest.raises(KeyServerUnavailable):  # too soon after the failure to ask again
                await keys.key("key-1")
            assert fake.metadata_fetches == []
            clock.now += teams_auth.RETRY_AFTER_FAILURE_S
            assert await keys.key("key-1")
        finally:
            fake.stop()
        clock.now += teams_auth.KEYS_MAX_AGE_S  # due for the daily refresh while the server is down again
        assert await keys.key("key-1"), "the keys held must survive a failed refresh"

    run(scenario)


def test_access_tokens_are_cached_until_shortly_before_expiry(microsoft: FakeBotFramework) -> None:
    clock = Clock()

    async def scenario(http: JsonHttp) -> None:
        tokens = AccessTokens(http, microsoft.token_url, APP_ID, APP_PASSWORD, clock)
        first = await tokens.token()
        assert await tokens.token() == first
        clock.now += microsoft.token_lifetime - teams_auth.TOKEN_REFRESH_MARGIN_S
        second = await tokens.token()
        assert second != first
        assert microsoft.issued_tokens == [first, second]
        tokens.forget()
        assert await tokens.token() != second

    run(scenario)
    assert microsoft.token_requests[0] == {
        "grant_type": "client_credentials",
        "client_id": APP_ID,
        "client_secret": APP_PASSWORD,
        "scope": "https://api.botframework.com/.default",
    }


def test_a_refused_client_secret_gives_no_token(microsoft: FakeBotFramework) -> None:
    async def scenario(http: JsonHttp) -> None:
        with pytest.raises(TokenUnavailable, match="401"):
            await AccessTokens(http, microsoft.token_url, APP_ID, "wrong-secret").token()

    run(scenario)


# --- settings ------------------------------------------------------------------------------------------------------


def test_the_channel_is_off_unless_app_id_password_and_tenant_are_all_set() -> None:
    assert TeamsSettings.from_credentials(None) is None
    assert TeamsSettings.from_credentials({"app_id": "", "app_password": "", "tenant_id": ""}) is None
    assert TeamsSettings.from_credentials({"app_id": APP_ID, "app_password": "x", "tenant_id": ""}) is None
    settings = TeamsSettings.from_credentials(
        {"app_id": APP_ID, "app_password": "s3cr3t-value", "tenant_id": "t-1", "openid_url": "", "token_url": ""}
    )
    assert settings is not None
    assert settings.openid_url == "https://login.botframework.com/v1/.well-known/openidconfiguration"
    assert settings.token_url == "https://login.microsoftonline.com/t-1/oauth2/v2.0/token"
    assert "s3cr3t-value" not in repr(settings)


# --- reading activities -----------------------------------------------------------------------------------------------


def test_a_message_is_a_turn_for_its_sender_in_its_conversation() -> None:
    activity = message("hello", SERVICE_URL, conversation="a:chat-1")
    turn = read_activity(activity, APP_ID)
    assert turn is not None
    assert (turn.text, turn.sender_id) == ("hello", "aad-user-a~a:chat-1")
    assert (turn.target.service_url, turn.target.activity_id) == (SERVICE_URL, activity["id"])


def test_two_people_in_one_channel_thread_get_two_conversations() -> None:
    thread = "19:abc@thread.tacv2;messageid=1700000000000"
    first = read_activity(message("hi", SERVICE_URL, conversation=thread, conversation_type="channel"), APP_ID)
    second = read_activity(
        message(
            "hi", SERVICE_URL, user="29:user-b", aad="aad-user-b", conversation=thread, conversation_type="channel"
        ),
        APP_ID,
    )
    assert first is not None
    assert second is not None
    assert first.sender_id != second.sender_id
    without_aad = read_activity(message("hi", SERVICE_URL, aad=None, conversation=thread), APP_ID)
    assert without_aad is not None
    assert without_aad.sender_id == f"29:user-a~{thread}"


def test_very_long_ids_give_a_stable_sender_id_that_fits_the_tracker_store() -> None:
    long_id = sender_id("u" * 200, "c" * 200)
    assert len(long_id) <= MAX_SENDER_ID
    assert long_id == sender_id("u" * 200, "c" * 200) != sender_id("u" * 200, "d" * 200)


def test_the_bots_mention_is_stripped_and_other_mentions_keep_their_names() -> None:
    written, entity = bot_mention()
    alice = {"type": "mention", "text": "<at>Alice</at>", "mentioned": {"id": "29:alice", "name": "Alice"}}
    text = f"{written} ask <at>Alice</at>  about the NPQ"
    activity = message(text, SERVICE_URL, conversation_type="channel", entities=[entity, alice])
    turn = read_activity(activity, APP_ID)
    assert turn is not None
    assert turn.text == "ask Alice about the NPQ"
    bots = frozenset({BOT["id"]})
    assert strip_bot_mention("no mention here", [], bots) == "no mention here"
    assert strip_bot_mention(f"{written}\n", [entity], bots) == ""


def test_a_clicked_button_sends_its_payload() -> None:
    payload_text = '/inform{"setting":"independent"}'
    turn = read_activity(message(payload_text, SERVICE_URL, value={"payload": payload_text}), APP_ID)
    assert turn is not None
    assert turn.text == payload_text
    card_submit = read_activity(message(None, SERVICE_URL, value={"payload": "/start_again"}), APP_ID)
    assert card_submit is not None
    assert card_submit.text == "/start_again"


@pytest.mark.parametrize(
    "activity",
    [
        {"type": "conversationUpdate", "membersAdded": [{"id": "29:user-a"}]},
        {"type": "typing"},
        {"type": "messageReaction"},
        message(None, SERVICE_URL),
        message("   ", SERVICE_URL),
        message(bot_mention()[0], SERVICE_URL, entities=[bot_mention()[1]]),
    ],
)
def test_activities_without_a_turn_are_acknowledged_only(activity: dict[str, Any]) -> None:
    assert read_activity(activity, APP_ID) is None


def _without(activity: dict[str, Any], *path: str) -> dict[str, Any]:
    holder = activity
    for part in path[:-1]:
        holder = holder[part]
    del holder[path[-1]]
    return activity


@pytest.mark.parametrize(
    ("activity", "field"),
    [
        ([1, 2], "body"),
        ({"text": "hi"}, "type"),
        (_without(message("hi", SERVICE_URL), "serviceUrl"), "serviceUrl"),
        (message("hi", "ftp://files.example/"), "serviceUrl"),
        (message("hi", "not a url"), "serviceUrl"),
        (_without(message("hi", SERVICE_URL), "conversation"), "conversation"),
        (_without(message("hi", SERVICE_URL), "conversation", "id"), "conversation.id"),
        (_without(message("hi", SERVICE_URL), "from"), "from"),
        (_without(message("hi", SERVICE_URL), "from", "id"), "from.id"),
        (message("hi", SERVICE_URL) | {"text": 42}, "text"),
        (message("hi", SERVICE_URL) | {"channelId": "webchat"}, "channelId"),
    ],
)
def test_a_message_missing_what_a_reply_needs_is_refused_naming_the_field(activity: Any, field: str) -> None:
    with pytest.raises(ActivityError) as refused:
        read_activity(activity, APP_ID)
    assert refused.value.field == field


# --- rendering replies ----------------------------------------------------------------------------------------------


def test_text_is_sent_as_plain_text_exactly_as_written() -> None:
    typed = "**not bold** <b>not html</b> [not](a link)\nsecond line"
    assert text_activity(typed) == {"type": "message", "text": typed, "textFormat": "plain"}


def test_buttons_become_clickable_message_back_actions_six_to_a_card() -> None:
    buttons = [{"title": f"Option {i}", "payload": f'/inform{{"n":{i}}}'} for i in range(11)]
    buttons.append({"title": "Guidance", "url": "https://www.gov.uk/", "type": "web_url"})
    buttons.append({"payload": "/no_title"})
    activity = buttons_activity("Which one?", buttons)
    assert (activity["text"], activity["textFormat"]) == ("Which one?", "plain")
    cards = activity["attachments"]
    assert [c["contentType"] for c in cards] == [HERO_CARD, HERO_CARD]
    actions = [a for card in cards for a in card["content"]["buttons"]]
    assert [len(card["content"]["buttons"]) for card in cards] == [6, 6]
    assert "text" not in cards[0]["content"], "card text would be read as Markdown"
    assert actions[0] == {
        "type": "messageBack",
        "title": "Option 0",
        "displayText": "Option 0",
        "text": '/inform{"n":0}',
        "value": {"payload": '/inform{"n":0}'},
    }
    assert actions[-1] == {"type": "openUrl", "title": "Guidance", "value": "https://www.gov.uk/"}


def _answer_payload(**facts: Any) -> dict[str, Any]:
    contract = FIRST_ROW | facts
    assessment = assess(parse_facts(contract), date(2026, 11, 22))
    return json.loads(json.dumps(payload(assessment, contract, ())))


def _card_texts(card: dict[str, Any]) -> list[str]:
    return [block["text"] for block in card["content"]["body"]]


def test_the_answer_becomes_a_compact_adaptive_card(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENCO_TODAY", "2026-11-22")
    answer = _answer_payload()
    activity = custom_activity(answer)
    assert activity is not None
    [card] = activity["attachments"]
    assert card["contentType"] == ADAPTIVE_CARD
    assert card["content"]["type"] == "AdaptiveCard"
    texts = _card_texts(card)
    assert "Qualification needed: NPQ for SENCOs" in texts
    assert "Deadline (qualification held by): 10 March 2028" in texts
    # where she stands comes first, and the passed start date is marked as passed, never a date to start by
    assert texts[2].startswith("AT RISK: even starting on the next cohort (1 April 2027)")
    assert card["content"]["body"][2]["color"] == "Attention"
    assert "Latest safe start for the NPQ: 10 May 2026 (passed)" in texts
    assert "Next NPQ cohort (taken as): 1 April 2027" in texts
    assert not any(text.startswith("OVERDUE") for text in texts)
    timeline = texts[texts.index("Timeline") + 1 :]
    assert timeline[:5] == [
        "10 March 2025 (passed): Became SENCO",
        "10 May 2026 (passed): Latest safe start",
        "22 November 2026: Today",
        "10 March 2028: Deadline",
        "1 October 2028: Next cohort's earliest outcome",
    ]
    assert "actions" not in card["content"], "a calendar link that is only a path cannot be opened from Teams"
    links = [text for text in texts if text.startswith("[")]
    assert len(links) == len(answer["citations"])
    assert all("](https://" in link for link in links)
    assert "senco_assessment" not in json.dumps(activity), "no raw payload reaches the person"


def test_the_calendar_is_offered_as_an_action_when_the_link_is_absolute(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENCO_TODAY", "2026-11-22")
    monkeypatch.setenv("SENCO_PUBLIC_URL", "https://senco.example.sch.uk/")
    card = assessment_card(_answer_payload(appointment_date="2026-09-01"))
    assert card is not None
    assert card["content"]["actions"] == [
        {
            "type": "Action.OpenUrl",
            "title": "Add to calendar",
            "url": "https://senco.example.sch.uk/webhooks/calendar/senco.ics?deadline=2029-09-01"
            "&qualification=NPQ_SENCO&start_by=2027-11-01",
        }
    ]
    assert _card_texts(card)[2].startswith("ON TRACK: start the NPQ by 1 November 2027")


def test_an_overdue_answer_carries_the_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SENCO_TODAY", "2026-11-22")
    card = assessment_card(_answer_payload(setting="maintained_mainstream", appointment_date="2023-09-04"))
    assert card is not None
    overdue = [block for block in card["content"]["body"] if block["text"].startswith("OVERDUE")]
    assert len(overdue) == 1
    assert overdue[0]["color"] == "Attention"
    assert "Deadline (qualification held by): 4 September 2026" in _card_texts(card)


def test_source_links_cannot_break_out_of_their_markdown() -> None:
    answer = {
        "type": "senco_assessment",
        "outcome": "NPQ_REQUIRED",
        "citations": [
            {"title": "A [tricky] title", "provision": "s1", "url": "https://example.org/a (b)"},
            {"title": "Not a web link", "provision": "s2", "url": "javascript:alert(1)"},
        ],
    }
    card = assessment_card(answer)
    assert card is not None
    texts = _card_texts(card)
    assert "[A (tricky) title, s1](https://example.org/a%20%28b%29)" in texts
    assert "Not a web link, s2" in texts


@pytest.mark.parametrize(
    "custom",
    [
        {"type": "something_else", "text": "hi"},
        {"type": "senco_assessment", "outcome": "NOT_AN_OUTCOME"},
        {"type": "senco_assessment", "outcome": 3, "deadline": "not a date"},
        {"no": "type"},
        ["not", "an", "object"],
    ],
)
def test_custom_payloads_it_does_not_understand_are_skipped(custom: Any) -> None:
    assert custom_activity(custom) is None


def test_a_reply_is_addressed_to_the_conversation_and_answers_the_message() -> None:
    target = ReplyTarget(
        "https://smba.example/uk/", "19:x@thread.tacv2;messageid=1", "act-1", {"id": "29:u", "name": "U"}, BOT
    )
    reply = addressed(text_activity("hi"), target)
    assert reply["conversation"] == {"id": "19:x@thread.tacv2;messageid=1"}
    assert (reply["replyToId"], reply["recipient"]["id"], reply["from"]["id"]) == ("act-1", "29:u", BOT["id"])
    url = str(activities_url(target))
    assert url == "https://smba.example/uk/v3/conversations/19:x@thread.tacv2;messageid=1/activities"
    odd = ReplyTarget("https://smba.example", "a/b?c#d e", None, {"id": "29:u"}, None)
    assert str(activities_url(odd)) == "https://smba.example/v3/conversations/a%2Fb%3Fc%23d%20e/activities"


def test_the_manifest_example_points_teams_at_this_bot() -> None:
    manifest = json.loads((ROOT / "docs" / "teams-manifest.json").read_text())
    [bot] = manifest["bots"]
    assert manifest["id"] == bot["botId"] == "<TEAMS_APP_ID>", "the README tells admins to replace both"
    assert {"personal", "team", "groupChat"} <= set(bot["scopes"])
    assert set(manifest["icons"].values()) == {"color.png", "outline.png"}


def test_a_message_must_come_from_the_schools_tenant_when_one_is_configured() -> None:
    own = message("hi", SERVICE_URL)
    assert read_activity(own, APP_ID, TENANT_ID) is not None
    assert read_activity(own, APP_ID) is not None  # no tenant given: not checked
    for foreign in (own | {"channelData": {"tenant": {"id": "elsewhere"}}}, own | {"channelData": "x"}):
        with pytest.raises(ForeignTenant) as refused:
            read_activity(foreign, APP_ID, TENANT_ID)
        assert refused.value.field == "channelData.tenant.id"


# --- the webhook, in process, against the fake Microsoft endpoints: where replies may go --------------------------


@dataclass
class WebhookRequest:
    """What TeamsInput.handle reads of a Sanic request."""

    headers: dict[str, str]
    body: bytes
    ip: str = "127.0.0.1"


@dataclass
class Delivered:
    status: int
    body: dict[str, Any]
    turns: list[UserMessage]


def teams_webhook(microsoft: FakeBotFramework, monkeypatch: pytest.MonkeyPatch, allow: str | None) -> TeamsInput:
    """The channel as credentials.yml builds it, with TEAMS_ALLOW_LOOPBACK_HTTP as given (None: unset)."""
    if allow is None:
        monkeypatch.delenv("TEAMS_ALLOW_LOOPBACK_HTTP", raising=False)
    else:
        monkeypatch.setenv("TEAMS_ALLOW_LOOPBACK_HTTP", allow)
    credentials = {
        "app_id": APP_ID,
        "app_password": APP_PASSWORD,
        "tenant_id": TENANT_ID,
        "openid_url": microsoft.openid_url,
        "token_url": microsoft.token_url,
    }
    return TeamsInput(TeamsSettings.from_credentials(credentials))


def deliver(channel: TeamsInput, key: SigningKey, service_url: str, token_service_url: str | None) -> Delivered:
    """A Teams message naming `service_url`, with a token whose serviceurl claim is `token_service_url` (None: no
    claim); every turn the assistant would run answers once through the channel."""
    turns: list[UserMessage] = []

    async def on_new_message(message: UserMessage) -> None:
        turns.append(message)
        await message.output_channel.send_text_message(message.sender_id, "a reply")

    async def main() -> Delivered:
        token = key.sign(claims(service_url, serviceurl=token_service_url))
        request = WebhookRequest({"Authorization": f"Bearer {token}"}, json.dumps(message("hi", service_url)).encode())
        try:
            reply = await channel.handle(request, on_new_message)  # type: ignore[arg-type]
        finally:
            await channel._http.close()
        return Delivered(reply.status, json.loads(reply.body or b"{}"), turns)

    return asyncio.run(main())


def _same(url: str) -> str:
    return url


ServiceUrl = Callable[[FakeBotFramework], str]
Claim = Callable[[str], str | None]


REFUSED_REPLY_URLS: dict[str, tuple[str | None, ServiceUrl, Claim, int]] = {
    # case: (TEAMS_ALLOW_LOOPBACK_HTTP, the activity's serviceUrl, the token's serviceurl claim from it, status)
    "a token without a serviceurl claim": ("1", lambda f: f.service_url, lambda url: None, 401),
    "a token naming another serviceurl": ("1", lambda f: f.service_url, lambda url: SERVICE_URL, 401),
    "a token naming the same host on another path": ("1", lambda f: f.service_url, lambda url: url + "other/", 401),
    "http on loopback, the setting unset": (None, lambda f: f.service_url, _same, 400),
    "http on loopback, the setting 0": ("0", lambda f: f.service_url, _same, 400),
    "http on another host, with the setting": ("1", lambda f: "http://smba.trafficmanager.net/uk/", _same, 400),
    "http with loopback as a user name": ("1", lambda f: "http://127.0.0.1@smba.trafficmanager.net/uk/", _same, 400),
}


@pytest.mark.parametrize("case", REFUSED_REPLY_URLS, ids=list(REFUSED_REPLY_URLS))
def test_an_activity_whose_replies_could_not_go_safely_is_refused_before_anything_is_sent(
    microsoft: FakeBotFramework, key: SigningKey, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    allow, service_url, token_service_url, status = REFUSED_REPLY_URLS[case]
    url = service_url(microsoft)
    delivered = deliver(teams_webhook(microsoft, monkeypatch, allow), key, url, token_service_url(url))
    assert delivered.status == status, delivered.body
    if status == 400:
        assert delivered.body["field"] == "serviceUrl"
    assert delivered.turns == [], "the activity reached a conversation"
    assert microsoft.token_requests == [], "an access token was fetched for a reply that cannot be sent"
    assert microsoft.posted == []


ACCEPTED_REPLY_URLS: dict[str, tuple[str | None, ServiceUrl, Claim]] = {
    "http on 127.0.0.1 with the setting": ("1", lambda f: f.service_url, _same),
    "http on localhost with the setting": ("1", lambda f: f.service_url.replace("127.0.0.1", "localhost"), _same),
    "a claim without the trailing slash": ("1", lambda f: f.service_url, lambda url: url.rstrip("/")),
}


@pytest.mark.parametrize("case", ACCEPTED_REPLY_URLS, ids=list(ACCEPTED_REPLY_URLS))
def test_an_activity_whose_replies_may_go_to_its_service_url_is_answered_there(
    microsoft: FakeBotFramework, key: SigningKey, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    allow, service_url, token_service_url = ACCEPTED_REPLY_URLS[case]
    url = service_url(microsoft)
    delivered = deliver(teams_webhook(microsoft, monkeypatch, allow), key, url, token_service_url(url))
    assert delivered.status == 200, delivered.body
    assert len(delivered.turns) == 1
    [posted] = microsoft.posted
    assert posted.activity["text"] == "a reply"
    assert posted.authorization == f"Bearer {microsoft.issued_tokens[0]}"


def test_an_https_service_url_is_accepted_without_the_setting(
    microsoft: FakeBotFramework, key: SigningKey, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Nothing serves https here, so the reply itself fails (logged); what matters is that the activity is a turn."""
    url = f"https://127.0.0.1:{free_port()}/uk/"
    delivered = deliver(teams_webhook(microsoft, monkeypatch, None), key, url, url)
    assert delivered.status == 200, delivered.body
    assert len(delivered.turns) == 1
    assert microsoft.posted == []
    assert "reply not sent" in caplog.text


def test_the_access_token_never_goes_to_an_address_replies_may_not_go_to(microsoft: FakeBotFramework) -> None:
    """Checked again where the token leaves, whatever the webhook let through: the connector sends nothing, does not
    even fetch a token, for plain http unless loopback http is allowed."""
    target = ReplyTarget(microsoft.service_url, "a:chat", "act-1", {"id": "29:u"}, BOT)

    async def scenario(http: JsonHttp) -> tuple[bool, bool]:
        tokens = AccessTokens(http, microsoft.token_url, APP_ID, APP_PASSWORD)
        refused = await BotConnector(http, tokens).send(target, text_activity("hi"))
        allowed = await BotConnector(http, tokens, allow_loopback_http=True).send(target, text_activity("hi"))
        return refused, allowed

    refused, allowed = run(scenario)
    assert (refused, allowed) == (False, True)
    assert len(microsoft.token_requests) == len(microsoft.posted) == 1
