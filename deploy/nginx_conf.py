"""nginx's configuration for the assistant, rendered from the templates in deploy/nginx/: one place for each setting.

`make cluster` renders the whole file (`cluster_conf`, its own prefix under var/cluster/); a real server renders only
the http-level part as a site file for the system's nginx:

    .venv/bin/python -m deploy.nginx_conf site --listen 0.0.0.0:443 --rasa 5006,5007 --actions 5055,5056 \\
        --actions-listen 127.0.0.1:5054 --access-log /var/log/nginx/senco-access.log > /etc/nginx/conf.d/senco.conf

deploy/nginx/compose.conf is the same site for deploy/compose.yaml (`python -m deploy.nginx_conf compose`).

The rate limit (CLUSTER_RATE_LIMIT, CLUSTER_RATE_BURST) and TLS (SENCO_TLS_CERT, SENCO_TLS_KEY) come from the
environment in both cases; TLS is on only when both paths are set.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from senco_settings import SettingsError
from senco_settings import value as setting

TEMPLATES = Path(__file__).resolve().parent / "nginx"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")
FAIL_TIMEOUT_S = 5  # a replica that failed is left alone this long before nginx tries it again


@dataclass(frozen=True)
class Tls:
    cert: str
    key: str


@dataclass(frozen=True)
class Site:
    """Everything the http-level part needs: where nginx listens, the members behind it, the limits, the log."""

    listen: str  # host:port, the public server
    rasa: Sequence[str]  # host:port of each Rasa replica
    actions: Sequence[str]  # host:port of each action server
    actions_listen: str  # host:port of the loopback server in front of the action servers
    access_log: str
    rate: int  # requests per second per client address
    burst: int
    tls: Tls | None = None


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill every {{name}}; a name the values lack is a mistake in this module, not a blank in the file."""

    def fill(match: re.Match[str]) -> str:
        return values[match.group(1)]

    return _PLACEHOLDER.sub(fill, template)


def listen_address(host: str, port: int | str) -> str:
    """nginx's `listen` form: an IPv6 address needs brackets."""
    return f"[{host.strip('[]')}]:{port}" if ":" in host.strip("[]") else f"{host}:{port}"


def _servers(members: Sequence[str]) -> str:
    # max_fails=1: one refused connection or timeout is enough to route around a replica for FAIL_TIMEOUT_S
    return "\n".join(f"    server {m} max_fails=1 fail_timeout={FAIL_TIMEOUT_S}s;" for m in members)


def _listen(site: Site) -> str:
    if site.tls is None:
        return f"    listen {site.listen};"
    return "\n".join(
        (
            f"    listen {site.listen} ssl;",
            f"    ssl_certificate {site.tls.cert};",
            f"    ssl_certificate_key {site.tls.key};",
            "    ssl_protocols TLSv1.2 TLSv1.3;",
            "    ssl_prefer_server_ciphers off;",
            "    ssl_session_cache shared:senco_tls:10m;",
            "    ssl_session_timeout 1d;",
            "    ssl_session_tickets off;",
            '    add_header Strict-Transport-Security "max-age=31536000" always;',
        )
    )


def site_conf(site: Site) -> str:
    """The http-level part: upstreams, rate limit, the public server and the action servers' loopback server."""
    template = (TEMPLATES / "senco.conf.template").read_text(encoding="utf-8")
    return render(
        template,
        {
            "listen": _listen(site),
            "rasa_servers": _servers(site.rasa),
            "action_servers": _servers(site.actions),
            "actions_listen": site.actions_listen,
            "access_log": site.access_log,
            "rate": str(site.rate),
            "burst": str(site.burst),
        },
    )


def cluster_conf(site: Site, prefix: Path) -> str:
    """The whole file for `make cluster`'s own nginx: pid, temporary files and the site, all under `prefix`."""
    template = (TEMPLATES / "cluster.conf.template").read_text(encoding="utf-8")
    indented = "\n".join(("    " + line) if line else "" for line in site_conf(site).splitlines())
    return render(template, {"prefix": str(prefix), "site": indented})


def tls_from(env: Mapping[str, str]) -> Tls | None:
    """TLS when SENCO_TLS_CERT and SENCO_TLS_KEY are both set; one without the other is refused."""
    cert, key = setting("SENCO_TLS_CERT", env), setting("SENCO_TLS_KEY", env)
    if bool(cert) != bool(key):
        raise ValueError("SENCO_TLS_CERT and SENCO_TLS_KEY must be set together (or neither, for plain HTTP)")
    for name, path in (("SENCO_TLS_CERT", cert), ("SENCO_TLS_KEY", key)):
        if path and not Path(path).is_file():
            raise ValueError(f"{name}={path!r} is not a readable file")
    return Tls(str(Path(cert).resolve()), str(Path(key).resolve())) if cert else None


def limits_from(env: Mapping[str, str]) -> tuple[int, int]:
    return int(setting("CLUSTER_RATE_LIMIT", env)), int(setting("CLUSTER_RATE_BURST", env))


def _members(items: str) -> list[str]:
    """Comma-separated members: a bare port is on loopback (one machine); host:port names another host (compose)."""
    members = []
    for item in (part.strip() for part in items.split(",")):
        if item:
            host, _, port = item.rpartition(":")
            members.append(f"{host or '127.0.0.1'}:{int(port)}")
    return members


COMPOSE_HEADER = "# Rendered by `python -m deploy.nginx_conf compose` for deploy/compose.yaml: edit the template.\n"


def compose_conf() -> str:
    """deploy/nginx/compose.conf: the site for the compose file, at CLUSTER_RATE_LIMIT/_BURST's defaults, no TLS
    (put TLS in front, or render your own with `site`)."""
    rate, burst = limits_from({})
    site = Site(
        listen="8080",
        rasa=["rasa:5005"],  # Docker's DNS gives every replica's address for `rasa`: each becomes a member
        actions=["actions:5055"],  # unused: in compose Rasa reaches the action servers at actions:5055 itself
        actions_listen="127.0.0.1:5054",
        access_log="/dev/stdout",
        rate=rate,
        burst=burst,
    )
    return COMPOSE_HEADER + site_conf(site)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print nginx's site file for the assistant on a real server.")
    parser.add_argument("part", choices=["site", "compose"])
    parser.add_argument("--listen", default="0.0.0.0:80", help="host:port of the public server")
    parser.add_argument("--rasa", default="5006,5007", help="the Rasa replicas: loopback ports, or host:port")
    parser.add_argument("--actions", default="5055,5056", help="the action servers: loopback ports, or host:port")
    parser.add_argument("--actions-listen", default="127.0.0.1:5054", help="where Rasa reaches the action servers")
    parser.add_argument("--access-log", default="/var/log/nginx/senco-access.log")
    args = parser.parse_args(argv)
    if args.part == "compose":
        sys.stdout.write(compose_conf())
        return 0
    try:
        rate, burst = limits_from(os.environ)
        tls = tls_from(os.environ)
    except (SettingsError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    site = Site(
        args.listen, _members(args.rasa), _members(args.actions), args.actions_listen, args.access_log, rate, burst, tls
    )
    sys.stdout.write(site_conf(site))
    return 0


if __name__ == "__main__":
    sys.exit(main())
