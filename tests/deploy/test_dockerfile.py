"""The image (deploy/docker/Dockerfile): hadolint finds nothing, and the file builds what the rest expects: pinned
bases, a numeric non-root user, .venv as tools/ensure_venv.sh builds it, the model under tools/train.sh's name.
Nothing here builds or runs an image (no container engine on these machines)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.deploy.files import DOCKERFILE, ENTRYPOINT, ROOT, hadolint, pod_specs

TEXT = DOCKERFILE.read_text(encoding="utf-8")


def instructions(keyword: str) -> list[str]:
    """The arguments of every `KEYWORD ...` instruction, continuation lines joined."""
    joined = re.sub(r"\\\n", " ", TEXT)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.startswith(keyword + " ")]


def test_hadolint_finds_nothing_in_the_dockerfile() -> None:
    result = hadolint(DOCKERFILE)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_hadolint_fails_a_dockerfile_with_an_unpinned_apt_get(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text(TEXT + "RUN apt-get install curl\n", encoding="utf-8")
    result = hadolint(bad)
    assert result.returncode != 0
    assert "DL3008" in result.stdout


def test_base_images_are_pinned_by_exact_tag_and_digest() -> None:
    stages = set()
    for source in instructions("FROM"):
        image, *alias = source.split()
        if image in stages:
            continue
        assert re.fullmatch(r"[a-z0-9]+:\d+\.\d+\.\d+-[a-z-]+@sha256:[0-9a-f]{64}", image), image
        if alias:
            stages.add(alias[-1])
    assert any(source.startswith("python:3.10.") for source in instructions("FROM"))


def test_the_image_runs_as_a_numeric_non_root_user_the_pods_name() -> None:
    user = instructions("USER")[-1].strip()
    uid, _, gid = user.partition(":")
    assert uid.isdigit(), user
    assert int(uid) != 0
    assert f"--uid {uid}" in TEXT
    assert f"--gid {gid}" in TEXT
    for spec in pod_specs():
        assert spec["securityContext"]["runAsNonRoot"] is True
        assert spec["securityContext"]["runAsUser"] == int(uid)


def test_the_venv_is_built_as_tools_ensure_venv_builds_it() -> None:
    ensure = (ROOT / "tools" / "ensure_venv.sh").read_text(encoding="utf-8")
    pip_pin = re.search(r'"(pip==[\d.]+)"', ensure).group(1)
    assert f'"{pip_pin}"' in TEXT
    assert "-r requirements.in -c constraints.txt" in TEXT
    assert "--no-deps --no-build-isolation -e ." in TEXT
    assert "pip check" in TEXT


def test_the_model_is_trained_in_the_image_under_the_name_train_sh_prints() -> None:
    train = (ROOT / "tools" / "train.sh").read_text(encoding="utf-8")
    model_hash = (ROOT / "tools" / "model_hash.sh").read_text(encoding="utf-8")
    assert 'model="models/senco-$hash.tar.gz"' in train
    assert "cut -c1-16" in model_hash  # so the name is senco-<16 hex digits>.tar.gz
    assert "$(bash tools/train.sh | tail -n 1)" in TEXT
    assert r"'models/senco-[0-9a-f]{16}\.tar\.gz'" in TEXT
    assert "models=(models/senco-*.tar.gz)" in ENTRYPOINT.read_text(encoding="utf-8")


def test_the_web_chat_is_built_by_the_same_script_as_make_webchat() -> None:
    assert any("bash tools/build_webchat.sh" in run for run in instructions("RUN"))
    assert any("/webchat/dist" in copy for copy in instructions("COPY"))


def test_dockerignore_keeps_out_what_the_image_makes_and_local_secrets() -> None:
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".git", ".venv", "var", "models", "**/node_modules", "webchat/dist", "deploy/senco.env"} <= ignored


def _entrypoint_in(tmp_path: Path, models: int) -> subprocess.CompletedProcess[str]:
    """deploy/docker/entrypoint.sh in a scratch tree whose tools/serve_rasa.sh only prints what it was given."""
    (tmp_path / "deploy" / "docker").mkdir(parents=True)
    shutil.copy(ENTRYPOINT, tmp_path / "deploy" / "docker" / "entrypoint.sh")
    (tmp_path / "tools").mkdir()
    (tmp_path / "tools" / "serve_rasa.sh").write_text('echo "serving $1"\n', encoding="utf-8")
    (tmp_path / "models").mkdir()
    for n in range(models):
        (tmp_path / "models" / f"senco-{n:016x}.tar.gz").write_bytes(b"")
    return subprocess.run(
        ["bash", str(tmp_path / "deploy" / "docker" / "entrypoint.sh"), "rasa"],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_the_entrypoint_serves_the_one_model_in_the_image(tmp_path: Path) -> None:
    result = _entrypoint_in(tmp_path, models=1)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "serving models/senco-0000000000000000.tar.gz"


def test_the_entrypoint_refuses_to_guess_between_models(tmp_path: Path) -> None:
    result = _entrypoint_in(tmp_path, models=2)
    assert result.returncode == 2
    assert "expected exactly one models/senco-*.tar.gz, found 2" in result.stderr
