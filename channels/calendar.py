"""GET /webhooks/calendar/senco.ics?deadline=...&qualification=...[&start_by=...]: an answer's "add to calendar"
file (RFC 5545, `text/calendar`), made from the link alone (`rules_engine.calendar_file`).

Why stateless: the link carries the dates and the qualification, nothing else, so no conversation is looked up,
nothing is stored, and the file holds nothing a stranger could not guess. A bad link gets 400 naming the field.
It is an input channel only so that Rasa mounts it on its own port; it takes no messages.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rules_engine.calendar_file import calendar_from_query
from rules_engine.errors import FactsError

MAX_QUERY = 200  # the longest link an answer makes is about 90 characters
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "public, max-age=86400",  # the same link always gives the same dates
    "Referrer-Policy": "no-referrer",
}


def _calendar(request: Request) -> HTTPResponse:
    if len(request.query_string) > MAX_QUERY:
        return response.json({"error": "the link is too long", "field": "query"}, status=400)
    query = {name: values[-1] for name, values in request.args.items()}
    try:
        body = calendar_from_query(query)
    except FactsError as err:
        return response.json(err.to_dict(), status=400)
    headers = {**HEADERS, "Content-Disposition": 'attachment; filename="senco-deadline.ics"'}
    return response.raw(body, content_type="text/calendar; charset=utf-8", headers=headers)


class CalendarInput(InputChannel):
    """Serves the calendar file on the Rasa port (credentials.yml); never a conversation."""

    @classmethod
    def name(cls) -> str:
        return "calendar"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> CalendarInput:
        return cls()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        blueprint = Blueprint("senco_calendar", __name__)

        @blueprint.route("/senco.ics", methods=["GET"])
        async def calendar(request: Request) -> HTTPResponse:
            return _calendar(request)

        return blueprint
