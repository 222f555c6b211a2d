"""deploy/kubernetes/: every object passes kubernetes-validate (strict, Kubernetes 1.28), and what validation
cannot say: the contract's probe paths, an Ingress that routes no API path, non-root read-only pods, only declared
settings, a Secret template of placeholders. No cluster is used (none on these machines)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

import senco_settings
from tests.deploy.files import (
    API_PATHS,
    DECLARED,
    KUBERNETES,
    LIVE,
    READY,
    kubernetes_validate,
    manifest_paths,
    objects,
    of_kind,
    pod_specs,
)

CHANNEL_PATHS = {"/webhooks/", "/webchat/", "/socket.io/"}


def deployment(component: str) -> dict:
    [found] = [d for d in of_kind("Deployment") if d["metadata"]["labels"]["app.kubernetes.io/component"] == component]
    return found


def container(component: str) -> dict:
    [found] = deployment(component)["spec"]["template"]["spec"]["containers"]
    return found


def test_every_manifest_passes_kubernetes_validate_strict() -> None:
    paths = manifest_paths()
    assert len(paths) >= 8
    result = kubernetes_validate(*paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_manifest_with_an_unknown_field_fails(tmp_path: Path) -> None:
    rasa = yaml.safe_load((KUBERNETES / "rasa-deployment.yaml").read_text(encoding="utf-8"))
    rasa["spec"]["template"]["spec"]["containers"][0]["healthCheck"] = {"path": READY}
    bad = tmp_path / "rasa-deployment.yaml"
    bad.write_text(yaml.safe_dump(rasa), encoding="utf-8")
    result = kubernetes_validate(bad)
    assert result.returncode != 0
    assert "'healthCheck' was unexpected" in result.stdout + result.stderr


def test_kustomization_applies_every_manifest_but_the_secret_template() -> None:
    listed = yaml.safe_load((KUBERNETES / "kustomization.yaml").read_text(encoding="utf-8"))["resources"]
    assert sorted(listed) == sorted(p.name for p in manifest_paths() if p.name != "secret.example.yaml")


def test_rasa_probes_use_the_contracts_health_paths() -> None:
    rasa = container("rasa")
    assert rasa["startupProbe"]["httpGet"]["path"] == LIVE
    assert rasa["livenessProbe"]["httpGet"]["path"] == LIVE
    assert rasa["readinessProbe"]["httpGet"]["path"] == READY
    startup = rasa["startupProbe"]
    assert startup["periodSeconds"] * startup["failureThreshold"] >= 300  # model loading takes tens of seconds
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert rasa[probe]["httpGet"]["port"] == "http"
    assert rasa["ports"] == [{"name": "http", "containerPort": 5005}]


def test_action_server_probes_ask_its_health_route() -> None:
    actions = container("actions")
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        assert actions[probe]["httpGet"] == {"path": "/health", "port": "http"}
    assert actions["ports"] == [{"name": "http", "containerPort": 5055}]


def test_two_replicas_of_each_and_autoscaling_from_two() -> None:
    assert deployment("rasa")["spec"]["replicas"] == 2
    assert deployment("actions")["spec"]["replicas"] == 2
    targets = {h["spec"]["scaleTargetRef"]["name"]: h for h in of_kind("HorizontalPodAutoscaler")}
    assert set(targets) == {"senco-rasa", "senco-actions"}
    for hpa in targets.values():
        assert hpa["apiVersion"] == "autoscaling/v2"
        assert hpa["spec"]["minReplicas"] == 2


def _prefix_matches(prefix: str, path: str) -> bool:
    """Kubernetes `Prefix` matching: element by element, so /webhooks/ matches /webhooks/rest but not /webhooksx."""
    prefix = prefix.rstrip("/")
    return prefix == "" or path == prefix or path.startswith(prefix + "/")


def test_the_ingress_routes_the_channels_and_no_api_path() -> None:
    services = {s["metadata"]["name"] for s in of_kind("Service")}
    routed = set()
    for ingress in of_kind("Ingress"):
        for rule in ingress["spec"]["rules"]:
            for path in rule["http"]["paths"]:
                assert path["pathType"] == "Prefix"
                assert path["backend"]["service"]["name"] in services
                routed.add(path["path"])
    assert routed == CHANNEL_PATHS
    for prefix in routed:
        for api in API_PATHS:
            assert not _prefix_matches(prefix, api), (prefix, api)


def test_socketio_is_kept_on_one_replica_by_client_address_on_a_service_of_its_own() -> None:
    """By address, not cookie: the embedded widget connects without credentials, so a cookie would never be kept."""
    [socketio] = [i for i in of_kind("Ingress") if i["metadata"]["name"] == "senco-socketio"]
    notes = socketio["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/upstream-hash-by"] == "$remote_addr"
    assert "nginx.ingress.kubernetes.io/affinity" not in notes
    assert int(notes["nginx.ingress.kubernetes.io/proxy-read-timeout"]) >= 300  # WebSockets idle between messages
    [path] = socketio["spec"]["rules"][0]["http"]["paths"]
    others = [i for i in of_kind("Ingress") if i["metadata"]["name"] != "senco-socketio"]
    other_backends = {
        p["backend"]["service"]["name"] for i in others for rule in i["spec"]["rules"] for p in rule["http"]["paths"]
    }
    assert path["backend"]["service"]["name"] not in other_backends
    assert all("nginx.ingress.kubernetes.io/upstream-hash-by" not in i["metadata"]["annotations"] for i in others)


def test_pods_run_as_non_root_on_a_read_only_root_filesystem() -> None:
    for spec in pod_specs():
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["automountServiceAccountToken"] is False
        for c in spec["containers"]:
            assert c["securityContext"]["readOnlyRootFilesystem"] is True
            assert c["securityContext"]["allowPrivilegeEscalation"] is False
            assert c["securityContext"]["capabilities"]["drop"] == ["ALL"]
            mounted = {m["mountPath"] for m in c["volumeMounts"]}
            assert {"/tmp", "/home/senco"} <= mounted
    assert "/app/var" in {m["mountPath"] for m in container("rasa")["volumeMounts"]}


def test_rasa_memory_fits_the_measured_size() -> None:
    resources = container("rasa")["resources"]
    assert resources["limits"]["memory"] == "1Gi"
    assert resources["requests"]["memory"] == "800Mi"


def test_every_container_runs_the_one_image_in_a_known_role() -> None:
    containers = [c for spec in pod_specs() for c in spec["containers"]]
    assert len({c["image"] for c in containers}) == 1
    assert sorted(c["args"][0] for c in containers) == ["actions", "rasa", "retention"]


def _settings() -> dict[str, str]:
    [config] = of_kind("ConfigMap")
    [secret] = of_kind("Secret")
    return {**config["data"], **secret["stringData"]}


def test_manifests_name_only_declared_settings_with_usable_values() -> None:
    names = set(_settings())
    for spec in pod_specs():
        for c in spec["containers"]:
            names |= {e["name"] for e in c.get("env", [])}
    assert names - DECLARED == set()
    assert senco_settings.check(_settings()) == []


def test_rasa_calls_the_action_servers_service() -> None:
    url = urlsplit(_settings()["ACTION_ENDPOINT_URL"])
    [actions] = [s for s in of_kind("Service") if s["metadata"]["name"] == url.hostname]
    assert actions["spec"]["ports"][0]["port"] == url.port
    assert actions["spec"]["selector"] == deployment("actions")["spec"]["selector"]["matchLabels"]


def test_the_secret_template_holds_placeholders_only() -> None:
    [secret] = objects(KUBERNETES / "secret.example.yaml")
    for name, value in secret["stringData"].items():
        assert value == "" or "CHANGE-ME" in value, name
    assert {"DB_URL", "REDIS_URL", "RASA_TOKEN", "SLACK_TOKEN", "TEAMS_APP_PASSWORD"} <= set(secret["stringData"])


def test_only_rasa_pods_may_call_the_action_servers() -> None:
    [policy] = of_kind("NetworkPolicy")
    assert policy["spec"]["podSelector"]["matchLabels"] == deployment("actions")["spec"]["selector"]["matchLabels"]
    [rule] = policy["spec"]["ingress"]
    assert rule["from"] == [{"podSelector": {"matchLabels": deployment("rasa")["spec"]["selector"]["matchLabels"]}}]
