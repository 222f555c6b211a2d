"""`python -m senco_settings check`: one line per unusable setting, exit 2 (0 when all are usable).
`python -m senco_settings export`: check, then print `export NAME=value` for the variables a shell script must pass
on with their defaults (channel settings referenced by credentials.yml, the tracker file, the action endpoint).
`python -m senco_settings table`: the README's settings table, generated from the declarations."""

from __future__ import annotations

import os
import shlex
import sys

from . import BY_NAME, VARIABLES, check

# Referenced as ${NAME} in credentials.yml or endpoints.yml: Rasa refuses a reference to an unset variable, so a
# shell entry point exports each, empty when off.
REFERENCED = (
    "SLACK_TOKEN",
    "SLACK_SIGNING_SECRET",
    "SLACK_API_URL",
    "TEAMS_APP_ID",
    "TEAMS_APP_PASSWORD",
    "TEAMS_TENANT_ID",
    "TEAMS_OPENID_URL",
    "TEAMS_TOKEN_URL",
    "WEBCHAT_ALLOWED_ORIGINS",
    "SENCO_TRACKER_DB",
    "ACTION_ENDPOINT_URL",
)


def exports(environ: dict[str, str]) -> dict[str, str]:
    """The values to export: what is set, else the declared default (the action endpoint follows ACTION_PORT)."""
    found = {}
    for name in REFERENCED:
        given = (environ.get(name) or "").strip()
        found[name] = given or BY_NAME[name].default
    if not found["ACTION_ENDPOINT_URL"]:
        port = (environ.get("ACTION_PORT") or "").strip() or BY_NAME["ACTION_PORT"].default
        found["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{port}/webhook"
    return found


def table() -> str:
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for variable in VARIABLES:
        default = f"`{variable.default}`" if variable.default else "(none)"
        rows.append(f"| `{variable.name}` | {default} | {variable.meaning} |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "table":
        print(table())
        return 0
    problems = check(os.environ)
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    if command == "export":
        for name, value in exports(dict(os.environ)).items():
            print(f"export {name}={shlex.quote(value)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
