"""Running a coroutine from a test while Playwright's sync API is in use.

Playwright's sync API keeps an event loop running on the main thread for the whole session, so asyncio.run() there
raises "cannot be called from a running event loop". A worker thread has no loop of its own yet: run it there.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


def run_async(coroutine: Callable[[], Awaitable[T]], timeout_s: float = 180) -> T:
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(coroutine())).result(timeout=timeout_s)
