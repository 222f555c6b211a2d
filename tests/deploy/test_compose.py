"""deploy/compose.yaml against the official Compose Specification schema, and what the schema cannot say: two
replicas, every wait on a health check, the contract's health paths, only nginx published, only declared settings.
No compose command runs here (no container engine on these machines)."""

from __future__ import annotations

import copy

import pytest

import senco_settings
from deploy.nginx_conf import compose_conf
from tests.deploy.files import (
    COMPOSE,
    DECLARED,
    READY,
    compose,
    compose_validator,
    env_example,
    interpolated_names,
)

IMAGE = "senco-assistant"


@pytest.fixture(scope="module")
def validator():
    return compose_validator()


def assistant_services() -> dict[str, dict]:
    """The services running this project's image (the others, PostgreSQL, Redis, nginx, have their own variables)."""
    return {name: svc for name, svc in compose()["services"].items() if svc["image"].startswith(IMAGE + ":")}


def test_the_compose_file_matches_the_compose_specification(validator) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(compose())]
    assert errors == []


@pytest.mark.parametrize(
    ("what", "change"),
    [
        ("an unknown healthcheck key", lambda c: c["services"]["rasa"]["healthcheck"].update(path="/health/ready")),
        (
            "a depends_on condition that does not exist",
            lambda c: c["services"]["rasa"]["depends_on"]["redis"].update(condition="service_ready"),
        ),
        ("replicas as text", lambda c: c["services"]["rasa"]["deploy"].update(replicas="two")),
    ],
)
def test_a_broken_copy_fails_the_schema(validator, what, change) -> None:
    broken = copy.deepcopy(compose())
    change(broken)
    assert list(validator.iter_errors(broken)), what


def test_two_rasa_replicas_and_two_action_servers() -> None:
    services = compose()["services"]
    assert services["rasa"]["deploy"]["replicas"] == 2
    assert services["actions"]["deploy"]["replicas"] == 2
    assert set(services) >= {"rasa", "actions", "postgres", "redis", "nginx"}


def test_every_dependency_waits_for_a_health_check_that_exists() -> None:
    services = compose()["services"]
    waits = [(name, dep, cond) for name, svc in services.items() for dep, cond in svc.get("depends_on", {}).items()]
    assert waits
    for name, dep, cond in waits:
        assert cond == {"condition": "service_healthy"}, (name, dep)
        assert "healthcheck" in services[dep], dep


def test_health_checks_ask_the_contracts_paths() -> None:
    services = compose()["services"]
    assert f"http://127.0.0.1:5005{READY}" in " ".join(services["rasa"]["healthcheck"]["test"])
    assert "http://127.0.0.1:5055/health'" in " ".join(services["actions"]["healthcheck"]["test"])


def test_only_nginx_is_published_with_its_configuration_mounted_read_only() -> None:
    services = compose()["services"]
    assert [name for name, svc in services.items() if "ports" in svc] == ["nginx"]
    mounts = services["nginx"]["volumes"]
    assert {"type": "bind", "source": "./nginx/compose.conf", "read_only": True}.items() <= mounts[0].items()
    mounted = (COMPOSE.parent / mounts[0]["source"]).resolve()
    assert mounted.read_text(encoding="utf-8") == compose_conf(), "run: python -m deploy.nginx_conf compose"
    assert "server rasa:5005 " in mounted.read_text(encoding="utf-8")


def test_the_assistant_runs_read_only_without_root_powers() -> None:
    for name, svc in assistant_services().items():
        assert svc["read_only"] is True, name
        assert svc["cap_drop"] == ["ALL"], name
        assert "/app/var" in svc["tmpfs"], name
        assert svc["env_file"] == ["senco.env"], name


def test_compose_names_only_declared_settings_with_usable_values() -> None:
    names = interpolated_names(COMPOSE.read_text(encoding="utf-8"))
    for svc in assistant_services().values():
        names |= set(svc.get("environment", {}))
    assert names - DECLARED == set()
    for name, svc in assistant_services().items():
        environ = {**env_example(), **{k: str(v) for k, v in svc.get("environment", {}).items()}}
        assert senco_settings.check(environ) == [], name


def test_the_env_example_names_only_declared_settings_and_holds_no_secret() -> None:
    example = env_example()
    assert set(example) - DECLARED == set()
    for name, value in example.items():
        if senco_settings.BY_NAME[name].kind == "secret":
            assert value in ("", "CHANGE-ME"), name
