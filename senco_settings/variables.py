"""The declarations: every environment variable the project reads, in the README's order (its settings table is
generated from this list). `default` is what an unset or empty variable means, as text; "" means off or none."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    kind: str  # a key of senco_settings.kinds.KINDS
    default: str
    meaning: str
    group: str


def _group(group: str, *rows: tuple[str, str, str, str]) -> tuple[Variable, ...]:
    return tuple(Variable(name, kind, default, meaning, group) for name, kind, default, meaning in rows)


VARIABLES: tuple[Variable, ...] = (
    *_group(
        "serving",
        ("SENCO_TODAY", "day", "", "the date every assessment treats as today (YYYY-MM-DD); default today in London"),
        (
            "RASA_HOST",
            "host",
            "127.0.0.1",
            "where Rasa listens; beyond loopback the HTTP API needs RASA_TOKEN or RASA_JWT_SECRET",
        ),
        ("RASA_PORT", "port", "5005", "Rasa's port (REST, socket.io, web chat page, calendar files, HTTP API)"),
        ("ACTION_PORT", "port", "5055", "the action server's port"),
        ("SANIC_HOST", "host", "127.0.0.1", "where the action server listens (Rasa calls it)"),
        (
            "ACTION_ENDPOINT_URL",
            "web_url",
            "",
            "the action server Rasa calls; default http://127.0.0.1:ACTION_PORT/webhook",
        ),
        ("RASA_TOKEN", "secret", "", "when set, the HTTP API requires ?token=..."),
        ("RASA_JWT_SECRET", "secret", "", "when set, the HTTP API accepts HS256 bearer tokens signed with it"),
        (
            "SENCO_PUBLIC_URL",
            "web_url",
            "",
            "the assistant's public address: makes Add to calendar links absolute (Slack and Teams need that)",
        ),
        (
            "WEBCHAT_ALLOWED_ORIGINS",
            "origins",
            "",
            "the websites allowed to embed the web chat (comma-separated origins)",
        ),
        ("SENCO_MAX_MESSAGE_CHARS", "count", "1000", "the longest message the channels pass on"),
        ("SENCO_LOG_MESSAGE_TEXT", "flag", "0", "1 logs what people type (debugging only; off for data minimisation)"),
        (
            "SENCO_LOG_FORMAT",
            "log_format",
            "json",
            "`json`: one JSON object per log line (servers); `console`: readable lines for a terminal (`make shell`)",
        ),
        ("SENCO_ACTION_TIMEOUT", "seconds", "10", "seconds a call to the action server may take"),
        ("SENCO_RUNTIME_OFF", "names", "", "speed patches to leave out, by name (comma-separated)"),
    ),
    *_group(
        "stores",
        (
            "SENCO_TRACKER_DB",
            "path",
            "var/tracker.db",
            "the SQLite file for conversations (when no PostgreSQL is named)",
        ),
        ("DB_URL", "text", "", "PostgreSQL for conversations: postgresql://user:password@host:port/database"),
        ("DB_HOST", "text", "", "PostgreSQL host, instead of DB_URL (with DB_PORT, DB_USER, DB_PASSWORD, DB_NAME)"),
        ("DB_PORT", "text", "", "PostgreSQL port (default 5432 when DB_HOST is used)"),
        ("DB_USER", "text", "", "PostgreSQL user (default postgres)"),
        ("DB_PASSWORD", "secret", "", "PostgreSQL password"),
        ("DB_NAME", "text", "", "PostgreSQL database (default senco)"),
        ("SENCO_DB_CONNECT_TIMEOUT", "seconds", "5", "seconds to wait for PostgreSQL"),
        ("REDIS_URL", "text", "", "Redis for locks (several Rasa replicas or workers need it): redis://host:port/0"),
        ("REDIS_KEY_PREFIX", "text", "senco", "prefix of this deployment's Redis keys (letters and digits)"),
        ("SENCO_REDIS_TIMEOUT", "seconds", "2", "seconds to wait for Redis"),
        ("SANIC_WORKERS", "count", "1", "Rasa worker processes (more than 1 needs REDIS_URL)"),
        (
            "PROMETHEUS_MULTIPROC_DIR",
            "path",
            "",
            "where several Rasa workers add up their metrics; tools/serve_rasa.sh empties it at start and, for "
            "SANIC_WORKERS above 1, defaults it to var/metrics/rasa-RASA_PORT",
        ),
        ("SENCO_RETENTION_DAYS", "count", "30", "conversations idle this many days are deleted"),
        ("SENCO_RETENTION_INTERVAL_MINUTES", "minutes", "60", "how often `make run` deletes them"),
    ),
    *_group(
        "channels",
        (
            "SLACK_TOKEN",
            "secret",
            "",
            "the Slack bot token (xoxb-...); Slack is on when this and the signing secret are set",
        ),
        ("SLACK_SIGNING_SECRET", "secret", "", "the Slack app's signing secret"),
        (
            "SLACK_API_URL",
            "web_url",
            "",
            "the Slack Web API; default https://slack.com/api/ (GovSlack and tests point it elsewhere)",
        ),
        (
            "TEAMS_APP_ID",
            "text",
            "",
            "the Azure bot's app id; Teams is on when this, the password and the tenant are set",
        ),
        ("TEAMS_APP_PASSWORD", "secret", "", "the Azure bot's client secret"),
        ("TEAMS_TENANT_ID", "text", "", "the school's Microsoft Entra tenant"),
        ("TEAMS_OPENID_URL", "web_url", "", "Bot Framework OpenID metadata; default the public endpoint"),
        ("TEAMS_TOKEN_URL", "web_url", "", "Bot Framework token endpoint; default the public endpoint"),
        ("TEAMS_ALLOW_LOOPBACK_HTTP", "flag", "0", "1 lets Teams replies go to http on 127.0.0.1/localhost (tests)"),
    ),
    *_group(
        "operations",
        ("CLUSTER_REPLICAS", "count", "2", "`make cluster`: Rasa replicas"),
        ("CLUSTER_ACTION_SERVERS", "count", "2", "`make cluster`: action servers"),
        (
            "CLUSTER_LOG_DIR",
            "path",
            "var/cluster",
            "`make cluster`: each process's log, nginx's access log, the generated supervisord and nginx files",
        ),
        (
            "CLUSTER_RATE_LIMIT",
            "count",
            "10",
            "`make cluster`'s nginx: requests per second per client address before 429 (after the burst)",
        ),
        ("CLUSTER_RATE_BURST", "count", "50", "`make cluster`'s nginx: requests above the rate let through at once"),
        ("SENCO_TLS_CERT", "path", "", "`make cluster`'s nginx: TLS certificate chain (PEM); HTTPS with the key"),
        ("SENCO_TLS_KEY", "path", "", "`make cluster`'s nginx: the certificate's private key (PEM)"),
        ("SENCO_SOAK_MESSAGES", "count", "20000", "`make soak`: messages in all"),
        ("SENCO_SOAK_CONVERSATIONS", "count", "200", "`make soak`: conversations"),
    ),
    *_group(
        "bench",
        ("BENCH_USERS", "numbers", "20,100", "`make bench`: concurrent users, one run per number"),
        (
            "BENCH_THINK_S",
            "numbers",
            "0.5,1.5",
            "`make bench`: a simulated teacher's pause between messages, min,max seconds",
        ),
        ("BENCH_DURATION_S", "not_negative", "60", "`make bench`: seconds measured per run"),
        ("BENCH_WARMUP_S", "not_negative", "5", "`make bench`: seconds of warm-up before measuring"),
        (
            "BENCH_SIDES",
            "names",
            "baseline,project",
            "`make bench`: the sides to run (project, and baseline for the ratios)",
        ),
        ("BENCH_WORKERS", "count", "1", "`make bench`: the project's Rasa worker processes"),
        ("BENCH_REDIS_URL", "text", "redis://127.0.0.1:6379/0", "`make bench`: Redis for several workers' locks"),
        ("BENCH_ENGINE_COUNT", "count", "100000", "`make bench`: assessments timed for the rules engine figure"),
        ("BENCH_OUT", "path", "bench/results/latest.json", "`make bench`: the report file"),
        ("BENCH_ENDPOINTS", "path", "endpoints.yml", "`make bench`: the endpoints file both sides use"),
        ("BENCH_REPEAT", "count", "1", "`make bench`: paired runs; the report gives their median"),
    ),
    *_group(
        "set-up",
        ("PYTHON310", "path", "", "the Python 3.10 to build .venv with; default pyenv's newest 3.10, then python3.10"),
        ("PIP_INDEX_URL", "web_url", "", "the package index `make audit` checks for advisories and yanked releases"),
    ),
)
