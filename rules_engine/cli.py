"""`python -m rules_engine assess`: facts JSON in, one assessment JSON object out (contract section 1).

Exit codes: 0 with the assessment on stdout (`--text`: plain text; `--ics`: the calendar file); 2 with
{"error", "field"} on stderr for bad facts or arguments, or `--ics` for an answer with no deadline.
"""

from __future__ import annotations

import argparse
import json
import sys

from .calendar_file import calendar_from_query, calendar_query
from .clock import london_today
from .dates import parse_iso_day
from .engine import assess
from .errors import FactsError
from .facts import parse_facts
from .render import render_text


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors come out in the same JSON shape as bad facts."""

    def error(self, message: str) -> None:  # type: ignore[override]
        _fail(FactsError("arguments", message))


def _fail(err: FactsError) -> None:
    print(json.dumps(err.to_dict()), file=sys.stderr)
    raise SystemExit(2)


def main(argv: list[str] | None = None) -> int:
    parser = _Parser(prog="python -m rules_engine", description="SENCO qualification rules engine")
    sub = parser.add_subparsers(dest="command", required=True)
    cmd = sub.add_parser("assess", help="assess facts given as JSON")
    cmd.error = parser.error  # type: ignore[method-assign]
    cmd.add_argument("--today", help="YYYY-MM-DD (default: today in Europe/London)")
    cmd.add_argument("--facts", help="a JSON file of facts (default: standard input)")
    shown = cmd.add_mutually_exclusive_group()
    shown.add_argument("--text", action="store_true", help="print plain text for an email instead of JSON")
    shown.add_argument("--ics", action="store_true", help="print the answer's calendar file (RFC 5545) instead")
    args = parser.parse_args(argv)
    try:
        today = parse_iso_day(args.today, "today") if args.today else london_today()
        raw = _read_facts(args.facts)
        assessment = assess(parse_facts(raw), today)
    except FactsError as err:
        _fail(err)
    if args.ics:
        query = calendar_query(assessment, today)
        if query is None:
            _fail(FactsError("facts", "this answer has no deadline to put in a calendar"))
        sys.stdout.buffer.write(calendar_from_query(query))
    elif args.text:
        sys.stdout.write(render_text(assessment, today))
    else:
        print(json.dumps(assessment.to_dict(), indent=2, ensure_ascii=False))
    return 0


def _read_facts(path: str | None) -> object:
    try:
        if path is None:
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except (OSError, UnicodeDecodeError) as err:
        raise FactsError("facts", f"cannot read the facts: {err}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise FactsError("facts", f"not valid JSON: {err.msg} at line {err.lineno} column {err.colno}") from None
    except RecursionError:
        raise FactsError("facts", "the JSON is nested too deeply") from None
