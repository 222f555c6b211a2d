"""The files shipped for a real server and for `make cluster`, checked offline: the systemd units (`systemd-analyze
verify` when the machine has it, and the keys the README promises in any case), and nginx's configuration as
deploy/nginx_conf.py renders it, accepted by `nginx -t` with and without TLS."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy.nginx_conf import Site, cluster_conf, listen_address, site_conf, tls_from
from tests.servers import ROOT

UNITS = ROOT / "deploy" / "systemd"
REQUIRED = {
    "Unit": {"Description", "After"},
    "Service": {
        "User",
        "EnvironmentFile",
        "ExecStart",
        "Restart",
        "NoNewPrivileges",
        "ProtectSystem",
        "WorkingDirectory",
    },
    "Install": {"WantedBy"},
}


def site(tmp: Path, tls: bool = False) -> Site:
    cert = key = None
    if tls:
        cert, key = tmp / "cert.pem", tmp / "key.pem"
        self_signed = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        subprocess.run(
            ["openssl", *self_signed, "-keyout", str(key), "-out", str(cert)],
            check=True,
            capture_output=True,
        )
    env = {"SENCO_TLS_CERT": str(cert or ""), "SENCO_TLS_KEY": str(key or "")}
    return Site(
        "127.0.0.1:18443",
        ["127.0.0.1:18001", "127.0.0.1:18002"],
        ["127.0.0.1:18011"],
        "127.0.0.1:18010",
        str(tmp / "access.log"),
        10,
        50,
        tls_from(env),
    )


@pytest.mark.parametrize("unit", ["senco-rasa@.service", "senco-actions@.service"])
def test_unit_has_what_the_readme_promises(unit: str) -> None:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # systemd keys are case-sensitive
    parser.read(UNITS / unit)
    for section, keys in REQUIRED.items():
        assert keys <= set(parser[section]), (unit, section, keys - set(parser[section]))
    service = parser["Service"]
    assert (service["User"], service["EnvironmentFile"]) == ("senco", "/etc/senco/senco.env")
    assert (service["Restart"], service["NoNewPrivileges"], service["ProtectSystem"]) == ("on-failure", "yes", "strict")
    assert "%i" in service["Environment"]  # the instance is the port


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed")
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path) -> None:
    instances = []
    for unit, port in (("senco-rasa@.service", 5006), ("senco-actions@.service", 5055)):
        instance = tmp_path / unit.replace("@.", f"@{port}.")
        instance.write_text((UNITS / unit).read_text())
        instances.append(str(instance))
    out = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *instances], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
    assert out.stderr.strip() == "", out.stderr  # unknown keys and bad values are only warnings


def test_rendered_site_keeps_the_api_behind_and_queries_out_of_the_log(tmp_path: Path) -> None:
    text = site_conf(site(tmp_path))
    assert "{{" not in text
    assert "ssl" not in text.split("upstream senco_actions")[0].replace("ssl_", "")
    log_format = text.split("log_format", 1)[1].split(";", 1)[0]
    assert "$uri" in log_format
    assert not re.search(r"\$(request\b|request_uri|args|query_string|http_referer|arg_)", log_format)
    proxied = re.findall(r"location\s+(\S+(?:\s+\S+)?)\s*\{[^}]*proxy_pass", text)
    assert proxied == ["/webhooks/", "/webchat/", "/socket.io/", "= /health/live", "= /webhook", "= /health"]
    assert "limit_req_status 429;" in text
    assert "hash $remote_addr consistent;" in text
    assert listen_address("::1", 5005) == "[::1]:5005"


def test_tls_needs_both_files(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="together"):
        tls_from({"SENCO_TLS_CERT": str(tmp_path / "cert.pem")})
    with pytest.raises(ValueError, match="not a readable file"):
        tls_from({"SENCO_TLS_CERT": str(tmp_path / "no.pem"), "SENCO_TLS_KEY": str(tmp_path / "no.key")})
    assert tls_from({}) is None


@pytest.mark.slow  # runs nginx (`make check` needs no nginx)
@pytest.mark.parametrize("tls", [False, True])
def test_nginx_accepts_the_rendered_configuration(tmp_path: Path, tls: bool) -> None:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is not installed: make nginx"
    conf = tmp_path / "nginx.conf"
    rendered = cluster_conf(site(tmp_path, tls), tmp_path)
    assert ("listen 127.0.0.1:18443 ssl;" in rendered) is tls
    conf.write_text(rendered)
    out = subprocess.run(
        [nginx, "-p", f"{tmp_path}/", "-c", str(conf), "-e", "stderr", "-t"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr
