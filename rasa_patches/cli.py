"""`python -m rasa_patches.cli run ...`: Rasa's own command line, with every patch of rasa_patches installed first.

tools/serve_rasa.sh and tools/shell.sh start Rasa this way so that every server that talks to people has the same
behaviour when the action server fails. Every setting is checked first (senco_settings): a bad value, such as
`SENCO_ACTION_TIMEOUT=soon`, stops the start with one line naming it.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

from rasa_patches import RasaVersionError, check_rasa_version
from senco_settings import check


def _quiet_warnings() -> None:
    """`make shell` is for a person chatting: the libraries' deprecation notices go to a logger that drops them.
    (PYTHONWARNINGS=ignore is not enough: a channel library Rasa imports turns DeprecationWarning back on.) The
    servers keep them, in their logs."""
    logging.captureWarnings(True)
    quiet = logging.getLogger("py.warnings")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False


def _then_our_logging(rasa_configure: Callable[..., None]) -> Callable[..., None]:
    """Rasa configures logging as it starts (rasa.__main__.main calls configure_structlog); ours follows at once:
    JSON lines, or readable ones for a terminal (observability/logs.py, SENCO_LOG_FORMAT)."""

    def configure_structlog(log_level: int | None = None) -> None:
        rasa_configure(log_level)
        from observability import logs

        logs.configure(log_level)
        if sys.argv[1:2] == ["shell"]:
            _quiet_warnings()  # after the handlers are set: warnings stay out of a person's chat

    return configure_structlog


def main() -> None:
    problems = [str(problem) for problem in check()]
    try:
        check_rasa_version()
    except RasaVersionError as error:
        problems.append(str(error))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        sys.exit(2)
    from observability import logs

    logs.configure()  # now, so that even the warnings of importing Rasa are log lines like the rest
    if sys.argv[1:2] == ["shell"]:
        _quiet_warnings()
    import rasa.__main__ as rasa_cli
    from rasa.__main__ import main as rasa_main

    from rasa_patches import install

    install()
    rasa_cli.configure_structlog = _then_our_logging(rasa_cli.configure_structlog)

    sys.argv[0] = "rasa"
    rasa_main()


if __name__ == "__main__":
    main()
