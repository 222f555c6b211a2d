"""Health, metrics and logs of a real Rasa server started as `make run` starts it (tools/serve_rasa.sh), listening
on every address with RASA_TOKEN set, so that /metrics can be asked from this machine's non-loopback address."""

from __future__ import annotations

import json
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from tests.servers import Servers, running_assistant

pytestmark = pytest.mark.slow

TOKEN = f"metrics-{uuid.uuid4().hex}"
FIRST = "got the SENCO job at our academy last Sept, haven't done NASENCO, what do I need?"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    with running_assistant(tmp_path_factory.mktemp("observed"), env={"RASA_HOST": "0.0.0.0", "RASA_TOKEN": TOKEN}) as s:
        yield s


def samples(servers: Servers) -> dict[tuple[str, tuple], float]:
    reply = requests.get(f"{servers.url}/metrics", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"].startswith("text/plain")
    return {
        (found.name, tuple(sorted(found.labels.items()))): found.value
        for family in text_string_to_metric_families(reply.text)
        for found in family.samples
    }


def delta(after: dict, before: dict, name: str, **labels: str) -> float:
    key = (name, tuple(sorted(labels.items())))
    return after.get(key, 0.0) - before.get(key, 0.0)


def other_address() -> str | None:
    """This machine's first address that is not loopback, if it has one."""
    found = subprocess.run(["hostname", "-I"], capture_output=True, text=True, check=False).stdout.split()
    return next((a for a in found if ":" not in a and not a.startswith("127.")), None)


def test_health_answers_at_the_root(served: Servers) -> None:
    assert requests.get(f"{served.url}/health/live", timeout=10).status_code == 200
    ready = requests.get(f"{served.url}/health/ready", timeout=10)
    assert (ready.status_code, ready.json()) == (200, {"ready": True, "stores": {"tracker": "ok", "lock": "ok"}})
    # Rasa's own routes are still there
    assert requests.get(f"{served.url}/webhooks/rest/", timeout=10).status_code == 200
    assert requests.get(f"{served.url}/", timeout=10).status_code == 200


def test_counters_move_by_exactly_what_happened(served: Servers) -> None:
    marker = f"numbat{uuid.uuid4().hex[:10]}"
    teacher, confused = f"metrics-{uuid.uuid4().hex[:8]}", f"metrics-{uuid.uuid4().hex[:8]}"
    before = samples(served)
    served.say(teacher, FIRST)
    served.say(teacher, "not started")
    answer = served.say(teacher, "no")
    assert any((r.get("custom") or {}).get("outcome") == "NPQ_REQUIRED" for r in answer)
    served.say(confused, "yes")  # nothing was asked: "Sorry, I didn't follow that" (a fallback)
    served.say(confused, "x" * 1001 + marker)
    webhook = f"{served.url}/webhooks/rest/webhook"
    assert requests.post(webhook, data=b"[1]", timeout=10).status_code == 400
    evil = {"Origin": "https://evil.example"}
    from_evil = requests.post(webhook, json={"sender": confused, "message": marker}, headers=evil, timeout=10)
    assert from_evil.status_code == 403
    after = samples(served)

    assert delta(after, before, "senco_messages_total", channel="rest") == 5
    assert delta(after, before, "senco_response_seconds_count") == 5
    assert delta(after, before, "senco_assessments_total", outcome="NPQ_REQUIRED") == 1
    assert delta(after, before, "senco_fallbacks_total") == 1
    assert delta(after, before, "senco_channel_refusals_total", channel="rest", reason="bad_body") == 1
    assert delta(after, before, "senco_channel_refusals_total", channel="rest", reason="origin") == 1
    assert delta(after, before, "senco_channel_refusals_total", channel="rest", reason="too_long") == 1
    assert delta(after, before, "senco_action_failures_total") == 0
    text = requests.get(f"{served.url}/metrics", timeout=10).text
    for secret in (marker, teacher, confused, "qwxz", "academy"):
        assert secret not in text


def test_metrics_beyond_loopback_need_the_token(served: Servers) -> None:
    address = other_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    port = served.url.rsplit(":", 1)[1]
    url = f"http://{address}:{port}/metrics"
    assert requests.get(url, timeout=10).status_code == 403
    assert requests.get(url, params={"token": "wrong"}, timeout=10).status_code == 403
    with_token = requests.get(url, params={"token": TOKEN}, timeout=10)
    assert with_token.status_code == 200
    assert "senco_messages_total" in with_token.text
    assert requests.get(f"http://{address}:{port}/health/live", timeout=10).status_code == 200


def test_log_lines_are_json_without_message_text(served: Servers) -> None:
    marker = f"bilby{uuid.uuid4().hex[:10]}"
    served.say(f"logs-{uuid.uuid4().hex[:8]}", f"what qualification do i need {marker}")
    requests.get(f"{served.url}/metrics", params={"token": TOKEN}, timeout=10)
    lines = Path(served.log_dir, "rasa.log").read_text().splitlines()
    # the start-up check (stores.preflight) speaks before Rasa does, in one plain line; then only JSON
    assert lines[0].startswith("Stores: ")
    events = [json.loads(line) for line in lines[1:] if line.strip()]
    assert len(events) > 5
    for event in events:
        assert isinstance(event, dict)
        assert {"timestamp", "level", "logger", "event"} <= set(event), event
    assert any(e["logger"].startswith("rasa") for e in events)
    assert any(e["logger"].startswith(("stores", "channels")) for e in events)
    everything = "\n".join(lines)
    assert marker not in everything
    assert TOKEN not in everything


def test_an_action_server_failure_is_counted(served: Servers) -> None:
    before = samples(served)
    assert served.action_proc is not None
    served.action_proc.terminate()
    served.action_proc.wait(timeout=30)
    served.say(f"metrics-{uuid.uuid4().hex[:8]}", FIRST)
    assert delta(samples(served), before, "senco_action_failures_total") == 1
