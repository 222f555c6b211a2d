"""`python -m faults.rasa_cli run ...`: Rasa's own command line, with faults/action_server.py installed first.

tools/serve_rasa.sh and tools/shell.sh start Rasa this way so that every server that talks to people has the same
behaviour when the action server fails. A bad `SENCO_ACTION_TIMEOUT` stops the start with one line.
"""

from __future__ import annotations

import sys

from faults.settings import action_timeout


def main() -> None:
    try:
        action_timeout()
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    from rasa.__main__ import main as rasa_main

    from faults.action_server import install

    install()

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
