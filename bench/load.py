"""Asyncio load generator: simulated teachers holding whole conversations over Rasa's REST channel.

Closed loop, as Rasa's Locust guide models users: each teacher sends a message, waits for the reply, thinks
for a moment, then sends the next. Every reply is checked (`check_reply`), and a failed turn abandons its
conversation, because what follows would test a different dialogue.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
import uuid
from dataclasses import dataclass

import aiohttp

from bench.scripts import SCRIPTS, Turn
from bench.stats import RunSamples

WEBHOOK = "/webhooks/rest/webhook"
TIMED_OUT = "timed out"  # how a timeout's error begins, so the report can count a busy server's timeouts apart


@dataclass(frozen=True)
class LoadPlan:
    users: int
    duration_s: float
    warmup_s: float
    think_s: tuple[float, float]
    timeout_s: float = 30.0
    seed: int = 2024


def check_reply(status: int, body: str, turn: Turn) -> str | None:
    """None for a correct reply, else why not: a 5xx or any non-200, a body that is not a non-empty list of
    messages each with something to show, or a missing assessment card where the script expects one."""
    if status != 200:
        return f"HTTP {status}"
    try:
        messages = json.loads(body)
    except ValueError:
        return "reply is not JSON"
    if not isinstance(messages, list) or not messages:
        return "empty reply"
    shown = ("text", "custom", "buttons", "image", "attachment")
    if not all(isinstance(m, dict) and any(m.get(key) for key in shown) for m in messages):
        return "a reply message with nothing to show"
    if turn.expect_assessment and not any(
        isinstance(m.get("custom"), dict) and m["custom"].get("type") == "senco_assessment" for m in messages
    ):
        return f"no assessment after {turn.text!r}"
    return None


async def send(session: aiohttp.ClientSession, url: str, sender: str, turn: Turn) -> tuple[str | None, float]:
    """(error or None, seconds) for one message; network failures and timeouts are errors, not crashes. A
    timeout is told apart (`is_timeout`): it says the server was too slow, not that it answered wrongly."""
    start = time.perf_counter()
    try:
        async with session.post(url + WEBHOOK, json={"sender": sender, "message": turn.text}) as response:
            body = await response.text()
            error = check_reply(response.status, body, turn)
    except (asyncio.TimeoutError, TimeoutError) as exc:  # before ClientError: aiohttp's timeouts are both
        error = f"{TIMED_OUT}: no reply within the client's timeout ({type(exc).__name__})"
    except aiohttp.ClientError as exc:
        error = f"{type(exc).__name__}: {exc}"
    return error, time.perf_counter() - start


def is_timeout(error: str) -> bool:
    return error.startswith(TIMED_OUT)


async def _teacher(
    index: int, session: aiohttp.ClientSession, url: str, plan: LoadPlan, window: tuple[float, float], out: RunSamples
) -> None:
    rng = random.Random(plan.seed * 1000 + index)
    opens, closes = window
    script_index = index % len(SCRIPTS)
    run_id = uuid.uuid4().hex[:6]
    conversation = 0
    # Stagger the first messages, as real users do not all press Enter at once.
    await asyncio.sleep(rng.uniform(0, plan.think_s[1]))
    while time.monotonic() < closes:
        script = SCRIPTS[script_index % len(SCRIPTS)]
        script_index += 1
        conversation += 1
        sender = f"bench-{run_id}-{index}-{conversation}"
        complete = True
        for turn in script.turns:
            if time.monotonic() >= closes:
                complete = False
                break
            started = time.monotonic()
            error, seconds = await send(session, url, sender, turn)
            out.sent_in_total += 1
            counted = opens <= started < closes
            if error:
                if counted:
                    out.add_error(f"{script.name}: {error}", timed_out=is_timeout(error))
                complete = False
                break
            if counted:
                out.latencies_s.append(seconds)
            await asyncio.sleep(rng.uniform(*plan.think_s))
        if complete and time.monotonic() >= opens:
            out.conversations += 1


async def run_load(url: str, plan: LoadPlan) -> RunSamples:
    """Run `plan.users` teachers for warm-up plus duration; only messages sent inside the window count."""
    out = RunSamples(window_s=plan.duration_s)
    timeout = aiohttp.ClientTimeout(total=plan.timeout_s)
    connector = aiohttp.TCPConnector(limit=plan.users, force_close=False)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        opens = time.monotonic() + plan.warmup_s
        window = (opens, opens + plan.duration_s)
        await asyncio.gather(*(_teacher(i, session, url, plan, window, out) for i in range(plan.users)))
    return out


async def first_correct_answer(url: str, started_at: float, deadline_s: float, turn: Turn) -> float | None:
    """Seconds from `started_at` (time.monotonic() when the server process was started) to the first correct
    answer to `turn`, polled; None if none comes within `deadline_s`."""
    start = started_at
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30)) as session:
        while time.monotonic() - start < deadline_s:
            error, _ = await send(session, url, f"bench-startup-{uuid.uuid4().hex[:8]}", turn)
            if error is None:
                return time.monotonic() - start
            await asyncio.sleep(0.1)
    return None
