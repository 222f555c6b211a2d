"""Who can use Rasa's HTTP API (conversations, trackers, the model): tools/serve_rasa.sh turns it off beyond
loopback unless RASA_TOKEN or RASA_JWT_SECRET protects it. Real servers; the channels keep working throughout."""

from __future__ import annotations

import socket
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import jwt
import pytest
import requests

from tests.servers import Servers, running_assistant

pytestmark = pytest.mark.slow

TOKEN = "s3cret-token-for-tests"
JWT_SECRET = "jwt-secret-for-tests-" + "x" * 32
SCHOOL = "https://www.school.example"
ALL_INTERFACES = "0.0.0.0"  # not loopback: what a school server reachable from other machines listens on


def api_paths(who: str) -> list[str]:
    return ["/status", "/domain", f"/conversations/{who}/tracker"]


def bearer(secret: str, role: str = "admin", username: str = "admin") -> dict[str, str]:
    claims = {"user": {"username": username, "role": role}, "exp": int(time.time()) + 300}
    return {"Authorization": f"Bearer {jwt.encode(claims, secret, algorithm='HS256')}"}


def channel_answers(servers: Servers) -> bool:
    return bool(servers.say(f"api-{uuid.uuid4().hex[:8]}", "hello"))


def test_on_loopback_the_api_is_open_as_before(served: Servers) -> None:
    who = f"api-{uuid.uuid4().hex[:8]}"
    served.say(who, "hello")
    assert served.tracker(who)["sender_id"] == who
    assert requests.get(f"{served.url}/status", timeout=30).status_code == 200


@pytest.fixture(scope="module")
def exposed_without_secret(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    env = {"RASA_HOST": ALL_INTERFACES, "RASA_TOKEN": "", "RASA_JWT_SECRET": ""}
    with running_assistant(tmp_path_factory.mktemp("exposed"), env=env) as servers:
        yield servers


def test_beyond_loopback_without_a_secret_the_api_is_off_and_the_log_says_so(exposed_without_secret: Servers) -> None:
    servers = exposed_without_secret
    who = f"api-{uuid.uuid4().hex[:8]}"
    assert channel_answers(servers)
    for path in api_paths(who):
        assert requests.get(servers.url + path, timeout=30).status_code == 404, path
    assert requests.put(f"{servers.url}/model", json={}, timeout=30).status_code in (404, 405)
    log = Path(servers.log_dir, "rasa.log").read_text()
    assert "is not loopback and neither RASA_TOKEN nor RASA_JWT_SECRET is set: the HTTP API is off" in log


@pytest.fixture(scope="module")
def exposed_with_secrets(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    env = {
        "RASA_HOST": ALL_INTERFACES,
        "RASA_TOKEN": TOKEN,
        "RASA_JWT_SECRET": JWT_SECRET,
        "WEBCHAT_ALLOWED_ORIGINS": f"{SCHOOL}, https://intranet.school.example",
    }
    with running_assistant(tmp_path_factory.mktemp("protected"), env=env) as servers:
        yield servers


def test_beyond_loopback_with_a_secret_the_api_needs_it(exposed_with_secrets: Servers) -> None:
    servers = exposed_with_secrets
    who = f"api-{uuid.uuid4().hex[:8]}"
    servers.say(who, "hello")
    tracker = f"{servers.url}/conversations/{who}/tracker"
    assert requests.get(tracker, timeout=30).status_code == 401
    assert requests.get(tracker, params={"token": "wrong"}, timeout=30).status_code == 401
    assert requests.get(tracker, headers=bearer("not-the-secret-" + "y" * 32), timeout=30).status_code == 401
    # a JWT for another conversation's user may not read this one
    other_user = bearer(JWT_SECRET, role="user", username="someone")
    assert requests.get(tracker, headers=other_user, timeout=30).status_code in (401, 403)
    with_token = requests.get(tracker, params={"token": TOKEN}, timeout=30)
    assert with_token.status_code == 200
    assert with_token.json()["sender_id"] == who
    assert requests.get(tracker, headers=bearer(JWT_SECRET), timeout=30).status_code == 200
    assert channel_answers(servers)


def _this_machines_outward_address() -> str:
    """The address other machines reach this one at (the source address of a route out; nothing is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("198.51.100.1", 9))  # TEST-NET-2: a UDP connect only picks a route, nothing is sent
        return probe.getsockname()[0]


def test_the_action_server_answers_only_on_loopback(served: Servers) -> None:
    address = _this_machines_outward_address()
    assert not address.startswith("127."), "this machine has no outward address to test with"
    port = int(served.action_url.rsplit(":", 1)[1])
    assert requests.get(f"{served.action_url}/health", timeout=30).status_code == 200
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://{address}:{port}/health", timeout=30)


def test_browsers_may_read_answers_only_for_the_listed_websites(exposed_with_secrets: Servers) -> None:
    """Rasa's --cors gets WEBCHAT_ALLOWED_ORIGINS (tools/serve_rasa.sh): a listed site's page may post and read the
    answer; any other site is refused, with no CORS permission."""
    url = f"{exposed_with_secrets.url}/webhooks/rest/webhook"
    body = {"sender": f"cors-{uuid.uuid4().hex[:8]}", "message": "hello"}
    preflight = requests.options(
        url,
        headers={
            "Origin": SCHOOL,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
        timeout=30,
    )
    assert preflight.headers.get("Access-Control-Allow-Origin") == SCHOOL
    listed = requests.post(url, json=body, headers={"Origin": SCHOOL}, timeout=60)
    assert listed.status_code == 200
    assert listed.headers.get("Access-Control-Allow-Origin") == SCHOOL
    for origin in ("https://evil.example", f"http://127.0.0.1:{exposed_with_secrets.url.rsplit(':', 1)[1]}"):
        refused = requests.post(url, json=body, headers={"Origin": origin}, timeout=30)
        assert refused.status_code == 403, origin
        assert "Access-Control-Allow-Origin" not in refused.headers
    evil_preflight = requests.options(
        url, headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}, timeout=30
    )
    assert "Access-Control-Allow-Origin" not in evil_preflight.headers
