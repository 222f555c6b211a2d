"""`make cluster`: the scale-out topology on one machine: 2 Rasa replicas and 2 action servers behind nginx, sharing
PostgreSQL (conversations) and Redis (conversation locks), every process a supervisord program.

    people --> nginx :RASA_PORT --> Rasa replica 1, 2 --> nginx (loopback) --> action server 1, 2
                                          |                                   (stateless)
                               PostgreSQL (DB_URL) + Redis (REDIS_URL)

This module is only the launcher: it checks the settings, creates the database if missing, trains the model if its
inputs changed, writes supervisord's and nginx's configuration under CLUSTER_LOG_DIR (var/cluster), and becomes
supervisord (exec), which starts every process with the scripts `make run` uses (tools/serve_rasa.sh,
tools/serve_actions.sh), restarts one that exits, and on Ctrl-C or SIGTERM stops them all, nginx first. Its event
listener deploy/watchdog.py restarts a server that keeps running but stops answering its health route.
`.venv/bin/supervisorctl -c var/cluster/supervisord.conf status` shows every process.

nginx (deploy/nginx_conf.py) routes around a replica that refuses connections or times out (passive: no health
checks), keeps each web chat socket.io session on one replica, answers 429 to a client sending too fast, and does
not proxy Rasa's HTTP API or /metrics.

Settings: DB_URL (default postgresql://postgres@127.0.0.1:5432/senco), REDIS_URL (default redis://127.0.0.1:6379/0),
CLUSTER_REPLICAS and CLUSTER_ACTION_SERVERS (default 2 each), RASA_HOST/RASA_PORT for nginx (default
127.0.0.1:5005), CLUSTER_RATE_LIMIT/CLUSTER_RATE_BURST, SENCO_TLS_CERT/SENCO_TLS_KEY (HTTPS on RASA_PORT when both
are set). WEBCHAT_ALLOWED_ORIGINS defaults to nginx's own address, where the web chat's demo page is served.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from deploy.nginx_conf import Site, cluster_conf, limits_from, listen_address, tls_from
from deploy.processes import ROOT, free_port, trained_model
from deploy.supervisor_conf import Program, supervisord_conf
from senco_settings import SettingsError, check
from senco_settings import value as setting
from stores.config import DB_PARTS, StoreConfigError, TrackerSettings, tracker_settings

logger = logging.getLogger("cluster")

DEFAULT_DB_URL = "postgresql://postgres@127.0.0.1:5432/senco"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
SUPERVISORD = ROOT / ".venv" / "bin" / "supervisord"


def ensure_database(settings: TrackerSettings) -> None:
    """Create the PostgreSQL database the settings name if it does not exist (connecting to `postgres`)."""
    import psycopg2
    from psycopg2 import sql

    login = {
        "host": settings.host,
        "port": settings.port,
        "user": settings.username,
        "password": settings.password,
        "connect_timeout": 5,
    }
    try:
        psycopg2.connect(dbname=settings.db, **login).close()
        return
    except psycopg2.OperationalError as error:
        if "does not exist" not in str(error):
            return  # the preflight of each replica reports it in one line
    conn = psycopg2.connect(dbname="postgres", **login)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings.db)))
    conn.close()
    logger.info("created the database %s", settings.db)


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        raise FileNotFoundError("nginx is not installed: run `make nginx` (tools/ensure_nginx.sh)")
    return found


def public_listen(env: dict[str, str]) -> str:
    """Where nginx listens for everyone: RASA_HOST:RASA_PORT (the address `make run` would serve on)."""
    return listen_address(setting("RASA_HOST", env), setting("RASA_PORT", env))


def public_scheme(env: dict[str, str]) -> str:
    return "https" if setting("SENCO_TLS_CERT", env) else "http"


def plan(env: dict[str, str], model: str, log_dir: Path, nginx: str) -> tuple[list[Program], dict[str, str], str]:
    """Every program, the health route the watchdog asks of each server, and nginx's configuration. Ports are chosen
    now and fixed for the cluster's lifetime, so a restarted process comes back where nginx expects it."""
    action_ports = [free_port() for _ in range(int(setting("CLUSTER_ACTION_SERVERS", env)))]
    rasa_ports = [free_port() for _ in range(int(setting("CLUSTER_REPLICAS", env)))]
    actions_port = free_port()  # nginx's loopback server in front of the action servers
    rate, burst = limits_from(env)
    site = Site(
        listen=public_listen(env),
        rasa=[f"127.0.0.1:{port}" for port in rasa_ports],
        actions=[f"127.0.0.1:{port}" for port in action_ports],
        actions_listen=f"127.0.0.1:{actions_port}",
        access_log=str(log_dir / "access.log"),
        rate=rate,
        burst=burst,
        tls=tls_from(env),
    )
    prefix = log_dir / "nginx"
    conf = prefix / "nginx.conf"
    programs = [
        Program(f"action-server-{i + 1}", "bash tools/serve_actions.sh", "actions", {"ACTION_PORT": str(port)})
        for i, port in enumerate(action_ports)
    ]
    programs += [
        Program(
            f"rasa-{i + 1}",
            f"bash tools/serve_rasa.sh {model}",
            "rasa",
            {
                "RASA_HOST": "127.0.0.1",  # only nginx reaches a replica; its HTTP API stays on loopback
                "RASA_PORT": str(port),
                "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{actions_port}/webhook",
            },
            startsecs=10,
        )
        for i, port in enumerate(rasa_ports)
    ]
    programs.append(Program("nginx", f"{nginx} -p {prefix}/ -c {conf} -e stderr -g 'daemon off;'", "nginx"))
    # the REST channel's health route answers whether or not a replica's HTTP API is on
    health = {f"action-server-{i + 1}": f"http://127.0.0.1:{port}/health" for i, port in enumerate(action_ports)}
    health |= {f"rasa-{i + 1}": f"http://127.0.0.1:{port}/webhooks/rest/" for i, port in enumerate(rasa_ports)}
    return programs, health, cluster_conf(site, prefix)


def write_configuration(env: dict[str, str], log_dir: Path) -> Path:
    """Render both files (checking nginx's with `nginx -t`); returns supervisord's."""
    nginx = nginx_binary()
    programs, health, nginx_conf = plan(env, str(trained_model()), log_dir, nginx)
    prefix = log_dir / "nginx"
    prefix.mkdir(parents=True, exist_ok=True)
    (prefix / "nginx.conf").write_text(nginx_conf, encoding="utf-8")
    tested = subprocess.run(
        [nginx, "-p", f"{prefix}/", "-c", str(prefix / "nginx.conf"), "-e", "stderr", "-t", "-q"],
        capture_output=True,
        text=True,
        check=False,
    )
    if tested.returncode != 0:  # a certificate that will not load, say: now, in one line
        raise RuntimeError(f"nginx refuses its configuration: {tested.stderr.strip()}")
    conf = log_dir / "supervisord.conf"
    conf.write_text(supervisord_conf(programs, ROOT, log_dir, health), encoding="utf-8")
    conf.chmod(0o600)
    return conf


def cluster_env(environ: dict[str, str]) -> dict[str, str]:
    """The environment every process gets: the caller's, with the stores' defaults and the web chat's origin."""
    env = dict(environ)
    if not any(env.get(name) for name in ("DB_URL", *DB_PARTS)):
        env["DB_URL"] = DEFAULT_DB_URL
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    if not env.get("WEBCHAT_ALLOWED_ORIGINS"):
        # The web chat's own pages are served through nginx, so "our own address" is nginx's.
        host, port, scheme = setting("RASA_HOST", env), setting("RASA_PORT", env), public_scheme(env)
        env["WEBCHAT_ALLOWED_ORIGINS"] = ",".join(
            dict.fromkeys(f"{scheme}://{h}:{port}" for h in (host, "127.0.0.1", "localhost") if h != "0.0.0.0")
        )
    return env


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s cluster: %(message)s", stream=sys.stderr)
    try:
        env = cluster_env(dict(os.environ))
        problems = [str(problem) for problem in check(env)]
    except SettingsError as error:  # RASA_HOST, RASA_PORT or SENCO_TLS_CERT unusable: named before anything starts
        env, problems = {}, [str(error)]
    try:
        if not problems and not tracker_settings(env).is_postgresql:
            raise StoreConfigError("make cluster needs PostgreSQL: set DB_URL")
        if not problems:
            tls_from(env)
    except (StoreConfigError, ValueError) as error:
        problems.append(str(error))
    for problem in problems:
        print(f"error: {problem}", file=sys.stderr)
    if problems:
        return 2
    log_dir = ROOT / setting("CLUSTER_LOG_DIR", env)  # relative to the repository, or absolute
    log_dir.mkdir(parents=True, exist_ok=True)
    ensure_database(tracker_settings(env))
    try:
        conf = write_configuration(env, log_dir)
    except (FileNotFoundError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    public = f"{public_scheme(env)}://{public_listen(env)}"
    logger.info("nginx on %s; logs in %s; status: .venv/bin/supervisorctl -c %s status", public, log_dir, conf)
    sys.stdout.flush()
    sys.stderr.flush()
    # supervisord takes this process's place: Ctrl-C and SIGTERM reach it directly, and it stops every program.
    os.execve(SUPERVISORD, [str(SUPERVISORD), "-c", str(conf)], env)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
